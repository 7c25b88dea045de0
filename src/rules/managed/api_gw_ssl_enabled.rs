use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::kms::non_blank;
use crate::rules::support::more::config_field;

declare_managed_rule! {
    /// Whether REST API stages use a client SSL certificate for backend calls.
    ///
    /// ## What it checks
    /// The stage's `clientCertificateId` (the certificate API Gateway presents to HTTP
    /// backends), and, when `CertificateIDs` is given, whether it is one of them.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the stage has no `clientCertificateId`; or `CertificateIDs` is
    ///   given and the stage's certificate is not listed. Evidence:
    ///   `$.configuration.clientCertificateId`.
    /// - `COMPLIANT`: the stage has a (listed) client certificate.
    /// - `NOT_APPLICABLE`: the input holds `AWS::ApiGateway::Method` items of the
    ///   stage's REST API and none of them integrates with an HTTP backend
    ///   (`Integration.Type` `HTTP` or `HTTP_PROXY`); a deleted item.
    ///
    /// ## Differences from AWS
    /// AWS calls `GetIntegration`; offline the integrations come from the input's
    /// `AWS::ApiGateway::Method` items (matched on `RestApiId`). When the input holds
    /// no method of the API, the stage is evaluated as if it had HTTP integrations.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/api-gw-ssl-enabled.html>
    pub ApiGwSslEnabled {
        identifier: "API_GW_SSL_ENABLED",
        name: "api-gw-ssl-enabled",
        resource_types: &["AWS::ApiGateway::Stage"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("integration types come from AWS::ApiGateway::Method items in the input; without them the stage is evaluated"),
        needs: &[],
        parameters: &[
            ParamSpec::csv("CertificateIDs").doc("Comma-separated list of client certificate IDs configured on a REST API stage."),
        ],
    }
}

/// The REST API id of a stage: `restApiId` when recorded, else the id in the stage ARN
/// (`arn:aws:apigateway:<region>::/restapis/<id>/stages/<name>`).
fn rest_api_id(item: &ConfigItem) -> Option<&str> {
    if let Some(id) = non_blank(item.config_at("restApiId")) {
        return Some(id);
    }
    let arn = item.arn.as_deref().unwrap_or(item.resource_id());
    let rest = arn.split_once("/restapis/")?.1;
    rest.split('/').next().filter(|s| !s.is_empty())
}

/// Whether the input holds methods of the API, and whether any integrates with HTTP.
fn integrations(item: &ConfigItem, cx: &RuleContext<'_>, api: &str) -> (usize, bool) {
    let mut count = 0;
    let mut http = false;
    for method in cx.items_near("AWS::ApiGateway::Method", item) {
        let (_, id) = config_field(method, &["RestApiId", "restApiId"]);
        if id.as_str() != Some(api) {
            continue;
        }
        count += 1;
        let (_, kind) = config_field(method, &["Integration.Type", "methodIntegration.type"]);
        http |= kind
            .as_str()
            .is_some_and(|k| k.eq_ignore_ascii_case("HTTP") || k.eq_ignore_ascii_case("HTTP_PROXY"));
    }
    (count, http)
}

impl Evaluate for ApiGwSslEnabled {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        if let Some(api) = rest_api_id(item) {
            let (count, http) = integrations(item, cx, api);
            if count > 0 && !http {
                return Verdict::not_applicable(format!(
                    "none of the {count} method(s) of REST API {api} integrates with an HTTP backend"
                ));
            }
        }
        let cert = item.config_at("clientCertificateId");
        let Some(id) = non_blank(cert) else {
            return Verdict::non_compliant(
                "the stage has no client SSL certificate (clientCertificateId is not set)",
                Evidence::at(config_path("clientCertificateId"), cert.clone()),
            );
        };
        let wanted = cx.params().list("CertificateIDs");
        if wanted.is_empty() || wanted.iter().any(|w| w.trim() == id) {
            Verdict::compliant(format!("the stage uses the client certificate {id}"))
        } else {
            Verdict::non_compliant(
                format!(
                    "the stage's client certificate {id} is not one of {}",
                    wanted.join(", ")
                ),
                Evidence::at(config_path("clientCertificateId"), id),
            )
        }
    }
}
