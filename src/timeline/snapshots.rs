//! What each ConfigSnapshot file says about presence: which resources it holds, when it
//! was taken, and which types its account and Region record. A resource missing from a
//! later snapshot that records its type was deleted (inferred).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::Value;

use crate::Inventory;
use crate::model::{ConfigItem, Format, ResourceKey};

/// Which types a snapshot's recorder records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// `AllSupported` (global types only with `IncludeGlobalResourceTypes`), minus
    /// exclusions.
    All {
        global: bool,
        excluded: BTreeSet<String>,
    },
    /// An explicit `ResourceTypes` list.
    Only(BTreeSet<String>),
    /// No recorder item: the types present in the snapshot are taken as recorded.
    Observed(BTreeSet<String>),
}

impl Recorded {
    pub fn records(&self, resource_type: &str) -> bool {
        match self {
            Self::All { global, excluded } => {
                !excluded.contains(resource_type)
                    && (*global || !ResourceKey::is_global_type(resource_type))
            }
            Self::Only(types) | Self::Observed(types) => types.contains(resource_type),
        }
    }
}

/// One ConfigSnapshot file.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub file: Arc<str>,
    pub account: Arc<str>,
    /// The Region the snapshot was delivered for (global IAM items ride along).
    pub region: Arc<str>,
    pub time: DateTime<Utc>,
    pub recorded: Recorded,
    /// Whether it holds global (IAM) items, i.e. speaks for the account's global types.
    pub has_global: bool,
    /// The resources it holds. (Read back from a history store: only those asked about.)
    pub keys: HashSet<ResourceKey>,
}

fn get<'v>(v: &'v Value, names: &[&str]) -> &'v Value {
    names.iter().find_map(|n| v.get(*n)).unwrap_or(&Value::Null)
}

fn strings(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Reads a recorder item in either casing (real 2026 data is PascalCase).
fn recorded_by(recorder: &ConfigItem) -> Option<Recorded> {
    let group = get(
        recorder.configuration(),
        &["RecordingGroup", "recordingGroup"],
    );
    if group.is_null() {
        return None;
    }
    let all = get(group, &["AllSupported", "allSupported"])
        .as_bool()
        .unwrap_or(false);
    let global = get(
        group,
        &["IncludeGlobalResourceTypes", "includeGlobalResourceTypes"],
    )
    .as_bool()
    .unwrap_or(false);
    let excluded = strings(get(
        get(
            group,
            &["ExclusionByResourceTypes", "exclusionByResourceTypes"],
        ),
        &["ResourceTypes", "resourceTypes"],
    ));
    if all {
        Some(Recorded::All { global, excluded })
    } else {
        let types = strings(get(group, &["ResourceTypes", "resourceTypes"]));
        Some(Recorded::Only(
            types
                .into_iter()
                .filter(|t| !excluded.contains(t))
                .collect(),
        ))
    }
}

/// `…_ConfigSnapshot_20160927T183939Z_…` in the file name.
fn time_from_name(file: &str) -> Option<DateTime<Utc>> {
    let after = &file[file.find("_ConfigSnapshot_")? + "_ConfigSnapshot_".len()..];
    let stamp = after.get(..16)?;
    NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%SZ")
        .ok()
        .map(|t| t.and_utc())
}

/// Every snapshot in the inventory, oldest first.
pub fn index(inv: &Inventory) -> Vec<Snapshot> {
    let mut by_file: BTreeMap<Arc<str>, Vec<&ConfigItem>> = BTreeMap::new();
    for item in inv.all_versions() {
        if item.origin.format == Format::ConfigSnapshot {
            by_file
                .entry(Arc::clone(&item.origin.file))
                .or_default()
                .push(item);
        }
    }
    let mut out: Vec<Snapshot> = by_file
        .into_iter()
        .filter_map(|(file, items)| of_file(file, &items))
        .collect();
    out.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.file.cmp(&b.file)));
    out
}

/// What one ConfigSnapshot file says, from its items; `None` when its time is unknown.
pub fn of_file(file: Arc<str>, items: &[&ConfigItem]) -> Option<Snapshot> {
    let first = items
        .iter()
        .find(|i| &*i.key.region != "global")
        .or(items.first())?;
    let latest = items
        .iter()
        .filter_map(|i| i.capture_time.as_ref()?.instant)
        .max();
    let time = time_from_name(&file).or(latest)?;
    let recorded = items
        .iter()
        .find(|i| &*i.key.resource_type == "AWS::Config::ConfigurationRecorder")
        .and_then(|r| recorded_by(r))
        .unwrap_or_else(|| {
            Recorded::Observed(
                items
                    .iter()
                    .map(|i| i.key.resource_type.to_string())
                    .collect(),
            )
        });
    Some(Snapshot {
        account: Arc::clone(&first.key.account),
        region: Arc::clone(&first.key.region),
        time,
        recorded,
        has_global: items.iter().any(|i| &*i.key.region == "global"),
        keys: items.iter().map(|i| i.key.clone()).collect(),
        file,
    })
}

impl Snapshot {
    /// Whether this snapshot speaks for `key`: same account, same Region (global items
    /// are covered by snapshots that record global types), and its type recorded.
    pub fn covers(&self, key: &ResourceKey) -> bool {
        if self.account != key.account || !self.recorded.records(&key.resource_type) {
            return false;
        }
        if &*key.region == "global" {
            self.has_global
        } else {
            self.region == key.region
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_snapshot_time_from_the_file_name() {
        let t = time_from_name(
            "AWSLogs/1/Config/us-east-2/2016/9/27/ConfigSnapshot/123_Config_us-east-2_ConfigSnapshot_20160927T183939Z_16da.json.gz",
        );
        assert_eq!(t.unwrap().to_rfc3339(), "2016-09-27T18:39:39+00:00");
    }

    #[test]
    fn recorded_types_honour_globals_and_exclusions() {
        let all = Recorded::All {
            global: false,
            excluded: ["AWS::EC2::NetworkAcl".to_owned()].into(),
        };
        assert!(all.records("AWS::EC2::Instance"));
        assert!(!all.records("AWS::EC2::NetworkAcl"));
        assert!(!all.records("AWS::IAM::Role"));
    }
}
