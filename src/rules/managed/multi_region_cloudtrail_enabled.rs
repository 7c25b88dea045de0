use crate::rules::prelude::*;
use crate::rules::support::field::Field;
use crate::rules::support::logging::{
    TrailOutcome, account_trail_verdict, account_trails, trail_param_mismatch, trail_params_given,
    unrecorded_selectors,
};
use crate::rules::ValidParams;

declare_managed_rule! {
    /// Whether the account has at least one multi-Region CloudTrail trail.
    ///
    /// ## What it checks
    /// Whether some trail of the account, in any Region, is multi-Region
    /// (`isMultiRegionTrail`), matches the `s3BucketName`, `snsTopicArn` and
    /// `cloudWatchLogsLogGroupArn` parameters when given, and records management events
    /// without exclusions (and with `includeManagementEvents` / `readWriteType` when
    /// given). A multi-Region trail is recorded only in its home Region, so every Region
    /// of the account is searched.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the account has no trail in the input, or every trail fails a
    ///   recorded condition: not multi-Region, a different bucket/topic/log group, or the
    ///   default event selector (`hasCustomEventSelectors: false`, which records all
    ///   management events, reads and writes) contradicts `includeManagementEvents: false`
    ///   or a `readWriteType` other than `ALL`. Evidence: each failing trail's field.
    /// - `COMPLIANT`: a multi-Region trail meets the parameters and uses the default event
    ///   selector. The annotation says that its logging status was assumed on.
    /// - `INSUFFICIENT_DATA`: no trail passes, but a multi-Region trail that meets the
    ///   parameters has custom event selectors, whose content (management events,
    ///   read/write type, excluded sources) AWS Config does not record.
    ///
    /// ## Differences from AWS
    /// Two facts are not in configuration items. Event selectors: we read them from
    /// `hasCustomEventSelectors` when it is false (CloudTrail's default selector is
    /// known) and answer INSUFFICIENT_DATA when it is true. Logging status (IsLogging,
    /// GetTrailStatus): we assume a recorded trail is logging and say so in the
    /// annotation (COMPLIANT with a caveat), since AWS documents no IsLogging condition
    /// for this rule. Log-group parameters match with or without the trailing `:*`.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/multi-region-cloudtrail-enabled.html>
    pub MultiRegionCloudtrailEnabled {
        identifier: "MULTI_REGION_CLOUD_TRAIL_ENABLED",
        name: "multi-region-cloudtrail-enabled",
        resource_types: &[],
        scope: Scope::Account,
        trigger: Trigger::Periodic,
        severity: Severity::High,
        fidelity: Fidelity::Approximate(
            "IsLogging is assumed on; custom event selectors give INSUFFICIENT_DATA",
        ),
        needs: &[
            Need::Relationships,
            Need::External("CloudTrail GetTrailStatus (IsLogging) and GetEventSelectors, for trails with custom event selectors"),
        ],
        parameters: &[
            ParamSpec::string("s3BucketName")
                .doc("Name of the S3 bucket CloudTrail delivers log files to."),
            ParamSpec::string("snsTopicArn")
                .doc("ARN of the SNS topic CloudTrail uses for notifications."),
            ParamSpec::string("cloudWatchLogsLogGroupArn")
                .doc("ARN of the CloudWatch Logs log group CloudTrail sends events to."),
            ParamSpec::bool("includeManagementEvents")
                .doc("Event selector to include management events for the trail."),
            ParamSpec::choice("readWriteType", &["ReadOnly", "WriteOnly", "ALL"])
                .doc("Type of events to record: ReadOnly, WriteOnly or ALL."),
        ],
    }
}

fn has_params(params: &ValidParams) -> bool {
    trail_params_given(params)
        || ["includeManagementEvents", "readWriteType"]
            .iter()
            .any(|p| params.get(p).is_some())
}

fn judge(trail: &ConfigItem, params: &ValidParams) -> TrailOutcome {
    if !trail.has_configuration() {
        return TrailOutcome::Unknown("has no recorded configuration".to_owned());
    }
    let multi_region = Field::config(trail, "isMultiRegionTrail");
    if !multi_region.is_true() {
        return TrailOutcome::Fail(
            multi_region.describe("is not multi-Region"),
            multi_region.foreign_evidence(),
        );
    }
    if let Some((why, evidence)) = trail_param_mismatch(trail, params) {
        return TrailOutcome::Fail(why, evidence);
    }
    if let Some(unknown) = unrecorded_selectors(
        trail,
        "is multi-Region",
        " (management events, read/write type, excluded sources)",
    ) {
        return unknown;
    }
    let default_selector = || Field::config(trail, "hasCustomEventSelectors").foreign_evidence();
    if params.bool("includeManagementEvents") == Some(false) {
        return TrailOutcome::Fail(
            "records management events (default event selector), but includeManagementEvents is false".to_owned(),
            default_selector(),
        );
    }
    if let Some(rw) = params.str("readWriteType")
        && !rw.trim().eq_ignore_ascii_case("all")
    {
        return TrailOutcome::Fail(
            format!("records reads and writes (default event selector), not readWriteType {rw}"),
            default_selector(),
        );
    }
    let matched = if has_params(params) {
        ", matches the parameters"
    } else {
        ""
    };
    TrailOutcome::Pass(format!(
        "is multi-Region{matched} and uses the default event selector (all management events, reads and writes)"
    ))
}

impl Evaluate for MultiRegionCloudtrailEnabled {
    fn evaluate_account(&self, scope: &AccountScope<'_>, cx: &RuleContext<'_>) -> Verdict {
        let trails = account_trails(cx, scope.account);
        account_trail_verdict(
            scope.account,
            &trails,
            "is multi-Region with the required settings",
            |t| judge(t, cx.params()),
        )
    }
}
