use crate::rules::prelude::*;
use crate::rules::support::supplementary_path;

declare_managed_rule! {
    /// Whether RDS DB snapshots and DB cluster snapshots are not public.
    ///
    /// ## What it checks
    /// The snapshot's `restore` attribute: a snapshot whose `restore` attribute lists
    /// `all` can be copied and restored by every AWS account.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `supplementaryConfiguration.DBSnapshotAttributes` (or
    ///   `DBClusterSnapshotAttributes` for cluster snapshots) has an entry with
    ///   `attributeName` `restore` whose `attributeValues` contain `all`. Evidence: that
    ///   entry's `attributeValues`.
    /// - `COMPLIANT`: the attributes are recorded and no `restore` entry contains `all`
    ///   (sharing with named accounts is not public).
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    /// - `INSUFFICIENT_DATA`: the item carries neither attribute list (older captures,
    ///   queries that select only `configuration`).
    ///
    /// ## Differences from AWS
    /// AWS notes that results may take up to 12 hours; offline the item is judged as
    /// captured.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/rds-snapshots-public-prohibited.html>
    pub RdsSnapshotsPublicProhibited {
        identifier: "RDS_SNAPSHOTS_PUBLIC_PROHIBITED",
        name: "rds-snapshots-public-prohibited",
        resource_types: &["AWS::RDS::DBSnapshot", "AWS::RDS::DBClusterSnapshot"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Critical,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

const ATTRIBUTE_KEYS: [&str; 2] = ["DBSnapshotAttributes", "DBClusterSnapshotAttributes"];

impl Evaluate for RdsSnapshotsPublicProhibited {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let mut recorded = false;
        for key in ATTRIBUTE_KEYS {
            let Some(attributes) = item.supplementary_at(key).as_array() else {
                continue;
            };
            recorded = true;
            for (i, attribute) in attributes.iter().enumerate() {
                if attribute.get("attributeName").and_then(Value::as_str) != Some("restore") {
                    continue;
                }
                let values = support::as_list(&attribute["attributeValues"]);
                if values.iter().any(|v| v.as_str() == Some("all")) {
                    return Verdict::non_compliant(
                        "the snapshot is public: its restore attribute lists \"all\"",
                        Evidence::at(
                            supplementary_path(&format!("{key}[{i}].attributeValues")),
                            attribute["attributeValues"].clone(),
                        ),
                    );
                }
            }
        }
        if recorded {
            Verdict::compliant("the snapshot's restore attribute does not list \"all\"")
        } else {
            Verdict::insufficient_data(
                "the item carries no DBSnapshotAttributes or DBClusterSnapshotAttributes",
            )
        }
    }
}
