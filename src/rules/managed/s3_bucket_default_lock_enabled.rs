use crate::rules::prelude::*;
use crate::rules::support::supplementary_path;

declare_managed_rule! {
    /// Whether S3 buckets have Object Lock enabled (optionally with a given default
    /// retention mode).
    ///
    /// ## What it checks
    /// `supplementaryConfiguration.ObjectLockConfiguration.objectLockEnabled`, and, when
    /// `mode` is given, the default retention mode `rule.defaultRetention.mode`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: Object Lock is not `Enabled` (or no Object Lock configuration
    ///   is recorded); or `mode` is given and the default retention has another mode
    ///   or none. Evidence: the field's path and value.
    /// - `COMPLIANT`: Object Lock is enabled (with a default retention in `mode`).
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// Without `mode`, a bucket with Object Lock enabled but no default retention rule
    /// is COMPLIANT. Modes compare ignoring case. A bucket item without
    /// `ObjectLockConfiguration` counts as lock not enabled.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-default-lock-enabled.html>
    pub S3BucketDefaultLockEnabled {
        identifier: "S3_BUCKET_DEFAULT_LOCK_ENABLED",
        name: "s3-bucket-default-lock-enabled",
        resource_types: &["AWS::S3::Bucket"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("a missing ObjectLockConfiguration counts as lock not enabled"),
        needs: &[],
        parameters: &[
            ParamSpec::choice("mode", &["GOVERNANCE", "COMPLIANCE"]).doc("A mode parameter with valid values of GOVERNANCE or COMPLIANCE."),
        ],
    }
}

impl Evaluate for S3BucketDefaultLockEnabled {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let lock = item.supplementary_at("ObjectLockConfiguration");
        let enabled = lock.get("objectLockEnabled").unwrap_or(&Value::Null);
        if !enabled.as_str().is_some_and(|e| e.eq_ignore_ascii_case("Enabled")) {
            return Verdict::non_compliant(
                format!("Object Lock is not enabled (objectLockEnabled: {enabled})"),
                Evidence::at(supplementary_path("ObjectLockConfiguration.objectLockEnabled"), enabled.clone()),
            );
        }
        let Some(wanted) = cx.params().str("mode") else {
            return Verdict::compliant("Object Lock is enabled");
        };
        let mode = lock
            .get("rule")
            .and_then(|r| r.get("defaultRetention"))
            .and_then(|d| d.get("mode"))
            .unwrap_or(&Value::Null);
        if mode.as_str().is_some_and(|m| m.eq_ignore_ascii_case(wanted.trim())) {
            Verdict::compliant(format!("Object Lock is enabled with default retention mode {mode}"))
        } else {
            Verdict::non_compliant(
                format!("the default retention mode is {mode}, not {wanted}"),
                Evidence::at(
                    supplementary_path("ObjectLockConfiguration.rule.defaultRetention.mode"),
                    mode.clone(),
                ),
            )
        }
    }
}
