use crate::rules::prelude::*;
use crate::rules::support::logging::BucketsByName;
use crate::rules::support::field::Field;
use crate::rules::support::item_path;
use crate::rules::support::logging::trail_bucket;
use crate::rules::support::s3::{
    Access, account_public_access_block, acl, effective_block_public_access, public_access,
};

declare_managed_rule! {
    /// Whether the S3 bucket a CloudTrail trail delivers to is publicly accessible.
    ///
    /// ## What it checks
    /// The trail's `s3BucketName` is looked up among the input's `AWS::S3::Bucket` items
    /// (any account or Region), and the bucket's ACL and bucket policy are checked for
    /// access by everyone with the public-access test of the S3 rules (`support/s3.rs`),
    /// asked about any access: S3's own definition of a public bucket. The bucket's and
    /// the account's Block Public Access settings (`AWS::S3::AccountPublicAccessBlock`)
    /// are taken into account.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `ignorePublicAcls` is off for the bucket and the account and
    ///   the bucket's ACL grants any permission to `AllUsers` or `AuthenticatedUsers`; or
    ///   `restrictPublicBuckets` is off and the policy has an `Allow` statement with a
    ///   public principal (`*`, `{"AWS": "*"}`, an `AWS` principal with a wildcard, or
    ///   `NotPrincipal`) and no restricting condition. Evidence: the public grant or
    ///   statement in the bucket's item, and the trail's `s3BucketName`.
    /// - `COMPLIANT`: the bucket grants no such access.
    /// - `INSUFFICIENT_DATA`: the bucket is not in the input, its item carries no ACL
    ///   while public ACLs are not ignored, or the trail names no bucket.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS does not document its "publicly accessible" test. We use S3's definition of
    /// public ("The meaning of public" in the Block Public Access guide): any ACL
    /// permission for `AllUsers` or `AuthenticatedUsers` is public, and a policy
    /// statement for everyone is public unless a positive condition pins a restricting
    /// key (`aws:SourceIp` other than a `/0` range, `aws:SourceVpc`, `aws:SourceVpce`,
    /// `aws:SourceArn`, `aws:SourceAccount`, `aws:PrincipalOrgID`, …) to fixed values.
    /// Other conditions (`aws:SecureTransport`, `s3:x-amz-acl`, negated operators) do not
    /// make a statement non-public. `Deny` statements are not weighed against `Allow`
    /// ones.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-s3-bucket-public-access-prohibited.html>
    /// - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html>
    pub CloudtrailS3BucketPublicAccessProhibited {
        identifier: "CLOUDTRAIL_S3_BUCKET_PUBLIC_ACCESS_PROHIBITED",
        name: "cloudtrail-s3-bucket-public-access-prohibited",
        resource_types: &["AWS::CloudTrail::Trail"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Critical,
        fidelity: Fidelity::Approximate(
            "public as S3 defines it (any public ACL grant, public policy statement without a fixed-value restricting condition), unless Block Public Access neutralises it; the bucket must be in the input",
        ),
        needs: &[Need::Relationships],
        parameters: &[],
    }
}

impl Evaluate for CloudtrailS3BucketPublicAccessProhibited {
    fn prepare(&self, inventory: &Inventory) {
        inventory.derived::<BucketsByName>();
    }

    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let (name, bucket) = match trail_bucket(cx, item, "public access") {
            Ok(found) => found,
            Err(verdict) => return verdict,
        };
        let account = account_public_access_block(cx, bucket);
        let blocked = effective_block_public_access(bucket, account);
        if !blocked.ignore_public_acls && acl(bucket).is_none() {
            return Verdict::insufficient_data(format!(
                "cannot tell whether the trail's bucket is public: bucket {name} has no recorded AccessControlList"
            ));
        }
        if let Some(grant) = public_access(bucket, account, Access::Any) {
            return Verdict::non_compliant_all(
                format!("the trail's bucket {name} is public: {}", grant.reason),
                Evidence::at(item_path(bucket, &grant.path), grant.value),
                vec![Field::config(item, "s3BucketName").evidence()],
            );
        }
        let neutralised: Vec<&str> = ["ignorePublicAcls", "restrictPublicBuckets"]
            .into_iter()
            .filter(|flag| blocked.get(flag) == Some(true))
            .collect();
        let how = if neutralised.is_empty() {
            "no public ACL grant or public policy statement".to_owned()
        } else {
            format!("Block Public Access ({}) applies", neutralised.join(", "))
        };
        Verdict::compliant(format!("the trail's bucket {name} is not public: {how}"))
    }
}
