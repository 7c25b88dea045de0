use crate::rules::prelude::*;
use crate::rules::support::more::config_field;
use crate::rules::support::{as_bool, as_int, config_path};

declare_managed_rule! {
    /// Whether Redshift clusters have the specified maintenance settings.
    ///
    /// ## What it checks
    /// The cluster's `allowVersionUpgrade` against `allowVersionUpgrade`, its
    /// `preferredMaintenanceWindow` against `preferredMaintenanceWindow` (when given), and
    /// its `automatedSnapshotRetentionPeriod` against `automatedSnapshotRetentionPeriod`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `allowVersionUpgrade` differs from the parameter (by default:
    ///   automatic major version upgrades are disabled); the maintenance window differs
    ///   from the given one; or fewer days of automated snapshots are retained than the
    ///   parameter asks. Evidence: the field's path and value.
    /// - `COMPLIANT`: every setting matches.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS does not say how the values compare. We compare `allowVersionUpgrade` for
    /// equality, the maintenance window ignoring case (`Mon:09:30-Mon:10:00` equals
    /// `mon:09:30-mon:10:00`), and the retention period as a minimum (a longer
    /// retention is compliant).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/redshift-cluster-maintenancesettings-check.html>
    pub RedshiftClusterMaintenancesettingsCheck {
        identifier: "REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK",
        name: "redshift-cluster-maintenancesettings-check",
        resource_types: &["AWS::Redshift::Cluster"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("the retention period is a minimum; the window compares ignoring case"),
        needs: &[],
        parameters: &[
            ParamSpec::bool("allowVersionUpgrade").default("true").doc("Allow version upgrade is enabled."),
            ParamSpec::string("preferredMaintenanceWindow").doc("Scheduled maintenance window for clusters (for example, Mon:09:30-Mon:10:00)."),
            ParamSpec::int("automatedSnapshotRetentionPeriod").default("1").doc("Number of days to retain automated snapshots."),
        ],
    }
}

impl Evaluate for RedshiftClusterMaintenancesettingsCheck {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let params = cx.params();
        let wanted = params.bool("allowVersionUpgrade").unwrap_or(true);
        let (path, upgrade) = config_field(item, &["allowVersionUpgrade", "AllowVersionUpgrade"]);
        if as_bool(upgrade) != Some(wanted) {
            return Verdict::non_compliant(
                format!("allowVersionUpgrade is {upgrade}, expected {wanted}"),
                Evidence::at(config_path(path), upgrade.clone()),
            );
        }
        if let Some(window) = params.str("preferredMaintenanceWindow") {
            let (path, actual) =
                config_field(item, &["preferredMaintenanceWindow", "PreferredMaintenanceWindow"]);
            if !actual.as_str().is_some_and(|a| a.trim().eq_ignore_ascii_case(window.trim())) {
                return Verdict::non_compliant(
                    format!("the maintenance window is {actual}, expected {window}"),
                    Evidence::at(config_path(path), actual.clone()),
                );
            }
        }
        let minimum = params.int("automatedSnapshotRetentionPeriod").unwrap_or(1);
        let (path, retention) = config_field(
            item,
            &["automatedSnapshotRetentionPeriod", "AutomatedSnapshotRetentionPeriod"],
        );
        match as_int(retention) {
            Some(days) if days >= minimum => Verdict::compliant(format!(
                "version upgrades are {}, automated snapshots are kept {days} day(s)",
                if wanted { "allowed" } else { "disallowed" }
            )),
            _ => Verdict::non_compliant(
                format!("automated snapshots are kept {retention} day(s), fewer than {minimum}"),
                Evidence::at(config_path(path), retention.clone()),
            ),
        }
    }
}
