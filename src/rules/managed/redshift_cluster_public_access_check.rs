use crate::rules::prelude::*;
use crate::rules::support::field::{Field, Unset, require_bool};

declare_managed_rule! {
    /// Whether Amazon Redshift clusters are not publicly accessible.
    ///
    /// ## What it checks
    /// The cluster's `publiclyAccessible` flag.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `publiclyAccessible` is true. Evidence:
    ///   `$.configuration.publiclyAccessible`.
    /// - `COMPLIANT`: `publiclyAccessible` is false.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    /// - `INSUFFICIENT_DATA`: the configuration has no `publiclyAccessible` field.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/redshift-cluster-public-access-check.html>
    pub RedshiftClusterPublicAccessCheck {
        identifier: "REDSHIFT_CLUSTER_PUBLIC_ACCESS_CHECK",
        name: "redshift-cluster-public-access-check",
        resource_types: &["AWS::Redshift::Cluster"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::High,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for RedshiftClusterPublicAccessCheck {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        require_bool(
            &Field::config(item, "publiclyAccessible"),
            false,
            Unset::Unknown,
            "the cluster is not publicly accessible",
            "the cluster is publicly accessible",
        )
    }
}
