use crate::rules::prelude::*;
use crate::rules::support::s3::{Grantee, acl, acl_grants, acl_owner_id};

declare_managed_rule! {
    /// Whether S3 buckets grant access through ACLs.
    ///
    /// ## What it checks
    /// The grants of the bucket ACL (`supplementaryConfiguration.AccessControlList`,
    /// `grantList` and `grantSet`), apart from the bucket owner's own grant.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the ACL grants a permission to anyone other than the owner
    ///   (another account, `AllUsers`, `AuthenticatedUsers`, `LogDelivery`). Evidence:
    ///   the grant.
    /// - `COMPLIANT`: the only grants are the owner's (the default ACL).
    /// - `INSUFFICIENT_DATA`: the item has no `AccessControlList`.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS says "ACLs are configured for user access" without more detail. Config items
    /// do not record Object Ownership (`BucketOwnerEnforced` disables ACLs), so we judge
    /// by the grants: a grant to anyone but the owner is an ACL used for access.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-acl-prohibited.html>
    pub S3BucketAclProhibited {
        identifier: "S3_BUCKET_ACL_PROHIBITED",
        name: "s3-bucket-acl-prohibited",
        resource_types: &["AWS::S3::Bucket"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("judged by ACL grants other than the owner's"),
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for S3BucketAclProhibited {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        if acl(item).is_none() {
            return Verdict::insufficient_data("the item has no AccessControlList");
        }
        let owner = acl_owner_id(item);
        let grants = acl_grants(item);
        match grants
            .iter()
            .find(|g| !matches!(g.grantee, Grantee::User(id) if Some(id) == owner))
        {
            Some(g) => Verdict::non_compliant(
                format!(
                    "the bucket ACL grants {} to {}",
                    g.permission_text,
                    g.grantee.describe()
                ),
                Evidence::at(g.path.clone(), g.raw.clone()),
            ),
            None => Verdict::compliant(format!(
                "the bucket ACL grants access only to the bucket owner ({} grant(s))",
                grants.len()
            )),
        }
    }
}
