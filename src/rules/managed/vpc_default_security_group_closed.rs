use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::ingress::is_default_group;

declare_managed_rule! {
    /// Whether the default security group of every VPC allows no traffic at all.
    ///
    /// ## What it checks
    /// Whether a VPC's default security group (`groupName` `default`) has no inbound and
    /// no outbound permission.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the default group has at least one entry in `ipPermissions` or
    ///   `ipPermissionsEgress`. Evidence: the first such permission.
    /// - `COMPLIANT`: both lists are empty.
    /// - `NOT_APPLICABLE`: the group is not a default group, or it is an EC2-Classic
    ///   default group (no `vpcId`); or the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS notes that after a VPC is deleted the rule may report its default group
    /// NON_COMPLIANT until the next baselining; offline, a deleted group is NOT_APPLICABLE.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/vpc-default-security-group-closed.html>
    pub VpcDefaultSecurityGroupClosed {
        identifier: "VPC_DEFAULT_SECURITY_GROUP_CLOSED",
        name: "vpc-default-security-group-closed",
        resource_types: &["AWS::EC2::SecurityGroup"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for VpcDefaultSecurityGroupClosed {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        if !is_default_group(item) {
            return Verdict::not_applicable("not a default security group");
        }
        if support::is_blank(item.config_at("vpcId")) {
            return Verdict::not_applicable("an EC2-Classic default group (no vpcId)");
        }
        for (key, direction) in [
            ("ipPermissions", "inbound"),
            ("ipPermissionsEgress", "outbound"),
        ] {
            let list = item.config_at(key).as_array().map_or(&[][..], Vec::as_slice);
            if let Some(first) = list.first() {
                return Verdict::non_compliant(
                    format!(
                        "the default security group has {} {direction} rule(s)",
                        list.len()
                    ),
                    Evidence::at(config_path(&format!("{key}[0]")), first.clone()),
                );
            }
        }
        Verdict::compliant("the default security group has no inbound or outbound rules")
    }
}
