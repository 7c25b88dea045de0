//! Helpers shared by the rules added from the conformance-pack backlog: fields recorded
//! under several casings (Elasticsearch's Java-bean `encryptionAtRestOptions` and
//! OpenSearch's `EncryptionAtRestOptions`), on/off flags, and "encrypted with a KMS key,
//! optionally one of these" checks.

use serde_json::Value;

use super::kms::{any_key, non_blank};
use super::{as_bool, config_path};
use crate::model::ConfigItem;
use crate::rules::{Evidence, RuleContext, Verdict};

/// The first of `paths` (dotted, under `configuration`) that is present and not null,
/// with its value; the first path and `Null` when none is.
pub fn config_field<'a>(item: &'a ConfigItem, paths: &[&'static str]) -> (&'static str, &'a Value) {
    paths
        .iter()
        .map(|p| (*p, item.config_at(p)))
        .find(|(_, v)| !v.is_null())
        .unwrap_or((paths.first().copied().unwrap_or(""), &Value::Null))
}

/// COMPLIANT when the first present of `paths` is true (a boolean or a string in any
/// case); NON_COMPLIANT otherwise, with the field's path and value (null when missing).
pub fn flag_verdict(item: &ConfigItem, paths: &[&'static str], what: &str) -> Verdict {
    let (path, value) = config_field(item, paths);
    if as_bool(value) == Some(true) {
        Verdict::compliant(format!("{what} is enabled"))
    } else {
        Verdict::non_compliant(
            format!("{what} is not enabled ({path}: {value})"),
            Evidence::at(config_path(path), value.clone()),
        )
    }
}

/// The check of "encrypted with a KMS key, optionally one of `wanted`": NON_COMPLIANT
/// when `key` (found at `path` under `configuration`) is blank, or when `wanted` is not
/// empty and the key is none of them (ids, ARNs and aliases compared through
/// [`super::kms::same_key`]); COMPLIANT otherwise.
pub fn kms_key_verdict(
    cx: &RuleContext<'_>,
    item: &ConfigItem,
    path: &str,
    key: &Value,
    wanted: &[String],
    what: &str,
) -> Verdict {
    let Some(actual) = non_blank(key) else {
        return Verdict::non_compliant(
            format!("{what} is not encrypted with a KMS key ({path} is not set)"),
            Evidence::at(config_path(path), key.clone()),
        );
    };
    if wanted.is_empty() {
        return Verdict::compliant(format!("{what} is encrypted with the KMS key {actual}"));
    }
    if any_key(cx, item, actual, wanted) {
        Verdict::compliant(format!(
            "{what} is encrypted with the listed KMS key {actual}"
        ))
    } else {
        Verdict::non_compliant(
            format!(
                "{what} is encrypted with {actual}, which is not one of {}",
                wanted.join(", ")
            ),
            Evidence::at(config_path(path), actual),
        )
    }
}

/// Whether a string field equals one of `allowed` ignoring ASCII case.
pub fn in_list_ignore_case(value: &str, allowed: &[String]) -> bool {
    allowed
        .iter()
        .any(|a| a.trim().eq_ignore_ascii_case(value.trim()))
}

/// NOT_APPLICABLE for ELBv2 load balancers that are not Application Load Balancers
/// (`type` `network` or `gateway`); `None` for ALBs (a missing `type` counts as ALB).
pub fn not_alb(item: &ConfigItem) -> Option<Verdict> {
    let kind = item.config_at("type").as_str().unwrap_or("application");
    (!kind.eq_ignore_ascii_case("application")).then(|| {
        Verdict::not_applicable(format!(
            "the rule applies to Application Load Balancers, not {kind} load balancers"
        ))
    })
}

/// The container definitions of an `AWS::ECS::TaskDefinition` item (PascalCase in real
/// items, camelCase read too), with the field name.
pub fn ecs_containers(item: &ConfigItem) -> (&'static str, &[Value]) {
    let (field, list) = config_field(item, &["ContainerDefinitions", "containerDefinitions"]);
    (
        field,
        list.as_array().map(Vec::as_slice).unwrap_or_default(),
    )
}

/// A field of a container definition in either casing, e.g. `["User", "user"]`.
pub fn container_field<'a>(
    container: &'a Value,
    names: &[&'static str],
) -> (&'static str, &'a Value) {
    names
        .iter()
        .find_map(|n| container.get(*n).filter(|v| !v.is_null()).map(|v| (*n, v)))
        .unwrap_or((names.first().copied().unwrap_or(""), &Value::Null))
}

/// Whether a task definition item is `INACTIVE` (deregistered).
pub fn ecs_inactive(item: &ConfigItem) -> bool {
    config_field(item, &["Status", "status"])
        .1
        .as_str()
        .is_some_and(|s| s.eq_ignore_ascii_case("INACTIVE"))
}

/// Whether a container `user` value runs as root: missing, `root` or UID `0`, alone or
/// as the user part of `user:group`.
pub fn is_root_user(user: &Value) -> bool {
    let Some(u) = user.as_str().map(str::trim).filter(|u| !u.is_empty()) else {
        return true;
    };
    let name = u.split(':').next().unwrap_or(u).trim();
    name.eq_ignore_ascii_case("root") || name == "0"
}

/// The policy documents of one inline policy entry (`policyDocument`, decoded by the
/// loader: an object, or a one-element list in RDK samples), with their JSONPaths.
pub fn inline_documents<'a>(entry: &'a Value, entry_path: &str) -> Vec<(String, &'a Value)> {
    let base = format!("{entry_path}.policyDocument");
    match entry.get("policyDocument") {
        Some(doc @ Value::Object(_)) => vec![(base, doc)],
        Some(Value::Array(list)) => list
            .iter()
            .enumerate()
            .filter(|(_, d)| d.is_object())
            .map(|(i, d)| (format!("{base}[{i}]"), d))
            .collect(),
        _ => Vec::new(),
    }
}

/// One blocked KMS action a policy statement allows on all keys.
#[derive(Debug, Clone)]
pub struct BlockedKmsGrant {
    /// JSONPath of the statement.
    pub path: String,
    /// The blocked pattern that matched.
    pub blocked: String,
    /// The statement's action (or `NotAction …`) that allows it.
    pub action: String,
    /// The resource that covers every key.
    pub resource: String,
}

/// Whether a resource entry reaches every KMS key: `*`, or a KMS (or any-service) ARN
/// that is not a fixed value (holds a wildcard or a policy variable).
fn covers_all_kms_keys(resource: &str) -> bool {
    let r = resource.trim();
    if r == "*" {
        return true;
    }
    let service = r.split(':').nth(2).unwrap_or("");
    let kms_like =
        service.eq_ignore_ascii_case("kms") || service.contains('*') || service.contains('?');
    kms_like && (r.contains('*') || r.contains('?') || r.contains("${"))
}

/// Whether an action entry of a statement and a blocked pattern overlap (either matches
/// the other, wildcards honoured, case ignored).
fn overlaps(action: &str, blocked: &str) -> bool {
    use super::policy::wildcard_match;
    wildcard_match(action, blocked) || wildcard_match(blocked, action)
}

/// The first `Allow` statement of `doc` (at `base`) that allows an action matching one
/// of `blocked` on a resource covering every KMS key. Conditions are not evaluated.
/// `NotResource` counts as every resource; `NotAction` allows a blocked pattern unless
/// one of its entries matches the pattern.
pub fn blocked_kms_grant(doc: &Value, base: &str, blocked: &[String]) -> Option<BlockedKmsGrant> {
    use super::policy::{statements, wildcard_match};
    for s in statements(doc, base) {
        if !s.is_allow() {
            continue;
        }
        let resource = if s.raw.get("NotResource").is_some() {
            Some("NotResource".to_owned())
        } else {
            s.resources()
                .into_iter()
                .find(|r| covers_all_kms_keys(r))
                .map(str::to_owned)
        };
        let Some(resource) = resource else {
            continue;
        };
        let actions = s.actions();
        let not_actions = s.not_actions();
        for pattern in blocked.iter().map(|b| b.trim()).filter(|b| !b.is_empty()) {
            let hit = if !actions.is_empty() {
                actions
                    .iter()
                    .find(|a| overlaps(a, pattern))
                    .map(|a| (*a).to_owned())
            } else if !not_actions.is_empty()
                && !not_actions.iter().any(|n| wildcard_match(n, pattern))
            {
                Some(format!("NotAction {}", not_actions.join(", ")))
            } else {
                None
            };
            if let Some(action) = hit {
                return Some(BlockedKmsGrant {
                    path: s.path.clone(),
                    blocked: pattern.to_owned(),
                    action,
                    resource,
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn all_kms_keys() {
        assert!(covers_all_kms_keys("*"));
        assert!(covers_all_kms_keys("arn:aws:kms:*:111122223333:key/*"));
        assert!(covers_all_kms_keys(
            "arn:aws:kms:us-east-1:111122223333:key/${aws:username}"
        ));
        assert!(covers_all_kms_keys("arn:aws:*:*:*:*"));
        assert!(!covers_all_kms_keys(
            "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
        ));
        assert!(!covers_all_kms_keys("arn:aws:s3:::bucket/*"));
    }

    #[test]
    fn blocked_grants() {
        let blocked = vec!["kms:Decrypt".to_owned(), "kms:ReEncrypt*".to_owned()];
        let doc = json!({"Statement": [
            {"Effect": "Allow", "Action": "kms:*", "Resource": "arn:aws:kms:us-east-1:1:key/abc"},
            {"Effect": "Deny", "Action": "kms:*", "Resource": "*"},
            {"Effect": "Allow", "Action": ["s3:GetObject", "kms:ReEncryptFrom"], "Resource": "*"}
        ]});
        let hit = blocked_kms_grant(&doc, "$", &blocked).unwrap();
        assert_eq!(hit.path, "$.Statement[2]");
        assert_eq!(hit.action, "kms:ReEncryptFrom");
        let not_action =
            json!({"Statement": {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}});
        assert!(blocked_kms_grant(&not_action, "$", &blocked).is_some());
        let excluded =
            json!({"Statement": {"Effect": "Allow", "NotAction": "kms:*", "Resource": "*"}});
        assert!(blocked_kms_grant(&excluded, "$", &blocked).is_none());
    }
}
