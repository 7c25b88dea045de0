use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::join::{find_near, instance_state};

declare_managed_rule! {
    /// Trusted Advisor "Unassociated Elastic IP Addresses": Elastic IPs not associated
    /// with a running EC2 instance.
    ///
    /// ## What it checks
    /// The EIP's `instanceId`, or the instance its network interface
    /// (`networkInterfaceId`) is attached to, and that instance's `state.name`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT` (yellow, severity medium): the EIP is not associated at all; its
    ///   instance is not `running` (stopped, terminated); or its network interface is not
    ///   `in-use` or was deleted. Evidence: `associationId`, the instance id or
    ///   `networkInterfaceId`.
    /// - `COMPLIANT`: associated with a running instance, or with an in-use network
    ///   interface that belongs to no instance (a NAT gateway or load balancer uses it).
    /// - `NOT_APPLICABLE`: a deleted item.
    /// - `INSUFFICIENT_DATA`: the instance or network interface is not in the input, so
    ///   its state cannot be read.
    ///
    /// ## Differences from AWS
    /// Unlike `eip-attached`, an EIP on a stopped instance is flagged, as Trusted Advisor
    /// does. Trusted Advisor's handling of interfaces owned by AWS services is not
    /// documented; we do not flag them.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/awssupport/latest/user/cost-optimization-checks.html>
    pub TaUnassociatedElasticIpAddresses {
        identifier: "TA_UNASSOCIATED_ELASTIC_IP_ADDRESSES",
        name: "ta-unassociated-elastic-ip-addresses",
        resource_types: &["AWS::EC2::EIP"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("interfaces of AWS services (no instance) are not flagged"),
        needs: &[Need::Relationships],
        parameters: &[],
    }
}

fn text<'a>(item: &'a ConfigItem, path: &str) -> Option<&'a str> {
    item.config_at(path).as_str().filter(|s| !s.trim().is_empty())
}

impl Evaluate for TaUnassociatedElasticIpAddresses {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let ip = item.display_name();
        let (instance_id, path) = match (text(item, "instanceId"), text(item, "networkInterfaceId")) {
            (Some(i), _) => (i.to_owned(), config_path("instanceId")),
            (None, Some(eni)) => {
                let Some(n) = find_near(cx, item, "AWS::EC2::NetworkInterface", eni) else {
                    return Verdict::insufficient_data(format!(
                        "{ip} is on network interface {eni}, which is not in the input"
                    ));
                };
                match text(n, "attachment.instanceId") {
                    Some(i) if !n.is_deleted() => (i.to_owned(), config_path("networkInterfaceId")),
                    _ if n.is_deleted() => {
                        return Verdict::non_compliant(
                            format!("{ip} is on network interface {eni}, which was deleted"),
                            Evidence::at(config_path("networkInterfaceId"), eni),
                        )
                        .with_severity(Severity::Medium);
                    }
                    _ => {
                        let status = text(n, "status").unwrap_or("unknown");
                        if status != "in-use" {
                            return Verdict::non_compliant(
                                format!("{ip} is on network interface {eni}, which is {status} (not attached)"),
                                Evidence::at(config_path("networkInterfaceId"), eni),
                            )
                            .with_severity(Severity::Medium);
                        }
                        let owner = text(n, "description")
                            .or_else(|| text(n, "interfaceType"))
                            .unwrap_or("a service");
                        return Verdict::compliant(format!(
                            "{ip} is on in-use network interface {eni} ({owner})"
                        ));
                    }
                }
            }
            (None, None) => {
                return Verdict::non_compliant(
                    format!("{ip} is allocated but not associated"),
                    Evidence::at(config_path("associationId"), Value::Null),
                )
                .with_severity(Severity::Medium);
            }
        };
        match find_near(cx, item, "AWS::EC2::Instance", &instance_id).and_then(instance_state) {
            Some("running") => Verdict::compliant(format!("{ip} is associated with running instance {instance_id}")),
            Some(state) => Verdict::non_compliant(
                format!("{ip} is associated with instance {instance_id}, which is {state}"),
                Evidence::at(path, instance_id.as_str()),
            )
            .with_severity(Severity::Medium),
            None => Verdict::insufficient_data(format!(
                "{ip} is associated with instance {instance_id}, which is not in the input"
            )),
        }
    }
}
