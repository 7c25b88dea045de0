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
