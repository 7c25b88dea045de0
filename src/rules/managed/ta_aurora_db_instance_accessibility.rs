use crate::rules::prelude::*;
use crate::rules::support::as_bool;
use crate::rules::support::field::Field;

declare_managed_rule! {
    /// Trusted Advisor "Amazon Aurora DB Instance Accessibility": Aurora clusters whose
    /// instances mix public and private accessibility.
    ///
    /// ## What it checks
    /// For an Aurora `AWS::RDS::DBCluster`, the `publiclyAccessible` flag of each member
    /// DB instance, reached through the cluster's `Contains` relationships (recorded by
    /// instance name).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT` (yellow, severity medium): some members are publicly accessible
    ///   and others are not. Evidence: the cluster's `dbclusterMembers`.
    /// - `COMPLIANT`: every member in the input has the same accessibility.
    /// - `NOT_APPLICABLE`: the cluster is not Aurora; a deleted item.
    /// - `INSUFFICIENT_DATA`: fewer than two of the cluster's several members are in the
    ///   input.
    ///
    /// ## Differences from AWS
    /// Trusted Advisor lists the instances; we report one verdict per cluster and name
    /// the public and private instances in the annotation.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/awssupport/latest/user/fault-tolerance-checks.html>
    pub TaAuroraDbInstanceAccessibility {
        identifier: "TA_AURORA_DB_INSTANCE_ACCESSIBILITY",
        name: "ta-aurora-db-instance-accessibility",
        resource_types: &["AWS::RDS::DBCluster"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("one verdict per cluster instead of per instance"),
        needs: &[Need::Relationships],
        parameters: &[],
    }
}

impl Evaluate for TaAuroraDbInstanceAccessibility {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let engine = item.config_at("engine").as_str().unwrap_or("");
        if !engine.starts_with("aurora") {
            return Verdict::not_applicable(format!("engine {engine} is not Aurora"));
        }
        let members = cx.related(Some(Verb::Contains), Some("AWS::RDS::DBInstance"));
        let mut public = Vec::new();
        let mut private = Vec::new();
        for m in members.iter().filter_map(|l| l.node.item()).filter(|i| !i.is_deleted()) {
            match as_bool(m.config_at("publiclyAccessible")) {
                Some(true) => public.push(m.display_name()),
                Some(false) => private.push(m.display_name()),
                None => {}
            }
        }
        let listed = item.config_at("dbclusterMembers").as_array().map_or(0, Vec::len);
        if public.len() + private.len() < 2 && listed > 1 {
            return Verdict::insufficient_data(format!(
                "only {} of the cluster's {listed} member instances are in the input",
                public.len() + private.len()
            ));
        }
        if !public.is_empty() && !private.is_empty() {
            Verdict::non_compliant(
                format!(
                    "mixed accessibility: public {}; private {}",
                    public.join(", "),
                    private.join(", ")
                ),
                Field::config(item, "dbclusterMembers").evidence(),
            )
            .with_severity(Severity::Medium)
        } else {
            let kind = if public.is_empty() { "private" } else { "publicly accessible" };
            Verdict::compliant(format!(
                "all {} member instance(s) are {kind}",
                public.len() + private.len()
            ))
        }
    }
}
