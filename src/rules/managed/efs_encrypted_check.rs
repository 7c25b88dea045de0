use crate::rules::prelude::*;
use crate::rules::support::kms::{non_blank, same_key};
use crate::rules::support::{as_bool, config_path};

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
        let encrypted = item.config_at("Encrypted");
        if as_bool(encrypted) != Some(true) {
            return Verdict::non_compliant(
                format!("the file system is not encrypted (Encrypted: {encrypted})"),
                Evidence::at(config_path("Encrypted"), encrypted.clone()),
            );
        }
        let Some(wanted) = cx.params().str("KmsKeyId") else {
            return Verdict::compliant("the file system is encrypted");
        };
        let kms = item.config_at("KmsKeyId");
        match non_blank(kms) {
            Some(actual) if same_key(cx, item, actual, wanted) => {
                Verdict::compliant(format!("the file system is encrypted with the required key {wanted}"))
            }
            other => Verdict::non_compliant(
                format!(
                    "the file system is encrypted with {}, not the required key {wanted}",
                    other.unwrap_or("an unrecorded key")
                ),
                Evidence::at(config_path("KmsKeyId"), kms.clone()),
            ),
        }
    }
}
