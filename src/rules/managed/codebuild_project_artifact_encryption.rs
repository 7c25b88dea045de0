use crate::rules::prelude::*;
use crate::rules::support::logging::field;
use crate::rules::support::{as_bool, as_list, config_path};

declare_managed_rule! {
    /// Whether CodeBuild projects encrypt all their artifacts.
    ///
    /// ## What it checks
    /// `encryptionDisabled` of the primary `artifacts` and of every
    /// `secondaryArtifacts` entry.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: an artifact configuration has `encryptionDisabled` true.
    ///   Evidence: the field's path and value.
    /// - `COMPLIANT`: no artifact configuration disables encryption (including projects
    ///   with `NO_ARTIFACTS`).
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/codebuild-project-artifact-encryption.html>
    pub CodebuildProjectArtifactEncryption {
        identifier: "CODEBUILD_PROJECT_ARTIFACT_ENCRYPTION",
        name: "codebuild-project-artifact-encryption",
        resource_types: &["AWS::CodeBuild::Project"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for CodebuildProjectArtifactEncryption {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let mut count = 0;
        for key in ["artifacts", "secondaryArtifacts"] {
            let value = item.config_at(key);
            let single = value.is_object();
            for (i, artifact) in as_list(value).into_iter().enumerate() {
                count += 1;
                let Some((name, disabled)) = field(artifact, &["encryptionDisabled", "EncryptionDisabled"]) else {
                    continue;
                };
                if as_bool(disabled) == Some(true) {
                    let path = if single {
                        config_path(&format!("{key}.{name}"))
                    } else {
                        config_path(&format!("{key}[{i}].{name}"))
                    };
                    return Verdict::non_compliant(
                        format!("an artifact configuration ({key}) disables encryption"),
                        Evidence::at(path, disabled.clone()),
                    );
                }
            }
        }
        Verdict::compliant(format!("none of the {count} artifact configuration(s) disables encryption"))
    }
}
