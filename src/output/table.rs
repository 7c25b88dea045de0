//! The default terminal report: a summary per rule, then each non-compliant resource.

use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use crate::report::{Report, RuleStatus};

fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().copied());
    t
}

pub(super) fn write(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    let mut rules = table(&[
        "rule",
        "name",
        "severity",
        "compliant",
        "non-compliant",
        "not applicable",
        "insufficient data",
        "status",
    ]);
    for r in &report.rules {
        let status = match (&r.status, &r.note) {
            (RuleStatus::Evaluated, _) => String::new(),
            (s, Some(note)) => format!("{}: {}", s.as_str(), note),
            (s, None) => s.as_str().to_owned(),
        };
        rules.add_row(vec![
            r.identifier.to_string(),
            r.config_rule_name
                .as_deref()
                .unwrap_or(&r.rule_name)
                .to_owned(),
            r.severity.as_str().to_owned(),
            r.counts.compliant.to_string(),
            r.counts.non_compliant.to_string(),
            r.counts.not_applicable.to_string(),
            r.counts.insufficient_data.to_string(),
            status,
        ]);
    }
    writeln!(w, "{rules}")?;
    let findings: Vec<_> = report.non_compliant().collect();
    if !findings.is_empty() {
        let mut t = table(&[
            "rule",
            "severity",
            "resource",
            "account / region",
            "annotation",
            "evidence",
        ]);
        for e in &findings {
            let evidence: Vec<String> = e
                .evidence
                .iter()
                .map(|ev| format!("{} = {}", ev.path, ev.json()))
                .collect();
            t.add_row(vec![
                e.identifier.to_string(),
                e.severity.as_str().to_owned(),
                format!(
                    "{}\n{}",
                    e.resource_type,
                    e.resource_name.unwrap_or(e.resource_id)
                ),
                format!("{}\n{}", e.aws_account_id, e.aws_region),
                e.annotation.to_owned(),
                evidence.join("\n"),
            ]);
        }
        writeln!(w, "{t}")?;
    }
    let s = &report.summary;
    writeln!(
        w,
        "{} rules, {} resources, {} evaluations: {} compliant, {} non-compliant, {} not applicable, {} insufficient data{}",
        s.rules,
        s.resources,
        s.evaluations,
        s.counts.compliant,
        s.counts.non_compliant,
        s.counts.not_applicable,
        s.counts.insufficient_data,
        if s.counts.error > 0 {
            format!(", {} errors", s.counts.error)
        } else {
            String::new()
        }
    )?;
    if !report.problems.is_empty() {
        writeln!(
            w,
            "{} problem(s) made this run incomplete:",
            report.problems.len()
        )?;
        for p in &report.problems {
            writeln!(w, "  [{}] {}", p.kind, p.message)?;
        }
    }
    Ok(())
}
