use crate::rules::prelude::*;
use crate::rules::support::field::Field;
use crate::rules::support::items_path;
use crate::rules::support::join::{deleted_evidence, find_near, instance_state};

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
    ///   stopped, terminated, inactive or has lost its connection. Evidence: the empty
    ///   selection of the instance's inventory item (or its `configurationItemStatus`)
    ///   and the instance's `state.name`, or the inventory item's `instanceStatus`.
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

const INVENTORY: &str = "AWS::SSM::ManagedInstanceInventory";

impl Evaluate for Ec2InstanceManagedBySystemsManager {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let state = instance_state(item).unwrap_or("unknown");
        if state != "running" {
            return Verdict::not_applicable(format!(
                "the instance is {state}; only running instances are evaluated"
            ));
        }
        let inventory = match find_near(cx, item, INVENTORY, item.resource_id()) {
            Some(inventory) if !inventory.is_deleted() => inventory,
            other => {
                let absent = other.map_or_else(
                    || {
                        let id = format!("@.resourceId=='{}'", item.resource_id());
                        let path = items_path(
                            INVENTORY,
                            &item.key.account,
                            Some(&item.key.region),
                            Some(&id),
                        );
                        Evidence::at(path, json!([]))
                    },
                    deleted_evidence,
                );
                return Verdict::non_compliant_all(
                    format!("the running instance has no {INVENTORY} item (not managed by SSM)"),
                    absent,
                    vec![Field::config(item, "state.name").evidence()],
                );
            }
        };
        let status = Field::supplementary(inventory, "instanceStatus");
        match status.value.as_str() {
            Some(s) if AGENT_DOWN.contains(&s.to_ascii_lowercase().as_str()) => {
                Verdict::non_compliant(
                    format!("the SSM Agent of the running instance is {s}"),
                    status.foreign_evidence(),
                )
            }
            Some(status) => Verdict::compliant(format!("managed by SSM (agent {status})")),
            None => Verdict::compliant("managed by SSM (inventory recorded)"),
        }
    }
}
