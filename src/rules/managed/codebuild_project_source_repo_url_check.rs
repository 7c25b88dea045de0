use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::logging::str_field;
use crate::rules::support::as_list;

declare_managed_rule! {
    /// Whether the Bitbucket source repository URLs of CodeBuild projects contain
    /// sign-in credentials.
    ///
    /// ## What it checks
    /// Every source (`source` and `secondarySources`) of type `BITBUCKET`: its
    /// `location` URL must have no user information (`https://user:password@…` or
    /// `https://user@…`).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: a Bitbucket source URL contains sign-in information. Evidence:
    ///   the source's `location` path (the URL is not quoted).
    /// - `COMPLIANT`: no Bitbucket source URL contains sign-in information.
    /// - `NOT_APPLICABLE`: the project has no Bitbucket source; a deleted item.
    ///
    /// ## Differences from AWS
    /// AWS does not say what it answers for projects without a Bitbucket source; we
    /// answer NOT_APPLICABLE.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/codebuild-project-source-repo-url-check.html>
    pub CodebuildProjectSourceRepoUrlCheck {
        identifier: "CODEBUILD_PROJECT_SOURCE_REPO_URL_CHECK",
        name: "codebuild-project-source-repo-url-check",
        resource_types: &["AWS::CodeBuild::Project"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Critical,
        fidelity: Fidelity::Approximate("projects without a Bitbucket source are NOT_APPLICABLE"),
        needs: &[],
        parameters: &[],
    }
}

/// Whether a URL carries user information before its host.
fn has_user_info(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    authority.contains('@')
}

impl Evaluate for CodebuildProjectSourceRepoUrlCheck {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let mut bitbucket = 0;
        for field in ["source", "secondarySources"] {
            let sources = item.config_at(field);
            let single = sources.is_object();
            for (i, s) in as_list(sources).into_iter().enumerate() {
                let kind = str_field(s, &["type", "Type"]).unwrap_or("");
                if !kind.eq_ignore_ascii_case("BITBUCKET") {
                    continue;
                }
                bitbucket += 1;
                let location = str_field(s, &["location", "Location"]).unwrap_or("");
                if has_user_info(location) {
                    let path = if single {
                        config_path(&format!("{field}.location"))
                    } else {
                        config_path(&format!("{field}[{i}].location"))
                    };
                    return Verdict::non_compliant(
                        "a Bitbucket source URL contains sign-in credentials",
                        Evidence::at(path, "(redacted)"),
                    )
                    .with_severity(Severity::Critical);
                }
            }
        }
        if bitbucket == 0 {
            Verdict::not_applicable("the project has no Bitbucket source")
        } else {
            Verdict::compliant(format!(
                "none of the {bitbucket} Bitbucket source URL(s) contains sign-in credentials"
            ))
        }
    }
}
