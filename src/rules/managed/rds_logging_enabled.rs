use crate::rules::prelude::*;
use crate::rules::support::as_list;
use crate::rules::support::field::Field;
use crate::rules::support::logging::str_field;

declare_managed_rule! {
    /// Whether RDS DB instances export their engine's logs to CloudWatch Logs.
    ///
    /// ## What it checks
    /// Whether `configuration.enabledCloudwatchLogsExports` contains every log type of
    /// the instance's engine (table below) plus the types `additionalLogs` adds for that
    /// engine. For an Aurora instance (`dBClusterIdentifier` set), the exports of its
    /// `AWS::RDS::DBCluster` item, when in the input, count too, since Aurora configures
    /// log exports on the cluster.
    ///
    /// Required log types by engine: `mysql`, `mariadb`, `aurora`, `aurora-mysql`: audit,
    /// error, general, slowquery; `postgres`: postgresql, upgrade; `aurora-postgresql`:
    /// postgresql; `oracle-*`: alert, audit, listener, trace; `sqlserver-ex`: error;
    /// other `sqlserver-*`: agent, error; `db2-*`: diag.log, notify.log.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: a required log type is not exported. Evidence:
    ///   `enabledCloudwatchLogsExports` and its value, and the cluster's when the
    ///   instance belongs to one.
    /// - `COMPLIANT`: every required log type is exported.
    /// - `NOT_APPLICABLE`: `dBInstanceStatus` is not `available`, `backing-up`,
    ///   `storage-optimization` or `storage-full`; or the engine has no known log types
    ///   and `additionalLogs` names none for it; or the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS does not publish its per-engine list. Ours follows the log types each engine
    /// can export (as listed by the Security Hub control RDS.9, which this rule backs),
    /// except that `aurora-postgresql` requires only `postgresql` (it cannot export an
    /// upgrade log) and Oracle's optional `oemagent` log is not required.
    /// `additionalLogs` (`"engine: type, type ; engine: type"`) adds types; an engine key
    /// matches that engine and its editions (`oracle` matches `oracle-ee`, `aurora`
    /// matches `aurora-mysql`), and types compare case-insensitively.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/rds-logging-enabled.html>
    pub RdsLoggingEnabled {
        identifier: "RDS_LOGGING_ENABLED",
        name: "rds-logging-enabled",
        resource_types: &["AWS::RDS::DBInstance"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("the per-engine list of required log types is ours"),
        needs: &[Need::Relationships],
        parameters: &[
            ParamSpec::string("additionalLogs").doc(
                "Engine names and extra log types, e.g. \"oracle: general, slowquery ; aurora: alert, slowquery\".",
            ),
        ],
    }
}

const ACTIVE_STATUSES: [&str; 4] = ["available", "backing-up", "storage-optimization", "storage-full"];

fn default_logs(engine: &str) -> &'static [&'static str] {
    match engine {
        "mysql" | "mariadb" | "aurora" | "aurora-mysql" => &["audit", "error", "general", "slowquery"],
        "postgres" => &["postgresql", "upgrade"],
        "aurora-postgresql" => &["postgresql"],
        "sqlserver-ex" => &["error"],
        e if e.starts_with("sqlserver") => &["agent", "error"],
        e if e.starts_with("oracle") => &["alert", "audit", "listener", "trace"],
        e if e.starts_with("db2") => &["diag.log", "notify.log"],
        _ => &[],
    }
}

/// The extra log types `additionalLogs` lists for `engine`.
fn additional_logs<'p>(param: &'p str, engine: &str) -> Vec<&'p str> {
    param
        .split(';')
        .filter_map(|part| part.split_once(':'))
        .filter(|(key, _)| {
            let key = key.trim().to_ascii_lowercase();
            !key.is_empty() && (engine == key || engine.starts_with(&format!("{key}-")))
        })
        .flat_map(|(_, types)| types.split(',').map(str::trim).filter(|t| !t.is_empty()))
        .collect()
}

fn exports(item: &ConfigItem) -> impl Iterator<Item = &str> {
    as_list(item.config_at("enabledCloudwatchLogsExports"))
        .into_iter()
        .filter_map(Value::as_str)
}

impl Evaluate for RdsLoggingEnabled {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        if let Some(status) = str_field(item, &["dBInstanceStatus"])
            && !ACTIVE_STATUSES.iter().any(|s| s.eq_ignore_ascii_case(status))
        {
            return Verdict::not_applicable(format!("the instance is {status}"));
        }
        let engine = str_field(item, &["engine"]).unwrap_or("").to_ascii_lowercase();
        let extra = cx
            .params()
            .str("additionalLogs")
            .map(|p| additional_logs(p, &engine))
            .unwrap_or_default();
        let required: Vec<&str> = default_logs(&engine).iter().copied().chain(extra).collect();
        if required.is_empty() {
            return Verdict::not_applicable(format!(
                "no log types are known for engine '{engine}' and additionalLogs names none"
            ));
        }
        let mut enabled: Vec<&str> = exports(item).collect();
        let cluster = str_field(item, &["dBClusterIdentifier", "dbclusterIdentifier"])
            .and_then(|id| {
                cx.items_near("AWS::RDS::DBCluster", item).find(|c| {
                    c.name.as_deref() == Some(id)
                        || str_field(c, &["dbclusterIdentifier", "dBClusterIdentifier"]) == Some(id)
                })
            });
        if let Some(cluster) = cluster {
            enabled.extend(exports(cluster));
        }
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|r| !enabled.iter().any(|e| e.eq_ignore_ascii_case(r)))
            .collect();
        let via = cluster.map_or(String::new(), |c| {
            format!(" (with cluster {})", c.name.as_deref().unwrap_or(&c.key.resource_id))
        });
        if missing.is_empty() {
            Verdict::compliant(format!(
                "{engine} exports {} to CloudWatch Logs{via}",
                required.join(", ")
            ))
        } else {
            Verdict::non_compliant_all(
                format!(
                    "{engine} does not export {} to CloudWatch Logs{via}",
                    missing.join(", ")
                ),
                Field::config(item, "enabledCloudwatchLogsExports").evidence(),
                cluster
                    .map(|c| Field::config(c, "enabledCloudwatchLogsExports").foreign_evidence())
                    .into_iter()
                    .collect(),
            )
        }
    }
}
