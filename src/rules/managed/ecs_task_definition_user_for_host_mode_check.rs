use crate::rules::prelude::*;
use crate::rules::support::more::{
    config_field, container_field, ecs_containers, ecs_inactive, is_root_user,
};
use crate::rules::support::{as_bool, config_path};

declare_managed_rule! {
    /// Whether ECS task definitions using host network mode run their containers
    /// privileged or as a non-root user.
    ///
    /// ## What it checks
    /// When the task definition's `NetworkMode` is `host`, each container definition
    /// must have `Privileged` true or a `User` that is not root.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: host network mode and a container with `Privileged` false or
    ///   missing and `User` root or missing. Evidence: the container's `User` path.
    /// - `COMPLIANT`: the network mode is not `host`, or every container is privileged
    ///   or runs as a non-root user.
    /// - `NOT_APPLICABLE`: the task definition is `INACTIVE` and
    ///   `SkipInactiveTaskDefinitions` is true; a deleted item.
    ///
    /// ## Differences from AWS
    /// The `AWS::ECS::TaskDefinition` item (one per family) holds the latest revision,
    /// which is what is evaluated. A user of `0` or `0:<group>` counts as root, like
    /// `root`.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/ecs-task-definition-user-for-host-mode-check.html>
    pub EcsTaskDefinitionUserForHostModeCheck {
        identifier: "ECS_TASK_DEFINITION_USER_FOR_HOST_MODE_CHECK",
        name: "ecs-task-definition-user-for-host-mode-check",
        resource_types: &["AWS::ECS::TaskDefinition"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::High,
        fidelity: Fidelity::Approximate("UID 0 counts as root; the item's revision is taken as the latest"),
        needs: &[],
        parameters: &[
            ParamSpec::bool("SkipInactiveTaskDefinitions").doc("Boolean flag to not check INACTIVE Amazon ECS task definitions. If set to 'true', the rule won't evaluate INACTIVE task definitions."),
        ],
    }
}

impl Evaluate for EcsTaskDefinitionUserForHostModeCheck {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        if ecs_inactive(item) && cx.params().bool("SkipInactiveTaskDefinitions") == Some(true) {
            return Verdict::not_applicable("the task definition is INACTIVE and SkipInactiveTaskDefinitions is true");
        }
        let (_, mode) = config_field(item, &["NetworkMode", "networkMode"]);
        if !mode.as_str().is_some_and(|m| m.eq_ignore_ascii_case("host")) {
            return Verdict::compliant(format!("the network mode is {mode}, not host"));
        }
        let (field, containers) = ecs_containers(item);
        for (i, c) in containers.iter().enumerate() {
            let (_, privileged) = container_field(c, &["Privileged", "privileged"]);
            let (user_key, user) = container_field(c, &["User", "user"]);
            if as_bool(privileged) != Some(true) && is_root_user(user) {
                let name = container_field(c, &["Name", "name"]).1.as_str().unwrap_or("?");
                return Verdict::non_compliant(
                    format!("container {name} uses host networking as root (User: {user}) without Privileged"),
                    Evidence::at(config_path(&format!("{field}[{i}].{user_key}")), user.clone()),
                );
            }
        }
        Verdict::compliant(format!(
            "all {} container(s) in host network mode are privileged or run as non-root",
            containers.len()
        ))
    }
}
