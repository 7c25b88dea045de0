use crate::rules::prelude::*;
use crate::rules::support::join::{find_near, instance_state};
use crate::rules::support::supplementary_path;

declare_managed_rule! {
    /// Whether running EC2 instances are managed by Systems Manager (SSM Agent).
    ///
    /// ## What it checks
    /// For a running instance, the `AWS::SSM::ManagedInstanceInventory` item of the same
    /// instance id (same account and Region) and its
    /// `supplementaryConfiguration.instanceStatus`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the instance is `running` and has no managed-instance inventory
    ///   item (or it was deleted), or the inventory's `instanceStatus` says the agent is
    ///   stopped, terminated, inactive or has lost its connection. Evidence: the
    ///   instance's `state.name`, or the `instanceStatus`.
    /// - `COMPLIANT`: the instance is running and has a live inventory item.
    /// - `NOT_APPLICABLE`: the instance is not running (AWS: a stopped instance is never
    ///   NON_COMPLIANT); a deleted item.
    ///
    /// ## Differences from AWS
    /// AWS lists `AWS::SSM::ManagedInstanceInventory` as a second resource type; we
    /// report on instances only and read the inventory through the join. A running
    /// instance without inventory is NON_COMPLIANT (AWS's 2023 text: "checks whether
    /// instances are managed by SSM"); the `instanceStatus` values are not documented.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/ec2-instance-managed-by-systems-manager.html>
    pub Ec2InstanceManagedBySystemsManager {
        identifier: "EC2_INSTANCE_MANAGED_BY_SSM",
        name: "ec2-instance-managed-by-systems-manager",
        resource_types: &["AWS::EC2::Instance"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("verdicts on instances only; missing inventory is NON_COMPLIANT"),
        needs: &[Need::Relationships],
        parameters: &[],
    }
}

const AGENT_DOWN: &[&str] = &["stopped", "terminated", "inactive", "connectionlost"];

impl Evaluate for Ec2InstanceManagedBySystemsManager {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let state = instance_state(item).unwrap_or("unknown");
        if state != "running" {
            return Verdict::not_applicable(format!(
                "the instance is {state}; only running instances are evaluated"
            ));
        }
        let inventory = find_near(cx, item, "AWS::SSM::ManagedInstanceInventory", item.resource_id())
            .filter(|i| !i.is_deleted());
        let Some(inventory) = inventory else {
            return Verdict::non_compliant(
                "the running instance has no AWS::SSM::ManagedInstanceInventory item (not managed by SSM)",
                Evidence::at("$.configuration.state.name", state),
            );
        };
        match inventory.supplementary_at("instanceStatus").as_str() {
            Some(status) if AGENT_DOWN.contains(&status.to_ascii_lowercase().as_str()) => {
                Verdict::non_compliant(
                    format!("the SSM Agent of the running instance is {status}"),
                    Evidence::at(supplementary_path("instanceStatus"), status),
                )
            }
            Some(status) => Verdict::compliant(format!("managed by SSM (agent {status})")),
            None => Verdict::compliant("managed by SSM (inventory recorded)"),
        }
    }
}
