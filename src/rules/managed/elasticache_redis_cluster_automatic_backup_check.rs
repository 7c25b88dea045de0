use crate::rules::prelude::*;
use crate::rules::support::logging::field;
use crate::rules::support::{as_int, config_path};

declare_managed_rule! {
    /// Whether ElastiCache Redis clusters keep automatic backups for long enough.
    ///
    /// ## What it checks
    /// The `snapshotRetentionLimit` (days of automatic backups; 0 = off) of Redis cache
    /// clusters and replication groups, against `snapshotRetentionPeriod`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the retention limit is less than `snapshotRetentionPeriod`
    ///   (default 15). Evidence: `$.configuration.snapshotRetentionLimit`.
    /// - `COMPLIANT`: the retention limit is at least `snapshotRetentionPeriod`.
    /// - `INSUFFICIENT_DATA`: the item records no retention limit, or a cache cluster
    ///   records no engine.
    /// - `NOT_APPLICABLE`: a cache cluster whose engine is not Redis (or Valkey, its
    ///   Redis-compatible successor), e.g. Memcached; or the configuration item is
    ///   deleted.
    ///
    /// ## Differences from AWS
    /// AWS's page says NON_COMPLIANT when the limit is "less than" the parameter but its
    /// example calls 15 non-compliant for a parameter of 15; we follow "less than", so
    /// 15 days passes with the default. Field names are read in camelCase and in
    /// PascalCase (`SnapshotRetentionLimit`, `Engine`), since no real item of these types
    /// was available. Valkey clusters are evaluated like Redis ones.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/elasticache-redis-cluster-automatic-backup-check.html>
    pub ElasticacheRedisClusterAutomaticBackupCheck {
        identifier: "ELASTICACHE_REDIS_CLUSTER_AUTOMATIC_BACKUP_CHECK",
        name: "elasticache-redis-cluster-automatic-backup-check",
        resource_types: &["AWS::ElastiCache::CacheCluster", "AWS::ElastiCache::ReplicationGroup"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate(
            "a retention equal to the parameter is compliant; Valkey counts as Redis",
        ),
        needs: &[],
        parameters: &[
            ParamSpec::int("snapshotRetentionPeriod")
                .range(0, 35)
                .default("15")
                .doc("Minimum snapshot retention period in days."),
        ],
    }
}

/// A field in camelCase or, as newer items write it, PascalCase.
fn either<'v>(item: &'v ConfigItem, camel: &'static str, pascal: &'static str) -> (&'static str, &'v Value) {
    field(item, &[camel, pascal]).unwrap_or((camel, &Value::Null))
}

impl Evaluate for ElasticacheRedisClusterAutomaticBackupCheck {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let (_, engine) = either(item, "engine", "Engine");
        match engine.as_str() {
            Some(e) if e.eq_ignore_ascii_case("redis") || e.eq_ignore_ascii_case("valkey") => {}
            Some(e) => {
                return Verdict::not_applicable(format!("the engine is {e}, not Redis"));
            }
            None if item.resource_type() == "AWS::ElastiCache::CacheCluster" => {
                return Verdict::insufficient_data("the cache cluster records no engine");
            }
            None => {}
        }
        let minimum = cx.params().int("snapshotRetentionPeriod").unwrap_or(15);
        let (key, value) = either(item, "snapshotRetentionLimit", "SnapshotRetentionLimit");
        let Some(limit) = as_int(value) else {
            return Verdict::insufficient_data("the item records no snapshotRetentionLimit");
        };
        if limit < minimum {
            Verdict::non_compliant(
                format!("automatic backups are kept {limit} days, less than the required {minimum}"),
                Evidence::at(config_path(key), value.clone()),
            )
        } else {
            Verdict::compliant(format!(
                "automatic backups are kept {limit} days (required {minimum})"
            ))
        }
    }
}
