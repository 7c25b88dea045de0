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

/// The latest version of a resource at a point in time, while scanning.
struct Best {
    item: i64,
    rank: Rank,
    deleted: bool,
    /// The time of the latest snapshot holding the resource.
    last_in_snapshot: Option<i64>,
}

/// One occurrence of a resource, while counting changes.
struct Occ {
    item: i64,
    rank: Rank,
    status: String,
    body: i64,
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
            "SELECT {STORED_COLUMNS} WHERE r.current = i.id AND r.account = ?1
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
    pub fn trail_texts_for(&self, ids: &[&str]) -> anyhow::Result<Vec<(Arc<str>, Arc<str>)>> {
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
        let mut texts: Vec<(Arc<str>, Arc<str>)> = Vec::new();
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
            texts.push((Arc::from(path.as_str()), Arc::from(doc)));
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

    fn items_by_id(&self, ids: &[i64]) -> anyhow::Result<Vec<ConfigItem>> {
        let mut paths = Paths::default();
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {STORED_COLUMNS} WHERE i.id = ?1"))?;
        let mut rows = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(row) = stmt
                .query_row(params![id], |r| stored_row(&mut paths, r))
                .optional()?
            {
                rows.push(row);
            }
        }
        rebuild(rows)
    }

    /// The state at `t`: the latest version captured at or before `t` of every resource,
    /// without those deleted by then (a `ResourceDeleted` version, or absence from the
    /// latest snapshot taken by `t` that records the type and is later than the version).
    pub fn state_at(&self, t: DateTime<Utc>) -> anyhow::Result<Inventory> {
        let t_us = micros(t);
        let paths = self.file_paths()?;
        // Snapshots taken by `t`, newest first.
        let mut snaps: Vec<(i64, Snapshot)> = Vec::new();
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
                snaps.push((
                    file,
                    Snapshot {
                        file: paths.get(&file).cloned().unwrap_or_else(|| Arc::from("?")),
                        account: Arc::from(account.as_str()),
                        region: Arc::from(region.as_str()),
                        time: from_micros(time),
                        recorded: decode_recorded(&recorded)?,
                        has_global,
                        keys: std::collections::HashSet::new(),
                    },
                ));
            }
        }
        snaps.sort_by(|a, b| {
            b.1.time
                .cmp(&a.1.time)
                .then_with(|| b.1.file.cmp(&a.1.file))
        });
        let snap_time: HashMap<i64, i64> =
            snaps.iter().map(|(f, s)| (*f, micros(s.time))).collect();

        let mut best: HashMap<i64, Best> = HashMap::new();
        {
            let mut stmt = self.conn.prepare(
                "SELECT resource, id, state_id, capture, status, file, idx FROM items WHERE capture <= ?1",
            )?;
            let mut rows = stmt.query(params![t_us])?;
            while let Some(r) = rows.next()? {
                let resource: i64 = r.get(0)?;
                let file: i64 = r.get(5)?;
                let rank = Rank {
                    state: r
                        .get::<_, Option<String>>(2)?
                        .map(|s| StateId(s.into_boxed_str())),
                    capture: r.get(3)?,
                    path: paths.get(&file).cloned().unwrap_or_else(|| Arc::from("?")),
                    idx: r.get(6)?,
                };
                let in_snapshot = snap_time.get(&file).copied();
                let status: String = r.get(4)?;
                let entry = best.entry(resource).or_insert_with(|| Best {
                    item: 0,
                    rank: Rank {
                        state: None,
                        capture: None,
                        path: Arc::from(""),
                        idx: -1,
                    },
                    deleted: false,
                    last_in_snapshot: None,
                });
                if entry.item == 0 || rank > entry.rank {
                    entry.item = r.get(1)?;
                    entry.rank = rank;
                    entry.deleted = ItemStatus::parse(&status).is_deleted();
                }
                if in_snapshot > entry.last_in_snapshot {
                    entry.last_in_snapshot = in_snapshot;
                }
            }
        }
        let keys = self.resource_keys()?;
        let mut chosen: Vec<i64> = Vec::new();
        for (resource, b) in &best {
            if b.deleted {
                continue;
            }
            let Some((key, _)) = keys.get(resource) else {
                continue;
            };
            let latest_covering = snaps.iter().find(|(_, s)| s.covers(key));
            if let Some((_, s)) = latest_covering {
                let taken = micros(s.time);
                let after_version = b.rank.capture.is_none_or(|c| taken > c);
                if after_version && b.last_in_snapshot.is_none_or(|l| l < taken) {
                    continue;
                }
            }
            chosen.push(b.item);
        }
        chosen.sort_unstable();
        Ok(inventory(self.items_by_id(&chosen)?))
    }

    /// How many times each resource changed (distinct versions after the first) with a
    /// capture time inside the window, as `changes` counts from files.
    pub fn change_counts(
        &self,
        since: Option<DateTime<Utc>>,
        until: Option<DateTime<Utc>>,
        resource_type: Option<&str>,
    ) -> anyhow::Result<Vec<ChangeCount>> {
        let paths = self.file_paths()?;
        let keys = self.resource_keys()?;
        let mut stmt = self.conn.prepare(
            "SELECT i.resource, i.id, i.state_id, i.capture, i.status, i.file, i.idx, i.body
             FROM items i JOIN resources r ON r.id = i.resource
             WHERE ?1 IS NULL OR r.type = ?1 ORDER BY i.resource",
        )?;
        let mut rows = stmt.query(params![resource_type])?;
        let (since, until) = (since.map(micros), until.map(micros));
        let mut out = Vec::new();
        let mut group: Vec<Occ> = Vec::new();
        let mut current: Option<i64> = None;
        let mut flush = |resource: i64, group: &mut Vec<Occ>| -> anyhow::Result<()> {
            group.sort_by(|a, b| a.rank.cmp(&b.rank));
            let mut kept: Vec<&Occ> = Vec::new();
            for occ in group.iter() {
                if let Some(prev) = kept.last()
                    && prev.rank.state == occ.rank.state
                    && prev.status == occ.status
                    && (prev.body == occ.body || self.same_content(prev.item, occ.item)?)
                {
                    continue;
                }
                kept.push(occ);
            }
            let changes = kept
                .iter()
                .skip(1)
                .filter(|o| {
                    o.rank.capture.is_none_or(|t| {
                        since.is_none_or(|s| t >= s) && until.is_none_or(|u| t <= u)
                    })
                })
                .count();
            if changes > 0
                && let Some((key, name)) = keys.get(&resource)
            {
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
        while let Some(r) = rows.next()? {
            let resource: i64 = r.get(0)?;
            if current.is_some_and(|c| c != resource) {
                flush(current.unwrap_or_default(), &mut group)?;
            }
            current = Some(resource);
            let file: i64 = r.get(5)?;
            group.push(Occ {
                item: r.get(1)?,
                rank: Rank {
                    state: r
                        .get::<_, Option<String>>(2)?
                        .map(|s| StateId(s.into_boxed_str())),
                    capture: r.get(3)?,
                    path: paths.get(&file).cloned().unwrap_or_else(|| Arc::from("?")),
                    idx: r.get(6)?,
                },
                status: r.get(4)?,
                body: r.get(7)?,
            });
        }
        if let Some(c) = current {
            flush(c, &mut group)?;
        }
        Ok(out)
    }

    /// Whether two stored occurrences hold the same configuration (two renderings of
    /// one state), by the same field diff the timeline uses.
    fn same_content(&self, a: i64, b: i64) -> anyhow::Result<bool> {
        let items = self.items_by_id(&[a, b])?;
        Ok(match items.as_slice() {
            [x, y] => diff_items(x, y, &DiffOptions::default()).is_empty(),
            _ => false,
        })
    }
}
