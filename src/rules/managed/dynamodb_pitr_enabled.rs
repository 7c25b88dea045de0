use crate::rules::prelude::*;
use crate::rules::support::supplementary_path;

declare_managed_rule! {
    /// Whether point-in-time recovery is enabled for DynamoDB tables.
    ///
    /// ## What it checks
    /// `supplementaryConfiguration.ContinuousBackupsDescription.pointInTimeRecoveryDescription.pointInTimeRecoveryStatus`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the status is not `ENABLED` (e.g. `DISABLED`). Evidence: the
    ///   status.
    /// - `COMPLIANT`: the status is `ENABLED`.
    /// - `INSUFFICIENT_DATA`: the item has no `ContinuousBackupsDescription`.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/dynamodb-pitr-enabled.html>
    pub DynamodbPitrEnabled {
        identifier: "DYNAMODB_PITR_ENABLED",
        name: "dynamodb-pitr-enabled",
        resource_types: &["AWS::DynamoDB::Table"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[],
    }
}

const STATUS: &str = "ContinuousBackupsDescription.pointInTimeRecoveryDescription.pointInTimeRecoveryStatus";

impl Evaluate for DynamodbPitrEnabled {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        if !item.supplementary_at("ContinuousBackupsDescription").is_object() {
            return Verdict::insufficient_data("the item has no ContinuousBackupsDescription");
        }
        let status = item.supplementary_at(STATUS);
        if status
            .as_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("ENABLED"))
        {
            Verdict::compliant("point-in-time recovery is enabled")
        } else {
            Verdict::non_compliant(
                format!("point-in-time recovery is not enabled (status: {status})"),
                Evidence::at(supplementary_path(STATUS), status.clone()),
            )
        }
    }
}
