use crate::rules::prelude::*;
use crate::rules::support::item_path;
use crate::rules::support::logging::{field, str_field};
use crate::rules::support::{as_list, config_path};

declare_managed_rule! {
    /// Whether every HTTP listener of an Application Load Balancer redirects to HTTPS.
    ///
    /// ## What it checks
    /// The `AWS::ElasticLoadBalancingV2::Listener` items of the same account and Region
    /// whose `LoadBalancerArn` is the load balancer's ARN. Every listener with `Protocol`
    /// `HTTP` must have a default action of `Type` `redirect` whose
    /// `RedirectConfig.Protocol` is `HTTPS`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: an HTTP listener's default actions do not redirect to HTTPS (they
    ///   forward, answer a fixed response, or redirect to another protocol). Evidence:
    ///   the listener's `DefaultActions`.
    /// - `COMPLIANT`: every HTTP listener redirects to HTTPS, or the load balancer has
    ///   only non-HTTP listeners.
    /// - `NOT_APPLICABLE`: Network and Gateway Load Balancers, and deleted configuration
    ///   items.
    /// - `INSUFFICIENT_DATA`: no listener item of the input belongs to the load balancer
    ///   (listeners are not recorded, or it has none).
    ///
    /// ## Differences from AWS
    /// Only default actions are read; listener rules (path- or host-based actions) are
    /// not. A redirect keeping the original protocol (`#{protocol}`) does not count.
    /// Listener fields are PascalCase in real items; camelCase is read too.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/alb-http-to-https-redirection-check.html>
    pub AlbHttpToHttpsRedirectionCheck {
        identifier: "ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK",
        name: "alb-http-to-https-redirection-check",
        resource_types: &["AWS::ElasticLoadBalancingV2::LoadBalancer"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("only listener default actions are read; listeners must be in the input"),
        needs: &[Need::Relationships],
        parameters: &[],
    }
}

const LISTENER: &str = "AWS::ElasticLoadBalancingV2::Listener";

fn redirects_to_https(action: &Value) -> bool {
    let kind = str_field(action, &["Type", "type"]).unwrap_or("");
    let redirect = field(action, &["RedirectConfig", "redirectConfig"]).map_or(&Value::Null, |(_, v)| v);
    kind.eq_ignore_ascii_case("redirect")
        && str_field(redirect, &["Protocol", "protocol"]).is_some_and(|p| p.eq_ignore_ascii_case("https"))
}

impl Evaluate for AlbHttpToHttpsRedirectionCheck {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let kind = item.config_at("type").as_str().unwrap_or("application");
        if !kind.eq_ignore_ascii_case("application") {
            return Verdict::not_applicable(format!("the rule applies to Application Load Balancers, not {kind}"));
        }
        let arn = str_field(item, &["loadBalancerArn", "LoadBalancerArn"])
            .or(item.arn.as_deref())
            .unwrap_or(&item.key.resource_id);
        let mut listeners = 0;
        let mut http = 0;
        for listener in cx.items_near(LISTENER, item) {
            if str_field(listener, &["LoadBalancerArn", "loadBalancerArn"]) != Some(arn) {
                continue;
            }
            listeners += 1;
            if !str_field(listener, &["Protocol", "protocol"]).is_some_and(|p| p.eq_ignore_ascii_case("http")) {
                continue;
            }
            http += 1;
            let (name, actions) = field(listener, &["DefaultActions", "defaultActions"])
                .unwrap_or(("DefaultActions", &Value::Null));
            if !as_list(actions).into_iter().any(redirects_to_https) {
                let port = field(listener, &["Port", "port"]).map_or(Value::Null, |(_, v)| v.clone());
                let kinds: Vec<&str> = as_list(actions)
                    .into_iter()
                    .filter_map(|a| str_field(a, &["Type", "type"]))
                    .collect();
                return Verdict::non_compliant(
                    format!(
                        "HTTP listener on port {port} does not redirect to HTTPS (default action: {})",
                        if kinds.is_empty() { "none".to_owned() } else { kinds.join(", ") }
                    ),
                    Evidence::at(item_path(listener, &config_path(name)), actions.clone()),
                );
            }
        }
        if listeners == 0 {
            return Verdict::insufficient_data(
                "no AWS::ElasticLoadBalancingV2::Listener item in the input belongs to this load balancer",
            );
        }
        if http == 0 {
            Verdict::compliant(format!("none of the {listeners} listener(s) uses HTTP"))
        } else {
            Verdict::compliant(format!("all {http} HTTP listener(s) redirect to HTTPS"))
        }
    }
}
