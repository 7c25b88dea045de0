use crate::rules::prelude::*;
use crate::rules::support::elb::elbv2_attribute;
use crate::rules::support::{as_bool, supplementary_path};

declare_managed_rule! {
    /// Whether Elastic Load Balancing v2 load balancers have deletion protection enabled.
    ///
    /// ## What it checks
    /// The `deletion_protection.enabled` entry of
    /// `supplementaryConfiguration.LoadBalancerAttributes` (a list of `{key, value}`).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the value is `false`, or the attribute list lacks the entry
    ///   (the default is off). Evidence: the attribute's value, or the empty selection
    ///   of the entry in `LoadBalancerAttributes`.
    /// - `COMPLIANT`: the value is `true`.
    /// - `NOT_APPLICABLE`: a deleted item.
    /// - `INSUFFICIENT_DATA`: the item has no `LoadBalancerAttributes`.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/elb-deletion-protection-enabled.html>
    pub ElbDeletionProtectionEnabled {
        identifier: "ELB_DELETION_PROTECTION_ENABLED",
        name: "elb-deletion-protection-enabled",
        resource_types: &["AWS::ElasticLoadBalancingV2::LoadBalancer"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

const KEY: &str = "deletion_protection.enabled";

impl Evaluate for ElbDeletionProtectionEnabled {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        if !item.supplementary_at("LoadBalancerAttributes").is_array() {
            return Verdict::insufficient_data("the item has no LoadBalancerAttributes");
        }
        match elbv2_attribute(item, KEY) {
            Some((_, value)) if as_bool(value) == Some(true) => {
                Verdict::compliant("deletion protection is enabled")
            }
            Some((path, value)) => Verdict::non_compliant(
                format!("deletion protection is disabled ({KEY}: {value})"),
                Evidence::at(path, value.clone()),
            ),
            None => Verdict::non_compliant(
                format!("LoadBalancerAttributes has no {KEY} entry (disabled by default)"),
                Evidence::at(
                    supplementary_path(&format!("LoadBalancerAttributes[?(@.key=='{KEY}')]")),
                    json!([]),
                ),
            ),
        }
    }
}
