use crate::rules::prelude::*;
use crate::rules::support::no_items;

declare_managed_rule! {
    /// Trusted Advisor "IAM Use": accounts in which no IAM user has been created.
    ///
    /// ## What it checks
    /// Whether the account has at least one current `AWS::IAM::User` item.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT` (yellow, severity medium): IAM is recorded for the account (it
    ///   has IAM roles, groups or policies) but no IAM user. Evidence: the empty selection
    ///   of the account's `AWS::IAM::User` items.
    ///   Trusted Advisor notes the alert can be ignored when people sign in through
    ///   federation or IAM Identity Center.
    /// - `COMPLIANT`: the account has IAM users.
    /// - `INSUFFICIENT_DATA`: the input has no IAM item for the account, so whether IAM
    ///   users exist is unknown.
    ///
    /// ## Differences from AWS
    /// Trusted Advisor reads IAM directly; offline, an account whose input holds no IAM
    /// item at all is INSUFFICIENT_DATA rather than yellow.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/awssupport/latest/user/security-checks.html>
    pub TaIamUse {
        identifier: "TA_IAM_USE",
        name: "ta-iam-use",
        resource_types: &[],
        scope: Scope::Account,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("no IAM item in the input is INSUFFICIENT_DATA"),
        needs: &[Need::Relationships],
        parameters: &[],
    }
}

impl Evaluate for TaIamUse {
    fn evaluate_account(&self, scope: &AccountScope<'_>, cx: &RuleContext<'_>) -> Verdict {
        let users = cx.items_in("AWS::IAM::User", scope).count();
        if users > 0 {
            return Verdict::compliant(format!("{users} IAM user(s)"));
        }
        let iam_recorded = ["AWS::IAM::Role", "AWS::IAM::Group", "AWS::IAM::Policy"]
            .iter()
            .any(|t| cx.items_in(t, scope).next().is_some());
        if iam_recorded {
            Verdict::non_compliant(
                "no IAM user has been created for this account",
                no_items("AWS::IAM::User", scope.account, None),
            )
            .with_severity(Severity::Medium)
        } else {
            Verdict::insufficient_data("the input has no IAM item for this account")
        }
    }
}
