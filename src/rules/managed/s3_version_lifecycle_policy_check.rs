use crate::rules::prelude::*;
use crate::rules::support::logging::str_field;
use crate::rules::support::s3::bucket_name;
use crate::rules::support::supplementary_path;

declare_managed_rule! {
    /// Whether versioning-enabled S3 buckets have a lifecycle policy.
    ///
    /// ## What it checks
    /// For buckets whose `BucketVersioningConfiguration.status` is `Enabled`: whether
    /// `BucketLifecycleConfiguration.rules` holds at least one rule with status
    /// `Enabled`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: a versioned bucket has no enabled lifecycle rule. Evidence:
    ///   `$.supplementaryConfiguration.BucketLifecycleConfiguration`.
    /// - `COMPLIANT`: a versioned bucket has an enabled lifecycle rule.
    /// - `NOT_APPLICABLE`: versioning is not enabled (never enabled or suspended); with
    ///   `bucketNames`, a bucket that is not listed; a deleted item.
    ///
    /// ## Differences from AWS
    /// AWS does not say how `bucketNames` narrows the check; we evaluate only the
    /// listed buckets when it is given. Suspended versioning counts as not enabled.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/s3-version-lifecycle-policy-check.html>
    pub S3VersionLifecyclePolicyCheck {
        identifier: "S3_VERSION_LIFECYCLE_POLICY_CHECK",
        name: "s3-version-lifecycle-policy-check",
        resource_types: &["AWS::S3::Bucket"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("bucketNames limits the evaluated buckets; suspended versioning is NOT_APPLICABLE"),
        needs: &[],
        parameters: &[
            ParamSpec::csv("bucketNames").doc("Comma-separated list of Amazon S3 bucket names that have lifecycle policy enabled."),
        ],
    }
}

impl Evaluate for S3VersionLifecyclePolicyCheck {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let name = bucket_name(item);
        let listed = cx.params().list("bucketNames");
        if !listed.is_empty() && !listed.iter().any(|b| b.trim() == name) {
            return Verdict::not_applicable(format!("bucket {name} is not listed in bucketNames"));
        }
        let versioning = item.supplementary_at("BucketVersioningConfiguration");
        let status = str_field(versioning, &["status", "Status"]).unwrap_or("Off");
        if !status.eq_ignore_ascii_case("Enabled") {
            return Verdict::not_applicable(format!("versioning is {status}, not Enabled"));
        }
        let lifecycle = item.supplementary_at("BucketLifecycleConfiguration");
        let enabled = lifecycle
            .get("rules")
            .and_then(Value::as_array)
            .map_or(0, |rules| {
                rules
                    .iter()
                    .filter(|r| str_field(r, &["status", "Status"]).is_some_and(|s| s.eq_ignore_ascii_case("Enabled")))
                    .count()
            });
        if enabled > 0 {
            Verdict::compliant(format!("the versioned bucket has {enabled} enabled lifecycle rule(s)"))
        } else {
            Verdict::non_compliant(
                "the versioned bucket has no enabled lifecycle rule",
                Evidence::at(supplementary_path("BucketLifecycleConfiguration"), lifecycle.clone()),
            )
        }
    }
}
