use crate::rules::prelude::*;
use crate::rules::support::more::flag_verdict;

declare_managed_rule! {
    /// Whether Aurora and Multi-AZ RDS DB clusters have Multi-AZ enabled.
    ///
    /// ## What it checks
    /// The DB cluster's `multiAZ` property (true when the cluster has DB instances in
    /// more than one Availability Zone).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `multiAZ` is false or missing. Evidence:
    ///   `$.configuration.multiAZ`.
    /// - `COMPLIANT`: `multiAZ` is true.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/rds-cluster-multi-az-enabled.html>
    pub RdsClusterMultiAzEnabled {
        identifier: "RDS_CLUSTER_MULTI_AZ_ENABLED",
        name: "rds-cluster-multi-az-enabled",
        resource_types: &["AWS::RDS::DBCluster"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for RdsClusterMultiAzEnabled {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        flag_verdict(item, &["multiAZ", "MultiAZ"], "Multi-AZ")
    }
}
