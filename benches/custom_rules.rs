//! User rules against built-in rules on 100,000 generated items of their type, in one
//! run: a simple field check (EBS encryption) as a Rust rule, a Rhai script and a
//! JSONPath rule; and restricted-ssh (the built-in `INCOMING_SSH_DISABLED`) against a
//! Rhai script using the `first_world_open` helper, a Rhai script walking the
//! permissions itself, and a JSONPath rule with a filter expression.
//!
//! `cargo bench --bench custom_rules` (optionally `BENCH_ITEMS=N`, `BENCH_THREADS=N`;
//! the default is one thread, so ratios do not depend on other load). Each rule runs
//! through the whole engine (dispatch, verdicts, report sorting) after a warm-up run
//! that decodes every item once; the best of five runs is reported.

#![allow(
    clippy::unwrap_used,
    clippy::print_stdout,
    reason = "a benchmark binary"
)]
#![allow(clippy::cast_precision_loss, reason = "rates for display")]

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cfgaudit::engine::{self, Plan, RuleRef, Selected};
use cfgaudit::rules::custom::Limits;
use cfgaudit::rules::custom::jsonpath;
use cfgaudit::rules::custom::rhai::ScriptEngine;
use cfgaudit::rules::prelude::*;
use cfgaudit::rules::{ManagedRule, ValidParams};
use cfgaudit::{Inventory, load};

cfgaudit::declare_managed_rule! {
    /// EBS volumes are encrypted (the benchmark's built-in field check).
    ///
    /// ## What it checks
    /// `configuration.encrypted`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: not encrypted.
    /// - `COMPLIANT`: encrypted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/encrypted-volumes.html>
    pub BenchEncryptedVolumes {
        identifier: "BENCH_ENCRYPTED_VOLUMES",
        name: "bench-encrypted-volumes",
        resource_types: &["AWS::EC2::Volume"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for BenchEncryptedVolumes {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let v = item.config_at("encrypted");
        if support::as_bool(v) == Some(true) {
            Verdict::compliant("the volume is encrypted")
        } else {
            Verdict::non_compliant(
                "the volume is not encrypted",
                Evidence::at(support::config_path("encrypted"), v.clone()),
            )
        }
    }
}

const RHAI_FIELD: &str = r#"
const RULE = #{ identifier: "RHAI_ENCRYPTED_VOLUMES", name: "rhai-encrypted-volumes", description: "EBS volumes are encrypted.", resourceTypes: ["AWS::EC2::Volume"] };
fn evaluate(item, params, ctx) {
    let encrypted = item.configuration.encrypted;
    if encrypted == true {
        compliant("the volume is encrypted")
    } else {
        non_compliant("the volume is not encrypted", "$.configuration.encrypted", encrypted)
    }
}
"#;

const JSONPATH_FIELD: &str = "identifier: JSONPATH_ENCRYPTED_VOLUMES\nname: jsonpath-encrypted-volumes\ndescription: EBS volumes are encrypted.\nresourceTypes: [AWS::EC2::Volume]\ncompliant: {path: $.configuration.encrypted, equals: true}\nmessages: {compliant: the volume is encrypted, nonCompliant: the volume is not encrypted}\n";

const RHAI_SSH_HELPER: &str = r#"
const RULE = #{ identifier: "RHAI_SSH_HELPER", name: "rhai-ssh-helper", description: "No SSH from the world.", resourceTypes: ["AWS::EC2::SecurityGroup"] };
fn evaluate(item, params, ctx) {
    let hit = first_world_open(item, "tcp", [22]);
    if hit == () {
        compliant("no inbound permission opens port 22 to 0.0.0.0/0 or ::/0")
    } else {
        non_compliant(`${hit.permission} allows SSH (port 22) from ${hit.cidr}`, hit.path, hit.cidr)
    }
}
"#;

const RHAI_SSH_LOOP: &str = r#"
const RULE = #{ identifier: "RHAI_SSH_LOOP", name: "rhai-ssh-loop", description: "No SSH from the world.", resourceTypes: ["AWS::EC2::SecurityGroup"] };
fn evaluate(item, params, ctx) {
    let perms = item.configuration.ipPermissions ?? [];
    for i in 0..perms.len() {
        let p = perms[i];
        let proto = p.ipProtocol;
        let all = proto == "-1";
        if !all && proto != "tcp" && proto != "6" { continue; }
        if !all && p.fromPort != () && (p.fromPort > 22 || p.toPort < 22) { continue; }
        let v4 = p.ipv4Ranges ?? [];
        for j in 0..v4.len() {
            if v4[j].cidrIp == "0.0.0.0/0" {
                return non_compliant("SSH open to 0.0.0.0/0", `$.configuration.ipPermissions[${i}].ipv4Ranges[${j}].cidrIp`, "0.0.0.0/0");
            }
        }
        let v6 = p.ipv6Ranges ?? [];
        for j in 0..v6.len() {
            if v6[j].cidrIpv6 == "::/0" {
                return non_compliant("SSH open to ::/0", `$.configuration.ipPermissions[${i}].ipv6Ranges[${j}].cidrIpv6`, "::/0");
            }
        }
    }
    compliant("no inbound permission opens port 22 to the world")
}
"#;

const JSONPATH_SSH: &str = r#"identifier: JSONPATH_SSH
name: jsonpath-ssh
description: No SSH from the world.
resourceTypes: [AWS::EC2::SecurityGroup]
compliant:
  all:
    - any:
        - path: "$.configuration.ipPermissions[?@.ipProtocol == '-1' || ((@.ipProtocol == 'tcp' || @.ipProtocol == '6') && @.fromPort <= 22 && @.toPort >= 22)].ipv4Ranges[*].cidrIp"
          absent: true
        - path: "$.configuration.ipPermissions[?@.ipProtocol == '-1' || ((@.ipProtocol == 'tcp' || @.ipProtocol == '6') && @.fromPort <= 22 && @.toPort >= 22)].ipv4Ranges[*].cidrIp"
          notEquals: 0.0.0.0/0
    - any:
        - path: "$.configuration.ipPermissions[?@.ipProtocol == '-1' || ((@.ipProtocol == 'tcp' || @.ipProtocol == '6') && @.fromPort <= 22 && @.toPort >= 22)].ipv6Ranges[*].cidrIpv6"
          absent: true
        - path: "$.configuration.ipPermissions[?@.ipProtocol == '-1' || ((@.ipProtocol == 'tcp' || @.ipProtocol == '6') && @.fromPort <= 22 && @.toPort >= 22)].ipv6Ranges[*].cidrIpv6"
          notEquals: "::/0"
"#;

fn snapshot_text(items: impl Iterator<Item = String>) -> Vec<u8> {
    let mut s =
        String::from(r#"{"fileVersion":"1.0","configSnapshotId":"bench","configurationItems":["#);
    for (i, item) in items.enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&item);
    }
    s.push_str("]}");
    s.into_bytes()
}

fn envelope(ty: &str, id: &str, arn: &str, configuration: &str) -> String {
    format!(
        r#"{{"relatedEvents":[],"relationships":[],"configuration":{configuration},"supplementaryConfiguration":{{}},"tags":{{}},"configurationItemVersion":"1.3","configurationItemCaptureTime":"2026-02-13T06:04:50.491Z","configurationStateId":1770962690491,"awsAccountId":"111122223333","configurationItemStatus":"OK","resourceType":"{ty}","resourceId":"{id}","ARN":"{arn}","awsRegion":"us-east-1","availabilityZone":"us-east-1a","configurationStateMd5Hash":""}}"#
    )
}

fn volumes(n: usize) -> Inventory {
    let items = (0..n).map(|i| {
        let id = format!("vol-{i:017x}");
        let conf = format!(
            r#"{{"attachments":[{{"attachTime":"2026-02-11T04:57:05.000Z","device":"/dev/xvda","instanceId":"i-{i:017x}","state":"attached","volumeId":"{id}","deleteOnTermination":true}}],"availabilityZone":"us-east-1a","createTime":"2026-02-11T04:57:05.682Z","encrypted":{},"size":{},"snapshotId":"snap-0f6c204e5e647b1bc","state":"in-use","volumeId":"{id}","iops":3000,"tags":[],"volumeType":"gp3","multiAttachEnabled":false,"throughput":125}}"#,
            i % 3 != 0,
            8 + i % 500
        );
        envelope(
            "AWS::EC2::Volume",
            &id,
            &format!("arn:aws:ec2:us-east-1:111122223333:volume/{id}"),
            &conf,
        )
    });
    build(snapshot_text(items))
}

fn security_groups(n: usize) -> Inventory {
    let items = (0..n).map(|i| {
        let id = format!("sg-{i:017x}");
        let open = match i % 4 {
            0 => r#"{"ipProtocol":"tcp","fromPort":22,"toPort":22,"ipRanges":["0.0.0.0/0"],"ipv4Ranges":[{"cidrIp":"0.0.0.0/0"}],"ipv6Ranges":[],"prefixListIds":[],"userIdGroupPairs":[]}"#,
            1 => r#"{"ipProtocol":"tcp","fromPort":20,"toPort":25,"ipRanges":[],"ipv4Ranges":[{"cidrIp":"10.0.0.0/8"}],"ipv6Ranges":[{"cidrIpv6":"::/0"}],"prefixListIds":[],"userIdGroupPairs":[]}"#,
            _ => r#"{"ipProtocol":"tcp","fromPort":22,"toPort":22,"ipRanges":["10.0.0.0/8"],"ipv4Ranges":[{"cidrIp":"10.0.0.0/8"}],"ipv6Ranges":[],"prefixListIds":[],"userIdGroupPairs":[]}"#,
        };
        let conf = format!(
            r#"{{"description":"bench","groupName":"g{i}","ipPermissions":[{{"ipProtocol":"tcp","fromPort":443,"toPort":443,"ipRanges":["0.0.0.0/0"],"ipv4Ranges":[{{"cidrIp":"0.0.0.0/0"}}],"ipv6Ranges":[{{"cidrIpv6":"::/0"}}],"prefixListIds":[],"userIdGroupPairs":[]}},{open}],"ownerId":"111122223333","groupId":"{id}","ipPermissionsEgress":[{{"ipProtocol":"-1","ipv6Ranges":[],"prefixListIds":[],"userIdGroupPairs":[],"ipv4Ranges":[{{"cidrIp":"0.0.0.0/0"}}],"ipRanges":["0.0.0.0/0"]}}],"tags":[],"vpcId":"vpc-0673107a2ff6b55e3"}}"#
        );
        envelope(
            "AWS::EC2::SecurityGroup",
            &id,
            &format!("arn:aws:ec2:us-east-1:111122223333:security-group/{id}"),
            &conf,
        )
    });
    build(snapshot_text(items))
}

fn build(bytes: Vec<u8>) -> Inventory {
    let loaded = load::load_bytes("bench.json", bytes);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems.first());
    Inventory::build(loaded)
}

fn script(text: &str) -> RuleRef {
    let rule = ScriptEngine::new(&Limits::default())
        .compile(Path::new("bench.rhai"), text)
        .unwrap_or_else(|e| panic!("{e}"));
    RuleRef::User(Arc::new(rule) as Arc<dyn ManagedRule>)
}

fn declarative(text: &str) -> RuleRef {
    let rule =
        jsonpath::parse(Path::new("bench.rule.yaml"), text).unwrap_or_else(|e| panic!("{e}"));
    RuleRef::User(Arc::new(rule) as Arc<dyn ManagedRule>)
}

/// The best of five runs of the rule alone: `evaluate` on every item, in the pool's
/// threads, without the engine's report.
fn time_rule(inv: &Inventory, rule: &RuleRef, ty: &str) -> Duration {
    use rayon::prelude::*;
    let params = ValidParams::default();
    let cx = RuleContext::new(inv, "2026-06-01T00:00:00Z".parse().unwrap(), &params);
    let positions = inv.positions_of_type(ty);
    let mut best = Duration::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        let non_compliant = positions
            .par_iter()
            .filter(|&&pos| {
                let item = inv.resource(pos).unwrap();
                rule.evaluate(item, &cx.at_position(pos)).compliance == Compliance::NonCompliant
            })
            .count();
        best = best.min(start.elapsed());
        assert!(non_compliant > 0);
    }
    best
}

/// The best of five timed runs through the engine, and the verdict counts of the last.
fn time(inv: &mut Inventory, rule: &RuleRef) -> (Duration, [usize; 3]) {
    let plan = Plan {
        selected: vec![Selected::new(rule.clone(), ValidParams::default())],
        ..Plan::default()
    };
    let now = "2026-06-01T00:00:00Z".parse().unwrap();
    let mut best = Duration::MAX;
    let mut counts = [0; 3];
    for _ in 0..5 {
        let start = Instant::now();
        let report = engine::run(inv, &plan, now);
        best = best.min(start.elapsed());
        let c = report.summary.counts;
        counts = [c.compliant, c.non_compliant, c.error];
    }
    (best, counts)
}

/// A title, the inventory generator, and the rules compared (the first is the base).
type Group = (
    &'static str,
    fn(usize) -> Inventory,
    Vec<(&'static str, RuleRef)>,
);

fn main() {
    let n: usize = std::env::var("BENCH_ITEMS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let threads: usize = std::env::var("BENCH_THREADS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    println!("{n} items per rule, {threads} thread(s), best of 5 runs\n");
    println!(
        "{:<46} {:>11} {:>10} | {:>11} {:>10}  verdicts",
        "", "engine", "", "rule alone", ""
    );
    println!(
        "{:<46} {:>11} {:>10} | {:>11} {:>10}  (compliant/non-compliant/error)",
        "rule", "items/s", "× built-in", "items/s", "× built-in"
    );
    let groups: [Group; 2] = [
        (
            "field check: EBS volume encrypted",
            volumes,
            vec![
                (
                    "built-in (Rust rule)",
                    RuleRef::Builtin(&BenchEncryptedVolumes),
                ),
                ("Rhai script", script(RHAI_FIELD)),
                ("JSONPath rule", declarative(JSONPATH_FIELD)),
            ],
        ),
        (
            "restricted-ssh: port 22 open to the world",
            security_groups,
            vec![
                (
                    "built-in INCOMING_SSH_DISABLED",
                    RuleRef::Builtin(cfgaudit::rules::find("INCOMING_SSH_DISABLED").unwrap()),
                ),
                (
                    "Rhai script, first_world_open helper",
                    script(RHAI_SSH_HELPER),
                ),
                (
                    "Rhai script, walking the permissions",
                    script(RHAI_SSH_LOOP),
                ),
                (
                    "JSONPath rule, filter expression",
                    declarative(JSONPATH_SSH),
                ),
            ],
        ),
    ];
    pool.install(|| {
        for (title, make, rules) in groups {
            println!("\n{title}");
            let mut inv = make(n);
            // Warm-up: decodes every item's configuration once, as any first rule would.
            let _ = time(&mut inv, &rules[0].1);
            let ty = rules[0].1.meta().resource_types[0];
            let mut base = None;
            for (label, rule) in &rules {
                let (took, counts) = time(&mut inv, rule);
                let alone = time_rule(&inv, rule, ty).as_secs_f64();
                let secs = took.as_secs_f64();
                let (base_secs, base_alone) = *base.get_or_insert((secs, alone));
                println!(
                    "  {:<44} {:>11.0} {:>10.1} | {:>11.0} {:>10.1}  {}/{}/{}",
                    label,
                    n as f64 / secs,
                    secs / base_secs,
                    n as f64 / alone,
                    alone / base_alone,
                    counts[0],
                    counts[1],
                    counts[2]
                );
            }
            std::mem::forget(inv);
        }
    });
}
