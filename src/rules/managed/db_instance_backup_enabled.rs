use crate::rules::prelude::*;
use crate::rules::support::kms::non_blank;
use crate::rules::support::{as_int, config_path};

declare_managed_rule! {
    /// Whether RDS DB instances have automated backups enabled (optionally with a given
    /// retention and backup window).
    ///
    /// ## What it checks
    /// `backupRetentionPeriod` must be above 0; with parameters it must also equal
    /// `backupRetentionPeriod`, be at least `backupRetentionMinimum`, and
    /// `preferredBackupWindow` must equal the parameter.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: backups are disabled (retention 0 or missing), or a given
    ///   parameter is not met. Evidence: the field and its value.
    /// - `COMPLIANT`: backups are enabled and every given parameter is met.
    /// - `NOT_APPLICABLE`: the instance is a read replica
    ///   (`readReplicaSourceDBInstanceIdentifier` or
    ///   `readReplicaSourceDBClusterIdentifier` set) and `checkReadReplicas` is not true;
    ///   or the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS does not document the default of `checkReadReplicas`; like Security Hub's
    /// RDS.11 control (which uses this rule with `checkReadReplicas` false) we leave read
    /// replicas out unless it is true. `backupRetentionPeriod` is an exact match,
    /// `backupRetentionMinimum` a lower bound.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/db-instance-backup-enabled.html>
    pub DbInstanceBackupEnabled {
        identifier: "DB_INSTANCE_BACKUP_ENABLED",
        name: "db-instance-backup-enabled",
        resource_types: &["AWS::RDS::DBInstance"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("read replicas are NOT_APPLICABLE unless checkReadReplicas is true"),
        needs: &[],
        parameters: &[
            ParamSpec::int("backupRetentionPeriod").range(1, 35).doc("Required retention period for backups, in days."),
            ParamSpec::int("backupRetentionMinimum").range(1, 35).doc("Minimum retention period for backups, in days."),
            ParamSpec::string("preferredBackupWindow").doc("Required daily backup window, e.g. 03:30-04:00."),
            ParamSpec::bool("checkReadReplicas").doc("Whether read replicas are checked too."),
        ],
    }
}

impl Evaluate for DbInstanceBackupEnabled {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let params = cx.params();
        let source = ["readReplicaSourceDBInstanceIdentifier", "readReplicaSourceDBClusterIdentifier"]
            .iter()
            .find_map(|k| non_blank(item.config_at(k)));
        if let Some(source) = source
            && params.bool("checkReadReplicas") != Some(true)
        {
            return Verdict::not_applicable(format!(
                "read replica of {source}; read replicas are checked only with checkReadReplicas"
            ));
        }
        let retention_value = item.config_at("backupRetentionPeriod");
        let retention = as_int(retention_value).unwrap_or(0);
        let evidence = || Evidence::at(config_path("backupRetentionPeriod"), retention_value.clone());
        if retention <= 0 {
            return Verdict::non_compliant(
                format!("automated backups are disabled (backupRetentionPeriod: {retention_value})"),
                evidence(),
            );
        }
        if let Some(want) = params.int("backupRetentionPeriod")
            && retention != want
        {
            return Verdict::non_compliant(
                format!("backup retention is {retention} days, required {want}"),
                evidence(),
            );
        }
        if let Some(min) = params.int("backupRetentionMinimum")
            && retention < min
        {
            return Verdict::non_compliant(
                format!("backup retention is {retention} days, below the minimum of {min}"),
                evidence(),
            );
        }
        if let Some(want) = params.str("preferredBackupWindow").map(str::trim) {
            let window = item.config_at("preferredBackupWindow");
            if window.as_str().map(str::trim) != Some(want) {
                return Verdict::non_compliant(
                    format!("the backup window is {window}, required {want}"),
                    Evidence::at(config_path("preferredBackupWindow"), window.clone()),
                );
            }
        }
        Verdict::compliant(format!("automated backups are enabled ({retention} days)"))
    }
}
