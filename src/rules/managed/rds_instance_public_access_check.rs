use crate::rules::prelude::*;
use crate::rules::support::field::{Field, Unset, require_bool};

declare_managed_rule! {
    /// Whether RDS DB instances are not publicly accessible.
    ///
    /// ## What it checks
    /// The instance's `publiclyAccessible` flag.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `publiclyAccessible` is true. Evidence:
    ///   `$.configuration.publiclyAccessible`.
    /// - `COMPLIANT`: `publiclyAccessible` is false.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    /// - `INSUFFICIENT_DATA`: the configuration has no `publiclyAccessible` field.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/rds-instance-public-access-check.html>
    pub RdsInstancePublicAccessCheck {
        identifier: "RDS_INSTANCE_PUBLIC_ACCESS_CHECK",
        name: "rds-instance-public-access-check",
        resource_types: &["AWS::RDS::DBInstance"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::High,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for RdsInstancePublicAccessCheck {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        require_bool(
            &Field::config(item, "publiclyAccessible"),
            false,
            Unset::Unknown,
            "the DB instance is not publicly accessible",
            "the DB instance is publicly accessible",
        )
    }
}
