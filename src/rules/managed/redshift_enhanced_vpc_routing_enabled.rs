use crate::rules::prelude::*;
use crate::rules::support::more::flag_verdict;

declare_managed_rule! {
    /// Whether Redshift clusters have enhanced VPC routing enabled.
    ///
    /// ## What it checks
    /// The cluster's `enhancedVpcRouting`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `enhancedVpcRouting` is false or missing. Evidence:
    ///   `$.configuration.enhancedVpcRouting`.
    /// - `COMPLIANT`: `enhancedVpcRouting` is true.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/redshift-enhanced-vpc-routing-enabled.html>
    pub RedshiftEnhancedVpcRoutingEnabled {
        identifier: "REDSHIFT_ENHANCED_VPC_ROUTING_ENABLED",
        name: "redshift-enhanced-vpc-routing-enabled",
        resource_types: &["AWS::Redshift::Cluster"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for RedshiftEnhancedVpcRoutingEnabled {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        flag_verdict(item, &["enhancedVpcRouting", "EnhancedVpcRouting"], "enhanced VPC routing")
    }
}
