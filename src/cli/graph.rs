//! `cfgaudit graph`: the relationship graph as DOT, Mermaid or JSON.

use std::collections::{BTreeSet, VecDeque};
use std::io::Write;

use anyhow::bail;
use serde_json::json;

use super::Outcome;
use super::args::{GraphArgs, GraphFormat};
use super::common::load_inventory;
use crate::{Inventory, Related};

fn node_id(n: &Related<'_>) -> String {
    match n {
        Related::Resource(i) => format!(
            "{}|{}|{}|{}",
            i.key.account, i.key.region, i.key.resource_type, i.key.resource_id
        ),
        Related::Unresolved(u) => format!(
            "unresolved|{}|{}|{}|{}",
            u.account,
            u.region,
            u.resource_type,
            u.label()
        ),
    }
}

fn node_label(n: &Related<'_>) -> String {
    let short = n.resource_type().rsplit("::").next().unwrap_or_default();
    match n {
        Related::Resource(i) => format!("{short}\n{}", i.display_name()),
        Related::Unresolved(u) => format!("{short}\n{} (not in input)", u.label()),
    }
}

pub(crate) fn run(args: &GraphArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let inv = load_inventory(&args.inputs.paths);
    let keep = match &args.resource {
        Some(q) => {
            let start = inv.find(q);
            if start.is_empty() {
                bail!("no resource matches `{q}`");
            }
            Some(neighbourhood(&inv, &start, args.depth))
        }
        None => None,
    };
    let edges: Vec<_> = inv
        .edges()
        .into_iter()
        .filter(|(a, b, _)| {
            keep.as_ref()
                .is_none_or(|k| k.contains(&node_id(a)) && k.contains(&node_id(b)))
        })
        .collect();
    let mut nodes: Vec<(String, String, bool)> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut add = |n: &Related<'_>| {
        let id = node_id(n);
        if seen.insert(id.clone()) {
            nodes.push((id, node_label(n), n.item().is_some()));
        }
    };
    for item in inv.resources() {
        let n = Related::Resource(item);
        if keep.as_ref().is_none_or(|k| k.contains(&node_id(&n))) {
            add(&n);
        }
    }
    for (a, b, _) in &edges {
        add(a);
        add(b);
    }
    let index = |id: &str| nodes.iter().position(|(n, _, _)| n == id).unwrap_or(0);
    match args.format {
        GraphFormat::Json => {
            let doc = json!({
                "nodes": nodes.iter().map(|(id, label, resolved)| json!({"id": id, "label": label, "resolved": resolved})).collect::<Vec<_>>(),
                "edges": edges.iter().map(|(a, b, e)| json!({"source": node_id(a), "target": node_id(b), "verb": e.verb, "name": &*e.name, "inferred": e.inferred})).collect::<Vec<_>>(),
            });
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)?;
        }
        GraphFormat::Dot => {
            writeln!(
                out,
                "digraph cfgaudit {{\n  rankdir=LR;\n  node [shape=box, fontsize=10];"
            )?;
            for (i, (_, label, resolved)) in nodes.iter().enumerate() {
                let style = if *resolved { "" } else { ", style=dashed" };
                writeln!(out, "  n{i} [label={label:?}{style}];")?;
            }
            for (a, b, e) in &edges {
                let style = if e.inferred { ", style=dotted" } else { "" };
                writeln!(
                    out,
                    "  n{} -> n{} [label={:?}{style}];",
                    index(&node_id(a)),
                    index(&node_id(b)),
                    e.verb.as_str()
                )?;
            }
            writeln!(out, "}}")?;
        }
        GraphFormat::Mermaid => {
            writeln!(out, "graph LR")?;
            for (i, (_, label, resolved)) in nodes.iter().enumerate() {
                let label = label.replace('"', "'").replace('\n', "<br/>");
                if *resolved {
                    writeln!(out, "  n{i}[\"{label}\"]")?;
                } else {
                    writeln!(out, "  n{i}([\"{label}\"])")?;
                }
            }
            for (a, b, e) in &edges {
                let arrow = if e.inferred { "-.->" } else { "-->" };
                writeln!(
                    out,
                    "  n{} {arrow}|{}| n{}",
                    index(&node_id(a)),
                    e.verb.as_str(),
                    index(&node_id(b))
                )?;
            }
        }
    }
    Ok(Outcome::from_complete(inv.problems.is_empty()))
}

/// Node ids within `depth` hops (either direction) of the start resources.
fn neighbourhood(inv: &Inventory, start: &[u32], depth: usize) -> BTreeSet<String> {
    let mut keep = BTreeSet::new();
    let mut queue: VecDeque<(u32, usize)> = start.iter().map(|&p| (p, 0)).collect();
    let mut visited: BTreeSet<u32> = start.iter().copied().collect();
    while let Some((pos, d)) = queue.pop_front() {
        if let Some(item) = inv.resource(pos) {
            keep.insert(node_id(&Related::Resource(item)));
        }
        if d == depth {
            continue;
        }
        for l in inv
            .related_to(pos, None, None)
            .into_iter()
            .chain(inv.incoming(pos))
        {
            keep.insert(node_id(&l.node));
            if let Some(item) = l.node.item()
                && let Some(p) = inv.position(&item.key)
                && visited.insert(p)
            {
                queue.push_back((p, d + 1));
            }
        }
    }
    keep
}
