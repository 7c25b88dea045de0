use crate::rules::prelude::*;
use crate::rules::support::field::{Field, Unset, require_bool};

declare_managed_rule! {
    /// Whether RDS DB instances are deployed in multiple Availability Zones.
    ///
    /// ## What it checks
    /// `configuration.multiAZ` of each DB instance whose engine supports Multi-AZ
    /// instance deployments.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `multiAZ` is false or missing. Evidence: `$.configuration.multiAZ`.
    /// - `COMPLIANT`: `multiAZ` is true.
    /// - `NOT_APPLICABLE`: Aurora (`aurora*`), DocumentDB (`docdb`) and Neptune
    ///   (`neptune`) instances, whose availability is a cluster property; or the
    ///   configuration item is deleted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/rds-multi-az-support.html>
    pub RdsMultiAzSupport {
        identifier: "RDS_MULTI_AZ_SUPPORT",
        name: "rds-multi-az-support",
        resource_types: &["AWS::RDS::DBInstance"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for RdsMultiAzSupport {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let engine = item.config_at("engine").as_str().unwrap_or("");
        let lower = engine.to_ascii_lowercase();
        if lower.starts_with("aurora") || lower == "docdb" || lower == "neptune" {
            return Verdict::not_applicable(format!("{engine} instances are not evaluated"));
        }
        require_bool(
            &Field::config(item, "multiAZ"),
            true,
            Unset::Fails,
            "the instance is Multi-AZ",
            &format!("the {engine} instance is not Multi-AZ"),
        )
    }
}
