use crate::rules::prelude::*;
use crate::rules::support::field::Field;

declare_managed_rule! {
    /// Whether EC2 instances run in a VPC (and, optionally, in a given VPC).
    ///
    /// ## What it checks
    /// The instance's `vpcId`: EC2-Classic instances have none. With the `vpcId`
    /// parameter, the instance must be in that VPC.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the instance has no `vpcId` (EC2-Classic), or its `vpcId`
    ///   differs from the `vpcId` parameter. Evidence: `$.configuration.vpcId`.
    /// - `COMPLIANT`: the instance is in a VPC (the given one, when set).
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/ec2-instances-in-vpc.html>
    pub Ec2InstancesInVpc {
        identifier: "INSTANCES_IN_VPC",
        name: "ec2-instances-in-vpc",
        resource_types: &["AWS::EC2::Instance"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[ParamSpec::string("vpcId")
            .doc("The VPC the instances must be in; any VPC when not set.")],
    }
}

impl Evaluate for Ec2InstancesInVpc {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let field = Field::config(item, "vpcId");
        let Some(vpc) = field.text() else {
            return Verdict::non_compliant(
                "the instance is not in a VPC (no vpcId: EC2-Classic)",
                field.evidence(),
            );
        };
        match cx.params().str("vpcId").map(str::trim) {
            Some(wanted) if wanted != vpc => Verdict::non_compliant(
                format!("the instance is in {vpc}, not in {wanted}"),
                field.evidence(),
            ),
            _ => Verdict::compliant(format!("the instance is in {vpc}")),
        }
    }
}
