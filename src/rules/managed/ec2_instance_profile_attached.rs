use crate::rules::prelude::*;
use crate::rules::support::field::Field;

declare_managed_rule! {
    /// Whether EC2 instances have an IAM instance profile.
    ///
    /// ## What it checks
    /// The instance's `iamInstanceProfile.arn`, and when `IamInstanceProfileArnList` is
    /// given, that the ARN is one of the list.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: no instance profile is attached, or the attached one is not in
    ///   `IamInstanceProfileArnList`. Evidence: `iamInstanceProfile`.
    /// - `COMPLIANT`: an instance profile (one of the list, when given) is attached.
    /// - `NOT_APPLICABLE`: a deleted item.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/ec2-instance-profile-attached.html>
    pub Ec2InstanceProfileAttached {
        identifier: "EC2_INSTANCE_PROFILE_ATTACHED",
        name: "ec2-instance-profile-attached",
        resource_types: &["AWS::EC2::Instance"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[
            ParamSpec::csv("IamInstanceProfileArnList")
                .doc("Comma-separated instance profile ARNs that may be attached."),
        ],
    }
}

impl Evaluate for Ec2InstanceProfileAttached {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let profile = Field::config(item, "iamInstanceProfile.arn");
        let Some(arn) = profile.text() else {
            return Verdict::non_compliant(
                "no IAM instance profile is attached",
                Field::config(item, "iamInstanceProfile").evidence(),
            );
        };
        let allowed = cx.params().list("IamInstanceProfileArnList");
        if allowed.is_empty() || allowed.iter().any(|a| a == arn) {
            Verdict::compliant(format!("instance profile {arn} is attached"))
        } else {
            Verdict::non_compliant(
                format!("instance profile {arn} is not in IamInstanceProfileArnList"),
                profile.evidence(),
            )
        }
    }
}
