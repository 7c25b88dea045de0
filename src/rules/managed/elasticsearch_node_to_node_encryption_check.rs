use crate::rules::prelude::*;
use crate::rules::support::more::flag_verdict;

declare_managed_rule! {
    /// Whether Elasticsearch (OpenSearch Service) domains encrypt node-to-node traffic.
    ///
    /// ## What it checks
    /// The domain's `nodeToNodeEncryptionOptions.enabled`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `nodeToNodeEncryptionOptions.enabled` is false or missing.
    ///   Evidence: the field's path and value.
    /// - `COMPLIANT`: node-to-node encryption is enabled.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// The PascalCase spelling `NodeToNodeEncryptionOptions.Enabled` is read too.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/elasticsearch-node-to-node-encryption-check.html>
    pub ElasticsearchNodeToNodeEncryptionCheck {
        identifier: "ELASTICSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK",
        name: "elasticsearch-node-to-node-encryption-check",
        resource_types: &["AWS::Elasticsearch::Domain"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for ElasticsearchNodeToNodeEncryptionCheck {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        flag_verdict(
            item,
            &[
                "nodeToNodeEncryptionOptions.enabled",
                "NodeToNodeEncryptionOptions.Enabled",
            ],
            "node-to-node encryption",
        )
    }
}
