use crate::rules::prelude::*;
use crate::rules::support::s3::{Access, account_public_access_block, public_access};

declare_managed_rule! {
    /// Whether S3 buckets allow public read access.
    ///
    /// ## What it checks
    /// Whether the bucket policy or the bucket ACL lets everyone list the bucket or read
    /// its objects, taking Block Public Access into account at the bucket level and at
    /// the account level (`AWS::S3::AccountPublicAccessBlock` of the same account).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `restrictPublicBuckets` is off at both levels and an `Allow`
    ///   statement with a public principal (`*`, `{"AWS": "*"}`, an `AWS` principal with a
    ///   wildcard, or `NotPrincipal`) allows `s3:GetObject`, `s3:GetObjectVersion`,
    ///   `s3:ListBucket`, `s3:ListBucketVersions` or `s3:ListBucketMultipartUploads` (also
    ///   through wildcards) without a restricting condition; or `ignorePublicAcls` is off
    ///   at both levels and the ACL grants `Read` or `FullControl` to `AllUsers` or
    ///   `AuthenticatedUsers`. Evidence: the statement or grant.
    /// - `COMPLIANT`: neither.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS evaluates policies with automated reasoning; we use S3's definition of a
    /// non-public policy: a statement is restricted when a positive condition (not
    /// negated, not `…IfExists`) pins one of `aws:SourceIp` (not a `/0` range),
    /// `aws:SourceVpc`, `aws:SourceVpce`, `aws:SourceArn`, `aws:SourceAccount`,
    /// `aws:SourceOwner`, `aws:SourceOrgID`, `aws:PrincipalOrgID`, `aws:PrincipalAccount`,
    /// `aws:PrincipalArn`, `aws:userid` (and similar) to fixed values (no policy variable,
    /// not only wildcards). `Deny` statements are not weighed against `Allow` ones.
    /// "Block Public Access restricts public policies/ACLs" is read as the flags that
    /// act on existing grants, `restrictPublicBuckets` and `ignorePublicAcls` (the
    /// `block*` flags only refuse new ones). The account-level settings count (S3 applies
    /// the most restrictive combination); AWS does not say whether its rule reads them.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-public-read-prohibited.html>
    /// - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html>
    pub S3BucketPublicReadProhibited {
        identifier: "S3_BUCKET_PUBLIC_READ_PROHIBITED",
        name: "s3-bucket-public-read-prohibited",
        resource_types: &["AWS::S3::Bucket"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChangesAndPeriodic,
        severity: Severity::High,
        fidelity: Fidelity::Approximate(
            "policy conditions follow S3's fixed-value definition of non-public; account-level Block Public Access is applied",
        ),
        needs: &[Need::Relationships],
        parameters: &[],
    }
}

impl Evaluate for S3BucketPublicReadProhibited {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let account = account_public_access_block(cx, item);
        match public_access(item, account, Access::Read) {
            Some(g) => Verdict::non_compliant(g.reason, Evidence::at(g.path, g.value)),
            None => Verdict::compliant(
                "neither the bucket policy nor the ACL allows public read (after Block Public Access)",
            ),
        }
    }
}
