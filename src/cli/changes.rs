//! `cfgaudit changes`: which resources changed most often (from files or a store).

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use super::Outcome;
use super::args::{ChangesArgs, ListFormat};
use super::common::{load_inventory, no_paths_with_store, store_path, table, write_json};
use super::timeline::parse_time;
use chrono::{DateTime, Utc};

use crate::diff::DiffOptions;
use crate::store::{ChangeCount, Store};
use crate::timeline::distinct_versions;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Doc {
    resources: Vec<ChangeCount>,
    by_type: BTreeMap<String, usize>,
}

/// Counts from files: every distinct version after the first is a change.
fn from_files(
    args: &ChangesArgs,
    since: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
) -> (Vec<ChangeCount>, bool) {
    let inv = load_inventory(&args.paths);
    let opts = DiffOptions::default();
    let mut rows = Vec::new();
    for (pos, item) in inv.resources().enumerate() {
        if args
            .resource_type
            .as_deref()
            .is_some_and(|t| t != &*item.key.resource_type)
        {
            continue;
        }
        let versions =
            distinct_versions(inv.history(u32::try_from(pos).unwrap_or(u32::MAX)), &opts);
        // Every version after the first is a change; count those inside the window.
        let changes = versions
            .iter()
            .skip(1)
            .filter(|v| {
                let t = v.capture_time.as_ref().and_then(|t| t.instant);
                t.is_none_or(|t| since.is_none_or(|s| t >= s) && until.is_none_or(|u| t <= u))
            })
            .count();
        if changes == 0 {
            continue;
        }
        rows.push(ChangeCount {
            resource_type: item.key.resource_type.to_string(),
            resource_id: item.key.resource_id.to_string(),
            resource_name: item.name.as_deref().map(str::to_owned),
            aws_account_id: item.key.account.to_string(),
            aws_region: item.key.region.to_string(),
            changes,
        });
    }
    (rows, inv.problems.is_empty())
}

pub(crate) fn run(args: &ChangesArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let since = parse_time("--since", args.since.as_deref())?;
    let until = parse_time("--until", args.until.as_deref())?;
    let (mut rows, complete) = match store_path(args.store.as_ref())? {
        Some(path) => {
            no_paths_with_store(&args.paths)?;
            let store = Store::open(&path)?;
            (
                store.change_counts(since, until, args.resource_type.as_deref())?,
                true,
            )
        }
        None => from_files(args, since, until),
    };
    let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
    for r in &rows {
        *by_type.entry(r.resource_type.clone()).or_default() += r.changes;
    }
    rows.sort_by(|a, b| {
        b.changes.cmp(&a.changes).then_with(|| {
            (&a.resource_type, &a.resource_id).cmp(&(&b.resource_type, &b.resource_id))
        })
    });
    rows.truncate(args.top);
    let doc = Doc {
        resources: rows,
        by_type,
    };
    match args.format {
        ListFormat::Json => write_json(out, &doc)?,
        ListFormat::Table => {
            let mut t = table(&["changes", "type", "id", "name", "account", "region"]);
            for r in &doc.resources {
                t.add_row(vec![
                    r.changes.to_string(),
                    r.resource_type.clone(),
                    r.resource_id.clone(),
                    r.resource_name.clone().unwrap_or_default(),
                    r.aws_account_id.clone(),
                    r.aws_region.clone(),
                ]);
            }
            writeln!(out, "{t}")?;
            let mut t = table(&["type", "changes"]);
            for (ty, n) in &doc.by_type {
                t.add_row(vec![ty.clone(), n.to_string()]);
            }
            writeln!(out, "{t}")?;
        }
    }
    Ok(Outcome::from_complete(complete))
}
