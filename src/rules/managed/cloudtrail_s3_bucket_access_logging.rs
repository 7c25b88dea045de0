use crate::rules::prelude::*;
use crate::rules::support::logging::BucketsByName;
use crate::rules::support::field::Field;
use crate::rules::support::item_path;
use crate::rules::support::logging::{
    BucketLogging, bucket_logging, bucket_logging_path, trail_bucket,
};

declare_managed_rule! {
    /// Whether the S3 bucket a CloudTrail trail delivers to has server access logging enabled.
    ///
    /// ## What it checks
    /// The trail's `s3BucketName` is looked up among the input's `AWS::S3::Bucket` items
    /// (any account or Region: bucket names are global), and that bucket's
    /// `BucketLoggingConfiguration` must name a destination bucket.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the trail's bucket has server access logging disabled.
    ///   Evidence: the bucket item's `BucketLoggingConfiguration`, and the trail's
    ///   `s3BucketName`.
    /// - `COMPLIANT`: the trail's bucket logs its access.
    /// - `INSUFFICIENT_DATA`: the bucket is not in the input (e.g. it lives in another,
    ///   unrecorded account), or its item carries no logging configuration, or the trail
    ///   names no bucket.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS reads the bucket through the S3 API, even across accounts; offline, the bucket
    /// must be in the input.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-s3-bucket-access-logging.html>
    pub CloudtrailS3BucketAccessLogging {
        identifier: "CLOUDTRAIL_S3_BUCKET_ACCESS_LOGGING",
        name: "cloudtrail-s3-bucket-access-logging",
        resource_types: &["AWS::CloudTrail::Trail"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("the trail's bucket must be in the input, otherwise INSUFFICIENT_DATA"),
        needs: &[Need::Relationships],
        parameters: &[],
    }
}

impl Evaluate for CloudtrailS3BucketAccessLogging {
    fn prepare(&self, inventory: &Inventory) {
        inventory.derived::<BucketsByName>();
    }

    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let (name, bucket) = match trail_bucket(cx, item, "access logging") {
            Ok(found) => found,
            Err(verdict) => return verdict,
        };
        match bucket_logging(bucket) {
            BucketLogging::Enabled { target, .. } => Verdict::compliant(format!(
                "the trail's bucket {name} logs its access to {target}"
            )),
            BucketLogging::Disabled(conf) => Verdict::non_compliant_all(
                format!("the trail's bucket {name} does not have server access logging enabled"),
                Evidence::at(item_path(bucket, &bucket_logging_path("")), conf.clone()),
                vec![Field::config(item, "s3BucketName").evidence()],
            ),
            BucketLogging::Unrecorded => Verdict::insufficient_data(format!(
                "the item of the trail's bucket {name} carries no BucketLoggingConfiguration"
            )),
        }
    }
}
