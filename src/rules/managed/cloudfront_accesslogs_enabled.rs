use crate::rules::prelude::*;
use crate::rules::support::logging::str_field;
use crate::rules::support::{as_bool, config_path};

declare_managed_rule! {
    /// Whether CloudFront distributions write standard access logs to S3.
    ///
    /// ## What it checks
    /// The distribution's `configuration.distributionConfig.logging`: `enabled` must be
    /// true and, with `S3BucketName`, `bucket` must be that bucket.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: logging is disabled or absent, or it goes to another bucket.
    ///   Evidence: the logging field.
    /// - `COMPLIANT`: access logs go to the (expected) bucket.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// `logging.bucket` holds the bucket's domain (`name.s3.amazonaws.com`); `S3BucketName`
    /// matches when it equals the domain or the name before `.s3`. Standard logging v2
    /// (CloudWatch Logs deliveries) is not part of the distribution's configuration item
    /// and is not seen.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/cloudfront-accesslogs-enabled.html>
    pub CloudfrontAccesslogsEnabled {
        identifier: "CLOUDFRONT_ACCESSLOGS_ENABLED",
        name: "cloudfront-accesslogs-enabled",
        resource_types: &["AWS::CloudFront::Distribution"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("S3BucketName matches the bucket name or its S3 domain"),
        needs: &[],
        parameters: &[
            ParamSpec::string("S3BucketName")
                .doc("Name of the S3 bucket access logs must be delivered to."),
        ],
    }
}

impl Evaluate for CloudfrontAccesslogsEnabled {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let logging = item.config_at("distributionConfig.logging");
        let enabled = logging.get("enabled").unwrap_or(&Value::Null);
        let bucket = str_field(logging, &["bucket"]);
        let Some(bucket) = bucket.filter(|_| as_bool(enabled) == Some(true)) else {
            return Verdict::non_compliant(
                "the distribution does not write access logs (distributionConfig.logging)",
                Evidence::at(config_path("distributionConfig.logging"), logging.clone()),
            );
        };
        if let Some(want) = cx.params().str("S3BucketName").map(str::trim) {
            let name = bucket.split(".s3").next().unwrap_or(bucket);
            if want != bucket && want != name {
                return Verdict::non_compliant(
                    format!("access logs go to {bucket}, not bucket {want}"),
                    Evidence::at(config_path("distributionConfig.logging.bucket"), bucket),
                );
            }
        }
        Verdict::compliant(format!("access logs go to {bucket}"))
    }
}
