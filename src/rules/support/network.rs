//! Joins between VPC networking resources that several rules share: which network
//! interfaces and instances use a security group.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::{Value, json};

use super::ingress::{foreign_owner, is_default_group};
use super::{config_path, items_path};
use crate::model::{ConfigItem, Verb};
use crate::rules::{Evidence, RuleContext, Verdict};
use crate::{Derived, Inventory, Related};

const ENI: &str = "AWS::EC2::NetworkInterface";
pub(crate) const INSTANCE: &str = "AWS::EC2::Instance";

/// A resource found using a security group, and how we know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupUser {
    pub resource_type: &'static str,
    pub resource_id: String,
    /// `groups[].groupId` of the interface, `securityGroups[].groupId` of the instance,
    /// or the relationship recorded on the group's own item.
    pub via: &'static str,
}

/// The security group's id: `configuration.groupId`, else the item's resource id.
pub fn group_id(item: &ConfigItem) -> &str {
    item.config_at("groupId")
        .as_str()
        .unwrap_or(&item.key.resource_id)
}

/// The `groupId`s of a `groups` or `securityGroups` list.
fn group_ids(list: &Value) -> impl Iterator<Item = &str> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|g| g.get("groupId").and_then(Value::as_str))
}

fn lists_group(list: &Value, group: &str) -> bool {
    group_ids(list).any(|g| g == group)
}

/// The groups an instance uses, from its `state`, `securityGroups` and
/// `networkInterfaces`: none once terminated.
fn instance_groups<'v>(
    state: &'v Value,
    security_groups: &'v Value,
    interfaces: &'v Value,
) -> Vec<&'v str> {
    if state.get("name").and_then(Value::as_str) == Some("terminated") {
        return Vec::new();
    }
    let on_interfaces = interfaces
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|e| group_ids(&e["groups"]));
    group_ids(security_groups).chain(on_interfaces).collect()
}

fn instance_uses(instance: &ConfigItem, group: &str) -> bool {
    instance_groups(
        instance.config_at("state"),
        instance.config_at("securityGroups"),
        instance.config_at("networkInterfaces"),
    )
    .contains(&group)
}

/// Group id → the first user's resource id, per account and Region.
type UsersByScope = HashMap<(Arc<str>, Arc<str>), HashMap<Arc<str>, Arc<str>>>;

/// For each security group id of each account and Region, the first current network
/// interface and the first EC2 instance (in key order) that list it: one pass over the
/// interfaces and instances instead of a scan per unused group.
pub struct GroupUse {
    interfaces: UsersByScope,
    instances: UsersByScope,
}

impl GroupUse {
    fn first(users: &UsersByScope, item: &ConfigItem, group: &str) -> Option<Arc<str>> {
        let scope = (Arc::clone(&item.key.account), Arc::clone(&item.key.region));
        users.get(&scope)?.get(group).cloned()
    }
}

/// The groups an interface lists, read without decoding the rest of it.
fn interface_groups(eni: &ConfigItem) -> Vec<Arc<str>> {
    let [groups] = eni.read_config_fields(["groups"]);
    groups
        .map(|g| group_ids(&g).map(Arc::from).collect())
        .unwrap_or_default()
}

/// The groups an instance uses, read without decoding the rest of it: of its network
/// interfaces, only their `groups` are decoded (the same reading as the whole values
/// give, which an unusual shape falls back to).
fn instance_group_ids(instance: &ConfigItem) -> Vec<Arc<str>> {
    let [state, groups] = instance.read_config_fields(["state", "securityGroups"]);
    let interfaces =
        match instance.project_config_field::<Vec<InterfaceGroups>>("networkInterfaces") {
            Some(Ok(list)) => {
                Value::Array(list.into_iter().map(|i| json!({ "groups": i.0 })).collect())
            }
            Some(Err(_)) => {
                let [whole] = instance.read_config_fields(["networkInterfaces"]);
                whole.unwrap_or_default()
            }
            None => Value::Null,
        };
    let null = Value::Null;
    instance_groups(
        state.as_ref().unwrap_or(&null),
        groups.as_ref().unwrap_or(&null),
        &interfaces,
    )
    .into_iter()
    .map(Arc::from)
    .collect()
}

/// An object's `groups` (`null` when it has none), every other entry skipped. Only an
/// object reads as one.
struct InterfaceGroups(Value);

impl<'de> Deserialize<'de> for InterfaceGroups {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = InterfaceGroups;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a network interface object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                #[derive(Deserialize)]
                #[serde(field_identifier, rename_all = "lowercase")]
                enum Key {
                    Groups,
                    #[serde(other)]
                    Other,
                }
                let mut groups = Value::Null;
                while let Some(key) = map.next_key::<Key>()? {
                    match key {
                        Key::Groups => groups = map.next_value()?,
                        Key::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(InterfaceGroups(groups))
            }
        }
        d.deserialize_map(V)
    }
}

impl Derived for GroupUse {
    fn derive(inventory: &Inventory) -> Self {
        let first_users = |ty: &str, groups: fn(&ConfigItem) -> Vec<Arc<str>>| {
            let used: Vec<(&ConfigItem, Vec<Arc<str>>)> = inventory
                .positions_of_type(ty)
                .par_iter()
                .filter_map(|&p| inventory.resource(p))
                .filter(|i| !i.is_deleted())
                .map(|i| (i, groups(i)))
                .collect();
            let mut found = UsersByScope::new();
            for (user, groups) in used {
                let k = &user.key;
                let in_scope = found
                    .entry((Arc::clone(&k.account), Arc::clone(&k.region)))
                    .or_default();
                for group in groups {
                    in_scope
                        .entry(group)
                        .or_insert_with(|| Arc::clone(&k.resource_id));
                }
            }
            found
        };
        Self {
            interfaces: first_users(ENI, interface_groups),
            instances: first_users(INSTANCE, instance_group_ids),
        }
    }
}

/// The first network interface (and, with `instances`, EC2 instance) in the same
/// account and Region that uses the security group.
///
/// The graph is tried first: an edge to an interface or instance counts when that
/// resource's configuration lists the group, or when the resource is not in the input
/// (AWS Config recorded the association). Then every current interface (and instance)
/// of the account and Region is consulted (through [`GroupUse`]), so inputs without
/// relationships (BatchGet, advanced queries) still join.
pub fn security_group_user(
    item: &ConfigItem,
    cx: &RuleContext<'_>,
    instances: bool,
) -> Option<GroupUser> {
    let group = group_id(item);
    let mut wanted = vec![ENI];
    if instances {
        wanted.push(INSTANCE);
    }
    for ty in &wanted {
        for link in cx.related(None, Some(ty)) {
            if link.verb == Verb::Other {
                continue;
            }
            let found = match link.node {
                Related::Resource(other) if other.is_deleted() => false,
                Related::Resource(other) if *ty == ENI => {
                    lists_group(other.config_at("groups"), group)
                }
                Related::Resource(other) => instance_uses(other, group),
                Related::Unresolved(_) => true,
            };
            if found {
                return Some(GroupUser {
                    resource_type: ty,
                    resource_id: link.node.label().to_owned(),
                    via: "relationship",
                });
            }
        }
    }
    let uses = cx.inventory.derived::<GroupUse>();
    if let Some(eni) = GroupUse::first(&uses.interfaces, item, group) {
        return Some(GroupUser {
            resource_type: ENI,
            resource_id: eni.to_string(),
            via: "groups[].groupId",
        });
    }
    if instances && let Some(instance) = GroupUse::first(&uses.instances, item, group) {
        return Some(GroupUser {
            resource_type: INSTANCE,
            resource_id: instance.to_string(),
            via: "securityGroups[].groupId",
        });
    }
    None
}

/// The verdict of the two "security group attached" rules: default groups and groups
/// owned by another account are NOT_APPLICABLE; otherwise a user found by
/// [`security_group_user`] makes the group COMPLIANT. `instances` also accepts EC2
/// instances (the change-triggered rule).
pub fn attachment_verdict(item: &ConfigItem, cx: &RuleContext<'_>, instances: bool) -> Verdict {
    if is_default_group(item) {
        return Verdict::not_applicable("a default security group");
    }
    if let Some(owner) = foreign_owner(item) {
        return Verdict::not_applicable(format!("the security group is owned by account {owner}"));
    }
    let group = group_id(item);
    if let Some(user) = security_group_user(item, cx, instances) {
        return Verdict::compliant(format!(
            "{group} is used by {} {} ({})",
            user.resource_type, user.resource_id, user.via
        ));
    }
    let users = |ty: &str, list: &str| {
        let path = format!(
            "{}.configuration.{list}[?(@.groupId=='{group}')]",
            items_path(ty, &item.key.account, Some(&item.key.region), None)
        );
        Evidence::at(path, json!([]))
    };
    let mut evidence = Vec::new();
    if instances {
        evidence.push(users(INSTANCE, "securityGroups"));
    }
    evidence.push(Evidence::at(config_path("groupId"), group));
    let annotation = if instances {
        format!("no EC2 instance or network interface in the account and Region uses {group}")
    } else {
        format!("no network interface in the account and Region uses {group}")
    };
    Verdict::non_compliant_all(annotation, users(ENI, "groups"), evidence)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instance(configuration: &Value) -> ConfigItem {
        let snapshot = json!({"configurationItems": [{
            "resourceType": INSTANCE, "resourceId": "i-1",
            "awsAccountId": "111122223333", "awsRegion": "us-east-1",
            "configuration": configuration,
        }]});
        crate::load::load_bytes("test", snapshot.to_string().into_bytes())
            .items
            .remove(0)
    }

    #[test]
    fn instance_groups_read_from_interfaces_alone_as_from_whole_values() {
        let cases = [
            json!({"securityGroups": [{"groupId": "sg-a"}], "networkInterfaces": [
                {"attachment": {"deviceIndex": 0}, "groups": [{"groupId": "sg-b"}, {"groupName": "x"}]},
                {"groups": [{"groupId": "sg-c"}], "groups": [{"groupId": "sg-d"}]},
                {"privateIpAddress": "10.0.0.1"}
            ]}),
            // Shapes the interface reading refuses fall back to the whole values.
            json!({"networkInterfaces": [[{"groupId": "sg-e"}], {"groups": [{"groupId": "sg-f"}]}]}),
            json!({"networkInterfaces": {"groups": [{"groupId": "sg-g"}]}}),
            json!({"state": {"name": "terminated"}, "securityGroups": [{"groupId": "sg-h"}]}),
        ];
        let expected: [&[&str]; 4] = [&["sg-a", "sg-b", "sg-d"], &["sg-f"], &[], &[]];
        for (configuration, want) in cases.iter().zip(expected) {
            let item = instance(configuration);
            let got: Vec<Arc<str>> = instance_group_ids(&item);
            let whole = item.configuration();
            let by_value = instance_groups(
                &whole["state"],
                &whole["securityGroups"],
                &whole["networkInterfaces"],
            );
            assert_eq!(got.iter().map(|g| &**g).collect::<Vec<_>>(), by_value);
            assert_eq!(by_value, want, "{configuration}");
        }
    }
}
