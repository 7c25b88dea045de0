//! Joins between configuration items for rules that read another resource's state
//! (the catalogue's REL flag) by id, when no relationship is recorded for it (a volume's
//! `attachments[].instanceId`, an EIP's `networkInterfaceId`).

use std::sync::Arc;

use crate::model::{ConfigItem, ResourceKey};
use crate::rules::RuleContext;

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
