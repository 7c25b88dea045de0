//! SARIF 2.1.0, as GitHub code scanning accepts it: one result per NON_COMPLIANT
//! evaluation, rules described from the generated docs (id = AWS identifier).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use serde_json::{Value, json};

use crate::report::Report;
use crate::rules::{self, Severity};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Informational => "note",
    }
}

/// GitHub ranks security alerts by this score (0.0–10.0).
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Informational => "0.0",
    }
}

/// A stable fingerprint so code scanning tracks one finding across runs.
fn fingerprint(parts: &[&str]) -> String {
    // FNV-1a: stable across platforms and Rust versions, unlike DefaultHasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

pub(super) fn write(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    let mut rule_index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut driver_rules: Vec<Value> = Vec::new();
    for r in &report.rules {
        if rule_index.contains_key(&*r.identifier) {
            continue;
        }
        let meta = rules::find(&r.identifier).map(rules::Described::meta);
        let (summary, docs, help_uri) = meta.map_or_else(
            || {
                (
                    r.rule_name.to_string(),
                    r.note.clone().unwrap_or_default(),
                    None,
                )
            },
            |m| {
                (
                    m.summary().to_owned(),
                    crate::catalogue::render_page(m),
                    Some(m.doc_url()),
                )
            },
        );
        rule_index.insert(&r.identifier, driver_rules.len());
        let mut rule = json!({
            "id": &*r.identifier,
            "name": &*r.rule_name,
            "shortDescription": {"text": summary},
            "fullDescription": {"text": summary},
            "help": {"text": docs, "markdown": docs},
            "defaultConfiguration": {"level": level(r.severity)},
            "properties": {
                "tags": ["security", "aws-config"],
                "security-severity": security_severity(r.severity),
                "precision": "high"
            }
        });
        if let Some(uri) = help_uri {
            rule["helpUri"] = json!(uri);
        }
        driver_rules.push(rule);
    }
    let results: Vec<Value> = report
        .non_compliant()
        .map(|e| {
            let uri = e.source.unwrap_or("aws-config").replace('\\', "/");
            let mut message = e.annotation.to_owned();
            for ev in e.evidence.iter() {
                let _ = write!(message, "\n{} = {}", ev.path, ev.json());
            }
            json!({
                "ruleId": e.identifier,
                "ruleIndex": rule_index.get(e.identifier).copied().unwrap_or(0),
                "level": level(e.severity),
                "message": {"text": message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": {"startLine": 1}
                    },
                    "logicalLocations": [{
                        "name": e.resource_id,
                        "fullyQualifiedName": format!("{}/{}/{}/{}", e.aws_account_id, e.aws_region, e.resource_type, e.resource_id),
                        "kind": "resource"
                    }]
                }],
                "partialFingerprints": {
                    "cfgauditResource/v1": fingerprint(&[e.identifier, e.aws_account_id, e.aws_region, e.resource_type, e.resource_id])
                },
                "properties": {
                    "resourceType": e.resource_type,
                    "awsAccountId": e.aws_account_id,
                    "awsRegion": e.aws_region,
                    "evidence": e.evidence
                }
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "cfgaudit",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://docs.aws.amazon.com/config/latest/developerguide/managed-rules-by-aws-config.html",
                "rules": driver_rules
            }},
            "results": results,
            "invocations": [{
                "executionSuccessful": report.is_complete(),
                "toolExecutionNotifications": report.problems.iter().map(|p| json!({
                    "level": "error",
                    "message": {"text": format!("[{}] {}", p.kind, p.message)}
                })).collect::<Vec<_>>()
            }]
        }]
    });
    serde_json::to_writer_pretty(&mut *w, &doc)?;
    writeln!(w)
}
