use crate::rules::prelude::*;
use crate::rules::support::field::{Field, Unset, require_bool};

declare_managed_rule! {
    /// Whether RDS DB instances have deletion protection enabled.
    ///
    /// ## What it checks
    /// `configuration.deletionProtection` of each DB instance, or only of instances whose
    /// engine is listed in `databaseEngines`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `deletionProtection` is false or missing. Evidence:
    ///   `$.configuration.deletionProtection`.
    /// - `COMPLIANT`: `deletionProtection` is true.
    /// - `NOT_APPLICABLE`: `databaseEngines` is given and does not list the instance's
    ///   engine; or the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// As AWS warns, instances of Aurora and DocumentDB clusters carry deletion
    /// protection on the cluster, so their instance items may show false and be
    /// reported NON_COMPLIANT; we evaluate them as AWS does.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/rds-instance-deletion-protection-enabled.html>
    pub RdsInstanceDeletionProtectionEnabled {
        identifier: "RDS_INSTANCE_DELETION_PROTECTION_ENABLED",
        name: "rds-instance-deletion-protection-enabled",
        resource_types: &["AWS::RDS::DBInstance"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[
            ParamSpec::csv("databaseEngines").doc("Comma-separated engines to check, e.g. mysql,postgres (default: all)."),
        ],
    }
}

impl Evaluate for RdsInstanceDeletionProtectionEnabled {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let engine = item.config_at("engine").as_str().unwrap_or("");
        let engines = cx.params().list("databaseEngines");
        if !engines.is_empty() && !engines.iter().any(|e| e.eq_ignore_ascii_case(engine)) {
            return Verdict::not_applicable(format!(
                "engine {engine:?} is not in databaseEngines ({})",
                engines.join(", ")
            ));
        }
        require_bool(
            &Field::config(item, "deletionProtection"),
            true,
            Unset::Fails,
            "deletion protection is enabled",
            "deletion protection is not enabled",
        )
    }
}
