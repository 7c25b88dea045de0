use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::field::Field;

declare_managed_rule! {
    /// Whether Redshift clusters are encrypted, have audit logging on and use an
    /// allowed node type.
    ///
    /// ## What it checks
    /// With `clusterDbEncrypted` true, `configuration.encrypted` must be true; with
    /// `loggingEnabled` true, `supplementaryConfiguration.LoggingStatus.loggingEnabled`
    /// must be true; with `nodeTypes`, `configuration.nodeType` must be in the list.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the first unmet setting, in the order above. Evidence: its path
    ///   and value.
    /// - `COMPLIANT`: every required setting is met.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS lists `dc1.large` as the default of `nodeTypes`, but its compliance text names
    /// only encryption and audit logging, and applying that default would fail every
    /// current (`ra3`) cluster; we check the node type only when `nodeTypes` is given.
    /// `clusterDbEncrypted` or `loggingEnabled` set to false means "not checked".
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/redshift-cluster-configuration-check.html>
    pub RedshiftClusterConfigurationCheck {
        identifier: "REDSHIFT_CLUSTER_CONFIGURATION_CHECK",
        name: "redshift-cluster-configuration-check",
        resource_types: &["AWS::Redshift::Cluster"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("nodeTypes is checked only when given (its documented default dc1.large is not applied)"),
        needs: &[],
        parameters: &[
            ParamSpec::bool("clusterDbEncrypted").required().default("true").doc("Database encryption must be enabled."),
            ParamSpec::bool("loggingEnabled").required().default("true").doc("Audit logging must be enabled."),
            ParamSpec::csv("nodeTypes").doc("Allowed node types (AWS documents dc1.large as the default)."),
        ],
    }
}

impl Evaluate for RedshiftClusterConfigurationCheck {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let params = cx.params();
        if params.bool("clusterDbEncrypted") == Some(true) {
            let encrypted = Field::config(item, "encrypted");
            if !encrypted.is_true() {
                return encrypted.violation("the cluster database is not encrypted");
            }
        }
        if params.bool("loggingEnabled") == Some(true) {
            let logging = Field::supplementary(item, "LoggingStatus.loggingEnabled");
            if !logging.is_true() {
                return logging.violation("audit logging is not enabled");
            }
        }
        let allowed = params.list("nodeTypes");
        if !allowed.is_empty() {
            let node_type = item.config_at("nodeType");
            let ok = node_type
                .as_str()
                .is_some_and(|t| allowed.iter().any(|a| a.eq_ignore_ascii_case(t)));
            if !ok {
                return Verdict::non_compliant(
                    format!("node type {node_type} is not one of {}", allowed.join(", ")),
                    Evidence::at(config_path("nodeType"), node_type.clone()),
                );
            }
        }
        Verdict::compliant("the cluster has the required configuration")
    }
}
