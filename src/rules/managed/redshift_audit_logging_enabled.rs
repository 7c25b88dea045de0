use crate::rules::prelude::*;
use crate::rules::support::logging::{field, str_field};
use crate::rules::support::{as_bool, supplementary_path};

declare_managed_rule! {
    /// Whether Redshift clusters have audit logging enabled.
    ///
    /// ## What it checks
    /// The cluster's `supplementaryConfiguration.LoggingStatus`: `loggingEnabled` must be
    /// true and, with `bucketNames`, `bucketName` must be listed.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `loggingEnabled` is false or absent, or the logs go to a bucket
    ///   (or to CloudWatch Logs) that is not in `bucketNames`. Evidence: the field.
    /// - `COMPLIANT`: audit logging is on (to a listed bucket, when given).
    /// - `INSUFFICIENT_DATA`: the item carries no `LoggingStatus`.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/redshift-audit-logging-enabled.html>
    pub RedshiftAuditLoggingEnabled {
        identifier: "REDSHIFT_AUDIT_LOGGING_ENABLED",
        name: "redshift-audit-logging-enabled",
        resource_types: &["AWS::Redshift::Cluster"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[
            ParamSpec::csv("bucketNames")
                .doc("Comma-separated list of S3 bucket names audit logs may be delivered to."),
        ],
    }
}

impl Evaluate for RedshiftAuditLoggingEnabled {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let Some(status) = item.supplementary().get("LoggingStatus").filter(|v| v.is_object()) else {
            return Verdict::insufficient_data(
                "the item carries no LoggingStatus in supplementaryConfiguration",
            );
        };
        let (name, enabled) = field(status, &["loggingEnabled", "LoggingEnabled"])
            .unwrap_or(("loggingEnabled", &Value::Null));
        if as_bool(enabled) != Some(true) {
            return Verdict::non_compliant(
                format!("audit logging is not enabled (loggingEnabled {enabled})"),
                Evidence::at(supplementary_path(&format!("LoggingStatus.{name}")), enabled.clone()),
            );
        }
        let bucket = str_field(status, &["bucketName", "BucketName"]);
        let destination = bucket.map_or_else(
            || {
                str_field(status, &["logDestinationType", "LogDestinationType"])
                    .unwrap_or("an unnamed destination")
                    .to_owned()
            },
            |b| format!("bucket {b}"),
        );
        let allowed = cx.params().list("bucketNames");
        if !allowed.is_empty() && !bucket.is_some_and(|b| allowed.iter().any(|a| a == b)) {
            return Verdict::non_compliant(
                format!("audit logs go to {destination}, not one of {}", allowed.join(", ")),
                Evidence::at(
                    supplementary_path("LoggingStatus.bucketName"),
                    bucket.map_or(Value::Null, Value::from),
                ),
            );
        }
        Verdict::compliant(format!("audit logs go to {destination}"))
    }
}
