use crate::rules::prelude::*;
use crate::rules::support::ingress::{IpFamily, Protocol, is_world_cidr};
use crate::rules::support::{as_bool, as_int, config_path};

declare_managed_rule! {
    /// Whether network ACLs keep SSH (22) and RDP (3389) closed to the whole internet.
    ///
    /// ## What it checks
    /// The inbound entries of the network ACL, in rule-number order as AWS applies them:
    /// for TCP and UDP, for ports 22 and 3389, and for each of `0.0.0.0/0` and `::/0`,
    /// the first entry that matches traffic from that whole range decides.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: for port 22 or 3389 over TCP or UDP, the lowest-numbered
    ///   inbound entry (`egress` false) whose `protocol` covers it (`6`, `17` or `-1`),
    ///   whose `portRange` covers the port (missing means all ports) and whose
    ///   `cidrBlock` / `ipv6CidrBlock` is `0.0.0.0/0` / `::/0` has `ruleAction` `allow`.
    ///   Evidence: that entry's CIDR.
    /// - `COMPLIANT`: no such entry, or a lower-numbered `deny` entry for the whole range
    ///   shadows every allowing one.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS's text ("an inbound entry allows a source TCP or UDP CIDR block for ports 22
    /// or 3389") does not say which CIDRs count or whether rule order matters. We follow
    /// the Security Hub control it backs (EC2.21: ingress from `0.0.0.0/0` or `::/0`) and
    /// the ACL's effective behaviour: a lower-numbered `deny` from the whole range
    /// shadows a later `allow`. Entries from narrower CIDRs neither count nor shadow.
    /// Protocol `-1` (all traffic) counts, so the default ACL's "allow all" entry is
    /// NON_COMPLIANT.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/nacl-no-unrestricted-ssh-rdp.html>
    pub NaclNoUnrestrictedSshRdp {
        identifier: "NACL_NO_UNRESTRICTED_SSH_RDP",
        name: "nacl-no-unrestricted-ssh-rdp",
        resource_types: &["AWS::EC2::NetworkAcl"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::High,
        fidelity: Fidelity::Approximate(
            "only /0 entries count; a lower-numbered /0 deny shadows a later allow",
        ),
        needs: &[],
        parameters: &[],
    }
}

/// One inbound entry open to a whole address family.
struct WorldEntry<'a> {
    index: usize,
    number: i64,
    allow: bool,
    protocol: Protocol,
    ports: Option<(i64, i64)>,
    family: IpFamily,
    cidr_key: &'static str,
    cidr: &'a str,
}

impl WorldEntry<'_> {
    fn matches(&self, protocol: Protocol, port: i64, family: IpFamily) -> bool {
        self.family == family
            && self.protocol.includes(protocol)
            && self.ports.is_none_or(|(from, to)| from <= port && port <= to)
    }
}

fn world_inbound_entries(item: &ConfigItem) -> Vec<WorldEntry<'_>> {
    let entries = item.config_at("entries").as_array().map_or(&[][..], Vec::as_slice);
    let mut out = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        if entry.get("egress").and_then(as_bool) != Some(false) {
            continue;
        }
        for (cidr_key, family) in [("cidrBlock", IpFamily::V4), ("ipv6CidrBlock", IpFamily::V6)] {
            let Some(cidr) = entry
                .get(cidr_key)
                .and_then(Value::as_str)
                .filter(|c| is_world_cidr(c))
            else {
                continue;
            };
            let range = entry.get("portRange");
            let from = range.and_then(|r| r.get("from")).and_then(as_int);
            let to = range.and_then(|r| r.get("to")).and_then(as_int);
            let protocol = Protocol::parse(
                entry.get("protocol").and_then(Value::as_str).unwrap_or("-1"),
            );
            out.push(WorldEntry {
                index,
                number: entry.get("ruleNumber").and_then(as_int).unwrap_or(i64::MAX),
                allow: entry
                    .get("ruleAction")
                    .and_then(Value::as_str)
                    .is_some_and(|a| a.eq_ignore_ascii_case("allow")),
                protocol,
                ports: match (protocol, from, to) {
                    (Protocol::All, _, _) => None,
                    (_, Some(f), Some(t)) => Some((f, t)),
                    _ => None,
                },
                family,
                cidr_key,
                cidr,
            });
        }
    }
    out.sort_by_key(|e| e.number);
    out
}

impl Evaluate for NaclNoUnrestrictedSshRdp {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let entries = world_inbound_entries(item);
        let mut shadowed = None;
        for port in [22, 3389] {
            for (protocol, name) in [(Protocol::Tcp, "TCP"), (Protocol::Udp, "UDP")] {
                for family in [IpFamily::V4, IpFamily::V6] {
                    let mut matching = entries.iter().filter(|e| e.matches(protocol, port, family));
                    let Some(first) = matching.next() else {
                        continue;
                    };
                    if first.allow {
                        return Verdict::non_compliant(
                            format!(
                                "inbound entry #{} allows {name} port {port} from {}",
                                first.number, first.cidr
                            ),
                            Evidence::at(
                                config_path(&format!("entries[{}].{}", first.index, first.cidr_key)),
                                first.cidr,
                            ),
                        );
                    }
                    if shadowed.is_none()
                        && let Some(allow) = matching.find(|e| e.allow)
                    {
                        shadowed = Some((first.number, allow.number, port, first.cidr));
                    }
                }
            }
        }
        match shadowed {
            Some((deny, allow, port, cidr)) => Verdict::compliant(format!(
                "deny entry #{deny} blocks port {port} from {cidr} before allow entry #{allow}"
            )),
            None => Verdict::compliant(
                "no inbound entry allows port 22 or 3389 from 0.0.0.0/0 or ::/0",
            ),
        }
    }
}
