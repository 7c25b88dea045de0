use crate::rules::prelude::*;
use crate::rules::support::config_path;

declare_managed_rule! {
    /// Whether network ACLs are in use (associated with a subnet).
    ///
    /// ## What it checks
    /// The network ACL's subnet `associations`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `associations` is empty or missing. Evidence:
    ///   `$.configuration.associations`.
    /// - `COMPLIANT`: the ACL is associated with at least one subnet.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/vpc-network-acl-unused-check.html>
    pub VpcNetworkAclUnusedCheck {
        identifier: "VPC_NETWORK_ACL_UNUSED_CHECK",
        name: "vpc-network-acl-unused-check",
        resource_types: &["AWS::EC2::NetworkAcl"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for VpcNetworkAclUnusedCheck {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let associations = item.config_at("associations");
        let subnets: Vec<&str> = associations
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|a| a.get("subnetId").and_then(Value::as_str))
                    .collect()
            })
            .unwrap_or_default();
        match associations.as_array().map(Vec::len) {
            Some(n) if n > 0 => Verdict::compliant(if subnets.is_empty() {
                format!("the network ACL has {n} association(s)")
            } else {
                format!("the network ACL is associated with {}", subnets.join(", "))
            }),
            _ => Verdict::non_compliant(
                "the network ACL is not associated with any subnet",
                Evidence::at(config_path("associations"), associations.clone()),
            ),
        }
    }
}
