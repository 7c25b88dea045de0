use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::more::{config_field, in_list_ignore_case};
use crate::rules::support::as_bool;

declare_managed_rule! {
    /// Whether OpenSearch Service domains require HTTPS (optionally with a listed TLS
    /// security policy).
    ///
    /// ## What it checks
    /// The domain's `DomainEndpointOptions.EnforceHTTPS`, and, when `tlsPolicies` is
    /// given, whether `DomainEndpointOptions.TLSSecurityPolicy` is one of them.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `EnforceHTTPS` is not true; or it is true, `tlsPolicies` is
    ///   given and `TLSSecurityPolicy` is not listed. Evidence: the field's path and
    ///   value.
    /// - `COMPLIANT`: HTTPS is enforced (with a listed TLS policy when `tlsPolicies` is
    ///   given).
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// TLS policy names compare ignoring case. `AWS::Elasticsearch::Domain` items are not
    /// evaluated (AWS lists only `AWS::OpenSearch::Domain`).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/opensearch-https-required.html>
    pub OpensearchHttpsRequired {
        identifier: "OPENSEARCH_HTTPS_REQUIRED",
        name: "opensearch-https-required",
        resource_types: &["AWS::OpenSearch::Domain"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("TLS policy names compare ignoring case"),
        needs: &[],
        parameters: &[
            ParamSpec::csv("tlsPolicies").doc("Comma-separated list of TLS security policies to check against the Amazon OpenSearch domain."),
        ],
    }
}

impl Evaluate for OpensearchHttpsRequired {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let (path, enforce) = config_field(
            item,
            &["DomainEndpointOptions.EnforceHTTPS", "domainEndpointOptions.enforceHTTPS"],
        );
        if as_bool(enforce) != Some(true) {
            return Verdict::non_compliant(
                format!("the domain does not enforce HTTPS (EnforceHTTPS: {enforce})"),
                Evidence::at(config_path(path), enforce.clone()),
            );
        }
        let allowed = cx.params().list("tlsPolicies");
        if allowed.is_empty() {
            return Verdict::compliant("the domain enforces HTTPS");
        }
        let (path, policy) = config_field(
            item,
            &[
                "DomainEndpointOptions.TLSSecurityPolicy",
                "domainEndpointOptions.tlssecurityPolicy",
            ],
        );
        match policy.as_str() {
            Some(p) if in_list_ignore_case(p, allowed) => Verdict::compliant(format!(
                "the domain enforces HTTPS with the TLS policy {p}"
            )),
            other => Verdict::non_compliant(
                format!(
                    "the domain's TLS security policy {} is not one of {}",
                    other.unwrap_or("(not set)"),
                    allowed.join(", ")
                ),
                Evidence::at(config_path(path), policy.clone()),
            ),
        }
    }
}
