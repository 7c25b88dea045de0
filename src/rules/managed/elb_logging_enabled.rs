use crate::rules::prelude::*;
use crate::rules::support::elb::elbv2_attribute;
use crate::rules::support::logging::{field, str_field};
use crate::rules::support::{as_bool, config_path, supplementary_path};

declare_managed_rule! {
    /// Whether Application and Classic Load Balancers have access logging enabled.
    ///
    /// ## What it checks
    /// Application Load Balancers: the `access_logs.s3.enabled` and
    /// `access_logs.s3.bucket` entries of the `supplementaryConfiguration.LoadBalancerAttributes`
    /// key/value list. Classic Load Balancers: `LoadBalancerAttributes.accessLog.enabled`
    /// and `.s3BucketName`. With `s3BucketNames`, the destination bucket must be listed.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: access logging is disabled (or the attribute is absent from a
    ///   recorded attribute set), or the destination bucket is not in `s3BucketNames`.
    ///   Evidence: the attribute's path and value.
    /// - `COMPLIANT`: access logs are written (to a listed bucket, when given).
    /// - `NOT_APPLICABLE`: Network and Gateway Load Balancers (`configuration.type`
    ///   `network` or `gateway`), and deleted configuration items.
    /// - `INSUFFICIENT_DATA`: the item carries no `LoadBalancerAttributes`.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/elb-logging-enabled.html>
    pub ElbLoggingEnabled {
        identifier: "ELB_LOGGING_ENABLED",
        name: "elb-logging-enabled",
        resource_types: &[
            "AWS::ElasticLoadBalancing::LoadBalancer",
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
        ],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[
            ParamSpec::csv("s3BucketNames")
                .doc("Comma-separated list of S3 bucket names the load balancers may deliver access logs to."),
        ],
    }
}

/// Whether logging is on, with the evidence for "off", and the destination bucket.
struct AccessLog<'v> {
    enabled: bool,
    enabled_at: (String, Value),
    bucket: Option<&'v str>,
    bucket_path: String,
}

fn alb_access_log(item: &ConfigItem) -> Option<AccessLog<'_>> {
    item.supplementary_at("LoadBalancerAttributes").as_array()?;
    let (enabled_path, enabled_value) = elbv2_attribute(item, "access_logs.s3.enabled")
        .map_or_else(
            || (supplementary_path("LoadBalancerAttributes"), Value::Null),
            |(p, v)| (p, v.clone()),
        );
    let bucket = elbv2_attribute(item, "access_logs.s3.bucket");
    Some(AccessLog {
        enabled: as_bool(&enabled_value) == Some(true),
        enabled_at: (enabled_path, enabled_value),
        bucket: bucket
            .as_ref()
            .and_then(|(_, v)| v.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty()),
        bucket_path: bucket.map_or_else(
            || supplementary_path("LoadBalancerAttributes"),
            |(p, _)| p,
        ),
    })
}

fn clb_access_log(item: &ConfigItem) -> Option<AccessLog<'_>> {
    let attrs = item.supplementary_at("LoadBalancerAttributes");
    if !attrs.is_object() {
        return None;
    }
    let log = attrs.get("accessLog").unwrap_or(&Value::Null);
    let (name, value) = field(log, &["enabled", "Enabled"]).unwrap_or(("enabled", &Value::Null));
    let bucket_name = field(log, &["s3BucketName", "S3BucketName"]).map_or("s3BucketName", |(n, _)| n);
    Some(AccessLog {
        enabled: as_bool(value) == Some(true),
        enabled_at: (
            supplementary_path(&format!("LoadBalancerAttributes.accessLog.{name}")),
            value.clone(),
        ),
        bucket: str_field(log, &["s3BucketName", "S3BucketName"]),
        bucket_path: supplementary_path(&format!("LoadBalancerAttributes.accessLog.{bucket_name}")),
    })
}

impl Evaluate for ElbLoggingEnabled {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let log = if item.resource_type() == "AWS::ElasticLoadBalancingV2::LoadBalancer" {
            let kind = item.config_at("type").as_str().unwrap_or("application");
            if !kind.eq_ignore_ascii_case("application") {
                return Verdict::not_applicable(format!(
                    "the rule does not apply to {kind} load balancers"
                ))
                .with_evidence(Evidence::at(config_path("type"), kind));
            }
            alb_access_log(item)
        } else {
            clb_access_log(item)
        };
        let Some(log) = log else {
            return Verdict::insufficient_data(
                "the item carries no LoadBalancerAttributes in supplementaryConfiguration",
            );
        };
        if !log.enabled {
            let (path, value) = log.enabled_at;
            let shown = value.as_str().map_or_else(|| value.to_string(), str::to_owned);
            return Verdict::non_compliant(
                format!("access logging is not enabled (enabled: {shown})"),
                Evidence::at(path, value),
            );
        }
        let allowed = cx.params().list("s3BucketNames");
        let bucket = log.bucket.unwrap_or("");
        if !allowed.is_empty() && !allowed.iter().any(|b| b == bucket) {
            return Verdict::non_compliant(
                format!(
                    "access logs go to bucket '{bucket}', which is not one of {}",
                    allowed.join(", ")
                ),
                Evidence::at(log.bucket_path, bucket),
            );
        }
        Verdict::compliant(format!("access logs go to bucket '{bucket}'"))
    }
}
