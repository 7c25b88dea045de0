use crate::rules::prelude::*;
use crate::rules::support::elb::clb_attribute_enabled;
use crate::rules::support::supplementary_path;

declare_managed_rule! {
    /// Trusted Advisor "ELB Connection Draining": Classic Load Balancers without
    /// connection draining.
    ///
    /// ## What it checks
    /// `supplementaryConfiguration.LoadBalancerAttributes.connectionDraining.enabled` of
    /// an `AWS::ElasticLoadBalancing::LoadBalancer`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT` (yellow, severity medium): connection draining is disabled.
    ///   Evidence: the flag.
    /// - `COMPLIANT`: connection draining is enabled.
    /// - `NOT_APPLICABLE`: a deleted item.
    /// - `INSUFFICIENT_DATA`: the item does not record the attribute.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/awssupport/latest/user/fault-tolerance-checks.html>
    pub TaElbConnectionDraining {
        identifier: "TA_ELB_CONNECTION_DRAINING",
        name: "ta-elb-connection-draining",
        resource_types: &["AWS::ElasticLoadBalancing::LoadBalancer"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for TaElbConnectionDraining {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        match clb_attribute_enabled(item, "connectionDraining") {
            Some(true) => Verdict::compliant("connection draining is enabled"),
            Some(false) => Verdict::non_compliant(
                "connection draining is not enabled",
                Evidence::at(
                    supplementary_path("LoadBalancerAttributes.connectionDraining.enabled"),
                    false,
                ),
            )
            .with_severity(Severity::Medium),
            None => Verdict::insufficient_data(
                "the item does not record LoadBalancerAttributes.connectionDraining",
            ),
        }
    }
}
