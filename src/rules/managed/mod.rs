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
    clb_multiple_az::ClbMultipleAz,
    ec2_instance_managed_by_systems_manager::Ec2InstanceManagedBySystemsManager,
    ec2_instance_profile_attached::Ec2InstanceProfileAttached,
    ec2_managedinstance_association_compliance_status_check::Ec2ManagedinstanceAssociationComplianceStatusCheck,
    ec2_managedinstance_patch_compliance_status_check::Ec2ManagedinstancePatchComplianceStatusCheck,
    ec2_stopped_instance::Ec2StoppedInstance,
    ec2_volume_inuse_check::Ec2VolumeInuseCheck,
    eip_attached::EipAttached,
    elb_cross_zone_load_balancing_enabled::ElbCrossZoneLoadBalancingEnabled,
    elb_deletion_protection_enabled::ElbDeletionProtectionEnabled,
    iam_no_inline_policy_check::IamNoInlinePolicyCheck,
    iam_policy_in_use::IamPolicyInUse,
    iam_policy_no_statements_with_admin_access::IamPolicyNoStatementsWithAdminAccess,
    iam_policy_no_statements_with_full_access::IamPolicyNoStatementsWithFullAccess,
    iam_user_group_membership_check::IamUserGroupMembershipCheck,
    iam_user_no_policies_check::IamUserNoPoliciesCheck,
    required_tags::RequiredTags,
    restricted_ssh::RestrictedSsh,
    ta_aurora_db_instance_accessibility::TaAuroraDbInstanceAccessibility,
    ta_auto_scaling_group_health_check::TaAutoScalingGroupHealthCheck,
    ta_elb_connection_draining::TaElbConnectionDraining,
    ta_iam_use::TaIamUse,
    ta_idle_load_balancers::TaIdleLoadBalancers,
    ta_load_balancer_optimization::TaLoadBalancerOptimization,
    ta_rds_backups::TaRdsBackups,
    ta_rds_multi_az::TaRdsMultiAz,
    ta_rds_public_snapshots::TaRdsPublicSnapshots,
    ta_unassociated_elastic_ip_addresses::TaUnassociatedElasticIpAddresses,
    ta_underutilized_ebs_volumes::TaUnderutilizedEbsVolumes,
    vpc_vpn_2_tunnels_up::VpcVpn2TunnelsUp,
}
