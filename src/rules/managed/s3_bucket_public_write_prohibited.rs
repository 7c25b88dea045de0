use crate::rules::prelude::*;
use crate::rules::support::s3::{Access, public_access};

declare_managed_rule! {
    /// Whether S3 buckets allow public write access.
    ///
    /// ## What it checks
    /// Whether the bucket policy or the bucket ACL lets everyone write, delete or
    /// re-permission objects, taking the bucket's own Block Public Access settings into
    /// account.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the bucket's `restrictPublicBuckets` is off and an `Allow`
    ///   statement with a public principal (`*`, `{"AWS": "*"}`, an `AWS` principal with a
    ///   wildcard, or `NotPrincipal`) allows `s3:PutObject`, `s3:PutObjectAcl`,
    ///   `s3:DeleteObject`, `s3:DeleteObjectVersion`, `s3:PutBucketAcl`,
    ///   `s3:PutBucketPolicy`, `s3:DeleteBucketPolicy`, `s3:DeleteBucket`,
    ///   `s3:RestoreObject` or `s3:AbortMultipartUpload` (also through wildcards) without a
    ///   restricting condition; or the bucket's `ignorePublicAcls` is off and the ACL
    ///   grants `Write`, `WriteAcp` or `FullControl` to `AllUsers` or
    ///   `AuthenticatedUsers`. Evidence: the statement or grant.
    /// - `COMPLIANT`: neither.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS's page says the rule "does not evaluate changes to account level public block
    /// access"; we follow it and read only the bucket-level settings, so a public ACL
    /// that the account-level `ignorePublicAcls` neutralises is still reported
    /// (`s3-bucket-public-read-prohibited` does apply the account level). Policy
    /// conditions follow S3's fixed-value definition of a non-public policy, as in
    /// `s3-bucket-public-read-prohibited`; the set of write actions is ours (AWS does not
    /// list it). `WriteAcp` counts as write because it lets the grantee grant itself
    /// write.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-public-write-prohibited.html>
    /// - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html>
    pub S3BucketPublicWriteProhibited {
        identifier: "S3_BUCKET_PUBLIC_WRITE_PROHIBITED",
        name: "s3-bucket-public-write-prohibited",
        resource_types: &["AWS::S3::Bucket"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChangesAndPeriodic,
        severity: Severity::Critical,
        fidelity: Fidelity::Approximate(
            "policy conditions follow S3's fixed-value definition of non-public; the write action set is ours; account-level Block Public Access is not applied",
        ),
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for S3BucketPublicWriteProhibited {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        match public_access(item, None, Access::Write) {
            Some(g) => Verdict::non_compliant(g.reason, Evidence::at(g.path, g.value)),
            None => Verdict::compliant(
                "neither the bucket policy nor the ACL allows public write (after bucket-level Block Public Access)",
            ),
        }
    }
}
