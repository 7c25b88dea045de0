use crate::rules::prelude::*;
use crate::rules::support::field::Field;
use crate::rules::support::kms::encryption_verdict;

declare_managed_rule! {
    /// Whether RDS DB instances have storage encryption enabled (optionally with a given
    /// KMS key).
    ///
    /// ## What it checks
    /// Whether `storageEncrypted` is true, and, when `kmsKeyId` is given, whether the
    /// instance's `kmsKeyId` is that key.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `storageEncrypted` is false or missing; or `kmsKeyId` is given
    ///   and the instance uses another key (key ids, ARNs and aliases are compared after
    ///   resolving aliases through the input's `AWS::KMS::Alias` items). Evidence:
    ///   `$.configuration.storageEncrypted` or `$.configuration.kmsKeyId`.
    /// - `COMPLIANT`: storage is encrypted (with the required key when given).
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/rds-storage-encrypted.html>
    pub RdsStorageEncrypted {
        identifier: "RDS_STORAGE_ENCRYPTED",
        name: "rds-storage-encrypted",
        resource_types: &["AWS::RDS::DBInstance"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[
            ParamSpec::string("kmsKeyId").doc("ID or ARN of the KMS key used to encrypt the storage."),
        ],
    }
}

impl Evaluate for RdsStorageEncrypted {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        encryption_verdict(
            cx,
            &Field::config(item, "storageEncrypted"),
            &Field::config(item, "kmsKeyId"),
            cx.params().str("kmsKeyId"),
            "the DB instance storage",
        )
    }
}
