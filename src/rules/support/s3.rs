//! S3 buckets: Block Public Access (bucket and account level), public ACL grants,
//! bucket-policy statements that open the bucket to everyone, and default encryption.
//!
//! The public-access test is the one test of "is this bucket public" for every rule:
//! `s3-bucket-public-read-prohibited` and `s3-bucket-public-write-prohibited` ask about
//! one kind of access, `cloudtrail-s3-bucket-public-access-prohibited` about any
//! ([`Access::Any`], S3's own definition of a public bucket): see [`public_access`].
//!
//! Shapes (aws-config-formats.md §8, `AWS::S3::Bucket`): the loader has already decoded
//! `supplementaryConfiguration.AccessControlList` and `BucketPolicy.policyText` into
//! objects; `BucketPolicy` is `{}` or `{"policyText": null}` when the bucket has no policy.

use serde_json::Value;

use super::policy::{Condition, Statement, statements};
use super::{as_bool, supplementary_path};
use crate::model::ConfigItem;
use crate::rules::RuleContext;

/// The account-level Block Public Access resource type.
pub const ACCOUNT_PUBLIC_ACCESS_BLOCK: &str = "AWS::S3::AccountPublicAccessBlock";

/// Which kind of public access a caller asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Listing the bucket or reading objects.
    Read,
    /// Writing or deleting objects, or changing the bucket's ACL or policy.
    Write,
    /// Any access at all: S3's own definition of a public bucket ("The meaning of
    /// public" in the S3 Block Public Access guide): an ACL that grants any permission to
    /// `AllUsers` or `AuthenticatedUsers`, or a policy statement that grants anything to
    /// everyone without fixed-value restricting conditions.
    Any,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
            Self::Any => "access",
        }
    }

    /// Whether an `Allow` statement's actions grant this access: for `Read` and `Write`,
    /// an action of [`Self::policy_actions`] (wildcards honoured); for `Any`, any action.
    fn granted_by_statement(self, s: &Statement<'_>) -> bool {
        self == Self::Any || self.policy_actions().iter().any(|a| s.allows_action(a))
    }

    /// The policy actions that grant this access (none listed for `Any`, which every
    /// action grants). A statement whose actions match any of them (wildcards honoured)
    /// grants the access.
    pub fn policy_actions(self) -> &'static [&'static str] {
        match self {
            Self::Any => &[],
            Self::Read => &[
                "s3:GetObject",
                "s3:GetObjectVersion",
                "s3:ListBucket",
                "s3:ListBucketVersions",
                "s3:ListBucketMultipartUploads",
            ],
            Self::Write => &[
                "s3:PutObject",
                "s3:PutObjectAcl",
                "s3:DeleteObject",
                "s3:DeleteObjectVersion",
                "s3:PutBucketAcl",
                "s3:PutBucketPolicy",
                "s3:DeleteBucketPolicy",
                "s3:DeleteBucket",
                "s3:RestoreObject",
                "s3:AbortMultipartUpload",
            ],
        }
    }

    /// Whether an ACL permission grants this access: `Read`/`FullControl` for read;
    /// `Write`/`WriteAcp`/`FullControl` for write (`WriteAcp` lets the grantee rewrite
    /// the ACL and so grant itself write); any permission for `Any`.
    fn granted_by(self, permission: AclPermission) -> bool {
        match self {
            Self::Any => true,
            Self::Read => matches!(permission, AclPermission::Read | AclPermission::FullControl),
            Self::Write => matches!(
                permission,
                AclPermission::Write | AclPermission::WriteAcp | AclPermission::FullControl
            ),
        }
    }
}

/// Where a bucket is open to the public, for evidence: the JSONPath of the ACL grant or
/// policy statement, the value found there, and a one-line reason.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicGrant {
    pub path: String,
    pub value: Value,
    pub reason: String,
}

/// The four Block Public Access flags. Missing flags are `false`, as S3 treats them.
#[allow(
    clippy::struct_excessive_bools,
    reason = "the four independent S3 flags, named as AWS names them"
)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BlockPublicAccess {
    pub block_public_acls: bool,
    pub ignore_public_acls: bool,
    pub block_public_policy: bool,
    pub restrict_public_buckets: bool,
}

impl BlockPublicAccess {
    /// The names of the flags as Config writes them, in AWS's usual order.
    pub const FLAGS: [&'static str; 4] = [
        "blockPublicAcls",
        "ignorePublicAcls",
        "blockPublicPolicy",
        "restrictPublicBuckets",
    ];

    /// Reads the flags from a `{blockPublicAcls, ignorePublicAcls, …}` object (booleans
    /// or `"true"` strings). `None` when `v` is not an object or names none of the flags.
    pub fn from_value(v: &Value) -> Option<Self> {
        let map = v.as_object()?;
        if !Self::FLAGS.iter().any(|f| map.contains_key(*f)) {
            return None;
        }
        let flag = |name: &str| map.get(name).and_then(as_bool).unwrap_or(false);
        Some(Self {
            block_public_acls: flag("blockPublicAcls"),
            ignore_public_acls: flag("ignorePublicAcls"),
            block_public_policy: flag("blockPublicPolicy"),
            restrict_public_buckets: flag("restrictPublicBuckets"),
        })
    }

    /// A flag by its Config name (`blockPublicAcls`…).
    pub fn get(&self, name: &str) -> Option<bool> {
        match name {
            "blockPublicAcls" => Some(self.block_public_acls),
            "ignorePublicAcls" => Some(self.ignore_public_acls),
            "blockPublicPolicy" => Some(self.block_public_policy),
            "restrictPublicBuckets" => Some(self.restrict_public_buckets),
            _ => None,
        }
    }

    /// All four flags on.
    pub fn all_enabled(&self) -> bool {
        self.block_public_acls
            && self.ignore_public_acls
            && self.block_public_policy
            && self.restrict_public_buckets
    }

    /// The flags in force when both levels apply: S3 uses the most restrictive
    /// combination of the bucket and account settings.
    #[must_use]
    pub fn union(self, other: Self) -> Self {
        Self {
            block_public_acls: self.block_public_acls || other.block_public_acls,
            ignore_public_acls: self.ignore_public_acls || other.ignore_public_acls,
            block_public_policy: self.block_public_policy || other.block_public_policy,
            restrict_public_buckets: self.restrict_public_buckets || other.restrict_public_buckets,
        }
    }

    /// The names of the flags that are off.
    pub fn disabled(&self) -> Vec<&'static str> {
        Self::FLAGS
            .into_iter()
            .filter(|f| self.get(f) == Some(false))
            .collect()
    }
}

/// The bucket-level settings (`supplementaryConfiguration.PublicAccessBlockConfiguration`);
/// `None` when the item has none (older items, or no bucket-level configuration).
pub fn bucket_block_public_access(bucket: &ConfigItem) -> Option<BlockPublicAccess> {
    BlockPublicAccess::from_value(bucket.supplementary_at("PublicAccessBlockConfiguration"))
}

/// The account-level settings of an `AWS::S3::AccountPublicAccessBlock` item.
pub fn account_block_public_access(item: &ConfigItem) -> Option<BlockPublicAccess> {
    if item.is_deleted() {
        return None;
    }
    BlockPublicAccess::from_value(item.configuration())
}

/// The `AWS::S3::AccountPublicAccessBlock` item of the bucket's account: the one recorded
/// in the bucket's Region if any, else the most recently captured one of the account
/// (the setting is account-wide; Config records it per Region). Deleted items (settings
/// removed) are skipped.
pub fn account_public_access_block<'a>(
    cx: &RuleContext<'a>,
    bucket: &ConfigItem,
) -> Option<&'a ConfigItem> {
    account_block_in(cx.inventory, bucket)
}

/// [`account_public_access_block`] over an inventory (for user scripts).
pub fn account_block_in<'a>(
    inv: &'a crate::Inventory,
    bucket: &ConfigItem,
) -> Option<&'a ConfigItem> {
    let in_account = || {
        inv.of_type(ACCOUNT_PUBLIC_ACCESS_BLOCK)
            .filter(|i| i.key.account == bucket.key.account && !i.is_deleted())
    };
    in_account()
        .find(|i| i.key.region == bucket.key.region)
        .or_else(|| in_account().max_by(|a, b| a.version_order(b)))
}

/// The bucket name: `configuration.name`, else the resource id.
pub fn bucket_name(bucket: &ConfigItem) -> &str {
    bucket
        .config_at("name")
        .as_str()
        .unwrap_or(bucket.resource_id())
}

/// The bucket policy document, or `None` when the bucket has no policy (`{}`,
/// `{"policyText": null}`, or no `BucketPolicy` at all).
pub fn bucket_policy(bucket: &ConfigItem) -> Option<&Value> {
    let text = bucket.supplementary_at("BucketPolicy.policyText");
    text.is_object().then_some(text)
}

/// The JSONPath of the policy document.
pub const POLICY_PATH: &str = "$.supplementaryConfiguration.BucketPolicy.policyText";

/// The statements of the bucket policy (empty without a policy).
pub fn policy_statements(bucket: &ConfigItem) -> Vec<Statement<'_>> {
    bucket_policy(bucket)
        .map(|doc| statements(doc, POLICY_PATH))
        .unwrap_or_default()
}

/// An ACL grantee, as Config writes it: a bare group name (`"AllUsers"`), an object with
/// a group `uri`, or a canonical user `{id, displayName}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grantee<'a> {
    AllUsers,
    AuthenticatedUsers,
    LogDelivery,
    /// A canonical user id (or e-mail address for old grants).
    User(&'a str),
    Unknown,
}

impl Grantee<'_> {
    /// Anyone (`AllUsers`) or any AWS account (`AuthenticatedUsers`).
    pub fn is_public(&self) -> bool {
        matches!(self, Self::AllUsers | Self::AuthenticatedUsers)
    }

    pub fn describe(&self) -> &str {
        match self {
            Self::AllUsers => "AllUsers (everyone)",
            Self::AuthenticatedUsers => "AuthenticatedUsers (any AWS account)",
            Self::LogDelivery => "the LogDelivery group",
            Self::User(id) => id,
            Self::Unknown => "an unrecognised grantee",
        }
    }
}

fn group_of(text: &str) -> Option<Grantee<'static>> {
    let name = text.rsplit('/').next().unwrap_or(text);
    if name.eq_ignore_ascii_case("AllUsers") {
        Some(Grantee::AllUsers)
    } else if name.eq_ignore_ascii_case("AuthenticatedUsers") {
        Some(Grantee::AuthenticatedUsers)
    } else if name.eq_ignore_ascii_case("LogDelivery") {
        Some(Grantee::LogDelivery)
    } else {
        None
    }
}

fn grantee_of(v: &Value) -> Grantee<'_> {
    match v {
        Value::String(s) => group_of(s).unwrap_or(Grantee::User(s)),
        Value::Object(map) => {
            for key in ["uri", "URI", "identifier", "id"] {
                if let Some(s) = map.get(key).and_then(Value::as_str) {
                    if let Some(g) = group_of(s) {
                        return g;
                    }
                    if key == "id" || key == "identifier" {
                        return Grantee::User(s);
                    }
                }
            }
            map.get("emailAddress")
                .and_then(Value::as_str)
                .map_or(Grantee::Unknown, Grantee::User)
        }
        _ => Grantee::Unknown,
    }
}

/// An ACL permission (`Read`, `FULL_CONTROL`… in any spelling).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AclPermission {
    Read,
    Write,
    ReadAcp,
    WriteAcp,
    FullControl,
    Other,
}

impl AclPermission {
    pub fn parse(s: &str) -> Self {
        let norm: String = s
            .chars()
            .filter(|c| *c != '_' && *c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match norm.as_str() {
            "read" => Self::Read,
            "write" => Self::Write,
            "readacp" => Self::ReadAcp,
            "writeacp" => Self::WriteAcp,
            "fullcontrol" => Self::FullControl,
            _ => Self::Other,
        }
    }
}

/// One ACL grant with its JSONPath.
#[derive(Debug, Clone)]
pub struct AclGrant<'a> {
    pub path: String,
    pub raw: &'a Value,
    pub grantee: Grantee<'a>,
    pub permission: AclPermission,
    /// The permission as written.
    pub permission_text: &'a str,
}

/// The bucket ACL (`None` when the item has no `AccessControlList`).
pub fn acl(bucket: &ConfigItem) -> Option<&Value> {
    let acl = bucket.supplementary_at("AccessControlList");
    acl.is_object().then_some(acl)
}

/// The canonical id of the ACL owner (`AccessControlList.owner.id`), else the bucket
/// owner from `configuration.owner.id`.
pub fn acl_owner_id(bucket: &ConfigItem) -> Option<&str> {
    bucket
        .supplementary_at("AccessControlList.owner.id")
        .as_str()
        .or_else(|| bucket.config_at("owner.id").as_str())
}

/// Every grant of the bucket ACL, from `grantList` and from `grantSet` (older items).
pub fn acl_grants(bucket: &ConfigItem) -> Vec<AclGrant<'_>> {
    let Some(acl) = acl(bucket) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for list in ["grantList", "grantSet"] {
        let Some(grants) = acl.get(list).and_then(Value::as_array) else {
            continue;
        };
        for (i, raw) in grants.iter().enumerate() {
            let permission_text = raw.get("permission").and_then(Value::as_str).unwrap_or("");
            out.push(AclGrant {
                path: supplementary_path(&format!("AccessControlList.{list}[{i}]")),
                raw,
                grantee: raw.get("grantee").map_or(Grantee::Unknown, grantee_of),
                permission: AclPermission::parse(permission_text),
                permission_text,
            });
        }
    }
    out
}

/// The first ACL grant that gives `AllUsers` or `AuthenticatedUsers` the access.
pub fn public_acl_grant(bucket: &ConfigItem, kind: Access) -> Option<PublicGrant> {
    acl_grants(bucket)
        .into_iter()
        .find(|g| g.grantee.is_public() && kind.granted_by(g.permission))
        .map(|g| PublicGrant {
            reason: format!(
                "the bucket ACL grants {} to {}",
                g.permission_text,
                g.grantee.describe()
            ),
            path: g.path,
            value: g.raw.clone(),
        })
}

/// Condition keys that pin a public-principal statement to known callers or networks
/// (after S3's definition of a non-public policy: fixed values of these keys).
const RESTRICTING_KEYS: &[&str] = &[
    "aws:SourceIp",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOwner",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalServiceName",
    "aws:userid",
    "aws:username",
    "s3:DataAccessPointArn",
    "s3:DataAccessPointAccount",
];

/// A value is "fixed" when it names something: not empty, not only wildcards, no policy
/// variable (`${aws:username}`), and for IP addresses not a `/0` range.
fn is_fixed_value(key: &str, value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() || v.contains("${") || v.chars().all(|c| c == '*' || c == '?') {
        return false;
    }
    !(key.eq_ignore_ascii_case("aws:SourceIp") && v.ends_with("/0"))
}

/// Whether a condition limits who can use the statement: a positive operator (not
/// negated, not `…IfExists`, not `ForAllValues:`) on a restricting key whose values are
/// all fixed.
pub fn is_restricting_condition(c: &Condition<'_>) -> bool {
    if c.is_negated() || c.if_exists() || c.operator.starts_with("ForAllValues:") {
        return false;
    }
    if !RESTRICTING_KEYS.iter().any(|k| c.key_is(k)) {
        return false;
    }
    let texts = c.texts();
    !texts.is_empty() && texts.iter().all(|t| is_fixed_value(c.key, t))
}

/// Whether a statement grants everyone (`Principal: "*"`, `{"AWS": "*"}`, an `AWS`
/// principal with a wildcard such as `arn:aws:iam::*:root`, or `Allow` + `NotPrincipal`).
pub fn statement_principal_is_public(s: &Statement<'_>) -> bool {
    s.has_not_principal()
        || s.principals()
            .iter()
            .any(|p| p.is_anyone() || (p.kind.eq_ignore_ascii_case("AWS") && p.value.contains('*')))
}

/// How a public statement names everyone, for annotations: `Principal *`,
/// `Principal arn:aws:iam::*:root`, or `NotPrincipal`.
fn public_principal(s: &Statement<'_>) -> String {
    if s.has_not_principal() {
        return "NotPrincipal".to_owned();
    }
    let principals = s.principals();
    let public = principals
        .iter()
        .find(|p| p.is_anyone())
        .or_else(|| principals.iter().find(|p| p.value.contains('*')));
    public.map_or_else(
        || "Principal ?".to_owned(),
        |p| format!("Principal {}", p.value),
    )
}

/// The first `Allow` statement of the bucket policy that gives everyone the access
/// without a restricting condition.
pub fn public_policy_statement(bucket: &ConfigItem, kind: Access) -> Option<PublicGrant> {
    policy_statements(bucket)
        .into_iter()
        .find(|s| {
            s.is_allow()
                && statement_principal_is_public(s)
                && kind.granted_by_statement(s)
                && !s.conditions().iter().any(is_restricting_condition)
        })
        .map(|s| PublicGrant {
            reason: format!(
                "bucket policy statement {} allows public {} to everyone ({}) without a restricting condition",
                s.sid().map_or_else(|| s.path.clone(), |sid| format!("{sid:?}")),
                kind.as_str(),
                public_principal(&s)
            ),
            path: s.path.clone(),
            value: s.raw.clone(),
        })
}

/// The Block Public Access flags in force for a bucket: the bucket's own settings
/// combined with those of the account's `AWS::S3::AccountPublicAccessBlock` item
/// ([`account_public_access_block`]; `None` for the bucket alone).
pub fn effective_block_public_access(
    bucket: &ConfigItem,
    account_bpa: Option<&ConfigItem>,
) -> BlockPublicAccess {
    bucket_block_public_access(bucket)
        .unwrap_or_default()
        .union(
            account_bpa
                .and_then(account_block_public_access)
                .unwrap_or_default(),
        )
}

/// Whether the bucket is open to the public for `kind`, as S3 would allow it:
/// the policy counts unless `restrictPublicBuckets` is on (bucket or account level), the
/// ACL counts unless `ignorePublicAcls` is on. `account_bpa` is the account's
/// `AWS::S3::AccountPublicAccessBlock` item ([`account_public_access_block`]), or `None`
/// to look at the bucket alone. Returns the first public grant (policy first).
pub fn public_access(
    bucket: &ConfigItem,
    account_bpa: Option<&ConfigItem>,
    kind: Access,
) -> Option<PublicGrant> {
    let effective = effective_block_public_access(bucket, account_bpa);
    if !effective.restrict_public_buckets
        && let Some(g) = public_policy_statement(bucket, kind)
    {
        return Some(g);
    }
    if !effective.ignore_public_acls
        && let Some(g) = public_acl_grant(bucket, kind)
    {
        return Some(g);
    }
    None
}

/// Compares an account's Block Public Access settings with the required ones (the four
/// `*PublicA*` parameters of the account-level rules). Returns the first flag whose
/// value differs: (flag name, required, actual).
pub fn account_bpa_mismatch(
    actual: &BlockPublicAccess,
    required: impl Fn(&str) -> Option<bool>,
) -> Option<(&'static str, bool, bool)> {
    BlockPublicAccess::FLAGS.into_iter().find_map(|flag| {
        let want = required(flag)?;
        let have = actual.get(flag).unwrap_or(false);
        (want != have).then_some((flag, want, have))
    })
}

/// The parameter name of an account-level rule for a flag (`blockPublicAcls` →
/// `BlockPublicAcls`).
pub fn flag_parameter(flag: &str) -> String {
    let mut chars = flag.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// One default-encryption rule of a bucket.
#[derive(Debug, Clone)]
pub struct SseRule<'a> {
    /// JSONPath of `applyServerSideEncryptionByDefault`.
    pub path: String,
    /// `AES256`, `aws:kms`, `aws:kms:dsse`.
    pub algorithm: &'a str,
    /// `kmsMasterKeyID` (key id, key ARN or alias), when given.
    pub kms_key: Option<&'a str>,
}

/// What the item says about default encryption.
#[derive(Debug, Clone)]
pub enum DefaultEncryption<'a> {
    /// The item has no `ServerSideEncryptionConfiguration` key at all (items recorded
    /// before Config captured it): unknown, not "off".
    Unknown,
    /// The key is present but `null`, empty, or without an algorithm.
    Off,
    On(Vec<SseRule<'a>>),
}

/// Reads `supplementaryConfiguration.ServerSideEncryptionConfiguration.rules[]`.
pub fn default_encryption(bucket: &ConfigItem) -> DefaultEncryption<'_> {
    let Some(sse) = bucket.supplementary_field("ServerSideEncryptionConfiguration") else {
        return DefaultEncryption::Unknown;
    };
    let rules: Vec<SseRule<'_>> = sse
        .get("rules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, rule)| {
            let by_default = rule.get("applyServerSideEncryptionByDefault")?;
            let algorithm = by_default
                .get("sseAlgorithm")
                .and_then(Value::as_str)
                .filter(|a| !a.trim().is_empty())?;
            Some(SseRule {
                path: supplementary_path(&format!(
                    "ServerSideEncryptionConfiguration.rules[{i}].applyServerSideEncryptionByDefault"
                )),
                algorithm,
                kms_key: by_default
                    .get("kmsMasterKeyID")
                    .and_then(Value::as_str)
                    .filter(|k| !k.trim().is_empty()),
            })
        })
        .collect();
    if rules.is_empty() {
        DefaultEncryption::Off
    } else {
        DefaultEncryption::On(rules)
    }
}

/// Whether an SSE algorithm uses AWS KMS (`aws:kms`, `aws:kms:dsse`).
pub fn is_kms_algorithm(algorithm: &str) -> bool {
    algorithm.to_ascii_lowercase().starts_with("aws:kms")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn grantees_in_every_shape() {
        assert_eq!(grantee_of(&json!("AllUsers")), Grantee::AllUsers);
        assert_eq!(
            grantee_of(
                &json!({"uri": "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"})
            ),
            Grantee::AuthenticatedUsers
        );
        assert_eq!(
            grantee_of(&json!({"id": "http://acs.amazonaws.com/groups/s3/LogDelivery"})),
            Grantee::LogDelivery
        );
        assert_eq!(
            grantee_of(&json!({"id": "abc", "displayName": null})),
            Grantee::User("abc")
        );
        assert_eq!(
            AclPermission::parse("FULL_CONTROL"),
            AclPermission::FullControl
        );
        assert_eq!(AclPermission::parse("WriteAcp"), AclPermission::WriteAcp);
    }

    #[test]
    fn restricting_conditions() {
        let doc = json!({"Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
             "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}},
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
             "Condition": {"IpAddress": {"aws:SourceIp": ["0.0.0.0/0"]}}},
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
             "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-1"}}},
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
             "Condition": {"StringEquals": {"aws:PrincipalOrgID": "${aws:PrincipalOrgID}"}}},
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
             "Condition": {"StringLike": {"aws:SourceArn": "arn:aws:cloudfront::111122223333:distribution/*"}}}
        ]});
        let verdicts: Vec<bool> = statements(&doc, "$")
            .iter()
            .map(|s| s.conditions().iter().any(is_restricting_condition))
            .collect();
        assert_eq!(verdicts, vec![true, false, false, false, true]);
    }

    #[test]
    fn union_is_most_restrictive() {
        let bucket = BlockPublicAccess {
            block_public_acls: true,
            ..BlockPublicAccess::default()
        };
        let account = BlockPublicAccess {
            restrict_public_buckets: true,
            ..BlockPublicAccess::default()
        };
        let u = bucket.union(account);
        assert!(u.block_public_acls && u.restrict_public_buckets && !u.ignore_public_acls);
        assert_eq!(u.disabled(), vec!["ignorePublicAcls", "blockPublicPolicy"]);
        assert_eq!(flag_parameter("ignorePublicAcls"), "IgnorePublicAcls");
        assert!(BlockPublicAccess::from_value(&json!({})).is_none());
        let strings = BlockPublicAccess::from_value(&json!({"blockPublicAcls": "TRUE"})).unwrap();
        assert!(strings.block_public_acls && !strings.ignore_public_acls);
    }
}
