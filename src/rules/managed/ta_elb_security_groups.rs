use crate::model::ResourceKey;
use crate::rules::prelude::*;
use crate::rules::support::{config_path, item_path};
use crate::rules::support::ingress::{PortRange, first_uncovered, ingress};
use crate::rules::support::logging::{field, str_field};

declare_managed_rule! {
    /// Trusted Advisor "ELB Security Groups": load balancer security groups that are
    /// missing or open ports the listeners do not use.
    ///
    /// ## What it checks
    /// Following Trusted Advisor's alert criteria, the security groups in the load
    /// balancer's `securityGroups` are looked up in the same account and Region, and
    /// their inbound rules are compared with the listener ports: a Classic Load
    /// Balancer's `listenerDescriptions[].listener.loadBalancerPort`, or the `Port` of the
    /// `AWS::ElasticLoadBalancingV2::Listener` items whose `LoadBalancerArn` is this load
    /// balancer.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT` (severity high, Trusted Advisor red): a security group of the
    ///   load balancer is not in the input, or only as deleted. Evidence:
    ///   `$.configuration.securityGroups[i]`.
    /// - `NON_COMPLIANT` (severity medium, yellow): an inbound TCP, UDP or all-traffic
    ///   rule of one of its groups opens a port that no listener uses (missing ports and
    ///   protocol `-1` mean every port). Evidence: the permission in the group's item,
    ///   and `$.configuration.securityGroups[i]`.
    /// - `COMPLIANT`: every group exists and opens only listener ports.
    /// - `NOT_APPLICABLE`: the load balancer has no security groups (EC2-Classic, Network
    ///   or Gateway Load Balancers without groups), or the configuration item is deleted.
    /// - `INSUFFICIENT_DATA`: every group exists but no listener is recorded for the load
    ///   balancer (Application and Network Load Balancer listeners are separate items).
    ///
    /// ## Differences from AWS
    /// Trusted Advisor reads the live groups; offline, "does not exist" means "not in the
    /// input", so load the whole account and Region. Every source counts (Trusted Advisor
    /// does not restrict the yellow test to internet sources). ICMP rules open no port and
    /// are ignored.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/awssupport/latest/user/security-checks.html>
    pub TaElbSecurityGroups {
        identifier: "TA_ELB_SECURITY_GROUPS",
        name: "ta-elb-security-groups",
        resource_types: &[
            "AWS::ElasticLoadBalancing::LoadBalancer",
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
        ],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::High,
        fidelity: Fidelity::Approximate(
            "a security group missing from the input counts as deleted",
        ),
        needs: &[Need::Relationships],
        parameters: &[],
    }
}

const SECURITY_GROUP: &str = "AWS::EC2::SecurityGroup";
const LISTENER: &str = "AWS::ElasticLoadBalancingV2::Listener";

/// The listener ports of the load balancer, sorted and deduplicated.
fn listener_ports(item: &ConfigItem, cx: &RuleContext<'_>) -> Vec<i64> {
    let mut ports: Vec<i64> = Vec::new();
    if item.resource_type() == "AWS::ElasticLoadBalancing::LoadBalancer" {
        if let Some(list) = item.config_at("listenerDescriptions").as_array() {
            ports.extend(
                list.iter()
                    .filter_map(|d| d.get("listener"))
                    .filter_map(|l| field(l, &["loadBalancerPort", "LoadBalancerPort"]))
                    .filter_map(|(_, port)| support::as_int(port)),
            );
        }
    } else {
        let own: Vec<&str> = [
            Some(item.resource_id()),
            item.arn.as_deref(),
            item.config_at("loadBalancerArn").as_str(),
        ]
        .into_iter()
        .flatten()
        .collect();
        for listener in cx.items_near(LISTENER, item) {
            let arn = str_field(listener, &["LoadBalancerArn", "loadBalancerArn"]);
            if arn.is_some_and(|a| own.contains(&a))
                && let Some(port) =
                    field(listener, &["Port", "port"]).and_then(|(_, port)| support::as_int(port))
            {
                ports.push(port);
            }
        }
    }
    ports.sort_unstable();
    ports.dedup();
    ports
}

impl Evaluate for TaElbSecurityGroups {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let groups: Vec<(usize, &str)> = item
            .config_at("securityGroups")
            .as_array()
            .map(|list| {
                list.iter()
                    .enumerate()
                    .filter_map(|(i, g)| g.as_str().map(|g| (i, g)))
                    .collect()
            })
            .unwrap_or_default();
        if groups.is_empty() {
            return Verdict::not_applicable("the load balancer has no security groups");
        }
        let mut found = Vec::with_capacity(groups.len());
        for &(i, group) in &groups {
            let key = ResourceKey::new(
                item.key.account.clone(),
                item.key.region.clone(),
                SECURITY_GROUP,
                group,
            );
            let sg = cx
                .inventory
                .position(&key)
                .and_then(|p| cx.inventory.resource(p))
                .filter(|sg| !sg.is_deleted());
            match sg {
                Some(sg) => found.push((i, group, sg)),
                None => {
                    return Verdict::non_compliant(
                        format!("red: security group {group} of the load balancer does not exist"),
                        Evidence::at(config_path(&format!("securityGroups[{i}]")), group),
                    )
                    .with_severity(Severity::High);
                }
            }
        }
        let ports = listener_ports(item, cx);
        if ports.is_empty() {
            return Verdict::insufficient_data("no listener of the load balancer is recorded");
        }
        let allowed: Vec<PortRange> = ports.iter().map(|&p| (p, p)).collect();
        let listed: Vec<String> = ports.iter().map(ToString::to_string).collect();
        for (i, group, sg) in found {
            for perm in ingress(sg) {
                if !perm.has_ports() {
                    continue;
                }
                if let Some(port) = first_uncovered(perm.port_range(), &allowed) {
                    return Verdict::non_compliant_all(
                        format!(
                            "yellow: {group} allows {} (port {port}), but the listeners use only {}",
                            perm.describe(),
                            listed.join(", ")
                        ),
                        Evidence::at(item_path(sg, &config_path(&perm.path)), perm.raw.clone()),
                        vec![Evidence::at(config_path(&format!("securityGroups[{i}]")), group)],
                    )
                    .with_severity(Severity::Medium);
                }
            }
        }
        Verdict::compliant(format!(
            "the security groups exist and open only listener ports {}",
            listed.join(", ")
        ))
    }
}
