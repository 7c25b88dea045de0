use crate::rules::prelude::*;
use crate::rules::support::more::flag_verdict;

declare_managed_rule! {
    /// Whether Elasticsearch (OpenSearch Service) domains are encrypted at rest.
    ///
    /// ## What it checks
    /// The domain's `encryptionAtRestOptions.enabled`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `encryptionAtRestOptions.enabled` is false or missing.
    ///   Evidence: the field's path and value.
    /// - `COMPLIANT`: encryption at rest is enabled.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// The PascalCase spelling `EncryptionAtRestOptions.Enabled` is read too, for items
    /// captured through other tools.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/elasticsearch-encrypted-at-rest.html>
    pub ElasticsearchEncryptedAtRest {
        identifier: "ELASTICSEARCH_ENCRYPTED_AT_REST",
        name: "elasticsearch-encrypted-at-rest",
        resource_types: &["AWS::Elasticsearch::Domain"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for ElasticsearchEncryptedAtRest {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        flag_verdict(
            item,
            &["encryptionAtRestOptions.enabled", "EncryptionAtRestOptions.Enabled"],
            "encryption at rest",
        )
    }
}
