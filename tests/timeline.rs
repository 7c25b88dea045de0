//! Timelines, diffs and change counts on real AWS data and on the bundled sample.

#![allow(clippy::unwrap_used, reason = "test helpers may panic")]

mod common;

use std::path::Path;

use common::{real_snapshots, real_world};
use std::process::Command;

use serde_json::Value;

fn run_json(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_cfgaudit"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn events(t: &Value) -> Vec<(String, bool)> {
    t["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["event"].as_str().unwrap().to_owned(),
                v["inferred"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn snapshots(dir: &Path) -> Vec<String> {
    real_snapshots(dir)
        .iter()
        .map(|p| p.display().to_string())
        .collect()
}

#[test]
fn a_queue_deleted_and_recreated_across_seven_real_snapshots() {
    let Some(dir) = real_world() else { return };
    let mut args = vec!["timeline".to_owned(), "diagtest-queue".to_owned()];
    args.extend(snapshots(&dir));
    args.extend(["--format".to_owned(), "json".to_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let t = run_json(&args);
    assert_eq!(t["resource"]["resourceType"], "AWS::SQS::Queue");
    assert_eq!(
        events(&t),
        vec![
            ("created".to_owned(), false),
            ("deleted".to_owned(), true),
            ("recreated".to_owned(), false)
        ]
    );
    let recreated = &t["versions"][2];
    assert_ne!(
        recreated["configurationStateId"],
        t["versions"][0]["configurationStateId"]
    );
    assert!(
        recreated["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["path"] == "configuration.CreatedTimestamp")
    );
}

#[test]
fn the_atlassian_instance_lives_five_steps() {
    let Some(dir) = real_world() else { return };
    let files: Vec<String> = (0..5)
        .map(|i| {
            dir.join(format!("sns-atl-ec2.{i}.json"))
                .display()
                .to_string()
        })
        .collect();
    let mut args = vec!["timeline", "i-0a763ac3ee37d8d2b"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--format", "json"]);
    let t = run_json(&args);
    let got: Vec<String> = events(&t).into_iter().map(|(e, _)| e).collect();
    assert_eq!(got, ["created", "updated", "updated", "updated", "deleted"]);
    // Stop then start: the state changes at each update.
    let changes = t["versions"][1]["changes"].as_array().unwrap();
    assert!(
        changes
            .iter()
            .any(|c| c["path"] == "configuration.state.name" && c["new"] == "stopped"),
        "{changes:?}"
    );
    assert!(
        !t["versions"][4]["inferred"].as_bool().unwrap(),
        "an explicit ResourceDeleted is not inferred"
    );
}

#[test]
fn re_rendered_snapshots_show_no_change() {
    let Some(dir) = real_world() else { return };
    let a = dir.join("s3snap-trie-20260213T0624-259items-a.json");
    let b = dir.join("s3snap-trie-20260213T0624-259items-b.json");
    let d = run_json(&[
        "diff",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(d["changed"], serde_json::json!([]));
    assert_eq!(d["added"], serde_json::json!([]));
    let shown = run_json(&[
        "diff",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "json",
        "--show-empty",
    ]);
    assert_eq!(
        shown["changed"].as_array().unwrap().len(),
        1,
        "the ALB gained keys"
    );
}

fn sample() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("snapshots")
        .display()
        .to_string()
}

#[test]
fn ssh_opened_to_the_world_says_when_what_and_who() {
    let t = run_json(&[
        "timeline",
        "sg-0d3ebf88798d88080",
        &sample(),
        "--rules",
        "INCOMING_SSH_DISABLED",
        "--format",
        "json",
    ]);
    let versions = t["versions"].as_array().unwrap();
    let opened = versions
        .iter()
        .find(|v| !v["changes"].as_array().unwrap().is_empty())
        .unwrap();
    assert_eq!(opened["event"], "updated");
    assert_eq!(
        opened["changes"][0]["path"],
        "configuration.ipPermissions[tcp:22-22]"
    );
    assert_eq!(opened["changes"][0]["kind"], "added");
    assert_eq!(opened["verdicts"][0]["complianceType"], "NON_COMPLIANT");
    let who = &opened["cloudtrail"][0];
    assert_eq!(who["eventName"], "AuthorizeSecurityGroupIngress");
    assert!(who["principal"].as_str().unwrap().ends_with("user/bob.ops"));
    assert!(who["sourceIPAddress"].is_string());
    let transition = t["transitions"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(transition["to"], "NON_COMPLIANT");
    assert_eq!(
        transition["because"],
        "ipPermissions gained tcp/22 from 0.0.0.0/0"
    );
}

#[test]
fn a_failed_call_and_a_deletion_are_attributed() {
    let t = run_json(&[
        "timeline",
        "dev-tmp-export-444455556666",
        &sample(),
        "--format",
        "json",
    ]);
    let deleted = t["versions"].as_array().unwrap().last().unwrap();
    assert_eq!(deleted["event"], "deleted");
    let calls = deleted["cloudtrail"].as_array().unwrap();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0]["errorCode"], "BucketNotEmpty");
    assert!(calls[1]["errorCode"].is_null());
}

#[test]
fn read_only_events_are_left_out_unless_asked() {
    let count = |extra: &[&str]| {
        let mut args = vec![
            "timeline",
            "prod-app-uploads-111122223333",
            "--format",
            "json",
        ];
        let s = sample();
        args.push(&s);
        args.extend(extra);
        let t = run_json(&args);
        t["versions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["cloudtrail"].as_array().unwrap().len())
            .sum::<usize>()
    };
    assert!(count(&["--include-read-only"]) > count(&[]));
}

#[test]
fn changes_counts_per_resource_and_type() {
    let c = run_json(&["changes", &sample(), "--format", "json"]);
    let top = &c["resources"][0];
    assert!(top["changes"].as_u64().unwrap() >= 2);
    assert!(c["byType"]["AWS::EC2::SecurityGroup"].as_u64().unwrap() >= 1);
}

#[test]
fn diff_between_sample_days_reports_new_findings_and_fails_on_them() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("snapshots/AWSLogs/111122223333/Config/us-east-1/2026/3");
    let day = |d: u32| {
        let dir = base.join(d.to_string()).join("ConfigSnapshot");
        std::fs::read_dir(dir)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path()
            .display()
            .to_string()
    };
    let (old, new) = (day(9), day(11));
    let d = run_json(&[
        "diff",
        &old,
        &new,
        "--format",
        "json",
        "--rules",
        "INCOMING_SSH_DISABLED",
    ]);
    let new_findings = d["compliance"]["new"].as_array().unwrap();
    assert!(
        new_findings
            .iter()
            .any(|e| e["resourceId"] == "sg-0d3ebf88798d88080"),
        "{d}"
    );
    let status = Command::new(env!("CARGO_BIN_EXE_cfgaudit"))
        .args([
            "diff",
            &old,
            &new,
            "--rules",
            "INCOMING_SSH_DISABLED",
            "--fail-on-new",
        ])
        .output()
        .unwrap()
        .status;
    assert_eq!(status.code(), Some(1));
    let same = Command::new(env!("CARGO_BIN_EXE_cfgaudit"))
        .args([
            "diff",
            &new,
            &new,
            "--rules",
            "INCOMING_SSH_DISABLED",
            "--fail-on-new",
        ])
        .output()
        .unwrap()
        .status;
    assert_eq!(same.code(), Some(0));
}
