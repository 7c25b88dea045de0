//! `cfgaudit check snapshots/` finds every problem `snapshots/README.md` says the bundled
//! sample holds (its table `rule | resourceType | resourceId | account | region | problem`).

#![allow(clippy::unwrap_used, reason = "test helpers may panic")]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

#[test]
fn check_finds_every_seeded_problem() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("snapshots/README.md")).unwrap();
    let seeded: Vec<Vec<String>> = readme
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| rule"))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().trim_matches('`').to_owned())
                .collect::<Vec<_>>()
        })
        .filter(|cells| {
            cells.len() >= 6
                && !cells[0].is_empty()
                && cells[0]
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b == b'_' || b.is_ascii_digit())
        })
        .collect();
    assert!(
        seeded.len() >= 15,
        "the README's problem table was not found"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_cfgaudit"))
        .args([
            "check",
            root.join("snapshots").to_str().unwrap(),
            "--format",
            "json",
            "--at",
            "2026-03-11T12:00:00Z",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "findings, and a complete run: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        report["problems"].as_array().unwrap().is_empty(),
        "{}",
        report["problems"]
    );
    let found: BTreeSet<(String, String, String, String)> = report["evaluations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["complianceType"] == "NON_COMPLIANT")
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap().to_owned();
            (
                s("identifier"),
                s("resourceId"),
                s("awsAccountId"),
                s("awsRegion"),
            )
        })
        .collect();
    let missing: Vec<&Vec<String>> = seeded
        .iter()
        .filter(|c| !found.contains(&(c[0].clone(), c[2].clone(), c[3].clone(), c[4].clone())))
        .collect();
    assert!(missing.is_empty(), "seeded problems not found: {missing:?}");
}
