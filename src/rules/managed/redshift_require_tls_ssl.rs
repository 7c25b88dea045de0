use crate::rules::prelude::*;
use crate::rules::support::{config_path, item_path, supplementary_path};

declare_managed_rule! {
    /// Whether Redshift clusters require TLS/SSL connections.
    ///
    /// ## What it checks
    /// The cluster's parameter groups (`configuration.clusterParameterGroups[].parameterGroupName`)
    /// are looked up among the `AWS::Redshift::ClusterParameterGroup` items of the same
    /// account and Region; the group's `require_ssl` parameter
    /// (`supplementaryConfiguration.Parameters[]`) must be `true`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: a parameter group of the cluster has `require_ssl` other than
    ///   `true`. Evidence: the parameter's value in the group's item, and the cluster's
    ///   reference to that group.
    /// - `COMPLIANT`: every parameter group of the cluster has `require_ssl` `true`.
    /// - `INSUFFICIENT_DATA`: the cluster names no parameter group, a group is not in the
    ///   input, or a group does not list `require_ssl`.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS reads the parameter group through the Redshift API. Offline the group's own
    /// configuration item must be in the input; 2026 items record every parameter,
    /// including engine defaults, in `supplementaryConfiguration.Parameters`. Without the
    /// group item the verdict is INSUFFICIENT_DATA rather than a guess from the family's
    /// default.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/redshift-require-tls-ssl.html>
    pub RedshiftRequireTlsSsl {
        identifier: "REDSHIFT_REQUIRE_TLS_SSL",
        name: "redshift-require-tls-ssl",
        resource_types: &["AWS::Redshift::Cluster"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[Need::Relationships],
        parameters: &[],
    }
}

const GROUP_TYPE: &str = "AWS::Redshift::ClusterParameterGroup";

/// The `require_ssl` parameter of a parameter group item: the JSONPath of its value in
/// the group's item, and the value.
fn require_ssl(group: &ConfigItem) -> Option<(String, &Value)> {
    [
        (supplementary_path("Parameters"), group.supplementary_at("Parameters")),
        (config_path("parameters"), group.config_at("parameters")),
    ]
    .into_iter()
    .filter_map(|(path, list)| Some((path, list.as_array()?)))
    .find_map(|(path, list)| {
        let (i, p) = list.iter().enumerate().find(|(_, p)| {
            p.get("parameterName")
                .or_else(|| p.get("ParameterName"))
                .and_then(Value::as_str)
                .is_some_and(|n| n.eq_ignore_ascii_case("require_ssl"))
        })?;
        ["parameterValue", "ParameterValue"]
            .into_iter()
            .find_map(|k| Some((format!("{path}[{i}].{k}"), p.get(k)?)))
    })
}

impl Evaluate for RedshiftRequireTlsSsl {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let groups: Vec<(usize, &str)> = item
            .config_at("clusterParameterGroups")
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .filter_map(|(i, g)| g.get("parameterGroupName").and_then(Value::as_str).map(|n| (i, n)))
            .collect();
        if groups.is_empty() {
            return Verdict::insufficient_data("the cluster names no parameter group");
        }
        let mut unknown = Vec::new();
        for (i, name) in &groups {
            let Some(group) = cx
                .items_near(GROUP_TYPE, item)
                .find(|g| g.resource_id() == *name || g.name.as_deref() == Some(name))
            else {
                unknown.push(format!("{name} (not in the input)"));
                continue;
            };
            let Some((path, value)) = require_ssl(group) else {
                unknown.push(format!("{name} (no require_ssl parameter recorded)"));
                continue;
            };
            let on = value
                .as_str()
                .map_or(value.as_bool() == Some(true), |s| s.trim().eq_ignore_ascii_case("true"));
            if !on {
                return Verdict::non_compliant_all(
                    format!("parameter group {name} sets require_ssl to {value}"),
                    Evidence::at(item_path(group, &path), value.clone()),
                    vec![Evidence::at(
                        config_path(&format!("clusterParameterGroups[{i}].parameterGroupName")),
                        *name,
                    )],
                );
            }
        }
        if unknown.is_empty() {
            Verdict::compliant("the cluster's parameter groups set require_ssl to true")
        } else {
            Verdict::insufficient_data(format!(
                "require_ssl is unknown for parameter group(s) {}",
                unknown.join(", ")
            ))
        }
    }
}
