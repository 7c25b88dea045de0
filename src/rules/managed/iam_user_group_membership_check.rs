use crate::rules::prelude::*;
use crate::rules::support::field::Field;
use crate::rules::support::iam::group_names;

declare_managed_rule! {
    /// Whether IAM users belong to at least one group (optionally one of a list).
    ///
    /// ## What it checks
    /// The user's `groupList`: it must not be empty, and when `groupNames` is given it
    /// must contain at least one of the listed groups.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the user is in no group, or in none of `groupNames`. Evidence:
    ///   `groupList`.
    /// - `COMPLIANT`: the user is in a group (one of `groupNames` when given).
    /// - `NOT_APPLICABLE`: a deleted item.
    ///
    /// ## Differences from AWS
    /// Group names are compared exactly (IAM group names are case-insensitive unique,
    /// but AWS does not say how the rule compares them). Names containing commas cannot
    /// be listed, as AWS documents.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/iam-user-group-membership-check.html>
    pub IamUserGroupMembershipCheck {
        identifier: "IAM_USER_GROUP_MEMBERSHIP_CHECK",
        name: "iam-user-group-membership-check",
        resource_types: &["AWS::IAM::User"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("group names compared case-sensitively"),
        needs: &[],
        parameters: &[
            ParamSpec::csv("groupNames")
                .doc("Comma-separated IAM group names; the user must be in at least one."),
        ],
    }
}

impl Evaluate for IamUserGroupMembershipCheck {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let groups = group_names(item);
        let evidence = || {
            Field::config(item, "groupList").evidence()
        };
        if groups.is_empty() {
            return Verdict::non_compliant("the user is not a member of any group", evidence());
        }
        let wanted = cx.params().list("groupNames");
        if wanted.is_empty() {
            return Verdict::compliant(format!("member of {}", groups.join(", ")));
        }
        match groups.iter().find(|g| wanted.iter().any(|w| w == *g)) {
            Some(g) => Verdict::compliant(format!("member of the required group {g}")),
            None => Verdict::non_compliant(
                format!(
                    "member of {} but of none of {}",
                    groups.join(", "),
                    wanted.join(", ")
                ),
                evidence(),
            ),
        }
    }
}
