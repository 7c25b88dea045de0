//! The registry of built-in rules with logic: one line per rule, sorted by file name.
//! A test checks the order, uniqueness and that each file is named after its rule.

use super::ManagedRule;

macro_rules! managed_rules {
    ($($module:ident :: $rule:ident),* $(,)?) => {
        $( pub mod $module; )*

        /// Every rule with logic, in file-name order.
        pub static ALL: &[&dyn ManagedRule] = &[$( &$module::$rule ),*];
    };
}

managed_rules! {
    autoscaling_launch_config_public_ip_disabled::AutoscalingLaunchConfigPublicIpDisabled,
    ec2_instance_no_public_ip::Ec2InstanceNoPublicIp,
    ec2_instances_in_vpc::Ec2InstancesInVpc,
    ec2_security_group_attached_to_eni::Ec2SecurityGroupAttachedToEni,
    ec2_security_group_attached_to_eni_periodic::Ec2SecurityGroupAttachedToEniPeriodic,
    elasticsearch_in_vpc_only::ElasticsearchInVpcOnly,
    internet_gateway_authorized_vpc_only::InternetGatewayAuthorizedVpcOnly,
    lambda_function_public_access_prohibited::LambdaFunctionPublicAccessProhibited,
    nacl_no_unrestricted_ssh_rdp::NaclNoUnrestrictedSshRdp,
    no_unrestricted_route_to_igw::NoUnrestrictedRouteToIgw,
    rds_instance_public_access_check::RdsInstancePublicAccessCheck,
    rds_snapshots_public_prohibited::RdsSnapshotsPublicProhibited,
    redshift_cluster_public_access_check::RedshiftClusterPublicAccessCheck,
    restricted_common_ports::RestrictedCommonPorts,
    restricted_ssh::RestrictedSsh,
    subnet_auto_assign_public_ip_disabled::SubnetAutoAssignPublicIpDisabled,
    ta_elb_security_groups::TaElbSecurityGroups,
    ta_rds_security_group_access_risk::TaRdsSecurityGroupAccessRisk,
    ta_security_groups_specific_ports_unrestricted::TaSecurityGroupsSpecificPortsUnrestricted,
    ta_security_groups_unrestricted_access::TaSecurityGroupsUnrestrictedAccess,
    vpc_default_security_group_closed::VpcDefaultSecurityGroupClosed,
    vpc_network_acl_unused_check::VpcNetworkAclUnusedCheck,
    vpc_sg_open_only_to_authorized_ports::VpcSgOpenOnlyToAuthorizedPorts,
    vpc_sg_port_restriction_check::VpcSgPortRestrictionCheck,
}
