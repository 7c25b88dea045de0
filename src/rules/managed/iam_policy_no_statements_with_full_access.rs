use crate::rules::prelude::*;
use crate::rules::support::iam::{customer_policy_verdict, is_full_access_action};
use crate::rules::support::policy::Statement;

declare_managed_rule! {
    /// Whether customer managed IAM policies grant every action of an AWS service.
    ///
    /// ## What it checks
    /// Whether a statement of the default version of a customer managed policy allows
    /// an unrestricted wildcard action: `<service>:*` (or `*`), on any resource.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: an `Allow` statement lists an action such as `ec2:*`, `*` or
    ///   `*:*` in `Action` (a string or a list). Evidence: the action's JSON path and
    ///   value.
    /// - `COMPLIANT`: every allowed action names specific actions or a prefixed wildcard
    ///   such as `ec2:Describe*`.
    /// - `NOT_APPLICABLE`: an AWS managed policy; a policy used as a permissions boundary
    ///   when `excludePermissionBoundaryPolicy` is true; a deleted item.
    /// - `INSUFFICIENT_DATA`: `policyVersionList` has no readable default version.
    ///
    /// ## Differences from AWS
    /// As for `iam-policy-no-statements-with-admin-access`, only `Action` is read: an
    /// `Allow` statement with `NotAction` is not reported, although it grants nearly
    /// every action. `Action: "*"` counts as full access (to every service).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/iam-policy-no-statements-with-full-access.html>
    pub IamPolicyNoStatementsWithFullAccess {
        identifier: "IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS",
        name: "iam-policy-no-statements-with-full-access",
        resource_types: &["AWS::IAM::Policy"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("NotAction statements are not reported; Action \"*\" counts"),
        needs: &[],
        parameters: &[
            ParamSpec::bool("excludePermissionBoundaryPolicy")
                .default("false")
                .doc("When true, policies used as permissions boundaries are not evaluated."),
        ],
    }
}

/// The first action of an `Allow` statement that grants a whole service: its JSONPath
/// and text.
fn full_access_action<'a>(s: &Statement<'a>) -> Option<(String, &'a str)> {
    if !s.is_allow() {
        return None;
    }
    match s.raw.get("Action")? {
        Value::String(a) => is_full_access_action(a).then(|| (format!("{}.Action", s.path), a.as_str())),
        Value::Array(list) => list.iter().enumerate().find_map(|(i, a)| {
            let a = a.as_str()?;
            is_full_access_action(a).then(|| (format!("{}.Action[{i}]", s.path), a))
        }),
        _ => None,
    }
}

impl Evaluate for IamPolicyNoStatementsWithFullAccess {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        customer_policy_verdict(
            item,
            cx,
            "no statement allows an unrestricted service wildcard",
            |doc| {
                let (path, action) = doc.statements().iter().find_map(full_access_action)?;
                Some(Verdict::non_compliant(
                    format!("a statement allows full access with action \"{action}\""),
                    Evidence::at(path, action),
                ))
            },
        )
    }
}
