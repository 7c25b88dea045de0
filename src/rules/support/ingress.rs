//! Security group permissions: protocols, port ranges and sources, with AWS semantics
//! (aws-config-formats.md §8 SecurityGroup): protocol `-1` is all traffic, missing ports
//! mean all ports, sources come from `ipv4Ranges`, the legacy `ipRanges` list and
//! `ipv6Ranges`, and "the world" is any `/0` range (`0.0.0.0/0`, `::/0`). Also facts
//! about the group itself (default group, owner account). Port-list parameters
//! (`"443,1020-1025"`) are parsed when parameters are validated (`rules::params`).

use std::net::IpAddr;

use ipnet::IpNet;
use serde_json::Value;

use super::{as_int, config_path};
use crate::model::ConfigItem;

/// An IP protocol as AWS writes it in `ipProtocol` (a name or a number as a string).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    All,
    Tcp,
    Udp,
    Icmp,
    Icmpv6,
    Other,
}

impl Protocol {
    pub fn parse(s: &str) -> Self {
        match s.trim().to_ascii_lowercase().as_str() {
            "-1" | "all" => Self::All,
            "tcp" | "6" => Self::Tcp,
            "udp" | "17" => Self::Udp,
            "icmp" | "1" => Self::Icmp,
            "icmpv6" | "58" => Self::Icmpv6,
            _ => Self::Other,
        }
    }

    /// Whether traffic of this permission includes `wanted` (`All` includes everything).
    pub fn includes(self, wanted: Self) -> bool {
        self == Self::All || self == wanted
    }
}

pub use crate::rules::PortRange;

/// Every TCP or UDP port.
pub const ALL_PORTS: PortRange = (0, 65535);

/// An IP address family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpFamily {
    V4,
    V6,
}

/// The first port of `range` that no range of `allowed` covers.
pub fn first_uncovered(range: PortRange, allowed: &[PortRange]) -> Option<i64> {
    let mut port = range.0;
    while port <= range.1 {
        match allowed
            .iter()
            .filter(|(a, b)| *a <= port && port <= *b)
            .map(|&(_, b)| b)
            .max()
        {
            Some(end) => port = end + 1,
            None => return Some(port),
        }
    }
    None
}

/// The first port of `range` that one of `ports` equals.
pub fn first_listed(range: PortRange, ports: &[i64]) -> Option<i64> {
    ports
        .iter()
        .copied()
        .filter(|p| range.0 <= *p && *p <= range.1)
        .min()
}

/// Whether a CIDR is a whole address family (`0.0.0.0/0`, `::/0`).
pub fn is_world_cidr(cidr: &str) -> bool {
    cidr.trim()
        .parse::<IpNet>()
        .is_ok_and(|n| n.prefix_len() == 0)
}

/// `groupName` is `default`: the group AWS creates with each VPC.
pub fn is_default_group(item: &ConfigItem) -> bool {
    item.config_at("groupName").as_str() == Some("default")
}

/// The group's `ownerId` when it is not the account that recorded the item (a group
/// shared from another account).
pub fn foreign_owner(item: &ConfigItem) -> Option<&str> {
    item.config_at("ownerId")
        .as_str()
        .filter(|owner| !owner.is_empty() && *owner != &*item.key.account)
}

/// One source of a permission with its JSONPath.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub path: String,
    pub cidr: String,
    pub net: Option<IpNet>,
}

impl Source {
    /// `/0`: every address of its family.
    pub fn is_world(&self) -> bool {
        self.net.is_some_and(|n| n.prefix_len() == 0)
    }

    pub fn is_ipv6(&self) -> bool {
        self.net.is_some_and(|n| matches!(n.addr(), IpAddr::V6(_)))
    }

    /// The address family, when the CIDR parses.
    pub fn family(&self) -> Option<IpFamily> {
        self.net.map(|n| match n.addr() {
            IpAddr::V4(_) => IpFamily::V4,
            IpAddr::V6(_) => IpFamily::V6,
        })
    }
}

/// One entry of `ipPermissions` or `ipPermissionsEgress`.
#[derive(Debug, Clone)]
pub struct Permission<'a> {
    /// `ipPermissions[3]`.
    pub path: String,
    pub protocol: Protocol,
    pub protocol_raw: &'a str,
    /// `None` when the permission covers every port.
    pub ports: Option<(i64, i64)>,
    pub raw: &'a Value,
}

impl Permission<'_> {
    /// Whether the permission's port range includes `port`.
    pub fn covers_port(&self, port: i64) -> bool {
        self.ports
            .is_none_or(|(from, to)| from <= port && port <= to)
    }

    /// Whether the permission opens `port` for `protocol` (TCP or UDP).
    pub fn opens(&self, protocol: Protocol, port: i64) -> bool {
        self.protocol.includes(protocol) && self.covers_port(port)
    }

    /// Whether the permission carries TCP or UDP ports (`tcp`, `udp` or all traffic);
    /// ICMP and other protocols have none.
    pub fn has_ports(&self) -> bool {
        matches!(self.protocol, Protocol::All | Protocol::Tcp | Protocol::Udp)
    }

    /// The ports the permission opens: its range, or every port when it gives none.
    pub fn port_range(&self) -> PortRange {
        self.ports.unwrap_or(ALL_PORTS)
    }

    /// World sources of one address family (`None`: both).
    pub fn world_sources_of(&self, family: Option<IpFamily>) -> Vec<Source> {
        self.sources()
            .into_iter()
            .filter(|s| s.is_world() && family.is_none_or(|f| s.family() == Some(f)))
            .collect()
    }

    /// CIDR sources: `ipv4Ranges[].cidrIp`, legacy `ipRanges[]` (strings or objects,
    /// skipped when it repeats an `ipv4Ranges` entry) and `ipv6Ranges[].cidrIpv6`.
    pub fn sources(&self) -> Vec<Source> {
        let mut out: Vec<Source> = Vec::new();
        let mut push = |path: String, cidr: &str| {
            if out.iter().any(|s| s.cidr == cidr) {
                return;
            }
            out.push(Source {
                path,
                cidr: cidr.to_owned(),
                net: cidr.trim().parse().ok(),
            });
        };
        for (key, field) in [
            ("ipv4Ranges", "cidrIp"),
            ("ipRanges", "cidrIp"),
            ("ipv6Ranges", "cidrIpv6"),
        ] {
            if let Some(list) = self.raw.get(key).and_then(Value::as_array) {
                for (i, entry) in list.iter().enumerate() {
                    match entry {
                        Value::String(cidr) => push(format!("{}.{key}[{i}]", self.path), cidr),
                        Value::Object(o) => {
                            if let Some(cidr) = o.get(field).and_then(Value::as_str) {
                                push(format!("{}.{key}[{i}].{field}", self.path), cidr);
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        out
    }

    /// Sources that are the whole IPv4 or IPv6 internet.
    pub fn world_sources(&self) -> Vec<Source> {
        self.sources()
            .into_iter()
            .filter(Source::is_world)
            .collect()
    }

    /// A short human description: `tcp/22`, `tcp/1000-2000`, `all traffic`.
    pub fn describe(&self) -> String {
        match (self.protocol, self.ports) {
            (Protocol::All, _) => "all traffic".to_owned(),
            (_, None) => format!("{}/all ports", self.protocol_raw),
            (_, Some((a, b))) if a == b => format!("{}/{a}", self.protocol_raw),
            (_, Some((a, b))) => format!("{}/{a}-{b}", self.protocol_raw),
        }
    }
}

fn permissions<'a>(item: &'a ConfigItem, key: &str) -> Vec<Permission<'a>> {
    let Some(list) = item.config_field(key).and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .enumerate()
        .map(|(i, raw)| {
            let protocol_raw = raw
                .get("ipProtocol")
                .and_then(Value::as_str)
                .unwrap_or("-1");
            let protocol = Protocol::parse(protocol_raw);
            let from = raw.get("fromPort").and_then(as_int);
            let to = raw.get("toPort").and_then(as_int);
            let ports = match (protocol, from, to) {
                (Protocol::All, _, _) | (_, None, None) => None,
                (_, Some(f), Some(t)) if f < 0 || t < 0 => None,
                (_, Some(f), Some(t)) => Some((f, t)),
                (_, Some(p), None) | (_, None, Some(p)) => Some((p, p)),
            };
            Permission {
                path: config_path(&format!("{key}[{i}]")),
                protocol,
                protocol_raw,
                ports,
                raw,
            }
        })
        .collect()
}

/// Inbound permissions (`ipPermissions`).
pub fn ingress(item: &ConfigItem) -> Vec<Permission<'_>> {
    permissions(item, "ipPermissions")
}

/// Outbound permissions (`ipPermissionsEgress`).
pub fn egress(item: &ConfigItem) -> Vec<Permission<'_>> {
    permissions(item, "ipPermissionsEgress")
}

/// A permission that opens a port to the whole internet.
#[derive(Debug, Clone)]
pub struct WorldOpen {
    pub port: i64,
    pub permission: String,
    pub source: Source,
}

/// The first inbound permission that opens one of `ports` over `protocol` to `0.0.0.0/0`
/// or `::/0`.
pub fn first_world_open(item: &ConfigItem, protocol: Protocol, ports: &[i64]) -> Option<WorldOpen> {
    for perm in ingress(item) {
        for &port in ports {
            if perm.opens(protocol, port)
                && let Some(source) = perm.world_sources().into_iter().next()
            {
                return Some(WorldOpen {
                    port,
                    permission: perm.describe(),
                    source,
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncovered_ports_are_found_across_adjacent_ranges() {
        let allowed = [(443, 443), (1020, 1022), (1023, 1025)];
        assert_eq!(first_uncovered((1020, 1025), &allowed), None);
        assert_eq!(first_uncovered((1020, 1026), &allowed), Some(1026));
        assert_eq!(first_uncovered((440, 443), &allowed), Some(440));
        assert_eq!(first_uncovered(ALL_PORTS, &[ALL_PORTS]), None);
        assert_eq!(first_uncovered((80, 80), &[]), Some(80));
        assert_eq!(first_listed((0, 1024), &[3389, 22, 21]), Some(21));
        assert_eq!(first_listed((23, 1024), &[22]), None);
    }

    #[test]
    fn world_cidrs() {
        assert!(is_world_cidr("0.0.0.0/0"));
        assert!(is_world_cidr(" ::/0"));
        assert!(!is_world_cidr("10.0.0.0/8"));
        assert!(!is_world_cidr("not a cidr"));
    }
}
