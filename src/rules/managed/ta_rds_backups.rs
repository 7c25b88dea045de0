use crate::rules::prelude::*;
use crate::rules::support::{as_int, config_path};

declare_managed_rule! {
    /// Trusted Advisor "Amazon RDS Backups": DB instances with automated backups off.
    ///
    /// ## What it checks
    /// The DB instance's `backupRetentionPeriod`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT` (red, severity high): the retention period is 0 days. Evidence:
    ///   `backupRetentionPeriod`.
    /// - `COMPLIANT`: the retention period is at least 1 day.
    /// - `NOT_APPLICABLE`: a deleted item.
    /// - `INSUFFICIENT_DATA`: the item has no `backupRetentionPeriod`.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/awssupport/latest/user/fault-tolerance-checks.html>
    pub TaRdsBackups {
        identifier: "TA_RDS_BACKUPS",
        name: "ta-rds-backups",
        resource_types: &["AWS::RDS::DBInstance"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::High,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for TaRdsBackups {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        match as_int(item.config_at("backupRetentionPeriod")) {
            Some(0) => Verdict::non_compliant(
                "automated backups are off (backupRetentionPeriod 0)",
                Evidence::at(config_path("backupRetentionPeriod"), 0),
            )
            .with_severity(Severity::High),
            Some(days) => Verdict::compliant(format!("backups are kept {days} day(s)")),
            None => Verdict::insufficient_data("the item has no backupRetentionPeriod"),
        }
    }
}
