use crate::rules::prelude::*;
use crate::rules::support::ingress::{Protocol, first_world_open};

declare_managed_rule! {
    /// Whether security groups allow unrestricted inbound SSH (TCP port 22).
    ///
    /// ## What it checks
    /// Whether any inbound permission of the security group lets TCP port 22 in from
    /// the whole internet, `0.0.0.0/0` or `::/0`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: an inbound permission whose protocol is `tcp`, `6` or `-1` (all
    ///   traffic) and whose port range covers 22 (missing ports mean all ports) has a
    ///   `/0` source in `ipv4Ranges`, the legacy `ipRanges` or `ipv6Ranges`. Evidence: the
    ///   source's JSON path and CIDR.
    /// - `COMPLIANT`: no such permission.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS's 2023 text checked IPv4 only; its 2026 text adds `::/0`, which we follow.
    /// AWS does not say whether protocol `-1` counts; we count it, since it opens port 22.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/restricted-ssh.html>
    pub RestrictedSsh {
        identifier: "INCOMING_SSH_DISABLED",
        name: "restricted-ssh",
        resource_types: &["AWS::EC2::SecurityGroup"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChangesAndPeriodic,
        severity: Severity::High,
        fidelity: Fidelity::Approximate("protocol -1 (all traffic) counts as opening port 22"),
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for RestrictedSsh {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        match first_world_open(item, Protocol::Tcp, &[22]) {
            Some(hit) => Verdict::non_compliant(
                format!("{} allows SSH (port 22) from {}", hit.permission, hit.source.cidr),
                Evidence::at(hit.source.path, hit.source.cidr),
            ),
            None => Verdict::compliant("no inbound permission opens port 22 to 0.0.0.0/0 or ::/0"),
        }
    }
}
