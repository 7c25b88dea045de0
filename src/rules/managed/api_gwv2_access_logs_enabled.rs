use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::logging::{field, str_field};

declare_managed_rule! {
    /// Whether API Gateway V2 (HTTP and WebSocket API) stages have access logging.
    ///
    /// ## What it checks
    /// Whether the stage's `accessLogSettings` is present with a destination
    /// (`destinationArn`).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `configuration.accessLogSettings` is absent, empty or has no
    ///   `destinationArn`. Evidence: the field.
    /// - `COMPLIANT`: access logs go to the destination.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS documents only "`accessLogSettings` is not present"; an object without a
    /// destination is treated as not present. `AccessLogSettings` (PascalCase) is also
    /// read.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/api-gwv2-access-logs-enabled.html>
    pub ApiGwv2AccessLogsEnabled {
        identifier: "API_GWV2_ACCESS_LOGS_ENABLED",
        name: "api-gwv2-access-logs-enabled",
        resource_types: &["AWS::ApiGatewayV2::Stage"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("accessLogSettings without destinationArn counts as absent"),
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for ApiGwv2AccessLogsEnabled {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let (name, settings) = field(item, &["accessLogSettings", "AccessLogSettings"])
            .unwrap_or(("accessLogSettings", &Value::Null));
        match str_field(settings, &["destinationArn", "DestinationArn"]) {
            Some(dest) => Verdict::compliant(format!("access logs go to {dest}")),
            None => Verdict::non_compliant(
                "the stage has no access log settings (accessLogSettings.destinationArn)",
                Evidence::at(config_path(name), settings.clone()),
            ),
        }
    }
}
