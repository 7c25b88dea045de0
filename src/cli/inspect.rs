//! `cfgaudit inspect`: what the inputs hold.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use super::Outcome;
use super::args::{InspectArgs, ListFormat};
use super::common::{load_inventory, table, write_json};
use crate::graph::{GraphStats, Unresolved};
use crate::load::{FileReport, Problem};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Summary<'a> {
    files: &'a [FileReport],
    versions: usize,
    resources: usize,
    types: BTreeMap<&'a str, usize>,
    accounts: BTreeMap<&'a str, usize>,
    regions: BTreeMap<&'a str, usize>,
    relationships: GraphStats,
    unresolved: Vec<&'a Unresolved>,
    problems: &'a [Problem],
}

pub(crate) fn run(args: &InspectArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let inv = load_inventory(&args.inputs.paths);
    let mut accounts = BTreeMap::new();
    let mut regions = BTreeMap::new();
    for item in inv.resources() {
        *accounts.entry(&*item.key.account).or_insert(0) += 1;
        *regions.entry(&*item.key.region).or_insert(0) += 1;
    }
    let summary = Summary {
        files: &inv.files,
        versions: inv.all_versions().len(),
        resources: inv.len(),
        types: inv.types().collect(),
        accounts,
        regions,
        relationships: inv.graph_stats(),
        unresolved: inv.unresolved(),
        problems: &inv.problems,
    };
    match args.format {
        ListFormat::Json => write_json(out, &summary)?,
        ListFormat::Table => print_tables(&summary, out)?,
    }
    Ok(Outcome::from_complete(inv.problems.is_empty()))
}

fn print_tables(s: &Summary<'_>, out: &mut dyn Write) -> std::io::Result<()> {
    let mut files = table(&["file", "content", "gzip", "items", "problems"]);
    for f in s.files {
        let content: Vec<String> = f.content.iter().map(crate::load::Content::label).collect();
        files.add_row(vec![
            f.path.to_string(),
            content.join(", "),
            if f.gzip { "yes" } else { "" }.to_owned(),
            f.items.to_string(),
            f.problems.to_string(),
        ]);
    }
    writeln!(out, "{files}")?;
    writeln!(
        out,
        "{} files, {} item versions, {} resources, {} types",
        s.files.len(),
        s.versions,
        s.resources,
        s.types.len()
    )?;
    let mut counts = table(&["", "count"]);
    for (k, v) in &s.accounts {
        counts.add_row(vec![format!("account {k}"), v.to_string()]);
    }
    for (k, v) in &s.regions {
        counts.add_row(vec![format!("region {k}"), v.to_string()]);
    }
    for (k, v) in &s.types {
        counts.add_row(vec![(*k).to_owned(), v.to_string()]);
    }
    writeln!(out, "{counts}")?;
    let r = s.relationships;
    writeln!(
        out,
        "relationships: {} recorded, {} inverse edges added, {} resolved by name, {} unresolved targets",
        r.recorded_edges, r.inferred_edges, r.resolved_by_name, r.unresolved_targets
    )?;
    if !s.unresolved.is_empty() {
        let mut t = table(&["unresolved target type", "id or name", "account", "region"]);
        for u in &s.unresolved {
            t.add_row(vec![
                u.resource_type.to_string(),
                u.label().to_owned(),
                u.account.to_string(),
                u.region.to_string(),
            ]);
        }
        writeln!(out, "{t}")?;
    }
    if !s.problems.is_empty() {
        writeln!(out, "{} problem(s):", s.problems.len())?;
        for p in s.problems {
            writeln!(out, "  {p}")?;
        }
    }
    Ok(())
}
