//! Logic shared by two or more rules. A helper used by one rule stays in that rule.

pub mod elb;
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
pub mod trail_bucket;

use serde_json::Value;

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
