use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::logging::str_field;

declare_managed_rule! {
    /// Whether Classic Load Balancers accept only SSL or HTTPS connections.
    ///
    /// ## What it checks
    /// The front-end protocol of every listener in
    /// `configuration.listenerDescriptions[].listener.protocol`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: a listener's protocol is neither `HTTPS` nor `SSL` (e.g. `HTTP`
    ///   or `TCP`). Evidence: the first such protocol.
    /// - `COMPLIANT`: every listener uses `HTTPS` or `SSL`.
    /// - `NOT_APPLICABLE`: the load balancer has no listener, or the configuration item is
    ///   deleted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/elb-tls-https-listeners-only.html>
    pub ElbTlsHttpsListenersOnly {
        identifier: "ELB_TLS_HTTPS_LISTENERS_ONLY",
        name: "elb-tls-https-listeners-only",
        resource_types: &["AWS::ElasticLoadBalancing::LoadBalancer"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::High,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for ElbTlsHttpsListenersOnly {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let listeners = item
            .config_at("listenerDescriptions")
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        if listeners.is_empty() {
            return Verdict::not_applicable("the load balancer has no listener");
        }
        for (i, description) in listeners.iter().enumerate() {
            let listener = description.get("listener").unwrap_or(&Value::Null);
            let protocol = str_field(listener, &["protocol", "Protocol"]).unwrap_or("");
            if !(protocol.eq_ignore_ascii_case("https") || protocol.eq_ignore_ascii_case("ssl")) {
                let port = listener.get("loadBalancerPort").cloned().unwrap_or(Value::Null);
                return Verdict::non_compliant(
                    format!("listener on port {port} uses {protocol}, not HTTPS or SSL"),
                    Evidence::at(
                        config_path(&format!("listenerDescriptions[{i}].listener.protocol")),
                        protocol,
                    ),
                );
            }
        }
        Verdict::compliant(format!(
            "all {} listener(s) use HTTPS or SSL",
            listeners.len()
        ))
    }
}
