use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::elb::{asg_has_load_balancer, asg_uses_elb_health_check};

declare_managed_rule! {
    /// Trusted Advisor "Auto Scaling Group Health Check": the ELB health check must match
    /// whether the group has a load balancer.
    ///
    /// ## What it checks
    /// An Auto Scaling group's load balancers (`loadBalancerNames`, `targetGroupARNs`,
    /// ELB `trafficSources`) against its `healthCheckType`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT` (yellow, severity medium): the group has a load balancer but no
    ///   ELB health check, or has no load balancer but uses the ELB health check.
    ///   Evidence: `healthCheckType`.
    /// - `COMPLIANT`: ELB health checks exactly when a load balancer is attached.
    /// - `NOT_APPLICABLE`: a deleted item.
    ///
    /// ## Differences from AWS
    /// Unlike `autoscaling-group-elb-healthcheck-required`, this Trusted Advisor check
    /// also flags the second case, and evaluates groups without a load balancer.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/awssupport/latest/user/fault-tolerance-checks.html>
    pub TaAutoScalingGroupHealthCheck {
        identifier: "TA_AUTO_SCALING_GROUP_HEALTH_CHECK",
        name: "ta-auto-scaling-group-health-check",
        resource_types: &["AWS::AutoScaling::AutoScalingGroup"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for TaAutoScalingGroupHealthCheck {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let kind = item.config_at("healthCheckType").as_str().unwrap_or("");
        let evidence = || Evidence::at(config_path("healthCheckType"), kind);
        match (asg_has_load_balancer(item), asg_uses_elb_health_check(item)) {
            (true, true) => Verdict::compliant(format!("load balancer attached and healthCheckType {kind}")),
            (false, false) => Verdict::compliant(format!("no load balancer and healthCheckType {kind}")),
            (true, false) => Verdict::non_compliant(
                format!("the group has a load balancer but healthCheckType is {kind:?}"),
                evidence(),
            )
            .with_severity(Severity::Medium),
            (false, true) => Verdict::non_compliant(
                format!("the group has no load balancer but healthCheckType is {kind:?}"),
                evidence(),
            )
            .with_severity(Severity::Medium),
        }
    }
}
