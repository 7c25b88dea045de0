use crate::rules::prelude::*;
use crate::rules::support::{as_bool, config_path};

declare_managed_rule! {
    /// Trusted Advisor "Amazon RDS Multi-AZ": DB instances deployed in a single
    /// Availability Zone.
    ///
    /// ## What it checks
    /// The DB instance's `multiAZ`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT` (yellow, severity medium): `multiAZ` is false. Evidence:
    ///   `multiAZ`.
    /// - `COMPLIANT`: `multiAZ` is true.
    /// - `NOT_APPLICABLE`: a member of a DB cluster (`dBClusterIdentifier` set: Aurora,
    ///   Neptune, DocumentDB), whose availability is the cluster's; a deleted item.
    /// - `INSUFFICIENT_DATA`: the item has no `multiAZ`.
    ///
    /// ## Differences from AWS
    /// Trusted Advisor does not document cluster members; their instance-level `multiAZ`
    /// is always false, so we do not evaluate them.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/awssupport/latest/user/fault-tolerance-checks.html>
    pub TaRdsMultiAz {
        identifier: "TA_RDS_MULTI_AZ",
        name: "ta-rds-multi-az",
        resource_types: &["AWS::RDS::DBInstance"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("DB cluster members are NOT_APPLICABLE"),
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for TaRdsMultiAz {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        if let Some(cluster) = item
            .config_at("dBClusterIdentifier")
            .as_str()
            .filter(|c| !c.is_empty())
        {
            return Verdict::not_applicable(format!(
                "the instance belongs to DB cluster {cluster}"
            ));
        }
        match as_bool(item.config_at("multiAZ")) {
            Some(true) => Verdict::compliant("the instance is Multi-AZ"),
            Some(false) => {
                let az = item.config_at("availabilityZone").as_str().unwrap_or("one zone");
                Verdict::non_compliant(
                    format!("the instance is deployed in a single Availability Zone ({az})"),
                    Evidence::at(config_path("multiAZ"), false),
                )
                .with_severity(Severity::Medium)
            }
            None => Verdict::insufficient_data("the item has no multiAZ"),
        }
    }
}
