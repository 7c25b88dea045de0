//! One fixed report, rendered in every output format, compared with goldens in
//! `tests/golden/`. `UPDATE_GOLDEN=1 cargo test --test outputs` rewrites them; review the
//! diff. Structural checks run too, so a golden cannot bless a broken document.

#![allow(clippy::unwrap_used, reason = "test helpers may panic")]

use std::path::Path;

use cfgaudit::engine::{self, Plan, Selected};
use cfgaudit::output::{self, OutputFormat};
use cfgaudit::report::Report;
use cfgaudit::rules::{self, ValidParams};
use cfgaudit::{Inventory, load};

fn report() -> Report {
    let input = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("managed-rules/restricted-ssh/open-ipv4-and-ipv6.json"),
    )
    .unwrap();
    let case: serde_json::Value = serde_json::from_slice(&input).unwrap();
    let loaded = load::load_bytes(
        "sample/snapshot.json",
        serde_json::to_vec(&case["input"]).unwrap(),
    );
    let mut inv = Inventory::build(loaded);
    let selected = [
        "INCOMING_SSH_DISABLED",
        "MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS",
    ]
    .iter()
    .map(|id| {
        let rule = rules::find(id).unwrap();
        Selected::new(
            rule,
            ValidParams::validate(rule.meta(), &std::collections::BTreeMap::default()).unwrap(),
        )
    })
    .collect();
    let plan = Plan {
        selected,
        ..Plan::default()
    };
    engine::run(&mut inv, &plan, "2026-06-01T00:00:00Z".parse().unwrap())
}

fn render(format: OutputFormat) -> String {
    let mut out = Vec::new();
    output::write(&report(), format, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} missing: run UPDATE_GOLDEN=1 cargo test --test outputs",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{name} differs from its golden; if intended, run UPDATE_GOLDEN=1 cargo test --test outputs\n--- actual ---\n{actual}"
    );
}

#[test]
fn json_is_stable_and_maps_onto_put_evaluations() {
    let text = render(OutputFormat::Json);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let first = &doc["evaluations"][0];
    for key in [
        "identifier",
        "ruleName",
        "resourceType",
        "resourceId",
        "awsAccountId",
        "awsRegion",
        "complianceType",
        "annotation",
        "evidence",
        "orderingTimestamp",
    ] {
        assert!(first.get(key).is_some(), "evaluation lacks {key}");
    }
    assert_eq!(doc["summary"]["nonCompliant"], 3);
    assert!(doc["problems"].as_array().unwrap().is_empty());
    golden("report.json", &text);
}

#[test]
fn sarif_has_rules_results_and_locations() {
    let text = render(OutputFormat::Sarif);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| {
        r["id"] == "INCOMING_SSH_DISABLED"
            && r["helpUri"]
                .as_str()
                .unwrap()
                .ends_with("restricted-ssh.html")
    }));
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    for r in results {
        assert_eq!(r["level"], "error");
        assert!(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].is_string());
        let index = usize::try_from(r["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
    golden("report.sarif", &text);
}

#[test]
fn junit_has_one_case_per_rule_and_resource() {
    let text = render(OutputFormat::Junit);
    assert_eq!(
        text.matches("<testcase ").count(),
        4,
        "4 security groups; the IAM rule has no users here"
    );
    assert_eq!(text.matches("<failure ").count(), 3);
    assert!(text.starts_with("<?xml"));
    golden("report.junit.xml", &text);
}

#[test]
fn csv_table_and_markdown_render() {
    let csv = render(OutputFormat::Csv);
    assert_eq!(csv.lines().count(), 5);
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .starts_with("identifier,ruleName,severity,complianceType")
    );
    golden("report.csv", &csv);
    let md = render(OutputFormat::Markdown);
    assert!(md.contains("## Findings"));
    golden("report.md", &md);
    let table = render(OutputFormat::Table);
    assert!(table.contains("INCOMING_SSH_DISABLED"));
    golden("report.txt", &table);
}
