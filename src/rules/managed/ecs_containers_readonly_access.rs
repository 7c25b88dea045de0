use crate::rules::prelude::*;
use crate::rules::support::more::{container_field, ecs_containers, ecs_inactive};
use crate::rules::support::{as_bool, config_path};

declare_managed_rule! {
    /// Whether ECS containers have read-only access to their root file systems.
    ///
    /// ## What it checks
    /// `ReadonlyRootFilesystem` of each container definition of the latest active
    /// revision of the task definition.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: a container has `ReadonlyRootFilesystem` false or missing
    ///   (ECS's default is false). Evidence: the field's path and value.
    /// - `COMPLIANT`: every container has a read-only root file system.
    /// - `NOT_APPLICABLE`: the task definition is `INACTIVE` (only the latest active
    ///   revision is evaluated); a deleted item.
    ///
    /// ## Differences from AWS
    /// AWS names only `false`; a missing value means false in ECS, so it is
    /// NON_COMPLIANT too.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/ecs-containers-readonly-access.html>
    pub EcsContainersReadonlyAccess {
        identifier: "ECS_CONTAINERS_READONLY_ACCESS",
        name: "ecs-containers-readonly-access",
        resource_types: &["AWS::ECS::TaskDefinition"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("a missing ReadonlyRootFilesystem counts as false"),
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for EcsContainersReadonlyAccess {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        if ecs_inactive(item) {
            return Verdict::not_applicable("the task definition is INACTIVE; only the latest active revision is evaluated");
        }
        let (field, containers) = ecs_containers(item);
        for (i, c) in containers.iter().enumerate() {
            let (key, ro) = container_field(c, &["ReadonlyRootFilesystem", "readonlyRootFilesystem"]);
            if as_bool(ro) != Some(true) {
                let name = container_field(c, &["Name", "name"]).1.as_str().unwrap_or("?");
                return Verdict::non_compliant(
                    format!("container {name} has a writable root file system (ReadonlyRootFilesystem: {ro})"),
                    Evidence::at(config_path(&format!("{field}[{i}].{key}")), ro.clone()),
                );
            }
        }
        Verdict::compliant(format!("all {} container(s) have read-only root file systems", containers.len()))
    }
}
