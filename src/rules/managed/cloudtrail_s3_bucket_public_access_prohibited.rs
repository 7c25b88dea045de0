use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::logging::{bucket_named, str_field};
use crate::rules::support::trail_bucket::{Exposure, exposure};

declare_managed_rule! {
    /// Whether the S3 bucket a CloudTrail trail delivers to is publicly accessible.
    ///
    /// ## What it checks
    /// The trail's `s3BucketName` is looked up among the input's `AWS::S3::Bucket` items
    /// (any account or Region), and the bucket's ACL and bucket policy are checked for
    /// access by everyone, taking the bucket's and the account's Block Public Access
    /// settings (`AWS::S3::AccountPublicAccessBlock`) into account.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the bucket's ACL grants any permission to `AllUsers` or
    ///   `AuthenticatedUsers` and `ignorePublicAcls` is off for the bucket and the
    ///   account; or its policy has an `Allow` statement for `Principal: "*"` (or
    ///   `{"AWS": "*"}`) without a `Condition` and `restrictPublicBuckets` is off.
    ///   Evidence: the public grant or statement in the bucket's item, and the trail's
    ///   `s3BucketName`.
    /// - `COMPLIANT`: the bucket grants no such access.
    /// - `INSUFFICIENT_DATA`: the bucket is not in the input, its item carries no ACL
    ///   while public ACLs are not ignored, or the trail names no bucket.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS does not document its "publicly accessible" test. Ours is deliberately simple:
    /// any condition on a public statement makes it non-public (AWS's policy analysis
    /// only accepts some conditions as restricting), and `AuthenticatedUsers` grants
    /// count as public. The test lives in `support/trail_bucket.rs` until it is unified
    /// with the S3 public-read/write rules.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-s3-bucket-public-access-prohibited.html>
    pub CloudtrailS3BucketPublicAccessProhibited {
        identifier: "CLOUDTRAIL_S3_BUCKET_PUBLIC_ACCESS_PROHIBITED",
        name: "cloudtrail-s3-bucket-public-access-prohibited",
        resource_types: &["AWS::CloudTrail::Trail"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Critical,
        fidelity: Fidelity::Approximate(
            "public = public ACL grant or unconditioned Principal * policy statement, unless Block Public Access neutralises it; the bucket must be in the input",
        ),
        needs: &[Need::Relationships],
        parameters: &[],
    }
}

impl Evaluate for CloudtrailS3BucketPublicAccessProhibited {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let Some(name) = str_field(item.configuration(), &["s3BucketName"]) else {
            return Verdict::insufficient_data("the trail names no S3 bucket (s3BucketName)");
        };
        let Some(bucket) = bucket_named(cx, name) else {
            return Verdict::insufficient_data(format!(
                "the trail's bucket {name} is not in the input, so its public access cannot be checked"
            ));
        };
        match exposure(cx, bucket) {
            Exposure::Public(why, evidence) => Verdict::non_compliant_all(
                format!("the trail's bucket is public: {why}"),
                evidence,
                vec![Evidence::at(config_path("s3BucketName"), name)],
            ),
            Exposure::Private(why) => Verdict::compliant(format!("the trail's {why}")),
            Exposure::Unknown(why) => Verdict::insufficient_data(format!(
                "cannot tell whether the trail's bucket is public: {why}"
            )),
        }
    }
}
