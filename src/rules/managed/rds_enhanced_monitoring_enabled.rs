use crate::rules::prelude::*;
use crate::rules::support::more::config_field;
use crate::rules::support::{as_int, config_path};

declare_managed_rule! {
    /// Whether enhanced monitoring is enabled on RDS DB instances (optionally at a given
    /// interval).
    ///
    /// ## What it checks
    /// The instance's `monitoringInterval` (seconds between enhanced monitoring points;
    /// 0 means off), and, when `monitoringInterval` is given, whether it equals it.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `monitoringInterval` is 0 or missing, or differs from the
    ///   parameter. Evidence: `$.configuration.monitoringInterval`.
    /// - `COMPLIANT`: enhanced monitoring is on (at the given interval).
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/rds-enhanced-monitoring-enabled.html>
    pub RdsEnhancedMonitoringEnabled {
        identifier: "RDS_ENHANCED_MONITORING_ENABLED",
        name: "rds-enhanced-monitoring-enabled",
        resource_types: &["AWS::RDS::DBInstance"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[
            ParamSpec::int("monitoringInterval").doc("An integer value in seconds between points when enhanced monitoring metrics are collected for the database instance. The valid values are 1, 5, 10, 15, 30, and 60."),
        ],
    }
}

impl Evaluate for RdsEnhancedMonitoringEnabled {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let (path, interval) = config_field(item, &["monitoringInterval", "MonitoringInterval"]);
        let seconds = as_int(interval).unwrap_or(0);
        if seconds <= 0 {
            return Verdict::non_compliant(
                format!("enhanced monitoring is off (monitoringInterval: {interval})"),
                Evidence::at(config_path(path), interval.clone()),
            );
        }
        match cx.params().int("monitoringInterval") {
            Some(wanted) if wanted != seconds => Verdict::non_compliant(
                format!("enhanced monitoring runs every {seconds} s, not every {wanted} s"),
                Evidence::at(config_path(path), interval.clone()),
            ),
            _ => Verdict::compliant(format!("enhanced monitoring runs every {seconds} s")),
        }
    }
}
