//! Runs every fixture case in `managed-rules/<rule-name>/*.json` against its rule, and
//! checks the registry's invariants.

#![allow(clippy::unwrap_used, reason = "test helpers may panic")]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cfgaudit::cases::run_case_file;
use cfgaudit::rules::{self, Compliance, Fidelity, Scope};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("managed-rules")
}

fn case_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    files
}

#[test]
fn every_case_passes() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for rule in rules::registry() {
        let meta = rule.meta();
        for case in case_files(&root().join(meta.name)) {
            ran += 1;
            match run_case_file(&case, *rule) {
                Ok(result) => {
                    for f in result.failures {
                        failures.push(format!("{}: {f}", case.display()));
                    }
                }
                Err(e) => failures.push(format!("{}: {e}", case.display())),
            }
        }
    }
    assert!(ran > 0, "no cases found under {}", root().display());
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_cases_covering_its_verdicts() {
    let mut missing = Vec::new();
    for rule in rules::registry() {
        let meta = rule.meta();
        let mut seen = BTreeSet::new();
        for case in case_files(&root().join(meta.name)) {
            if let Ok(result) = run_case_file(&case, *rule) {
                seen.extend(result.evaluations().iter().map(|e| e.compliance_type));
            }
        }
        let mut wanted = match meta.fidelity {
            Fidelity::Unsupported(_) => vec![Compliance::InsufficientData],
            _ => vec![Compliance::Compliant, Compliance::NonCompliant],
        };
        if meta.scope == Scope::Resource && !matches!(meta.fidelity, Fidelity::Unsupported(_)) {
            wanted.push(Compliance::NotApplicable);
        }
        for c in wanted {
            if !seen.contains(&c) {
                missing.push(format!(
                    "{} ({}): no case yields {c}",
                    meta.identifier, meta.name
                ));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn fixture_folders_belong_to_rules() {
    let names: BTreeSet<&str> = rules::registry().iter().map(|r| r.meta().name).collect();
    for entry in std::fs::read_dir(root()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let name = path.file_name().unwrap().to_str().unwrap();
            assert!(
                names.contains(name),
                "managed-rules/{name} belongs to no registered rule"
            );
        }
    }
}

#[test]
fn registry_invariants() {
    let all = rules::registry();
    let mut ids = BTreeSet::new();
    let mut names = BTreeSet::new();
    for r in all {
        let m = r.meta();
        assert!(
            ids.insert(m.identifier),
            "duplicate identifier {}",
            m.identifier
        );
        assert!(names.insert(m.name), "duplicate name {}", m.name);
        assert!(
            m.identifier
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'),
            "{}",
            m.identifier
        );
        assert!(
            m.name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{}",
            m.name
        );
        if !m.file.contains("external") {
            let expected = format!("src/rules/managed/{}.rs", m.name.replace('-', "_"));
            assert!(
                m.file.replace('\\', "/").ends_with(&expected),
                "{} is declared in {}, expected {expected}",
                m.name,
                m.file
            );
        }
        // Fixed doc headings, in order; parameters are never hand-written.
        let mut at = 0;
        for heading in ["## What it checks", "## Compliance", "## References"] {
            let pos = m.docs[at..]
                .find(heading)
                .unwrap_or_else(|| panic!("{}: docs lack `{heading}` (in order)", m.name));
            at += pos;
        }
        assert!(
            !m.docs.contains("## Parameters"),
            "{}: `## Parameters` is generated",
            m.name
        );
        assert!(
            m.docs.contains("https://"),
            "{}: references need a link",
            m.name
        );
        // Trusted Advisor style checks link Trusted Advisor's page, not the Config guide.
        if m.identifier.starts_with("TA_") {
            assert!(
                m.name.starts_with("ta-")
                    && m.doc_url()
                        .starts_with("https://docs.aws.amazon.com/awssupport/"),
                "{}: TA_ checks are named ta-… and reference the Trusted Advisor page",
                m.name
            );
        }
        // Defaults parse under their kinds.
        let given = std::collections::BTreeMap::new();
        if m.parameters
            .iter()
            .all(|p| !p.required || p.default.is_some())
        {
            rules::ValidParams::validate(m, &given)
                .unwrap_or_else(|e| panic!("{}: defaults invalid: {e}", m.name));
        }
        assert!(
            matches!(m.scope, Scope::Resource) != m.resource_types.is_empty()
                || matches!(m.scope, Scope::Resource),
            "{}: resource rules need resource types",
            m.name
        );
    }
    let files: Vec<&str> = rules::managed::ALL.iter().map(|r| r.meta().file).collect();
    let mut sorted = files.clone();
    sorted.sort_unstable();
    assert_eq!(
        files, sorted,
        "the registry in src/rules/managed/mod.rs must stay sorted by file name"
    );
}

/// A `parameterError` case fails when the parameters are accepted or the error differs,
/// so a rule that stopped validating could not keep passing its invalid-input cases.
#[test]
fn parameter_error_cases_bite() {
    let case = root().join("vpc-sg-port-restriction-check/invalid-protocol-type.json");
    let rule = rules::find("VPC_SG_PORT_RESTRICTION_CHECK").unwrap();
    let original: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&case).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let run = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut doc = original.clone();
        edit(&mut doc);
        let path = dir.path().join("case.json");
        std::fs::write(&path, doc.to_string()).unwrap();
        run_case_file(&path, rule).unwrap().failures
    };
    assert!(run(&|_| {}).is_empty());
    let accepted = run(&|d| d["parameters"]["protocolType"] = "udp".into());
    assert!(accepted[0].contains("were accepted"), "{accepted:?}");
    let other = run(&|d| d["parameterError"] = "ipType".into());
    assert!(other[0].contains("does not contain"), "{other:?}");
}
