//! CloudTrail log files (`{"Records": […]}`, plain or gzip, single files or the S3 layout
//! `AWSLogs/<account>/CloudTrail/<region>/<y>/<m>/<d>/`): who made each change.
//!
//! Events are indexed once by every resource identifier they mention (`resources[].ARN`,
//! and the id-like strings in `requestParameters` and `responseElements`), so matching a
//! configuration change to its API calls is a lookup, not a scan.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::load::{self, LoadError, Problem};
use crate::model::parse_timestamp;

/// One API call, reduced to what a timeline shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub event_time: DateTime<Utc>,
    pub event_source: String,
    pub event_name: String,
    /// The caller: `userIdentity.arn`, else the user name or principal id.
    pub principal: String,
    pub identity_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
    #[serde(rename = "sourceIPAddress", skip_serializing_if = "Option::is_none")]
    pub source_ip_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    pub read_only: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aws_region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    #[serde(skip)]
    pub file: Arc<str>,
}

fn field(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// Whether a call only reads: `readOnly` when CloudTrail says so, else the verb.
fn is_read_only(record: &Value, name: &str) -> bool {
    match record.get("readOnly") {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => ["Describe", "Get", "List", "Head", "Lookup"]
            .iter()
            .any(|p| name.starts_with(p)),
    }
}

/// Strings that may name a resource: ids (`sg-…`, bucket names), ARNs.
fn collect_ids(v: &Value, out: &mut Vec<String>, depth: usize) {
    if depth > 8 {
        return;
    }
    match v {
        Value::String(s) if (3..=2048).contains(&s.len()) && !s.contains(char::is_whitespace) => {
            out.push(s.clone());
        }
        Value::Array(list) => list.iter().for_each(|e| collect_ids(e, out, depth + 1)),
        Value::Object(map) => map.values().for_each(|e| collect_ids(e, out, depth + 1)),
        _ => {}
    }
}

/// The identifiers a CloudTrail record mentions (`resources[].ARN`, and the id-like
/// strings in `requestParameters` and `responseElements`): what it is indexed by.
pub fn record_ids(r: &Value) -> Vec<String> {
    let mut ids = Vec::new();
    if let Some(resources) = r.get("resources").and_then(Value::as_array) {
        for res in resources {
            ids.extend(field(res, "ARN").or_else(|| field(res, "arn")));
        }
    }
    for key in ["requestParameters", "responseElements"] {
        if let Some(v) = r.get(key) {
            collect_ids(v, &mut ids, 0);
        }
    }
    ids
}

/// All events read, sorted by time, with an index by identifier.
#[derive(Debug, Default)]
pub struct Trail {
    pub events: Vec<Event>,
    by_id: HashMap<String, Vec<u32>>,
    pub problems: Vec<Problem>,
}

impl Trail {
    /// Reads every CloudTrail file under `paths` (other files are ignored).
    pub fn load(paths: &[std::path::PathBuf]) -> Self {
        let loaded = load::load_paths(paths, &|_| ());
        Self::from_texts(&loaded.cloudtrail)
    }

    /// Builds from CloudTrail documents already read by the loader.
    pub fn from_texts(files: &[(Arc<str>, crate::model::SharedText)]) -> Self {
        let mut trail = Self::default();
        let mut raw: Vec<(Event, Vec<String>)> = Vec::new();
        for (file, text) in files {
            let doc: Value = match serde_json::from_str(text) {
                Ok(doc) => doc,
                Err(e) => {
                    trail
                        .problems
                        .push(Problem::file(file, LoadError::InvalidJson(e.to_string())));
                    continue;
                }
            };
            let records = doc
                .get("Records")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default();
            for (i, r) in records.iter().enumerate() {
                let Some(time) = r
                    .get("eventTime")
                    .and_then(Value::as_str)
                    .and_then(parse_timestamp)
                else {
                    trail.problems.push(
                        Problem::file(file, LoadError::MissingField("eventTime")).at_index(i),
                    );
                    continue;
                };
                let name = field(r, "eventName").unwrap_or_default();
                let identity = r.get("userIdentity").cloned().unwrap_or(Value::Null);
                let principal = field(&identity, "arn")
                    .or_else(|| field(&identity, "userName"))
                    .or_else(|| field(&identity, "principalId"))
                    .or_else(|| field(&identity, "invokedBy"))
                    .unwrap_or_else(|| "unknown".to_owned());
                let ids = record_ids(r);
                raw.push((
                    Event {
                        event_time: time,
                        event_source: field(r, "eventSource").unwrap_or_default(),
                        read_only: is_read_only(r, &name),
                        event_name: name,
                        principal,
                        identity_type: field(&identity, "type").unwrap_or_default(),
                        access_key_id: field(&identity, "accessKeyId"),
                        source_ip_address: field(r, "sourceIPAddress"),
                        user_agent: field(r, "userAgent"),
                        error_code: field(r, "errorCode"),
                        error_message: field(r, "errorMessage"),
                        aws_region: field(r, "awsRegion"),
                        event_id: field(r, "eventID"),
                        file: Arc::clone(file),
                    },
                    ids,
                ));
            }
        }
        // Sorted by time; the same event delivered twice (two trails) is kept once.
        raw.sort_by(|a, b| {
            a.0.event_time
                .cmp(&b.0.event_time)
                .then_with(|| a.0.event_id.cmp(&b.0.event_id))
        });
        raw.dedup_by(|a, b| a.0.event_id.is_some() && a.0.event_id == b.0.event_id);
        for (event, ids) in raw {
            let index = u32::try_from(trail.events.len()).unwrap_or(u32::MAX);
            for id in ids {
                let slot = trail.by_id.entry(id).or_default();
                if slot.last() != Some(&index) {
                    slot.push(index);
                }
            }
            trail.events.push(event);
        }
        trail
    }

    /// Events mentioning any of `ids` with `after < eventTime <= until`, oldest first.
    pub fn touching(
        &self,
        ids: &[&str],
        after: Option<DateTime<Utc>>,
        until: DateTime<Utc>,
        read_only: bool,
    ) -> Vec<&Event> {
        let mut hits: Vec<u32> = ids
            .iter()
            .filter_map(|id| self.by_id.get(*id))
            .flatten()
            .copied()
            .collect();
        hits.sort_unstable();
        hits.dedup();
        hits.into_iter()
            .filter_map(|i| self.events.get(i as usize))
            .filter(|e| e.event_time <= until && after.is_none_or(|a| e.event_time > a))
            .filter(|e| read_only || !e.read_only)
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trail() -> Trail {
        let text = r#"{"Records":[
 {"eventTime":"2026-03-09T14:07:11Z","eventSource":"ec2.amazonaws.com","eventName":"AuthorizeSecurityGroupIngress","eventID":"e1",
  "userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/bob","userName":"bob","accessKeyId":"AKIAEXAMPLE"},
  "sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2.15","requestParameters":{"groupId":"sg-1","ipPermissions":{"items":[{"fromPort":22}]}},"readOnly":false},
 {"eventTime":"2026-03-09T14:08:00Z","eventSource":"ec2.amazonaws.com","eventName":"DescribeSecurityGroups","eventID":"e2",
  "userIdentity":{"type":"IAMUser","userName":"bob"},"requestParameters":{"groupSet":{"items":[{"groupId":"sg-1"}]}}},
 {"eventTime":"2026-03-09T13:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"RevokeSecurityGroupIngress","eventID":"e3","errorCode":"Client.UnauthorizedOperation",
  "userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/dev/carol"},"requestParameters":{"groupId":"sg-1"}},
 {"eventTime":"2026-03-09T14:07:11Z","eventSource":"ec2.amazonaws.com","eventName":"AuthorizeSecurityGroupIngress","eventID":"e1",
  "userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/bob"},"requestParameters":{"groupId":"sg-1"}}
]}"#;
        Trail::from_texts(&[(Arc::from("ct.json"), Arc::new(text.to_owned()))])
    }

    #[test]
    fn matches_by_id_in_window_and_skips_reads() {
        let t = trail();
        assert_eq!(t.events.len(), 3, "the duplicate delivery is dropped");
        let until = parse_timestamp("2026-03-09T15:00:00Z").unwrap();
        let after = parse_timestamp("2026-03-09T13:30:00Z");
        let hits = t.touching(&["sg-1"], after, until, false);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].event_name, "AuthorizeSecurityGroupIngress");
        assert_eq!(hits[0].principal, "arn:aws:iam::111122223333:user/bob");
        assert_eq!(hits[0].access_key_id.as_deref(), Some("AKIAEXAMPLE"));
        assert_eq!(
            t.touching(&["sg-1"], after, until, true).len(),
            2,
            "read-only on request"
        );
        let all = t.touching(&["sg-1"], None, until, false);
        assert_eq!(
            all[0].error_code.as_deref(),
            Some("Client.UnauthorizedOperation")
        );
        assert!(t.touching(&["sg-2"], None, until, true).is_empty());
    }
}
