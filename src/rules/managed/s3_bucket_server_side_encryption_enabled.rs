use crate::rules::prelude::*;
use crate::rules::support::policy::Statement;
use crate::rules::support::s3::{DefaultEncryption, default_encryption, policy_statements};
use crate::rules::support::supplementary_path;

declare_managed_rule! {
    /// Whether S3 buckets have default encryption enabled or a policy that denies
    /// unencrypted uploads.
    ///
    /// ## What it checks
    /// Whether `ServerSideEncryptionConfiguration` has a rule with an `sseAlgorithm`
    /// (`AES256`, `aws:kms`, `aws:kms:dsse`), or the bucket policy has a `Deny` statement
    /// on `s3:PutObject` conditioned on the `s3:x-amz-server-side-encryption` header
    /// (`Null: true`, or a negated string test such as `StringNotEquals`).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `ServerSideEncryptionConfiguration` is present but `null`,
    ///   empty or without an algorithm, and no policy statement denies unencrypted
    ///   uploads. Evidence: `$.supplementaryConfiguration.ServerSideEncryptionConfiguration`.
    /// - `COMPLIANT`: default encryption is configured, or the policy denies unencrypted
    ///   uploads.
    /// - `INSUFFICIENT_DATA`: the item has no `ServerSideEncryptionConfiguration` key at
    ///   all (items recorded before Config captured it, 2017–2019) and no such policy
    ///   statement.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// A missing key means "not recorded", not "off": we answer INSUFFICIENT_DATA rather
    /// than guess. Since January 2023 S3 encrypts every new object with SSE-S3, and
    /// current items show that rule.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-server-side-encryption-enabled.html>
    pub S3BucketServerSideEncryptionEnabled {
        identifier: "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED",
        name: "s3-bucket-server-side-encryption-enabled",
        resource_types: &["AWS::S3::Bucket"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate(
            "items without a ServerSideEncryptionConfiguration key are INSUFFICIENT_DATA",
        ),
        needs: &[],
        parameters: &[],
    }
}

fn denies_unencrypted_put(s: &Statement<'_>) -> bool {
    s.is_deny()
        && s.allows_action("s3:PutObject")
        && s.conditions().iter().any(|c| {
            c.key_is("s3:x-amz-server-side-encryption")
                && match c.base_operator() {
                    "Null" => c.texts().iter().any(|t| t.eq_ignore_ascii_case("true")),
                    op => op.starts_with("String") && c.is_negated(),
                }
        })
}

impl Evaluate for S3BucketServerSideEncryptionEnabled {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let encryption = default_encryption(item);
        if let DefaultEncryption::On(rules) = &encryption {
            let algorithms: Vec<&str> = rules.iter().map(|r| r.algorithm).collect();
            return Verdict::compliant(format!(
                "default encryption is enabled ({})",
                algorithms.join(", ")
            ));
        }
        if let Some(s) = policy_statements(item)
            .into_iter()
            .find(denies_unencrypted_put)
        {
            return Verdict::compliant(format!(
                "the bucket policy denies uploads without server-side encryption ({})",
                s.sid().unwrap_or(&s.path)
            ))
            .with_evidence(Evidence::at(s.path.clone(), s.raw.clone()));
        }
        if let DefaultEncryption::Unknown = encryption {
            return Verdict::insufficient_data(
                "the item does not record ServerSideEncryptionConfiguration (recorded before Config captured it)",
            );
        }
        let value = item.supplementary_at("ServerSideEncryptionConfiguration");
        Verdict::non_compliant(
            format!(
                "default encryption is not configured (ServerSideEncryptionConfiguration: {value}) and the policy does not deny unencrypted uploads"
            ),
            Evidence::at(
                supplementary_path("ServerSideEncryptionConfiguration"),
                value.clone(),
            ),
        )
    }
}
