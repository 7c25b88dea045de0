//! Load balancers and Auto Scaling groups: Classic Load Balancer attributes and
//! registered instances, and an Auto Scaling group's load balancers.

use serde_json::Value;

use super::{as_bool, as_list};
use crate::model::ConfigItem;

/// A Classic Load Balancer attribute's `enabled` flag
/// (`supplementaryConfiguration.LoadBalancerAttributes.<name>.enabled`, e.g.
/// `crossZoneLoadBalancing`, `connectionDraining`); `None` when not recorded.
pub fn clb_attribute_enabled(item: &ConfigItem, name: &str) -> Option<bool> {
    as_bool(item.supplementary_at(&format!("LoadBalancerAttributes.{name}.enabled")))
}

/// The ids of the instances registered with a Classic Load Balancer
/// (`configuration.instances[].instanceId`). AWS Config omits the list when it is empty.
pub fn clb_instance_ids(item: &ConfigItem) -> Vec<&str> {
    as_list(item.config_at("instances"))
        .into_iter()
        .filter_map(|i| i.get("instanceId").and_then(Value::as_str))
        .collect()
}

/// Whether an Auto Scaling group has a Classic Load Balancer (`loadBalancerNames`), a
/// target group (`targetGroupARNs`) or an ELB traffic source (`trafficSources`).
pub fn asg_has_load_balancer(item: &ConfigItem) -> bool {
    !as_list(item.config_at("loadBalancerNames")).is_empty()
        || !as_list(item.config_at("targetGroupARNs")).is_empty()
        || as_list(item.config_at("trafficSources")).iter().any(|t| {
            t.get("type")
                .and_then(Value::as_str)
                .is_some_and(|ty| ty.to_ascii_lowercase().starts_with("elb"))
        })
}

/// Whether an Auto Scaling group's `healthCheckType` includes `ELB` (it may list several
/// types separated by commas).
pub fn asg_uses_elb_health_check(item: &ConfigItem) -> bool {
    item.config_at("healthCheckType")
        .as_str()
        .unwrap_or("")
        .split(',')
        .any(|k| k.trim().eq_ignore_ascii_case("ELB"))
}
