use crate::rules::prelude::*;
use crate::rules::support::logging::{BucketLogging, bucket_logging, bucket_logging_path};

declare_managed_rule! {
    /// Whether S3 buckets have server access logging enabled.
    ///
    /// ## What it checks
    /// Whether the bucket's logging configuration names a destination bucket and, when
    /// the parameters are given, whether the destination bucket and log prefix are the
    /// expected ones.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `supplementaryConfiguration.BucketLoggingConfiguration` has no
    ///   `destinationBucketName` (`{}` or null: logging disabled), or the destination
    ///   differs from `targetBucket`, or the prefix differs from `targetPrefix`.
    ///   Evidence: the logging configuration or the mismatching field.
    /// - `COMPLIANT`: logging is enabled (to the expected bucket and prefix, when given).
    /// - `INSUFFICIENT_DATA`: the item carries no `BucketLoggingConfiguration` at all
    ///   (e.g. a query result without supplementary configuration).
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS does not say how the parameters match. We compare exactly (bucket names are
    /// lowercase; prefixes are case-sensitive in S3); an empty parameter is not given.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-logging-enabled.html>
    pub S3BucketLoggingEnabled {
        identifier: "S3_BUCKET_LOGGING_ENABLED",
        name: "s3-bucket-logging-enabled",
        resource_types: &["AWS::S3::Bucket"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("targetBucket and targetPrefix match exactly"),
        needs: &[],
        parameters: &[
            ParamSpec::string("targetBucket")
                .doc("Target S3 bucket for storing server access logs."),
            ParamSpec::string("targetPrefix")
                .doc("Prefix of the target S3 bucket for storing server access logs."),
        ],
    }
}

impl Evaluate for S3BucketLoggingEnabled {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let (target, prefix) = match bucket_logging(item) {
            BucketLogging::Unrecorded => {
                return Verdict::insufficient_data(
                    "the item carries no BucketLoggingConfiguration in supplementaryConfiguration",
                );
            }
            BucketLogging::Disabled(conf) => {
                return Verdict::non_compliant(
                    "server access logging is not enabled (no destinationBucketName)",
                    Evidence::at(bucket_logging_path(""), conf.clone()),
                );
            }
            BucketLogging::Enabled { target, prefix } => (target, prefix),
        };
        if let Some(want) = cx.params().str("targetBucket").map(str::trim)
            && want != target
        {
            return Verdict::non_compliant(
                format!("access logs go to bucket {target}, not {want}"),
                Evidence::at(bucket_logging_path("destinationBucketName"), target),
            );
        }
        if let Some(want) = cx.params().str("targetPrefix").map(str::trim)
            && want != prefix
        {
            return Verdict::non_compliant(
                format!("access logs use prefix '{prefix}', not '{want}'"),
                Evidence::at(bucket_logging_path("logFilePrefix"), prefix),
            );
        }
        Verdict::compliant(format!(
            "server access logs go to {target} with prefix '{prefix}'"
        ))
    }
}
