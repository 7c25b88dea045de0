use crate::rules::prelude::*;
use crate::rules::support::field::{Field, Unset, require_bool};

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
        let verdict = require_bool(
            &Field::supplementary(item, "LoadBalancerAttributes.connectionDraining.enabled"),
            true,
            Unset::Unknown,
            "connection draining is enabled",
            "connection draining is not enabled",
        );
        if verdict.compliance == Compliance::NonCompliant {
            verdict.with_severity(Severity::Medium)
        } else {
            verdict
        }
    }
}
