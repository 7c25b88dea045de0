use crate::rules::prelude::*;
use crate::rules::support::more::flag_verdict;

declare_managed_rule! {
    /// Whether OpenSearch Service domains are encrypted at rest.
    ///
    /// ## What it checks
    /// The domain's `EncryptionAtRestOptions.Enabled`. `AWS::Elasticsearch::Domain`
    /// items are not evaluated, as in AWS.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `EncryptionAtRestOptions.Enabled` is false or missing.
    ///   Evidence: the field's path and value.
    /// - `COMPLIANT`: encryption at rest is enabled.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/opensearch-encrypted-at-rest.html>
    pub OpensearchEncryptedAtRest {
        identifier: "OPENSEARCH_ENCRYPTED_AT_REST",
        name: "opensearch-encrypted-at-rest",
        resource_types: &["AWS::OpenSearch::Domain"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for OpensearchEncryptedAtRest {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        flag_verdict(
            item,
            &["EncryptionAtRestOptions.Enabled", "encryptionAtRestOptions.enabled"],
            "encryption at rest",
        )
    }
}
