//! JUnit XML: one test suite per rule, one test case per rule and resource.
//! NON_COMPLIANT is a failure, ERROR an error, NOT_APPLICABLE and INSUFFICIENT_DATA are
//! skipped (with the reason), COMPLIANT passes.

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::report::{Evaluation, Report};
use crate::rules::Compliance;

/// Escapes text for XML attributes and content; drops characters XML 1.0 forbids.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

pub(super) fn write(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    let mut suites: BTreeMap<&str, Vec<Evaluation<'_>>> = BTreeMap::new();
    for e in report.evaluations() {
        suites.entry(e.identifier).or_default().push(e);
    }
    let count = |c: Compliance| {
        report
            .evaluations()
            .filter(|e| e.compliance_type == c)
            .count()
    };
    let skipped = count(Compliance::NotApplicable) + count(Compliance::InsufficientData);
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<testsuites name="cfgaudit" tests="{}" failures="{}" errors="{}" skipped="{skipped}" timestamp="{}">"#,
        report.evaluations().len(),
        count(Compliance::NonCompliant),
        count(Compliance::Error),
        report
            .evaluated_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    )?;
    for (identifier, evals) in suites {
        let of = |c: Compliance| evals.iter().filter(|e| e.compliance_type == c).count();
        writeln!(
            w,
            r#"  <testsuite name="{}" tests="{}" failures="{}" errors="{}" skipped="{}">"#,
            xml(identifier),
            evals.len(),
            of(Compliance::NonCompliant),
            of(Compliance::Error),
            of(Compliance::NotApplicable) + of(Compliance::InsufficientData)
        )?;
        for e in evals {
            let name = format!(
                "{}/{} ({} {})",
                e.resource_type, e.resource_id, e.aws_account_id, e.aws_region
            );
            write!(
                w,
                r#"    <testcase classname="{}" name="{}""#,
                xml(identifier),
                xml(&name)
            )?;
            match e.compliance_type {
                Compliance::Compliant => writeln!(w, "/>")?,
                Compliance::NonCompliant => {
                    let evidence: Vec<String> = e
                        .evidence
                        .iter()
                        .map(|ev| format!("{} = {}", ev.path, ev.json()))
                        .collect();
                    writeln!(w, ">")?;
                    writeln!(
                        w,
                        r#"      <failure message="{}" type="NON_COMPLIANT">{}</failure>"#,
                        xml(e.annotation),
                        xml(&evidence.join("\n"))
                    )?;
                    writeln!(w, "    </testcase>")?;
                }
                Compliance::Error => {
                    writeln!(
                        w,
                        ">\n      <error message=\"{}\" type=\"ERROR\"/>\n    </testcase>",
                        xml(e.annotation)
                    )?;
                }
                Compliance::NotApplicable | Compliance::InsufficientData => {
                    writeln!(
                        w,
                        ">\n      <skipped message=\"{}: {}\"/>\n    </testcase>",
                        e.compliance_type,
                        xml(e.annotation)
                    )?;
                }
            }
        }
        writeln!(w, "  </testsuite>")?;
    }
    writeln!(w, "</testsuites>")
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(xml("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
