use crate::rules::prelude::*;
use crate::rules::support::iam::{customer_policy_documents, is_full_access_action};

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

impl Evaluate for IamPolicyNoStatementsWithFullAccess {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let docs = match customer_policy_documents(item, cx) {
            Ok(docs) => docs,
            Err(verdict) => return verdict,
        };
        for doc in &docs {
            for s in doc.statements().iter().filter(|s| s.is_allow()) {
                let Some(action) = s.raw.get("Action") else {
                    continue;
                };
                let hit = match action {
                    Value::String(a) => is_full_access_action(a)
                        .then(|| (format!("{}.Action", s.path), a.as_str())),
                    Value::Array(list) => list.iter().enumerate().find_map(|(i, a)| {
                        let a = a.as_str()?;
                        is_full_access_action(a).then(|| (format!("{}.Action[{i}]", s.path), a))
                    }),
                    _ => None,
                };
                if let Some((path, a)) = hit {
                    return Verdict::non_compliant(
                        format!("a statement allows full access with action \"{a}\""),
                        Evidence::at(path, a),
                    );
                }
            }
        }
        Verdict::compliant("no statement allows an unrestricted service wildcard")
    }
}
