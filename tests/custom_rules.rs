//! User rules: the example rules in `custom-rules/` against their cases, every function
//! of the script API, the sandbox limits, error reporting with file, line and column,
//! JSONPath rules, rule lookup for packs, and the `test` and `check --rules-dir`
//! commands end to end.

#![allow(clippy::unwrap_used, reason = "test helpers may panic")]
#![allow(
    clippy::needless_pass_by_value,
    reason = "input builders take owned JSON so cases read as literals"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cfgaudit::cases::run_case_file;
use cfgaudit::engine::{self, Plan, RuleRef, Selected};
use cfgaudit::report::{Evaluation, Report, RuleStatus};
use cfgaudit::rules::Evidence;
use cfgaudit::rules::custom::rhai::ScriptEngine;
use cfgaudit::rules::custom::{Limits, RuleKind, RuleSet, guard, jsonpath};
use cfgaudit::rules::{Compliance, ManagedRule, Scope, Severity, ValidParams};
use cfgaudit::{Inventory, load};
use serde_json::{Value, json};

fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

const NOW: &str = "2026-06-01T00:00:00Z";

// ---------------------------------------------------------------------------------------
// Building inputs.

/// A configuration item in snapshot naming.
fn ci(ty: &str, id: &str, configuration: Value) -> Value {
    let service = ty.split("::").nth(1).unwrap().to_ascii_lowercase();
    json!({
        "relatedEvents": [], "relationships": [],
        "configuration": configuration,
        "supplementaryConfiguration": {}, "tags": {},
        "configurationItemVersion": "1.3",
        "configurationItemCaptureTime": "2026-03-02T10:15:00.000Z",
        "configurationStateId": 1_772_446_500_000_u64,
        "awsAccountId": "111122223333",
        "configurationItemStatus": "OK",
        "resourceType": ty, "resourceId": id, "resourceName": id,
        "ARN": format!("arn:aws:{service}:us-east-1:111122223333:{id}"),
        "awsRegion": if ty.starts_with("AWS::IAM::") { "global" } else { "us-east-1" },
        "availabilityZone": "Not Applicable", "configurationStateMd5Hash": ""
    })
}

fn with(mut item: Value, key: &str, value: Value) -> Value {
    item[key] = value;
    item
}

fn rel(id: &str, ty: &str, name: &str) -> Value {
    json!({"resourceId": id, "resourceType": ty, "name": name})
}

fn inventory(items: Vec<Value>) -> Inventory {
    let doc =
        json!({"fileVersion": "1.0", "configSnapshotId": "test", "configurationItems": items});
    let loaded = load::load_bytes("inline.json", serde_json::to_vec(&doc).unwrap());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    Inventory::build(loaded)
}

fn run_rule(rule: RuleRef, items: Vec<Value>, params: &Value) -> Report {
    let mut inv = inventory(items);
    let given: BTreeMap<String, Value> = serde_json::from_value(params.clone()).unwrap();
    let params = ValidParams::validate(rule.meta(), &given).unwrap();
    let plan = Plan {
        selected: vec![Selected::new(rule, params)],
        ..Plan::default()
    };
    engine::run(&mut inv, &plan, NOW.parse().unwrap())
}

fn compile_with(limits: &Limits, script: &str) -> RuleRef {
    let rule = ScriptEngine::new(limits)
        .compile(Path::new("inline.rhai"), script)
        .unwrap_or_else(|e| panic!("{e}"));
    RuleRef::User(Arc::new(rule) as Arc<dyn ManagedRule>)
}

/// A script with test metadata for `types`, followed by `body`.
fn script(types: &[&str], body: &str) -> String {
    format!(
        "const RULE = #{{ identifier: \"INLINE_TEST\", name: \"inline-test\", description: \"a test rule\", resourceTypes: {types:?}, parameters: #{{ limit: #{{ type: \"int\", \"default\": 3 }}, names: #{{ type: \"csv\", \"default\": \"a,b\" }}, open: #{{ type: \"ports\", \"default\": \"22, 1020-1025\" }} }} }};\n\
         fn check(what, got, want) {{ if got != want {{ throw `${{what}}: got ${{got}}, want ${{want}}`; }} }}\n{body}"
    )
}

/// An evaluation copied out of its report, so that helpers can return it.
#[derive(Debug, Clone)]
struct Eval {
    resource_id: String,
    compliance_type: Compliance,
    annotation: String,
    evidence: Vec<Evidence>,
    severity: Severity,
}

impl From<Evaluation<'_>> for Eval {
    fn from(e: Evaluation<'_>) -> Self {
        Self {
            resource_id: e.resource_id.to_owned(),
            compliance_type: e.compliance_type,
            annotation: e.annotation.to_owned(),
            evidence: e.evidence.to_vec(),
            severity: e.severity,
        }
    }
}

fn owned(report: &Report) -> Vec<Eval> {
    report.evaluations().map(Eval::from).collect()
}

fn evaluations(types: &[&str], body: &str, items: Vec<Value>) -> Vec<Eval> {
    owned(&run_rule(
        compile_with(&Limits::default(), &script(types, body)),
        items,
        &json!({}),
    ))
}

/// Runs a script whose `evaluate` asserts with `check` and returns a verdict; every
/// evaluation must be COMPLIANT (the annotation of a failing one says which check).
fn assert_script(types: &[&str], body: &str, items: Vec<Value>) -> Vec<Eval> {
    let evals = evaluations(types, body, items);
    assert!(!evals.is_empty(), "no evaluation");
    for e in &evals {
        assert_eq!(
            e.compliance_type,
            Compliance::Compliant,
            "{}: {}",
            e.resource_id,
            e.annotation
        );
    }
    evals
}

fn only(evals: &[Eval], id: &str) -> Eval {
    evals
        .iter()
        .find(|e| e.resource_id == id)
        .cloned()
        .unwrap_or_else(|| panic!("no evaluation of {id}: {evals:?}"))
}

// ---------------------------------------------------------------------------------------
// The example rules.

fn examples() -> RuleSet {
    RuleSet::load(&[repo("custom-rules")], &Limits::default())
}

#[test]
fn example_rules_load_and_pass_their_cases() {
    let set = examples();
    assert!(set.errors().is_empty(), "{:?}", set.errors());
    assert!(
        set.rules().len() >= 8,
        "custom-rules/ ships at least eight rules, found {}",
        set.rules().len()
    );
    assert!(set.rules().iter().any(|r| r.kind == RuleKind::JsonPath));
    let mut failures = Vec::new();
    for rule in set.rules() {
        let meta = rule.meta();
        let stem = cfgaudit::rules::custom::rule_stem(&rule.file);
        assert_eq!(
            stem,
            meta.name,
            "{}: file named after the rule",
            rule.file.display()
        );
        let mut cases: Vec<PathBuf> = std::fs::read_dir(rule.cases_dir())
            .map(|rd| rd.map(|e| e.unwrap().path()).collect())
            .unwrap_or_default();
        cases.retain(|p| p.extension().is_some_and(|e| e == "json"));
        assert!(!cases.is_empty(), "{} has no cases", meta.identifier);
        let mut seen = BTreeSet::new();
        for case in cases {
            match run_case_file(&case, rule.rule_ref()) {
                Ok(result) => {
                    seen.extend(result.evaluations().iter().map(|e| e.compliance_type));
                    for f in result.failures {
                        failures.push(format!("{}: {f}", case.display()));
                    }
                }
                Err(e) => failures.push(format!("{}: {e}", case.display())),
            }
        }
        let mut wanted = vec![Compliance::Compliant, Compliance::NonCompliant];
        if meta.scope == Scope::Resource {
            wanted.push(Compliance::NotApplicable);
        }
        for c in wanted {
            if !seen.contains(&c) {
                failures.push(format!("{}: no case yields {c}", meta.identifier));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_api_function_is_documented() {
    let readme = std::fs::read_to_string(repo("custom-rules/README.md")).unwrap();
    let engine = ScriptEngine::new(&Limits::default());
    let mut missing = BTreeSet::new();
    for sig in engine.api_signatures() {
        let name = sig.split('(').next().unwrap().trim();
        let documented = if let Some(prop) = name.strip_prefix("get$") {
            readme.contains(&format!(".{prop}`")) || readme.contains(&format!(".{prop} "))
        } else if name.starts_with("index$") || name == "==" || name == "!=" {
            true
        } else {
            readme.contains(&format!("`{name}(")) || readme.contains(&format!(".{name}("))
        };
        if !documented {
            missing.insert(name.to_owned());
        }
    }
    assert!(
        missing.is_empty(),
        "custom-rules/README.md does not document: {missing:?}"
    );
}

// ---------------------------------------------------------------------------------------
// The script API, one function (or family) at a time.

fn sg(id: &str, perms: Value) -> Value {
    ci(
        "AWS::EC2::SecurityGroup",
        id,
        json!({"groupId": id, "groupName": id, "vpcId": "vpc-1", "ipPermissions": perms, "ipPermissionsEgress": []}),
    )
}

#[test]
fn item_fields() {
    let item = with(
        with(
            ci(
                "AWS::EC2::Volume",
                "vol-1",
                json!({"volumeId": "vol-1", "size": 8, "encrypted": false, "state": "in-use", "iops": 3000.5, "tags": [{"key": "Owner", "value": "ops"}], "attachments": [{"instanceId": "i-1", "state": "attached"}, {"instanceId": "i-2"}], "kmsKeyId": null}),
            ),
            "tags",
            json!({"Owner": "ops", "cost center": "42"}),
        ),
        "supplementaryConfiguration",
        json!({"Flags": {"a": true}}),
    );
    assert_script(
        &["AWS::EC2::Volume"],
        r#"fn evaluate(item, params, ctx) {
            check("type", item.resourceType, "AWS::EC2::Volume");
            check("id", item.resourceId, "vol-1");
            check("name", item.resourceName, "vol-1");
            check("account", item.awsAccountId, "111122223333");
            check("accountId", item.accountId, "111122223333");
            check("region", item.awsRegion, "us-east-1");
            check("region alias", item.region, "us-east-1");
            check("arn", item.ARN, item.arn);
            check("az", item.availabilityZone, "Not Applicable");
            check("status", item.configurationItemStatus, "OK");
            check("status alias", item.status, "OK");
            check("state id", item.configurationStateId, "1772446500000");
            check("version", item.configurationItemVersion, "1.3");
            check("capture", item.configurationItemCaptureTime, "2026-03-02T10:15:00.000Z");
            check("capture alias", item.captureTime, item.configurationItemCaptureTime);
            check("created", item.resourceCreationTime, ());
            check("deleted", item.deleted, false);
            check("key", item.key, #{ accountId: "111122223333", region: "us-east-1", resourceType: "AWS::EC2::Volume", resourceId: "vol-1" });
            check("tags", item.tags, #{ Owner: "ops", "cost center": "42" });
            check("tag", item.tag("cost center"), "42");
            check("missing tag", item.tag("nope"), ());
            check("to_string", `${item}`, "AWS::EC2::Volume/vol-1");
            let cfg = item.configuration;
            check("type_of", type_of(cfg), "JsonObject");
            check("field", cfg.size, 8);
            check("bool", cfg.encrypted, false);
            check("float", cfg.iops, 3000.5);
            check("null", cfg.kmsKeyId, ());
            check("missing", cfg.nope, ());
            check("elvis", cfg.nope?.deeper, ());
            check("index", cfg["state"], "in-use");
            check("array", cfg.attachments.len(), 2);
            check("array element", cfg.attachments[1].instanceId, "i-2");
            check("nested path", path_of(cfg.attachments[1]), "$.configuration.attachments[1]");
            check("len", cfg.len(), 8);
            check("contains", "size" in cfg, true);
            check("not contains", "nope" in cfg, false);
            check("keys", cfg.keys().len(), 8);
            check("values", cfg.values().len(), 8);
            check("is_empty", cfg.is_empty(), false);
            check("to_map", cfg.attachments[0].to_map(), #{ instanceId: "i-1", state: "attached" });
            check("to_json", to_json(cfg.attachments[0]), "{\"instanceId\":\"i-1\",\"state\":\"attached\"}");
            check("filter", cfg.attachments.filter(|a| a.state == "attached").len(), 1);
            check("supplementary", item.supplementaryConfiguration.Flags.a, true);
            check("supplementary alias", item.supplementary.Flags.a, true);
            check("params", params, #{ limit: 3, names: ["a", "b"], open: [[22, 22], [1020, 1025]] });
            compliant("ok")
        }"#,
        vec![item],
    );
}

#[test]
fn relationships_and_graph_queries() {
    let vpc = ci("AWS::EC2::VPC", "vpc-1", json!({"vpcId": "vpc-1"}));
    let subnet = with(
        ci(
            "AWS::EC2::Subnet",
            "subnet-1",
            json!({"subnetId": "subnet-1"}),
        ),
        "relationships",
        json!([rel("vpc-1", "AWS::EC2::VPC", "Is contained in Vpc")]),
    );
    let instance = with(
        ci("AWS::EC2::Instance", "i-1", json!({"instanceId": "i-1"})),
        "relationships",
        json!([
            rel("subnet-1", "AWS::EC2::Subnet", "Is contained in Subnet"),
            rel("vpc-1", "AWS::EC2::VPC", "Is contained in Vpc"),
            rel(
                "sg-missing",
                "AWS::EC2::SecurityGroup",
                "Is associated with SecurityGroup"
            )
        ]),
    );
    let role = with(
        ci("AWS::IAM::Role", "AROA1", json!({"roleName": "app"})),
        "ARN",
        json!("arn:aws:iam::111122223333:role/app"),
    );
    assert_script(
        &["AWS::EC2::Instance"],
        r#"fn evaluate(item, params, ctx) {
            check("relationships", item.relationships.len(), 3);
            check("relationship verb", item.relationships[0].verb, "is-contained-in");
            check("relationship name", item.relationships[0].name, "Is contained in Subnet");
            let subnets = related(item, "is-contained-in", "AWS::EC2::Subnet");
            check("related", subnets.len(), 1);
            check("related item", subnets[0].resourceId, "subnet-1");
            check("related any verb", related(item, "", "AWS::EC2::VPC")[0].resourceId, "vpc-1");
            check("related verb only", related(item, "is-contained-in").len(), 2);
            check("related all", related(item).len(), 2);
            check("two hops", related(subnets[0], "is-contained-in", "AWS::EC2::VPC")[0].resourceId, "vpc-1");
            check("incoming (with inferred inverse edges)", incoming(subnets[0]).map(|i| i.resourceId), ["i-1", "vpc-1"]);
            check("incoming filtered", incoming(subnets[0], "is-contained-in", "AWS::EC2::Instance").len(), 1);
            check("incoming other verb", incoming(subnets[0], "is-attached-to", "").len(), 0);
            let links = links(item);
            let missing = links.filter(|l| l.resourceId == "sg-missing")[0];
            check("unresolved link", missing.item, ());
            check("link verb", missing.verb, "is-associated-with");
            check("lookup", lookup("AWS::EC2::VPC", "vpc-1").resourceId, "vpc-1");
            check("lookup global", lookup("AWS::IAM::Role", "AROA1").resourceName, "AROA1");
            check("lookup missing", lookup("AWS::EC2::VPC", "vpc-9"), ());
            check("lookup_arn", lookup_arn("arn:aws:iam::111122223333:role/app").resourceId, "AROA1");
            check("lookup_arn missing", lookup_arn("arn:aws:iam::111122223333:role/none"), ());
            check("items", items("AWS::EC2::Subnet").len(), 1);
            check("items global", items("AWS::IAM::Role").len(), 1);
            check("all_items", all_items("AWS::EC2::VPC").len(), 1);
            let vpc = lookup("AWS::EC2::VPC", "vpc-1");
            let paths = paths(item, vpc, 3);
            check("paths", paths.len(), 2);
            check("shortest first", paths[0].len(), 2);
            check("path nodes", paths[1].map(|n| n.resourceId), ["i-1", "subnet-1", "vpc-1"]);
            check("item equality", subnets[0] == lookup("AWS::EC2::Subnet", "subnet-1"), true);
            compliant("ok")
        }"#,
        vec![vpc, subnet, instance, role],
    );
}

#[test]
fn unknown_verbs_are_errors() {
    let evals = evaluations(
        &["AWS::EC2::VPC"],
        "fn evaluate(item, params, ctx) { related(item, \"owns\", \"\"); compliant(\"no\") }",
        vec![ci("AWS::EC2::VPC", "vpc-1", json!({}))],
    );
    assert_eq!(evals[0].compliance_type, Compliance::Error);
    assert!(
        evals[0]
            .annotation
            .contains("unknown relationship verb `owns`"),
        "{}",
        evals[0].annotation
    );
}

#[test]
fn account_scope_items() {
    let other = with(
        ci("AWS::EC2::Subnet", "subnet-9", json!({})),
        "awsAccountId",
        json!("999988887777"),
    );
    let other_region = with(
        ci("AWS::EC2::Subnet", "subnet-8", json!({})),
        "awsRegion",
        json!("eu-west-1"),
    );
    assert_script(
        &["AWS::EC2::VPC"],
        r#"fn evaluate(item, params, ctx) {
            check("items: same account and Region", items("AWS::EC2::Subnet").map(|s| s.resourceId), ["subnet-1"]);
            check("all_items: every account", all_items("AWS::EC2::Subnet").len(), 3);
            check("lookup prefers scope, then any", lookup("AWS::EC2::Subnet", "subnet-9").awsAccountId, "999988887777");
            compliant("ok")
        }"#,
        vec![
            ci("AWS::EC2::VPC", "vpc-1", json!({})),
            ci("AWS::EC2::Subnet", "subnet-1", json!({})),
            other,
            other_region,
        ],
    );
}

#[test]
fn account_level_rules() {
    let rule = compile_with(
        &Limits::default(),
        r#"const RULE = #{ identifier: "ACCOUNT_TEST", name: "account-test", description: "t", scope: "account-region" };
        fn evaluate_account(account, params, ctx) {
            let n = items("AWS::EC2::VPC").len();
            if n == 0 { return non_compliant(`no VPC in ${account.region}`, "$", account.accountId); }
            if ctx.account != account.accountId || ctx.region != account.region { throw "ctx scope"; }
            compliant(`${n} VPC(s) in ${account.accountId} ${account.region}`)
        }"#,
    );
    let eu = with(
        ci("AWS::EC2::Subnet", "subnet-1", json!({})),
        "awsRegion",
        json!("eu-west-1"),
    );
    let report = run_rule(
        rule,
        vec![ci("AWS::EC2::VPC", "vpc-1", json!({})), eu],
        &json!({}),
    );
    let by_region: BTreeMap<&str, (Compliance, &str)> = report
        .evaluations()
        .map(|e| (e.aws_region, (e.compliance_type, e.annotation)))
        .collect();
    assert_eq!(
        by_region["us-east-1"],
        (Compliance::Compliant, "1 VPC(s) in 111122223333 us-east-1")
    );
    assert_eq!(by_region["eu-west-1"].0, Compliance::NonCompliant);
    assert!(
        report
            .evaluations()
            .all(|e| e.resource_type == "AWS::::Account")
    );
}

#[test]
fn jsonpath_queries() {
    let group = sg(
        "sg-1",
        json!([
            {"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}, {"cidrIp": "10.0.0.0/8"}]},
            {"ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}]}
        ]),
    );
    assert_script(
        &["AWS::EC2::SecurityGroup"],
        r#"fn evaluate(item, params, ctx) {
            check("query", query(item, "$.configuration.ipPermissions[*].ipv4Ranges[*].cidrIp"), ["0.0.0.0/0", "10.0.0.0/8", "0.0.0.0/0"]);
            check("filter", query(item, "$.configuration.ipPermissions[?@.fromPort == 22].toPort"), [22]);
            check("query_one", query_one(item, "$.configuration.groupId"), "sg-1");
            check("query_one none", query_one(item, "$.configuration.nope"), ());
            let hits = query_paths(item, "$.configuration.ipPermissions[*].ipv4Ranges[?@.cidrIp == '0.0.0.0/0']");
            check("query_paths", hits.map(|h| h.path), ["$.configuration.ipPermissions[0].ipv4Ranges[0]", "$.configuration.ipPermissions[1].ipv4Ranges[0]"]);
            check("query_paths value", hits[0].value, #{ cidrIp: "0.0.0.0/0" });
            check("header fields", query(item, "$.resourceType"), ["AWS::EC2::SecurityGroup"]);
            check("whole item", query(item, "$..fromPort").len(), 2);
            compliant("ok")
        }"#,
        vec![group],
    );
    let evals = evaluations(
        &["AWS::EC2::SecurityGroup"],
        "fn evaluate(item, params, ctx) { query(item, \"configuration.x\"); compliant(\"no\") }",
        vec![sg("sg-1", json!([]))],
    );
    assert!(
        evals[0].annotation.contains("must start with `$`"),
        "{}",
        evals[0].annotation
    );
}

#[test]
fn security_group_helpers() {
    let group = sg(
        "sg-1",
        json!([
            {"ipProtocol": "tcp", "fromPort": 20, "toPort": 25, "ipRanges": ["0.0.0.0/0"], "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}], "ipv6Ranges": [{"cidrIpv6": "::/0"}]},
            {"ipProtocol": "-1", "ipv4Ranges": [{"cidrIp": "10.0.0.0/8"}]},
            {"ipProtocol": "udp", "fromPort": 53, "toPort": 53, "ipv4Ranges": [{"cidrIp": "192.0.2.1/32"}]}
        ]),
    );
    let group = with(
        group,
        "configuration",
        json!({"groupId": "sg-1", "ipPermissions": [
            {"ipProtocol": "tcp", "fromPort": 20, "toPort": 25, "ipRanges": ["0.0.0.0/0"], "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}], "ipv6Ranges": [{"cidrIpv6": "::/0"}]},
            {"ipProtocol": "-1", "ipv4Ranges": [{"cidrIp": "10.0.0.0/8"}]},
            {"ipProtocol": "udp", "fromPort": 53, "toPort": 53, "ipv4Ranges": [{"cidrIp": "192.0.2.1/32"}]}
        ], "ipPermissionsEgress": [{"ipProtocol": "-1", "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}]}]}),
    );
    assert_script(
        &["AWS::EC2::SecurityGroup"],
        r#"fn evaluate(item, params, ctx) {
            let perms = sg_ingress(item);
            check("count", perms.len(), 3);
            let p = perms[0];
            check("path", p.path, "$.configuration.ipPermissions[0]");
            check("protocol", p.protocol, "tcp");
            check("from", p.from_port, 20);
            check("to", p.to_port, 25);
            check("all ports", p.all_ports, false);
            check("covers", p.covers_port(22), true);
            check("not covers", p.covers_port(26), false);
            check("opens tcp", p.opens("tcp", 22), true);
            check("opens udp", p.opens("udp", 22), false);
            check("describe", p.describe(), "tcp/20-25");
            check("sources (legacy ipRanges deduplicated)", p.sources.map(|s| s.cidr), ["0.0.0.0/0", "::/0"]);
            check("source path", p.sources[1].path, "$.configuration.ipPermissions[0].ipv6Ranges[0].cidrIpv6");
            check("ipv6", p.sources[1].ipv6, true);
            check("world", p.world_sources.len(), 2);
            check("valid", p.sources[0].valid, true);
            check("all traffic", perms[1].all_ports, true);
            check("all traffic ports", perms[1].from_port, ());
            check("all traffic opens", perms[1].opens("udp", 5000), true);
            check("egress", sg_egress(item)[0].world_sources.len(), 1);
            let hit = first_world_open(item, "tcp", [80, 22]);
            check("first_world_open", hit, #{ port: 22, permission: "tcp/20-25", path: "$.configuration.ipPermissions[0].ipv4Ranges[0].cidrIp", cidr: "0.0.0.0/0" });
            check("first_world_open none", first_world_open(item, "udp", [53]), ());
            check("cidr_contains", cidr_contains("10.0.0.0/8", "10.1.2.0/24"), true);
            check("cidr_contains ip", cidr_contains("10.0.0.0/8", "10.1.2.3"), true);
            check("cidr_contains no", cidr_contains("10.0.0.0/16", "10.0.0.0/8"), false);
            check("cidr_contains v6", cidr_contains("2001:db8::/32", "2001:db8:1::/48"), true);
            check("cidr_contains mixed", cidr_contains("0.0.0.0/0", "::/0"), false);
            check("is_world_cidr", is_world_cidr("::/0") && is_world_cidr("0.0.0.0/0") && !is_world_cidr("10.0.0.0/8"), true);
            check("is_ipv6_cidr", is_ipv6_cidr("::/0") && !is_ipv6_cidr("0.0.0.0/0"), true);
            check("is_valid_cidr", is_valid_cidr("10.0.0.0/8") && !is_valid_cidr("10.0.0.0/33"), true);
            compliant("ok")
        }"#,
        vec![group],
    );
}

#[test]
fn policy_helpers() {
    let doc = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
        {"Effect": "Allow", "Action": ["*"], "Resource": "*"}
    ]});
    let role = ci(
        "AWS::IAM::Role",
        "AROA1",
        json!({"roleName": "admin", "rolePolicyList": [{"policyName": "inline", "policyDocument": doc}],
               "assumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22lambda.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D"}),
    );
    assert_script(
        &["AWS::IAM::Role"],
        r#"fn evaluate(item, params, ctx) {
            let doc = item.configuration.rolePolicyList[0].policyDocument;
            let st = policy_statements(doc);
            check("statements", st.len(), 2);
            check("statement path", st[0].path, "$.configuration.rolePolicyList[0].policyDocument.Statement[0]");
            check("sid", st[0].sid, "Read");
            check("effect", st[0].effect, "Allow");
            check("actions", st[1].actions, ["*"]);
            check("resources", st[0].resources, ["arn:aws:s3:::b/*"]);
            check("public principal", st[0].principalPublic, true);
            check("condition", st[0].hasCondition, false);
            check("allows public", policy_allows_public(doc), true);
            check("admin", policy_is_admin(doc), true);
            check("admin statement", policy_admin_statement(doc).path, "$.configuration.rolePolicyList[0].policyDocument.Statement[1]");
            check("allows action", policy_allows_action(doc, "ec2:RunInstances"), true);
            let trust = item.configuration.assumeRolePolicyDocument;
            check("decoded trust policy", policy_allows_action(trust, "sts:AssumeRole"), true);
            check("trust is not admin", policy_is_admin(trust), false);
            check("map document", policy_is_admin(#{ Statement: #{ Effect: "Allow", Action: "*", Resource: "*" } }), true);
            check("text document", policy_allows_public(`{"Statement":[{"Effect":"Deny","Principal":"*","Action":"*"}]}`), false);
            check("no admin", policy_admin_statement(trust), ());
            check("wildcard", wildcard_match("s3:Get*", "s3:GetObject") && !wildcard_match("s3:Put*", "s3:GetObject"), true);
            compliant("ok")
        }"#,
        vec![role],
    );
}

fn bucket(name: &str, supplementary: Value) -> Value {
    with(
        ci("AWS::S3::Bucket", name, json!({"name": name})),
        "supplementaryConfiguration",
        supplementary,
    )
}

#[test]
fn s3_public_access() {
    let acl = |grantee: Value| {
        json!(serde_json::to_string(&json!({"grantList": [{"grantee": grantee, "permission": "Read"}], "owner": {"id": "abc"}})).unwrap())
    };
    let policy = json!({"policyText": serde_json::to_string(&json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})).unwrap()});
    let blocked = json!({"blockPublicAcls": true, "ignorePublicAcls": true, "blockPublicPolicy": true, "restrictPublicBuckets": true});
    let items = vec![
        bucket(
            "acl-public",
            json!({"AccessControlList": acl(json!("AllUsers"))}),
        ),
        bucket("policy-public", json!({"BucketPolicy": policy})),
        bucket(
            "blocked",
            json!({"AccessControlList": acl(json!("AllUsers")), "BucketPolicy": policy, "PublicAccessBlockConfiguration": blocked}),
        ),
        bucket(
            "private",
            json!({"AccessControlList": acl(json!({"id": "abc", "displayName": null}))}),
        ),
    ];
    let evals = evaluations(
        &["AWS::S3::Bucket"],
        r"fn evaluate(item, params, ctx) {
            let r = s3_public(item);
            if r.isPublic { non_compliant(r.reason, r.path, r.value) } else { compliant(r.reason) }
        }",
        items,
    );
    let acl = only(&evals, "acl-public");
    assert_eq!(acl.compliance_type, Compliance::NonCompliant);
    assert!(
        acl.annotation.contains("Read to AllUsers"),
        "{}",
        acl.annotation
    );
    assert_eq!(
        acl.evidence[0].path,
        "$.supplementaryConfiguration.AccessControlList.grantList[0]"
    );
    let pol = only(&evals, "policy-public");
    assert_eq!(pol.compliance_type, Compliance::NonCompliant);
    assert_eq!(
        pol.evidence[0].path,
        "$.supplementaryConfiguration.BucketPolicy.policyText.Statement[0]"
    );
    assert_eq!(
        only(&evals, "blocked").compliance_type,
        Compliance::Compliant
    );
    assert_eq!(
        only(&evals, "private").compliance_type,
        Compliance::Compliant
    );
}

#[test]
fn time_and_value_helpers() {
    let item = ci(
        "AWS::IAM::User",
        "AIDA1",
        json!({"createDate": "2026-01-01T00:00:00.000Z", "javaDate": "Feb 13, 2026 6:04:50 AM", "epoch": 1_767_225_600_000_i64, "flag": "TRUE", "n": "42", "blank": "  "}),
    );
    assert_script(
        &["AWS::IAM::User"],
        r#"fn evaluate(item, params, ctx) {
            let c = item.configuration;
            check("now", ctx.now, parse_time("2026-06-01T00:00:00Z"));
            check("now_iso", ctx.now_iso, "2026-06-01T00:00:00Z");
            check("ctx account", ctx.account, "111122223333");
            check("ctx region", ctx.region, "global");
            check("ctx rule", ctx.rule, "INLINE_TEST");
            check("parse iso", parse_time(c.createDate), 1767225600);
            check("parse java", format_time(parse_time(c.javaDate)), "2026-02-13T06:04:50Z");
            check("parse epoch ms", parse_time(c.epoch), 1767225600);
            check("parse bad", parse_time("soon"), ());
            check("days_between", days_between(parse_time(c.createDate), ctx.now), 151);
            check("as_bool", as_bool(c.flag), true);
            check("as_bool none", as_bool("maybe"), ());
            check("as_int", as_int(c.n), 42);
            check("is_blank", is_blank(c.blank) && is_blank(()) && !is_blank("x"), true);
            check("regex_match", regex_match("prod-eu-1", "^prod-[a-z]+-[0-9]$"), true);
            check("join", join(["a", 1, "b"], "+"), "a+1+b");
            check("to_json", to_json(#{ a: [1, ()] }), "{\"a\":[1,null]}");
            compliant("ok")
        }"#,
        vec![item],
    );
}

#[test]
fn verdicts_carry_evidence_and_severity() {
    let evals = evaluations(
        &["AWS::EC2::Volume"],
        r#"fn evaluate(item, params, ctx) {
            let c = item.configuration;
            switch item.resourceId {
                "vol-1" => non_compliant("unencrypted", "$.configuration.encrypted", c.encrypted).with_severity("critical"),
                "vol-2" => non_compliant("whole object", c.attachments[0]).with_evidence("$.configuration.size", c.size),
                "vol-3" => not_applicable("not mine"),
                "vol-4" => insufficient_data("cannot tell"),
                _ => compliant("fine").with_evidence("$.configuration.encrypted", true),
            }
        }"#,
        (1..=5)
            .map(|i| {
                ci(
                    "AWS::EC2::Volume",
                    &format!("vol-{i}"),
                    json!({"encrypted": false, "size": 8, "attachments": [{"instanceId": "i-1"}]}),
                )
            })
            .collect(),
    );
    let v1 = only(&evals, "vol-1");
    assert_eq!(v1.compliance_type, Compliance::NonCompliant);
    assert_eq!(v1.evidence[0].path, "$.configuration.encrypted");
    assert_eq!(v1.evidence[0].value, json!(false));
    assert_eq!(
        v1.severity,
        Severity::Critical,
        "the verdict's severity wins"
    );
    assert_eq!(
        only(&evals, "vol-2").severity,
        Severity::Medium,
        "else the rule's"
    );
    let v2 = only(&evals, "vol-2");
    assert_eq!(v2.evidence[0].path, "$.configuration.attachments[0]");
    assert_eq!(v2.evidence[0].value, json!({"instanceId": "i-1"}));
    assert_eq!(v2.evidence[1].value, json!(8));
    assert_eq!(
        only(&evals, "vol-3").compliance_type,
        Compliance::NotApplicable
    );
    assert_eq!(
        only(&evals, "vol-4").compliance_type,
        Compliance::InsufficientData
    );
    assert_eq!(only(&evals, "vol-5").compliance_type, Compliance::Compliant);
    let bad = evaluations(
        &["AWS::EC2::Volume"],
        r#"fn evaluate(item, params, ctx) { non_compliant("x", "configuration.encrypted", 1) }"#,
        vec![ci("AWS::EC2::Volume", "vol-1", json!({}))],
    );
    assert!(
        bad[0].annotation.contains("must be a JSONPath"),
        "{}",
        bad[0].annotation
    );
    let unit = evaluations(
        &["AWS::EC2::Volume"],
        "fn evaluate(item, params, ctx) { let x = 1; }",
        vec![ci("AWS::EC2::Volume", "vol-1", json!({}))],
    );
    assert_eq!(unit[0].compliance_type, Compliance::Error);
    assert!(
        unit[0]
            .annotation
            .starts_with("inline.rhai:3:1: `evaluate` returned nothing instead of a verdict"),
        "{}",
        unit[0].annotation
    );
}

#[test]
fn items_are_read_only() {
    let evals = evaluations(
        &["AWS::EC2::Volume"],
        r#"fn evaluate(item, params, ctx) { let c = item.configuration; c.size = 1; compliant("changed") }"#,
        vec![ci("AWS::EC2::Volume", "vol-1", json!({"size": 8}))],
    );
    assert_eq!(
        evals[0].compliance_type,
        Compliance::Error,
        "{}",
        evals[0].annotation
    );
}

// ---------------------------------------------------------------------------------------
// The sandbox.

fn one_item() -> Vec<Value> {
    vec![ci("AWS::EC2::VPC", "vpc-1", json!({"vpcId": "vpc-1"}))]
}

fn error_of(limits: &Limits, body: &str) -> String {
    let rule = compile_with(limits, &script(&["AWS::EC2::VPC"], body));
    let report = run_rule(rule, one_item(), &json!({}));
    let e = report.evaluations().next().expect("one evaluation");
    assert_eq!(
        e.compliance_type,
        Compliance::Error,
        "{body}: {}",
        e.annotation
    );
    assert!(!report.is_complete(), "an ERROR makes the run incomplete");
    e.annotation.to_owned()
}

#[test]
fn an_endless_loop_stops_at_the_operation_limit() {
    let start = Instant::now();
    let msg = error_of(
        &Limits::default(),
        "fn evaluate(item, params, ctx) { loop { } }",
    );
    assert!(
        msg.contains("exceeded the limit of 1000000 operations"),
        "{msg}"
    );
    assert!(msg.starts_with("inline.rhai:3:"), "{msg}");
    assert!(msg.contains("AWS::EC2::VPC/vpc-1"), "{msg}");
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
    let mut tight = Limits::default();
    tight.set("operations=1000").unwrap();
    let msg = error_of(
        &tight,
        "fn evaluate(item, params, ctx) { let n = 0; for i in 0..10000 { n += i; } compliant(\"done\") }",
    );
    assert!(msg.contains("limit of 1000 operations"), "{msg}");
}

#[test]
fn recursion_stops_at_the_call_depth_limit() {
    let msg = error_of(
        &Limits::default(),
        "fn down(n) { down(n + 1) }\nfn evaluate(item, params, ctx) { down(0) }",
    );
    assert!(msg.contains("call depth limit of 32"), "{msg}");
    // Rhai does not say where a limit was reached: the error points at `evaluate`.
    assert!(msg.starts_with("inline.rhai:4:1:"), "{msg}");
}

#[test]
fn data_size_limits() {
    let mut small = Limits::default();
    small.set("string-size=100").unwrap();
    small.set("array-size=50").unwrap();
    small.set("map-size=20").unwrap();
    let msg = error_of(
        &small,
        "fn evaluate(item, params, ctx) { let s = \"x\"; for i in 0..200 { s += \"x\"; } compliant(s) }",
    );
    assert!(msg.contains("exceeds its size limit"), "{msg}");
    let msg = error_of(
        &small,
        "fn evaluate(item, params, ctx) { let a = []; for i in 0..100 { a.push(i); } compliant(\"\") }",
    );
    assert!(msg.contains("exceeds its size limit"), "{msg}");
    let msg = error_of(
        &small,
        "fn evaluate(item, params, ctx) { let m = #{}; for i in 0..100 { m[`k${i}`] = i; } compliant(`${m.len()}`) }",
    );
    assert!(msg.contains("exceeds its size limit"), "{msg}");
    let mut vars = Limits::default();
    vars.set("variables=3").unwrap();
    let msg = error_of(
        &vars,
        "fn evaluate(item, params, ctx) { let a = 1; let b = 2; let c = 3; let d = 4; let e = 5; compliant(\"\") }",
    );
    assert!(msg.contains("variables"), "{msg}");
    assert!(Limits::default().set("nonsense=1").is_err());
    assert!(Limits::default().set("operations=0").is_err());
    assert!(Limits::default().set("operations").is_err());
}

#[test]
fn scripts_cannot_reach_files_modules_eval_or_the_clock() {
    for body in [
        "fn evaluate(item, params, ctx) { open(\"/etc/passwd\"); compliant(\"\") }",
        "fn evaluate(item, params, ctx) { read_file(\"/etc/passwd\"); compliant(\"\") }",
        "fn evaluate(item, params, ctx) { timestamp(); compliant(\"\") }",
        "fn evaluate(item, params, ctx) { env(\"HOME\"); compliant(\"\") }",
    ] {
        let msg = error_of(&Limits::default(), body);
        assert!(msg.contains("Function not found"), "{msg}");
    }
    let engine = ScriptEngine::new(&Limits::default());
    let import = engine
        .compile(
            Path::new("import.rhai"),
            &script(
                &["AWS::EC2::VPC"],
                "import \"/etc/passwd\" as p;\nfn evaluate(item, params, ctx) { compliant(\"\") }",
            ),
        )
        .unwrap_err();
    assert!(
        import
            .to_string()
            .contains("import.rhai:3:8: Module not found"),
        "{import}"
    );
    let eval = engine
        .compile(
            Path::new("eval.rhai"),
            &script(
                &["AWS::EC2::VPC"],
                "fn evaluate(item, params, ctx) { eval(\"1\") }",
            ),
        )
        .unwrap_err();
    assert!(eval.to_string().contains("eval.rhai:3:"), "{eval}");
    // `print` and `debug` are accepted and discarded: scripts never write to the terminal.
    let evals = evaluations(
        &["AWS::EC2::VPC"],
        "fn evaluate(item, params, ctx) { print(\"hello\"); debug(item); compliant(\"quiet\") }",
        one_item(),
    );
    assert_eq!(evals[0].compliance_type, Compliance::Compliant);
}

// ---------------------------------------------------------------------------------------
// Errors with file, line and column.

#[test]
fn compile_errors_name_file_line_and_column() {
    let engine = ScriptEngine::new(&Limits::default());
    let e = engine
        .compile(
            Path::new("rules/broken.rhai"),
            "const RULE = #{};\nfn evaluate(item, params, ctx) {\n  let x = ;\n}\n",
        )
        .unwrap_err();
    assert_eq!((e.line, e.column), (Some(3), Some(11)), "{e}");
    assert!(
        e.to_string()
            .starts_with("rules/broken.rhai:3:11: does not compile"),
        "{e}"
    );
    let e = engine
        .compile(Path::new("m.rhai"), "const RULE = #{ identifier: \"lower\", name: \"m\", description: \"d\", resourceTypes: [\"AWS::S3::Bucket\"] };\nfn evaluate(item, params, ctx) { compliant(\"\") }")
        .unwrap_err();
    assert!(e.to_string().contains("UPPER_SNAKE_CASE"), "{e}");
    assert_eq!(e.line, Some(1));
    let e = engine
        .compile(Path::new("m.rhai"), "const RULE = #{ identifier: \"M\", name: \"m\", description: \"d\", resourceTypes: [\"AWS::S3::Bucket\"], severty: \"low\" };\nfn evaluate(item, params, ctx) { compliant(\"\") }")
        .unwrap_err();
    assert!(e.to_string().contains("unknown field `severty`"), "{e}");
    let e = engine
        .compile(Path::new("m.rhai"), "const RULE = #{ identifier: \"M\", name: \"m\", description: \"d\", resourceTypes: [\"AWS::S3::Bucket\"] };\nfn evaluate(item) { compliant(\"\") }")
        .unwrap_err();
    assert!(e.to_string().contains("takes 3 parameters"), "{e}");
    let e = engine
        .compile(
            Path::new("m.rhai"),
            "fn evaluate(item, params, ctx) { compliant(\"\") }",
        )
        .unwrap_err();
    assert!(e.to_string().contains("const RULE"), "{e}");
}

#[test]
fn runtime_errors_name_file_line_column_and_resource() {
    let msg = error_of(
        &Limits::default(),
        "fn helper(x) {\n  throw `bad value ${x}`;\n}\nfn evaluate(item, params, ctx) { helper(item.resourceId) }",
    );
    assert!(
        msg.starts_with("inline.rhai:4:3: thrown: bad value vpc-1"),
        "{msg}"
    );
    assert!(
        msg.contains("(in `helper`, called from `evaluate`)"),
        "{msg}"
    );
    assert!(
        msg.contains("while evaluating AWS::EC2::VPC/vpc-1"),
        "{msg}"
    );
    let msg = error_of(
        &Limits::default(),
        "fn evaluate(item, params, ctx) { let n = item.configuration.vpcId - 1; compliant(n) }",
    );
    assert!(msg.starts_with("inline.rhai:3:"), "{msg}");
}

#[test]
fn one_failing_rule_does_not_stop_the_others() {
    let good = compile_with(
        &Limits::default(),
        &script(
            &["AWS::EC2::VPC"],
            "fn evaluate(item, params, ctx) { compliant(\"fine\") }",
        ),
    );
    let bad = compile_with(
        &Limits::default(),
        "const RULE = #{ identifier: \"LOOPS\", name: \"loops\", description: \"d\", resourceTypes: [\"AWS::EC2::VPC\"] };\nfn evaluate(item, params, ctx) { loop {} }",
    );
    let mut inv = inventory(vec![
        ci("AWS::EC2::VPC", "vpc-1", json!({})),
        ci("AWS::EC2::VPC", "vpc-2", json!({})),
    ]);
    let plan = Plan {
        selected: vec![
            Selected::new(good, ValidParams::default()),
            Selected::new(bad, ValidParams::default()),
            Selected::new(
                cfgaudit::rules::find("INCOMING_SSH_DISABLED").unwrap(),
                ValidParams::default(),
            ),
        ],
        ..Plan::default()
    };
    let report = engine::run(&mut inv, &plan, NOW.parse().unwrap());
    let count = |id: &str, c: Compliance| {
        report
            .evaluations()
            .filter(|e| e.identifier == id && e.compliance_type == c)
            .count()
    };
    assert_eq!(count("INLINE_TEST", Compliance::Compliant), 2);
    assert_eq!(count("LOOPS", Compliance::Error), 2);
    assert_eq!(report.problems.len(), 2);
    assert!(!report.is_complete());
}

// ---------------------------------------------------------------------------------------
// JSONPath rules.

fn jsonpath_rule(text: &str) -> RuleRef {
    let rule =
        jsonpath::parse(Path::new("inline.rule.yaml"), text).unwrap_or_else(|e| panic!("{e}"));
    RuleRef::User(Arc::new(rule) as Arc<dyn ManagedRule>)
}

const JP_HEADER: &str = "identifier: JP_TEST\nname: jp-test\ndescription: test\nresourceTypes: [AWS::EC2::Volume]\nparameters:\n  allowed: {type: csv, default: \"gp3,io2\"}\n  maxSize: {type: int, default: 100}\n";

/// Compliance, annotation and first evidence of one evaluation.
type Verdict = (Compliance, String, Option<(String, Value)>);

fn jp_verdicts(conditions: &str, items: Vec<Value>) -> BTreeMap<String, Verdict> {
    let rule = jsonpath_rule(&format!("{JP_HEADER}{conditions}"));
    owned(&run_rule(rule, items, &json!({})))
        .into_iter()
        .map(|e| {
            (
                e.resource_id.clone(),
                (
                    e.compliance_type,
                    e.annotation,
                    e.evidence
                        .first()
                        .map(|ev| (ev.path.clone(), ev.value.clone())),
                ),
            )
        })
        .collect()
}

fn volumes() -> Vec<Value> {
    vec![
        ci(
            "AWS::EC2::Volume",
            "vol-gp2",
            json!({"volumeType": "gp2", "size": 500, "encrypted": false, "state": "in-use", "attachments": [{"instanceId": "i-1"}]}),
        ),
        ci(
            "AWS::EC2::Volume",
            "vol-gp3",
            json!({"volumeType": "gp3", "size": 8, "encrypted": "true", "state": "available", "kmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/abc", "attachments": []}),
        ),
        with(
            ci(
                "AWS::EC2::Volume",
                "vol-tagged",
                json!({"volumeType": "io2", "size": 100, "encrypted": true, "state": "in-use"}),
            ),
            "tags",
            json!({"Env": "prod"}),
        ),
    ]
}

#[test]
fn jsonpath_operators() {
    let cases: &[(&str, [Compliance; 3])] = {
        use Compliance::{Compliant as C, NonCompliant as N};
        &[
            (
                "compliant: {path: $.configuration.volumeType, equals: gp3}",
                [N, C, N],
            ),
            (
                "compliant: {path: $.configuration.volumeType, notEquals: gp2}",
                [N, C, C],
            ),
            (
                "compliant: {path: $.configuration.kmsKeyId, exists: true}",
                [N, C, N],
            ),
            (
                "compliant: {path: $.configuration.kmsKeyId, absent: true}",
                [C, N, C],
            ),
            (
                "compliant: {path: $.configuration.volumeType, in: {param: allowed}}",
                [N, C, C],
            ),
            (
                "compliant: {path: $.configuration.volumeType, notIn: [gp2, st1]}",
                [N, C, C],
            ),
            (
                "compliant: {path: $.configuration.size, lte: {param: maxSize}}",
                [N, C, C],
            ),
            (
                "compliant: {path: $.configuration.size, lt: 100}",
                [N, C, N],
            ),
            ("compliant: {path: $.configuration.size, gt: 8}", [C, N, C]),
            (
                "compliant: {path: $.configuration.size, gte: 100}",
                [C, N, C],
            ),
            (
                "compliant: {path: $.configuration.volumeType, matches: '^(gp3|io[12])$'}",
                [N, C, C],
            ),
            (
                "compliant: {path: '$.configuration.attachments[*].instanceId', contains: i}",
                [C, N, N],
            ),
            (
                "compliant: {path: $.configuration.attachments, contains: {instanceId: i-1}}",
                [C, N, N],
            ),
            (
                "compliant: {path: $.configuration.attachments, notContains: {instanceId: i-1}}",
                [N, C, N],
            ),
            (
                "compliant: {path: $.configuration.encrypted, equals: true}",
                [N, C, C],
            ),
            ("compliant: {path: $.tags.Env, equals: prod}", [N, N, C]),
            (
                "compliant: {all: [{path: $.configuration.encrypted, equals: true}, {path: $.configuration.size, lt: 50}]}",
                [N, C, N],
            ),
            (
                "compliant: {any: [{path: $.configuration.volumeType, equals: gp3}, {path: $.tags.Env, exists: true}]}",
                [N, C, C],
            ),
            (
                "compliant: {not: {path: $.configuration.volumeType, equals: gp2}}",
                [N, C, C],
            ),
            (
                "compliant: {path: '$..instanceId', absent: true}",
                [N, C, C],
            ),
        ]
    };
    for (cond, want) in cases {
        let got = jp_verdicts(cond, volumes());
        let got: Vec<Compliance> = ["vol-gp2", "vol-gp3", "vol-tagged"]
            .iter()
            .map(|id| got[*id].0)
            .collect();
        assert_eq!(got, want, "{cond}");
    }
}

#[test]
fn jsonpath_match_quantifiers_applicability_evidence_and_messages() {
    let sg_items = vec![
        sg(
            "sg-open",
            json!([{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "ipv4Ranges": [{"cidrIp": "10.0.0.0/8"}, {"cidrIp": "0.0.0.0/0"}]}]),
        ),
        sg(
            "sg-closed",
            json!([{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "ipv4Ranges": [{"cidrIp": "10.0.0.0/8"}]}]),
        ),
        sg("sg-empty", json!([])),
    ];
    let rule = jsonpath_rule(
        "identifier: JP_SG\nname: jp-sg\ndescription: t\nresourceTypes: [AWS::EC2::SecurityGroup]\n\
         applicable: {path: '$.configuration.ipPermissions[*]', exists: true}\n\
         compliant: {path: '$.configuration.ipPermissions[*].ipv4Ranges[*].cidrIp', notEquals: 0.0.0.0/0}\n\
         messages:\n  compliant: '{{resourceId}} in {{region}} keeps {{$.configuration.groupId}} closed'\n  nonCompliant: '{{resourceType}} {{resourceName}} opens {{value}} at {{path}}'\n  notApplicable: 'nothing at {{path}}'\n",
    );
    let report = run_rule(rule, sg_items, &json!({}));
    let evals = owned(&report);
    let e = |id| only(&evals, id);
    let open = e("sg-open");
    assert_eq!(open.compliance_type, Compliance::NonCompliant);
    assert_eq!(
        open.annotation,
        "AWS::EC2::SecurityGroup sg-open opens 0.0.0.0/0 at $.configuration.ipPermissions[0].ipv4Ranges[1].cidrIp"
    );
    assert_eq!(
        open.evidence[0].path,
        "$.configuration.ipPermissions[0].ipv4Ranges[1].cidrIp"
    );
    assert_eq!(open.evidence[0].value, json!("0.0.0.0/0"));
    assert_eq!(
        e("sg-closed").annotation,
        "sg-closed in us-east-1 keeps sg-closed closed"
    );
    assert_eq!(e("sg-empty").compliance_type, Compliance::NotApplicable);
    assert_eq!(
        e("sg-empty").annotation,
        "nothing at $.configuration.ipPermissions[*]"
    );
    // `match: any`: one matching value is enough.
    let any = jp_verdicts(
        "compliant: {path: '$.configuration.attachments[*].instanceId', match: any, equals: i-1}",
        volumes(),
    );
    assert_eq!(any["vol-gp2"].0, Compliance::Compliant);
    // A missing value fails every comparison, with the query as evidence.
    let missing = jp_verdicts("compliant: {path: $.configuration.iops, gt: 0}", volumes());
    assert_eq!(
        missing["vol-gp3"].2,
        Some(("$.configuration.iops".to_owned(), Value::Null))
    );
    let params = jp_verdicts(
        "compliant: {path: $.configuration.volumeType, in: {param: allowed}}\nmessages: {nonCompliant: '{{value}} not in {{param.allowed}}'}",
        volumes(),
    );
    assert_eq!(params["vol-gp2"].1, "gp2 not in gp3, io2");
}

#[test]
fn jsonpath_rule_errors() {
    for (text, want) in [
        (
            "compliant: {path: $.configuration.x, equalz: 1}",
            "unknown operator `equalz`",
        ),
        (
            "compliant: {path: $.configuration.x}",
            "exactly one operator",
        ),
        (
            "compliant: {path: configuration.x, equals: 1}",
            "must start with `$`",
        ),
        (
            "compliant: {path: '$.configuration[', equals: 1}",
            "JSONPath",
        ),
        (
            "compliant: {path: $.configuration.x, in: {param: nope}}",
            "parameter `nope` is not declared",
        ),
        (
            "compliant: {path: $.configuration.x, matches: '('}",
            "bad regular expression",
        ),
        (
            "compliant: {path: $.configuration.x, equals: 1}\nmessages: {nonCompliant: '{{nope}}'}",
            "unknown placeholder",
        ),
        (
            "applicable: {path: $.configuration.x, exists: true}",
            "needs a `compliant` condition",
        ),
        (
            "compliant: {all: {path: $.configuration.x, exists: true}}",
            "takes a list",
        ),
        (
            "compliant: {path: $.configuration.x, exists: true}\nextra: 1",
            "unknown field `extra`",
        ),
    ] {
        let e =
            jsonpath::parse(Path::new("bad.rule.yaml"), &format!("{JP_HEADER}{text}")).unwrap_err();
        assert!(e.to_string().contains(want), "{text}: {e}");
        assert!(e.to_string().starts_with("bad.rule.yaml"), "{e}");
    }
    let e = jsonpath::parse(Path::new("bad.rule.yaml"), "identifier: [").unwrap_err();
    assert!(e.line.is_some(), "{e}");
    let e = jsonpath::parse(
        Path::new("acct.rule.yaml"),
        "identifier: A\nname: a\ndescription: d\nscope: account\ncompliant: {path: $.x, exists: true}",
    )
    .unwrap_err();
    assert!(e.to_string().contains("no account-level evaluation"), "{e}");
}

// ---------------------------------------------------------------------------------------
// Rule sets: lookup for packs, clashes, load errors.

#[test]
fn rule_sets_find_rules_for_packs_and_reject_clashes() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    let meta = |id: &str, name: &str| {
        format!(
            "const RULE = #{{ identifier: \"{id}\", name: \"{name}\", description: \"d\", resourceTypes: [\"AWS::EC2::VPC\"] }};\nfn evaluate(item, params, ctx) {{ compliant(\"ok\") }}\n"
        )
    };
    write("a.rhai", &meta("MY_RULE", "my-rule"));
    write("b.rhai", &meta("MY_RULE", "other-name"));
    write("c.rhai", &meta("INCOMING_SSH_DISABLED", "c"));
    write("d.rhai", "fn evaluate( {");
    write("notes.json", "{}");
    let set = RuleSet::load(&[dir.path().to_path_buf()], &Limits::default());
    assert_eq!(set.rules().len(), 1);
    let found = set.find("my_rule").unwrap();
    assert_eq!(found.meta().identifier, "MY_RULE");
    assert!(set.find("my-rule").is_some());
    let sel = set
        .selected("MY_RULE", &BTreeMap::new(), Some("org-my-rule"))
        .unwrap()
        .unwrap();
    assert_eq!(sel.config_rule_name.as_deref(), Some("org-my-rule"));
    let unknown: BTreeMap<String, Value> = [("nope".to_owned(), json!("1"))].into();
    assert!(set.selected("my-rule", &unknown, None).unwrap().is_err());
    assert!(set.selected("absent", &BTreeMap::new(), None).is_none());
    assert!(set.find("nope").is_none());
    let errors: Vec<String> = set.errors().iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(
        errors[0].contains("b.rhai") && errors[0].contains("already used"),
        "{errors:?}"
    );
    assert!(
        errors[1].contains("c.rhai") && errors[1].contains("built-in rule"),
        "{errors:?}"
    );
    assert!(errors[2].contains("d.rhai:1:"), "{errors:?}");
    let row = set.errors()[2].listed();
    assert_eq!(row.status, RuleStatus::Error);
    assert_eq!(&*row.identifier, "d");
    // The same file loaded twice shares its metadata.
    let again = RuleSet::load(&[dir.path().join("a.rhai")], &Limits::default());
    assert!(std::ptr::eq(again.rules()[0].meta(), set.rules()[0].meta()));
    let missing = RuleSet::load(&[dir.path().join("nope")], &Limits::default());
    assert!(missing.errors()[0].to_string().contains("no such file"));
}

#[test]
fn guard_policies_of_the_sagemaker_pack_are_reported_unsupported() {
    let pack = repo(
        "../shared/real-world/conformance-packs/Amazon-Sagemaker-AI-Security-and-Governance-Best-Practices.yaml",
    );
    let Ok(text) = std::fs::read_to_string(&pack) else {
        eprintln!("skipped: {} is absent", pack.display());
        return;
    };
    let doc: Value = serde_norway::from_str(&text).unwrap();
    let mut seen = 0;
    for (_, res) in doc["Resources"].as_object().unwrap() {
        let props = &res["Properties"];
        if props["Source"]["Owner"] != "CUSTOM_POLICY" {
            continue;
        }
        seen += 1;
        let details = &props["Source"]["CustomPolicyDetails"];
        let policy = guard::GuardPolicy {
            config_rule_name: props["ConfigRuleName"].as_str().unwrap().to_owned(),
            runtime: details["PolicyRuntime"].as_str().unwrap().to_owned(),
            policy_text: details["PolicyText"].as_str().unwrap().to_owned(),
            resource_types: serde_json::from_value(
                props["Scope"]["ComplianceResourceTypes"].clone(),
            )
            .unwrap(),
        };
        let Err(unsupported) = guard::compile_policy(&policy) else {
            panic!("Guard is unsupported")
        };
        assert_eq!(unsupported.policy_text, policy.policy_text);
        assert_eq!(unsupported.listed().status, RuleStatus::Unsupported);
        assert_eq!(guard::custom_messages(&policy.policy_text).len(), 1);
    }
    assert_eq!(seen, 4);
}

// ---------------------------------------------------------------------------------------
// The commands.

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cfgaudit"))
}

#[test]
fn test_command_reports_pass_fail_with_a_diff() {
    let out = bin()
        .args(["test", "custom-rules"])
        .current_dir(repo(""))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("PASS custom-rules/ssh-from-allowed-cidrs/"),
        "{stdout}"
    );
    assert!(!stdout.contains("FAIL"), "{stdout}");

    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo("custom-rules/ssh-from-allowed-cidrs.rhai"),
        dir.path().join("ssh-from-allowed-cidrs.rhai"),
    )
    .unwrap();
    let cases = dir.path().join("ssh-from-allowed-cidrs");
    std::fs::create_dir(&cases).unwrap();
    let mut case: Value = serde_json::from_slice(
        &std::fs::read(repo(
            "custom-rules/ssh-from-allowed-cidrs/allowed-list-parameter.json",
        ))
        .unwrap(),
    )
    .unwrap();
    case["expect"][0]["compliance"] = json!("NON_COMPLIANT");
    std::fs::write(cases.join("wrong.json"), serde_json::to_vec(&case).unwrap()).unwrap();
    std::fs::write(
        dir.path().join("broken.rhai"),
        "const RULE = #{};\nfn evaluate(item, params, ctx) { let = 1; }",
    )
    .unwrap();
    let out = bin().arg("test").arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("FAIL "), "{stdout}");
    assert!(
        stdout.contains("  - sg-0alltraffic NON_COMPLIANT"),
        "{stdout}"
    );
    assert!(stdout.contains("  + sg-0alltraffic COMPLIANT"), "{stdout}");
    assert!(
        stdout.contains("ERROR ") && stdout.contains("broken.rhai:2:"),
        "{stdout}"
    );

    let empty = tempfile::tempdir().unwrap();
    let out = bin().arg("test").arg(empty.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn check_runs_user_rules_and_a_broken_rule_makes_the_run_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    let case: Value = serde_json::from_slice(
        &std::fs::read(repo(
            "custom-rules/ssh-from-allowed-cidrs/office-partner-and-world.json",
        ))
        .unwrap(),
    )
    .unwrap();
    let input = dir.path().join("input.json");
    std::fs::write(&input, serde_json::to_vec(&case["input"]).unwrap()).unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    std::fs::copy(
        repo("custom-rules/ssh-from-allowed-cidrs.rhai"),
        rules.join("ssh.rhai"),
    )
    .unwrap();
    let run = |extra: &[&str]| {
        bin()
            .arg("check")
            .arg(&input)
            .args([
                "--rules-dir",
                rules.to_str().unwrap(),
                "--format",
                "json",
                "--at",
                NOW,
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let out = run(&[
        "--rules",
        "SSH_FROM_ALLOWED_CIDRS",
        "--param",
        "ssh-from-allowed-cidrs.allowedCidrs=0.0.0.0/0,::/0",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        report["evaluations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["identifier"] == "SSH_FROM_ALLOWED_CIDRS")
    );
    let out = run(&["--rules", "ssh-from-*"]);
    assert_eq!(out.status.code(), Some(1));
    std::fs::write(
        rules.join("broken.rhai"),
        "const RULE = #{};\nfn evaluate(item, params, ctx) { let = 1; }",
    )
    .unwrap();
    let out = run(&[]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a rule that does not compile makes the run incomplete"
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems = report["problems"].to_string();
    assert!(problems.contains("broken.rhai:2:"), "{problems}");
    let rows = report["rules"].as_array().unwrap();
    assert!(
        rows.iter()
            .any(|r| r["identifier"] == "broken" && r["status"] == "error")
    );
    assert!(
        rows.iter()
            .any(|r| r["identifier"] == "INCOMING_SSH_DISABLED")
    );
    let out = run(&["--script-limit", "bogus=1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown script limit"));
}
