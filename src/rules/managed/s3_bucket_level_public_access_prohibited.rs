use crate::rules::prelude::*;
use crate::rules::support::s3::{bucket_block_public_access, bucket_name};
use crate::rules::support::supplementary_path;

declare_managed_rule! {
    /// Whether S3 buckets block public access at the bucket level.
    ///
    /// ## What it checks
    /// Whether the bucket-level Block Public Access settings
    /// (`supplementaryConfiguration.PublicAccessBlockConfiguration`) have all four flags
    /// on, unless the bucket is listed in `excludedPublicBuckets`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the bucket is not excluded and a flag (`blockPublicAcls`,
    ///   `ignorePublicAcls`, `blockPublicPolicy`, `restrictPublicBuckets`) is off, or the
    ///   bucket has no bucket-level configuration. Evidence: the flag or the missing
    ///   configuration.
    /// - `COMPLIANT`: all four flags are on, or the bucket is listed in
    ///   `excludedPublicBuckets`.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS says "bucket level settings are public"; like Security Hub's S3.8 control,
    /// which uses this rule, we read that as "not all four flags on". Account-level
    /// settings do not count (see `s3-account-level-public-access-blocks`).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-level-public-access-prohibited.html>
    pub S3BucketLevelPublicAccessProhibited {
        identifier: "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED",
        name: "s3-bucket-level-public-access-prohibited",
        resource_types: &["AWS::S3::Bucket"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::High,
        fidelity: Fidelity::Approximate("\"public\" means not all four bucket-level flags on"),
        needs: &[],
        parameters: &[
            ParamSpec::csv("excludedPublicBuckets").doc("Comma-separated names of buckets allowed to be public."),
        ],
    }
}

impl Evaluate for S3BucketLevelPublicAccessProhibited {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let name = bucket_name(item);
        if cx.params().list("excludedPublicBuckets").iter().any(|b| b == name) {
            return Verdict::compliant(format!("{name} is listed in excludedPublicBuckets"));
        }
        let Some(bpa) = bucket_block_public_access(item) else {
            let value = item.supplementary_at("PublicAccessBlockConfiguration");
            return Verdict::non_compliant(
                "the bucket has no bucket-level Block Public Access configuration",
                Evidence::at(supplementary_path("PublicAccessBlockConfiguration"), value.clone()),
            );
        };
        let off = bpa.disabled();
        match off.first() {
            Some(first) => Verdict::non_compliant(
                format!("bucket-level Block Public Access is off for {}", off.join(", ")),
                Evidence::at(
                    supplementary_path(&format!("PublicAccessBlockConfiguration.{first}")),
                    item.supplementary_at(&format!("PublicAccessBlockConfiguration.{first}")).clone(),
                ),
            ),
            None => Verdict::compliant("all four bucket-level Block Public Access settings are on"),
        }
    }
}
