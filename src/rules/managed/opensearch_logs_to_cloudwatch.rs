use crate::rules::prelude::*;
use crate::rules::support::logging::domain_logs_verdict;

declare_managed_rule! {
    /// Whether OpenSearch Service domains publish logs to CloudWatch Logs.
    ///
    /// ## What it checks
    /// The domain's `configuration.LogPublishingOptions`: each entry has `Enabled` and a
    /// `CloudWatchLogsLogGroupArn`. `logTypes` values map to entries: `search` →
    /// `SEARCH_SLOW_LOGS`, `index` → `INDEX_SLOW_LOGS`, `error` → `ES_APPLICATION_LOGS`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: without `logTypes`, none of the three logs is enabled with a log
    ///   group; with `logTypes`, a listed log is not. Evidence: the log-publishing entry
    ///   (or map) and its value.
    /// - `COMPLIANT`: a log (every listed log) is published to CloudWatch Logs.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// "Logging is configured" is read as one of the three `logTypes` logs; audit logs
    /// have their own rule and do not count. An enabled entry without a log group does
    /// not count. AWS does not document the field path; `LogPublishingOptions`
    /// (PascalCase, as in the OpenSearch items and the resource schema) is read, and
    /// `logPublishingOptions` too.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/opensearch-logs-to-cloudwatch.html>
    pub OpensearchLogsToCloudwatch {
        identifier: "OPENSEARCH_LOGS_TO_CLOUDWATCH",
        name: "opensearch-logs-to-cloudwatch",
        resource_types: &["AWS::OpenSearch::Domain"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("without logTypes, one of the search, index and error logs must be published"),
        needs: &[],
        parameters: &[
            ParamSpec::csv("logTypes")
                .doc("Comma-separated list of logs that must be enabled: search, index, error."),
        ],
    }
}

impl Evaluate for OpensearchLogsToCloudwatch {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        domain_logs_verdict(item, cx)
    }
}
