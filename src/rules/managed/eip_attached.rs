use crate::rules::prelude::*;
use crate::rules::support::join::find_near;
use crate::rules::support::{config_path, is_blank};

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
    ///   instance), or its network interface's `status` is not `in-use`. Evidence:
    ///   `associationId` or `networkInterfaceId`.
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

fn text<'a>(item: &'a ConfigItem, path: &str) -> Option<&'a str> {
    item.config_at(path).as_str().filter(|s| !s.trim().is_empty())
}

impl Evaluate for EipAttached {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let ip = item.display_name();
        let association = text(item, "associationId");
        if let Some(instance) = text(item, "instanceId") {
            return Verdict::compliant(format!("{ip} is attached to instance {instance}"));
        }
        let eni = text(item, "networkInterfaceId");
        if association.is_none() && eni.is_none() {
            let value = item.config_at("associationId");
            return Verdict::non_compliant(
                format!("{ip} is not associated with an instance or network interface"),
                Evidence::at(
                    config_path("associationId"),
                    if is_blank(value) { Value::Null } else { value.clone() },
                ),
            );
        }
        let Some(eni) = eni else {
            return Verdict::compliant(format!("{ip} is associated ({})", association.unwrap_or("?")));
        };
        match find_near(cx, item, "AWS::EC2::NetworkInterface", eni) {
            Some(n) if n.is_deleted() => Verdict::non_compliant(
                format!("{ip} is on network interface {eni}, which was deleted"),
                Evidence::at(config_path("networkInterfaceId"), eni),
            ),
            Some(n) => match n.config_at("status").as_str() {
                Some("in-use") | None => {
                    Verdict::compliant(format!("{ip} is attached to in-use network interface {eni}"))
                }
                Some(status) => Verdict::non_compliant(
                    format!("{ip} is on network interface {eni}, whose status is {status}"),
                    Evidence::at(config_path("networkInterfaceId"), eni),
                ),
            },
            None => Verdict::compliant(format!(
                "{ip} is attached to network interface {eni} (not in the input)"
            )),
        }
    }
}
