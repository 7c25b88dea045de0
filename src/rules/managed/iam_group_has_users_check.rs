use crate::rules::prelude::*;
use crate::rules::support::iam::group_names;
use crate::rules::support::kms::non_blank;

declare_managed_rule! {
    /// Whether IAM groups have at least one IAM user.
    ///
    /// ## What it checks
    /// The group's members: its recorded `Contains User` relationships, and the
    /// `AWS::IAM::User` items of the same account whose `groupList` names the group.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the group has no member. Evidence: `$.relationships` (no
    ///   `AWS::IAM::User` entry).
    /// - `COMPLIANT`: the group has at least one user.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS reads the group's members from IAM; offline they come from the group item's
    /// relationships and the users' `groupList`. A group item recorded without
    /// relationships, whose users are not in the input, is reported NON_COMPLIANT.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/iam-group-has-users-check.html>
    pub IamGroupHasUsersCheck {
        identifier: "IAM_GROUP_HAS_USERS_CHECK",
        name: "iam-group-has-users-check",
        resource_types: &["AWS::IAM::Group"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("members come from the group's relationships and the users' groupList in the input"),
        needs: &[Need::Relationships],
        parameters: &[],
    }
}

impl Evaluate for IamGroupHasUsersCheck {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let recorded = item
            .relationships
            .iter()
            .filter(|r| &*r.resource_type == "AWS::IAM::User")
            .count();
        if recorded > 0 {
            return Verdict::compliant(format!("the group contains {recorded} user(s)"));
        }
        let name = non_blank(item.config_at("groupName"))
            .or(item.name.as_deref())
            .unwrap_or(item.resource_id());
        let listed = cx
            .items_near("AWS::IAM::User", item)
            .filter(|u| group_names(u).contains(&name))
            .count();
        if listed > 0 {
            return Verdict::compliant(format!("{listed} user(s) list the group {name}"));
        }
        Verdict::non_compliant(
            format!("the group {name} has no user"),
            Evidence::at("$.relationships", json!([])),
        )
    }
}
