use crate::rules::prelude::*;
use crate::rules::support::network::GroupUse;
use crate::rules::support::network::attachment_verdict;

declare_managed_rule! {
    /// Whether non-default security groups are attached to a network interface.
    ///
    /// ## What it checks
    /// Whether a network interface in the same account and Region uses the security
    /// group. AWS requires `AWS::EC2::NetworkInterface` to be recorded for this rule; so
    /// does the offline join.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: no current `AWS::EC2::NetworkInterface` lists the group in
    ///   `groups[].groupId`, and the group's recorded relationships name no interface.
    ///   Evidence: the empty selection of the account's and Region's interfaces that list
    ///   the group, and `$.configuration.groupId`.
    /// - `COMPLIANT`: such an interface exists.
    /// - `NOT_APPLICABLE`: the group is a default group (`groupName` `default`), it is
    ///   owned by another account (as AWS documents), or the configuration item is
    ///   deleted.
    ///
    /// ## Differences from AWS
    /// A relationship from the group to an interface that is not in the input counts as
    /// an attachment (AWS Config recorded it); one to an interface in the input counts
    /// only if that interface still lists the group. Instances count only through their
    /// interfaces.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/ec2-security-group-attached-to-eni-periodic.html>
    pub Ec2SecurityGroupAttachedToEniPeriodic {
        identifier: "EC2_SECURITY_GROUP_ATTACHED_TO_ENI_PERIODIC",
        name: "ec2-security-group-attached-to-eni-periodic",
        resource_types: &["AWS::EC2::SecurityGroup"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("joins the network interfaces present in the input"),
        needs: &[Need::Relationships],
        parameters: &[],
    }
}

impl Evaluate for Ec2SecurityGroupAttachedToEniPeriodic {
    fn prepare(&self, inventory: &Inventory) {
        inventory.derived::<GroupUse>();
    }

    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        attachment_verdict(item, cx, false)
    }
}
