//! Joins between configuration items for rules that read another resource's state
//! (the catalogue's REL flag) by id, when no relationship is recorded for it (a volume's
//! `attachments[].instanceId`, an EIP's `networkInterfaceId`).

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::field::Field;
use super::item_path;
use super::network::INSTANCE;
use crate::model::{ConfigItem, ResourceKey};
use crate::rules::{Evidence, RuleContext};
use crate::{Derived, Inventory};

/// The latest version (deleted or not) of the resource of `resource_type` and
/// `resource_id` in the same account and Region as `item` (Region `global` for IAM
/// types). One index lookup, no scan.
pub fn find_near<'a>(
    cx: &RuleContext<'a>,
    item: &ConfigItem,
    resource_type: &str,
    resource_id: &str,
) -> Option<&'a ConfigItem> {
    let region = if ResourceKey::is_global_type(resource_type) {
        Arc::from("global")
    } else {
        Arc::clone(&item.key.region)
    };
    let key = ResourceKey {
        account: Arc::clone(&item.key.account),
        region,
        resource_type: Arc::from(resource_type),
        resource_id: Arc::from(resource_id),
    };
    cx.inventory
        .position(&key)
        .and_then(|p| cx.inventory.resource(p))
}

/// An EC2 instance's `state.name` (`running`, `stopped`, `terminated`, …); `terminated`
/// for a deleted instance item, since AWS Config deletes terminated instances.
pub fn instance_state(instance: &ConfigItem) -> Option<&str> {
    if instance.is_deleted() {
        return Some("terminated");
    }
    instance.config_at("state.name").as_str()
}

/// The `state.name` of every current EC2 instance, for rules that join to instances
/// (volumes, Elastic IPs, load balancers) without decoding each instance again.
pub struct InstanceStates(HashMap<ResourceKey, Arc<str>>);

impl Derived for InstanceStates {
    fn derive(inventory: &Inventory) -> Self {
        let states: Vec<(ResourceKey, Arc<str>)> = inventory
            .positions_of_type(INSTANCE)
            .par_iter()
            .filter_map(|&p| inventory.resource(p))
            .filter_map(|i| {
                let state: Arc<str> = if i.is_deleted() {
                    Arc::from("terminated")
                } else {
                    let [state] = i.read_config_fields(["state"]);
                    Arc::from(state?.get("name")?.as_str()?)
                };
                Some((i.key.clone(), state))
            })
            .collect();
        Self(states.into_iter().collect())
    }
}

/// [`instance_state`] of an instance found by a join, through [`InstanceStates`].
pub fn joined_instance_state(cx: &RuleContext<'_>, instance: &ConfigItem) -> Option<Arc<str>> {
    cx.inventory
        .derived::<InstanceStates>()
        .0
        .get(&instance.key)
        .cloned()
}

/// Evidence, on a verdict about another resource, that a joined item was deleted: its
/// `configurationItemStatus`.
pub fn deleted_evidence(item: &ConfigItem) -> Evidence {
    Evidence::at(
        item_path(item, "$.configurationItemStatus"),
        item.status.as_str(),
    )
}

/// Evidence of an EC2 instance's [`instance_state`] in the instance's item: its
/// `state.name`, or its `configurationItemStatus` when the item was deleted.
pub fn instance_state_evidence(instance: &ConfigItem) -> Evidence {
    if instance.is_deleted() {
        deleted_evidence(instance)
    } else {
        Field::config(instance, "state.name").foreign_evidence()
    }
}
