use crate::rules::prelude::*;
use crate::rules::support::config_path;

declare_managed_rule! {
    /// Whether EC2 instances require Instance Metadata Service Version 2 (IMDSv2).
    ///
    /// ## What it checks
    /// The instance's `metadataOptions.httpTokens`: `required` means only IMDSv2
    /// (session tokens) is accepted; `optional` also accepts IMDSv1 requests.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `httpTokens` is `optional`. Evidence:
    ///   `$.configuration.metadataOptions.httpTokens`.
    /// - `COMPLIANT`: `httpTokens` is `required`, or the metadata endpoint is disabled
    ///   (`httpEndpoint` `disabled`).
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    /// - `INSUFFICIENT_DATA`: the item records no `metadataOptions.httpTokens` (items
    ///   captured before AWS Config recorded metadata options).
    ///
    /// ## Differences from AWS
    /// AWS names only `optional` as NON_COMPLIANT. We also treat a disabled metadata
    /// endpoint as COMPLIANT (no IMDSv1 request can be answered) and answer
    /// INSUFFICIENT_DATA, not a verdict, when the field is not recorded. Values compare
    /// case-insensitively.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/ec2-imdsv2-check.html>
    pub Ec2Imdsv2Check {
        identifier: "EC2_IMDSV2_CHECK",
        name: "ec2-imdsv2-check",
        resource_types: &["AWS::EC2::Instance"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::High,
        fidelity: Fidelity::Approximate("a disabled metadata endpoint is COMPLIANT; missing metadataOptions is INSUFFICIENT_DATA"),
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for Ec2Imdsv2Check {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let options = item.config_at("metadataOptions");
        let endpoint = options.get("httpEndpoint").and_then(Value::as_str);
        let tokens = options.get("httpTokens").and_then(Value::as_str);
        match tokens {
            Some(t) if t.eq_ignore_ascii_case("required") => {
                Verdict::compliant("the instance requires IMDSv2 (httpTokens: required)")
            }
            _ if endpoint.is_some_and(|e| e.eq_ignore_ascii_case("disabled")) => {
                Verdict::compliant("the instance metadata endpoint is disabled")
            }
            Some(t) => Verdict::non_compliant(
                format!("the instance accepts IMDSv1 (httpTokens: {t})"),
                Evidence::at(config_path("metadataOptions.httpTokens"), t),
            ),
            None => Verdict::insufficient_data(
                "the item records no metadataOptions.httpTokens",
            ),
        }
    }
}
