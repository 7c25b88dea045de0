use crate::rules::prelude::*;
use crate::rules::support::field::Field;
use crate::rules::support::logging::{
    TrailOutcome, account_trail_verdict, account_trails, unrecorded_selectors,
};

declare_managed_rule! {
    /// Whether the account has a CloudTrail trail that follows the security best practices.
    ///
    /// ## What it checks
    /// Whether at least one trail of the account, in any Region, records global service
    /// events, is multi-Region, validates log files, encrypts with a KMS key, records
    /// reads and writes, records management events and excludes no management events.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the account has no trail in the input, or every trail fails one
    ///   of `includeGlobalServiceEvents`, `isMultiRegionTrail`, `logFileValidationEnabled`
    ///   (false or absent) or `kmsKeyId` (absent). Evidence: each trail's first failing
    ///   field.
    /// - `COMPLIANT`: a trail meets the four recorded conditions and uses the default
    ///   event selector (`hasCustomEventSelectors: false`: all management events, reads
    ///   and writes, no exclusions). The annotation says that its logging status was
    ///   assumed on.
    /// - `INSUFFICIENT_DATA`: no trail passes, but one meets the four recorded conditions
    ///   and has custom event selectors, whose content AWS Config does not record.
    ///
    /// ## Differences from AWS
    /// Event selectors are not in configuration items: we read the default selector from
    /// `hasCustomEventSelectors: false` and answer INSUFFICIENT_DATA for custom ones.
    /// Logging status (IsLogging) is not recorded either; AWS lists no such condition for
    /// this rule, and we assume it on (stated in the annotation).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-security-trail-enabled.html>
    pub CloudtrailSecurityTrailEnabled {
        identifier: "CLOUDTRAIL_SECURITY_TRAIL_ENABLED",
        name: "cloudtrail-security-trail-enabled",
        resource_types: &[],
        scope: Scope::Account,
        trigger: Trigger::Periodic,
        severity: Severity::High,
        fidelity: Fidelity::Approximate(
            "custom event selectors give INSUFFICIENT_DATA; IsLogging is assumed on",
        ),
        needs: &[
            Need::Relationships,
            Need::External("CloudTrail GetEventSelectors, for trails with custom event selectors"),
        ],
        parameters: &[],
    }
}

/// The boolean conditions, with how a failure reads.
const FLAGS: [(&str, &str); 3] = [
    ("includeGlobalServiceEvents", "does not record global service events"),
    ("isMultiRegionTrail", "is not multi-Region"),
    ("logFileValidationEnabled", "does not validate log files"),
];

fn judge(trail: &ConfigItem) -> TrailOutcome {
    if !trail.has_configuration() {
        return TrailOutcome::Unknown("has no recorded configuration".to_owned());
    }
    for (flag, failure) in FLAGS {
        let field = Field::config(trail, flag);
        if !field.is_true() {
            return TrailOutcome::Fail(field.describe(failure), field.foreign_evidence());
        }
    }
    let key = Field::config(trail, "kmsKeyId");
    if key.text().is_none() {
        return TrailOutcome::Fail(
            "is not encrypted with a KMS key (no kmsKeyId)".to_owned(),
            key.foreign_evidence(),
        );
    }
    unrecorded_selectors(trail, "meets the recorded conditions", "").unwrap_or_else(|| {
        TrailOutcome::Pass(
            "is multi-Region, records global service events, validates and KMS-encrypts log files, and uses the default event selector".to_owned(),
        )
    })
}

impl Evaluate for CloudtrailSecurityTrailEnabled {
    fn evaluate_account(&self, scope: &AccountScope<'_>, cx: &RuleContext<'_>) -> Verdict {
        let trails = account_trails(cx, scope.account);
        account_trail_verdict(
            scope.account,
            &trails,
            "meets the security-trail conditions",
            judge,
        )
    }
}
