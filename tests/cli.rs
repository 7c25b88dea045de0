//! The binary end to end: exit codes, help, formats.

#![allow(clippy::unwrap_used, reason = "test helpers may panic")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use clap::CommandFactory;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cfgaudit"))
}

fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

/// A case's `input` written out as a standalone file.
fn case_input(case: &str, dir: &Path) -> PathBuf {
    let case: serde_json::Value =
        serde_json::from_slice(&std::fs::read(repo(case)).unwrap()).unwrap();
    let path = dir.join("input.json");
    std::fs::write(&path, serde_json::to_vec(&case["input"]).unwrap()).unwrap();
    path
}

#[test]
fn clap_definitions_are_consistent() {
    cfgaudit::cli::Cli::command().debug_assert();
}

#[test]
fn every_command_explains_itself_with_an_example() {
    for cmd in ["inspect", "resources", "show", "graph", "check", "rules"] {
        let out = run(&[cmd, "--help"]);
        assert!(out.status.success(), "{cmd} --help");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("Example"),
            "{cmd} --help has no example:\n{text}"
        );
    }
}

#[test]
fn exit_codes_clean_findings_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    let input = case_input(
        "managed-rules/restricted-ssh/open-ipv4-and-ipv6.json",
        dir.path(),
    );
    let input = input.to_str().unwrap();
    let findings = run(&[
        "check",
        input,
        "--rules",
        "INCOMING_SSH_DISABLED",
        "--at",
        "2026-06-01T00:00:00Z",
    ]);
    assert_eq!(
        findings.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&findings.stderr)
    );
    let none = run(&[
        "check",
        input,
        "--rules",
        "restricted-ssh",
        "--fail-on",
        "none",
    ]);
    assert_eq!(none.status.code(), Some(0));
    let critical_only = run(&[
        "check",
        input,
        "--rules",
        "restricted-ssh",
        "--fail-on",
        "critical",
    ]);
    assert_eq!(
        critical_only.status.code(),
        Some(0),
        "high findings stay under a critical threshold"
    );
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, b"{ not json").unwrap();
    let incomplete = run(&[
        "check",
        input,
        broken.to_str().unwrap(),
        "--rules",
        "restricted-ssh",
    ]);
    assert_eq!(incomplete.status.code(), Some(2), "2 wins over 1");
    let stderr = String::from_utf8(incomplete.stderr).unwrap();
    assert!(
        stderr.contains("broken.json (line 1, column 3): invalid JSON"),
        "{stderr}"
    );
    let missing = run(&["check", "/nonexistent/path"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn bad_parameters_name_rule_and_parameter() {
    let dir = tempfile::tempdir().unwrap();
    let input = case_input(
        "managed-rules/restricted-ssh/open-ipv4-and-ipv6.json",
        dir.path(),
    );
    let out = run(&[
        "check",
        input.to_str().unwrap(),
        "--param",
        "INCOMING_SSH_DISABLED.port=22",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("INCOMING_SSH_DISABLED: unknown parameter `port`"),
        "{stderr}"
    );
}

#[test]
fn every_format_renders_and_output_goes_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = case_input(
        "managed-rules/restricted-ssh/open-ipv4-and-ipv6.json",
        dir.path(),
    );
    for format in ["table", "json", "csv", "sarif", "junit", "markdown"] {
        let out = run(&[
            "check",
            input.to_str().unwrap(),
            "--rules",
            "restricted-ssh",
            "--format",
            format,
            "--fail-on",
            "none",
        ]);
        assert!(out.status.success(), "{format}");
        assert!(!out.stdout.is_empty(), "{format}");
    }
    let file = dir.path().join("report.sarif");
    let out = run(&[
        "check",
        input.to_str().unwrap(),
        "--format",
        "sarif",
        "-o",
        file.to_str().unwrap(),
        "--fail-on",
        "none",
    ]);
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    assert_eq!(doc["version"], "2.1.0");
}

#[test]
fn listing_commands_speak_json() {
    let dir = tempfile::tempdir().unwrap();
    let input = case_input(
        "managed-rules/restricted-ssh/open-ipv4-and-ipv6.json",
        dir.path(),
    );
    let input = input.to_str().unwrap();
    let out = run(&["resources", input, "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 4);
    let out = run(&["inspect", input, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["resources"], 4);
    assert_eq!(doc["files"][0]["content"][0]["format"], "config-snapshot");
    let out = run(&[
        "show",
        input,
        "AWS::EC2::SecurityGroup/sg-0ssh4world",
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc[0]["item"]["resourceName"], "bastion");
    assert_eq!(doc[0]["outgoing"][0]["resourceType"], "AWS::EC2::VPC");
    assert_eq!(
        doc[0]["outgoing"][0]["resolved"], false,
        "the VPC is not in the input"
    );
    for format in ["dot", "mermaid", "json"] {
        let out = run(&["graph", input, "--format", format]);
        assert!(out.status.success(), "graph {format}");
    }
    let out = run(&["rules", "explain", "INCOMING_SSH_DISABLED"]);
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("## Compliance")
    );
}

#[test]
fn standard_input_is_read_with_a_dash() {
    use std::io::Write;
    use std::process::Stdio;
    let case: serde_json::Value = serde_json::from_slice(
        &std::fs::read(repo("managed-rules/restricted-ssh/open-ipv4-and-ipv6.json")).unwrap(),
    )
    .unwrap();
    let mut child = bin()
        .args(["resources", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&serde_json::to_vec(&case["input"]).unwrap())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 4);
}

/// The whole real-world folder (snapshots, history, notifications, rule events, API
/// responses, placebo recordings, CloudTrail) loads without a problem: the run is
/// complete, so findings alone decide the exit code.
#[test]
fn the_real_world_folder_is_a_complete_run() {
    let dir = repo("../shared/real-world/aws-config");
    if !dir.is_dir() {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    let out = run(&["check", dir.to_str().unwrap(), "--format", "json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["problems"], serde_json::json!([]), "{stderr}");
    assert!(report["evaluations"].as_array().unwrap().len() > 1000);
}
