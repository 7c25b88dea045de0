//! A minimal "is this bucket public" test for the bucket a CloudTrail trail delivers to
//! (`cloudtrail-s3-bucket-public-access-prohibited`).
//!
//! Interim: the S3 public-read/write rules carry their own test in `support/s3.rs`,
//! written on another branch; the two should be unified into one.
//!
//! A bucket is public when an ACL grant or a bucket-policy statement opens it to
//! everyone and Block Public Access does not neutralise it:
//! - ACL grants to `AllUsers` or `AuthenticatedUsers` (any permission) count unless
//!   `ignorePublicAcls` is on for the bucket or the account;
//! - `Allow` statements whose principal is `*` (or `{"AWS": "*"}`) and that carry no
//!   `Condition` count unless `restrictPublicBuckets` is on for the bucket or the account.

use serde_json::Value;

use super::item_path;
use super::policy::statements;
use super::{as_bool, as_list, supplementary_path};
use crate::model::ConfigItem;
use crate::rules::{Evidence, RuleContext};

const ACCOUNT_BPA: &str = "AWS::S3::AccountPublicAccessBlock";

/// What the bucket item says about public access.
#[derive(Debug, Clone)]
pub enum Exposure {
    /// Open to everyone: why, and where in the bucket item.
    Public(String, Evidence),
    /// Nothing public: why.
    Private(String),
    /// The item lacks what decides it.
    Unknown(String),
}

/// A Block Public Access flag of the bucket or, when the bucket does not set it, of the
/// account's `AWS::S3::AccountPublicAccessBlock`.
fn blocked(cx: &RuleContext<'_>, bucket: &ConfigItem, flag: &str) -> bool {
    let own = bucket
        .supplementary_at("PublicAccessBlockConfiguration")
        .get(flag)
        .and_then(as_bool);
    own == Some(true)
        || cx
            .inventory
            .of_type(ACCOUNT_BPA)
            .filter(|a| a.key.account == bucket.key.account && !a.is_deleted())
            .any(|a| a.configuration().get(flag).and_then(as_bool) == Some(true))
}

const PUBLIC_GROUPS: [&str; 2] = ["AllUsers", "AuthenticatedUsers"];

/// The public group a grantee names: bare strings (`"AllUsers"`), `{"uri": …}` or
/// `{"id": …}` forms.
fn public_group(grantee: &Value) -> Option<&'static str> {
    let text = match grantee {
        Value::String(s) => s.as_str(),
        Value::Object(o) => ["uri", "URI", "id", "identifier"]
            .iter()
            .find_map(|k| o.get(*k).and_then(Value::as_str))
            .unwrap_or(""),
        _ => "",
    };
    PUBLIC_GROUPS
        .into_iter()
        .find(|g| text == *g || text.ends_with(&format!("/global/{g}")))
}

/// Whether the bucket is open to everyone.
pub fn exposure(cx: &RuleContext<'_>, bucket: &ConfigItem) -> Exposure {
    let name = &bucket.key.resource_id;
    let supplementary = bucket.supplementary();
    let mut neutralised = Vec::new();
    if blocked(cx, bucket, "ignorePublicAcls") {
        neutralised.push("ignorePublicAcls");
    } else {
        let Some(acl) = supplementary
            .get("AccessControlList")
            .filter(|v| !v.is_null())
        else {
            return Exposure::Unknown(format!("bucket {name} has no recorded AccessControlList"));
        };
        let grants = acl.get("grantList").map(as_list).unwrap_or_default();
        for (i, grant) in grants.iter().enumerate() {
            let grantee = grant.get("grantee").unwrap_or(&Value::Null);
            if let Some(group) = public_group(grantee) {
                let permission = grant
                    .get("permission")
                    .and_then(Value::as_str)
                    .unwrap_or("?");
                return Exposure::Public(
                    format!("bucket {name} grants {permission} to {group} in its ACL"),
                    Evidence::at(
                        item_path(
                            bucket,
                            &supplementary_path(&format!("AccessControlList.grantList[{i}]")),
                        ),
                        (*grant).clone(),
                    ),
                );
            }
        }
    }
    if blocked(cx, bucket, "restrictPublicBuckets") {
        neutralised.push("restrictPublicBuckets");
    } else {
        let policy = supplementary
            .get("BucketPolicy")
            .and_then(|p| p.get("policyText"))
            .unwrap_or(&Value::Null);
        let base = supplementary_path("BucketPolicy.policyText");
        for statement in statements(policy, &base) {
            if statement.is_allow() && statement.principal_is_public() && !statement.has_condition()
            {
                return Exposure::Public(
                    format!(
                        "bucket {name} policy allows everyone (Principal *) without a condition"
                    ),
                    Evidence::at(item_path(bucket, &statement.path), statement.raw.clone()),
                );
            }
        }
    }
    let how = if neutralised.is_empty() {
        "no public ACL grant or unconditioned public policy statement".to_owned()
    } else {
        format!("Block Public Access ({}) applies", neutralised.join(", "))
    };
    Exposure::Private(format!("bucket {name} is not public: {how}"))
}
