use crate::rules::prelude::*;
use crate::rules::support::config_path;

declare_managed_rule! {
    /// Whether detailed (one-minute) CloudWatch monitoring is enabled on EC2 instances.
    ///
    /// ## What it checks
    /// The instance's `monitoring.state`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `monitoring.state` is `disabled`, `disabling` or missing.
    ///   Evidence: `$.configuration.monitoring.state`.
    /// - `COMPLIANT`: `monitoring.state` is `enabled` (or `pending`, being enabled).
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS does not say how the transitional states count; `pending` (being enabled)
    /// is COMPLIANT and `disabling` NON_COMPLIANT.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/ec2-instance-detailed-monitoring-enabled.html>
    pub Ec2InstanceDetailedMonitoringEnabled {
        identifier: "EC2_INSTANCE_DETAILED_MONITORING_ENABLED",
        name: "ec2-instance-detailed-monitoring-enabled",
        resource_types: &["AWS::EC2::Instance"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("the pending state counts as enabled"),
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for Ec2InstanceDetailedMonitoringEnabled {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let state = item.config_at("monitoring.state");
        match state.as_str() {
            Some(s) if s.eq_ignore_ascii_case("enabled") || s.eq_ignore_ascii_case("pending") => {
                Verdict::compliant(format!("detailed monitoring is {s}"))
            }
            _ => Verdict::non_compliant(
                format!("detailed monitoring is not enabled (monitoring.state: {state})"),
                Evidence::at(config_path("monitoring.state"), state.clone()),
            ),
        }
    }
}
