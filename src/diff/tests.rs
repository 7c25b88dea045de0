use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;

fn paths(changes: &[Change]) -> Vec<(String, ChangeKind)> {
    changes.iter().map(|c| (c.path.clone(), c.kind)).collect()
}

#[test]
fn one_added_permission_reads_as_one_addition() {
    let a = json!({"ipPermissions": [
        {"ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}]}
    ]});
    let b = json!({"ipPermissions": [
        {"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}]},
        {"ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}]}
    ]});
    let changes = diff_values("configuration", &a, &b, &DiffOptions::default());
    assert_eq!(
        paths(&changes),
        vec![(
            "configuration.ipPermissions[tcp:22-22]".to_owned(),
            ChangeKind::Added
        )]
    );
    assert_eq!(
        summarize(&changes, 3),
        "ipPermissions gained tcp/22 from 0.0.0.0/0"
    );
}

#[test]
fn statements_match_by_sid_and_tags_by_key() {
    let a = json!({"Statement": [{"Sid": "A", "Effect": "Allow"}, {"Sid": "B", "Effect": "Deny"}],
                   "tags": [{"key": "env", "value": "dev"}, {"key": "team", "value": "x"}]});
    let b = json!({"Statement": [{"Sid": "B", "Effect": "Allow"}, {"Sid": "A", "Effect": "Allow"}],
                   "tags": [{"key": "team", "value": "x"}, {"key": "env", "value": "prod"}]});
    let changes = diff_values("", &a, &b, &DiffOptions::default());
    assert_eq!(
        paths(&changes),
        vec![
            ("Statement[Sid=B].Effect".to_owned(), ChangeKind::Changed),
            ("tags[key=env].value".to_owned(), ChangeKind::Changed),
        ]
    );
}

#[test]
fn absent_null_and_empty_are_equal_unless_asked() {
    let a = json!({"x": 1, "sourceNatIpv6Prefixes": null});
    let b = json!({"x": 1.0, "sourceNatIpv6Prefixes": [], "description": ""});
    assert!(diff_values("", &a, &b, &DiffOptions::default()).is_empty());
    let shown = diff_values("", &a, &b, &DiffOptions { show_empty: true });
    assert_eq!(shown.len(), 2, "{shown:?}");
}

#[test]
fn diff_with_itself_is_empty_for_real_items() {
    let v = json!({"a": [1, 2, {"b": null}], "c": {"d": "e"}});
    assert!(diff_values("configuration", &v, &v, &DiffOptions::default()).is_empty());
}

/// Equal up to empty values and the order of identity-matched lists.
fn canonical(v: &Value) -> Value {
    let c = canonical_inner(v);
    if is_empty(&c) { Value::Null } else { c }
}

fn canonical_inner(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !is_empty(v))
                .map(|(k, v)| (k.clone(), canonical(v)))
                .filter(|(_, v)| !is_empty(v))
                .collect(),
        ),
        Value::Array(list) => {
            let mut list: Vec<Value> = list.iter().map(canonical).collect();
            while list.last().is_some_and(Value::is_null) {
                list.pop();
            }
            if let Some(ids) = identities(&list) {
                let mut pairs: Vec<(String, Value)> = ids.into_iter().zip(list).collect();
                pairs.sort_by(|a, b| a.0.cmp(&b.0));
                return Value::Array(pairs.into_iter().map(|(_, v)| v).collect());
            }
            Value::Array(list)
        }
        Value::Number(n) => n.as_f64().map_or(Value::Null, |f| json!(f)),
        other => other.clone(),
    }
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (0i64..5).prop_map(|n| json!(n)),
        prop::sample::select(vec!["", "a", "b", "tcp", "0.0.0.0/0"]).prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "Sid",
                    "key",
                    "value",
                    "ipProtocol",
                    "fromPort",
                    "x",
                    "y",
                    "groupId"
                ])
                .prop_map(str::to_owned),
                inner,
                0..4
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn applying_the_diff_of_a_to_b_gives_b(a in arb_json(), b in arb_json()) {
        let changes = diff_values("", &a, &b, &DiffOptions::default());
        let mut patched = a.clone();
        apply(&mut patched, &changes);
        prop_assert_eq!(canonical(&patched), canonical(&b), "changes: {:?}", paths(&changes));
    }

    #[test]
    fn the_diff_of_a_value_with_itself_is_empty(a in arb_json()) {
        prop_assert!(diff_values("", &a, &a, &DiffOptions::default()).is_empty());
        let show = DiffOptions { show_empty: true };
        prop_assert!(diff_values("", &a, &a, &show).is_empty());
    }
}
