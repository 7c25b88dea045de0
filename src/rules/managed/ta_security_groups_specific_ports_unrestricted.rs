use crate::rules::prelude::*;
use crate::rules::support::ingress::{
    IpFamily, PortRange, first_listed, first_uncovered, foreign_owner, ingress,
};

declare_managed_rule! {
    /// Trusted Advisor "Security Groups – Specific Ports Unrestricted": which ports
    /// security groups open to `0.0.0.0/0`.
    ///
    /// ## What it checks
    /// Following Trusted Advisor's alert criteria, every inbound permission with an IPv4
    /// `0.0.0.0/0` source is rated by the ports it opens: red for 20, 21, 1433, 1434,
    /// 3306, 3389, 4333, 5432 or 5500; green for 25, 80, 443 or 465; yellow for any other
    /// port.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT` (severity high, Trusted Advisor red): a permission open to
    ///   `0.0.0.0/0` (`ipv4Ranges` or the legacy `ipRanges`) whose port range covers a red
    ///   port; protocol `-1` and missing ports mean every port. Evidence: the source's
    ///   path and CIDR.
    /// - `NON_COMPLIANT` (severity medium, yellow): no red port, but such a permission
    ///   opens a port outside the green list (port 22 is yellow).
    /// - `COMPLIANT` (green): every port open to `0.0.0.0/0` is 25, 80, 443 or 465.
    /// - `NOT_APPLICABLE`: the group is owned by another account (Trusted Advisor checks
    ///   only groups you created), or the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// The criteria are Trusted Advisor's as of October 2022; the current red list could
    /// not be re-checked. Trusted Advisor evaluates IPv4 rules only, so `::/0` sources are
    /// ignored. A port range covering a red port is red (Trusted Advisor does not document
    /// ranges). ICMP and other port-less protocols open no port and are ignored. "Groups
    /// you created" is read as groups whose `ownerId` is the recording account; default
    /// groups are evaluated.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/awssupport/latest/user/security-checks.html>
    pub TaSecurityGroupsSpecificPortsUnrestricted {
        identifier: "TA_SECURITY_GROUPS_SPECIFIC_PORTS_UNRESTRICTED",
        name: "ta-security-groups-specific-ports-unrestricted",
        resource_types: &["AWS::EC2::SecurityGroup"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::High,
        fidelity: Fidelity::Approximate(
            "Trusted Advisor's 2022 criteria; ranges covering a red port are red; IPv4 only",
        ),
        needs: &[],
        parameters: &[],
    }
}

const RED: [i64; 9] = [20, 21, 1433, 1434, 3306, 3389, 4333, 5432, 5500];
const GREEN: [PortRange; 4] = [(25, 25), (80, 80), (443, 443), (465, 465)];

impl Evaluate for TaSecurityGroupsSpecificPortsUnrestricted {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        if let Some(owner) = foreign_owner(item) {
            return Verdict::not_applicable(format!(
                "the security group is owned by account {owner}"
            ));
        }
        let mut yellow = None;
        for perm in ingress(item) {
            if !perm.has_ports() {
                continue;
            }
            let Some(source) = perm.world_sources_of(Some(IpFamily::V4)).into_iter().next()
            else {
                continue;
            };
            let range = perm.port_range();
            if let Some(port) = first_listed(range, &RED) {
                return Verdict::non_compliant(
                    format!(
                        "red: {} opens port {port} to {}",
                        perm.describe(),
                        source.cidr
                    ),
                    Evidence::at(source.path, source.cidr),
                )
                .with_severity(Severity::High);
            }
            if yellow.is_none()
                && let Some(port) = first_uncovered(range, &GREEN)
            {
                yellow = Some((perm.describe(), port, source));
            }
        }
        match yellow {
            Some((permission, port, source)) => Verdict::non_compliant(
                format!("yellow: {permission} opens port {port} to {}", source.cidr),
                Evidence::at(source.path, source.cidr),
            )
            .with_severity(Severity::Medium),
            None => Verdict::compliant(
                "green: only ports 25, 80, 443 and 465 (if any) are open to 0.0.0.0/0",
            ),
        }
    }
}
