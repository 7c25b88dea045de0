use crate::rules::prelude::*;
use crate::rules::support::{as_list, config_path};

declare_managed_rule! {
    /// Trusted Advisor "Underutilized Amazon EBS Volumes", unattached half: EBS volumes
    /// that are not attached to any instance.
    ///
    /// ## What it checks
    /// The volume's `attachments[]` and `state` (`available` = unattached).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT` (yellow, severity medium): the volume has no attachment or its
    ///   `state` is `available`. Evidence: `state`.
    /// - `COMPLIANT`: the volume is attached.
    /// - `NOT_APPLICABLE`: a deleted item.
    ///
    /// ## Differences from AWS
    /// Trusted Advisor also flags attached volumes with less than 1 IOPS per day over
    /// the past 7 days; that needs CloudWatch metrics, so only the unattached half is
    /// checked.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/awssupport/latest/user/cost-optimization-checks.html>
    pub TaUnderutilizedEbsVolumes {
        identifier: "TA_UNDERUTILIZED_EBS_VOLUMES",
        name: "ta-underutilized-ebs-volumes",
        resource_types: &["AWS::EC2::Volume"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("only the unattached half; the IOPS half needs metrics"),
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for TaUnderutilizedEbsVolumes {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let state = item.config_at("state").as_str().unwrap_or("unknown");
        let attached = as_list(item.config_at("attachments"))
            .iter()
            .any(|a| a.get("instanceId").and_then(Value::as_str).is_some());
        if attached && state != "available" {
            Verdict::compliant(format!("the volume is attached (state {state})"))
        } else {
            let size = item.config_at("size").as_i64().map(|s| format!(", {s} GiB")).unwrap_or_default();
            Verdict::non_compliant(
                format!("the volume is unattached (state {state}{size})"),
                Evidence::at(config_path("state"), state),
            )
            .with_severity(Severity::Medium)
        }
    }
}
