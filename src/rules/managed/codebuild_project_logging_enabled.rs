use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::logging::str_field;

declare_managed_rule! {
    /// Whether CodeBuild projects send build logs to CloudWatch Logs or S3.
    ///
    /// ## What it checks
    /// The project's `configuration.logsConfig`: `cloudWatchLogs.status` and
    /// `s3Logs.status` (`ENABLED`/`DISABLED`). With `cloudWatchGroupNames`, an enabled
    /// CloudWatch Logs destination must use a listed log group (`groupName`, or
    /// CodeBuild's default `/aws/codebuild/<project>`); with `s3BucketNames`, an enabled
    /// S3 destination must use a listed bucket (the bucket part of `location`).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: neither destination is enabled, or an enabled destination is not
    ///   among the listed ones. Evidence: the status or destination field.
    /// - `COMPLIANT`: at least one destination is enabled and every enabled destination
    ///   is accepted.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS does not say how the parameters apply. We check each enabled destination
    /// against its own list; a list for a disabled destination is not required. CodeBuild
    /// enables CloudWatch Logs when `logsConfig` or its status is absent, so a missing
    /// CloudWatch status counts as `ENABLED`.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/codebuild-project-logging-enabled.html>
    pub CodebuildProjectLoggingEnabled {
        identifier: "CODEBUILD_PROJECT_LOGGING_ENABLED",
        name: "codebuild-project-logging-enabled",
        resource_types: &["AWS::CodeBuild::Project"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("destination lists apply to enabled destinations of their kind"),
        needs: &[],
        parameters: &[
            ParamSpec::csv("s3BucketNames")
                .doc("Comma-separated list of S3 bucket names project logs may be sent to."),
            ParamSpec::csv("cloudWatchGroupNames")
                .doc("Comma-separated list of CloudWatch Logs group names project logs may be sent to."),
        ],
    }
}

/// The bucket of an S3 log location: `bucket/prefix` or `arn:aws:s3:::bucket/prefix`.
fn bucket_of(location: &str) -> &str {
    let rest = location.strip_prefix("arn:aws:s3:::").unwrap_or(location);
    rest.split('/').next().unwrap_or(rest)
}

impl Evaluate for CodebuildProjectLoggingEnabled {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let logs = item.config_at("logsConfig");
        let cw = logs.get("cloudWatchLogs").unwrap_or(&Value::Null);
        let s3 = logs.get("s3Logs").unwrap_or(&Value::Null);
        let cw_on = str_field(cw, &["status"]).is_none_or(|s| s.eq_ignore_ascii_case("enabled"));
        let s3_on = str_field(s3, &["status"]).is_some_and(|s| s.eq_ignore_ascii_case("enabled"));
        if !cw_on && !s3_on {
            return Verdict::non_compliant(
                "both CloudWatch Logs and S3 logs are disabled",
                Evidence::at(config_path("logsConfig"), logs.clone()),
            );
        }
        let project = str_field(item, &["name"]).unwrap_or(&item.key.resource_id);
        let default_group = format!("/aws/codebuild/{project}");
        let group = str_field(cw, &["groupName"]).unwrap_or(&default_group);
        let groups = cx.params().list("cloudWatchGroupNames");
        if cw_on && !groups.is_empty() && !groups.iter().any(|g| g == group) {
            return Verdict::non_compliant(
                format!("CloudWatch Logs go to group {group}, not one of {}", groups.join(", ")),
                Evidence::at(config_path("logsConfig.cloudWatchLogs.groupName"), group),
            );
        }
        let location = str_field(s3, &["location"]).unwrap_or("");
        let bucket = bucket_of(location);
        let buckets = cx.params().list("s3BucketNames");
        if s3_on && !buckets.is_empty() && !buckets.iter().any(|b| b == bucket) {
            return Verdict::non_compliant(
                format!("S3 logs go to bucket '{bucket}', not one of {}", buckets.join(", ")),
                Evidence::at(config_path("logsConfig.s3Logs.location"), location),
            );
        }
        let mut on = Vec::new();
        if cw_on {
            on.push(format!("CloudWatch Logs ({group})"));
        }
        if s3_on {
            on.push(format!("S3 ({location})"));
        }
        Verdict::compliant(format!("build logs go to {}", on.join(" and ")))
    }
}
