use crate::rules::prelude::*;
use crate::rules::support::logging::str_field;
use crate::rules::support::{config_path, item_path, items_path};

declare_managed_rule! {
    /// Whether every VPC has an active flow log.
    ///
    /// ## What it checks
    /// Whether an `AWS::EC2::FlowLog` of the same account and Region logs the VPC
    /// (`configuration.resourceId` equal to the VPC id) with `flowLogStatus` `ACTIVE`
    /// and, when `trafficType` is given, that traffic type.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: no flow log of the input logs the VPC, or none that does is
    ///   active with the required traffic type. Evidence: the mismatching flow log's
    ///   field, or the empty selection of the account's and Region's flow logs of the
    ///   VPC and the VPC id.
    /// - `COMPLIANT`: such a flow log exists.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// No FlowLog-to-VPC relationship is recorded, so flow logs are joined on
    /// `resourceId`; flow logs that are not in the input count as absent. A flow log
    /// without `flowLogStatus` counts as active. `trafficType` must equal the flow log's
    /// (case-insensitively): an `ALL` flow log does not satisfy `ACCEPT`.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/vpc-flow-logs-enabled.html>
    pub VpcFlowLogsEnabled {
        identifier: "VPC_FLOW_LOGS_ENABLED",
        name: "vpc-flow-logs-enabled",
        resource_types: &["AWS::EC2::VPC"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("flow logs are joined on resourceId and must be in the input"),
        needs: &[Need::Relationships],
        parameters: &[
            ParamSpec::choice("trafficType", &["ACCEPT", "REJECT", "ALL"])
                .doc("The traffic type the flow log must capture: ACCEPT, REJECT or ALL."),
        ],
    }
}

const FLOW_LOG: &str = "AWS::EC2::FlowLog";

impl Evaluate for VpcFlowLogsEnabled {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let vpc = str_field(item, &["vpcId"]).unwrap_or(&item.key.resource_id);
        let wanted = cx.params().str("trafficType").map(str::trim).filter(|t| !t.is_empty());
        let mut mismatch = None;
        for flow_log in cx.items_near(FLOW_LOG, item) {
            if str_field(flow_log, &["resourceId", "ResourceId"]) != Some(vpc) {
                continue;
            }
            let status = str_field(flow_log, &["flowLogStatus", "FlowLogStatus"]);
            if let Some(s) = status
                && !s.eq_ignore_ascii_case("active")
            {
                mismatch.get_or_insert_with(|| {
                    (
                        format!("flow log {} is {s}", flow_log.key.resource_id),
                        Evidence::at(item_path(flow_log, &config_path("flowLogStatus")), s),
                    )
                });
                continue;
            }
            let traffic = str_field(flow_log, &["trafficType", "TrafficType"]).unwrap_or("");
            if let Some(want) = wanted
                && !traffic.eq_ignore_ascii_case(want)
            {
                mismatch.get_or_insert_with(|| {
                    (
                        format!(
                            "flow log {} captures {traffic} traffic, not {want}",
                            flow_log.key.resource_id
                        ),
                        Evidence::at(item_path(flow_log, &config_path("trafficType")), traffic),
                    )
                });
                continue;
            }
            return Verdict::compliant(format!(
                "flow log {} captures {traffic} traffic of {vpc}",
                flow_log.key.resource_id
            ));
        }
        match mismatch {
            Some((why, evidence)) => Verdict::non_compliant(
                format!("{vpc} has no suitable flow log: {why}"),
                evidence,
            ),
            None => Verdict::non_compliant_all(
                format!("no flow log in the input logs {vpc}"),
                Evidence::at(
                    items_path(
                        FLOW_LOG,
                        &item.key.account,
                        Some(&item.key.region),
                        Some(&format!("@.configuration.resourceId=='{vpc}'")),
                    ),
                    json!([]),
                ),
                vec![Evidence::at(config_path("vpcId"), vpc)],
            ),
        }
    }
}
