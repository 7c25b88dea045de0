use crate::rules::prelude::*;
use crate::rules::support::as_bool;
use crate::rules::support::elb::elbv2_attribute;
use crate::rules::support::more::not_alb;

declare_managed_rule! {
    /// Whether AWS WAF is enabled on Application Load Balancers (optionally with one of
    /// a list of web ACLs).
    ///
    /// ## What it checks
    /// The load balancer attributes `waf.enabled` and `waf.web_acl_id` in
    /// `supplementaryConfiguration.LoadBalancerAttributes`; when the attributes are not
    /// recorded, an `AWS::WAFv2::WebACL` item of the input related to the load balancer.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `waf.enabled` is `false` (or absent from a recorded attribute
    ///   list); or `wafWebAclIds` is given and `waf.web_acl_id` is none of them.
    ///   Evidence: the attribute's path and value.
    /// - `COMPLIANT`: WAF is enabled (with a listed web ACL).
    /// - `NOT_APPLICABLE`: Network and Gateway Load Balancers; a deleted item.
    /// - `INSUFFICIENT_DATA`: no `LoadBalancerAttributes` and no related web ACL in the
    ///   input.
    ///
    /// ## Differences from AWS
    /// A listed WAFv2 web ACL matches by ARN, or by the ACL id (the last part of the
    /// ARN). Network and Gateway Load Balancers are NOT_APPLICABLE (AWS does not say).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/alb-waf-enabled.html>
    pub AlbWafEnabled {
        identifier: "ALB_WAF_ENABLED",
        name: "alb-waf-enabled",
        resource_types: &["AWS::ElasticLoadBalancingV2::LoadBalancer"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("web ACL ids match ARNs by their last part; falls back to related AWS::WAFv2::WebACL items"),
        needs: &[Need::Relationships],
        parameters: &[
            ParamSpec::csv("wafWebAclIds").doc("Comma separated list of web ACL ID (for WAF) or web ACL ARN (for WAFV2) checking for ALB association."),
        ],
    }
}

/// Whether a recorded web ACL reference is one of the wanted ids or ARNs.
fn acl_listed(acl: &str, wanted: &[String]) -> bool {
    let id = acl.rsplit('/').next().unwrap_or(acl);
    wanted.iter().map(|w| w.trim()).any(|w| w == acl || w == id)
}

impl Evaluate for AlbWafEnabled {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        if let Some(verdict) = not_alb(item) {
            return verdict;
        }
        let wanted = cx.params().list("wafWebAclIds");
        if !item.supplementary_at("LoadBalancerAttributes").is_array() {
            let acls: Vec<&str> = cx
                .related(None, Some("AWS::WAFv2::WebACL"))
                .iter()
                .filter(|l| l.node.item().is_none_or(|i| !i.is_deleted()))
                .map(|l| l.node.label())
                .collect();
            return match acls.first() {
                None => Verdict::insufficient_data(
                    "the item records no LoadBalancerAttributes and no web ACL of the input is associated",
                ),
                Some(_) if wanted.is_empty() => {
                    Verdict::compliant(format!("the web ACL {} is associated", acls[0]))
                }
                Some(_) => match acls.iter().find(|a| acl_listed(a, wanted)) {
                    Some(a) => Verdict::compliant(format!("the listed web ACL {a} is associated")),
                    None => Verdict::non_compliant(
                        format!("the associated web ACL {} is not one of {}", acls[0], wanted.join(", ")),
                        Evidence::at("$.relationships", json!(acls)),
                    ),
                },
            };
        }
        match elbv2_attribute(item, "waf.enabled") {
            Some((_, v)) if as_bool(v) == Some(true) => {}
            Some((path, v)) => {
                return Verdict::non_compliant(
                    format!("WAF is not enabled (waf.enabled: {v})"),
                    Evidence::at(path, v.clone()),
                );
            }
            None => {
                return Verdict::non_compliant(
                    "the attribute list has no waf.enabled",
                    Evidence::at(
                        "$.supplementaryConfiguration.LoadBalancerAttributes",
                        item.supplementary_at("LoadBalancerAttributes").clone(),
                    ),
                );
            }
        }
        if wanted.is_empty() {
            return Verdict::compliant("WAF is enabled on the load balancer");
        }
        match elbv2_attribute(item, "waf.web_acl_id") {
            Some((_, v)) if v.as_str().is_some_and(|a| acl_listed(a, wanted)) => Verdict::compliant(
                format!("WAF is enabled with the listed web ACL {}", v.as_str().unwrap_or_default()),
            ),
            Some((path, v)) => Verdict::non_compliant(
                format!("the web ACL {v} is not one of {}", wanted.join(", ")),
                Evidence::at(path, v.clone()),
            ),
            None => Verdict::non_compliant(
                "the attribute list has no waf.web_acl_id",
                Evidence::at(
                    "$.supplementaryConfiguration.LoadBalancerAttributes",
                    item.supplementary_at("LoadBalancerAttributes").clone(),
                ),
            ),
        }
    }
}
