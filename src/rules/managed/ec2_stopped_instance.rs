use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};

use crate::rules::prelude::*;
use crate::rules::support::config_path;

declare_managed_rule! {
    /// Whether EC2 instances have been stopped for longer than the allowed number of days.
    ///
    /// ## What it checks
    /// For an instance whose `state.name` is `stopped`, when it stopped, compared with the
    /// evaluation time (`--at`). The stop time is the capture time of the first version
    /// of the current run of `stopped` versions in the item's history (after a version
    /// in another state); else the date in `stateTransitionReason`
    /// (`User initiated (YYYY-MM-DD HH:MM:SS GMT)`).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: stopped for more than `AllowedDays` days, or stopped and the
    ///   stop time cannot be determined (as AWS documents). Evidence: `state.name`.
    /// - `COMPLIANT`: not stopped, or stopped for at most `AllowedDays` days.
    /// - `NOT_APPLICABLE`: a deleted item.
    ///
    /// ## Differences from AWS
    /// AWS relies on its own configuration history. Offline, the history is whatever
    /// versions the input holds; when every version is `stopped`, the oldest one's
    /// capture time is a lower bound (enough to be NON_COMPLIANT when it is old), and the
    /// `stateTransitionReason` date is used otherwise (a heuristic AWS does not
    /// document).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/ec2-stopped-instance.html>
    pub Ec2StoppedInstance {
        identifier: "EC2_STOPPED_INSTANCE",
        name: "ec2-stopped-instance",
        resource_types: &["AWS::EC2::Instance"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("stop time from the input's history or stateTransitionReason"),
        needs: &[Need::History, Need::Clock],
        parameters: &[
            ParamSpec::int("AllowedDays")
                .default("30")
                .doc("The number of days an instance may stay stopped."),
        ],
    }
}

fn is_stopped(item: &ConfigItem) -> bool {
    !item.is_deleted() && item.config_at("state.name").as_str() == Some("stopped")
}

/// The date in `User initiated (2026-01-05 10:11:12 GMT)`.
fn reason_time(reason: &str) -> Option<DateTime<Utc>> {
    let start = reason.find('(')? + 1;
    let end = start + reason[start..].find(')')?;
    let text = reason[start..end].trim().trim_end_matches("GMT").trim();
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .ok()
        .map(|t| t.and_utc())
}

impl Evaluate for Ec2StoppedInstance {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let state = item.config_at("state.name").as_str().unwrap_or("unknown");
        if state != "stopped" {
            return Verdict::compliant(format!("the instance is {state}"));
        }
        let allowed = cx.params().int("AllowedDays").unwrap_or(30).max(0);
        let limit = TimeDelta::days(allowed);
        let now = cx.now();
        let evidence = || Evidence::at(config_path("state.name"), "stopped");
        let judge = |since: DateTime<Utc>, source: &str| {
            let days = (now - since).num_days();
            let when = since.format("%Y-%m-%d %H:%M UTC");
            if now - since > limit {
                Verdict::non_compliant(
                    format!("stopped since {when} ({source}): {days} days, more than AllowedDays {allowed}"),
                    evidence(),
                )
            } else {
                Verdict::compliant(format!(
                    "stopped since {when} ({source}): {days} days, within AllowedDays {allowed}"
                ))
            }
        };

        // The current run of stopped versions, newest first.
        let history = cx.history();
        let mut first_stopped = None;
        let mut preceded = false;
        for v in history.iter().rev() {
            if is_stopped(v) {
                first_stopped = Some(*v);
            } else {
                preceded = true;
                break;
            }
        }
        let first_time = first_stopped
            .and_then(|v| v.capture_time.as_ref())
            .and_then(|t| t.instant);
        if let Some(t) = first_time {
            if preceded {
                return judge(t, "configuration history");
            }
            if now - t > limit {
                return judge(t, "at least, oldest stopped version in the input");
            }
        }
        let reason = item.config_at("stateTransitionReason").as_str().unwrap_or("");
        if let Some(t) = reason_time(reason) {
            return judge(t, "stateTransitionReason");
        }
        Verdict::non_compliant(
            "the instance is stopped and the time it stopped cannot be determined",
            evidence(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_user_initiated_reason() {
        let t = reason_time("User initiated (2026-01-05 10:11:12 GMT)").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-01-05T10:11:12+00:00");
        assert!(reason_time("").is_none());
        assert!(reason_time("Server.ScheduledStop: Stopped due to event").is_none());
    }
}
