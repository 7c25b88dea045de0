use crate::rules::prelude::*;
use crate::rules::support::more::{config_field, kms_key_verdict};

declare_managed_rule! {
    /// Whether SNS topics are encrypted with an AWS KMS key (optionally one of a list).
    ///
    /// ## What it checks
    /// The topic attribute `KmsMasterKeyId` (server-side encryption), and, when
    /// `kmsKeyIds` is given, whether that key is one of the listed keys.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `KmsMasterKeyId` is missing or blank; or `kmsKeyIds` is given
    ///   and the topic's key is none of them (key ids, key ARNs, alias names and alias
    ///   ARNs are compared after resolving aliases through the input's
    ///   `AWS::KMS::Alias` items). Evidence: `$.configuration.KmsMasterKeyId`.
    /// - `COMPLIANT`: the topic is encrypted (with a listed key when `kmsKeyIds` is
    ///   given).
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// An alias that the input cannot resolve (for example `alias/aws/sns` without an
    /// `AWS::KMS::Alias` item) only matches a parameter entry with the same text.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/sns-encrypted-kms.html>
    pub SnsEncryptedKms {
        identifier: "SNS_ENCRYPTED_KMS",
        name: "sns-encrypted-kms",
        resource_types: &["AWS::SNS::Topic"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("aliases are resolved only through AWS::KMS::Alias items in the input"),
        needs: &[],
        parameters: &[
            ParamSpec::csv("kmsKeyIds").doc("Comma-separated list of AWS KMS key ARNs, KMS alias ARNs, KMS alias names, or KMS key IDs for the rule to check."),
        ],
    }
}

impl Evaluate for SnsEncryptedKms {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let (path, key) = config_field(item, &["KmsMasterKeyId", "kmsMasterKeyId"]);
        kms_key_verdict(cx, item, path, key, cx.params().list("kmsKeyIds"), "the topic")
    }
}
