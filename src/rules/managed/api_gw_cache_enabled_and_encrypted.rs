use crate::rules::prelude::*;
use crate::rules::support::{as_bool, config_path};

declare_managed_rule! {
    /// Whether every method of an API Gateway REST API stage caches responses in an
    /// encrypted cache.
    ///
    /// ## What it checks
    /// The stage's `cacheClusterEnabled` and its `methodSettings` (the stage-wide `*/*`
    /// entry and per-method overrides): each must have `cachingEnabled` and
    /// `cacheDataEncrypted` true.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the stage has no cache cluster; no method setting exists (no
    ///   method is configured to cache); or a method setting has caching or cache
    ///   encryption off. Evidence: the field's path and value.
    /// - `COMPLIANT`: the cache cluster is enabled and every method setting caches
    ///   with encryption.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS does not name the fields it reads. Methods without an override inherit the
    /// `*/*` settings, so the method settings recorded on the stage are taken to cover
    /// every method.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/api-gw-cache-enabled-and-encrypted.html>
    pub ApiGwCacheEnabledAndEncrypted {
        identifier: "API_GW_CACHE_ENABLED_AND_ENCRYPTED",
        name: "api-gw-cache-enabled-and-encrypted",
        resource_types: &["AWS::ApiGateway::Stage"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("the stage's recorded method settings are taken to cover every method"),
        needs: &[],
        parameters: &[],
    }
}

impl Evaluate for ApiGwCacheEnabledAndEncrypted {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let cluster = item.config_at("cacheClusterEnabled");
        if as_bool(cluster) != Some(true) {
            return Verdict::non_compliant(
                format!("the stage has no cache cluster (cacheClusterEnabled: {cluster})"),
                Evidence::at(config_path("cacheClusterEnabled"), cluster.clone()),
            );
        }
        let settings = item.config_at("methodSettings");
        let Some(map) = settings.as_object().filter(|m| !m.is_empty()) else {
            return Verdict::non_compliant(
                "no method of the stage is configured to cache (methodSettings is empty)",
                Evidence::at(config_path("methodSettings"), settings.clone()),
            );
        };
        for (method, s) in map {
            for field in ["cachingEnabled", "cacheDataEncrypted"] {
                let v = s.get(field).unwrap_or(&Value::Null);
                if as_bool(v) != Some(true) {
                    return Verdict::non_compliant(
                        format!("method {method} has {field} {v}"),
                        Evidence::at(config_path(&format!("methodSettings['{method}'].{field}")), v.clone()),
                    );
                }
            }
        }
        Verdict::compliant(format!(
            "all {} method setting(s) cache responses in an encrypted cache",
            map.len()
        ))
    }
}
