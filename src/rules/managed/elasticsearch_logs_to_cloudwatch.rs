use crate::rules::prelude::*;
use crate::rules::support::logging::domain_logs_verdict;

declare_managed_rule! {
    /// Whether Elasticsearch domains publish logs to CloudWatch Logs.
    ///
    /// ## What it checks
    /// The domain's `configuration.logPublishingOptions`: each entry has `enabled` and a
    /// `cloudWatchLogsLogGroupArn`. `logTypes` values map to entries: `search` →
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
    /// "A log is enabled" is read as one of the three `logTypes` logs; audit logs have
    /// their own rule and do not count. An enabled entry without a log group does not
    /// count. AWS does not document the field path; `logPublishingOptions` (camelCase, as
    /// in the Elasticsearch items and the resource schema) is read, and
    /// `LogPublishingOptions` too.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/elasticsearch-logs-to-cloudwatch.html>
    pub ElasticsearchLogsToCloudwatch {
        identifier: "ELASTICSEARCH_LOGS_TO_CLOUDWATCH",
        name: "elasticsearch-logs-to-cloudwatch",
        resource_types: &["AWS::Elasticsearch::Domain"],
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

impl Evaluate for ElasticsearchLogsToCloudwatch {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        domain_logs_verdict(item, cx)
    }
}
