use crate::rules::prelude::*;
use crate::rules::support::field::{Field, Unset, require_bool};

declare_managed_rule! {
    /// Whether subnets do not assign public IPv4 addresses to instances at launch.
    ///
    /// ## What it checks
    /// The subnet's `mapPublicIpOnLaunch` flag.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `mapPublicIpOnLaunch` is true. Evidence:
    ///   `$.configuration.mapPublicIpOnLaunch`.
    /// - `COMPLIANT`: `mapPublicIpOnLaunch` is false.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    /// - `INSUFFICIENT_DATA`: the configuration has no `mapPublicIpOnLaunch` field.
    ///
    /// ## Differences from AWS
    /// AWS evaluates every subnet, including the default subnets of default VPCs (which
    /// map public IPs by default); so do we.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/subnet-auto-assign-public-ip-disabled.html>
    pub SubnetAutoAssignPublicIpDisabled {
        identifier: "SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED",
        name: "subnet-auto-assign-public-ip-disabled",
        resource_types: &["AWS::EC2::Subnet"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for SubnetAutoAssignPublicIpDisabled {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        require_bool(
            &Field::config(item, "mapPublicIpOnLaunch"),
            false,
            Unset::Unknown,
            "the subnet does not assign public IPv4 addresses on launch",
            "the subnet assigns public IPv4 addresses on launch",
        )
    }
}
