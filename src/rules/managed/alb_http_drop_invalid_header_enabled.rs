use crate::rules::prelude::*;
use crate::rules::support::as_bool;
use crate::rules::support::elb::elbv2_attribute;
use crate::rules::support::more::not_alb;

declare_managed_rule! {
    /// Whether Application Load Balancers drop invalid HTTP header fields.
    ///
    /// ## What it checks
    /// The load balancer attribute `routing.http.drop_invalid_header_fields.enabled` in
    /// `supplementaryConfiguration.LoadBalancerAttributes`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the attribute is `false` (or absent from a recorded attribute
    ///   list). Evidence: the attribute's path and value.
    /// - `COMPLIANT`: the attribute is `true`.
    /// - `NOT_APPLICABLE`: Network and Gateway Load Balancers; a deleted item.
    /// - `INSUFFICIENT_DATA`: the item records no `LoadBalancerAttributes`.
    ///
    /// ## Differences from AWS
    /// AWS does not say what it answers for Network and Gateway Load Balancers, which
    /// have no such attribute; we answer NOT_APPLICABLE.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/alb-http-drop-invalid-header-enabled.html>
    pub AlbHttpDropInvalidHeaderEnabled {
        identifier: "ALB_HTTP_DROP_INVALID_HEADER_ENABLED",
        name: "alb-http-drop-invalid-header-enabled",
        resource_types: &["AWS::ElasticLoadBalancingV2::LoadBalancer"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("Network and Gateway Load Balancers are NOT_APPLICABLE"),
        needs: &[],
        parameters: &[],
    }
}

const KEY: &str = "routing.http.drop_invalid_header_fields.enabled";

impl Evaluate for AlbHttpDropInvalidHeaderEnabled {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        if let Some(verdict) = not_alb(item) {
            return verdict;
        }
        if !item.supplementary_at("LoadBalancerAttributes").is_array() {
            return Verdict::insufficient_data("the item records no LoadBalancerAttributes");
        }
        match elbv2_attribute(item, KEY) {
            Some((_, value)) if as_bool(value) == Some(true) => {
                Verdict::compliant("the load balancer drops invalid HTTP header fields")
            }
            Some((path, value)) => Verdict::non_compliant(
                format!("{KEY} is {value}"),
                Evidence::at(path, value.clone()),
            ),
            None => Verdict::non_compliant(
                format!("the attribute list has no {KEY}"),
                Evidence::at(
                    "$.supplementaryConfiguration.LoadBalancerAttributes",
                    item.supplementary_at("LoadBalancerAttributes").clone(),
                ),
            ),
        }
    }
}
