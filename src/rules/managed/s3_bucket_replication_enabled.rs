use crate::rules::prelude::*;
use crate::rules::support::logging::BucketsByName;
use crate::rules::support::logging::bucket_named;
use crate::rules::support::supplementary_path;

declare_managed_rule! {
    /// Whether S3 buckets have enabled replication rules (optionally all of one type).
    ///
    /// ## What it checks
    /// The rules of `BucketReplicationConfiguration` (a map keyed by rule id in Config
    /// items; a list is accepted too): every rule must have `status` `Enabled`. With
    /// `ReplicationType`, every rule's destination bucket (`destinationConfig.bucketARN`)
    /// must be in another Region (`CROSS-REGION`) or the same Region (`SAME-REGION`);
    /// the destination's Region comes from its `AWS::S3::Bucket` item in the input.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: no replication configuration or no rule; a rule that is not
    ///   enabled; or, with `ReplicationType`, a rule whose destination is of the other
    ///   type. Evidence: the configuration or the rule.
    /// - `COMPLIANT`: every rule is enabled (and of the required type).
    /// - `INSUFFICIENT_DATA`: with `ReplicationType`, a destination bucket is not in the
    ///   input, so its Region is unknown (and no rule is NON_COMPLIANT).
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-replication-enabled.html>
    pub S3BucketReplicationEnabled {
        identifier: "S3_BUCKET_REPLICATION_ENABLED",
        name: "s3-bucket-replication-enabled",
        resource_types: &["AWS::S3::Bucket"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("destination Regions come from the destination buckets' items in the input"),
        needs: &[Need::Relationships],
        parameters: &[
            ParamSpec::choice("ReplicationType", &["CROSS-REGION", "SAME-REGION"])
                .doc("Every replication rule must be of this type (case-insensitive)."),
        ],
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Wanted {
    CrossRegion,
    SameRegion,
}

/// Every rule with its JSONPath.
fn rules(config: &Value) -> Vec<(String, &Value)> {
    let base = "BucketReplicationConfiguration.rules";
    match config.get("rules") {
        Some(Value::Object(map)) => map
            .iter()
            .map(|(id, r)| (supplementary_path(&format!("{base}['{id}']")), r))
            .collect(),
        Some(Value::Array(list)) => list
            .iter()
            .enumerate()
            .map(|(i, r)| (supplementary_path(&format!("{base}[{i}]")), r))
            .collect(),
        _ => Vec::new(),
    }
}

fn destination_bucket(rule: &Value) -> Option<&str> {
    let arn = ["destinationConfig", "destination"]
        .iter()
        .filter_map(|k| rule.get(*k))
        .find_map(|d| {
            ["bucketARN", "bucketArn", "bucket", "Bucket"]
                .iter()
                .find_map(|k| d.get(*k).and_then(Value::as_str))
        })?;
    Some(arn.strip_prefix("arn:aws:s3:::").unwrap_or(arn))
}

impl Evaluate for S3BucketReplicationEnabled {
    fn prepare(&self, inventory: &Inventory) {
        inventory.derived::<BucketsByName>();
    }

    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let wanted = match cx.params().str("ReplicationType") {
            Some("CROSS-REGION") => Some(Wanted::CrossRegion),
            Some("SAME-REGION") => Some(Wanted::SameRegion),
            _ => None,
        };
        let config = item.supplementary_at("BucketReplicationConfiguration");
        let rules = rules(config);
        if rules.is_empty() {
            return Verdict::non_compliant(
                "the bucket has no replication rule",
                Evidence::at(
                    supplementary_path("BucketReplicationConfiguration"),
                    config.clone(),
                ),
            );
        }
        if let Some((path, rule)) = rules.iter().find(|(_, r)| {
            r.get("status")
                .and_then(Value::as_str)
                .is_none_or(|s| !s.eq_ignore_ascii_case("Enabled"))
        }) {
            let status = rule.get("status").unwrap_or(&Value::Null);
            return Verdict::non_compliant(
                format!("a replication rule is not enabled (status: {status})"),
                Evidence::at(path.clone(), (*rule).clone()),
            );
        }
        let Some(wanted) = wanted else {
            return Verdict::compliant(format!("{} replication rule(s), all enabled", rules.len()));
        };
        let mut unknown = Vec::new();
        for (path, rule) in &rules {
            let Some(dest) = destination_bucket(rule) else {
                unknown.push("(no destination)".to_owned());
                continue;
            };
            let Some(dest_item) = bucket_named(cx, dest) else {
                unknown.push(dest.to_owned());
                continue;
            };
            let dest_region = &*dest_item.key.region;
            let same = dest_region == &*item.key.region;
            if same != (wanted == Wanted::SameRegion) {
                return Verdict::non_compliant(
                    format!(
                        "replication to {dest} ({dest_region}) is {}, but ReplicationType requires {}",
                        if same { "same-Region" } else { "cross-Region" },
                        if wanted == Wanted::SameRegion { "SAME-REGION" } else { "CROSS-REGION" }
                    ),
                    Evidence::at(path.clone(), (*rule).clone()),
                );
            }
        }
        if unknown.is_empty() {
            Verdict::compliant(format!(
                "{} replication rule(s), all enabled and of the required type",
                rules.len()
            ))
        } else {
            Verdict::insufficient_data(format!(
                "the Region of destination bucket(s) {} is unknown: their items are not in the input",
                unknown.join(", ")
            ))
        }
    }
}
