//! The history store: an embedded SQLite database of everything ingested (snapshots,
//! history files, notifications, API outputs, CloudTrail logs), so that a timeline over
//! months of history reads a few hundred rows instead of every file.
//!
//! Layout (see `SCHEMA`):
//! - `files`: one row per file stored, keyed by a content hash and size, so ingesting the
//!   same file twice (even under another path) adds nothing;
//! - `resources`: one row per resource key, with the name and ARN of its latest version
//!   (what `timeline RESOURCE` matches against) and a pointer to that version;
//! - `bodies`: each distinct raw item text once (a resource unchanged for a year is one
//!   body, however many daily snapshots repeat it), with the state id, capture time and
//!   status read from it;
//! - `items`: one small row per item occurrence (resource, file, index in the file,
//!   format, body), clustered by resource so a resource's history is one range: the
//!   loader's view of every file, rebuilt exactly by feeding the body back through the
//!   loader with its origin;
//! - `snapshots`: what each ConfigSnapshot file says about presence (account, Region,
//!   time, recorded types), for inferred deletions; membership is the file's items;
//! - `events` and `event_ids`: CloudTrail records (raw text) and the identifiers each
//!   mentions.
//!
//! Every file is written in one transaction: an interrupted ingest leaves whole files.

mod ingest;
mod read;

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension as _};

use crate::model::{Format, StateId};

pub use ingest::{FileOutcome, FileStatus, IngestTotals};
pub use read::{ChangeCount, Found};

/// Bumped whenever the layout changes; a store of another version is refused.
pub const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    hash BLOB NOT NULL,            -- xxh3-128 of the bytes as read (before gunzip)
    size INTEGER NOT NULL,
    content TEXT NOT NULL,         -- what the loader found, e.g. `config-snapshot`
    snapshot_id TEXT,              -- configSnapshotId of a ConfigSnapshot file
    items INTEGER NOT NULL,
    events INTEGER NOT NULL,
    problems INTEGER NOT NULL,
    ingested_at INTEGER NOT NULL,  -- epoch ms
    UNIQUE (hash, size)
);
CREATE TABLE IF NOT EXISTS resources (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    type TEXT NOT NULL,
    rid TEXT NOT NULL,
    name TEXT,                     -- of the latest version
    arn TEXT,                      -- of the latest version
    current_file INTEGER NOT NULL, -- the latest version: items (resource, file, idx)
    current_idx INTEGER NOT NULL,
    UNIQUE (type, rid, account, region)
);
CREATE INDEX IF NOT EXISTS resources_rid ON resources (rid);
CREATE INDEX IF NOT EXISTS resources_arn ON resources (arn);
CREATE INDEX IF NOT EXISTS resources_name ON resources (name);
CREATE TABLE IF NOT EXISTS bodies (
    id INTEGER PRIMARY KEY,
    hash BLOB NOT NULL UNIQUE,     -- xxh3-128 of the text
    state_id TEXT,                 -- read from the text: the same for every occurrence
    capture INTEGER,               -- epoch microseconds
    status TEXT NOT NULL,
    text TEXT NOT NULL             -- the item exactly as it arrived
);
CREATE TABLE IF NOT EXISTS items (
    resource INTEGER NOT NULL,
    file INTEGER NOT NULL,
    idx INTEGER NOT NULL,          -- position in the file, as the loader numbers it
    format INTEGER NOT NULL,       -- see FORMATS
    body INTEGER NOT NULL,
    PRIMARY KEY (resource, file, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshots (
    file INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    time INTEGER NOT NULL,         -- epoch microseconds
    recorded TEXT NOT NULL,        -- JSON, see encode_recorded
    has_global INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    file INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    time INTEGER NOT NULL,         -- epoch microseconds
    event_id TEXT,
    record TEXT NOT NULL           -- the CloudTrail record exactly as it arrived
);
CREATE TABLE IF NOT EXISTS event_ids (
    ident TEXT NOT NULL,
    event INTEGER NOT NULL,
    PRIMARY KEY (ident, event)
) WITHOUT ROWID;
";

/// Item formats by their code in `items.format`. Append only: codes are stored.
const FORMATS: [Format; 13] = [
    Format::ConfigSnapshot,
    Format::ConfigHistory,
    Format::ChangeNotification,
    Format::SnsNotification,
    Format::EventBridgeEvent,
    Format::RuleEvent,
    Format::OversizedNotification,
    Format::ResourceConfigHistory,
    Format::AggregateResourceConfig,
    Format::BatchGetResourceConfig,
    Format::SelectResourceConfig,
    Format::ItemList,
    Format::SingleItem,
];

fn format_code(f: Format) -> i64 {
    FORMATS
        .iter()
        .position(|x| *x == f)
        .and_then(|p| i64::try_from(p).ok())
        .unwrap_or(-1)
}

fn format_of(code: i64) -> anyhow::Result<Format> {
    usize::try_from(code)
        .ok()
        .and_then(|c| FORMATS.get(c).copied())
        .with_context(|| format!("unknown item format code {code} in the store"))
}

fn micros(t: DateTime<Utc>) -> i64 {
    t.timestamp_micros()
}

fn from_micros(us: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(us).unwrap_or_default()
}

/// 128-bit content hash, as stored (16 bytes, big-endian).
fn hash128(bytes: &[u8]) -> [u8; 16] {
    xxhash_rust::xxh3::xxh3_128(bytes).to_be_bytes()
}

/// Where an item occurrence falls among the versions of its resource, as
/// [`crate::Inventory::build`] orders them: state id, capture time, then load order
/// (path order, as a directory walk reads, then position in the file).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rank {
    state: Option<StateId>,
    capture: Option<i64>,
    path: std::sync::Arc<str>,
    idx: i64,
}

impl Rank {
    fn version_cmp(&self, other: &Self) -> Ordering {
        self.state
            .cmp(&other.state)
            .then(self.capture.cmp(&other.capture))
    }
}

impl Ord for Rank {
    fn cmp(&self, other: &Self) -> Ordering {
        self.version_cmp(other)
            .then_with(|| Path::new(&*self.path).cmp(Path::new(&*other.path)))
            .then(self.idx.cmp(&other.idx))
    }
}

impl PartialOrd for Rank {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// An open history store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// Row counts and size, for reports and tests.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub files: u64,
    pub resources: u64,
    pub items: u64,
    pub bodies: u64,
    pub snapshots: u64,
    pub events: u64,
    pub bytes: u64,
}

impl Store {
    /// `$XDG_DATA_HOME/cfgaudit/history.sqlite` (`~/.local/share/…` on Linux, the
    /// platform's data directory elsewhere).
    pub fn default_path() -> anyhow::Result<PathBuf> {
        let base = dirs::data_dir()
            .context("cannot find the platform's data directory; give --store=FILE")?;
        Ok(base.join("cfgaudit").join("history.sqlite"))
    }

    /// Opens a store, creating it (and its directory) on first use.
    pub fn create(path: &Path) -> anyhow::Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let conn = Connection::open(path)
            .with_context(|| format!("cannot open the store {}", path.display()))?;
        Self::init(conn, path, true)
    }

    /// Opens an existing store.
    pub fn open(path: &Path) -> anyhow::Result<Self> {
        if !path.is_file() {
            bail!(
                "no history store at {} (create it with `cfgaudit ingest PATH... --store={}`)",
                path.display(),
                path.display()
            );
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .with_context(|| format!("cannot open the store {}", path.display()))?;
        Self::init(conn, path, false)
    }

    fn init(conn: Connection, path: &Path, create: bool) -> anyhow::Result<Self> {
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        let not_sqlite = || format!("{} is not a cfgaudit history store", path.display());
        set_wal(&conn).with_context(not_sqlite)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Ingest inserts each file's items all over the items tree: give it 256 MiB of
        // page cache; readers touch little and get 16 MiB.
        conn.pragma_update(None, "cache_size", if create { -262_144 } else { -16_384 })?;
        // Checked and created in one write transaction: two processes creating the same
        // store at once both succeed.
        let has_meta = |conn: &Connection| -> anyhow::Result<bool> {
            conn
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta')",
                    [],
                    |r| r.get(0),
                )
                .with_context(not_sqlite)
        };
        if !has_meta(&conn)? {
            if !create {
                bail!(not_sqlite());
            }
            conn.execute_batch("BEGIN IMMEDIATE")?;
            let created = (|| -> anyhow::Result<()> {
                if has_meta(&conn)? {
                    return Ok(());
                }
                let empty: bool =
                    conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM sqlite_master)", [], |r| {
                        r.get(0)
                    })?;
                if !empty {
                    bail!(not_sqlite());
                }
                conn.execute_batch(&format!(
                    "{SCHEMA} INSERT INTO meta (key, value) VALUES ('schema_version', '{SCHEMA_VERSION}');"
                ))?;
                Ok(())
            })();
            conn.execute_batch(if created.is_ok() {
                "COMMIT"
            } else {
                "ROLLBACK"
            })?;
            created?;
        }
        let version: Option<String> = conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'schema_version'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        match version.as_deref().map(str::parse::<i64>) {
            Some(Ok(SCHEMA_VERSION)) => {}
            Some(Ok(v)) => bail!(
                "{} has store layout version {v}; this cfgaudit reads version {SCHEMA_VERSION} (re-ingest into a new store)",
                path.display()
            ),
            _ => bail!(not_sqlite()),
        }
        Ok(Self {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Row counts and the database size.
    pub fn stats(&self) -> anyhow::Result<Stats> {
        let count = |table: &str| -> anyhow::Result<u64> {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(u64::try_from(n).unwrap_or(0))
        };
        let pages: i64 = self.conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        let page_size: i64 = self.conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        Ok(Stats {
            files: count("files")?,
            resources: count("resources")?,
            items: count("items")?,
            bodies: count("bodies")?,
            snapshots: count("snapshots")?,
            events: count("events")?,
            bytes: u64::try_from(pages * page_size).unwrap_or(0),
        })
    }

    /// Writes the WAL back into the database file (done after an ingest, so the file's
    /// size is the store's size).
    pub fn checkpoint(&self) -> anyhow::Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

/// WAL mode (persistent in the file): readers never block the writer. Switching needs a
/// moment alone with the file and does not wait on its own, so it is retried while
/// another process holds it (two ingests starting at once).
fn set_wal(conn: &Connection) -> rusqlite::Result<()> {
    let mut tries = 0;
    loop {
        let mode: rusqlite::Result<String> =
            conn.query_row("PRAGMA journal_mode", [], |r| r.get(0));
        let result = match mode {
            Ok(m) if m.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(_) => conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(())),
            Err(e) => Err(e),
        };
        match result {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy && tries < 300 =>
            {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => return Err(e),
            Ok(()) => {}
        }
    }
}

/// Whether a file starts like an SQLite database (a store given where inputs belong).
pub fn looks_like_store(path: &Path) -> bool {
    use std::io::Read as _;
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"SQLite format 3\0")
}

/// `recorded` column: `{"all":{"global":…,"excluded":[…]}}`, `{"only":[…]}` or
/// `{"observed":[…]}`.
fn encode_recorded(r: &crate::timeline::snapshots::Recorded) -> String {
    use crate::timeline::snapshots::Recorded;
    let v = match r {
        Recorded::All { global, excluded } => {
            serde_json::json!({"all": {"global": global, "excluded": excluded}})
        }
        Recorded::Only(types) => serde_json::json!({ "only": types }),
        Recorded::Observed(types) => serde_json::json!({ "observed": types }),
    };
    v.to_string()
}

fn decode_recorded(text: &str) -> anyhow::Result<crate::timeline::snapshots::Recorded> {
    use crate::timeline::snapshots::Recorded;
    use std::collections::BTreeSet;
    let v: serde_json::Value = serde_json::from_str(text)?;
    let set = |v: &serde_json::Value| -> BTreeSet<String> {
        v.as_array()
            .map(|l| {
                l.iter()
                    .filter_map(serde_json::Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    if let Some(all) = v.get("all") {
        Ok(Recorded::All {
            global: all
                .get("global")
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false),
            excluded: set(&all["excluded"]),
        })
    } else if let Some(only) = v.get("only") {
        Ok(Recorded::Only(set(only)))
    } else if let Some(observed) = v.get("observed") {
        Ok(Recorded::Observed(set(observed)))
    } else {
        bail!("unreadable recorded-types value in the store: {text}")
    }
}
