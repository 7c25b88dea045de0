use crate::model::Format;
use crate::rules::prelude::*;

declare_managed_rule! {
    /// Whether resources carry the required tags (up to six keys, optionally with allowed
    /// values).
    ///
    /// ## What it checks
    /// The resource's tags (the top-level `tags` map, or the tags recorded inside
    /// `configuration` / `supplementaryConfiguration` when that map is absent) against
    /// `tag1Key`…`tag6Key` and their allowed values `tag1Value`…`tag6Value`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: a required key is missing, or its value is not one of the
    ///   allowed values given for it. Evidence: the tag's path and value (null when
    ///   missing).
    /// - `COMPLIANT`: every required key is present with an allowed value.
    /// - `NOT_APPLICABLE`: a deleted item.
    /// - `INSUFFICIENT_DATA`: the item came from BatchGetResourceConfig, which filters
    ///   tags out.
    ///
    /// ## Differences from AWS
    /// Keys and values are compared exactly (case-sensitive). The resource types are the
    /// ones the 2023 rule page lists; AWS has added more since.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/required-tags.html>
    pub RequiredTags {
        identifier: "REQUIRED_TAGS",
        name: "required-tags",
        resource_types: &[
            "AWS::ACM::Certificate",
            "AWS::AutoScaling::AutoScalingGroup",
            "AWS::CloudFormation::Stack",
            "AWS::CodeBuild::Project",
            "AWS::DynamoDB::Table",
            "AWS::EC2::CustomerGateway",
            "AWS::EC2::Instance",
            "AWS::EC2::InternetGateway",
            "AWS::EC2::NetworkAcl",
            "AWS::EC2::NetworkInterface",
            "AWS::EC2::RouteTable",
            "AWS::EC2::SecurityGroup",
            "AWS::EC2::Subnet",
            "AWS::EC2::Volume",
            "AWS::EC2::VPC",
            "AWS::EC2::VPNConnection",
            "AWS::EC2::VPNGateway",
            "AWS::ElasticLoadBalancing::LoadBalancer",
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            "AWS::RDS::DBInstance",
            "AWS::RDS::DBSecurityGroup",
            "AWS::RDS::DBSnapshot",
            "AWS::RDS::DBSubnetGroup",
            "AWS::RDS::EventSubscription",
            "AWS::Redshift::Cluster",
            "AWS::Redshift::ClusterParameterGroup",
            "AWS::Redshift::ClusterSecurityGroup",
            "AWS::Redshift::ClusterSnapshot",
            "AWS::Redshift::ClusterSubnetGroup",
            "AWS::S3::Bucket",
        ],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("the 2023 list of resource types; exact comparison"),
        needs: &[],
        parameters: &[
            ParamSpec::string("tag1Key").required().default("CostCenter").doc("Key of the required tag."),
            ParamSpec::csv("tag1Value").doc("Allowed values of the first tag (comma-separated)."),
            ParamSpec::string("tag2Key").doc("Key of a second required tag."),
            ParamSpec::csv("tag2Value").doc("Allowed values of the second tag."),
            ParamSpec::string("tag3Key").doc("Key of a third required tag."),
            ParamSpec::csv("tag3Value").doc("Allowed values of the third tag."),
            ParamSpec::string("tag4Key").doc("Key of a fourth required tag."),
            ParamSpec::csv("tag4Value").doc("Allowed values of the fourth tag."),
            ParamSpec::string("tag5Key").doc("Key of a fifth required tag."),
            ParamSpec::csv("tag5Value").doc("Allowed values of the fifth tag."),
            ParamSpec::string("tag6Key").doc("Key of a sixth required tag."),
            ParamSpec::csv("tag6Value").doc("Allowed values of the sixth tag."),
        ],
    }
}

const KEYS: [(&str, &str); 6] = [
    ("tag1Key", "tag1Value"),
    ("tag2Key", "tag2Value"),
    ("tag3Key", "tag3Value"),
    ("tag4Key", "tag4Value"),
    ("tag5Key", "tag5Value"),
    ("tag6Key", "tag6Value"),
];

impl Evaluate for RequiredTags {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        if item.origin.format == Format::BatchGetResourceConfig {
            return Verdict::insufficient_data(
                "BatchGetResourceConfig output carries no tags",
            );
        }
        let tags = item.tags();
        let mut checked = Vec::new();
        for (key_param, value_param) in KEYS {
            let Some(key) = cx.params().str(key_param).map(str::trim).filter(|k| !k.is_empty()) else {
                continue;
            };
            let path = format!("$.tags['{key}']");
            let allowed = cx.params().list(value_param);
            match tags.get(key) {
                None => {
                    return Verdict::non_compliant(
                        format!("required tag {key} is missing"),
                        Evidence::at(path, Value::Null),
                    );
                }
                Some(v) if !allowed.is_empty() && !allowed.iter().any(|a| a == v) => {
                    return Verdict::non_compliant(
                        format!("tag {key} is {v:?}, not one of {}", allowed.join(", ")),
                        Evidence::at(path, v.as_str()),
                    );
                }
                Some(v) => checked.push(format!("{key}={v}")),
            }
        }
        Verdict::compliant(format!("required tags present: {}", checked.join(", ")))
    }
}
