use crate::rules::prelude::*;
use crate::rules::support::ingress::{Protocol, first_uncovered, ingress};

declare_managed_rule! {
    /// Whether security groups open to the whole internet allow only authorized TCP and
    /// UDP ports.
    ///
    /// ## What it checks
    /// Every inbound permission with a `0.0.0.0/0` or `::/0` source: the TCP and UDP
    /// ports it opens must all be listed in `authorizedTcpPorts` / `authorizedUdpPorts`
    /// (comma-separated ports and dash ranges, e.g. `"443,1020-1025"`).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: a permission open to `0.0.0.0/0` or `::/0` (in `ipv4Ranges`,
    ///   the legacy `ipRanges` or `ipv6Ranges`) opens a TCP or UDP port outside the
    ///   authorized list for that protocol. Protocol `-1` opens every TCP and UDP port;
    ///   missing ports mean all ports. Evidence: the world source's path and CIDR.
    /// - `COMPLIANT`: every world-open TCP/UDP port is authorized.
    /// - `NOT_APPLICABLE`: no inbound permission has a `0.0.0.0/0` or `::/0` source (as
    ///   AWS documents), or the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS does not document the behaviour without parameters; we then authorize no port,
    /// so any world-open TCP or UDP port is NON_COMPLIANT. World-open ICMP and other
    /// port-less protocols are not TCP or UDP connections and are ignored (the group is
    /// then COMPLIANT, not NOT_APPLICABLE).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/vpc-sg-open-only-to-authorized-ports.html>
    pub VpcSgOpenOnlyToAuthorizedPorts {
        identifier: "VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS",
        name: "vpc-sg-open-only-to-authorized-ports",
        resource_types: &["AWS::EC2::SecurityGroup"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChangesAndPeriodic,
        severity: Severity::High,
        fidelity: Fidelity::Approximate(
            "without parameters no port is authorized; world-open ICMP is ignored",
        ),
        needs: &[],
        parameters: &[
            ParamSpec::ports("authorizedTcpPorts")
                .doc("TCP ports and ranges that may be open to 0.0.0.0/0 or ::/0, e.g. \"443,1020-1025\"."),
            ParamSpec::ports("authorizedUdpPorts")
                .doc("UDP ports and ranges that may be open to 0.0.0.0/0 or ::/0, e.g. \"500,1020-1025\"."),
        ],
    }
}

impl Evaluate for VpcSgOpenOnlyToAuthorizedPorts {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let mut world_open = false;
        for perm in ingress(item) {
            let Some(source) = perm.world_sources().into_iter().next() else {
                continue;
            };
            world_open = true;
            if !perm.has_ports() {
                continue;
            }
            for (protocol, allowed, name) in [
                (Protocol::Tcp, cx.params().ports("authorizedTcpPorts"), "TCP"),
                (Protocol::Udp, cx.params().ports("authorizedUdpPorts"), "UDP"),
            ] {
                if !perm.protocol.includes(protocol) {
                    continue;
                }
                if let Some(port) = first_uncovered(perm.port_range(), allowed) {
                    return Verdict::non_compliant(
                        format!(
                            "{} opens {name} port {port} to {}, which is not an authorized {name} port",
                            perm.describe(),
                            source.cidr
                        ),
                        Evidence::at(source.path, source.cidr),
                    );
                }
            }
        }
        if world_open {
            Verdict::compliant("every TCP/UDP port open to 0.0.0.0/0 or ::/0 is authorized")
        } else {
            Verdict::not_applicable("no inbound permission from 0.0.0.0/0 or ::/0")
        }
    }
}
