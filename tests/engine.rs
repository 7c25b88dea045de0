//! The engine evaluates item by item in rounds and drops decoded configurations between
//! them; joins read derived facts instead of other items. None of that may change a
//! verdict: every evaluation of a full run must equal the rule's verdict on that item
//! alone, and the report must come out in its documented order.

use std::collections::BTreeMap;

use cfgaudit::Inventory;
use cfgaudit::engine::{self, Plan, Selected};
use cfgaudit::load;
use cfgaudit::rules::{self, ValidParams};
use cfgaudit::synth;

/// Enough items for several rounds of the engine, every generated type included.
const ITEMS: usize = 12_000;

fn inventory() -> Inventory {
    let mut bytes = Vec::new();
    synth::write_snapshot(&mut bytes, ITEMS, 7, 3, &["us-east-1", "eu-west-1"])
        .expect("writes to memory");
    let loaded = load::load_bytes("synth.json", bytes);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    Inventory::build(loaded)
}

fn every_rule() -> Plan {
    Plan {
        selected: rules::registry()
            .iter()
            .filter_map(|&rule| {
                ValidParams::validate(rule.meta(), &BTreeMap::new())
                    .ok()
                    .map(|params| Selected::new(rule, params))
            })
            .collect(),
        ..Plan::default()
    }
}

#[test]
fn item_major_evaluation_matches_each_rule_alone() {
    let mut inv = inventory();
    let plan = every_rule();
    let now = "2026-06-01T00:00:00Z".parse().unwrap();
    let report = engine::run(&mut inv, &plan, now);

    assert!(report.evaluations().len() > ITEMS, "every rule ran");
    assert!(
        report
            .evaluations()
            .is_sorted_by(|a, b| a.sort_key() <= b.sort_key()),
        "evaluations are in report order"
    );
    let by_identifier: BTreeMap<&str, &Selected> = plan
        .selected
        .iter()
        .map(|s| (s.rule.meta().identifier, s))
        .collect();
    let mut compared = 0;
    for e in report.evaluations() {
        if e.resource_type == "AWS::::Account" {
            continue;
        }
        let sel = by_identifier[e.identifier];
        let key = cfgaudit::model::ResourceKey::new(
            e.aws_account_id,
            e.aws_region,
            e.resource_type,
            e.resource_id,
        );
        let pos = inv
            .position(&key)
            .expect("evaluated resources are in the inventory");
        let item = inv.resource(pos).expect("a current resource");
        let alone = engine::verdict_for(sel, item, &inv, Some(pos), now);
        assert_eq!(
            (e.compliance_type, e.annotation, e.evidence.to_vec()),
            (alone.compliance, alone.annotation.as_str(), alone.evidence),
            "{} on {}",
            e.identifier,
            key
        );
        compared += 1;
    }
    assert!(compared > ITEMS, "compared {compared} evaluations");
    let counted: usize = report
        .rules
        .iter()
        .map(|r| {
            let c = r.counts;
            c.compliant + c.non_compliant + c.not_applicable + c.insufficient_data + c.error
        })
        .sum();
    assert_eq!(
        counted,
        report.evaluations().len(),
        "per-rule counts add up"
    );
}

/// Facts a join derives from the whole inventory are built before evaluation, where
/// their parallel work has every thread: a rule that builds some while evaluating
/// (keeping the other threads waiting) has not named them in `prepare`.
#[test]
fn rules_prepare_the_facts_their_joins_derive() {
    let mut bytes = Vec::new();
    synth::write_snapshot(&mut bytes, synth::CELL_ITEMS, 3, 1, &["us-east-1"])
        .expect("writes to memory");
    let now = "2026-06-01T00:00:00Z".parse().unwrap();
    let mut preparing = 0;
    for sel in every_rule().selected {
        let mut inv = Inventory::build(load::load_bytes("synth.json", bytes.clone()));
        sel.rule.prepare(&inv);
        let prepared = inv.derived_facts();
        preparing += usize::from(prepared > 0);
        let identifier = sel.rule.meta().identifier;
        let plan = Plan {
            selected: vec![sel],
            ..Plan::default()
        };
        engine::run(&mut inv, &plan, now);
        assert_eq!(
            inv.derived_facts(),
            prepared,
            "{identifier} derives facts it does not prepare"
        );
    }
    assert!(preparing >= 7, "{preparing} rules prepare facts");
}
