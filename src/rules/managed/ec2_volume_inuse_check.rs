use crate::rules::prelude::*;
use crate::rules::support::join::InstanceStates;
use crate::rules::support::field::Field;
use crate::rules::support::join::{find_near, instance_state_evidence, joined_instance_state};
use crate::rules::support::{as_bool, as_list, config_path};

declare_managed_rule! {
    /// Whether EBS volumes are attached to EC2 instances (and optionally marked for
    /// deletion on termination).
    ///
    /// ## What it checks
    /// The volume's `attachments[]` and `state`, and the `state.name` of each attached
    /// instance (joined by `attachments[].instanceId` in the same account and Region).
    /// With `deleteOnTermination` true, also each attachment's `deleteOnTermination`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the volume has no attachment (`state` `available`); or it is
    ///   attached to a `terminated` instance (or one whose item was deleted); or
    ///   `deleteOnTermination` is true and an attachment is not marked for deletion.
    ///   Evidence: `state`; the instance item's `state.name` (or `configurationItemStatus`)
    ///   and the attachment's `instanceId`; or the attachment's `deleteOnTermination`.
    /// - `COMPLIANT`: attached to a running or stopped instance (or one not in the
    ///   input, whose state cannot be read).
    /// - `NOT_APPLICABLE`: a deleted item.
    ///
    /// ## Differences from AWS
    /// AWS marks any `deleteOnTermination` value other than True/False NON_COMPLIANT; we
    /// reject such a value as a parameter error. An attached instance missing from the
    /// input counts as in use. AWS's transient NON_COMPLIANT after lifecycle events does
    /// not occur offline.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/ec2-volume-inuse-check.html>
    pub Ec2VolumeInuseCheck {
        identifier: "EC2_VOLUME_INUSE_CHECK",
        name: "ec2-volume-inuse-check",
        resource_types: &["AWS::EC2::Volume"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("invalid deleteOnTermination values are parameter errors"),
        needs: &[Need::Relationships],
        parameters: &[
            ParamSpec::bool("deleteOnTermination")
                .doc("When true, volumes must also be marked for deletion when their instance terminates."),
        ],
    }
}

impl Evaluate for Ec2VolumeInuseCheck {
    fn prepare(&self, inventory: &Inventory) {
        inventory.derived::<InstanceStates>();
    }

    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let attachments = as_list(item.config_at("attachments"));
        if attachments.is_empty() {
            let state = item.config_at("state").as_str().unwrap_or("unknown");
            return Verdict::non_compliant(
                format!("the volume is not attached to any instance (state {state})"),
                Evidence::at(config_path("state"), state),
            );
        }
        let require_delete = cx.params().bool("deleteOnTermination").unwrap_or(false);
        let mut instances = Vec::new();
        for (i, a) in attachments.iter().enumerate() {
            let Some(instance_id) = a.get("instanceId").and_then(Value::as_str) else {
                continue;
            };
            let instance = find_near(cx, item, "AWS::EC2::Instance", instance_id);
            let state = instance.and_then(|i| joined_instance_state(cx, i));
            if let (Some(instance), Some("terminated")) = (instance, state.as_deref()) {
                return Verdict::non_compliant_all(
                    format!("the volume is attached to terminated instance {instance_id}"),
                    instance_state_evidence(instance),
                    vec![Evidence::at(
                        config_path(&format!("attachments[{i}].instanceId")),
                        instance_id,
                    )],
                );
            }
            if require_delete && a.get("deleteOnTermination").and_then(as_bool) != Some(true) {
                return Verdict::non_compliant(
                    format!("the attachment to {instance_id} is not marked for deletion on termination"),
                    Evidence::at(
                        config_path(&format!("attachments[{i}].deleteOnTermination")),
                        a.get("deleteOnTermination").cloned().unwrap_or(Value::Null),
                    ),
                );
            }
            instances.push(match state {
                Some(s) => format!("{instance_id} ({s})"),
                None => format!("{instance_id} (not in the input)"),
            });
        }
        if instances.is_empty() {
            return Verdict::non_compliant(
                "no attachment names an instance",
                Field::config(item, "attachments").evidence(),
            );
        }
        Verdict::compliant(format!("attached to {}", instances.join(", ")))
    }
}
