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
    autoscaling_group_elb_healthcheck_required::AutoscalingGroupElbHealthcheckRequired,
    autoscaling_launch_config_public_ip_disabled::AutoscalingLaunchConfigPublicIpDisabled,
    clb_multiple_az::ClbMultipleAz,
    ec2_instance_managed_by_systems_manager::Ec2InstanceManagedBySystemsManager,
    ec2_instance_no_public_ip::Ec2InstanceNoPublicIp,
    ec2_instance_profile_attached::Ec2InstanceProfileAttached,
    ec2_instances_in_vpc::Ec2InstancesInVpc,
    ec2_managedinstance_association_compliance_status_check::Ec2ManagedinstanceAssociationComplianceStatusCheck,
    ec2_managedinstance_patch_compliance_status_check::Ec2ManagedinstancePatchComplianceStatusCheck,
    ec2_security_group_attached_to_eni::Ec2SecurityGroupAttachedToEni,
    ec2_security_group_attached_to_eni_periodic::Ec2SecurityGroupAttachedToEniPeriodic,
    ec2_stopped_instance::Ec2StoppedInstance,
    ec2_volume_inuse_check::Ec2VolumeInuseCheck,
    eip_attached::EipAttached,
    elasticsearch_in_vpc_only::ElasticsearchInVpcOnly,
    elb_cross_zone_load_balancing_enabled::ElbCrossZoneLoadBalancingEnabled,
    elb_deletion_protection_enabled::ElbDeletionProtectionEnabled,
    iam_no_inline_policy_check::IamNoInlinePolicyCheck,
    iam_policy_in_use::IamPolicyInUse,
    iam_policy_no_statements_with_admin_access::IamPolicyNoStatementsWithAdminAccess,
    iam_policy_no_statements_with_full_access::IamPolicyNoStatementsWithFullAccess,
    iam_user_group_membership_check::IamUserGroupMembershipCheck,
    iam_user_no_policies_check::IamUserNoPoliciesCheck,
    internet_gateway_authorized_vpc_only::InternetGatewayAuthorizedVpcOnly,
    lambda_function_public_access_prohibited::LambdaFunctionPublicAccessProhibited,
    nacl_no_unrestricted_ssh_rdp::NaclNoUnrestrictedSshRdp,
    no_unrestricted_route_to_igw::NoUnrestrictedRouteToIgw,
    rds_instance_public_access_check::RdsInstancePublicAccessCheck,
    rds_snapshots_public_prohibited::RdsSnapshotsPublicProhibited,
    redshift_cluster_public_access_check::RedshiftClusterPublicAccessCheck,
    required_tags::RequiredTags,
    restricted_common_ports::RestrictedCommonPorts,
    restricted_ssh::RestrictedSsh,
    subnet_auto_assign_public_ip_disabled::SubnetAutoAssignPublicIpDisabled,
    ta_aurora_db_instance_accessibility::TaAuroraDbInstanceAccessibility,
    ta_auto_scaling_group_health_check::TaAutoScalingGroupHealthCheck,
    ta_elb_connection_draining::TaElbConnectionDraining,
    ta_elb_security_groups::TaElbSecurityGroups,
    ta_iam_use::TaIamUse,
    ta_idle_load_balancers::TaIdleLoadBalancers,
    ta_load_balancer_optimization::TaLoadBalancerOptimization,
    ta_rds_backups::TaRdsBackups,
    ta_rds_multi_az::TaRdsMultiAz,
    ta_rds_public_snapshots::TaRdsPublicSnapshots,
    ta_rds_security_group_access_risk::TaRdsSecurityGroupAccessRisk,
    ta_security_groups_specific_ports_unrestricted::TaSecurityGroupsSpecificPortsUnrestricted,
    ta_security_groups_unrestricted_access::TaSecurityGroupsUnrestrictedAccess,
    ta_unassociated_elastic_ip_addresses::TaUnassociatedElasticIpAddresses,
    ta_underutilized_ebs_volumes::TaUnderutilizedEbsVolumes,
    vpc_default_security_group_closed::VpcDefaultSecurityGroupClosed,
    vpc_network_acl_unused_check::VpcNetworkAclUnusedCheck,
    vpc_sg_open_only_to_authorized_ports::VpcSgOpenOnlyToAuthorizedPorts,
    vpc_sg_port_restriction_check::VpcSgPortRestrictionCheck,
    vpc_vpn_2_tunnels_up::VpcVpn2TunnelsUp,
}
