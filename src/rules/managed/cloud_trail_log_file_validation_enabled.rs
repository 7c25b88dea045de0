use crate::rules::prelude::*;
use crate::rules::support::field::{Field, Unset, require_bool};

declare_managed_rule! {
    /// Whether CloudTrail trails create signed digest files (log file integrity validation).
    ///
    /// ## What it checks
    /// Whether the trail's `logFileValidationEnabled` is true.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `configuration.logFileValidationEnabled` is false or absent.
    ///   Evidence: the field.
    /// - `COMPLIANT`: it is true.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/cloud-trail-log-file-validation-enabled.html>
    pub CloudTrailLogFileValidationEnabled {
        identifier: "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED",
        name: "cloud-trail-log-file-validation-enabled",
        resource_types: &["AWS::CloudTrail::Trail"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for CloudTrailLogFileValidationEnabled {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        require_bool(
            &Field::config(item, "logFileValidationEnabled"),
            true,
            Unset::Fails,
            "log file validation is enabled",
            "log file validation is not enabled",
        )
    }
}
