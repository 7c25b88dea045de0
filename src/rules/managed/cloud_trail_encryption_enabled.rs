use crate::rules::prelude::*;
use crate::rules::support::field::Field;

declare_managed_rule! {
    /// Whether CloudTrail trails encrypt their log files with a KMS key (SSE-KMS).
    ///
    /// ## What it checks
    /// Whether the trail's `kmsKeyId` is set.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `configuration.kmsKeyId` is absent or empty (log files are
    ///   encrypted with SSE-S3 only). Evidence: the field.
    /// - `COMPLIANT`: `kmsKeyId` names a key.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/cloud-trail-encryption-enabled.html>
    pub CloudTrailEncryptionEnabled {
        identifier: "CLOUD_TRAIL_ENCRYPTION_ENABLED",
        name: "cloud-trail-encryption-enabled",
        resource_types: &["AWS::CloudTrail::Trail"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for CloudTrailEncryptionEnabled {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let key = Field::config(item, "kmsKeyId");
        match key.text() {
            Some(k) => Verdict::compliant(format!("log files are encrypted with KMS key {k}")),
            None => Verdict::non_compliant(
                "the trail has no kmsKeyId: log files are not encrypted with SSE-KMS",
                key.evidence(),
            ),
        }
    }
}
