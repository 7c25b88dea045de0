use crate::rules::prelude::*;
use crate::rules::support::elb::clb_attribute_enabled;
use crate::rules::support::supplementary_path;

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

const PATH: &str = "LoadBalancerAttributes.crossZoneLoadBalancing.enabled";

impl Evaluate for ElbCrossZoneLoadBalancingEnabled {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        match clb_attribute_enabled(item, "crossZoneLoadBalancing") {
            Some(true) => Verdict::compliant("cross-zone load balancing is enabled"),
            Some(false) => Verdict::non_compliant(
                "cross-zone load balancing is disabled",
                Evidence::at(supplementary_path(PATH), false),
            ),
            None => Verdict::insufficient_data(
                "the item does not record LoadBalancerAttributes.crossZoneLoadBalancing",
            ),
        }
    }
}
