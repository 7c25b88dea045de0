use crate::rules::prelude::*;
use crate::rules::support::ssm::compliance_verdict;

declare_managed_rule! {
    /// Whether Systems Manager association compliance is COMPLIANT after association runs.
    ///
    /// ## What it checks
    /// The association statuses recorded in an `AWS::SSM::AssociationCompliance` item:
    /// `configuration["AWS:ComplianceItem"].Content.Association.<association id>.Status`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: an association's status is not `COMPLIANT` (for example
    ///   `NON_COMPLIANT`). Evidence: that status.
    /// - `COMPLIANT`: every recorded status is `COMPLIANT`.
    /// - `NOT_APPLICABLE`: a deleted item.
    /// - `INSUFFICIENT_DATA`: the item records no association status.
    ///
    /// ## Differences from AWS
    /// AWS documents only "the field status" and not its path. We read the
    /// `AWS:ComplianceItem` content that Systems Manager inventory uses, take a
    /// `ComplianceSummary` entry when present, and ignore entries with a blank status.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/ec2-managedinstance-association-compliance-status-check.html>
    pub Ec2ManagedinstanceAssociationComplianceStatusCheck {
        identifier: "EC2_MANAGEDINSTANCE_ASSOCIATION_COMPLIANCE_STATUS_CHECK",
        name: "ec2-managedinstance-association-compliance-status-check",
        resource_types: &["AWS::SSM::AssociationCompliance"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("status path inferred from the SSM compliance item schema"),
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for Ec2ManagedinstanceAssociationComplianceStatusCheck {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        compliance_verdict(item, "Association", "association")
    }
}
