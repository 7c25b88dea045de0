use crate::rules::prelude::*;
use crate::rules::support::iam::customer_policy_verdict;
use crate::rules::support::policy::admin_statement;

declare_managed_rule! {
    /// Whether customer managed IAM policies allow every action on every resource.
    ///
    /// ## What it checks
    /// Whether a statement of the default version of a customer managed policy has
    /// `"Effect": "Allow"` with `"Action": "*"` over `"Resource": "*"`. `Action` and
    /// `Resource` may each be a string or a list.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the default version has an `Allow` statement whose `Action`
    ///   includes `*` (or `*:*`) and whose `Resource` includes `*`. Evidence: the
    ///   statement's JSON path and the statement.
    /// - `COMPLIANT`: no such statement; `"Action": "service:*"` is compliant.
    /// - `NOT_APPLICABLE`: an AWS managed policy (`arn:aws:iam::aws:policy/…`); a policy
    ///   used as a permissions boundary (`permissionsBoundaryUsageCount` > 0) when
    ///   `excludePermissionBoundaryPolicy` is true; a deleted item.
    /// - `INSUFFICIENT_DATA`: `policyVersionList` has no readable default version.
    ///
    /// ## Differences from AWS
    /// AWS does not say how `NotAction` is treated. We follow the documented test
    /// literally: only `Action` is read, so an `Allow` statement with `NotAction` is not
    /// an admin statement. Conditions and `NotResource` are not considered either.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/iam-policy-no-statements-with-admin-access.html>
    pub IamPolicyNoStatementsWithAdminAccess {
        identifier: "IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS",
        name: "iam-policy-no-statements-with-admin-access",
        resource_types: &["AWS::IAM::Policy"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::High,
        fidelity: Fidelity::Approximate("NotAction statements are not treated as Action \"*\""),
        needs: &[],
        parameters: &[
            ParamSpec::bool("excludePermissionBoundaryPolicy")
                .default("false")
                .doc("When true, policies used as permissions boundaries are not evaluated."),
        ],
    }
}

impl Evaluate for IamPolicyNoStatementsWithAdminAccess {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        customer_policy_verdict(
            item,
            cx,
            "no statement allows Action \"*\" on Resource \"*\"",
            |doc| {
                let s = admin_statement(doc.doc, &doc.path)?;
                let sid = s.sid().map(|id| format!(" ({id})")).unwrap_or_default();
                Some(Verdict::non_compliant(
                    format!("statement{sid} allows Action \"*\" on Resource \"*\""),
                    Evidence::at(s.path.clone(), s.raw.clone()),
                ))
            },
        )
    }
}
