use ipnet::IpNet;

use crate::model::ResourceKey;
use crate::rules::prelude::*;
use crate::rules::support::{config_path, item_path};
use crate::rules::support::ingress::{IpFamily, first_listed, ingress};
use crate::rules::support::logging::field;

declare_managed_rule! {
    /// Trusted Advisor "Amazon RDS Security Group Access Risk": DB security groups that
    /// grant wide network access.
    ///
    /// ## What it checks
    /// Following Trusted Advisor's alert criteria, the rules of an RDS DB security group
    /// (the EC2-Classic era `AWS::RDS::DBSecurityGroup`): its CIDR rules (`iPRanges`) and
    /// the EC2 security groups it admits (`eC2SecurityGroups`), which are looked up in the
    /// same account and Region.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT` (severity high, Trusted Advisor red): a CIDR rule grants global
    ///   access (a `/0` range). Evidence: `$.configuration.iPRanges[i].cIDRIP`.
    /// - `NON_COMPLIANT` (severity medium, yellow): a CIDR rule grants more than a single
    ///   IP address (a suffix other than `/32`), or an admitted EC2 security group opens
    ///   port 20, 21, 22, 1433, 1434, 3306, 3389, 4333, 5432 or 5500 to `0.0.0.0/0`
    ///   (protocol `-1` and missing ports mean every port). Evidence: the CIDR, or the
    ///   permission in the EC2 group's item and `$.configuration.eC2SecurityGroups[i]`.
    /// - `COMPLIANT` (green): only single addresses and EC2 groups that keep those ports
    ///   closed to the internet.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    /// - `INSUFFICIENT_DATA`: no red or yellow finding, but an admitted EC2 security group
    ///   is not in the input.
    ///
    /// ## Differences from AWS
    /// The criteria are Trusted Advisor's as of October 2022. DB security groups exist
    /// only for EC2-Classic, retired in 2022. AWS Config's field casing for them is read
    /// from one 2016 sample (`iPRanges`, `eC2SecurityGroups`); the members' names
    /// (`cIDRIP`, `eC2SecurityGroupId`, `eC2SecurityGroupName`, `eC2SecurityGroupOwnerId`)
    /// follow the same Java-bean convention and are unverified, so `CIDRIP`, `cidrip` and
    /// `cidrIp` are accepted too. EC2 groups are matched by id, else by name and owner.
    /// Rules in status `revoked` are ignored.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/awssupport/latest/user/security-checks.html>
    pub TaRdsSecurityGroupAccessRisk {
        identifier: "TA_RDS_SECURITY_GROUP_ACCESS_RISK",
        name: "ta-rds-security-group-access-risk",
        resource_types: &["AWS::RDS::DBSecurityGroup"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::High,
        fidelity: Fidelity::Approximate(
            "Trusted Advisor's 2022 criteria; DB security group member field names are unverified",
        ),
        needs: &[Need::Relationships],
        parameters: &[],
    }
}

const RISKY_PORTS: [i64; 10] = [20, 21, 22, 1433, 1434, 3306, 3389, 4333, 5432, 5500];
const SECURITY_GROUP: &str = "AWS::EC2::SecurityGroup";

/// The first of `names` present in `value`, with its text.
fn member<'v>(value: &'v Value, names: &[&'static str]) -> Option<(&'static str, &'v str)> {
    field(value, names).and_then(|(name, v)| Some((name, v.as_str()?)))
}

fn revoked(value: &Value) -> bool {
    member(value, &["status", "Status"]).is_some_and(|(_, s)| s.eq_ignore_ascii_case("revoked"))
}

/// The EC2 security group a DB security group rule admits, when it is in the input.
fn admitted_group<'a>(
    item: &ConfigItem,
    cx: &RuleContext<'a>,
    rule: &Value,
) -> Option<&'a ConfigItem> {
    if let Some((_, id)) = member(rule, &["eC2SecurityGroupId", "EC2SecurityGroupId", "ec2SecurityGroupId"]) {
        let key = ResourceKey::new(
            item.key.account.clone(),
            item.key.region.clone(),
            SECURITY_GROUP,
            id,
        );
        return cx
            .inventory
            .position(&key)
            .and_then(|p| cx.inventory.resource(p))
            .filter(|sg| !sg.is_deleted());
    }
    let (_, name) = member(rule, &["eC2SecurityGroupName", "EC2SecurityGroupName", "ec2SecurityGroupName"])?;
    let owner = member(rule, &["eC2SecurityGroupOwnerId", "EC2SecurityGroupOwnerId", "ec2SecurityGroupOwnerId"])
        .map_or(&*item.key.account, |(_, o)| o);
    cx.inventory.of_type(SECURITY_GROUP).find(|sg| {
        !sg.is_deleted()
            && sg.key.region == item.key.region
            && sg.config_at("groupName").as_str() == Some(name)
            && sg.config_at("ownerId").as_str().unwrap_or(&sg.key.account) == owner
    })
}

impl Evaluate for TaRdsSecurityGroupAccessRisk {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let ranges = ["iPRanges", "IPRanges", "ipRanges"]
            .iter()
            .find_map(|k| item.config_at(k).as_array().map(|l| (*k, l.as_slice())))
            .unwrap_or(("iPRanges", &[]));
        let mut yellow = None;
        for (i, range) in ranges.1.iter().enumerate() {
            if revoked(range) {
                continue;
            }
            let Some((field, cidr)) = member(range, &["cIDRIP", "CIDRIP", "cidrip", "cidrIp"]) else {
                continue;
            };
            let path = config_path(&format!("{}[{i}].{field}", ranges.0));
            let Ok(net) = cidr.trim().parse::<IpNet>() else {
                continue;
            };
            if net.prefix_len() == 0 {
                return Verdict::non_compliant(
                    format!("red: the DB security group grants global access to {cidr}"),
                    Evidence::at(path, cidr),
                )
                .with_severity(Severity::High);
            }
            if net.prefix_len() < net.max_prefix_len() && yellow.is_none() {
                yellow = Some((
                    format!("yellow: the DB security group grants access to the range {cidr}, more than a single address"),
                    Evidence::at(path, cidr),
                    Vec::new(),
                ));
            }
        }
        let groups = ["eC2SecurityGroups", "EC2SecurityGroups", "ec2SecurityGroups"]
            .iter()
            .find_map(|k| item.config_at(k).as_array().map(|l| (*k, l.as_slice())))
            .unwrap_or(("eC2SecurityGroups", &[]));
        let mut missing = None;
        for (i, rule) in groups.1.iter().enumerate() {
            if revoked(rule) || yellow.is_some() {
                continue;
            }
            let label = member(rule, &["eC2SecurityGroupId", "EC2SecurityGroupId", "eC2SecurityGroupName", "EC2SecurityGroupName"])
                .map_or("?", |(_, l)| l);
            let Some(sg) = admitted_group(item, cx, rule) else {
                missing.get_or_insert_with(|| label.to_owned());
                continue;
            };
            for perm in ingress(sg) {
                if !perm.has_ports() || perm.world_sources_of(Some(IpFamily::V4)).is_empty() {
                    continue;
                }
                if let Some(port) = first_listed(perm.port_range(), &RISKY_PORTS) {
                    yellow = Some((
                        format!(
                            "yellow: admitted EC2 security group {label} opens port {port} to 0.0.0.0/0 ({})",
                            perm.describe()
                        ),
                        Evidence::at(item_path(sg, &config_path(&perm.path)), perm.raw.clone()),
                        vec![Evidence::at(
                            config_path(&format!("{}[{i}]", groups.0)),
                            rule.clone(),
                        )],
                    ));
                    break;
                }
            }
        }
        if let Some((annotation, evidence, rest)) = yellow {
            return Verdict::non_compliant_all(annotation, evidence, rest)
                .with_severity(Severity::Medium);
        }
        if let Some(label) = missing {
            return Verdict::insufficient_data(format!(
                "admitted EC2 security group {label} is not in the input"
            ));
        }
        Verdict::compliant("the DB security group admits only single addresses and closed EC2 groups")
    }
}
