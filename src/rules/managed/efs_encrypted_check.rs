use crate::rules::prelude::*;
use crate::rules::support::field::Field;
use crate::rules::support::kms::encryption_verdict;

declare_managed_rule! {
    /// Whether EFS file systems are encrypted (optionally with a given KMS key).
    ///
    /// ## What it checks
    /// `configuration.Encrypted` of each `AWS::EFS::FileSystem` (PascalCase, as Config
    /// records this type), and, when `KmsKeyId` is given, `configuration.KmsKeyId`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `Encrypted` is false or missing; or `KmsKeyId` is given and the
    ///   file system uses another key (ids, ARNs and aliases are compared after resolving
    ///   aliases through the input's `AWS::KMS::Alias` items). Evidence: the key's path.
    /// - `COMPLIANT`: the file system is encrypted (with the required key when given).
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS's rule is periodic and lists no resource type; offline we evaluate each
    /// recorded `AWS::EFS::FileSystem`.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/efs-encrypted-check.html>
    pub EfsEncryptedCheck {
        identifier: "EFS_ENCRYPTED_CHECK",
        name: "efs-encrypted-check",
        resource_types: &["AWS::EFS::FileSystem"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[
            ParamSpec::string("KmsKeyId").doc("ARN or ID of the KMS key the file systems must be encrypted with."),
        ],
    }
}

impl Evaluate for EfsEncryptedCheck {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        encryption_verdict(
            cx,
            &Field::config(item, "Encrypted"),
            &Field::config(item, "KmsKeyId"),
            cx.params().str("KmsKeyId"),
            "the file system",
        )
    }
}
