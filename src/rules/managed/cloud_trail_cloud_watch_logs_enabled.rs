use crate::rules::prelude::*;
use crate::rules::support::field::Field;
use crate::rules::support::logging::str_field;

declare_managed_rule! {
    /// Whether CloudTrail trails send their events to CloudWatch Logs.
    ///
    /// ## What it checks
    /// Whether the trail has a CloudWatch Logs log group (`cloudWatchLogsLogGroupArn`).
    /// With `expectedDeliveryWindowAge`, AWS also requires the latest delivery to
    /// CloudWatch Logs to be more recent than that many hours.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `configuration.cloudWatchLogsLogGroupArn` is absent or empty.
    ///   Evidence: the field.
    /// - `COMPLIANT`: the trail names a log group and `expectedDeliveryWindowAge` is not
    ///   given.
    /// - `INSUFFICIENT_DATA`: the trail names a log group but `expectedDeliveryWindowAge`
    ///   is given: the latest delivery time (`LatestCloudWatchLogsDeliveryTime`) comes
    ///   from CloudTrail GetTrailStatus and is not in the configuration item.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// The delivery-age check cannot be made offline, so a trail that would pass the
    /// log-group check is INSUFFICIENT_DATA whenever `expectedDeliveryWindowAge` is set,
    /// never a silent pass.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/cloud-trail-cloud-watch-logs-enabled.html>
    pub CloudTrailCloudWatchLogsEnabled {
        identifier: "CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED",
        name: "cloud-trail-cloud-watch-logs-enabled",
        resource_types: &["AWS::CloudTrail::Trail"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate(
            "with expectedDeliveryWindowAge, trails with a log group are INSUFFICIENT_DATA (delivery time is not recorded)",
        ),
        needs: &[Need::External(
            "CloudTrail GetTrailStatus LatestCloudWatchLogsDeliveryTime (only with expectedDeliveryWindowAge)",
        )],
        parameters: &[
            ParamSpec::int("expectedDeliveryWindowAge")
                .range(1, i64::MAX)
                .doc("Maximum age in hours of the most recent delivery to CloudWatch Logs."),
        ],
    }
}

impl Evaluate for CloudTrailCloudWatchLogsEnabled {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let Some(group) = str_field(item, &["cloudWatchLogsLogGroupArn"]) else {
            return Verdict::non_compliant(
                "the trail does not send events to CloudWatch Logs (no cloudWatchLogsLogGroupArn)",
                Field::config(item, "cloudWatchLogsLogGroupArn").evidence(),
            );
        };
        match cx.params().int("expectedDeliveryWindowAge") {
            Some(hours) => Verdict::insufficient_data(format!(
                "the trail sends events to {group}, but whether the latest delivery is within {hours} hour(s) needs CloudTrail GetTrailStatus (LatestCloudWatchLogsDeliveryTime), which AWS Config does not record"
            )),
            None => Verdict::compliant(format!("the trail sends events to {group}")),
        }
    }
}
