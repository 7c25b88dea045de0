use crate::rules::prelude::*;
use crate::rules::support::logging::{field, str_field};
use crate::rules::support::{as_bool, as_list, config_path, is_blank};

declare_managed_rule! {
    /// Whether public Route 53 hosted zones log DNS queries.
    ///
    /// ## What it checks
    /// Whether the hosted zone's `configuration.QueryLoggingConfig` names a CloudWatch
    /// Logs log group (`CloudWatchLogsLogGroupArn`).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: a public zone has no query logging configuration. Evidence: the
    ///   `QueryLoggingConfig` field.
    /// - `COMPLIANT`: query logs go to a log group.
    /// - `NOT_APPLICABLE`: private zones (associated `VPCs`, or
    ///   `HostedZoneConfig.PrivateZone` true), and deleted configuration items.
    ///
    /// ## Differences from AWS
    /// AWS evaluates public zones only and does not document private ones; we answer
    /// NOT_APPLICABLE for them. The resource schema records the log group as
    /// `QueryLoggingConfig.CloudWatchLogsLogGroupArn`, either a string or an object with
    /// its own `CloudWatchLogsLogGroupArn`; both are read. The rule exists only in
    /// us-east-1 in AWS; offline it evaluates every zone.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/route53-query-logging-enabled.html>
    pub Route53QueryLoggingEnabled {
        identifier: "ROUTE53_QUERY_LOGGING_ENABLED",
        name: "route53-query-logging-enabled",
        resource_types: &["AWS::Route53::HostedZone"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("private zones are NOT_APPLICABLE"),
        needs: &[],
        parameters: &[],
    }
}

/// The log group of a query logging configuration, in whichever shape it is recorded.
fn log_group(config: &Value) -> Option<&str> {
    as_list(config).into_iter().find_map(|c| {
        let arn = c.get("CloudWatchLogsLogGroupArn").unwrap_or(&Value::Null);
        arn.as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .or_else(|| str_field(arn, &["CloudWatchLogsLogGroupArn"]))
    })
}

impl Evaluate for Route53QueryLoggingEnabled {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let private_flag = item.config_at("HostedZoneConfig.PrivateZone");
        if !is_blank(item.config_field("VPCs").unwrap_or(&Value::Null)) || as_bool(private_flag) == Some(true) {
            return Verdict::not_applicable("the hosted zone is private");
        }
        let (name, logging) = field(item, &["QueryLoggingConfig", "queryLoggingConfig"])
            .unwrap_or(("QueryLoggingConfig", &Value::Null));
        match log_group(logging) {
            Some(group) => Verdict::compliant(format!("DNS queries are logged to {group}")),
            None => Verdict::non_compliant(
                "the public hosted zone does not log DNS queries (no QueryLoggingConfig)",
                Evidence::at(config_path(name), logging.clone()),
            ),
        }
    }
}
