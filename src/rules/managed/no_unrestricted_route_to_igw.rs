use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::ingress::is_world_cidr;

declare_managed_rule! {
    /// Whether route tables have no route from the whole internet to an internet gateway.
    ///
    /// ## What it checks
    /// The route table's routes whose target is an internet gateway (`gatewayId`
    /// starting with `igw-`) and whose destination is `0.0.0.0/0` or `::/0`. Route tables
    /// listed in `routeTableIds` may have such routes.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: a route has `destinationCidrBlock` or `destinationIpv6CidrBlock`
    ///   covering the whole address family and a `gatewayId` starting with `igw-`, and
    ///   the route table is not in `routeTableIds`. Evidence: the route's destination.
    /// - `COMPLIANT`: no such route, or the route table is in `routeTableIds`.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// Routes in state `blackhole` (the gateway was detached or deleted) still count: AWS
    /// does not say it skips them. Routes to egress-only internet gateways (`eigw-`) do
    /// not count.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/no-unrestricted-route-to-igw.html>
    pub NoUnrestrictedRouteToIgw {
        identifier: "NO_UNRESTRICTED_ROUTE_TO_IGW",
        name: "no-unrestricted-route-to-igw",
        resource_types: &["AWS::EC2::RouteTable"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChangesAndPeriodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("blackhole routes count"),
        needs: &[],
        parameters: &[ParamSpec::csv("routeTableIds")
            .doc("Route tables that may route 0.0.0.0/0 or ::/0 to an internet gateway.")],
    }
}

impl Evaluate for NoUnrestrictedRouteToIgw {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let table = item
            .config_at("routeTableId")
            .as_str()
            .unwrap_or(&item.key.resource_id);
        if cx.params().list("routeTableIds").iter().any(|t| t == table) {
            return Verdict::compliant(format!("{table} is allowed by routeTableIds"));
        }
        let routes = item.config_at("routes").as_array().map_or(&[][..], Vec::as_slice);
        for (i, route) in routes.iter().enumerate() {
            let Some(gateway) = route
                .get("gatewayId")
                .and_then(Value::as_str)
                .filter(|g| g.starts_with("igw-"))
            else {
                continue;
            };
            for key in ["destinationCidrBlock", "destinationIpv6CidrBlock"] {
                if let Some(destination) = route
                    .get(key)
                    .and_then(Value::as_str)
                    .filter(|d| is_world_cidr(d))
                {
                    return Verdict::non_compliant(
                        format!("a route sends {destination} to internet gateway {gateway}"),
                        Evidence::at(config_path(&format!("routes[{i}].{key}")), destination),
                    );
                }
            }
        }
        Verdict::compliant("no route sends 0.0.0.0/0 or ::/0 to an internet gateway")
    }
}
