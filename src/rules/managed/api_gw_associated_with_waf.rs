use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::kms::non_blank;

declare_managed_rule! {
    /// Whether API Gateway REST API stages use an AWS WAF web ACL (optionally one of a
    /// list).
    ///
    /// ## What it checks
    /// The stage's `webAclArn`, and, when `WebAclArns` is given, whether it is listed.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the stage has no `webAclArn`; or `WebAclArns` is given and the
    ///   stage's web ACL is not listed. Evidence: `$.configuration.webAclArn`.
    /// - `COMPLIANT`: the stage uses a (listed) web ACL.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/api-gw-associated-with-waf.html>
    pub ApiGwAssociatedWithWaf {
        identifier: "API_GW_ASSOCIATED_WITH_WAF",
        name: "api-gw-associated-with-waf",
        resource_types: &["AWS::ApiGateway::Stage"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[
            ParamSpec::csv("WebAclArns").doc("Comma-separated list of web ACL Amazon Resource Names (ARNs)."),
        ],
    }
}

impl Evaluate for ApiGwAssociatedWithWaf {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let acl = item.config_at("webAclArn");
        let Some(arn) = non_blank(acl) else {
            return Verdict::non_compliant(
                "the stage is not associated with a WAF web ACL (webAclArn is not set)",
                Evidence::at(config_path("webAclArn"), acl.clone()),
            );
        };
        let wanted = cx.params().list("WebAclArns");
        if wanted.is_empty() || wanted.iter().any(|w| w.trim() == arn) {
            Verdict::compliant(format!("the stage uses the web ACL {arn}"))
        } else {
            Verdict::non_compliant(
                format!("the stage's web ACL {arn} is not one of {}", wanted.join(", ")),
                Evidence::at(config_path("webAclArn"), arn),
            )
        }
    }
}
