//! The one place where encoded values inside configuration items are decoded: JSON
//! strings, double-encoded strings and URL-encoded IAM policy documents
//! (aws-config-formats.md §8.x). The raw text stays reachable through
//! [`ConfigItem::raw_configuration`](super::ConfigItem::raw_configuration).

use std::collections::BTreeMap;

use percent_encoding::percent_decode_str;
use serde_json::Value;

/// How many times a string may be JSON inside JSON before we stop unwrapping it
/// (GetResourceConfigHistory double-encodes the S3 ACL).
const MAX_ENCODING_DEPTH: usize = 4;

/// Decodes a value that may be JSON written as a string, possibly more than once.
/// Strings that are not JSON documents stay strings.
pub(crate) fn decode_embedded(value: &mut Value) {
    for _ in 0..MAX_ENCODING_DEPTH {
        let Value::String(s) = value else { return };
        let t = s.trim_start();
        let looks_like_json = t.starts_with(['{', '[', '"'])
            || matches!(t.trim_end(), "true" | "false" | "null")
            || t.parse::<f64>().is_ok();
        if !looks_like_json {
            return;
        }
        match serde_json::from_str::<Value>(s) {
            Ok(decoded) => *value = decoded,
            Err(_) => return,
        }
    }
}

/// Decodes every value of `supplementaryConfiguration` (objects, JSON strings,
/// double-encoded strings), then the policy documents found inside.
pub(crate) fn normalize_supplementary(value: &mut Value) {
    decode_embedded(value);
    let Value::Object(map) = value else { return };
    for (key, v) in map.iter_mut() {
        normalize_supplementary_field(key, v);
    }
}

/// What [`normalize_supplementary`] does to one top-level field.
pub(crate) fn normalize_supplementary_field(key: &str, v: &mut Value) {
    decode_embedded(v);
    match key {
        "BucketPolicy" => decode_policy_field(v, "policyText"),
        "Policy" => decode_policy(v),
        _ => {}
    }
}

/// Per-type decoding of policy documents inside `configuration`.
pub(crate) fn normalize_configuration(resource_type: &str, value: &mut Value) {
    if let Value::String(s) = value
        && s == "null"
    {
        *value = Value::Null;
        return;
    }
    decode_embedded(value);
    if let Value::Object(map) = value {
        for (key, field) in map.iter_mut() {
            normalize_configuration_field(resource_type, key, field);
        }
    }
}

/// The decoding of one top-level `configuration` field: what
/// [`normalize_configuration`] does to it, so a field decoded alone reads the same.
pub(crate) fn normalize_configuration_field(resource_type: &str, key: &str, v: &mut Value) {
    match (resource_type, key) {
        ("AWS::IAM::Role", "assumeRolePolicyDocument") => decode_policy(v),
        ("AWS::IAM::Role", "rolePolicyList")
        | ("AWS::IAM::User", "userPolicyList")
        | ("AWS::IAM::Group", "groupPolicyList") => decode_list_field(v, "policyDocument"),
        ("AWS::IAM::Policy", "policyVersionList") => decode_list_field(v, "document"),
        ("AWS::IAM::Role", "instanceProfileList") => {
            if let Value::Array(profiles) = v {
                for profile in profiles {
                    if let Some(Value::Array(roles)) = profile.get_mut("roles") {
                        for role in roles {
                            decode_policy_field(role, "assumeRolePolicyDocument");
                        }
                    }
                }
            }
        }
        ("AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group" | "AWS::IAM::Policy", _) => {}
        // SQS, SNS and other types carry resource policies as JSON strings.
        (
            _,
            "Policy"
            | "policy"
            | "EffectiveDeliveryPolicy"
            | "DeliveryPolicy"
            | "accessPolicies"
            | "AccessPolicies",
        ) => decode_policy(v),
        _ => {}
    }
}

fn decode_list_field(list: &mut Value, field: &str) {
    if let Value::Array(entries) = list {
        for entry in entries {
            decode_policy_field(entry, field);
        }
    }
}

fn decode_policy_field(container: &mut Value, field: &str) {
    if let Some(v) = container.get_mut(field) {
        decode_policy(v);
    }
}

/// Decodes a policy document given as a URL-encoded JSON string, a plain JSON string, or
/// already as an object (RDK samples wrap it in a one-element list).
fn decode_policy(v: &mut Value) {
    if let Value::String(s) = v
        && let Some(decoded) = url_decode_policy(s)
    {
        *v = decoded;
        return;
    }
    decode_embedded(v);
}

/// Decodes an IAM policy document that AWS Config stores URL-encoded
/// (`"%7B%22Version%22%3A…"`). Returns `None` when the text is not such a document.
pub fn url_decode_policy(s: &str) -> Option<Value> {
    let t = s.trim_start();
    if !t.starts_with('%') {
        return None;
    }
    let decoded = percent_decode_str(t).decode_utf8().ok()?;
    // `+` is a space in form encoding; IAM documents never contain a literal `+` outside
    // strings, so only retry with it replaced when the first parse fails.
    serde_json::from_str(&decoded)
        .or_else(|_| serde_json::from_str(&decoded.replace('+', " ")))
        .ok()
}

/// Reads tags from any of AWS's shapes: a `{k: v}` map, or a list of `{key,value}`,
/// `{Key,Value}` or `{tagKey,tagValue}` objects.
pub fn tags_from_value(value: &Value) -> BTreeMap<String, String> {
    let mut tags = BTreeMap::new();
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                tags.insert(k.clone(), scalar_text(v));
            }
        }
        Value::Array(list) => {
            for entry in list {
                let key = ["key", "Key", "tagKey", "TagKey"]
                    .iter()
                    .find_map(|k| entry.get(*k).and_then(Value::as_str));
                if let Some(key) = key {
                    let value = ["value", "Value", "tagValue", "TagValue"]
                        .iter()
                        .find_map(|k| entry.get(*k))
                        .map(scalar_text)
                        .unwrap_or_default();
                    tags.insert(key.to_owned(), value);
                }
            }
        }
        _ => {}
    }
    tags
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decodes_url_encoded_role_documents() {
        let mut cfg = json!({
            "assumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%7D%5D%7D",
            "rolePolicyList": [{"policyName": "p", "policyDocument": "%7B%0A%20%20%22Statement%22%3A%20%5B%5D%0A%7D"}]
        });
        normalize_configuration("AWS::IAM::Role", &mut cfg);
        assert_eq!(
            cfg["assumeRolePolicyDocument"]["Statement"][0]["Effect"],
            "Allow"
        );
        assert_eq!(
            cfg["rolePolicyList"][0]["policyDocument"]["Statement"],
            json!([])
        );
    }

    #[test]
    fn decodes_double_encoded_supplementary_values() {
        let acl = json!({"grantList": []}).to_string();
        let mut supp = json!({
            "AccessControlList": serde_json::to_string(&acl).unwrap(),
            "IsRequesterPaysEnabled": "false",
            "BucketPolicy": {"policyText": "{\"Statement\":[]}"},
            "Label": "plain words stay"
        });
        normalize_supplementary(&mut supp);
        assert_eq!(supp["AccessControlList"]["grantList"], json!([]));
        assert_eq!(supp["IsRequesterPaysEnabled"], json!(false));
        assert_eq!(supp["BucketPolicy"]["policyText"]["Statement"], json!([]));
        assert_eq!(supp["Label"], "plain words stay");
    }

    #[test]
    fn configuration_string_null_is_null() {
        let mut v = json!("null");
        normalize_configuration("AWS::EC2::Instance", &mut v);
        assert!(v.is_null());
    }

    #[test]
    fn tags_from_every_shape() {
        let expected: BTreeMap<String, String> = [("env".to_owned(), "prod".to_owned())].into();
        assert_eq!(tags_from_value(&json!({"env": "prod"})), expected);
        assert_eq!(
            tags_from_value(&json!([{"key": "env", "value": "prod"}])),
            expected
        );
        assert_eq!(
            tags_from_value(&json!([{"Key": "env", "Value": "prod"}])),
            expected
        );
        assert_eq!(
            tags_from_value(&json!([{"tagKey": "env", "tagValue": "prod"}])),
            expected
        );
        assert!(tags_from_value(&json!(null)).is_empty());
    }
}
