use crate::rules::prelude::*;
use crate::rules::support::field::{Field, Unset, require_bool};
use crate::rules::support::logging::str_field;

declare_managed_rule! {
    /// Whether CodeBuild projects that write logs to S3 keep them encrypted.
    ///
    /// ## What it checks
    /// For projects with S3 logs enabled (`logsConfig.s3Logs.status` `ENABLED`), whether
    /// `logsConfig.s3Logs.encryptionDisabled` is true.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `encryptionDisabled` is true. Evidence: the field.
    /// - `COMPLIANT`: S3 logs are enabled and encrypted.
    /// - `NOT_APPLICABLE`: the project is listed in `exemptedProjects`, or it does not
    ///   write logs to S3, or the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS describes the rule for "projects configured with Amazon S3 logs"; projects with
    /// S3 logs disabled are NOT_APPLICABLE here. Project names in `exemptedProjects`
    /// compare exactly.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/codebuild-project-s3-logs-encrypted.html>
    pub CodebuildProjectS3LogsEncrypted {
        identifier: "CODEBUILD_PROJECT_S3_LOGS_ENCRYPTED",
        name: "codebuild-project-s3-logs-encrypted",
        resource_types: &["AWS::CodeBuild::Project"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("projects without S3 logs are NOT_APPLICABLE"),
        needs: &[],
        parameters: &[
            ParamSpec::csv("exemptedProjects")
                .doc("Comma-separated list of CodeBuild project names the rule skips."),
        ],
    }
}

impl Evaluate for CodebuildProjectS3LogsEncrypted {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let project = str_field(item, &["name"]).unwrap_or(&item.key.resource_id);
        if cx.params().list("exemptedProjects").iter().any(|p| p == project) {
            return Verdict::not_applicable(format!("project {project} is in exemptedProjects"));
        }
        let s3 = item.config_at("logsConfig.s3Logs");
        if !str_field(s3, &["status"]).is_some_and(|s| s.eq_ignore_ascii_case("enabled")) {
            return Verdict::not_applicable("the project does not write logs to S3");
        }
        require_bool(
            &Field::config(item, "logsConfig.s3Logs.encryptionDisabled"),
            false,
            Unset::Passes,
            "S3 logs are encrypted",
            "S3 logs are written unencrypted",
        )
    }
}
