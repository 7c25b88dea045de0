use crate::rules::prelude::*;
use crate::rules::support::ssm::compliance_verdict;

declare_managed_rule! {
    /// Whether Systems Manager patch compliance is COMPLIANT after patching.
    ///
    /// ## What it checks
    /// The patch compliance recorded in an `AWS::SSM::PatchCompliance` item:
    /// `configuration["AWS:ComplianceItem"].Content.Patch.ComplianceSummary.Status`, or
    /// when there is no summary, the `Status` of every patch entry.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the summary status (or a patch's status) is not `COMPLIANT`.
    ///   Evidence: that status.
    /// - `COMPLIANT`: the summary status (or every patch status) is `COMPLIANT`.
    /// - `NOT_APPLICABLE`: a deleted item.
    /// - `INSUFFICIENT_DATA`: the item records no patch status.
    ///
    /// ## Differences from AWS
    /// AWS documents only "the field status". We read the `AWS:ComplianceItem` content
    /// that Systems Manager inventory uses; the summary wins over individual patches, and
    /// entries with a blank status are ignored.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/ec2-managedinstance-patch-compliance-status-check.html>
    pub Ec2ManagedinstancePatchComplianceStatusCheck {
        identifier: "EC2_MANAGEDINSTANCE_PATCH_COMPLIANCE_STATUS_CHECK",
        name: "ec2-managedinstance-patch-compliance-status-check",
        resource_types: &["AWS::SSM::PatchCompliance"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("status path inferred from the SSM compliance item schema"),
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for Ec2ManagedinstancePatchComplianceStatusCheck {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        compliance_verdict(item, "Patch", "patch")
    }
}
