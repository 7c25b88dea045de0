use crate::rules::prelude::*;
use crate::rules::support::config_path;

declare_managed_rule! {
    /// Whether Elasticsearch (OpenSearch Service) domains are in a VPC.
    ///
    /// ## What it checks
    /// Whether the `AWS::Elasticsearch::Domain` item has VPC options with a VPC or
    /// subnets. A domain created with a public endpoint cannot be moved into a VPC.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the domain has no VPC options with a `vpcid`/`VPCId` or
    ///   `subnetIds` (a public endpoint). Evidence: the VPC options (or their absence)
    ///   or the public `endpoint`.
    /// - `COMPLIANT`: VPC options name a VPC or subnets, or the item lists VPC
    ///   `endpoints`.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// The field is recorded as `vpcoptions` in AWS's samples; `vPCOptions`, `VPCOptions`
    /// and `vpcOptions` are accepted too. `AWS::OpenSearch::Domain` items are not
    /// evaluated, as in AWS.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/elasticsearch-in-vpc-only.html>
    pub ElasticsearchInVpcOnly {
        identifier: "ELASTICSEARCH_IN_VPC_ONLY",
        name: "elasticsearch-in-vpc-only",
        resource_types: &["AWS::Elasticsearch::Domain"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::High,
        fidelity: Fidelity::Approximate("the VPC options field name varies by capture; all casings are read"),
        needs: &[],
        parameters: &[],
    }
}

const VPC_OPTION_KEYS: [&str; 4] = ["vpcoptions", "vPCOptions", "VPCOptions", "vpcOptions"];

fn first_string<'a>(options: &'a Value, keys: &[&str]) -> Option<&'a str> {
    keys.iter()
        .find_map(|k| options.get(*k).and_then(Value::as_str))
        .filter(|s| !s.trim().is_empty())
}

impl Evaluate for ElasticsearchInVpcOnly {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let found = VPC_OPTION_KEYS
            .iter()
            .find_map(|k| item.config_at(k).as_object().map(|_| (*k, item.config_at(k))));
        if let Some((_, options)) = found {
            if let Some(vpc) = first_string(options, &["vpcid", "vPCId", "VPCId", "vpcId"]) {
                return Verdict::compliant(format!("the domain is in {vpc}"));
            }
            let subnets = ["subnetIds", "SubnetIds"]
                .iter()
                .find_map(|k| options.get(*k).and_then(Value::as_array))
                .map_or(0, Vec::len);
            if subnets > 0 {
                return Verdict::compliant(format!("the domain is in {subnets} VPC subnet(s)"));
            }
        }
        if ["endpoints", "Endpoints"]
            .iter()
            .any(|k| item.config_at(k).as_object().is_some_and(|o| !o.is_empty()))
        {
            return Verdict::compliant("the domain has VPC endpoints");
        }
        if let Some(endpoint) = ["endpoint", "Endpoint"]
            .iter()
            .find_map(|k| item.config_at(k).as_str().map(|e| (*k, e)))
        {
            return Verdict::non_compliant(
                format!("the domain has the public endpoint {}", endpoint.1),
                Evidence::at(config_path(endpoint.0), endpoint.1),
            );
        }
        match found {
            Some((key, options)) => Verdict::non_compliant(
                "the domain's VPC options name no VPC or subnet: its endpoint is public",
                Evidence::at(config_path(key), options.clone()),
            ),
            None => Verdict::non_compliant(
                "the domain has no VPC options: its endpoint is public",
                Evidence::at(config_path("vpcoptions"), Value::Null),
            ),
        }
    }
}
