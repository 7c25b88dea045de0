use crate::rules::prelude::*;
use crate::rules::support::more::flag_verdict;

declare_managed_rule! {
    /// Whether OpenSearch Service domains encrypt node-to-node traffic.
    ///
    /// ## What it checks
    /// The domain's `NodeToNodeEncryptionOptions.Enabled`. `AWS::Elasticsearch::Domain`
    /// items are not evaluated, as in AWS.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `NodeToNodeEncryptionOptions.Enabled` is false or missing.
    ///   Evidence: the field's path and value.
    /// - `COMPLIANT`: node-to-node encryption is enabled.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/opensearch-node-to-node-encryption-check.html>
    pub OpensearchNodeToNodeEncryptionCheck {
        identifier: "OPENSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK",
        name: "opensearch-node-to-node-encryption-check",
        resource_types: &["AWS::OpenSearch::Domain"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for OpensearchNodeToNodeEncryptionCheck {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        flag_verdict(
            item,
            &[
                "NodeToNodeEncryptionOptions.Enabled",
                "nodeToNodeEncryptionOptions.enabled",
            ],
            "node-to-node encryption",
        )
    }
}
