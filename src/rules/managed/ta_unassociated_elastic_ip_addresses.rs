use crate::rules::prelude::*;
use crate::rules::support::join::InstanceStates;
use crate::rules::support::config_path;
use crate::rules::support::field::Field;
use crate::rules::support::join::{
    deleted_evidence, find_near, instance_state_evidence, joined_instance_state,
};

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
    ///   `in-use` or was deleted. Evidence: `associationId`; or the instance's
    ///   `state.name` (the interface's `status`, or `configurationItemStatus` of a
    ///   deleted item) in that item, and the EIP's `instanceId` or `networkInterfaceId`.
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

impl Evaluate for TaUnassociatedElasticIpAddresses {
    fn prepare(&self, inventory: &Inventory) {
        inventory.derived::<InstanceStates>();
    }

    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let ip = item.display_name();
        let instance_field = Field::config(item, "instanceId");
        let interface = Field::config(item, "networkInterfaceId");
        let (instance_id, joined_by) = match (instance_field.text(), interface.text()) {
            (Some(i), _) => (i, instance_field),
            (None, Some(eni)) => {
                let Some(n) = find_near(cx, item, "AWS::EC2::NetworkInterface", eni) else {
                    return Verdict::insufficient_data(format!(
                        "{ip} is on network interface {eni}, which is not in the input"
                    ));
                };
                if n.is_deleted() {
                    return Verdict::non_compliant_all(
                        format!("{ip} is on network interface {eni}, which was deleted"),
                        deleted_evidence(n),
                        vec![interface.evidence()],
                    )
                    .with_severity(Severity::Medium);
                }
                if let Some(i) = Field::config(n, "attachment.instanceId").text() {
                    (i, interface)
                } else {
                    let status = Field::config(n, "status");
                    let shown = status.text().unwrap_or("unknown");
                    if shown != "in-use" {
                        return Verdict::non_compliant_all(
                            format!(
                                "{ip} is on network interface {eni}, which is {shown} (not attached)"
                            ),
                            status.foreign_evidence(),
                            vec![interface.evidence()],
                        )
                        .with_severity(Severity::Medium);
                    }
                    let owner = Field::config(n, "description")
                        .text()
                        .or_else(|| Field::config(n, "interfaceType").text())
                        .unwrap_or("a service");
                    return Verdict::compliant(format!(
                        "{ip} is on in-use network interface {eni} ({owner})"
                    ));
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
        let instance = find_near(cx, item, "AWS::EC2::Instance", instance_id)
            .and_then(|i| Some((i, joined_instance_state(cx, i)?)));
        match instance.as_ref().map(|(i, state)| (*i, &**state)) {
            Some((_, "running")) => Verdict::compliant(format!(
                "{ip} is associated with running instance {instance_id}"
            )),
            Some((i, state)) => Verdict::non_compliant_all(
                format!("{ip} is associated with instance {instance_id}, which is {state}"),
                instance_state_evidence(i),
                vec![joined_by.evidence()],
            )
            .with_severity(Severity::Medium),
            None => Verdict::insufficient_data(format!(
                "{ip} is associated with instance {instance_id}, which is not in the input"
            )),
        }
    }
}
