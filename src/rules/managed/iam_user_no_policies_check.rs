use crate::rules::prelude::*;
use crate::rules::support::iam::{attached_policies, inline_policies};
use crate::rules::support::config_path;

declare_managed_rule! {
    /// Whether IAM users have policies attached directly.
    ///
    /// ## What it checks
    /// Whether an IAM user has inline policies (`userPolicyList`) or attached managed
    /// policies (`attachedManagedPolicies`). Users should get permissions through groups
    /// or roles.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the user has an inline policy or an attached managed policy.
    ///   Evidence: the first such entry.
    /// - `COMPLIANT`: both lists are empty (a `null` or missing list counts as empty).
    /// - `NOT_APPLICABLE`: a deleted item.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/iam-user-no-policies-check.html>
    pub IamUserNoPoliciesCheck {
        identifier: "IAM_USER_NO_POLICIES_CHECK",
        name: "iam-user-no-policies-check",
        resource_types: &["AWS::IAM::User"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for IamUserNoPoliciesCheck {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let inline = inline_policies(item);
        if let Some((name, evidence)) = inline.first() {
            return Verdict::non_compliant(
                format!(
                    "the user has {} inline policy(ies), e.g. \"{name}\"",
                    inline.list.len()
                ),
                evidence,
            );
        }
        let attached = attached_policies(item);
        if let Some(first) = attached.first() {
            return Verdict::non_compliant(
                format!(
                    "the user has {} managed policy(ies) attached directly, e.g. {}",
                    attached.len(),
                    first.arn
                ),
                Evidence::at(
                    config_path(&format!("attachedManagedPolicies[{}].policyArn", first.index)),
                    first.arn,
                ),
            );
        }
        Verdict::compliant("no inline or managed policy is attached to the user")
    }
}
