//! Loading inputs for a command, with a progress bar on a terminal, and reporting
//! load problems on standard error.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use indicatif::{ProgressBar, ProgressStyle};

use crate::Inventory;
use crate::load::{self, Problem};

/// Loads and indexes inputs. Problems are printed to standard error as they are the
/// reason a run is incomplete; the caller decides the exit code from
/// `inventory.problems`.
pub(crate) fn load_inventory(paths: &[PathBuf]) -> Inventory {
    let total: u64 = load::expand_paths(paths)
        .0
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let bar = if io::stderr().is_terminal() && total > 64 << 20 {
        let bar = ProgressBar::new(total);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} loading {bytes}/{total_bytes} {wide_bar} {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let loaded = load::load_paths(paths, &|n| bar.inc(n));
    bar.finish_and_clear();
    let inventory = Inventory::build(loaded);
    report_problems(&inventory.problems);
    inventory
}

pub(crate) fn report_problems(problems: &[Problem]) {
    let mut err = io::stderr().lock();
    for p in problems {
        let _ = writeln!(err, "warning: {p}");
    }
    if !problems.is_empty() {
        let _ = writeln!(
            err,
            "warning: {} problem(s) in the input; the run is incomplete (exit code 2)",
            problems.len()
        );
    }
}

pub(crate) fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().copied());
    t
}

pub(crate) fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// The store a read command was pointed at: `--store` alone is the default store.
pub(crate) fn store_path(arg: Option<&PathBuf>) -> anyhow::Result<Option<PathBuf>> {
    match arg {
        None => Ok(None),
        Some(p) if p.as_os_str().is_empty() => crate::store::Store::default_path().map(Some),
        Some(p) => Ok(Some(p.clone())),
    }
}

/// With --store, inputs come from the store: PATH arguments are a mistake (often
/// `--store FILE` written for `--store=FILE`).
pub(crate) fn no_paths_with_store(paths: &[PathBuf]) -> anyhow::Result<()> {
    if let Some(first) = paths.first() {
        let hint = if crate::store::looks_like_store(first) {
            format!(
                " (to read the store {0}, write --store={0})",
                first.display()
            )
        } else {
            String::new()
        };
        anyhow::bail!(
            "with --store, the history comes from the store: give no PATH, or ingest it first with `cfgaudit ingest PATH...`{hint}"
        );
    }
    Ok(())
}
