//! `cfgaudit changes`: which resources changed most often.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use super::Outcome;
use super::args::{ChangesArgs, ListFormat};
use super::common::{load_inventory, table, write_json};
use super::timeline::parse_time;
use crate::diff::DiffOptions;
use crate::timeline::distinct_versions;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Row<'a> {
    resource_type: &'a str,
    resource_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource_name: Option<&'a str>,
    aws_account_id: &'a str,
    aws_region: &'a str,
    changes: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Doc<'a> {
    resources: Vec<Row<'a>>,
    by_type: BTreeMap<&'a str, usize>,
}

pub(crate) fn run(args: &ChangesArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let since = parse_time("--since", args.since.as_deref())?;
    let until = parse_time("--until", args.until.as_deref())?;
    let inv = load_inventory(&args.inputs.paths);
    let opts = DiffOptions::default();
    let mut rows = Vec::new();
    let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
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
        *by_type.entry(&item.key.resource_type).or_default() += changes;
        rows.push(Row {
            resource_type: &item.key.resource_type,
            resource_id: &item.key.resource_id,
            resource_name: item.name.as_deref(),
            aws_account_id: &item.key.account,
            aws_region: &item.key.region,
            changes,
        });
    }
    rows.sort_by(|a, b| {
        b.changes
            .cmp(&a.changes)
            .then_with(|| (a.resource_type, a.resource_id).cmp(&(b.resource_type, b.resource_id)))
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
                    r.resource_type.to_owned(),
                    r.resource_id.to_owned(),
                    r.resource_name.unwrap_or("").to_owned(),
                    r.aws_account_id.to_owned(),
                    r.aws_region.to_owned(),
                ]);
            }
            writeln!(out, "{t}")?;
            let mut t = table(&["type", "changes"]);
            for (ty, n) in &doc.by_type {
                t.add_row(vec![(*ty).to_owned(), n.to_string()]);
            }
            writeln!(out, "{t}")?;
        }
    }
    Ok(Outcome::from_complete(inv.problems.is_empty()))
}
