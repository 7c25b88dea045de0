use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::kms::{alias_name, non_blank};
use crate::rules::support::more::{config_field, kms_key_verdict};

declare_managed_rule! {
    /// Whether Secrets Manager secrets are encrypted with a customer managed KMS key
    /// rather than the AWS managed key `aws/secretsmanager`.
    ///
    /// ## What it checks
    /// The secret's `KMSKeyId`: missing (Secrets Manager then uses
    /// `aws/secretsmanager`), the alias `alias/aws/secretsmanager`, or a customer managed
    /// key; when `kmsKeyArns` is given, the key must be one of them.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: no `KMSKeyId`, or `alias/aws/secretsmanager`; a key ARN of
    ///   another account (AWS cannot read cross-account keys and reports them
    ///   NON_COMPLIANT); or `kmsKeyArns` is given and the key is not listed. Evidence:
    ///   `$.configuration.KMSKeyId`.
    /// - `COMPLIANT`: the secret uses a (listed) customer managed key.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// Whether a key id or ARN is the AWS managed key is known only from its alias:
    /// when the item records the AWS managed key by its key id, we cannot tell it from a
    /// customer managed key unless an `AWS::KMS::Key` item of the input has
    /// `keyManager` `AWS`.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/secretsmanager-using-cmk.html>
    pub SecretsmanagerUsingCmk {
        identifier: "SECRETSMANAGER_USING_CMK",
        name: "secretsmanager-using-cmk",
        resource_types: &["AWS::SecretsManager::Secret"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("AWS managed keys recorded by id are recognised only through AWS::KMS::Key items"),
        needs: &[],
        parameters: &[
            ParamSpec::csv("kmsKeyArns").doc("Comma-separated list of KMS key Amazon Resource Names (ARNs) to check if the keys are used in the encryption."),
        ],
    }
}

/// Whether an `AWS::KMS::Key` item of the input with this key id is AWS managed.
fn aws_managed_key(cx: &RuleContext<'_>, item: &ConfigItem, key: &str) -> bool {
    let id = crate::rules::support::kms::key_id(key).unwrap_or(key);
    cx.items_near("AWS::KMS::Key", item).any(|k| {
        (k.resource_id() == id || k.config_at("keyId").as_str() == Some(id))
            && k.config_at("keyManager").as_str().is_some_and(|m| m.eq_ignore_ascii_case("aws"))
    })
}

impl Evaluate for SecretsmanagerUsingCmk {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let (path, key) = config_field(item, &["KMSKeyId", "KmsKeyId", "kmsKeyId"]);
        let Some(actual) = non_blank(key) else {
            return Verdict::non_compliant(
                "the secret is encrypted with the AWS managed key aws/secretsmanager (KMSKeyId is not set)",
                Evidence::at(config_path(path), key.clone()),
            );
        };
        if alias_name(actual).is_some_and(|a| a.eq_ignore_ascii_case("alias/aws/secretsmanager"))
            || aws_managed_key(cx, item, actual)
        {
            return Verdict::non_compliant(
                format!("the secret is encrypted with the AWS managed key {actual}"),
                Evidence::at(config_path(path), actual),
            );
        }
        let owner = actual.split(':').nth(4).filter(|a| !a.is_empty());
        if let Some(owner) = owner
            && owner != item.key.account.as_ref()
        {
            return Verdict::non_compliant(
                format!("the secret is encrypted with a key of another account ({owner})"),
                Evidence::at(config_path(path), actual),
            );
        }
        kms_key_verdict(cx, item, path, key, cx.params().list("kmsKeyArns"), "the secret")
    }
}
