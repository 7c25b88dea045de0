use crate::rules::prelude::*;
use crate::rules::support::ingress::{Protocol, first_world_open};

declare_managed_rule! {
    /// Whether security groups allow unrestricted inbound TCP traffic to blocked ports.
    ///
    /// ## What it checks
    /// Whether any inbound permission of the security group lets TCP traffic in from the
    /// whole internet (`0.0.0.0/0` or `::/0`) on one of the blocked ports: `blockedPort1`
    /// to `blockedPort5` (defaults 20, 21, 3389, 3306 and 4333) and the `blockedPorts`
    /// list.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: an inbound permission whose protocol is `tcp`, `6` or `-1` (all
    ///   traffic) and whose port range covers a blocked port (missing ports mean all
    ///   ports) has a `/0` source in `ipv4Ranges`, the legacy `ipRanges` or `ipv6Ranges`.
    ///   Evidence: the source's JSON path and CIDR.
    /// - `COMPLIANT`: no such permission; sources narrower than `/0`, prefix lists and
    ///   security-group references are restricted.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS speaks of "security groups in use" but does not say whether unattached groups
    /// are NOT_APPLICABLE; we evaluate every group. AWS does not say whether protocol `-1`
    /// counts; we count it, since it opens every TCP port. UDP permissions never count
    /// (the rule is TCP only). AWS does not say how `blockedPorts` combines with the five
    /// numbered parameters; we block the union of all of them.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/restricted-common-ports.html>
    pub RestrictedCommonPorts {
        identifier: "RESTRICTED_INCOMING_TRAFFIC",
        name: "restricted-common-ports",
        resource_types: &["AWS::EC2::SecurityGroup"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChangesAndPeriodic,
        severity: Severity::High,
        fidelity: Fidelity::Approximate(
            "every group is evaluated, in use or not; protocol -1 counts; blockedPorts adds to the numbered ports",
        ),
        needs: &[],
        parameters: &[
            ParamSpec::int("blockedPort1").range(0, 65535).default("20")
                .doc("Blocked TCP port (20: FTP data)."),
            ParamSpec::int("blockedPort2").range(0, 65535).default("21")
                .doc("Blocked TCP port (21: FTP control)."),
            ParamSpec::int("blockedPort3").range(0, 65535).default("3389")
                .doc("Blocked TCP port (3389: RDP)."),
            ParamSpec::int("blockedPort4").range(0, 65535).default("3306")
                .doc("Blocked TCP port (3306: MySQL)."),
            ParamSpec::int("blockedPort5").range(0, 65535).default("4333")
                .doc("Blocked TCP port (4333)."),
            ParamSpec::ports("blockedPorts")
                .doc("Comma-separated blocked TCP ports and ranges, added to the five above."),
        ],
    }
}

const NUMBERED: [&str; 5] = [
    "blockedPort1",
    "blockedPort2",
    "blockedPort3",
    "blockedPort4",
    "blockedPort5",
];

impl Evaluate for RestrictedCommonPorts {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let params = cx.params();
        let mut ports: Vec<i64> = NUMBERED.iter().filter_map(|n| params.int(n)).collect();
        for &(from, to) in params.ports("blockedPorts") {
            ports.extend(from..=to);
        }
        ports.sort_unstable();
        ports.dedup();
        match first_world_open(item, Protocol::Tcp, &ports) {
            Some(hit) => Verdict::non_compliant(
                format!(
                    "{} opens blocked TCP port {} to {}",
                    hit.permission, hit.port, hit.source.cidr
                ),
                Evidence::at(hit.source.path, hit.source.cidr),
            ),
            None => Verdict::compliant(format!(
                "no inbound permission opens TCP port {} to 0.0.0.0/0 or ::/0",
                join_ports(&ports)
            )),
        }
    }
}

fn join_ports(ports: &[i64]) -> String {
    let shown: Vec<String> = ports.iter().take(10).map(ToString::to_string).collect();
    let more = if ports.len() > 10 { ", …" } else { "" };
    format!("{}{more}", shown.join(", "))
}
