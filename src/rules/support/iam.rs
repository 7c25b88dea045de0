//! IAM configuration items: the default version of a customer-managed policy, attached
//! and inline policies of users, roles and groups, group membership and role trust.
//! Statement-level analysis (actions, wildcards) lives in [`super::policy`].

use serde_json::Value;

use super::policy::{Statement, statements};
use super::{as_bool, as_int, as_list, config_path};
use crate::model::ConfigItem;
use crate::rules::{Evidence, RuleContext, Verdict};

/// One policy document found in an item, with the JSONPath of the document.
#[derive(Debug, Clone)]
pub struct PolicyDocument<'a> {
    pub path: String,
    pub doc: &'a Value,
}

impl<'a> PolicyDocument<'a> {
    pub fn statements(&self) -> Vec<Statement<'a>> {
        statements(self.doc, &self.path)
    }
}

/// The documents of a policy version's `document` field. The loader decodes the
/// URL-encoded text into an object; RDK samples wrap that object in a one-element list.
fn documents_at(value: &Value, path: String) -> Vec<PolicyDocument<'_>> {
    match value {
        Value::Object(_) => vec![PolicyDocument { path, doc: value }],
        Value::Array(list) => list
            .iter()
            .enumerate()
            .filter(|(_, d)| d.is_object())
            .map(|(i, doc)| PolicyDocument {
                path: format!("{path}[{i}]"),
                doc,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The default version of an `AWS::IAM::Policy` item: the entry of `policyVersionList`
/// with `isDefaultVersion` true (a boolean or a string), else the entry whose
/// `versionId` equals `defaultVersionId`. `None` when neither is present or the
/// document could not be decoded.
pub fn default_version_documents(item: &ConfigItem) -> Option<Vec<PolicyDocument<'_>>> {
    let versions = item.config_at("policyVersionList").as_array()?;
    let default_id = item.config_at("defaultVersionId").as_str();
    let (index, version) = versions
        .iter()
        .enumerate()
        .find(|(_, v)| v.get("isDefaultVersion").and_then(as_bool) == Some(true))
        .or_else(|| {
            let id = default_id?;
            versions
                .iter()
                .enumerate()
                .find(|(_, v)| v.get("versionId").and_then(Value::as_str) == Some(id))
        })?;
    let docs = documents_at(
        version.get("document")?,
        config_path(&format!("policyVersionList[{index}].document")),
    );
    (!docs.is_empty()).then_some(docs)
}

/// AWS-managed policy ARNs (`arn:aws:iam::aws:policy/…`, in any partition).
pub fn is_aws_managed_policy_arn(arn: &str) -> bool {
    arn.split(':').nth(4) == Some("aws") && arn.contains(":policy/")
}

/// The checks both customer-managed policy rules share before reading statements:
/// AWS-managed policies and (with the rule parameter `excludePermissionBoundaryPolicy`
/// true) policies used as permissions boundaries are NOT_APPLICABLE; a policy without a
/// readable default version is INSUFFICIENT_DATA. Otherwise the default version's
/// documents.
pub fn customer_policy_documents<'a>(
    item: &'a ConfigItem,
    cx: &RuleContext<'_>,
) -> Result<Vec<PolicyDocument<'a>>, Verdict> {
    let arn = item
        .config_at("arn")
        .as_str()
        .or(item.arn.as_deref())
        .unwrap_or_default();
    if is_aws_managed_policy_arn(arn) {
        return Err(Verdict::not_applicable(format!(
            "{arn} is an AWS managed policy; only customer managed policies are evaluated"
        )));
    }
    if cx
        .params()
        .bool("excludePermissionBoundaryPolicy")
        .unwrap_or(false)
    {
        let count = as_int(item.config_at("permissionsBoundaryUsageCount")).unwrap_or(0);
        if count > 0 {
            return Err(Verdict::not_applicable(format!(
                "the policy is used as a permissions boundary by {count} entities and \
                 excludePermissionBoundaryPolicy is true"
            )));
        }
    }
    default_version_documents(item).ok_or_else(|| {
        Verdict::insufficient_data(
            "the policy has no readable default version in policyVersionList",
        )
    })
}

/// The verdict of a rule that looks for one kind of statement in customer managed
/// policies: the checks of [`customer_policy_documents`], then the first finding of
/// `find` in the default version's documents, else COMPLIANT with `pass`.
pub fn customer_policy_verdict(
    item: &ConfigItem,
    cx: &RuleContext<'_>,
    pass: &str,
    find: impl Fn(&PolicyDocument<'_>) -> Option<Verdict>,
) -> Verdict {
    match customer_policy_documents(item, cx) {
        Ok(docs) => docs
            .iter()
            .find_map(find)
            .unwrap_or_else(|| Verdict::compliant(pass)),
        Err(verdict) => verdict,
    }
}

/// Whether an action grants every action of a service (`s3:*`) or of every service (`*`,
/// `*:*`). Prefixed wildcards such as `ec2:Describe*` do not.
pub fn is_full_access_action(action: &str) -> bool {
    let a = action.trim();
    let all_stars = |s: &str| !s.is_empty() && s.chars().all(|c| c == '*');
    match a.split_once(':') {
        Some((service, rest)) => !service.is_empty() && all_stars(rest),
        None => all_stars(a),
    }
}

/// The list field holding inline policies for an IAM type.
pub fn inline_policy_field(resource_type: &str) -> Option<&'static str> {
    match resource_type {
        "AWS::IAM::User" => Some("userPolicyList"),
        "AWS::IAM::Role" => Some("rolePolicyList"),
        "AWS::IAM::Group" => Some("groupPolicyList"),
        _ => None,
    }
}

/// The inline policies of a user, role or group and the field that lists them.
#[derive(Debug, Clone)]
pub struct InlinePolicies<'a> {
    /// `userPolicyList`, `rolePolicyList` or `groupPolicyList` (empty for other types).
    pub field: &'static str,
    pub list: Vec<&'a Value>,
}

impl<'a> InlinePolicies<'a> {
    /// The first policy's name (`?` when unnamed) and the evidence of a rule that forbids
    /// inline policies: `$.configuration.<field>[0].policyName`.
    pub fn first(&self) -> Option<(&'a str, Evidence)> {
        let name = self
            .list
            .first()?
            .get("policyName")
            .and_then(Value::as_str)
            .unwrap_or("?");
        let path = config_path(&format!("{}[0].policyName", self.field));
        Some((name, Evidence::at(path, name)))
    }
}

/// Inline policies of a user, role or group (a `null` or missing list is empty).
pub fn inline_policies(item: &ConfigItem) -> InlinePolicies<'_> {
    match inline_policy_field(item.resource_type()) {
        Some(field) => InlinePolicies {
            field,
            list: as_list(item.config_at(field)),
        },
        None => InlinePolicies {
            field: "",
            list: Vec::new(),
        },
    }
}

/// One entry of `attachedManagedPolicies`.
#[derive(Debug, Clone, Copy)]
pub struct AttachedPolicy<'a> {
    pub index: usize,
    pub arn: &'a str,
    pub name: &'a str,
}

/// Managed policies attached to a user, role or group (`attachedManagedPolicies`).
pub fn attached_policies(item: &ConfigItem) -> Vec<AttachedPolicy<'_>> {
    as_list(item.config_at("attachedManagedPolicies"))
        .into_iter()
        .enumerate()
        .filter_map(|(index, p)| {
            Some(AttachedPolicy {
                index,
                arn: p.get("policyArn").and_then(Value::as_str)?,
                name: p.get("policyName").and_then(Value::as_str).unwrap_or(""),
            })
        })
        .collect()
}

/// The names of the groups a user belongs to (`groupList`).
pub fn group_names(user: &ConfigItem) -> Vec<&str> {
    as_list(user.config_at("groupList"))
        .into_iter()
        .filter_map(Value::as_str)
        .collect()
}

/// Whether a role's trust policy lets at least one principal assume it: an `Allow`
/// statement of `assumeRolePolicyDocument` with a non-empty `Principal`.
pub fn role_has_trusted_entity(role: &ConfigItem) -> bool {
    statements(role.config_at("assumeRolePolicyDocument"), "$")
        .iter()
        .any(|s| {
            s.is_allow()
                && s.raw.get("Principal").is_some_and(|p| match p {
                    Value::String(s) => !s.trim().is_empty(),
                    Value::Object(map) => map.values().any(|v| !as_list(v).is_empty()),
                    _ => false,
                })
        })
}

/// The name of an inline policy entry (`policyName`), or `?`.
pub fn inline_policy_name(entry: &Value) -> &str {
    entry
        .get("policyName")
        .and_then(Value::as_str)
        .unwrap_or("?")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_access_actions() {
        assert!(is_full_access_action("s3:*"));
        assert!(is_full_access_action("*"));
        assert!(is_full_access_action("*:*"));
        assert!(is_full_access_action(" EC2:** "));
        assert!(!is_full_access_action("ec2:Describe*"));
        assert!(!is_full_access_action("s3:Get*"));
        assert!(!is_full_access_action(":*"));
        assert!(!is_full_access_action(""));
    }

    #[test]
    fn aws_managed_arns() {
        assert!(is_aws_managed_policy_arn(
            "arn:aws:iam::aws:policy/AdministratorAccess"
        ));
        assert!(is_aws_managed_policy_arn(
            "arn:aws-cn:iam::aws:policy/ReadOnlyAccess"
        ));
        assert!(!is_aws_managed_policy_arn(
            "arn:aws:iam::111122223333:policy/mine"
        ));
    }
}
