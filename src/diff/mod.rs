//! Structural diff between two versions of a configuration item, and between two sets
//! of resources.
//!
//! Lists are matched by identity where one exists (security group permissions by
//! protocol and ports, tags by key, relationships by target, policy statements by `Sid`,
//! most AWS sub-resources by their id) rather than by position, so that one added rule
//! reads as one addition. Absent, `null` and empty values are equal by default, so a
//! re-rendered snapshot that only gains empty keys shows no change.

mod apply;
mod path;

use serde::Serialize;
use serde_json::{Map, Value};

pub use apply::apply;
pub use path::{Segment, render_path};

use crate::model::ConfigItem;

/// What happened at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One change: where, what kind, and the values on each side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub path: String,
    #[serde(skip)]
    pub segments: Vec<Segment>,
    pub kind: ChangeKind,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// How to compare.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiffOptions {
    /// Report `null` → `[]` and absent → `""` as changes.
    pub show_empty: bool,
}

/// True for values treated as "nothing": null, "", [] and {}.
pub fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

fn same_scalar(a: &Value, b: &Value) -> bool {
    match (a, b) {
        // Advanced queries turn integers into floats (60 vs 60.0).
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// Identity fields that name an element of an AWS list, in order of preference.
const ID_FIELDS: &[&str] = &[
    "Sid",
    "key",
    "Key",
    "tagKey",
    "TagKey",
    "groupId",
    "networkInterfaceId",
    "volumeId",
    "instanceId",
    "subnetId",
    "allocationId",
    "attachmentId",
    "associationId",
    "deviceName",
    "cidrIp",
    "cidrIpv6",
    "prefixListId",
    "destinationCidrBlock",
    "destinationIpv6CidrBlock",
    "policyArn",
    "policyName",
    "versionId",
    "arn",
    "Arn",
    "id",
    "Id",
    "name",
    "Name",
];

/// The identity of a list element, if it has one.
fn identity(v: &Value) -> Option<String> {
    if is_empty(v) {
        // Empty elements are "nothing": they cannot name an element.
        return None;
    }
    match v {
        Value::Object(o) => {
            // Empty fields count as absent, as they do when diffing: otherwise removing
            // one (`"egress": false` → `null`) would rename the element mid-patch.
            let field = |k: &str| o.get(k).filter(|f| !is_empty(f));
            if let Some(proto) = field("ipProtocol") {
                // Security group permissions: AWS groups sources by protocol and ports.
                let port = |k: &str| field(k).map_or_else(|| "*".to_owned(), Value::to_string);
                return Some(format!(
                    "{}:{}-{}",
                    proto.as_str().unwrap_or_default(),
                    port("fromPort"),
                    port("toPort")
                ));
            }
            if let (Some(n), Some(e)) = (field("ruleNumber"), field("egress")) {
                // Network ACL entries.
                return Some(format!(
                    "{}:{n}",
                    if e.as_bool() == Some(true) {
                        "egress"
                    } else {
                        "ingress"
                    }
                ));
            }
            if let Some(t) = field("resourceType").and_then(Value::as_str) {
                // Relationships: by target (and verb).
                let target = field("resourceId")
                    .or_else(|| field("resourceName"))
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let name = field("name")
                    .or_else(|| field("relationshipName"))
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                return Some(format!("{t}/{target} {}", name.trim()));
            }
            ID_FIELDS.iter().find_map(|k| match field(k) {
                Some(Value::String(s)) => Some(format!("{k}={s}")),
                Some(Value::Number(n)) => Some(format!("{k}={n}")),
                _ => None,
            })
        }
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Identities of every element, when all have one and they are unique.
fn identities(list: &[Value]) -> Option<Vec<String>> {
    let ids: Vec<String> = list.iter().map(identity).collect::<Option<_>>()?;
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    (sorted.len() == ids.len()).then_some(ids)
}

struct Differ<'o> {
    opts: &'o DiffOptions,
    out: Vec<Change>,
}

impl Differ<'_> {
    fn push(
        &mut self,
        path: &[Segment],
        kind: ChangeKind,
        old: Option<&Value>,
        new: Option<&Value>,
    ) {
        self.out.push(Change {
            path: render_path(path),
            segments: path.to_vec(),
            kind,
            old: old.cloned(),
            new: new.cloned(),
        });
    }

    fn value(&mut self, path: &mut Vec<Segment>, a: Option<&Value>, b: Option<&Value>) {
        let empty_a = a.is_none_or(|v| !self.opts.show_empty && is_empty(v));
        let empty_b = b.is_none_or(|v| !self.opts.show_empty && is_empty(v));
        match (a, b) {
            _ if empty_a && empty_b => {}
            (Some(x), Some(y)) if !empty_a && !empty_b => match (x, y) {
                (Value::Object(m), Value::Object(n)) => self.object(path, m, n),
                (Value::Array(l), Value::Array(r)) => self.array(path, l, r),
                _ if same_scalar(x, y) => {}
                _ => self.push(path, ChangeKind::Changed, a, b),
            },
            _ if empty_a => self.push(
                path,
                ChangeKind::Added,
                a.filter(|_| self.opts.show_empty),
                b,
            ),
            _ => self.push(
                path,
                ChangeKind::Removed,
                a,
                b.filter(|_| self.opts.show_empty),
            ),
        }
    }

    fn object(&mut self, path: &mut Vec<Segment>, a: &Map<String, Value>, b: &Map<String, Value>) {
        let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            path.push(Segment::Key(k.clone()));
            self.value(path, a.get(k), b.get(k));
            path.pop();
        }
    }

    fn array(&mut self, path: &mut Vec<Segment>, a: &[Value], b: &[Value]) {
        match (identities(a), identities(b)) {
            (Some(ia), Some(ib)) => {
                for (i, id) in ia.iter().enumerate() {
                    path.push(Segment::Id(id.clone()));
                    let other = ib.iter().position(|x| x == id).map(|j| &b[j]);
                    self.value(path, Some(&a[i]), other);
                    path.pop();
                }
                for (j, id) in ib.iter().enumerate() {
                    if !ia.contains(id) {
                        path.push(Segment::Id(id.clone()));
                        self.value(path, None, Some(&b[j]));
                        path.pop();
                    }
                }
            }
            _ => {
                for i in 0..a.len().max(b.len()) {
                    path.push(Segment::Index(i));
                    self.value(path, a.get(i), b.get(i));
                    path.pop();
                }
            }
        }
    }
}

/// The changes that turn `a` into `b`, under `root` (e.g. `configuration`).
pub fn diff_values(root: &str, a: &Value, b: &Value, opts: &DiffOptions) -> Vec<Change> {
    let mut d = Differ {
        opts,
        out: Vec::new(),
    };
    let mut path = if root.is_empty() {
        Vec::new()
    } else {
        vec![Segment::Key(root.to_owned())]
    };
    d.value(&mut path, Some(a), Some(b));
    d.out
}

/// Relationships as a JSON list, for diffing by target.
fn relationships_value(item: &ConfigItem) -> Value {
    serde_json::to_value(&item.relationships).unwrap_or(Value::Null)
}

/// The changes between two versions of one resource: configuration, supplementary
/// configuration, tags and relationships.
pub fn diff_items(old: &ConfigItem, new: &ConfigItem, opts: &DiffOptions) -> Vec<Change> {
    // The same `configurationStateId` means AWS recorded no change; differences are a
    // re-rendering (new keys with default values such as `"off"`), shown only on request.
    if !opts.show_empty && old.state_id.is_some() && old.state_id == new.state_id {
        return Vec::new();
    }
    let mut changes = diff_values(
        "configuration",
        old.configuration(),
        new.configuration(),
        opts,
    );
    changes.extend(diff_values(
        "supplementaryConfiguration",
        old.supplementary(),
        new.supplementary(),
        opts,
    ));
    let tags = |i: &ConfigItem| serde_json::to_value(i.tags()).unwrap_or(Value::Null);
    changes.extend(diff_values("tags", &tags(old), &tags(new), opts));
    changes.extend(diff_values(
        "relationships",
        &relationships_value(old),
        &relationships_value(new),
        opts,
    ));
    changes
}

/// A one-line summary of changes, for verdict transitions ("ipPermissions gained
/// tcp:22-22 (0.0.0.0/0)").
pub fn summarize(changes: &[Change], max: usize) -> String {
    let mut parts: Vec<String> = changes
        .iter()
        .take(max)
        .map(|c| {
            let mut path = c.path.strip_prefix("configuration.").unwrap_or(&c.path);
            // `ipPermissions[tcp:22-22]` reads better as `ipPermissions` when the value says it.
            if c.new
                .as_ref()
                .or(c.old.as_ref())
                .is_some_and(|v| v.get("ipProtocol").is_some())
                && let Some(i) = path.rfind('[')
            {
                path = &path[..i];
            }
            match c.kind {
                ChangeKind::Added => format!("{path} gained {}", short(c.new.as_ref())),
                ChangeKind::Removed => format!("{path} lost {}", short(c.old.as_ref())),
                ChangeKind::Changed => format!(
                    "{path} {} → {}",
                    short(c.old.as_ref()),
                    short(c.new.as_ref())
                ),
            }
        })
        .collect();
    if changes.len() > max {
        parts.push(format!("and {} more", changes.len() - max));
    }
    parts.join("; ")
}

/// A security group permission as people say it: `tcp/22 from 0.0.0.0/0, ::/0`.
fn describe_permission(v: &Value) -> Option<String> {
    let proto = v.get("ipProtocol")?.as_str()?;
    let ports = match (
        v.get("fromPort").and_then(Value::as_i64),
        v.get("toPort").and_then(Value::as_i64),
    ) {
        _ if proto == "-1" => "all traffic".to_owned(),
        (Some(a), Some(b)) if a == b => format!("{proto}/{a}"),
        (Some(a), Some(b)) => format!("{proto}/{a}-{b}"),
        _ => format!("{proto}/all ports"),
    };
    let mut sources: Vec<&str> = Vec::new();
    for (key, field) in [
        ("ipv4Ranges", "cidrIp"),
        ("ipv6Ranges", "cidrIpv6"),
        ("userIdGroupPairs", "groupId"),
        ("prefixListIds", "prefixListId"),
    ] {
        for e in v
            .get(key)
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            sources.extend(e.get(field).and_then(Value::as_str));
        }
    }
    if sources.is_empty() {
        sources.extend(
            v.get("ipRanges")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str),
        );
    }
    Some(if sources.is_empty() {
        ports
    } else {
        format!("{ports} from {}", sources.join(", "))
    })
}

fn short(v: Option<&Value>) -> String {
    if let Some(text) = v.and_then(describe_permission) {
        return text;
    }
    let text = v.map_or_else(|| "nothing".to_owned(), Value::to_string);
    if text.chars().count() > 80 {
        let cut: String = text.chars().take(77).collect();
        format!("{cut}…")
    } else {
        text
    }
}

#[cfg(test)]
mod tests;
