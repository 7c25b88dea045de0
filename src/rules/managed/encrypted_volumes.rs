use crate::rules::prelude::*;
use crate::rules::support::field::Field;
use crate::rules::support::kms::encryption_verdict;

declare_managed_rule! {
    /// Whether attached EBS volumes are encrypted (optionally with a given KMS key).
    ///
    /// ## What it checks
    /// Whether an EBS volume that is attached to an instance is encrypted, and, when
    /// `kmsId` is given, encrypted with that key.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the volume is attached and `encrypted` is false; or `kmsId` is
    ///   given and the volume's `kmsKeyId` is another key (key ids, key ARNs, aliases and
    ///   alias ARNs are compared after resolving aliases through the `AWS::KMS::Alias`
    ///   items of the input). Evidence: `$.configuration.encrypted` or `kmsKeyId`.
    /// - `COMPLIANT`: the attached volume is encrypted (with the `kmsId` key when given).
    /// - `NOT_APPLICABLE`: the volume is not attached (`attachments` empty and `state`
    ///   not `in-use`), or the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS checks attached volumes only and does not say what it reports for the
    /// others; we answer NOT_APPLICABLE for unattached volumes. A volume is attached when
    /// `attachments` is non-empty or `state` is `in-use`.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/encrypted-volumes.html>
    pub EncryptedVolumes {
        identifier: "ENCRYPTED_VOLUMES",
        name: "encrypted-volumes",
        resource_types: &["AWS::EC2::Volume"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("unattached volumes are NOT_APPLICABLE"),
        needs: &[],
        parameters: &[
            ParamSpec::string("kmsId").doc("ID or ARN of the KMS key the volumes must be encrypted with."),
        ],
    }
}

fn is_attached(item: &ConfigItem) -> bool {
    item.config_at("attachments")
        .as_array()
        .is_some_and(|a| !a.is_empty())
        || item
            .config_at("state")
            .as_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("in-use"))
}

impl Evaluate for EncryptedVolumes {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        if !is_attached(item) {
            let state = item.config_at("state").as_str().unwrap_or("unknown");
            return Verdict::not_applicable(format!(
                "the volume is not attached to an instance (state {state})"
            ));
        }
        encryption_verdict(
            cx,
            &Field::config(item, "encrypted"),
            &Field::config(item, "kmsKeyId"),
            cx.params().str("kmsId"),
            "the attached volume",
        )
    }
}
