use chrono::DateTime;

use crate::rules::prelude::*;
use crate::rules::support::{as_int, config_path};

declare_managed_rule! {
    /// Whether KMS keys are scheduled for deletion.
    ///
    /// ## What it checks
    /// `configuration.keyState` of each KMS key (or only of the keys listed in
    /// `kmsKeyIds`).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the key state is `PendingDeletion` (or
    ///   `PendingReplicaDeletion`). Evidence: `$.configuration.keyState`; the annotation
    ///   gives the deletion date.
    /// - `COMPLIANT`: any other key state.
    /// - `INSUFFICIENT_DATA`: the item records no `keyState`.
    /// - `NOT_APPLICABLE`: `kmsKeyIds` is given and does not list the key (by id or ARN);
    ///   or the configuration item is deleted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/kms-cmk-not-scheduled-for-deletion.html>
    pub KmsCmkNotScheduledForDeletion {
        identifier: "KMS_CMK_NOT_SCHEDULED_FOR_DELETION",
        name: "kms-cmk-not-scheduled-for-deletion",
        resource_types: &["AWS::KMS::Key"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::High,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[
            ParamSpec::csv("kmsKeyIds").doc("Comma-separated IDs or ARNs of the keys to check (default: every key)."),
        ],
    }
}

/// `deletionDate` as ISO: epoch milliseconds in 2026 items, an ISO string elsewhere.
fn deletion_date(v: &Value) -> Option<String> {
    if let Some(ms) = as_int(v) {
        return DateTime::from_timestamp_millis(ms)
            .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    }
    v.as_str().map(str::to_owned)
}

impl Evaluate for KmsCmkNotScheduledForDeletion {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let listed = cx.params().list("kmsKeyIds");
        if !listed.is_empty() {
            let id = item.config_at("keyId").as_str().unwrap_or(item.resource_id());
            let arn = item.config_at("arn").as_str().or(item.arn.as_deref());
            let wanted = listed.iter().any(|k| {
                let k = k.trim();
                k == id || Some(k) == arn || k.rsplit_once(":key/").is_some_and(|(_, i)| i == id)
            });
            if !wanted {
                return Verdict::not_applicable("the key is not listed in kmsKeyIds");
            }
        }
        let state = item.config_at("keyState");
        match state.as_str() {
            Some(s @ ("PendingDeletion" | "PendingReplicaDeletion")) => {
                let when = deletion_date(item.config_at("deletionDate"))
                    .map_or_else(String::new, |d| format!(", deletion date {d}"));
                Verdict::non_compliant(
                    format!("the key is scheduled for deletion (keyState {s}{when})"),
                    Evidence::at(config_path("keyState"), state.clone()),
                )
            }
            Some(s) => Verdict::compliant(format!("the key is not scheduled for deletion (keyState {s})")),
            None => Verdict::insufficient_data("the key records no keyState"),
        }
    }
}
