use crate::rules::prelude::*;
use crate::rules::support::logging::log_option;

declare_managed_rule! {
    /// Whether OpenSearch Service domains publish audit logs to CloudWatch Logs.
    ///
    /// ## What it checks
    /// The domain's `configuration.LogPublishingOptions.AUDIT_LOGS`: `Enabled` must be
    /// true with a `CloudWatchLogsLogGroupArn`, one of `cloudWatchLogsLogGroupArnList`
    /// when given.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: audit logs are not enabled (or have no log group), or go to a
    ///   log group not in `cloudWatchLogsLogGroupArnList`. Evidence: the `AUDIT_LOGS`
    ///   entry.
    /// - `COMPLIANT`: audit logs go to an accepted log group.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS does not document the field path; `LogPublishingOptions.AUDIT_LOGS` comes from
    /// the resource schema (camelCase is read too). Log-group ARNs compare exactly, except
    /// for a trailing `:*`.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/opensearch-audit-logging-enabled.html>
    pub OpensearchAuditLoggingEnabled {
        identifier: "OPENSEARCH_AUDIT_LOGGING_ENABLED",
        name: "opensearch-audit-logging-enabled",
        resource_types: &["AWS::OpenSearch::Domain"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("field path from the resource schema"),
        needs: &[],
        parameters: &[
            ParamSpec::csv("cloudWatchLogsLogGroupArnList")
                .doc("Comma-separated list of CloudWatch Logs log group ARNs audit logs may go to."),
        ],
    }
}

impl Evaluate for OpensearchAuditLoggingEnabled {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let audit = log_option(item, "AUDIT_LOGS");
        let Some(group) = audit.log_group.filter(|_| audit.enabled) else {
            return Verdict::non_compliant(
                "audit logs are not published to CloudWatch Logs (AUDIT_LOGS)",
                Evidence::at(audit.path, audit.value.clone()),
            );
        };
        let allowed = cx.params().list("cloudWatchLogsLogGroupArnList");
        let key = |arn: &str| arn.trim().trim_end_matches(":*").to_owned();
        if !allowed.is_empty() && !allowed.iter().any(|a| key(a) == key(group)) {
            return Verdict::non_compliant(
                format!("audit logs go to {group}, which is not in cloudWatchLogsLogGroupArnList"),
                Evidence::at(audit.path, audit.value.clone()),
            );
        }
        Verdict::compliant(format!("audit logs go to {group}"))
    }
}
