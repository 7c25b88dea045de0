use crate::rules::prelude::*;
use crate::rules::support::field::{Field, Unset, require_bool};

declare_managed_rule! {
    /// Whether Classic Load Balancers have cross-zone load balancing enabled.
    ///
    /// ## What it checks
    /// `supplementaryConfiguration.LoadBalancerAttributes.crossZoneLoadBalancing.enabled`
    /// of an `AWS::ElasticLoadBalancing::LoadBalancer`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the value is `false`. Evidence: the value.
    /// - `COMPLIANT`: the value is `true`.
    /// - `NOT_APPLICABLE`: a deleted item.
    /// - `INSUFFICIENT_DATA`: the item does not record the attribute.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/elb-cross-zone-load-balancing-enabled.html>
    pub ElbCrossZoneLoadBalancingEnabled {
        identifier: "ELB_CROSS_ZONE_LOAD_BALANCING_ENABLED",
        name: "elb-cross-zone-load-balancing-enabled",
        resource_types: &["AWS::ElasticLoadBalancing::LoadBalancer"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for ElbCrossZoneLoadBalancingEnabled {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        require_bool(
            &Field::supplementary(item, "LoadBalancerAttributes.crossZoneLoadBalancing.enabled"),
            true,
            Unset::Unknown,
            "cross-zone load balancing is enabled",
            "cross-zone load balancing is disabled",
        )
    }
}
