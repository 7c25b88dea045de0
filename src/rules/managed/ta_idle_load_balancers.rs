use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::elb::clb_instance_ids;

declare_managed_rule! {
    /// Trusted Advisor "Idle Load Balancers", configuration half: Classic Load Balancers
    /// with no back-end instances.
    ///
    /// ## What it checks
    /// The registered instances of an `AWS::ElasticLoadBalancing::LoadBalancer`
    /// (`configuration.instances[]`).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT` (yellow, severity medium): no instance is registered. Evidence:
    ///   `instances`.
    /// - `COMPLIANT`: at least one instance is registered.
    /// - `NOT_APPLICABLE`: a deleted item.
    ///
    /// ## Differences from AWS
    /// Trusted Advisor also flags load balancers with no healthy instance and those with
    /// fewer than 100 requests a day over 7 days; both need metrics. AWS Config omits
    /// `instances` when the list is empty, so a missing list counts as no instances.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/awssupport/latest/user/cost-optimization-checks.html>
    pub TaIdleLoadBalancers {
        identifier: "TA_IDLE_LOAD_BALANCERS",
        name: "ta-idle-load-balancers",
        resource_types: &["AWS::ElasticLoadBalancing::LoadBalancer"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("only the no-back-end-instances half; health and traffic need metrics"),
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for TaIdleLoadBalancers {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let instances = clb_instance_ids(item);
        if instances.is_empty() {
            Verdict::non_compliant(
                "the load balancer has no registered back-end instances",
                Evidence::at(config_path("instances"), json!([])),
            )
            .with_severity(Severity::Medium)
        } else {
            Verdict::compliant(format!("{} back-end instance(s) registered", instances.len()))
        }
    }
}
