use crate::rules::prelude::*;
use crate::rules::support::ingress::{IpFamily, PortRange, first_uncovered, foreign_owner, ingress};

declare_managed_rule! {
    /// Trusted Advisor "Security Groups – Unrestricted Access": security group rules
    /// open to `0.0.0.0/0` on ports other than 25, 80 and 443.
    ///
    /// ## What it checks
    /// Following Trusted Advisor's alert criteria, whether any inbound permission has an
    /// IPv4 source with a `/0` suffix for a port other than 25, 80 or 443.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT` (severity high, Trusted Advisor red): a permission with a
    ///   `0.0.0.0/0` source (`ipv4Ranges` or the legacy `ipRanges`) opens a port other than
    ///   25, 80 or 443; protocol `-1` and missing ports mean every port, and a permission
    ///   for ICMP or another port-less protocol counts as unrestricted access too.
    ///   Evidence: the source's path and CIDR.
    /// - `COMPLIANT`: nothing but ports 25, 80 and 443 is open to `0.0.0.0/0`.
    /// - `NOT_APPLICABLE`: the group is owned by another account (Trusted Advisor checks
    ///   only groups you created), or the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// The criteria are Trusted Advisor's as of October 2022. Trusted Advisor evaluates
    /// IPv4 rules only, so `::/0` sources are ignored. Trusted Advisor does not say how it
    /// rates port-less protocols; we rate a world-open ICMP rule red. "Groups you
    /// created" is read as groups whose `ownerId` is the recording account; default groups
    /// are evaluated.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/awssupport/latest/user/security-checks.html>
    pub TaSecurityGroupsUnrestrictedAccess {
        identifier: "TA_SECURITY_GROUPS_UNRESTRICTED_ACCESS",
        name: "ta-security-groups-unrestricted-access",
        resource_types: &["AWS::EC2::SecurityGroup"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::High,
        fidelity: Fidelity::Approximate(
            "Trusted Advisor's 2022 criteria; IPv4 only; world-open ICMP is red",
        ),
        needs: &[],
        parameters: &[],
    }
}

const ALLOWED: [PortRange; 3] = [(25, 25), (80, 80), (443, 443)];

impl Evaluate for TaSecurityGroupsUnrestrictedAccess {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        if let Some(owner) = foreign_owner(item) {
            return Verdict::not_applicable(format!(
                "the security group is owned by account {owner}"
            ));
        }
        for perm in ingress(item) {
            let Some(source) = perm.world_sources_of(Some(IpFamily::V4)).into_iter().next()
            else {
                continue;
            };
            let what = if perm.has_ports() {
                first_uncovered(perm.port_range(), &ALLOWED).map(|p| format!("port {p}"))
            } else {
                Some(format!("protocol {}", perm.protocol_raw))
            };
            if let Some(what) = what {
                return Verdict::non_compliant(
                    format!("red: {} opens {what} to {}", perm.describe(), source.cidr),
                    Evidence::at(source.path, source.cidr),
                )
                .with_severity(Severity::High);
            }
        }
        Verdict::compliant("only ports 25, 80 and 443 (if any) are open to 0.0.0.0/0")
    }
}
