use crate::rules::prelude::*;
use crate::rules::support::config_path;

declare_managed_rule! {
    /// Whether managed platform updates are enabled on Elastic Beanstalk environments
    /// (optionally at a given update level).
    ///
    /// ## What it checks
    /// The environment's option settings: `ManagedActionsEnabled` in the namespace
    /// `aws:elasticbeanstalk:managedactions`, and, when `UpdateLevel` is given,
    /// `UpdateLevel` in `aws:elasticbeanstalk:managedactions:platformupdate`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `ManagedActionsEnabled` is not `true`; or `UpdateLevel` is given
    ///   and the environment's update level differs. Evidence: the option's path and
    ///   value.
    /// - `COMPLIANT`: managed updates are enabled (at the given level).
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    /// - `INSUFFICIENT_DATA`: the item records no `optionSettings`.
    ///
    /// ## Differences from AWS
    /// Values compare ignoring case (`minor` equals `Minor`).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/elastic-beanstalk-managed-updates-enabled.html>
    pub ElasticBeanstalkManagedUpdatesEnabled {
        identifier: "ELASTIC_BEANSTALK_MANAGED_UPDATES_ENABLED",
        name: "elastic-beanstalk-managed-updates-enabled",
        resource_types: &["AWS::ElasticBeanstalk::Environment"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("option values compare ignoring case"),
        needs: &[],
        parameters: &[
            ParamSpec::choice("UpdateLevel", &["minor", "patch"]).doc("Indicates whether update levels are set to 'minor' version updates or a 'patch' version updates."),
        ],
    }
}

const MANAGED: &str = "aws:elasticbeanstalk:managedactions";
const PLATFORM: &str = "aws:elasticbeanstalk:managedactions:platformupdate";

/// An option value (`optionSettings[namespace][name].value`) and its JSONPath.
fn option<'a>(settings: &'a Value, namespace: &str, name: &str) -> (String, &'a Value) {
    let value = settings
        .get(namespace)
        .and_then(|n| n.get(name))
        .and_then(|o| o.get("value"))
        .unwrap_or(&Value::Null);
    (config_path(&format!("optionSettings['{namespace}'].{name}.value")), value)
}

impl Evaluate for ElasticBeanstalkManagedUpdatesEnabled {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let settings = item.config_at("optionSettings");
        if !settings.is_object() {
            return Verdict::insufficient_data("the item records no optionSettings");
        }
        let (path, enabled) = option(settings, MANAGED, "ManagedActionsEnabled");
        if !enabled.as_str().is_some_and(|v| v.eq_ignore_ascii_case("true")) && enabled.as_bool() != Some(true) {
            return Verdict::non_compliant(
                format!("managed platform updates are not enabled (ManagedActionsEnabled: {enabled})"),
                Evidence::at(path, enabled.clone()),
            );
        }
        let Some(wanted) = cx.params().str("UpdateLevel") else {
            return Verdict::compliant("managed platform updates are enabled");
        };
        let (path, level) = option(settings, PLATFORM, "UpdateLevel");
        if level.as_str().is_some_and(|l| l.eq_ignore_ascii_case(wanted.trim())) {
            Verdict::compliant(format!("managed platform updates are enabled at level {wanted}"))
        } else {
            Verdict::non_compliant(
                format!("the managed update level is {level}, not {wanted}"),
                Evidence::at(path, level.clone()),
            )
        }
    }
}
