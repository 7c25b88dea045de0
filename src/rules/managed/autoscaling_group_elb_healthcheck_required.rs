use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::elb::{asg_has_load_balancer, asg_uses_elb_health_check};

declare_managed_rule! {
    /// Whether Auto Scaling groups attached to a load balancer use ELB health checks.
    ///
    /// ## What it checks
    /// For an Auto Scaling group with a Classic Load Balancer (`loadBalancerNames`), a
    /// target group (`targetGroupARNs`) or an ELB traffic source (`trafficSources`), its
    /// `healthCheckType`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the group is attached to a load balancer and `healthCheckType`
    ///   does not include `ELB`. Evidence: `healthCheckType`.
    /// - `COMPLIANT`: the group uses ELB health checks.
    /// - `NOT_APPLICABLE`: the group has no load balancer; a deleted item.
    ///
    /// ## Differences from AWS
    /// AWS does not say what a group without a load balancer gets; we answer
    /// NOT_APPLICABLE. A comma-separated `healthCheckType` (`ELB,VPC_LATTICE`) passes when
    /// one of its values is `ELB`.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/autoscaling-group-elb-healthcheck-required.html>
    pub AutoscalingGroupElbHealthcheckRequired {
        identifier: "AUTOSCALING_GROUP_ELB_HEALTHCHECK_REQUIRED",
        name: "autoscaling-group-elb-healthcheck-required",
        resource_types: &["AWS::AutoScaling::AutoScalingGroup"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("groups without a load balancer are NOT_APPLICABLE"),
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for AutoscalingGroupElbHealthcheckRequired {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        if !asg_has_load_balancer(item) {
            return Verdict::not_applicable("the group is not attached to a load balancer");
        }
        let kind = item.config_at("healthCheckType").as_str().unwrap_or("");
        if asg_uses_elb_health_check(item) {
            Verdict::compliant(format!("healthCheckType is {kind}"))
        } else {
            Verdict::non_compliant(
                format!("the group has a load balancer but healthCheckType is {kind:?}, not ELB"),
                Evidence::at(config_path("healthCheckType"), kind),
            )
        }
    }
}
