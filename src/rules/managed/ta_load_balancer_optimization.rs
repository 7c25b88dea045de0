use std::collections::BTreeMap;

use crate::rules::prelude::*;
use crate::rules::support::field::Field;
use crate::rules::support::elb::clb_instance_ids;
use crate::rules::support::join::{find_near, instance_state};
use crate::rules::support::as_list;

declare_managed_rule! {
    /// Trusted Advisor "Load Balancer Optimization": Classic Load Balancers in one zone,
    /// with a zone that has no active instance, or with instances spread unevenly.
    ///
    /// ## What it checks
    /// The load balancer's `availabilityZones`, and the running instances among its
    /// registered `instances` (joined by id) counted by `placement.availabilityZone`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT` (yellow, severity medium): the load balancer is enabled for a
    ///   single zone; or one of its zones has no running registered instance; or the
    ///   highest and lowest per-zone instance counts differ by more than 1 and by more
    ///   than 20 % of the highest. Evidence: `availabilityZones` or `instances`.
    /// - `COMPLIANT`: none of these.
    /// - `NOT_APPLICABLE`: no instance is registered (see `ta-idle-load-balancers`); a
    ///   deleted item.
    /// - `INSUFFICIENT_DATA`: a registered instance is not in the input, so the zone
    ///   counts are unknown.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/awssupport/latest/user/fault-tolerance-checks.html>
    pub TaLoadBalancerOptimization {
        identifier: "TA_LOAD_BALANCER_OPTIMIZATION",
        name: "ta-load-balancer-optimization",
        resource_types: &["AWS::ElasticLoadBalancing::LoadBalancer"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[Need::Relationships],
        parameters: &[],
    }
}

impl Evaluate for TaLoadBalancerOptimization {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let zones: Vec<&str> = as_list(item.config_at("availabilityZones"))
            .into_iter()
            .filter_map(Value::as_str)
            .collect();
        if zones.len() == 1 {
            return Verdict::non_compliant(
                format!("the load balancer is enabled for a single Availability Zone ({})", zones[0]),
                Field::config(item, "availabilityZones").evidence(),
            )
            .with_severity(Severity::Medium);
        }
        let ids = clb_instance_ids(item);
        if ids.is_empty() {
            return Verdict::not_applicable("no instance is registered");
        }
        let mut per_zone: BTreeMap<&str, usize> = zones.iter().map(|z| (*z, 0)).collect();
        for id in &ids {
            let Some(instance) = find_near(cx, item, "AWS::EC2::Instance", id) else {
                return Verdict::insufficient_data(format!(
                    "registered instance {id} is not in the input"
                ));
            };
            if instance_state(instance) != Some("running") {
                continue;
            }
            if let Some(zone) = instance.config_at("placement.availabilityZone").as_str() {
                *per_zone.entry(zone).or_insert(0) += 1;
            }
        }
        let instances_evidence =
            || Field::config(item, "instances").evidence();
        if let Some((zone, _)) = per_zone.iter().find(|(z, n)| **n == 0 && zones.contains(z)) {
            return Verdict::non_compliant(
                format!("Availability Zone {zone} has no running registered instance"),
                instances_evidence(),
            )
            .with_severity(Severity::Medium);
        }
        let high = per_zone.values().copied().max().unwrap_or(0);
        let low = per_zone.values().copied().min().unwrap_or(0);
        // "more than 20 % of the highest": 5 × difference > highest.
        if high - low > 1 && 5 * (high - low) > high {
            let counts: Vec<String> = per_zone.iter().map(|(z, n)| format!("{z}: {n}")).collect();
            return Verdict::non_compliant(
                format!("instances are unevenly spread ({})", counts.join(", ")),
                instances_evidence(),
            )
            .with_severity(Severity::Medium);
        }
        Verdict::compliant(format!(
            "{} running instance(s) spread over {} zones",
            per_zone.values().sum::<usize>(),
            per_zone.len()
        ))
    }
}
