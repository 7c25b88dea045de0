use crate::rules::prelude::*;
use crate::rules::support::{as_int, config_path};

declare_managed_rule! {
    /// Whether Redshift clusters have automated snapshots enabled with a retention in
    /// the given range.
    ///
    /// ## What it checks
    /// `configuration.automatedSnapshotRetentionPeriod` must be above 0, at least
    /// `MinRetentionPeriod` and at most `MaxRetentionPeriod` when they are given.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the retention is 0 or missing, below `MinRetentionPeriod` or
    ///   above `MaxRetentionPeriod`. Evidence: `$.configuration.automatedSnapshotRetentionPeriod`.
    /// - `COMPLIANT`: otherwise.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/redshift-backup-enabled.html>
    pub RedshiftBackupEnabled {
        identifier: "REDSHIFT_BACKUP_ENABLED",
        name: "redshift-backup-enabled",
        resource_types: &["AWS::Redshift::Cluster"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[
            ParamSpec::int("MinRetentionPeriod").range(1, 35).doc("Minimum snapshot retention period in days."),
            ParamSpec::int("MaxRetentionPeriod").range(1, 35).doc("Maximum snapshot retention period in days."),
        ],
    }
}

impl Evaluate for RedshiftBackupEnabled {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let value = item.config_at("automatedSnapshotRetentionPeriod");
        let evidence = || Evidence::at(config_path("automatedSnapshotRetentionPeriod"), value.clone());
        let retention = as_int(value).unwrap_or(0);
        if retention <= 0 {
            return Verdict::non_compliant(
                format!("automated snapshots are disabled (automatedSnapshotRetentionPeriod: {value})"),
                evidence(),
            );
        }
        if let Some(min) = cx.params().int("MinRetentionPeriod")
            && retention < min
        {
            return Verdict::non_compliant(
                format!("snapshots are kept {retention} days, below MinRetentionPeriod {min}"),
                evidence(),
            );
        }
        if let Some(max) = cx.params().int("MaxRetentionPeriod")
            && retention > max
        {
            return Verdict::non_compliant(
                format!("snapshots are kept {retention} days, above MaxRetentionPeriod {max}"),
                evidence(),
            );
        }
        Verdict::compliant(format!("automated snapshots are kept {retention} days"))
    }
}
