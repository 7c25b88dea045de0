//! `cfgaudit ingest`: files in, one transaction per file.
//!
//! A reader thread reads, hashes and parses files (the loader parses items in parallel)
//! while the calling thread writes the previous file; files already stored (same content
//! hash and size, under any path) are skipped before they are parsed.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::sync_channel;

use rusqlite::{
    Connection, OpenFlags, OptionalExtension as _, Transaction, TransactionBehavior, params,
};
use serde::Serialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::{Rank, Store, encode_recorded, format_code, hash128, micros};
use crate::cloudtrail::record_ids;
use crate::load::{self, LoadError, Loaded, Problem};
use crate::model::{ConfigItem, Format, ResourceKey, parse_timestamp};
use crate::timeline::snapshots;

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum FileStatus {
    /// Stored, with whatever problems it had (its readable items are in).
    Added,
    /// The same content is already stored (under `storedAs`).
    Skipped {
        #[serde(rename = "storedAs")]
        stored_as: String,
    },
    /// Nothing usable: not stored, so a later ingest tries again.
    Failed,
}

/// One file's report.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileOutcome {
    pub path: String,
    #[serde(flatten)]
    pub status: FileStatus,
    pub bytes: u64,
    /// What the loader found in it.
    pub content: String,
    pub items: u64,
    /// Item texts not stored before (new versions, or new renderings of one).
    pub new_versions: u64,
    pub new_resources: u64,
    pub events: u64,
    pub problems: Vec<Problem>,
}

/// The whole run.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IngestTotals {
    pub files_added: u64,
    pub files_skipped: u64,
    pub files_failed: u64,
    pub bytes_added: u64,
    pub items: u64,
    pub new_versions: u64,
    pub new_resources: u64,
    pub events: u64,
    pub problems: u64,
    /// Paths that did not exist or could not be listed.
    #[serde(skip)]
    pub path_problems: Vec<Problem>,
}

impl IngestTotals {
    fn add(&mut self, f: &FileOutcome) {
        match f.status {
            FileStatus::Added => {
                self.files_added += 1;
                self.bytes_added += f.bytes;
            }
            FileStatus::Skipped { .. } => self.files_skipped += 1,
            FileStatus::Failed => self.files_failed += 1,
        }
        self.items += f.items;
        self.new_versions += f.new_versions;
        self.new_resources += f.new_resources;
        self.events += f.events;
        self.problems += f.problems.len() as u64;
    }

    /// Whether every input was read without a problem.
    pub fn is_complete(&self) -> bool {
        self.problems == 0 && self.files_failed == 0 && self.path_problems.is_empty()
    }
}

/// What the reader thread hands over.
enum Prepared {
    Known {
        path: String,
        bytes: u64,
        stored_as: String,
    },
    Unreadable {
        path: String,
        problem: Problem,
    },
    Parsed {
        path: String,
        hash: [u8; 16],
        size: u64,
        loaded: Loaded,
    },
}

fn stored_path(conn: &Connection, hash: &[u8; 16], size: u64) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT path FROM files WHERE hash = ?1 AND size = ?2")?
        .query_row(
            params![&hash[..], i64::try_from(size).unwrap_or(i64::MAX)],
            |r| r.get(0),
        )
        .optional()
}

fn prepare(path: &Path, reader: Option<&Connection>) -> Prepared {
    let stdin = path == Path::new("-");
    let name = if stdin {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    };
    let read = if stdin {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map(|_| buf)
    } else {
        std::fs::read(path)
    };
    let bytes = match read {
        Ok(b) => b,
        Err(e) => {
            return Prepared::Unreadable {
                problem: Problem::file(&Arc::from(name.as_str()), LoadError::Io(e.to_string())),
                path: name,
            };
        }
    };
    let hash = hash128(&bytes);
    let size = bytes.len() as u64;
    if let Some(stored_as) = reader.and_then(|c| stored_path(c, &hash, size).ok().flatten()) {
        return Prepared::Known {
            path: name,
            bytes: size,
            stored_as,
        };
    }
    Prepared::Parsed {
        loaded: if stdin {
            load::load_bytes(&name, bytes)
        } else {
            load::load_path_bytes(path, bytes)
        },
        path: name,
        hash,
        size,
    }
}

/// The latest version stored for a resource, as far as this run knows.
struct Current {
    id: i64,
    rank: Rank,
    body: i64,
    format: i64,
}

/// A fast hasher for the caches (keys are ours, not an attacker's).
type Fast = xxhash_rust::xxh3::Xxh3DefaultBuilder;

/// Caches that spare most lookups: resources and item texts already seen.
#[derive(Default)]
struct Caches {
    resources: HashMap<ResourceKey, Current, Fast>,
    bodies: HashMap<[u8; 16], i64, Fast>,
    /// `PRAGMA data_version` after our last commit: when another process has written
    /// since, what we know may be stale and is dropped.
    data_version: Option<i64>,
}

impl Store {
    /// Ingests every file under `paths` (directories walked as the loader walks them),
    /// calling `report` after each file.
    pub fn ingest(
        &mut self,
        paths: &[PathBuf],
        report: &mut dyn FnMut(&FileOutcome),
    ) -> anyhow::Result<IngestTotals> {
        let (files, path_problems) = load::expand_paths(paths);
        let mut totals = IngestTotals {
            path_problems,
            ..IngestTotals::default()
        };
        let reader = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ok();
        let mut caches = Caches::default();
        let conn = &mut self.conn;
        std::thread::scope(|scope| -> anyhow::Result<()> {
            let (tx, rx) = sync_channel::<Prepared>(2);
            let files = &files;
            scope.spawn(move || {
                for path in files {
                    if tx.send(prepare(path, reader.as_ref())).is_err() {
                        break;
                    }
                }
            });
            for prepared in rx {
                let outcome = write_file(conn, &mut caches, prepared)?;
                totals.add(&outcome);
                report(&outcome);
            }
            Ok(())
        })?;
        self.checkpoint()?;
        Ok(totals)
    }
}

/// When a file was ingested (bookkeeping only; never an evaluation time).
#[allow(
    clippy::disallowed_methods,
    reason = "a record of when, not an evaluation time"
)]
fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn write_file(
    conn: &mut Connection,
    caches: &mut Caches,
    prepared: Prepared,
) -> anyhow::Result<FileOutcome> {
    let (path, hash, size, loaded) = match prepared {
        Prepared::Known {
            path,
            bytes,
            stored_as,
        } => {
            return Ok(FileOutcome {
                path,
                status: FileStatus::Skipped { stored_as },
                bytes,
                content: String::new(),
                items: 0,
                new_versions: 0,
                new_resources: 0,
                events: 0,
                problems: Vec::new(),
            });
        }
        Prepared::Unreadable { path, problem } => {
            return Ok(FileOutcome {
                path,
                status: FileStatus::Failed,
                bytes: 0,
                content: "unreadable".to_owned(),
                items: 0,
                new_versions: 0,
                new_resources: 0,
                events: 0,
                problems: vec![problem],
            });
        }
        Prepared::Parsed {
            path,
            hash,
            size,
            loaded,
        } => (path, hash, size, loaded),
    };
    let content = loaded
        .files
        .first()
        .map(|f| {
            f.content
                .iter()
                .map(load::Content::label)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let mut outcome = FileOutcome {
        path,
        status: FileStatus::Added,
        bytes: size,
        content,
        items: 0,
        new_versions: 0,
        new_resources: 0,
        events: 0,
        problems: loaded.problems.clone(),
    };
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA data_version", [], |r| r.get(0))?;
    if caches.data_version.is_some_and(|v| v != version) {
        caches.resources.clear();
        caches.bodies.clear();
    }
    caches.data_version = Some(version);
    if let Some(stored_as) = stored_path(&tx, &hash, size)? {
        outcome.status = FileStatus::Skipped { stored_as };
        outcome.content.clear();
        outcome.problems.clear();
        return Ok(outcome);
    }
    let snapshot_id = loaded
        .items
        .iter()
        .find_map(|i| i.origin.snapshot_id.as_deref());
    tx.execute(
        "INSERT INTO files (path, hash, size, content, snapshot_id, items, events, problems, ingested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, 0, ?6)",
        params![
            outcome.path,
            &hash[..],
            i64::try_from(size).unwrap_or(i64::MAX),
            outcome.content,
            snapshot_id,
            now_ms()
        ],
    )?;
    let file_id = tx.last_insert_rowid();
    let path: Arc<str> = Arc::from(outcome.path.as_str());
    // Rolled back (and the caches dropped) if anything below fails.
    let mut pending = Pending::default();
    for item in &loaded.items {
        write_item(
            &tx,
            caches,
            &mut pending,
            file_id,
            &path,
            item,
            &mut outcome,
        )?;
    }
    let in_snapshot: Vec<&ConfigItem> = loaded
        .items
        .iter()
        .filter(|i| i.origin.format == Format::ConfigSnapshot)
        .collect();
    if let Some(s) = snapshots::of_file(Arc::clone(&path), &in_snapshot) {
        tx.execute(
            "INSERT INTO snapshots (file, account, region, time, recorded, has_global)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                file_id,
                &*s.account,
                &*s.region,
                micros(s.time),
                encode_recorded(&s.recorded),
                s.has_global
            ],
        )?;
    }
    for (name, text) in &loaded.cloudtrail {
        write_events(&tx, file_id, name, text, &mut outcome)?;
    }
    if outcome.items == 0 && outcome.events == 0 && !outcome.problems.is_empty() {
        // Nothing usable: leave no trace, so a fixed file can be ingested later.
        outcome.status = FileStatus::Failed;
        return Ok(outcome);
    }
    tx.execute(
        "UPDATE files SET items = ?1, events = ?2, problems = ?3 WHERE id = ?4",
        params![
            i64::try_from(outcome.items)?,
            i64::try_from(outcome.events)?,
            i64::try_from(outcome.problems.len())?,
            file_id
        ],
    )?;
    tx.commit()?;
    // Only now do the caches learn what this file added.
    for (key, current) in pending.resources {
        caches.resources.insert(key, current);
    }
    caches.bodies.extend(pending.bodies);
    Ok(outcome)
}

/// What the file being written adds to the caches once it commits.
#[derive(Default)]
struct Pending {
    resources: HashMap<ResourceKey, Current, Fast>,
    bodies: HashMap<[u8; 16], i64, Fast>,
}

fn lookup_current(tx: &Transaction<'_>, key: &ResourceKey) -> rusqlite::Result<Option<Current>> {
    tx.prepare_cached(
        "SELECT r.id, b.state_id, b.capture, f.path, r.current_idx, i.body, i.format
         FROM resources r
         JOIN items i ON i.resource = r.id AND i.file = r.current_file AND i.idx = r.current_idx
         JOIN bodies b ON b.id = i.body JOIN files f ON f.id = r.current_file
         WHERE r.type = ?1 AND r.rid = ?2 AND r.account = ?3 AND r.region = ?4",
    )?
    .query_row(
        params![
            &*key.resource_type,
            &*key.resource_id,
            &*key.account,
            &*key.region
        ],
        |r| {
            Ok(Current {
                id: r.get(0)?,
                rank: Rank {
                    state: r
                        .get::<_, Option<String>>(1)?
                        .map(|s| crate::model::StateId(s.into_boxed_str())),
                    capture: r.get(2)?,
                    path: Arc::from(r.get::<_, String>(3)?),
                    idx: r.get(4)?,
                },
                body: r.get(5)?,
                format: r.get(6)?,
            })
        },
    )
    .optional()
}

/// The stored text of an item: found by its hash, or added with what it says.
fn body_id(
    tx: &Transaction<'_>,
    caches: &Caches,
    pending: &mut Pending,
    item: &ConfigItem,
    capture: Option<i64>,
    outcome: &mut FileOutcome,
) -> anyhow::Result<i64> {
    let raw = item.raw();
    let hash = hash128(raw.as_bytes());
    if let Some(&id) = caches
        .bodies
        .get(&hash)
        .or_else(|| pending.bodies.get(&hash))
    {
        return Ok(id);
    }
    let found: Option<i64> = tx
        .prepare_cached("SELECT id FROM bodies WHERE hash = ?1")?
        .query_row(params![&hash[..]], |r| r.get(0))
        .optional()?;
    let id = if let Some(id) = found {
        id
    } else {
        tx.prepare_cached(
            "INSERT INTO bodies (hash, state_id, capture, status, text) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            &hash[..],
            item.state_id.as_ref().map(|s| &*s.0),
            capture,
            item.status.as_str(),
            raw
        ])?;
        outcome.new_versions += 1;
        tx.last_insert_rowid()
    };
    pending.bodies.insert(hash, id);
    Ok(id)
}

fn write_item(
    tx: &Transaction<'_>,
    caches: &Caches,
    pending: &mut Pending,
    file_id: i64,
    path: &Arc<str>,
    item: &ConfigItem,
    outcome: &mut FileOutcome,
) -> anyhow::Result<()> {
    let format = format_code(item.origin.format);
    let rank = Rank {
        state: item.state_id.clone(),
        capture: item
            .capture_time
            .as_ref()
            .and_then(|t| t.instant)
            .map(micros),
        path: Arc::clone(path),
        idx: i64::try_from(item.origin.index)?,
    };
    let body = body_id(tx, caches, pending, item, rank.capture, outcome)?;
    let key = &item.key;
    // Where the resource stands: known to this run (no copy), or read from the store.
    let mut loaded = None;
    let known = if let Some(c) = pending
        .resources
        .get(key)
        .or_else(|| caches.resources.get(key))
    {
        Some(c)
    } else {
        loaded = lookup_current(tx, key)?;
        loaded.as_ref()
    };
    // The same version seen again (the next day's snapshot) changes nothing; a tie
    // between two renderings of one state goes to the later path, as in a directory walk.
    let newer = known.map(|c| match rank.version_cmp(&c.rank) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => (body != c.body || format != c.format) && rank > c.rank,
    });
    let resource_id = if let Some(c) = known {
        c.id
    } else {
        tx.prepare_cached(
            "INSERT INTO resources (account, region, type, rid, name, arn, current_file, current_idx)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            &*key.account,
            &*key.region,
            &*key.resource_type,
            &*key.resource_id,
            item.name.as_deref(),
            item.arn.as_deref(),
            file_id,
            rank.idx
        ])?;
        outcome.new_resources += 1;
        tx.last_insert_rowid()
    };
    tx.prepare_cached(
        "INSERT INTO items (resource, file, idx, format, body) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![resource_id, file_id, rank.idx, format, body])?;
    match newer {
        Some(true) => {
            tx.prepare_cached(
                "UPDATE resources SET current_file = ?1, current_idx = ?2, name = ?3, arn = ?4
                 WHERE id = ?5",
            )?
            .execute(params![
                file_id,
                rank.idx,
                item.name.as_deref(),
                item.arn.as_deref(),
                resource_id
            ])?;
        }
        Some(false) => {
            // Unchanged; remember what was read from the store so the next file needs
            // no lookup.
            if let Some(c) = loaded {
                pending.resources.insert(key.clone(), c);
            }
            outcome.items += 1;
            return Ok(());
        }
        None => {}
    }
    pending.resources.insert(
        key.clone(),
        Current {
            id: resource_id,
            rank,
            body,
            format,
        },
    );
    outcome.items += 1;
    Ok(())
}

#[derive(serde::Deserialize)]
struct TrailDoc<'a> {
    #[serde(borrow, rename = "Records")]
    records: Vec<&'a RawValue>,
}

fn write_events(
    tx: &Transaction<'_>,
    file_id: i64,
    name: &Arc<str>,
    text: &str,
    outcome: &mut FileOutcome,
) -> anyhow::Result<()> {
    let doc: TrailDoc<'_> = match serde_json::from_str(text) {
        Ok(d) => d,
        Err(e) => {
            outcome
                .problems
                .push(Problem::file(name, LoadError::InvalidJson(e.to_string())));
            return Ok(());
        }
    };
    for (i, raw) in doc.records.iter().enumerate() {
        let record: Value = serde_json::from_str(raw.get())?;
        let Some(time) = record
            .get("eventTime")
            .and_then(Value::as_str)
            .and_then(parse_timestamp)
        else {
            outcome
                .problems
                .push(Problem::file(name, LoadError::MissingField("eventTime")).at_index(i));
            continue;
        };
        tx.prepare_cached(
            "INSERT INTO events (file, idx, time, event_id, record) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            file_id,
            i64::try_from(i)?,
            micros(time),
            record.get("eventID").and_then(Value::as_str),
            raw.get()
        ])?;
        let event = tx.last_insert_rowid();
        let ids: HashSet<String> = record_ids(&record).into_iter().collect();
        let mut insert =
            tx.prepare_cached("INSERT OR IGNORE INTO event_ids (ident, event) VALUES (?1, ?2)")?;
        for id in ids {
            insert.execute(params![id, event])?;
        }
        outcome.events += 1;
    }
    Ok(())
}
