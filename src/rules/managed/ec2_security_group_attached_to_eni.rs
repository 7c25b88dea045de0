use crate::rules::prelude::*;
use crate::rules::support::network::GroupUse;
use crate::rules::support::network::attachment_verdict;

declare_managed_rule! {
    /// Whether non-default security groups are attached to an EC2 instance or a network
    /// interface.
    ///
    /// ## What it checks
    /// Whether an EC2 instance or network interface in the same account and Region uses
    /// the security group.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: no current `AWS::EC2::NetworkInterface` lists the group in
    ///   `groups[].groupId`, no current (not terminated) `AWS::EC2::Instance` lists it in
    ///   `securityGroups[].groupId` or its interfaces' groups, and the group's recorded
    ///   relationships name no interface or instance. Evidence: the empty selections of
    ///   the account's and Region's interfaces and instances that list the group, and
    ///   `$.configuration.groupId`.
    /// - `COMPLIANT`: such an interface or instance exists.
    /// - `NOT_APPLICABLE`: the group is a default group (`groupName` `default`), it is
    ///   owned by another account, or the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS marks this change-triggered rule deprecated in favour of
    /// `ec2-security-group-attached-to-eni-periodic`. A relationship from the group to an
    /// interface or instance that is not in the input counts as an attachment (AWS Config
    /// recorded it); one to a resource in the input counts only if that resource still
    /// lists the group. Groups used only by other services (load balancers, Lambda, RDS)
    /// through interfaces missing from the input are NON_COMPLIANT.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/ec2-security-group-attached-to-eni.html>
    pub Ec2SecurityGroupAttachedToEni {
        identifier: "EC2_SECURITY_GROUP_ATTACHED_TO_ENI",
        name: "ec2-security-group-attached-to-eni",
        resource_types: &["AWS::EC2::SecurityGroup"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate(
            "joins the interfaces and instances present in the input",
        ),
        needs: &[Need::Relationships],
        parameters: &[],
    }
}

impl Evaluate for Ec2SecurityGroupAttachedToEni {
    fn prepare(&self, inventory: &Inventory) {
        inventory.derived::<GroupUse>();
    }

    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        attachment_verdict(item, cx, true)
    }
}
