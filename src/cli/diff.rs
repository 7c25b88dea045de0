//! `cfgaudit diff OLD NEW`: resources added, removed and changed between two sets of
//! inputs (or two points in time of a history store), and the compliance delta, the
//! basis of a "fail only on new findings" gate.

use std::collections::BTreeSet;
use std::io::Write;

use serde::Serialize;

use super::Outcome;
use super::args::{DiffArgs, ListFormat};
use super::check::{evaluation_time, load_user_rules};
use super::common::{load_inventory, store_path, table, write_json};
use super::timeline::{default_selection, parse_time};
use crate::Inventory;
use crate::diff::{Change, DiffOptions, diff_items};
use crate::engine::{self, Plan};
use crate::model::ResourceKey;
use crate::report::{Evaluation, Report};
use crate::rules::Compliance;
use crate::store::Store;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Changed<'a> {
    resource_type: &'a str,
    resource_id: &'a str,
    aws_account_id: &'a str,
    aws_region: &'a str,
    changes: Vec<Change>,
}

#[derive(Serialize)]
struct Compliance2<'a> {
    new: Vec<Evaluation<'a>>,
    fixed: Vec<Evaluation<'a>>,
}

#[derive(Serialize)]
struct DiffDoc<'a> {
    added: Vec<&'a ResourceKey>,
    removed: Vec<&'a ResourceKey>,
    changed: Vec<Changed<'a>>,
    compliance: Compliance2<'a>,
}

fn alive(inv: &Inventory) -> BTreeSet<&ResourceKey> {
    inv.resources()
        .filter(|i| !i.is_deleted())
        .map(|i| &i.key)
        .collect()
}

type FindingKey<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, &'a str);

fn findings(report: &Report) -> BTreeSet<FindingKey<'_>> {
    report
        .evaluations()
        .filter(|e| e.compliance_type == Compliance::NonCompliant)
        .map(|e| e.sort_key())
        .collect()
}

pub(crate) fn run(args: &DiffArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let now = evaluation_time(args.at.as_deref())?;
    let plan = Plan {
        selected: default_selection(
            &args.rules,
            &load_user_rules(&args.rules_dir, &args.limits)?,
        )?,
        ..Plan::default()
    };
    let (mut old, mut new) = match store_path(args.store.as_ref())? {
        Some(path) => {
            let store = Store::open(&path)?;
            let at = |flag: &str, p: &std::path::Path| -> anyhow::Result<Inventory> {
                let s = p.to_string_lossy();
                let t = parse_time(flag, Some(&s))?
                    .ok_or_else(|| anyhow::anyhow!("{flag}: a time is required"))?;
                store.state_at(t)
            };
            (at("OLD", &args.old)?, at("NEW", &args.new)?)
        }
        None => (
            load_inventory(std::slice::from_ref(&args.old)),
            load_inventory(std::slice::from_ref(&args.new)),
        ),
    };
    let old_report = engine::run(&mut old, &plan, now);
    let new_report = engine::run(&mut new, &plan, now);
    let opts = DiffOptions {
        show_empty: args.show_empty,
    };
    let (old_keys, new_keys) = (alive(&old), alive(&new));
    let added: Vec<&ResourceKey> = new_keys.difference(&old_keys).copied().collect();
    let removed: Vec<&ResourceKey> = old_keys.difference(&new_keys).copied().collect();
    let mut changed = Vec::new();
    for key in old_keys.intersection(&new_keys) {
        let (Some(a), Some(b)) = (
            old.position(key).and_then(|p| old.resource(p)),
            new.position(key).and_then(|p| new.resource(p)),
        ) else {
            continue;
        };
        let changes = diff_items(a, b, &opts);
        if !changes.is_empty() {
            changed.push(Changed {
                resource_type: &key.resource_type,
                resource_id: &key.resource_id,
                aws_account_id: &key.account,
                aws_region: &key.region,
                changes,
            });
        }
    }
    let (old_f, new_f) = (findings(&old_report), findings(&new_report));

    let doc = DiffDoc {
        added,
        removed,
        changed,
        compliance: Compliance2 {
            new: new_report
                .non_compliant()
                .filter(|e| !old_f.contains(&e.sort_key()))
                .collect(),
            fixed: old_report
                .non_compliant()
                .filter(|e| !new_f.contains(&e.sort_key()))
                .collect(),
        },
    };
    match args.format {
        ListFormat::Json => write_json(out, &doc)?,
        ListFormat::Table => {
            let mut t = table(&["", "type", "id", "account", "region", "changes"]);
            for (sign, keys) in [("+", &doc.added), ("-", &doc.removed)] {
                for k in keys {
                    t.add_row(vec![
                        sign.to_owned(),
                        k.resource_type.to_string(),
                        k.resource_id.to_string(),
                        k.account.to_string(),
                        k.region.to_string(),
                        String::new(),
                    ]);
                }
            }
            for c in &doc.changed {
                let lines: Vec<String> = c
                    .changes
                    .iter()
                    .map(|ch| format!("{} {}", format!("{:?}", ch.kind).to_lowercase(), ch.path))
                    .collect();
                t.add_row(vec![
                    "~".to_owned(),
                    c.resource_type.to_owned(),
                    c.resource_id.to_owned(),
                    c.aws_account_id.to_owned(),
                    c.aws_region.to_owned(),
                    lines.join("\n"),
                ]);
            }
            writeln!(out, "{t}")?;
            writeln!(
                out,
                "{} added, {} removed, {} changed; {} new finding(s), {} fixed",
                doc.added.len(),
                doc.removed.len(),
                doc.changed.len(),
                doc.compliance.new.len(),
                doc.compliance.fixed.len()
            )?;
            for (label, evals) in [
                ("new", &doc.compliance.new),
                ("fixed", &doc.compliance.fixed),
            ] {
                for e in evals {
                    writeln!(
                        out,
                        "  {label}: {} {}/{}: {}",
                        e.identifier, e.resource_type, e.resource_id, e.annotation
                    )?;
                }
            }
        }
    }
    let complete = old.problems.is_empty()
        && new.problems.is_empty()
        && old_report.is_complete()
        && new_report.is_complete();
    let outcome = if args.fail_on_new && !doc.compliance.new.is_empty() {
        Outcome::Findings
    } else {
        Outcome::Clean
    };
    Ok(outcome.worst(Outcome::from_complete(complete)))
}
