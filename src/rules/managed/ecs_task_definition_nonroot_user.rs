use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::more::{
    config_field, container_field, ecs_containers, ecs_inactive, is_root_user,
};

declare_managed_rule! {
    /// Whether ECS task definitions for the EC2 launch type specify a non-root user for
    /// their containers.
    ///
    /// ## What it checks
    /// The `User` of each container definition of the latest active revision.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: a container has no `User` or `User` `root`. Evidence: the
    ///   container's `User` path and value.
    /// - `COMPLIANT`: every container runs as a non-root user.
    /// - `NOT_APPLICABLE`: the task definition is `INACTIVE` (only the latest active
    ///   revision is evaluated), or it requires only the `FARGATE` launch type; a
    ///   deleted item.
    ///
    /// ## Differences from AWS
    /// AWS speaks of EC2 launch type containers; a task definition whose
    /// `RequiresCompatibilities` lists only `FARGATE` is NOT_APPLICABLE, one without the
    /// field is evaluated. A user of `0` or `0:<group>` counts as root.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/ecs-task-definition-nonroot-user.html>
    pub EcsTaskDefinitionNonrootUser {
        identifier: "ECS_TASK_DEFINITION_NONROOT_USER",
        name: "ecs-task-definition-nonroot-user",
        resource_types: &["AWS::ECS::TaskDefinition"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("Fargate-only task definitions are NOT_APPLICABLE; UID 0 counts as root"),
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for EcsTaskDefinitionNonrootUser {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        if ecs_inactive(item) {
            return Verdict::not_applicable("the task definition is INACTIVE; only the latest active revision is evaluated");
        }
        let (_, compat) = config_field(item, &["RequiresCompatibilities", "requiresCompatibilities"]);
        if let Some(list) = compat.as_array()
            && !list.is_empty()
            && list.iter().all(|c| c.as_str().is_some_and(|c| c.eq_ignore_ascii_case("FARGATE")))
        {
            return Verdict::not_applicable("the task definition requires the FARGATE launch type only");
        }
        let (field, containers) = ecs_containers(item);
        for (i, c) in containers.iter().enumerate() {
            let (user_key, user) = container_field(c, &["User", "user"]);
            if is_root_user(user) {
                let name = container_field(c, &["Name", "name"]).1.as_str().unwrap_or("?");
                return Verdict::non_compliant(
                    format!("container {name} runs as root (User: {user})"),
                    Evidence::at(config_path(&format!("{field}[{i}].{user_key}")), user.clone()),
                );
            }
        }
        Verdict::compliant(format!("all {} container(s) run as a non-root user", containers.len()))
    }
}
