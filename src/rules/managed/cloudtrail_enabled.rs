use crate::rules::prelude::*;
use crate::rules::support::logging::{
    TrailOutcome, account_trail_verdict, account_trails, trail_param_mismatch,
    trail_params_given,
};

declare_managed_rule! {
    /// Whether the account has a CloudTrail trail (using the given bucket, topic and log group).
    ///
    /// ## What it checks
    /// Whether some trail of the account, in any Region, exists and, when the parameters
    /// are given, delivers to that S3 bucket, notifies that SNS topic and sends to that
    /// CloudWatch Logs log group.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the account has no trail in the input, or no trail matches the
    ///   given parameters. Evidence: each trail's mismatching field (or the empty set of
    ///   trail items).
    /// - `COMPLIANT`: a trail matches. The annotation says that its logging status was
    ///   assumed on.
    ///
    /// ## Differences from AWS
    /// AWS calls a trail "enabled" from GetTrailStatus (IsLogging), which is not in
    /// configuration items. We treat a recorded trail as enabled (COMPLIANT with the
    /// caveat in the annotation) rather than answering INSUFFICIENT_DATA for every
    /// account, so a trail whose logging was stopped passes here. The account is one
    /// scope: a trail in any Region satisfies it. Log-group parameters match with or
    /// without the trailing `:*`.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-enabled.html>
    pub CloudtrailEnabled {
        identifier: "CLOUD_TRAIL_ENABLED",
        name: "cloudtrail-enabled",
        resource_types: &[],
        scope: Scope::Account,
        trigger: Trigger::Periodic,
        severity: Severity::High,
        fidelity: Fidelity::Approximate("a recorded trail is assumed to be logging (IsLogging is not recorded)"),
        needs: &[
            Need::Relationships,
            Need::External("CloudTrail GetTrailStatus (IsLogging)"),
        ],
        parameters: &[
            ParamSpec::string("s3BucketName")
                .doc("Name of the S3 bucket CloudTrail delivers log files to."),
            ParamSpec::string("snsTopicArn")
                .doc("ARN of the SNS topic CloudTrail uses for notifications."),
            ParamSpec::string("cloudWatchLogsLogGroupArn")
                .doc("ARN of the CloudWatch Logs log group CloudTrail sends events to."),
        ],
    }
}

impl Evaluate for CloudtrailEnabled {
    fn evaluate_account(&self, scope: &AccountScope<'_>, cx: &RuleContext<'_>) -> Verdict {
        let trails = account_trails(cx, scope.account);
        let (what, pass) = if trail_params_given(cx.params()) {
            ("matches the parameters", "is defined and matches the parameters")
        } else {
            ("is defined", "is defined")
        };
        account_trail_verdict(scope.account, &trails, what, |t| {
            match trail_param_mismatch(t, cx.params()) {
                Some((why, evidence)) => TrailOutcome::Fail(why, evidence),
                None => TrailOutcome::Pass(pass.to_owned()),
            }
        })
    }
}
