use crate::rules::prelude::*;
use crate::rules::support::field::{Field, Unset, require_bool};

declare_managed_rule! {
    /// Whether RDS DB snapshots and DB cluster snapshots are encrypted.
    ///
    /// ## What it checks
    /// `configuration.encrypted` of an `AWS::RDS::DBSnapshot`, `storageEncrypted` of an
    /// `AWS::RDS::DBClusterSnapshot` (either key is read for both types).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the snapshot is not encrypted (the key is false or missing).
    ///   Evidence: the key and its value.
    /// - `COMPLIANT`: the snapshot is encrypted.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS does not name the cluster-snapshot field; sample `AWS::RDS::DBClusterSnapshot`
    /// items carry `storageEncrypted` (as the RDS API does), DB snapshots `encrypted`. We
    /// read the type's usual key first and fall back to the other.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/rds-snapshot-encrypted.html>
    pub RdsSnapshotEncrypted {
        identifier: "RDS_SNAPSHOT_ENCRYPTED",
        name: "rds-snapshot-encrypted",
        resource_types: &["AWS::RDS::DBSnapshot", "AWS::RDS::DBClusterSnapshot"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for RdsSnapshotEncrypted {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let primary = if item.resource_type() == "AWS::RDS::DBClusterSnapshot" {
            ["storageEncrypted", "encrypted"]
        } else {
            ["encrypted", "storageEncrypted"]
        };
        let found = primary
            .iter()
            .find(|k| !item.config_at(k).is_null())
            .copied();
        require_bool(
            &Field::config(item, found.unwrap_or(primary[0])),
            true,
            Unset::Fails,
            "the snapshot is encrypted",
            "the snapshot is not encrypted",
        )
    }
}
