use crate::rules::prelude::*;
use crate::rules::support::field::Field;

declare_managed_rule! {
    /// Whether EC2 instances have no public IPv4 address.
    ///
    /// ## What it checks
    /// Whether the instance's configuration item has a `publicIpAddress`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `publicIpAddress` is present and not empty. Evidence:
    ///   `$.configuration.publicIpAddress` and the address.
    /// - `COMPLIANT`: no public IPv4 address (stopped instances have none).
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS documents the field as `publicIp`; the instance configuration item calls it
    /// `publicIpAddress`. IPv6 addresses are not considered, as in AWS.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/ec2-instance-no-public-ip.html>
    pub Ec2InstanceNoPublicIp {
        identifier: "EC2_INSTANCE_NO_PUBLIC_IP",
        name: "ec2-instance-no-public-ip",
        resource_types: &["AWS::EC2::Instance"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for Ec2InstanceNoPublicIp {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let ip = Field::config(item, "publicIpAddress");
        if ip.is_blank() {
            return Verdict::compliant("the instance has no public IPv4 address");
        }
        Verdict::non_compliant(
            format!(
                "the instance has the public IPv4 address {}",
                ip.value.as_str().unwrap_or("?")
            ),
            ip.evidence(),
        )
    }
}
