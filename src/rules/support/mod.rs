//! Logic shared by two or more rules. A helper used by one rule stays in that rule.
//!
//! Evidence paths follow one convention:
//! - a field of the evaluated item: `$.configuration.x` ([`config_path`]) or
//!   `$.supplementaryConfiguration.x` ([`supplementary_path`]);
//! - a field of *another* item of the input (account-level verdicts, joins):
//!   `$[?(@.resourceType=='T' && @.resourceId=='id')].configuration.x` ([`item_path`]);
//! - the absence of a matching item: the filter that selects nothing, with the value
//!   `[]` ([`items_path`], [`no_items`]).

pub mod elb;
pub mod field;
pub mod iam;
pub mod ingress;
pub mod join;
pub mod kms;
pub mod logging;
pub mod more;
pub mod network;
pub mod policy;
pub mod s3;
pub mod ssm;

use serde_json::{Value, json};

use crate::model::ConfigItem;
use crate::rules::Evidence;

/// Reads a boolean written as JSON `true`/`false` or as a string in any case (API
/// supplementary values arrive as strings).
pub fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// Reads an integer written as a number (possibly a float, as in advanced-query results)
/// or a numeric string.
#[allow(clippy::cast_possible_truncation, reason = "whole floats only")]
pub fn as_int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A value as a list: arrays as they are, a single value as one element, null as none.
pub fn as_list(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        Value::Null => Vec::new(),
        other => vec![other],
    }
}

/// True for null, empty strings, empty arrays and empty objects.
pub fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Builds the JSONPath of a field inside the item, e.g.
/// `json_path("configuration", "ipPermissions[0].fromPort")` →
/// `$.configuration.ipPermissions[0].fromPort`.
pub fn json_path(root: &str, rest: &str) -> String {
    if rest.is_empty() {
        format!("$.{root}")
    } else if rest.starts_with('[') {
        format!("$.{root}{rest}")
    } else {
        format!("$.{root}.{rest}")
    }
}

/// `$.configuration.<rest>`.
pub fn config_path(rest: &str) -> String {
    json_path("configuration", rest)
}

/// `$.supplementaryConfiguration.<rest>`.
pub fn supplementary_path(rest: &str) -> String {
    json_path("supplementaryConfiguration", rest)
}

/// The JSONPath of a field of *another* item of the input (account-level verdicts and
/// joins): `item_path(trail, "$.configuration.x")` →
/// `$[?(@.resourceType=='T' && @.resourceId=='id')].configuration.x`.
pub fn item_path(item: &ConfigItem, path: &str) -> String {
    let rest = path.strip_prefix('$').unwrap_or(path);
    format!(
        "$[?(@.resourceType=='{}' && @.resourceId=='{}')]{rest}",
        item.key.resource_type, item.key.resource_id
    )
}

/// The JSONPath that selects the input's items of a type in an account (and Region),
/// optionally narrowed by one more filter condition (`@.configuration.resourceId=='vpc-1'`):
/// `$[?(@.resourceType=='T' && @.awsAccountId=='a' && @.awsRegion=='r')]`.
pub fn items_path(
    resource_type: &str,
    account: &str,
    region: Option<&str>,
    condition: Option<&str>,
) -> String {
    let region = region.map_or(String::new(), |r| format!(" && @.awsRegion=='{r}'"));
    let condition = condition.map_or(String::new(), |c| format!(" && {c}"));
    format!(
        "$[?(@.resourceType=='{resource_type}' && @.awsAccountId=='{account}'{region}{condition})]"
    )
}

/// Evidence that the input holds no current item of a type in an account (and Region).
pub fn no_items(resource_type: &str, account: &str, region: Option<&str>) -> Evidence {
    Evidence::at(items_path(resource_type, account, region, None), json!([]))
}
