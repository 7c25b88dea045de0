//! Conformance packs: every real template in `../shared/real-world/conformance-packs/`
//! loads, plans and runs against `../shared/real-world/aws-config/`; the CIS v1.4 Level 1
//! coverage; scope and parameters through the engine; the CLI wiring.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use cfgaudit::engine;
use cfgaudit::load;
use cfgaudit::pack::{CoverageStatus, Pack, PackOptions, pseudo_from_inventory};
use cfgaudit::report::{Counts, RuleStatus};
use cfgaudit::rules::Compliance;
use cfgaudit::{Inventory, model};

fn shared(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/real-world")
        .join(sub)
}

fn packs_dir() -> Option<PathBuf> {
    let dir = shared("conformance-packs");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: {} is absent", dir.display());
        None
    }
}

fn templates(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the templates folder is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        })
        .collect();
    files.sort();
    files
}

fn now() -> chrono::DateTime<chrono::Utc> {
    model::parse_timestamp("2026-04-01T00:00:00Z").expect("a valid time")
}

#[test]
fn every_real_template_loads_plans_and_runs() {
    let Some(dir) = packs_dir() else { return };
    let config = shared("aws-config");
    if !config.is_dir() {
        println!("skipped: {} is absent", config.display());
        return;
    }
    let mut inventory = Inventory::build(load::load_paths(&[config], &|_| {}));
    assert!(!inventory.is_empty());
    let pseudo = pseudo_from_inventory(&inventory);
    let files = templates(&dir);
    assert_eq!(files.len(), 38, "the real-world folder holds 38 templates");
    let mut failures = Vec::new();
    let mut total_rules = 0;
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let pack = match Pack::load(file) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{name}: does not load: {e}"));
                continue;
            }
        };
        let opts = PackOptions {
            pseudo: pseudo.clone(),
            ..PackOptions::default()
        };
        let resolved = match pack.resolve(&opts) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{name}: does not resolve: {e}"));
                continue;
            }
        };
        assert!(!resolved.rules.is_empty(), "{name}: no rules");
        total_rules += resolved.rules.len();
        let plan = resolved.plan();
        for p in &plan.problems {
            failures.push(format!("{name}: plan problem: {}", p.message));
        }
        let report = engine::run(&mut inventory, &plan, now());
        for p in report.problems.iter().filter(|p| p.kind != "input") {
            failures.push(format!("{name}: [{}] {}", p.kind, p.message));
        }
        // Every rule of the pack is in the report, evaluated or listed.
        assert_eq!(report.rules.len(), resolved.rules.len(), "{name}");
        // Listed rules have no evaluations, so none counts as passing.
        let evaluated: BTreeSet<&str> = plan
            .selected
            .iter()
            .map(|s| s.rule.meta().identifier)
            .collect();
        for r in &report.rules {
            if r.status != RuleStatus::Evaluated && r.status != RuleStatus::NeedsExternalData {
                assert_eq!(r.counts, Counts::default(), "{name}: {r:?}");
            }
        }
        for e in report.evaluations() {
            assert!(evaluated.contains(e.identifier), "{name}: {e:?}");
            assert_ne!(
                e.identifier, "AWS_CONFIG_PROCESS_CHECK",
                "{name}: a process check was evaluated"
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        total_rules > 2000,
        "{total_rules} rules in the real templates"
    );
}

/// The CIS v1.4 Level 1 pack: 44 rules, 18 process checks and 26 managed identifiers,
/// each once. These are the final numbers, once every rule of the library exists.
#[test]
fn cis_v1_4_level1_coverage() {
    let Some(dir) = packs_dir() else { return };
    let pack =
        Pack::load(&dir.join("Operational-Best-Practices-for-CIS-AWS-v1.4-Level1.yaml")).unwrap();
    let coverage = pack.resolve(&PackOptions::default()).unwrap().coverage();
    let ids = |status: CoverageStatus| -> BTreeSet<&str> {
        coverage
            .rules
            .iter()
            .filter(|r| r.status == status)
            .map(|r| r.identifier.as_str())
            .collect()
    };
    assert_eq!(coverage.counts.rules, 44);
    assert_eq!(coverage.counts.manual, 18);
    assert_eq!(coverage.counts.managed_identifiers, 26);
    assert!(coverage.is_clean(), "{:?}", coverage.rules);
    assert_eq!(
        ids(CoverageStatus::NotImplemented),
        BTreeSet::new(),
        "identifiers of the pack without a built-in rule"
    );
    assert_eq!(
        ids(CoverageStatus::NeedsExternalData),
        BTreeSet::from([
            "ACCESS_KEYS_ROTATED",
            "EC2_EBS_ENCRYPTION_BY_DEFAULT",
            "IAM_PASSWORD_POLICY",
            "IAM_ROOT_ACCESS_KEY_CHECK",
            "IAM_USER_UNUSED_CREDENTIALS_CHECK",
            "MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS",
            "ROOT_ACCOUNT_MFA_ENABLED",
        ])
    );
    assert_eq!(coverage.counts.needs_external_data, 7);
    assert_eq!(coverage.counts.implemented, 19);
    assert_eq!(
        coverage.counts.not_evaluable + coverage.counts.unsupported,
        0
    );
    assert_eq!(coverage.counts.invalid, 0);
}

/// The process checks of the CIS v1.4 Level 1 pack are counted from the template,
/// independently of which rules exist.
#[test]
fn cis_v1_4_level1_process_checks_are_manual_with_their_description() {
    let Some(dir) = packs_dir() else { return };
    let pack =
        Pack::load(&dir.join("Operational-Best-Practices-for-CIS-AWS-v1.4-Level1.yaml")).unwrap();
    let plan = pack.resolve(&PackOptions::default()).unwrap().plan();
    let manual: Vec<_> = plan
        .listed
        .iter()
        .filter(|l| l.status == RuleStatus::Manual)
        .collect();
    assert_eq!(manual.len(), 18);
    let root = manual
        .iter()
        .find(|l| l.config_rule_name.as_deref() == Some("root-account-regular-use"))
        .unwrap();
    assert!(
        root.note
            .starts_with("Ensure the use of the root account is avoided")
    );
    assert!(plan.selected.len() + plan.listed.len() == 44);
}

const SNAPSHOT: &str = r#"{"fileVersion": "1.0", "configSnapshotId": "pack-test", "configurationItems": [
  {"configurationItemVersion": "1.3", "configurationItemCaptureTime": "2026-02-13T05:42:00.000Z",
   "configurationStateId": 1770961320000, "awsAccountId": "111122223333", "configurationItemStatus": "OK",
   "resourceType": "AWS::EC2::SecurityGroup", "resourceId": "sg-prod", "awsRegion": "eu-west-1",
   "ARN": "arn:aws:ec2:eu-west-1:111122223333:security-group/sg-prod",
   "tags": {"env": "prod"}, "relationships": [],
   "configuration": {"groupId": "sg-prod", "groupName": "prod", "ownerId": "111122223333",
     "ipPermissions": [{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
       "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}], "ipv6Ranges": [], "ipRanges": ["0.0.0.0/0"], "prefixListIds": [], "userIdGroupPairs": []}],
     "ipPermissionsEgress": []},
   "supplementaryConfiguration": {}},
  {"configurationItemVersion": "1.3", "configurationItemCaptureTime": "2026-02-13T05:42:00.000Z",
   "configurationStateId": 1770961320001, "awsAccountId": "111122223333", "configurationItemStatus": "OK",
   "resourceType": "AWS::EC2::SecurityGroup", "resourceId": "sg-dev", "awsRegion": "eu-west-1",
   "ARN": "arn:aws:ec2:eu-west-1:111122223333:security-group/sg-dev",
   "tags": {"env": "dev"}, "relationships": [],
   "configuration": {"groupId": "sg-dev", "groupName": "dev", "ownerId": "111122223333",
     "ipPermissions": [{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
       "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}], "ipv6Ranges": [], "ipRanges": ["0.0.0.0/0"], "prefixListIds": [], "userIdGroupPairs": []}],
     "ipPermissionsEgress": []},
   "supplementaryConfiguration": {}}
]}"#;

const SCOPED: &str = "
Parameters:
  Env:
    Type: String
    Default: prod
  Name:
    Type: String
    Default: ssh
Resources:
  Ssh:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: !Sub '${Name}-${AWS::AccountId}'
      Scope:
        ComplianceResourceTypes: [AWS::EC2::SecurityGroup]
        TagKey: env
        TagValue: {Ref: Env}
      Source: {Owner: AWS, SourceIdentifier: INCOMING_SSH_DISABLED}
  Alarm:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: alarm-root-account-use
      Description: Ensure an alarm exists for root account use.
      Source: {Owner: AWS, SourceIdentifier: AWS_CONFIG_PROCESS_CHECK}
";

#[test]
fn scope_and_parameters_reach_the_engine() {
    let mut inventory = Inventory::build(load::load_bytes("snapshot.json", SNAPSHOT.into()));
    assert!(inventory.problems.is_empty(), "{:?}", inventory.problems);
    let pack = Pack::parse("scoped", SCOPED).unwrap();
    let mut run = |parameters: &[(&str, &str)]| {
        let opts = PackOptions {
            parameters: parameters
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            pseudo: pseudo_from_inventory(&inventory),
            ..PackOptions::default()
        };
        engine::run(&mut inventory, &pack.resolve(&opts).unwrap().plan(), now())
    };
    let report = run(&[]);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let hits: Vec<(&str, &str, Compliance)> = report
        .evaluations()
        .map(|e| (e.resource_id, e.rule_name, e.compliance_type))
        .collect();
    assert_eq!(
        hits,
        vec![("sg-prod", "ssh-111122223333", Compliance::NonCompliant)],
        "only the tagged group, under the pack's rule name"
    );
    let alarm = report
        .rules
        .iter()
        .find(|r| r.status == RuleStatus::Manual)
        .unwrap();
    assert_eq!(alarm.counts, Counts::default());
    assert_eq!(
        alarm.note.as_deref(),
        Some("Ensure an alarm exists for root account use.")
    );

    let report = run(&[("Env", "dev"), ("AWS::AccountId", "999999999999")]);
    let hits: Vec<(&str, &str)> = report
        .evaluations()
        .map(|e| (e.resource_id, e.rule_name))
        .collect();
    assert_eq!(hits, vec![("sg-dev", "ssh-999999999999")]);
}

#[test]
fn a_rejected_parameter_is_a_pack_problem_not_a_crash() {
    let pack = Pack::parse(
        "bad-params",
        "Resources:
  Ssh:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: my-ssh
      InputParameters: {notAParameter: '1'}
      Source: {Owner: AWS, SourceIdentifier: INCOMING_SSH_DISABLED}
",
    )
    .unwrap();
    let mut inventory = Inventory::build(load::load_bytes("snapshot.json", SNAPSHOT.into()));
    let report = engine::run(
        &mut inventory,
        &pack.resolve(&PackOptions::default()).unwrap().plan(),
        now(),
    );
    assert_eq!(report.evaluations().len(), 0);
    assert!(!report.is_complete());
    assert_eq!(report.problems.len(), 1);
    let p = &report.problems[0];
    assert_eq!(p.kind, "pack");
    for part in ["bad-params", "my-ssh", "notAParameter"] {
        assert!(p.message.contains(part), "{}", p.message);
    }
    assert_eq!(report.rules[0].status, RuleStatus::Error);
}

#[test]
fn one_rule_twice_keeps_separate_counts() {
    let pack = Pack::parse(
        "twice",
        "Resources:
  A:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: ssh-prod
      Scope: {TagKey: env, TagValue: prod}
      Source: {Owner: AWS, SourceIdentifier: INCOMING_SSH_DISABLED}
  B:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: ssh-all
      Source: {Owner: AWS, SourceIdentifier: INCOMING_SSH_DISABLED}
",
    )
    .unwrap();
    let mut inventory = Inventory::build(load::load_bytes("snapshot.json", SNAPSHOT.into()));
    let report = engine::run(
        &mut inventory,
        &pack.resolve(&PackOptions::default()).unwrap().plan(),
        now(),
    );
    let counts: BTreeMap<&str, usize> = report
        .rules
        .iter()
        .map(|r| {
            (
                r.config_rule_name.as_deref().unwrap(),
                r.counts.non_compliant,
            )
        })
        .collect();
    assert_eq!(counts, BTreeMap::from([("ssh-all", 2), ("ssh-prod", 1)]));
}

fn cfgaudit(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cfgaudit"))
        .args(args)
        .output()
        .expect("the cfgaudit binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_check_and_coverage() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("scoped.yaml");
    std::fs::write(&pack, SCOPED).unwrap();
    let snapshot = dir.path().join("snapshot.json");
    std::fs::write(&snapshot, SNAPSHOT).unwrap();
    let (pack, snapshot) = (pack.to_str().unwrap(), snapshot.to_str().unwrap());

    let (code, out, err) = cfgaudit(&["check", snapshot, "--pack", pack, "--format", "json"]);
    assert_eq!(code, 1, "findings: {err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["summary"]["nonCompliant"], 1);
    assert_eq!(report["rules"].as_array().unwrap().len(), 2);

    // Template parameters and pseudo parameters from --param.
    let (code, out, _) = cfgaudit(&[
        "check",
        snapshot,
        "--pack",
        pack,
        "--param",
        "Env=nothing",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["summary"]["evaluations"], 0);

    // A parameter the pack does not declare, or a rule it does not have: fatal.
    let (code, _, err) = cfgaudit(&["check", snapshot, "--pack", pack, "--param", "Nope=1"]);
    assert_eq!(code, 2);
    assert!(err.contains("no parameter `Nope`"), "{err}");
    let (code, _, err) = cfgaudit(&[
        "check",
        snapshot,
        "--pack",
        pack,
        "--param",
        "no-such-rule.x=1",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-rule"), "{err}");
    // A rule parameter our rule rejects: the run is incomplete, the report is written.
    let (code, out, _) = cfgaudit(&[
        "check",
        snapshot,
        "--pack",
        pack,
        "--param",
        "ssh-111122223333.bogus=1",
    ]);
    assert_eq!(code, 2);
    assert!(out.contains("bogus"), "{out}");

    let (code, _, err) = cfgaudit(&[
        "check",
        snapshot,
        "--pack",
        pack,
        "--rules",
        "restricted-ssh",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot be used with"), "{err}");

    // The rule's name needs AWS::AccountId, which only the inputs or --param give.
    let (code, out, _) = cfgaudit(&["pack", "coverage", pack]);
    assert_eq!(code, 2);
    assert!(out.contains("--param AWS::AccountId="), "{out}");
    let (code, out, _) = cfgaudit(&[
        "pack",
        "coverage",
        pack,
        "--format",
        "json",
        "--param",
        "AWS::AccountId=1",
    ]);
    assert_eq!(code, 0);
    let coverage: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(coverage["counts"]["rules"], 2);
    assert_eq!(coverage["counts"]["implemented"], 1);
    assert_eq!(coverage["counts"]["manual"], 1);
    let (code, out, _) = cfgaudit(&["pack", "coverage", pack, "--param", "AWS::AccountId=1"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("2 rules (1 managed identifiers): 1 implemented"),
        "{out}"
    );

    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "Resources: [").unwrap();
    let (code, _, err) = cfgaudit(&["pack", "coverage", broken.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("broken.yaml: invalid YAML"), "{err}");
}

#[test]
fn a_json_template_reads_like_its_yaml() {
    let Some(dir) = packs_dir() else { return };
    let path = dir.join("Operational-Best-Practices-for-CIS-AWS-v1.4-Level1.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    let json =
        serde_json::to_string_pretty(&cfgaudit::pack::template::parse_document(&yaml).unwrap())
            .unwrap();
    let from_yaml = Pack::load(&path)
        .unwrap()
        .resolve(&PackOptions::default())
        .unwrap();
    let from_json = Pack::parse("Operational-Best-Practices-for-CIS-AWS-v1.4-Level1", &json)
        .unwrap()
        .resolve(&PackOptions::default())
        .unwrap();
    assert_eq!(from_json.coverage(), from_yaml.coverage());
}

#[test]
fn packs_run_user_rules_by_identifier_and_as_lambda_stand_ins() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack.yaml");
    std::fs::write(
        &pack,
        "Resources:
  Ssh:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: office-ssh
      InputParameters: {allowedCidrs: 203.0.113.0/24}
      Source: {Owner: AWS, SourceIdentifier: SSH_FROM_ALLOWED_CIDRS}
  Lambda:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: unattached-volumes-cost
      Source: {Owner: CUSTOM_LAMBDA, SourceIdentifier: 'arn:aws:lambda:us-east-1:111122223333:function:unattached'}
  Other:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: something-else
      Source: {Owner: CUSTOM_LAMBDA, SourceIdentifier: 'arn:aws:lambda:us-east-1:111122223333:function:x'}
",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cfgaudit"))
        .args([
            "check",
            root.join("snapshots").to_str().unwrap(),
            "--pack",
            pack.to_str().unwrap(),
        ])
        .args([
            "--rules-dir",
            root.join("custom-rules").to_str().unwrap(),
            "--format",
            "json",
            "--fail-on",
            "none",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let status = |name: &str| {
        report["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["configRuleName"] == name)
            .map(|r| r["status"].as_str().unwrap().to_owned())
    };
    assert_eq!(status("office-ssh").as_deref(), Some("evaluated"));
    assert_eq!(
        status("unattached-volumes-cost").as_deref(),
        Some("evaluated")
    );
    assert_eq!(status("something-else").as_deref(), Some("not-evaluable"));
    let ssh: Vec<&serde_json::Value> = report["evaluations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["identifier"] == "SSH_FROM_ALLOWED_CIDRS" && e["complianceType"] == "NON_COMPLIANT"
        })
        .collect();
    assert!(
        !ssh.is_empty(),
        "the pack's allowedCidrs reached the user rule"
    );
}
