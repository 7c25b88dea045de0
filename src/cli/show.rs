//! `cfgaudit show`: one resource, normalized, with its neighbours.

use std::io::Write;
use std::path::PathBuf;

use anyhow::bail;
use serde_json::{Value, json};

use super::Outcome;
use super::args::{ListFormat, ShowArgs};
use super::common::{load_inventory, table, write_json};
use crate::{Inventory, Link};

fn link_json(l: &Link<'_>) -> Value {
    json!({
        "verb": l.verb,
        "name": l.name,
        "inferred": l.inferred,
        "resourceType": l.node.resource_type(),
        "resourceId": l.node.label(),
        "resolved": l.node.item().is_some(),
    })
}

pub(crate) fn run(args: &ShowArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let (query, paths) = args
        .args
        .split_last()
        .expect("clap requires two or more values");
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let inv = load_inventory(&paths);
    let found = inv.find(query);
    if found.is_empty() {
        bail!("no resource matches `{query}` (try an id, an ARN, a name or TYPE/ID)");
    }
    let mut docs = Vec::new();
    for &pos in &found {
        docs.push(describe(&inv, pos));
    }
    match args.format {
        ListFormat::Json => write_json(out, &docs)?,
        ListFormat::Table => {
            for (doc, &pos) in docs.iter().zip(&found) {
                writeln!(out, "{}", serde_json::to_string_pretty(&doc["item"])?)?;
                let mut t = table(&[
                    "direction",
                    "verb",
                    "type",
                    "id or name",
                    "recorded as",
                    "resolved",
                ]);
                for (dir, links) in [
                    ("out", inv.related_to(pos, None, None)),
                    ("in", inv.incoming(pos)),
                ] {
                    for l in links {
                        t.add_row(vec![
                            dir.to_owned(),
                            l.verb.to_string(),
                            l.node.resource_type().to_owned(),
                            l.node.label().to_owned(),
                            if l.inferred {
                                "(inverse added)".to_owned()
                            } else {
                                l.name.to_owned()
                            },
                            if l.node.item().is_some() { "yes" } else { "no" }.to_owned(),
                        ]);
                    }
                }
                writeln!(out, "{t}")?;
                writeln!(out, "versions: {}", inv.history(pos).count())?;
            }
        }
    }
    Ok(Outcome::from_complete(inv.problems.is_empty()))
}

fn describe(inv: &Inventory, pos: u32) -> Value {
    let item = inv.resource(pos).expect("position from find");
    json!({
        "item": item.to_json(),
        "outgoing": inv.related_to(pos, None, None).iter().map(link_json).collect::<Vec<_>>(),
        "incoming": inv.incoming(pos).iter().map(link_json).collect::<Vec<_>>(),
        "versions": inv.history(pos).map(|v| json!({
            "configurationStateId": v.state_id,
            "configurationItemCaptureTime": v.capture_time,
            "configurationItemStatus": v.status.as_str(),
            "origin": v.origin,
        })).collect::<Vec<_>>(),
    })
}
