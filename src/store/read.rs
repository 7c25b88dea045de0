//! Reading back: the items, snapshot rows and CloudTrail events a command needs, rebuilt
//! into the same types the file path produces ([`Inventory`], [`Snapshot`], [`Trail`]),
//! so the commands run the same code on either.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension as _, params};
use serde::Serialize;

use super::{Rank, Store, decode_recorded, format_of, from_micros, micros};
use crate::Inventory;
use crate::diff::{DiffOptions, diff_items};
use crate::load::{Loaded, RawItemReader};
use crate::model::{ConfigItem, Format, ItemStatus, Origin, ResourceKey, StateId};
use crate::timeline::Snapshot;

/// A resource found by [`Store::find`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub id: i64,
    pub key: ResourceKey,
}

/// How often a resource changed (`cfgaudit changes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeCount {
    pub resource_type: String,
    pub resource_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_name: Option<String>,
    pub aws_account_id: String,
    pub aws_region: String,
    pub changes: usize,
}

/// One stored item occurrence with what the loader needs to rebuild it.
struct Stored {
    path: Arc<str>,
    idx: i64,
    format: i64,
    snapshot_id: Option<String>,
    text: String,
    account: String,
    region: String,
}

const STORED_COLUMNS: &str = "f.path, i.idx, i.format, f.snapshot_id, b.text, r.account, r.region
     FROM items i JOIN files f ON f.id = i.file JOIN bodies b ON b.id = i.body
     JOIN resources r ON r.id = i.resource";

/// One stored item occurrence.
#[derive(Debug, Clone, Copy)]
struct Occurrence {
    resource: i64,
    file: i64,
    idx: i64,
    body: i64,
}

/// What a stored text says.
struct Meta {
    state: Option<StateId>,
    capture: Option<i64>,
    status: String,
}

/// The latest version of a resource at a point in time, while scanning.
struct Best {
    at: Occurrence,
    rank: Rank,
    deleted: bool,
    /// The time of the latest snapshot holding the resource.
    last_in_snapshot: Option<i64>,
}

/// Shares one `Arc<str>` per file path.
#[derive(Default)]
struct Paths(HashMap<String, Arc<str>>);

impl Paths {
    fn get(&mut self, p: String) -> Arc<str> {
        if let Some(a) = self.0.get(&p) {
            return Arc::clone(a);
        }
        let a: Arc<str> = Arc::from(p.as_str());
        self.0.insert(p, Arc::clone(&a));
        a
    }
}

fn stored_row(paths: &mut Paths, r: &rusqlite::Row<'_>) -> rusqlite::Result<Stored> {
    Ok(Stored {
        path: paths.get(r.get(0)?),
        idx: r.get(1)?,
        format: r.get(2)?,
        snapshot_id: r.get(3)?,
        text: r.get(4)?,
        account: r.get(5)?,
        region: r.get(6)?,
    })
}

/// Rebuilds items in load order (path order as a directory walk reads, then position in
/// the file), so ties between versions break as they do when reading the files.
fn rebuild(mut rows: Vec<Stored>) -> anyhow::Result<Vec<ConfigItem>> {
    rows.sort_by(|a, b| {
        Path::new(&*a.path)
            .cmp(Path::new(&*b.path))
            .then(a.idx.cmp(&b.idx))
    });
    let reader = RawItemReader::default();
    rows.into_iter()
        .map(|r| {
            let format = format_of(r.format)?;
            let origin = Origin {
                file: r.path,
                index: usize::try_from(r.idx)?,
                format,
                snapshot_id: r.snapshot_id.map(|s| Arc::from(s.as_str())),
            };
            reader
                .read(&r.text, &origin, &r.account, &r.region)
                .with_context(|| format!("stored item {} of {} is unreadable", r.idx, origin.file))
        })
        .collect()
}

fn inventory(items: Vec<ConfigItem>) -> Inventory {
    Inventory::build(Loaded {
        items,
        ..Loaded::default()
    })
}

impl Store {
    /// Resources by `TYPE/ID`, ARN, id or name, in that order of preference, as
    /// [`Inventory::find`] matches them (ARN and name of the latest version).
    pub fn find(&self, query: &str) -> anyhow::Result<Vec<Found>> {
        let run = |filter: &str, args: &[&str]| -> anyhow::Result<Vec<Found>> {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT id, account, region, type, rid FROM resources WHERE {filter}"
            ))?;
            let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
                Ok(Found {
                    id: r.get(0)?,
                    key: ResourceKey::new(
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                    ),
                })
            })?;
            let mut found = rows.collect::<Result<Vec<_>, _>>()?;
            found.sort_by(|a, b| a.key.cmp(&b.key));
            Ok(found)
        };
        if let Some((ty, id)) = query.split_once('/').filter(|(ty, _)| ty.contains("::")) {
            let found = run("type = ?1 AND rid = ?2", &[ty, id])?;
            if !found.is_empty() {
                return Ok(found);
            }
        }
        for column in ["arn", "rid", "name"] {
            let found = run(&format!("{column} = ?1"), &[query])?;
            if !found.is_empty() {
                return Ok(found);
            }
        }
        Ok(Vec::new())
    }

    /// Whether any CloudTrail event is stored.
    pub fn has_events(&self) -> anyhow::Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM events)", [], |r| r.get(0))?)
    }

    /// An inventory holding every version of the `found` resources and, for each account
    /// in `context_accounts`, the latest version of every other resource of that account
    /// (what rules that follow relationships look at).
    pub fn history_inventory(
        &self,
        found: &[Found],
        context_accounts: &[&str],
    ) -> anyhow::Result<Inventory> {
        let mut paths = Paths::default();
        let mut rows = Vec::new();
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {STORED_COLUMNS} WHERE i.resource = ?1"))?;
        for f in found {
            for row in stmt.query_map(params![f.id], |r| stored_row(&mut paths, r))? {
                rows.push(row?);
            }
        }
        // The latest version of every other resource of the accounts.
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {STORED_COLUMNS} WHERE i.file = r.current_file AND i.idx = r.current_idx
             AND r.account = ?1
             AND r.id NOT IN (SELECT value FROM json_each(?2))"
        ))?;
        let targets = serde_json::to_string(&found.iter().map(|f| f.id).collect::<Vec<_>>())?;
        for account in context_accounts {
            for row in stmt.query_map(params![account, targets], |r| stored_row(&mut paths, r))? {
                rows.push(row?);
            }
        }
        let items = rebuild(rows)?;
        Ok(inventory(items))
    }

    /// The ConfigSnapshot files that may speak for the `found` resources (same account;
    /// same Region, or any for global resources), each knowing which of them it holds.
    pub fn snapshots_for(&self, found: &[Found]) -> anyhow::Result<Vec<Snapshot>> {
        let mut by_file: BTreeMap<i64, Snapshot> = BTreeMap::new();
        let mut paths = Paths::default();
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.file, f.path, s.account, s.region, s.time, s.recorded, s.has_global
             FROM snapshots s JOIN files f ON f.id = s.file
             WHERE s.account = ?1 AND (s.region = ?2 OR ?3)",
        )?;
        let mut members = self.conn.prepare_cached(
            "SELECT DISTINCT file FROM items WHERE resource = ?1 AND format = ?2",
        )?;
        for f in found {
            let global = &*f.key.region == "global";
            let rows = stmt.query_map(params![&*f.key.account, &*f.key.region, global], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, bool>(6)?,
                ))
            })?;
            for row in rows {
                let (file, path, account, region, time, recorded, has_global) = row?;
                if by_file.contains_key(&file) {
                    continue;
                }
                by_file.insert(
                    file,
                    Snapshot {
                        file: paths.get(path),
                        account: Arc::from(account.as_str()),
                        region: Arc::from(region.as_str()),
                        time: from_micros(time),
                        recorded: decode_recorded(&recorded)?,
                        has_global,
                        keys: std::collections::HashSet::new(),
                    },
                );
            }
            let code = super::format_code(Format::ConfigSnapshot);
            for file in members.query_map(params![f.id, code], |r| r.get::<_, i64>(0))? {
                if let Some(s) = by_file.get_mut(&file?) {
                    s.keys.insert(f.key.clone());
                }
            }
        }
        let mut out: Vec<Snapshot> = by_file.into_values().collect();
        out.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.file.cmp(&b.file)));
        Ok(out)
    }

    /// The CloudTrail events that mention any of `ids`, as CloudTrail documents (one per
    /// file they came from, in path order) for [`crate::cloudtrail::Trail::from_texts`].
    pub fn trail_texts_for(
        &self,
        ids: &[&str],
    ) -> anyhow::Result<Vec<(Arc<str>, crate::model::SharedText)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, f.path, e.idx, e.record FROM event_ids x
             JOIN events e ON e.id = x.event JOIN files f ON f.id = e.file
             WHERE x.ident = ?1",
        )?;
        let mut events: BTreeMap<i64, (String, i64, String)> = BTreeMap::new();
        for id in ids {
            for row in stmt.query_map(params![id], |r| {
                Ok((r.get::<_, i64>(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)))
            })? {
                let (k, v) = row?;
                events.insert(k, v);
            }
        }
        let mut events: Vec<(String, i64, String)> = events.into_values().collect();
        events.sort_by(|a, b| Path::new(&a.0).cmp(Path::new(&b.0)).then(a.1.cmp(&b.1)));
        let mut texts: Vec<(Arc<str>, crate::model::SharedText)> = Vec::new();
        let mut i = 0;
        while i < events.len() {
            let path = &events[i].0;
            let mut doc = String::from("{\"Records\":[");
            let mut first = true;
            while i < events.len() && &events[i].0 == path {
                if !first {
                    doc.push(',');
                }
                first = false;
                doc.push_str(&events[i].2);
                i += 1;
            }
            doc.push_str("]}");
            texts.push((Arc::from(path.as_str()), Arc::new(doc)));
        }
        Ok(texts)
    }

    fn file_paths(&self) -> anyhow::Result<HashMap<i64, Arc<str>>> {
        let mut stmt = self.conn.prepare("SELECT id, path FROM files")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, Arc::from(r.get::<_, String>(1)?)))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn resource_keys(&self) -> anyhow::Result<HashMap<i64, (ResourceKey, Option<String>)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, account, region, type, rid, name FROM resources")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                (
                    ResourceKey::new(
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                    ),
                    r.get::<_, Option<String>>(5)?,
                ),
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// What every stored text says: state id, capture time and status, by body id.
    fn body_meta(&self) -> anyhow::Result<HashMap<i64, Meta>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, state_id, capture, status FROM bodies")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Meta {
                    state: r
                        .get::<_, Option<String>>(1)?
                        .map(|s| StateId(s.into_boxed_str())),
                    capture: r.get(2)?,
                    status: r.get(3)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn items_at(&self, at: &[Occurrence]) -> anyhow::Result<Vec<ConfigItem>> {
        let mut paths = Paths::default();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {STORED_COLUMNS} WHERE i.resource = ?1 AND i.file = ?2 AND i.idx = ?3"
        ))?;
        let mut rows = Vec::with_capacity(at.len());
        for o in at {
            if let Some(row) = stmt
                .query_row(params![o.resource, o.file, o.idx], |r| {
                    stored_row(&mut paths, r)
                })
                .optional()?
            {
                rows.push(row);
            }
        }
        rebuild(rows)
    }

    /// Every item occurrence, in resource order, with the rank it takes among the
    /// versions of its resource.
    fn scan(
        &self,
        mut each: impl FnMut(Occurrence, Rank, &Meta) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let paths = self.file_paths()?;
        let meta = self.body_meta()?;
        let mut stmt = self
            .conn
            .prepare("SELECT resource, file, idx, body FROM items ORDER BY resource")?;
        let mut rows = stmt.query([])?;
        let unknown = Meta {
            state: None,
            capture: None,
            status: String::new(),
        };
        while let Some(r) = rows.next()? {
            let o = Occurrence {
                resource: r.get(0)?,
                file: r.get(1)?,
                idx: r.get(2)?,
                body: r.get(3)?,
            };
            let m = meta.get(&o.body).unwrap_or(&unknown);
            let rank = Rank {
                state: m.state.clone(),
                capture: m.capture,
                path: paths
                    .get(&o.file)
                    .cloned()
                    .unwrap_or_else(|| Arc::from("?")),
                idx: o.idx,
            };
            each(o, rank, m)?;
        }
        Ok(())
    }

    /// The state at `t`: the latest version captured at or before `t` of every resource,
    /// without those deleted by then (a `ResourceDeleted` version, or absence from the
    /// latest snapshot taken by `t` that records the type and is later than the version).
    pub fn state_at(&self, t: DateTime<Utc>) -> anyhow::Result<Inventory> {
        let t_us = micros(t);
        let paths = self.file_paths()?;
        // Snapshots taken by `t`, newest first.
        let mut snaps: Vec<Snapshot> = Vec::new();
        let mut snap_time: HashMap<i64, i64> = HashMap::new();
        {
            let mut stmt = self.conn.prepare(
                "SELECT file, account, region, time, recorded, has_global FROM snapshots WHERE time <= ?1",
            )?;
            let rows = stmt.query_map(params![t_us], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, bool>(5)?,
                ))
            })?;
            for row in rows {
                let (file, account, region, time, recorded, has_global) = row?;
                snap_time.insert(file, time);
                snaps.push(Snapshot {
                    file: paths.get(&file).cloned().unwrap_or_else(|| Arc::from("?")),
                    account: Arc::from(account.as_str()),
                    region: Arc::from(region.as_str()),
                    time: from_micros(time),
                    recorded: decode_recorded(&recorded)?,
                    has_global,
                    keys: std::collections::HashSet::new(),
                });
            }
        }
        snaps.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| b.file.cmp(&a.file)));

        let mut best: HashMap<i64, Best> = HashMap::new();
        self.scan(|o, rank, meta| {
            if rank.capture.is_none_or(|c| c > t_us) {
                return Ok(());
            }
            let in_snapshot = snap_time.get(&o.file).copied();
            let entry = best.entry(o.resource).or_insert_with(|| Best {
                at: o,
                rank: rank.clone(),
                deleted: ItemStatus::parse(&meta.status).is_deleted(),
                last_in_snapshot: None,
            });
            if rank > entry.rank {
                entry.at = o;
                entry.rank = rank;
                entry.deleted = ItemStatus::parse(&meta.status).is_deleted();
            }
            if in_snapshot > entry.last_in_snapshot {
                entry.last_in_snapshot = in_snapshot;
            }
            Ok(())
        })?;
        let keys = self.resource_keys()?;
        let mut chosen: Vec<Occurrence> = Vec::new();
        for (resource, b) in &best {
            if b.deleted {
                continue;
            }
            let Some((key, _)) = keys.get(resource) else {
                continue;
            };
            if let Some(s) = snaps.iter().find(|s| s.covers(key)) {
                let taken = micros(s.time);
                let after_version = b.rank.capture.is_none_or(|c| taken > c);
                if after_version && b.last_in_snapshot.is_none_or(|l| l < taken) {
                    continue; // gone from the latest snapshot that speaks for it
                }
            }
            chosen.push(b.at);
        }
        chosen.sort_unstable_by_key(|o| (o.resource, o.file, o.idx));
        Ok(inventory(self.items_at(&chosen)?))
    }

    /// How many times each resource changed (distinct versions after the first) with a
    /// capture time inside the window, as `changes` counts from files.
    pub fn change_counts(
        &self,
        since: Option<DateTime<Utc>>,
        until: Option<DateTime<Utc>>,
        resource_type: Option<&str>,
    ) -> anyhow::Result<Vec<ChangeCount>> {
        let keys = self.resource_keys()?;
        let (since, until) = (since.map(micros), until.map(micros));
        let mut out = Vec::new();
        let mut group: Vec<(Occurrence, Rank, String)> = Vec::new();
        let mut flush = |group: &mut Vec<(Occurrence, Rank, String)>| -> anyhow::Result<()> {
            let Some((key, name)) = group.first().and_then(|g| keys.get(&g.0.resource)) else {
                group.clear();
                return Ok(());
            };
            if resource_type.is_some_and(|t| t != &*key.resource_type) {
                group.clear();
                return Ok(());
            }
            group.sort_by(|a, b| a.1.cmp(&b.1));
            // As `distinct_versions`: the same state, status and content is no change.
            let mut kept: Vec<&(Occurrence, Rank, String)> = Vec::new();
            for occ in group.iter() {
                if let Some(prev) = kept.last()
                    && prev.1.state == occ.1.state
                    && prev.2 == occ.2
                    && (prev.0.body == occ.0.body || self.same_content(prev.0, occ.0)?)
                {
                    continue;
                }
                kept.push(occ);
            }
            let changes = kept
                .iter()
                .skip(1)
                .filter(|o| {
                    o.1.capture.is_none_or(|t| {
                        since.is_none_or(|s| t >= s) && until.is_none_or(|u| t <= u)
                    })
                })
                .count();
            if changes > 0 {
                out.push(ChangeCount {
                    resource_type: key.resource_type.to_string(),
                    resource_id: key.resource_id.to_string(),
                    resource_name: name.clone(),
                    aws_account_id: key.account.to_string(),
                    aws_region: key.region.to_string(),
                    changes,
                });
            }
            group.clear();
            Ok(())
        };
        self.scan(|o, rank, meta| {
            if group.first().is_some_and(|g| g.0.resource != o.resource) {
                flush(&mut group)?;
            }
            group.push((o, rank, meta.status.clone()));
            Ok(())
        })?;
        flush(&mut group)?;
        Ok(out)
    }

    /// Whether two stored occurrences hold the same configuration (two renderings of
    /// one state), by the same field diff the timeline uses.
    fn same_content(&self, a: Occurrence, b: Occurrence) -> anyhow::Result<bool> {
        let items = self.items_at(&[a, b])?;
        Ok(match items.as_slice() {
            [x, y] => diff_items(x, y, &DiffOptions::default()).is_empty(),
            _ => false,
        })
    }
}
