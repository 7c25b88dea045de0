//! Load balancers and Auto Scaling groups: ELBv2 attributes, Classic Load Balancer
//! registered instances, and an Auto Scaling group's load balancers.

use serde_json::Value;

use super::logging::{field, str_field};
use super::{as_list, supplementary_path};
use crate::model::ConfigItem;

/// An ELBv2 load-balancer attribute from the `[{key, value}]` list in
/// `supplementaryConfiguration.LoadBalancerAttributes`: its JSONPath and value.
/// `None` when the list or the key is missing.
pub fn elbv2_attribute<'v>(item: &'v ConfigItem, key: &str) -> Option<(String, &'v Value)> {
    let list = item.supplementary_at("LoadBalancerAttributes").as_array()?;
    list.iter().enumerate().find_map(|(i, attr)| {
        (str_field(attr, &["key", "Key"]) == Some(key)).then(|| {
            let (name, value) = field(attr, &["value", "Value"]).unwrap_or(("value", &Value::Null));
            (
                supplementary_path(&format!("LoadBalancerAttributes[{i}].{name}")),
                value,
            )
        })
    })
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
