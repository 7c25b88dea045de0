use crate::rules::prelude::*;
use crate::rules::support::field::Field;
use crate::rules::support::{as_list, config_path};

declare_managed_rule! {
    /// Whether both tunnels of a Site-to-Site VPN connection are up.
    ///
    /// ## What it checks
    /// The tunnel telemetry of an `AWS::EC2::VPNConnection`:
    /// `configuration.vgwTelemetry[].status` (`UP` or `DOWN`).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: fewer than two tunnels report `UP` (one or both are `DOWN`, or
    ///   no telemetry is recorded). Evidence: the first `DOWN` status, or the telemetry.
    /// - `COMPLIANT`: two or more tunnels are `UP`.
    /// - `NOT_APPLICABLE`: the connection's `state` is `deleted` or `deleting`; a deleted
    ///   item.
    ///
    /// ## Differences from AWS
    /// The telemetry path is not documented by AWS (it is the EC2 API's `VgwTelemetry`,
    /// seen in AWS Config items). A deleted connection, which keeps a CI with an empty
    /// telemetry list for a while, is NOT_APPLICABLE.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/vpc-vpn-2-tunnels-up.html>
    pub VpcVpn2TunnelsUp {
        identifier: "VPC_VPN_2_TUNNELS_UP",
        name: "vpc-vpn-2-tunnels-up",
        resource_types: &["AWS::EC2::VPNConnection"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("deleted connections are NOT_APPLICABLE"),
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for VpcVpn2TunnelsUp {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let state = item.config_at("state").as_str().unwrap_or("");
        if matches!(state, "deleted" | "deleting") {
            return Verdict::not_applicable(format!("the VPN connection is {state}"));
        }
        let telemetry = as_list(item.config_at("vgwTelemetry"));
        let status = |t: &Value| t.get("status").and_then(Value::as_str).unwrap_or("").to_owned();
        let up = telemetry.iter().filter(|t| status(t).eq_ignore_ascii_case("UP")).count();
        if up >= 2 {
            return Verdict::compliant(format!("{up} tunnels are UP"));
        }
        match telemetry
            .iter()
            .enumerate()
            .find(|(_, t)| !status(t).eq_ignore_ascii_case("UP"))
        {
            Some((i, t)) => {
                let ip = t.get("outsideIpAddress").and_then(Value::as_str).unwrap_or("?");
                Verdict::non_compliant(
                    format!("{up} of {} tunnels UP; tunnel {ip} is {}", telemetry.len(), status(t)),
                    Evidence::at(config_path(&format!("vgwTelemetry[{i}].status")), status(t)),
                )
            }
            None => Verdict::non_compliant(
                format!("only {up} tunnel telemetry entr(ies) recorded, fewer than 2 UP"),
                Field::config(item, "vgwTelemetry").evidence(),
            ),
        }
    }
}
