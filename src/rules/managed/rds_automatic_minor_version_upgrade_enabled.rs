use crate::rules::prelude::*;
use crate::rules::support::more::flag_verdict;

declare_managed_rule! {
    /// Whether RDS DB instances upgrade minor engine versions automatically.
    ///
    /// ## What it checks
    /// The instance's `autoMinorVersionUpgrade`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `autoMinorVersionUpgrade` is false (or missing). Evidence:
    ///   `$.configuration.autoMinorVersionUpgrade`.
    /// - `COMPLIANT`: `autoMinorVersionUpgrade` is true.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// As AWS notes, an Aurora instance can be COMPLIANT while its cluster-level
    /// setting prevents upgrades; the cluster is not consulted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/rds-automatic-minor-version-upgrade-enabled.html>
    pub RdsAutomaticMinorVersionUpgradeEnabled {
        identifier: "RDS_AUTOMATIC_MINOR_VERSION_UPGRADE_ENABLED",
        name: "rds-automatic-minor-version-upgrade-enabled",
        resource_types: &["AWS::RDS::DBInstance"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for RdsAutomaticMinorVersionUpgradeEnabled {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        flag_verdict(
            item,
            &["autoMinorVersionUpgrade", "AutoMinorVersionUpgrade"],
            "automatic minor version upgrade",
        )
    }
}
