//! `cfgaudit ingest`: add inputs to the history store and say what each file added.

use std::io::{self, Write};
use std::time::Instant;

use anyhow::bail;
use serde::Serialize;

use super::Outcome;
use super::args::{IngestArgs, ListFormat};
use super::common::{report_problems, write_json};
use crate::store::{FileOutcome, FileStatus, IngestTotals, Stats, Store, looks_like_store};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Doc<'a> {
    store: String,
    files: &'a [FileOutcome],
    totals: &'a IngestTotals,
    seconds: f64,
    stored: Stats,
}

#[allow(clippy::cast_precision_loss, reason = "sizes for display")]
fn megabytes(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn line(f: &FileOutcome) -> String {
    match &f.status {
        FileStatus::Added => {
            let events = match f.events {
                0 => String::new(),
                n => format!("{n} CloudTrail event(s)"),
            };
            let what = if f.items > 0 {
                let items = format!(
                    "{} item(s) ({} new version(s), {} new resource(s))",
                    f.items, f.new_versions, f.new_resources
                );
                if events.is_empty() {
                    items
                } else {
                    format!("{items}, {events}")
                }
            } else if events.is_empty() {
                f.content.clone()
            } else {
                events
            };
            format!("added    {}: {what}", f.path)
        }
        FileStatus::Skipped { stored_as } if *stored_as == f.path => {
            format!("skipped  {}: already stored", f.path)
        }
        FileStatus::Skipped { stored_as } => {
            format!("skipped  {}: already stored as {stored_as}", f.path)
        }
        FileStatus::Failed => format!("failed   {}: nothing readable, not stored", f.path),
    }
}

pub(crate) fn run(args: &IngestArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    if let Some(p) = args
        .paths
        .iter()
        .find(|p| p.is_file() && looks_like_store(p))
    {
        bail!(
            "{} is a history store, not an input (give the store with --store FILE)",
            p.display()
        );
    }
    let path = match &args.store {
        Some(p) => p.clone(),
        None => Store::default_path()?,
    };
    let mut store = Store::create(&path)?;
    let start = Instant::now();
    let mut files = Vec::new();
    let text = args.format == ListFormat::Table;
    let mut write_error = None;
    let totals = store.ingest(&args.paths, &mut |f| {
        report_file_problems(f);
        if text {
            // One line per file as it is committed (flushed: a watcher sees progress).
            if let Err(e) = writeln!(out, "{}", line(f)).and_then(|()| out.flush()) {
                write_error.get_or_insert(e);
            }
        } else {
            files.push(f.clone());
        }
    })?;
    if let Some(e) = write_error {
        return Err(e.into());
    }
    report_problems(&totals.path_problems);
    let seconds = start.elapsed().as_secs_f64();
    let stats = store.stats()?;
    if text {
        writeln!(
            out,
            "ingested {} file(s), {:.1} MB: {} item(s) ({} new version(s), {} new resource(s)), {} CloudTrail event(s); {} skipped (already stored), {} failed; {seconds:.1} s",
            totals.files_added,
            megabytes(totals.bytes_added),
            totals.items,
            totals.new_versions,
            totals.new_resources,
            totals.events,
            totals.files_skipped,
            totals.files_failed,
        )?;
        writeln!(
            out,
            "store {}: {} file(s), {} resource(s), {} item(s), {} distinct version(s), {} snapshot(s), {} event(s), {:.1} MB",
            store.path().display(),
            stats.files,
            stats.resources,
            stats.items,
            stats.bodies,
            stats.snapshots,
            stats.events,
            megabytes(stats.bytes)
        )?;
    } else {
        write_json(
            out,
            &Doc {
                store: store.path().display().to_string(),
                files: &files,
                totals: &totals,
                seconds,
                stored: stats,
            },
        )?;
    }
    if !totals.is_complete() {
        let _ = writeln!(
            io::stderr(),
            "warning: {} problem(s) in the input; the ingest is incomplete (exit code 2)",
            totals.problems + totals.path_problems.len() as u64
        );
    }
    Ok(Outcome::from_complete(totals.is_complete()))
}

fn report_file_problems(f: &FileOutcome) {
    let mut err = io::stderr().lock();
    for p in &f.problems {
        let _ = writeln!(err, "warning: {p}");
    }
}
