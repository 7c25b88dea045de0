use crate::rules::prelude::*;
use crate::rules::support::field::Field;
use crate::rules::support::as_list;

declare_managed_rule! {
    /// Whether Classic Load Balancers span several Availability Zones.
    ///
    /// ## What it checks
    /// The number of zones in `configuration.availabilityZones` of an
    /// `AWS::ElasticLoadBalancing::LoadBalancer`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: fewer zones than `minAvailabilityZones`. Evidence:
    ///   `availabilityZones`.
    /// - `COMPLIANT`: at least `minAvailabilityZones` zones.
    /// - `NOT_APPLICABLE`: a deleted item.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/clb-multiple-az.html>
    pub ClbMultipleAz {
        identifier: "CLB_MULTIPLE_AZ",
        name: "clb-multiple-az",
        resource_types: &["AWS::ElasticLoadBalancing::LoadBalancer"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[
            ParamSpec::int("minAvailabilityZones")
                .range(2, 10)
                .default("2")
                .doc("The minimum number of Availability Zones."),
        ],
    }
}

impl Evaluate for ClbMultipleAz {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let min = cx.params().int("minAvailabilityZones").unwrap_or(2);
        let zones: Vec<&str> = as_list(item.config_at("availabilityZones"))
            .into_iter()
            .filter_map(Value::as_str)
            .collect();
        let count = i64::try_from(zones.len()).unwrap_or(i64::MAX);
        if count >= min {
            Verdict::compliant(format!("{count} Availability Zones: {}", zones.join(", ")))
        } else {
            Verdict::non_compliant(
                format!(
                    "{count} Availability Zone(s) ({}), fewer than minAvailabilityZones {min}",
                    zones.join(", ")
                ),
                Field::config(item, "availabilityZones").evidence(),
            )
        }
    }
}
