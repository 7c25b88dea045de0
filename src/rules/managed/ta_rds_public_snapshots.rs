use crate::rules::prelude::*;
use crate::rules::support::{as_list, supplementary_path};

declare_managed_rule! {
    /// Trusted Advisor "Amazon RDS Public Snapshots": DB and DB cluster snapshots that
    /// anyone can restore.
    ///
    /// ## What it checks
    /// The `restore` attribute of `supplementaryConfiguration.DBSnapshotAttributes`
    /// (DB snapshots) or `DBClusterSnapshotAttributes` (cluster snapshots): whether its
    /// `attributeValues` include `all`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT` (red, severity high): the snapshot is public (`all`). Evidence:
    ///   the attribute values.
    /// - `COMPLIANT`: the snapshot is shared with no one or only with named accounts.
    /// - `NOT_APPLICABLE`: a deleted item.
    /// - `INSUFFICIENT_DATA`: the item does not record the snapshot attributes.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/awssupport/latest/user/security-checks.html>
    pub TaRdsPublicSnapshots {
        identifier: "TA_RDS_PUBLIC_SNAPSHOTS",
        name: "ta-rds-public-snapshots",
        resource_types: &["AWS::RDS::DBSnapshot", "AWS::RDS::DBClusterSnapshot"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::High,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for TaRdsPublicSnapshots {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let key = if item.resource_type() == "AWS::RDS::DBClusterSnapshot" {
            "DBClusterSnapshotAttributes"
        } else {
            "DBSnapshotAttributes"
        };
        let attributes = item.supplementary_at(key);
        if attributes.is_null() {
            return Verdict::insufficient_data(format!("the item does not record {key}"));
        }
        for (i, a) in as_list(attributes).iter().enumerate() {
            if a.get("attributeName").and_then(Value::as_str) != Some("restore") {
                continue;
            }
            let values = a.get("attributeValues").map(as_list).unwrap_or_default();
            if values.iter().any(|v| v.as_str() == Some("all")) {
                return Verdict::non_compliant(
                    "the snapshot is public: its restore attribute includes \"all\"",
                    Evidence::at(
                        supplementary_path(&format!("{key}[{i}].attributeValues")),
                        a.get("attributeValues").cloned().unwrap_or(Value::Null),
                    ),
                )
                .with_severity(Severity::High);
            }
        }
        Verdict::compliant("the snapshot is not public")
    }
}
