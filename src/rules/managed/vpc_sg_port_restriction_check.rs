use crate::rules::prelude::*;
use crate::rules::support::ingress::{IpFamily, Protocol, foreign_owner, ingress};

declare_managed_rule! {
    /// Whether security groups keep restricted ports closed to the whole internet.
    ///
    /// ## What it checks
    /// Whether any inbound permission opens one of `restrictPorts` (default 22 and 3389)
    /// to `0.0.0.0/0` or `::/0`, for the protocols chosen by `protocolType` and the
    /// address families chosen by `ipType`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: an inbound permission whose protocol matches `protocolType`
    ///   (`TCP`: `tcp`/`6` or `-1`; `UDP`: `udp`/`17` or `-1`; `ALL`: any of these) and
    ///   whose port range covers a restricted port (missing ports mean all ports) has a
    ///   `/0` source of a family matching `ipType` (`IPv4`: `ipv4Ranges` and the legacy
    ///   `ipRanges`; `IPv6`: `ipv6Ranges`; `ALL`: both). Evidence: the source's path and
    ///   CIDR.
    /// - `COMPLIANT`: no such permission.
    /// - `NOT_APPLICABLE`: `excludeExternalSecurityGroups` is true (the default) and the
    ///   group's `ownerId` is another account; or the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// With `protocolType` `TCP` or `UDP`, permissions with protocol `-1` still count,
    /// since they open every TCP and UDP port (AWS documents `-1` only for `ALL`).
    /// "External" groups are read as groups whose `ownerId` is not the recording account
    /// (shared from another account).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/vpc-sg-port-restriction-check.html>
    pub VpcSgPortRestrictionCheck {
        identifier: "VPC_SG_PORT_RESTRICTION_CHECK",
        name: "vpc-sg-port-restriction-check",
        resource_types: &["AWS::EC2::SecurityGroup"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::High,
        fidelity: Fidelity::Approximate(
            "protocol -1 counts for every protocolType; external = ownerId of another account",
        ),
        needs: &[],
        parameters: &[
            ParamSpec::ports("restrictPorts").default("22,3389")
                .doc("Ports (0-65535) that must not be open to 0.0.0.0/0 or ::/0."),
            ParamSpec::choice("protocolType", &["TCP", "UDP", "ALL"]).default("ALL")
                .doc("TCP, UDP or ALL (case-insensitive); ALL also matches protocol -1."),
            ParamSpec::bool("excludeExternalSecurityGroups").default("true")
                .doc("Skip (NOT_APPLICABLE) security groups owned by another account."),
            ParamSpec::choice("ipType", &["IPv4", "IPv6", "ALL"]).default("ALL")
                .doc("IPv4, IPv6 or ALL (case-insensitive): which world range to look for."),
        ],
    }
}

impl Evaluate for VpcSgPortRestrictionCheck {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let params = cx.params();
        // Validated choices, as declared: anything else is rejected before evaluation.
        let protocols: &[Protocol] = match params.str("protocolType") {
            Some("TCP") => &[Protocol::Tcp],
            Some("UDP") => &[Protocol::Udp],
            _ => &[Protocol::Tcp, Protocol::Udp],
        };
        let family = match params.str("ipType") {
            Some("IPv4") => Some(IpFamily::V4),
            Some("IPv6") => Some(IpFamily::V6),
            _ => None,
        };
        let restricted = params.ports("restrictPorts");
        if params.bool("excludeExternalSecurityGroups").unwrap_or(true)
            && let Some(owner) = foreign_owner(item)
        {
            return Verdict::not_applicable(format!(
                "the security group is owned by account {owner} (excludeExternalSecurityGroups)"
            ));
        }
        for perm in ingress(item) {
            if !protocols.iter().any(|p| perm.protocol.includes(*p)) {
                continue;
            }
            let (from, to) = perm.port_range();
            let Some(port) = restricted
                .iter()
                .filter(|(a, b)| *a <= to && from <= *b)
                .map(|(a, _)| (*a).max(from))
                .min()
            else {
                continue;
            };
            if let Some(source) = perm.world_sources_of(family).into_iter().next() {
                return Verdict::non_compliant(
                    format!(
                        "{} opens restricted port {port} to {}",
                        perm.describe(),
                        source.cidr
                    ),
                    Evidence::at(source.path, source.cidr),
                );
            }
        }
        Verdict::compliant("no restricted port is open to the whole internet")
    }
}
