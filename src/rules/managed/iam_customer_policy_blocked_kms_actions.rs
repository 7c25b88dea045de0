use crate::rules::prelude::*;
use crate::rules::support::iam::customer_policy_documents;
use crate::rules::support::more::blocked_kms_grant;

declare_managed_rule! {
    /// Whether customer managed IAM policies allow blocked KMS actions on all KMS keys.
    ///
    /// ## What it checks
    /// The statements of the default version of a customer managed policy: an `Allow`
    /// statement whose `Resource` reaches every KMS key and whose `Action` overlaps one
    /// of `blockedActionsPatterns`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: an `Allow` statement allows a blocked pattern (for example
    ///   `kms:*` allows `kms:Decrypt`; `kms:ReEncryptFrom` matches `kms:ReEncrypt*`) on
    ///   `*` or on a KMS ARN that is not a fixed value (it holds a wildcard or a policy
    ///   variable). Evidence: the statement's JSON path and its action.
    /// - `COMPLIANT`: no statement allows a blocked action on all keys.
    /// - `NOT_APPLICABLE`: AWS managed policies; policies used as permissions boundaries
    ///   when `excludePermissionBoundaryPolicy` is true; a deleted item.
    /// - `INSUFFICIENT_DATA`: `policyVersionList` has no readable default version.
    ///
    /// ## Differences from AWS
    /// Conditions are not evaluated (as AWS documents). Following AWS's note that only
    /// fixed values are non-public, any KMS ARN with `*`, `?` or `${…}` counts as all
    /// keys. `NotResource` counts as all resources; an `Allow` with `NotAction` allows a
    /// blocked pattern unless one of its entries matches it. `Deny` statements are not
    /// weighed against `Allow` ones.
    ///
    /// AWS documents no default for the required `blockedActionsPatterns`; we default it
    /// to `kms:Decrypt,kms:ReEncryptFrom`, the value AWS's conformance packs pass most often,
    /// so that running every rule without parameters works.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/iam-customer-policy-blocked-kms-actions.html>
    pub IamCustomerPolicyBlockedKmsActions {
        identifier: "IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS",
        name: "iam-customer-policy-blocked-kms-actions",
        resource_types: &["AWS::IAM::Policy"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("KMS ARNs with wildcards or variables count as all keys; Deny statements are not weighed"),
        needs: &[],
        parameters: &[
            ParamSpec::csv("blockedActionsPatterns").required().default("kms:Decrypt,kms:ReEncryptFrom").doc("Comma-separated list of blocked KMS action patterns for the rule to check, for example kms:Decrypt*,kms:ReEncrypt*."),
            ParamSpec::bool("excludePermissionBoundaryPolicy").default("false").doc("When true, IAM policies used as permissions boundaries are not evaluated."),
        ],
    }
}

impl Evaluate for IamCustomerPolicyBlockedKmsActions {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let docs = match customer_policy_documents(item, cx) {
            Ok(docs) => docs,
            Err(verdict) => return verdict,
        };
        let blocked = cx.params().list("blockedActionsPatterns");
        for doc in &docs {
            if let Some(hit) = blocked_kms_grant(doc.doc, &doc.path, blocked) {
                return Verdict::non_compliant(
                    format!(
                        "a statement allows {} (blocked: {}) on {}",
                        hit.action, hit.blocked, hit.resource
                    ),
                    Evidence::at(hit.path, hit.action),
                );
            }
        }
        Verdict::compliant("no statement allows a blocked KMS action on all keys")
    }
}
