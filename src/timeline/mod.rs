//! Per-resource change timelines: the versions of a resource from every input (snapshots,
//! history files, notifications, API outputs), what changed at each step, how its
//! compliance moved, and the CloudTrail calls behind each change.

pub mod snapshots;

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::Inventory;
use crate::cloudtrail::{Event as TrailEvent, Trail};
use crate::diff::{Change, DiffOptions, diff_items, summarize};
use crate::engine::{Selected, verdict_for};
use crate::model::{ConfigItem, ResourceKey};
use crate::rules::{Compliance, Verdict};
pub use snapshots::Snapshot;

/// What a version means in the resource's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LifeEvent {
    Created,
    Updated,
    Deleted,
    Recreated,
}

/// A rule's verdict at one version.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionVerdict {
    pub identifier: &'static str,
    pub compliance_type: Compliance,
    pub annotation: String,
}

/// One step of the timeline.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Version {
    pub configuration_state_id: Option<String>,
    pub capture_time: Option<DateTime<Utc>>,
    pub status: String,
    pub event: LifeEvent,
    /// True for deletions inferred from absence in a later snapshot (weaker evidence
    /// than a `ResourceDeleted` item).
    pub inferred: bool,
    pub changes: Vec<Change>,
    pub verdicts: Vec<VersionVerdict>,
    pub cloudtrail: Vec<TrailEvent>,
    /// Where this version was read from (or, for inferred deletions, the snapshot that
    /// lacks the resource).
    pub source: String,
}

/// A verdict that changed between two versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Transition {
    pub identifier: &'static str,
    pub at: Option<DateTime<Utc>>,
    pub from: Option<Compliance>,
    pub to: Compliance,
    pub annotation: String,
    /// The field changes that came with it.
    pub because: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceRef {
    pub resource_type: String,
    pub resource_id: String,
    pub aws_account_id: String,
    pub aws_region: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_name: Option<String>,
}

/// The whole history of one resource.
#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    pub resource: ResourceRef,
    pub versions: Vec<Version>,
    pub transitions: Vec<Transition>,
}

/// How to build a timeline.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub diff: DiffOptions,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// Keep read-only CloudTrail events (Describe*, Get*, List*).
    pub read_only: bool,
}

fn capture(item: &ConfigItem) -> Option<DateTime<Utc>> {
    item.capture_time.as_ref().and_then(|t| t.instant)
}

/// Versions of one resource with exact duplicates (same state, same content, delivered
/// through several channels) dropped.
pub fn distinct_versions<'a>(
    history: impl Iterator<Item = &'a ConfigItem>,
    opts: &DiffOptions,
) -> Vec<&'a ConfigItem> {
    let mut kept: Vec<&ConfigItem> = Vec::new();
    for v in history {
        if let Some(prev) = kept.last()
            && prev.state_id == v.state_id
            && prev.status == v.status
            && diff_items(prev, v, opts).is_empty()
        {
            continue;
        }
        kept.push(v);
    }
    kept
}

enum Step<'a> {
    Seen(&'a ConfigItem),
    Absent(&'a Snapshot),
}

/// Builds the timeline of the resource at inventory position `pos`.
pub fn build(
    inv: &Inventory,
    pos: u32,
    snapshots: &[Snapshot],
    rules: &[Selected],
    trail: Option<&Trail>,
    opts: &Options,
    now: DateTime<Utc>,
) -> Option<Timeline> {
    let current = inv.resource(pos)?;
    let key: &ResourceKey = &current.key;
    let versions = distinct_versions(inv.history(pos), &opts.diff);

    // Merge versions with the snapshots that speak for this resource but lack it.
    let mut steps: Vec<(Option<DateTime<Utc>>, Step<'_>)> = versions
        .iter()
        .map(|v| (capture(v), Step::Seen(v)))
        .collect();
    let first_seen = versions.iter().filter_map(|v| capture(v)).min();
    for s in snapshots
        .iter()
        .filter(|s| s.covers(key) && !s.keys.contains(key))
    {
        if first_seen.is_some_and(|t| s.time > t) {
            steps.push((Some(s.time), Step::Absent(s)));
        }
    }
    // Stable: versions keep their state-id order; snapshots fall between by time.
    steps.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => x
            .cmp(&y)
            .then_with(|| matches!(a.1, Step::Absent(_)).cmp(&matches!(b.1, Step::Absent(_)))),
        _ => std::cmp::Ordering::Equal,
    });

    let types_rules: Vec<&Selected> = rules
        .iter()
        .filter(|s| s.rule.meta().resource_types.contains(&&*key.resource_type))
        .collect();
    let ids: Vec<&str> = [
        Some(&*key.resource_id),
        current.arn.as_deref(),
        current.name.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();

    let mut out: Vec<Version> = Vec::new();
    let mut alive = false;
    let mut deleted_before = false;
    let mut last_seen: Option<&ConfigItem> = None;
    let mut last_time: Option<DateTime<Utc>> = None;
    for (time, step) in steps {
        let (event, inferred, item, source) = match step {
            Step::Seen(v) if v.is_deleted() => {
                alive = false;
                deleted_before = true;
                (
                    LifeEvent::Deleted,
                    false,
                    Some(v),
                    v.origin.file.to_string(),
                )
            }
            Step::Seen(v) => {
                let event = match (alive, deleted_before) {
                    (true, _) => LifeEvent::Updated,
                    (false, true) => LifeEvent::Recreated,
                    (false, false) => LifeEvent::Created,
                };
                alive = true;
                (event, false, Some(v), v.origin.file.to_string())
            }
            Step::Absent(s) if alive => {
                alive = false;
                deleted_before = true;
                (LifeEvent::Deleted, true, None, s.file.to_string())
            }
            Step::Absent(_) => continue,
        };
        let changes = match (event, item, last_seen) {
            (LifeEvent::Updated | LifeEvent::Recreated, Some(v), Some(prev)) => {
                diff_items(prev, v, &opts.diff)
            }
            _ => Vec::new(),
        };
        let verdicts = match item {
            Some(v) => types_rules
                .iter()
                .map(|sel| {
                    let at = capture(v).unwrap_or(now);
                    let Verdict {
                        compliance,
                        annotation,
                        ..
                    } = verdict_for(sel, v, inv, Some(pos), at);
                    VersionVerdict {
                        identifier: sel.rule.meta().identifier,
                        compliance_type: compliance,
                        annotation,
                    }
                })
                .collect(),
            None => types_rules
                .iter()
                .map(|sel| VersionVerdict {
                    identifier: sel.rule.meta().identifier,
                    compliance_type: Compliance::NotApplicable,
                    annotation:
                        "the resource was deleted (inferred from its absence in a snapshot)"
                            .to_owned(),
                })
                .collect(),
        };
        let cloudtrail = match (trail, time) {
            (Some(trail), Some(t)) => {
                let after = last_time.or_else(|| Some(t - Duration::days(1)));
                trail
                    .touching(&ids, after, t, opts.read_only)
                    .into_iter()
                    .cloned()
                    .collect()
            }
            _ => Vec::new(),
        };
        out.push(Version {
            configuration_state_id: item.and_then(|v| v.state_id.as_ref().map(|s| s.0.to_string())),
            capture_time: time,
            status: item.map_or_else(|| "ResourceDeleted".to_owned(), |v| v.status.to_string()),
            event,
            inferred,
            changes,
            verdicts,
            cloudtrail,
            source,
        });
        // Diffs compare with the last living version: a recreated resource is compared
        // with what it was before it was deleted.
        if let Some(v) = item.filter(|v| !v.is_deleted()) {
            last_seen = Some(v);
        }
        if time.is_some() {
            last_time = time;
        }
    }

    let transitions = transitions(&out);
    let in_window = |t: &Option<DateTime<Utc>>| {
        t.is_none_or(|t| opts.since.is_none_or(|s| t >= s) && opts.until.is_none_or(|u| t <= u))
    };
    out.retain(|v| in_window(&v.capture_time));
    let transitions = transitions
        .into_iter()
        .filter(|t| in_window(&t.at))
        .collect();
    Some(Timeline {
        resource: ResourceRef {
            resource_type: key.resource_type.to_string(),
            resource_id: key.resource_id.to_string(),
            aws_account_id: key.account.to_string(),
            aws_region: key.region.to_string(),
            resource_name: current.name.as_deref().map(str::to_owned),
        },
        versions: out,
        transitions,
    })
}

/// Where each rule's verdict changed, and the field changes that came with it.
fn transitions(versions: &[Version]) -> Vec<Transition> {
    let mut last: BTreeMap<&'static str, Compliance> = BTreeMap::new();
    let mut out = Vec::new();
    for v in versions {
        for verdict in &v.verdicts {
            let before = last.insert(verdict.identifier, verdict.compliance_type);
            if before != Some(verdict.compliance_type) {
                out.push(Transition {
                    identifier: verdict.identifier,
                    at: v.capture_time,
                    from: before,
                    to: verdict.compliance_type,
                    annotation: verdict.annotation.clone(),
                    because: if v.changes.is_empty() {
                        format!("{:?}", v.event).to_lowercase()
                    } else {
                        summarize(&v.changes, 3)
                    },
                });
            }
        }
    }
    out
}

impl Transition {
    /// "became NON_COMPLIANT at 2026-02-13T05:42Z when ipPermissions gained …".
    pub fn sentence(&self) -> String {
        let at = self.at.map_or_else(
            || "an unknown time".to_owned(),
            |t| t.format("%Y-%m-%dT%H:%MZ").to_string(),
        );
        match self.from {
            None => format!(
                "{} was {} at {at} ({})",
                self.identifier, self.to, self.because
            ),
            Some(_) => format!(
                "{} became {} at {at} when {}",
                self.identifier, self.to, self.because
            ),
        }
    }
}
