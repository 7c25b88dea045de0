use crate::rules::prelude::*;
use crate::rules::support::kms::any_key;
use crate::rules::support::s3::{DefaultEncryption, default_encryption, is_kms_algorithm};
use crate::rules::support::supplementary_path;

declare_managed_rule! {
    /// Whether S3 buckets are encrypted by default with AWS KMS (optionally with given
    /// keys).
    ///
    /// ## What it checks
    /// Every rule of `ServerSideEncryptionConfiguration` must use `aws:kms` or
    /// `aws:kms:dsse`; with `kmsKeyArns`, its `kmsMasterKeyID` must be one of them.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: default encryption is not configured, a rule uses another
    ///   algorithm (e.g. `AES256`), or `kmsKeyArns` is given and a rule's key is not in
    ///   it (a rule without `kmsMasterKeyID` uses the AWS managed key `aws/s3`).
    ///   Evidence: the rule or the configuration.
    /// - `COMPLIANT`: every rule uses KMS (with a listed key when required).
    /// - `INSUFFICIENT_DATA`: the item has no `ServerSideEncryptionConfiguration` key
    ///   (items recorded before Config captured it).
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS does not say whether dual-layer `aws:kms:dsse` counts; it uses KMS keys, so we
    /// accept it. Keys are compared by id after resolving ARNs and aliases.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/s3-default-encryption-kms.html>
    pub S3DefaultEncryptionKms {
        identifier: "S3_DEFAULT_ENCRYPTION_KMS",
        name: "s3-default-encryption-kms",
        resource_types: &["AWS::S3::Bucket"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("aws:kms:dsse counts as KMS; items without the key are INSUFFICIENT_DATA"),
        needs: &[],
        parameters: &[
            ParamSpec::csv("kmsKeyArns").doc("Comma-separated ARNs of the KMS keys buckets may be encrypted with."),
        ],
    }
}

impl Evaluate for S3DefaultEncryptionKms {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let rules = match default_encryption(item) {
            DefaultEncryption::Unknown => {
                return Verdict::insufficient_data(
                    "the item does not record ServerSideEncryptionConfiguration",
                );
            }
            DefaultEncryption::Off => {
                let value = item.supplementary_at("ServerSideEncryptionConfiguration");
                return Verdict::non_compliant(
                    format!("default encryption is not configured ({value})"),
                    Evidence::at(supplementary_path("ServerSideEncryptionConfiguration"), value.clone()),
                );
            }
            DefaultEncryption::On(rules) => rules,
        };
        if let Some(rule) = rules.iter().find(|r| !is_kms_algorithm(r.algorithm)) {
            return Verdict::non_compliant(
                format!("default encryption uses {}, not AWS KMS", rule.algorithm),
                Evidence::at(format!("{}.sseAlgorithm", rule.path), rule.algorithm),
            );
        }
        let allowed = cx.params().list("kmsKeyArns");
        if !allowed.is_empty() {
            for rule in &rules {
                match rule.kms_key {
                    Some(key) if any_key(cx, item, key, allowed) => {}
                    Some(key) => {
                        return Verdict::non_compliant(
                            format!("default encryption uses KMS key {key}, not one of kmsKeyArns"),
                            Evidence::at(format!("{}.kmsMasterKeyID", rule.path), key),
                        );
                    }
                    None => {
                        return Verdict::non_compliant(
                            "default encryption uses the AWS managed key aws/s3, not one of kmsKeyArns",
                            Evidence::at(format!("{}.sseAlgorithm", rule.path), rule.algorithm),
                        );
                    }
                }
            }
        }
        Verdict::compliant(format!(
            "default encryption uses AWS KMS ({})",
            rules
                .iter()
                .map(|r| r.kms_key.unwrap_or("aws/s3"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}
