use crate::rules::prelude::*;
use crate::rules::support::field::Field;
use crate::rules::support::join::{deleted_evidence, find_near};

declare_managed_rule! {
    /// Whether Elastic IP addresses are attached to an EC2 instance or an in-use network
    /// interface.
    ///
    /// ## What it checks
    /// The EIP's `associationId`, `instanceId` and `networkInterfaceId`; for an EIP on a
    /// network interface, that interface's `status` (joined by id in the same account
    /// and Region).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the EIP has no association (`associationId` null and no
    ///   instance), or its network interface's `status` is not `in-use` or its item was
    ///   deleted. Evidence: `associationId`; or the interface item's `status` (or
    ///   `configurationItemStatus`) and the EIP's `networkInterfaceId`.
    /// - `COMPLIANT`: associated with an instance, or with a network interface that is
    ///   `in-use` (or not in the input).
    /// - `NOT_APPLICABLE`: a deleted item.
    ///
    /// ## Differences from AWS
    /// An EC2-Classic EIP (no `associationId`) with an `instanceId` counts as attached.
    /// A network interface missing from the input counts as in use.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/eip-attached.html>
    pub EipAttached {
        identifier: "EIP_ATTACHED",
        name: "eip-attached",
        resource_types: &["AWS::EC2::EIP"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("an interface missing from the input counts as in use"),
        needs: &[Need::Relationships],
        parameters: &[],
    }
}

impl Evaluate for EipAttached {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let ip = item.display_name();
        let association = Field::config(item, "associationId");
        if let Some(instance) = Field::config(item, "instanceId").text() {
            return Verdict::compliant(format!("{ip} is attached to instance {instance}"));
        }
        let interface = Field::config(item, "networkInterfaceId");
        let Some(eni) = interface.text() else {
            if let Some(id) = association.text() {
                return Verdict::compliant(format!("{ip} is associated ({id})"));
            }
            return Verdict::non_compliant(
                format!("{ip} is not associated with an instance or network interface"),
                Evidence::at(
                    association.path(),
                    if association.is_blank() {
                        Value::Null
                    } else {
                        association.value.clone()
                    },
                ),
            );
        };
        match find_near(cx, item, "AWS::EC2::NetworkInterface", eni) {
            Some(n) if n.is_deleted() => Verdict::non_compliant_all(
                format!("{ip} is on network interface {eni}, which was deleted"),
                deleted_evidence(n),
                vec![interface.evidence()],
            ),
            Some(n) => {
                let status = Field::config(n, "status");
                match status.value.as_str() {
                    Some("in-use") | None => Verdict::compliant(format!(
                        "{ip} is attached to in-use network interface {eni}"
                    )),
                    Some(s) => Verdict::non_compliant_all(
                        format!("{ip} is on network interface {eni}, whose status is {s}"),
                        status.foreign_evidence(),
                        vec![interface.evidence()],
                    ),
                }
            }
            None => Verdict::compliant(format!(
                "{ip} is attached to network interface {eni} (not in the input)"
            )),
        }
    }
}
