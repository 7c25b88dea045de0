//! Markdown: a summary per rule and a findings table, for pull-request comments.

use std::io::{self, Write};

use crate::report::{Report, RuleStatus};

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', "<br>")
}

pub(super) fn write(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    writeln!(w, "# cfgaudit report\n")?;
    writeln!(
        w,
        "Evaluated at {}: {} rules, {} resources, **{} non-compliant**, {} compliant, {} not applicable, {} insufficient data.\n",
        report
            .evaluated_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        s.rules,
        s.resources,
        s.counts.non_compliant,
        s.counts.compliant,
        s.counts.not_applicable,
        s.counts.insufficient_data
    )?;
    writeln!(
        w,
        "| rule | name | severity | compliant | non-compliant | not applicable | insufficient data | status |"
    )?;
    writeln!(w, "|---|---|---|---:|---:|---:|---:|---|")?;
    for r in &report.rules {
        let status = match (&r.status, &r.note) {
            (RuleStatus::Evaluated, _) => String::new(),
            (st, Some(note)) => format!("{}: {note}", st.as_str()),
            (st, None) => st.as_str().to_owned(),
        };
        writeln!(
            w,
            "| `{}` | {} | {} | {} | {} | {} | {} | {} |",
            r.identifier,
            cell(r.config_rule_name.as_deref().unwrap_or(&r.rule_name)),
            r.severity.as_str(),
            r.counts.compliant,
            r.counts.non_compliant,
            r.counts.not_applicable,
            r.counts.insufficient_data,
            cell(&status)
        )?;
    }
    let findings: Vec<_> = report.non_compliant().collect();
    if !findings.is_empty() {
        writeln!(w, "\n## Findings\n")?;
        writeln!(
            w,
            "| rule | severity | resource | account | region | annotation | evidence |"
        )?;
        writeln!(w, "|---|---|---|---|---|---|---|")?;
        for e in findings {
            let evidence: Vec<String> = e
                .evidence
                .iter()
                .map(|ev| format!("`{}` = `{}`", ev.path, ev.json()))
                .collect();
            writeln!(
                w,
                "| `{}` | {} | `{}` `{}` | {} | {} | {} | {} |",
                e.identifier,
                e.severity.as_str(),
                e.resource_type,
                cell(e.resource_id),
                e.aws_account_id,
                e.aws_region,
                cell(e.annotation),
                cell(&evidence.join("<br>"))
            )?;
        }
    }
    if !report.problems.is_empty() {
        writeln!(w, "\n## Problems (the run is incomplete)\n")?;
        for p in &report.problems {
            writeln!(w, "- [{}] {}", p.kind, cell(&p.message))?;
        }
    }
    Ok(())
}
