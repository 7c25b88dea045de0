//! Renders rule documentation from [`RuleMeta`]: `rules explain`, `rules list --format
//! markdown`, `managed-rules/README.md` and `managed-rules/<name>/README.md`. Nothing
//! about a rule is written twice; `tests/catalogue.rs` keeps the files up to date.

use std::fmt::Write as _;

use crate::rules::{self, Fidelity, Need, ParamKind, RuleMeta, Scope};

pub fn scope_label(scope: Scope) -> &'static str {
    match scope {
        Scope::Resource => "resource",
        Scope::AccountRegion => "account+region",
        Scope::Account => "account",
    }
}

pub fn fidelity_label(f: Fidelity) -> String {
    match f {
        Fidelity::Exact => "exact".to_owned(),
        Fidelity::Approximate(_) => "approximate".to_owned(),
        Fidelity::Unsupported(_) => "needs external data".to_owned(),
    }
}

fn kind_label(k: ParamKind) -> String {
    match k {
        ParamKind::Int { min, max } if min == i64::MIN && max == i64::MAX => "int".to_owned(),
        ParamKind::Int { min, max } => format!("int ({min}–{max})"),
        ParamKind::Bool => "boolean".to_owned(),
        ParamKind::BoolCaseSensitive => "boolean (only lowercase `true` is true)".to_owned(),
        ParamKind::String => "string".to_owned(),
        ParamKind::Csv => "comma-separated list".to_owned(),
        ParamKind::Ports => "ports and ranges (0–65535)".to_owned(),
        ParamKind::Choice { of } => format!("one of {}", of.join(", ")),
    }
}

fn need_label(n: Need) -> String {
    match n {
        Need::Relationships => "other configuration items (relationships or joins)".to_owned(),
        Need::Clock => "the evaluation time (`--at`)".to_owned(),
        Need::History => "earlier versions of the item".to_owned(),
        Need::External(what) => format!("data AWS Config does not record: {what}"),
    }
}

/// The page of one rule, as `rules explain` prints it.
pub fn render_page(m: &RuleMeta) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {} (`{}`)\n", m.name, m.identifier);
    let _ = writeln!(s, "| | |\n|---|---|");
    let types = if m.resource_types.is_empty() {
        "none (account-level)".to_owned()
    } else {
        m.resource_types
            .iter()
            .map(|t| format!("`{t}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(s, "| resource types | {types} |");
    let _ = writeln!(s, "| scope | {} |", scope_label(m.scope));
    let _ = writeln!(s, "| trigger | {} |", m.trigger.as_str());
    let _ = writeln!(s, "| severity | {} |", m.severity.as_str());
    let fidelity = match m.fidelity {
        Fidelity::Exact => "exact".to_owned(),
        Fidelity::Approximate(note) => format!("approximate: {note}"),
        Fidelity::Unsupported(note) => format!("INSUFFICIENT_DATA offline: {note}"),
    };
    let _ = writeln!(s, "| fidelity | {fidelity} |");
    if !m.needs.is_empty() {
        let needs: Vec<String> = m.needs.iter().map(|n| need_label(*n)).collect();
        let _ = writeln!(s, "| needs | {} |", needs.join("; "));
    }
    let _ = writeln!(s);
    s.push_str(&strip_indent(m.docs));
    if !m.parameters.is_empty() {
        let _ = writeln!(s, "\n## Parameters\n");
        let _ = writeln!(
            s,
            "| name | kind | default | required | description |\n|---|---|---|---|---|"
        );
        for p in m.parameters {
            let _ = writeln!(
                s,
                "| `{}` | {} | {} | {} | {} |",
                p.name,
                kind_label(p.kind),
                p.default
                    .map_or_else(|| "–".to_owned(), |d| format!("`{d}`")),
                if p.required { "yes" } else { "no" },
                p.doc
            );
        }
        let _ = writeln!(
            s,
            "\nAWS pre-fills defaults only in its console; cfgaudit applies the documented default whenever a parameter is not given."
        );
    }
    s
}

/// Doc comments keep one leading space per line; drop it.
fn strip_indent(docs: &str) -> String {
    let mut out = String::new();
    for line in docs.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out
}

/// The catalogue of every built-in rule, `managed-rules/README.md`.
pub fn render_index() -> String {
    let mut s = String::from(
        "# Built-in rules\n\nGenerated from the rule sources by `UPDATE_CATALOGUE=1 cargo test --test catalogue`; do not edit.\n\n",
    );
    let all = rules::registry();
    let _ = writeln!(s, "{} rules.\n", all.len());
    let _ = writeln!(
        s,
        "| identifier | name | resource types | scope | severity | fidelity | parameters (defaults) |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|---|");
    for r in all {
        let m = r.meta();
        let params: Vec<String> = m
            .parameters
            .iter()
            .map(|p| match p.default {
                Some(d) => format!("`{}`=`{d}`", p.name),
                None => format!("`{}`", p.name),
            })
            .collect();
        let _ = writeln!(
            s,
            "| [`{}`]({}/README.md) | {} | {} | {} | {} | {} | {} |",
            m.identifier,
            m.name,
            m.name,
            if m.resource_types.is_empty() {
                "–".to_owned()
            } else {
                m.resource_types.join("<br>")
            },
            scope_label(m.scope),
            m.severity.as_str(),
            fidelity_label(m.fidelity),
            params.join(", ")
        );
    }
    s
}
