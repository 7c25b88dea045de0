use crate::rules::prelude::*;
use crate::rules::support::{as_bool, config_path};

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
        let value = item.config_at("publiclyAccessible");
        match as_bool(value) {
            Some(true) => Verdict::non_compliant(
                "the cluster is publicly accessible (publiclyAccessible: true)",
                Evidence::at(config_path("publiclyAccessible"), value.clone()),
            ),
            Some(false) => Verdict::compliant("the cluster is not publicly accessible"),
            None => Verdict::insufficient_data("the configuration has no publiclyAccessible field"),
        }
    }
}
