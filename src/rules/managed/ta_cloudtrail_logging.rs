use crate::rules::prelude::*;
use crate::rules::support::field::Field;
use crate::rules::support::logging::{
    IS_LOGGING_CAVEAT, TRAIL, account_trails, covers_region, trail_name,
};
use crate::rules::support::no_items;

declare_managed_rule! {
    /// Trusted Advisor "AWS CloudTrail Logging": whether a CloudTrail trail covers each Region.
    ///
    /// ## What it checks
    /// For each account and Region of the input, whether a trail records that Region's
    /// events: a multi-Region trail of the account (recorded in its home Region) or a
    /// trail of that Region.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT` (red, high): no trail covers the Region. Evidence: the account's
    ///   single-Region trails elsewhere (`isMultiRegionTrail`), or the empty set of trail
    ///   items.
    /// - `COMPLIANT`: a trail covers the Region. The annotation says that its logging
    ///   status and delivery errors were not checked.
    ///
    /// ## Differences from AWS
    /// Trusted Advisor also turns red when logging is off for a trail and yellow when a
    /// trail reports delivery errors; both come from CloudTrail GetTrailStatus, which is
    /// not in configuration items, so a covering trail is assumed to be logging without
    /// errors. Trusted Advisor reports one row per trail and Region; we report one
    /// verdict per account and Region.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/awssupport/latest/user/security-checks.html>
    pub TaCloudtrailLogging {
        identifier: "TA_CLOUDTRAIL_LOGGING",
        name: "ta-cloudtrail-logging",
        resource_types: &[],
        scope: Scope::AccountRegion,
        trigger: Trigger::Periodic,
        severity: Severity::High,
        fidelity: Fidelity::Approximate(
            "logging status and delivery errors (GetTrailStatus) are not recorded: a covering trail is assumed to log",
        ),
        needs: &[
            Need::Relationships,
            Need::External("CloudTrail GetTrailStatus (IsLogging, LatestDeliveryError)"),
        ],
        parameters: &[],
    }
}

impl Evaluate for TaCloudtrailLogging {
    fn evaluate_account(&self, scope: &AccountScope<'_>, cx: &RuleContext<'_>) -> Verdict {
        let region = scope.region.unwrap_or("global");
        let trails = account_trails(cx, scope.account);
        if let Some(trail) = trails.iter().find(|t| covers_region(t, region)) {
            return Verdict::compliant(format!(
                "Region {region} is covered by trail '{}' ({}); {IS_LOGGING_CAVEAT}, and delivery errors are not checked",
                trail_name(trail),
                trail.key.region
            ));
        }
        let mut evidence = trails
            .iter()
            .map(|t| Field::config(t, "isMultiRegionTrail").foreign_evidence());
        let annotation = format!(
            "no CloudTrail trail covers Region {region} ({} trail(s) in account {}, none multi-Region or in this Region)",
            trails.len(),
            scope.account
        );
        match evidence.next() {
            Some(first) => Verdict::non_compliant_all(annotation, first, evidence.collect()),
            None => Verdict::non_compliant(annotation, no_items(TRAIL, scope.account, None)),
        }
        .with_severity(Severity::High)
    }
}
