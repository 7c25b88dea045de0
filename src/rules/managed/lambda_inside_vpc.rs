use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::more::config_field;

declare_managed_rule! {
    /// Whether Lambda functions are connected to a VPC (optionally only to listed
    /// subnets).
    ///
    /// ## What it checks
    /// The function's `vpcConfig.subnetIds`, and, when `subnetIds` is given, whether
    /// every subnet of the function is listed.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the function has no VPC subnets; or `subnetIds` is given and a
    ///   subnet of the function is not listed. Evidence: `$.configuration.vpcConfig`
    ///   or the subnet's path.
    /// - `COMPLIANT`: the function is in a VPC (in listed subnets only).
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS says the functions "must be associated with" the listed subnets without
    /// saying whether every subnet or one suffices; we require every subnet of the
    /// function to be listed.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/lambda-inside-vpc.html>
    pub LambdaInsideVpc {
        identifier: "LAMBDA_INSIDE_VPC",
        name: "lambda-inside-vpc",
        resource_types: &["AWS::Lambda::Function"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("with subnetIds, every subnet of the function must be listed"),
        needs: &[],
        parameters: &[
            ParamSpec::csv("subnetIds").doc("Comma-separated list of subnet IDs that Lambda functions must be associated with."),
        ],
    }
}

impl Evaluate for LambdaInsideVpc {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let (path, subnets) = config_field(item, &["vpcConfig.subnetIds", "VpcConfig.SubnetIds"]);
        let ids: Vec<&str> = subnets
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if ids.is_empty() {
            return Verdict::non_compliant(
                "the function is not connected to a VPC (no vpcConfig subnets)",
                Evidence::at(config_path("vpcConfig"), item.config_at("vpcConfig").clone()),
            );
        }
        let wanted = cx.params().list("subnetIds");
        if let Some((i, s)) = ids
            .iter()
            .enumerate()
            .find(|(_, s)| !wanted.is_empty() && !wanted.iter().any(|w| w.trim() == **s))
        {
            return Verdict::non_compliant(
                format!("the function uses subnet {s}, which is not one of {}", wanted.join(", ")),
                Evidence::at(config_path(&format!("{path}[{i}]")), *s),
            );
        }
        Verdict::compliant(format!("the function is in {} VPC subnet(s)", ids.len()))
    }
}
