use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::logging::{field, str_field};

declare_managed_rule! {
    /// Whether API Gateway stages log execution (ERROR or INFO) for all methods or routes.
    ///
    /// ## What it checks
    /// REST API stages (`AWS::ApiGateway::Stage`): the stage-wide method setting
    /// `methodSettings["*/*"].loggingLevel` must be one of `loggingLevel`, and no
    /// per-method setting may override it with another level. WebSocket/HTTP API stages
    /// (`AWS::ApiGatewayV2::Stage`): `defaultRouteSettings.loggingLevel` must be one of
    /// `loggingLevel`, and no `routeSettings` entry may override it with another level.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the stage-wide (default route) logging level is absent, `OFF` or
    ///   not listed, or a method (route) override sets a level that is not listed.
    ///   Evidence: the logging level's path and value.
    /// - `COMPLIANT`: every method (route) logs at a listed level.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// The field paths are not documented by AWS and were taken from the resource
    /// schema. Levels compare case-insensitively. HTTP APIs do not support execution
    /// logging, so their stages are NON_COMPLIANT (AWS does not document this case).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/api-gw-execution-logging-enabled.html>
    pub ApiGwExecutionLoggingEnabled {
        identifier: "API_GW_EXECUTION_LOGGING_ENABLED",
        name: "api-gw-execution-logging-enabled",
        resource_types: &["AWS::ApiGateway::Stage", "AWS::ApiGatewayV2::Stage"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("field paths from the resource schema; per-method overrides are checked"),
        needs: &[],
        parameters: &[
            ParamSpec::csv("loggingLevel")
                .default("ERROR,INFO")
                .doc("Comma-separated list of accepted logging levels (for example ERROR, INFO or ERROR,INFO)."),
        ],
    }
}

/// How a stage kind lays out its logging settings.
struct Layout<'v> {
    /// The stage-wide (default route) settings and their JSONPath under `configuration`.
    defaults: &'v Value,
    defaults_path: &'static str,
    /// The map of per-method (per-route) overrides.
    overrides_key: &'static str,
    what: &'static str,
}

fn layout(item: &ConfigItem) -> Layout<'_> {
    if item.resource_type() == "AWS::ApiGatewayV2::Stage" {
        Layout {
            defaults: item.config_field("defaultRouteSettings").unwrap_or(&Value::Null),
            defaults_path: "defaultRouteSettings",
            overrides_key: "routeSettings",
            what: "route",
        }
    } else {
        Layout {
            defaults: item.config_at("methodSettings").get("*/*").unwrap_or(&Value::Null),
            defaults_path: "methodSettings['*/*']",
            overrides_key: "methodSettings",
            what: "method",
        }
    }
}

fn level(settings: &Value) -> (&'static str, Option<&str>) {
    let name = field(settings, &["loggingLevel", "LoggingLevel"]).map_or("loggingLevel", |(n, _)| n);
    (name, str_field(settings, &["loggingLevel", "LoggingLevel"]))
}

impl Evaluate for ApiGwExecutionLoggingEnabled {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let allowed = cx.params().list("loggingLevel");
        let ok = |l: &str| allowed.iter().any(|a| a.eq_ignore_ascii_case(l));
        let Layout {
            defaults,
            defaults_path,
            overrides_key,
            what,
        } = layout(item);
        let (name, stage_level) = level(defaults);
        match stage_level {
            Some(l) if ok(l) => {}
            other => {
                return Verdict::non_compliant(
                    format!(
                        "execution logging for all {what}s is {}, not one of {}",
                        other.unwrap_or("not set"),
                        allowed.join(", ")
                    ),
                    Evidence::at(
                        config_path(&format!("{defaults_path}.{name}")),
                        other.map_or(Value::Null, Value::from),
                    ),
                );
            }
        }
        if let Some(overrides) = item.config_at(overrides_key).as_object() {
            for (key, settings) in overrides {
                if key == "*/*" {
                    continue;
                }
                let (name, l) = level(settings);
                if let Some(l) = l
                    && !ok(l)
                {
                    return Verdict::non_compliant(
                        format!("{what} {key} logs at {l}, not one of {}", allowed.join(", ")),
                        Evidence::at(
                            config_path(&format!("{overrides_key}['{key}'].{name}")),
                            l,
                        ),
                    );
                }
            }
        }
        Verdict::compliant(format!(
            "every {what} logs at {}",
            stage_level.unwrap_or_default()
        ))
    }
}
