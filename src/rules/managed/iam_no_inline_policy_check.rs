use crate::rules::prelude::*;
use crate::rules::support::iam::inline_policies;

declare_managed_rule! {
    /// Whether IAM users, roles and groups have inline policies.
    ///
    /// ## What it checks
    /// Whether the inline policy list of a user (`userPolicyList`), role
    /// (`rolePolicyList`) or group (`groupPolicyList`) is empty.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the list has at least one policy. Evidence: the first policy's
    ///   name.
    /// - `COMPLIANT`: the list is empty, `null` (seen in a 2018 capture) or missing.
    /// - `NOT_APPLICABLE`: a deleted item.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/iam-no-inline-policy-check.html>
    pub IamNoInlinePolicyCheck {
        identifier: "IAM_NO_INLINE_POLICY_CHECK",
        name: "iam-no-inline-policy-check",
        resource_types: &["AWS::IAM::User", "AWS::IAM::Role", "AWS::IAM::Group"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for IamNoInlinePolicyCheck {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let inline = inline_policies(item);
        match inline.first() {
            Some((name, evidence)) => Verdict::non_compliant(
                format!(
                    "{} inline policy(ies) in {}, e.g. \"{name}\"",
                    inline.list.len(),
                    inline.field
                ),
                evidence,
            ),
            None => Verdict::compliant(format!("{} is empty", inline.field)),
        }
    }
}
