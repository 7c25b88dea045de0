use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::more::config_field;

declare_managed_rule! {
    /// Whether OpenSearch Service domains are in a VPC.
    ///
    /// ## What it checks
    /// Whether the `AWS::OpenSearch::Domain` item has `VPCOptions` with subnets (or a
    /// VPC endpoint in `Endpoints`). A domain with a public endpoint cannot be moved
    /// into a VPC.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: no `VPCOptions.SubnetIds` and no `Endpoints` entry: the domain
    ///   endpoint is public. Evidence: the public `DomainEndpoint` (or the missing
    ///   `VPCOptions`).
    /// - `COMPLIANT`: the domain has VPC subnets or a VPC endpoint.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS does not name the fields it reads; we read `VPCOptions.SubnetIds` and
    /// `Endpoints` (the resource schema's names), and the camel-case spellings.
    /// `AWS::Elasticsearch::Domain` items are not evaluated, as in AWS (see
    /// `elasticsearch-in-vpc-only`).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/opensearch-in-vpc-only.html>
    pub OpensearchInVpcOnly {
        identifier: "OPENSEARCH_IN_VPC_ONLY",
        name: "opensearch-in-vpc-only",
        resource_types: &["AWS::OpenSearch::Domain"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::High,
        fidelity: Fidelity::Approximate("VPC membership read from VPCOptions.SubnetIds or Endpoints"),
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for OpensearchInVpcOnly {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let (_, subnets) = config_field(item, &["VPCOptions.SubnetIds", "vpcOptions.subnetIds"]);
        let count = subnets.as_array().map_or(0, Vec::len);
        if count > 0 {
            return Verdict::compliant(format!("the domain is in {count} VPC subnet(s)"));
        }
        let (_, endpoints) = config_field(item, &["Endpoints", "endpoints"]);
        if endpoints.as_object().is_some_and(|o| !o.is_empty()) {
            return Verdict::compliant("the domain has a VPC endpoint");
        }
        let (path, endpoint) = config_field(item, &["DomainEndpoint", "Endpoint"]);
        match endpoint.as_str() {
            Some(e) => Verdict::non_compliant(
                format!("the domain has the public endpoint {e}"),
                Evidence::at(config_path(path), e),
            ),
            None => Verdict::non_compliant(
                "the domain has no VPC options: its endpoint is public",
                Evidence::at(config_path("VPCOptions"), item.config_at("VPCOptions").clone()),
            ),
        }
    }
}
