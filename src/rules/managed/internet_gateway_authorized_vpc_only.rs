use crate::rules::prelude::*;
use crate::rules::support::config_path;

declare_managed_rule! {
    /// Whether internet gateways are attached only to authorized VPCs.
    ///
    /// ## What it checks
    /// The VPCs in the internet gateway's `attachments` against the `AuthorizedVpcIds`
    /// parameter.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the gateway is attached to a VPC that is not in
    ///   `AuthorizedVpcIds`; without the parameter, every attached gateway. Evidence:
    ///   `$.configuration.attachments[i].vpcId`.
    /// - `COMPLIANT`: the gateway is attached to no VPC, or only to authorized ones.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS does not say what a detached gateway yields; we answer COMPLIANT. Attachments
    /// in state `detaching` or `detached` still count as attached.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/internet-gateway-authorized-vpc-only.html>
    pub InternetGatewayAuthorizedVpcOnly {
        identifier: "INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY",
        name: "internet-gateway-authorized-vpc-only",
        resource_types: &["AWS::EC2::InternetGateway"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("a gateway attached to no VPC is COMPLIANT"),
        needs: &[],
        parameters: &[ParamSpec::csv("AuthorizedVpcIds")
            .doc("VPC ids that may have an internet gateway attached; without it every attached gateway is NON_COMPLIANT.")],
    }
}

impl Evaluate for InternetGatewayAuthorizedVpcOnly {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let authorized = cx.params().list("AuthorizedVpcIds");
        let attachments = item.config_at("attachments").as_array().map_or(&[][..], Vec::as_slice);
        let mut attached = Vec::new();
        for (i, attachment) in attachments.iter().enumerate() {
            let Some(vpc) = attachment.get("vpcId").and_then(Value::as_str) else {
                continue;
            };
            if !authorized.iter().any(|a| a == vpc) {
                let why = if authorized.is_empty() {
                    "no AuthorizedVpcIds given"
                } else {
                    "not in AuthorizedVpcIds"
                };
                return Verdict::non_compliant(
                    format!("the internet gateway is attached to {vpc} ({why})"),
                    Evidence::at(config_path(&format!("attachments[{i}].vpcId")), vpc),
                );
            }
            attached.push(vpc);
        }
        if attached.is_empty() {
            Verdict::compliant("the internet gateway is not attached to a VPC")
        } else {
            Verdict::compliant(format!(
                "the internet gateway is attached only to authorized VPC {}",
                attached.join(", ")
            ))
        }
    }
}
