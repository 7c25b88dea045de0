//! KMS key references: whether the key an item is encrypted with is the one a rule
//! parameter names. Items and parameters write keys as a key id (`1234abcd-…`), a key
//! ARN (`arn:aws:kms:…:key/1234abcd-…`), an alias (`alias/my-key`) or an alias ARN;
//! aliases are resolved through the `AWS::KMS::Alias` items of the same account and
//! Region (`AliasName` → `TargetKeyId`).

use serde_json::Value;

use super::field::Field;
use crate::model::ConfigItem;
use crate::rules::{RuleContext, Verdict};

/// The key id of a key reference: the part after `key/` in a key ARN, the text itself
/// for a bare id; `None` for aliases.
pub fn key_id(reference: &str) -> Option<&str> {
    let r = reference.trim();
    if let Some((_, id)) = r.rsplit_once(":key/") {
        return Some(id);
    }
    (!r.starts_with("arn:") && !r.starts_with("alias/")).then_some(r)
}

/// The alias name of an alias reference (`alias/x` or `arn:…:alias/x` → `alias/x`).
pub fn alias_name(reference: &str) -> Option<&str> {
    let r = reference.trim();
    if r.starts_with("alias/") {
        return Some(r);
    }
    r.split_once(":alias/")
        .map(|(_, rest)| &r[r.len() - rest.len() - "alias/".len()..])
}

/// Resolves a reference to a key id, following an alias through the `AWS::KMS::Alias`
/// items near `item`. `None` when the alias is not in the input.
pub fn resolve(cx: &RuleContext<'_>, item: &ConfigItem, reference: &str) -> Option<String> {
    if let Some(id) = key_id(reference) {
        return Some(id.to_owned());
    }
    let alias = alias_name(reference)?;
    cx.items_near("AWS::KMS::Alias", item).find_map(|a| {
        let name = a
            .config_at("AliasName")
            .as_str()
            .or_else(|| a.config_at("aliasName").as_str())
            .unwrap_or(a.resource_id());
        if name != alias {
            return None;
        }
        a.config_at("TargetKeyId")
            .as_str()
            .or_else(|| a.config_at("targetKeyId").as_str())
            .and_then(key_id)
            .map(str::to_owned)
    })
}

/// Whether `actual` (the key recorded on the item) is the key `wanted` names. Equal
/// text matches; otherwise both sides are reduced to key ids (aliases resolved).
pub fn same_key(cx: &RuleContext<'_>, item: &ConfigItem, actual: &str, wanted: &str) -> bool {
    if actual.trim() == wanted.trim() {
        return true;
    }
    match (resolve(cx, item, actual), resolve(cx, item, wanted)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// Whether `actual` is any of the `wanted` keys.
pub fn any_key(cx: &RuleContext<'_>, item: &ConfigItem, actual: &str, wanted: &[String]) -> bool {
    wanted.iter().any(|w| same_key(cx, item, actual, w))
}

/// The verdict of the "encrypted, with the required key when one is given" rules
/// (`efs-encrypted-check`, `rds-storage-encrypted`, `encrypted-volumes`): NON_COMPLIANT
/// unless the `encrypted` flag is true; then, when `wanted` names a key, the key recorded
/// in `key` must be that key ([`same_key`]). `subject` names what is encrypted in
/// annotations ("the file system").
pub fn encryption_verdict(
    cx: &RuleContext<'_>,
    encrypted: &Field<'_>,
    key: &Field<'_>,
    wanted: Option<&str>,
    subject: &str,
) -> Verdict {
    if !encrypted.is_true() {
        return encrypted.violation(format_args!("{subject} is not encrypted"));
    }
    let Some(wanted) = wanted else {
        return Verdict::compliant(format!("{subject} is encrypted"));
    };
    match key.text() {
        Some(actual) if same_key(cx, key.item, actual, wanted) => Verdict::compliant(format!(
            "{subject} is encrypted with the required key {wanted}"
        )),
        Some(actual) => Verdict::non_compliant(
            format!("{subject} is encrypted with {actual}, not the required key {wanted}"),
            key.evidence(),
        ),
        None => Verdict::non_compliant(
            format!(
                "{subject} is encrypted, but its KMS key is not recorded, so it is not the required key {wanted}"
            ),
            key.evidence(),
        ),
    }
}

/// A string field, or `None` when missing, null or blank.
pub fn non_blank(v: &Value) -> Option<&str> {
    v.as_str().filter(|s| !s.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_references() {
        let arn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assert_eq!(key_id(arn), Some("1234abcd-12ab-34cd-56ef-1234567890ab"));
        assert_eq!(key_id("1234abcd"), Some("1234abcd"));
        assert_eq!(key_id("alias/app"), None);
        assert_eq!(alias_name("alias/app"), Some("alias/app"));
        assert_eq!(
            alias_name("arn:aws:kms:us-east-1:111122223333:alias/app"),
            Some("alias/app")
        );
        assert_eq!(alias_name(arn), None);
    }
}
