use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::logging::str_field;

declare_managed_rule! {
    /// Whether CodeBuild projects hold AWS credentials in plaintext environment
    /// variables.
    ///
    /// ## What it checks
    /// The project's `environment.environmentVariables`: a variable named
    /// `AWS_ACCESS_KEY_ID` or `AWS_SECRET_ACCESS_KEY` whose `type` is `PLAINTEXT` (the
    /// default when no type is recorded).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: such a plaintext variable exists. Evidence: the variable's
    ///   `name` path (the value is not quoted).
    /// - `COMPLIANT`: no plaintext AWS credential variable (variables read from
    ///   Parameter Store or Secrets Manager are fine).
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// Names compare ignoring case. A missing `type` counts as `PLAINTEXT`, CodeBuild's
    /// default.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/codebuild-project-envvar-awscred-check.html>
    pub CodebuildProjectEnvvarAwscredCheck {
        identifier: "CODEBUILD_PROJECT_ENVVAR_AWSCRED_CHECK",
        name: "codebuild-project-envvar-awscred-check",
        resource_types: &["AWS::CodeBuild::Project"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Critical,
        fidelity: Fidelity::Approximate("names compare ignoring case; a missing type counts as PLAINTEXT"),
        needs: &[],
        parameters: &[],
    }
}

const CREDENTIAL_NAMES: [&str; 2] = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];

impl Evaluate for CodebuildProjectEnvvarAwscredCheck {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let vars = item
            .config_at("environment.environmentVariables")
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        for (i, var) in vars.iter().enumerate() {
            let name = str_field(var, &["name", "Name"]).unwrap_or("");
            let kind = str_field(var, &["type", "Type"]).unwrap_or("PLAINTEXT");
            if CREDENTIAL_NAMES.iter().any(|c| c.eq_ignore_ascii_case(name.trim()))
                && kind.eq_ignore_ascii_case("PLAINTEXT")
            {
                return Verdict::non_compliant(
                    format!("the environment variable {name} holds a plaintext credential"),
                    Evidence::at(
                        config_path(&format!("environment.environmentVariables[{i}].name")),
                        name,
                    ),
                )
                .with_severity(Severity::Critical);
            }
        }
        Verdict::compliant(format!(
            "none of the {} environment variable(s) holds a plaintext AWS credential",
            vars.len()
        ))
    }
}
