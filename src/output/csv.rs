//! CSV: one row per evaluation, RFC 4180 quoting.

use std::io::{self, Write};

use crate::report::Report;

const HEADER: [&str; 11] = [
    "identifier",
    "ruleName",
    "severity",
    "complianceType",
    "resourceType",
    "resourceId",
    "resourceName",
    "awsAccountId",
    "awsRegion",
    "annotation",
    "evidence",
];

fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

pub(super) fn write(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "{}", HEADER.join(","))?;
    for e in report.evaluations() {
        let evidence: Vec<String> = e
            .evidence
            .iter()
            .map(|ev| format!("{}={}", ev.path, ev.json()))
            .collect();
        let row = [
            e.identifier,
            e.rule_name,
            e.severity.as_str(),
            e.compliance_type.as_str(),
            e.resource_type,
            e.resource_id,
            e.resource_name.unwrap_or(""),
            e.aws_account_id,
            e.aws_region,
            e.annotation,
            &evidence.join("; "),
        ];
        let cells: Vec<String> = row.iter().map(|c| field(c)).collect();
        writeln!(w, "{}", cells.join(","))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }
}
