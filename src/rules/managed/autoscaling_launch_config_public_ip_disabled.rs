use crate::rules::prelude::*;
use crate::rules::support::field::{Field, Unset, require_bool};

declare_managed_rule! {
    /// Whether Auto Scaling launch configurations do not give instances public IPs.
    ///
    /// ## What it checks
    /// The launch configuration's `associatePublicIpAddress` setting.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `associatePublicIpAddress` is true. Evidence:
    ///   `$.configuration.associatePublicIpAddress`.
    /// - `COMPLIANT`: it is false or not set (the instances then follow their subnet's
    ///   setting, which `subnet-auto-assign-public-ip-disabled` checks).
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/autoscaling-launch-config-public-ip-disabled.html>
    pub AutoscalingLaunchConfigPublicIpDisabled {
        identifier: "AUTOSCALING_LAUNCH_CONFIG_PUBLIC_IP_DISABLED",
        name: "autoscaling-launch-config-public-ip-disabled",
        resource_types: &["AWS::AutoScaling::LaunchConfiguration"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for AutoscalingLaunchConfigPublicIpDisabled {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        require_bool(
            &Field::config(item, "associatePublicIpAddress"),
            false,
            Unset::Passes,
            "the launch configuration does not associate public IP addresses",
            "the launch configuration associates public IP addresses",
        )
    }
}
