use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::iam::{InlinePolicies, inline_policies, inline_policy_name};
use crate::rules::support::more::{blocked_kms_grant, inline_documents};

declare_managed_rule! {
    /// Whether the inline policies of IAM users, roles and groups allow blocked KMS
    /// actions on all KMS keys.
    ///
    /// ## What it checks
    /// Every inline policy (`userPolicyList`, `rolePolicyList`, `groupPolicyList`): an
    /// `Allow` statement whose `Resource` reaches every KMS key and whose `Action`
    /// overlaps one of `blockedActionsPatterns`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: an inline policy allows a blocked pattern on `*` or on a KMS
    ///   ARN with a wildcard or policy variable. Evidence: the statement's JSON path and
    ///   its action.
    /// - `COMPLIANT`: no inline policy allows a blocked action on all keys (or there is
    ///   no inline policy).
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// Statements are read as in `iam-customer-policy-blocked-kms-actions` (conditions
    /// and `Deny` statements are not weighed). `excludeRoleByManagementAccount` is
    /// accepted but has no effect: which account is the organization's management
    /// account is not recorded by AWS Config, so every role is evaluated.
    ///
    /// AWS documents no default for the required `blockedActionsPatterns`; we default it
    /// to `kms:Decrypt,kms:ReEncryptFrom`, the value AWS's conformance packs pass most often,
    /// so that running every rule without parameters works.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/iam-inline-policy-blocked-kms-actions.html>
    pub IamInlinePolicyBlockedKmsActions {
        identifier: "IAM_INLINE_POLICY_BLOCKED_KMS_ACTIONS",
        name: "iam-inline-policy-blocked-kms-actions",
        resource_types: &["AWS::IAM::Group", "AWS::IAM::Role", "AWS::IAM::User"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("excludeRoleByManagementAccount has no effect offline; KMS ARNs with wildcards count as all keys"),
        needs: &[],
        parameters: &[
            ParamSpec::csv("blockedActionsPatterns").required().default("kms:Decrypt,kms:ReEncryptFrom").doc("Comma-separated list of blocked KMS action patterns, for example, kms:*, kms:Decrypt, kms:ReEncrypt*."),
            ParamSpec::bool("excludeRoleByManagementAccount").doc("Exclude a role if it is only assumable by organization management account."),
        ],
    }
}

impl Evaluate for IamInlinePolicyBlockedKmsActions {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let blocked = cx.params().list("blockedActionsPatterns");
        let InlinePolicies { field, list: entries } = inline_policies(item);
        for (i, entry) in entries.iter().enumerate() {
            let entry_path = config_path(&format!("{field}[{i}]"));
            for (path, doc) in inline_documents(entry, &entry_path) {
                if let Some(hit) = blocked_kms_grant(doc, &path, blocked) {
                    return Verdict::non_compliant(
                        format!(
                            "inline policy {} allows {} (blocked: {}) on {}",
                            inline_policy_name(entry),
                            hit.action,
                            hit.blocked,
                            hit.resource
                        ),
                        Evidence::at(hit.path, hit.action),
                    );
                }
            }
        }
        Verdict::compliant(format!(
            "none of the {} inline policies allows a blocked KMS action on all keys",
            entries.len()
        ))
    }
}
