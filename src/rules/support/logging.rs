//! Logging helpers shared by the CloudTrail, S3 access-logging, load-balancer and
//! log-publishing rules: trails of an account and what their items can and cannot
//! tell, bucket logging, ELBv2 attributes and OpenSearch/Elasticsearch log options.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use serde_json::{Value, json};

use super::{as_bool, config_path, is_blank, item_path, no_items, supplementary_path};
use crate::model::ConfigItem;
use crate::rules::{Evidence, RuleContext, ValidParams, Verdict};
use crate::{Derived, Inventory};

pub const TRAIL: &str = "AWS::CloudTrail::Trail";
pub const BUCKET: &str = "AWS::S3::Bucket";

/// Said of every trail verdict that relies on a trail existing: GetTrailStatus is not
/// part of the configuration item.
pub const IS_LOGGING_CAVEAT: &str =
    "its logging status (IsLogging) is not in AWS Config data and is assumed on";

/// Something with named top-level fields: a JSON object, or an item's configuration,
/// whose fields are then decoded one by one rather than the whole configuration.
pub trait HasFields {
    fn get_field(&self, name: &str) -> Option<&Value>;
}

impl HasFields for Value {
    fn get_field(&self, name: &str) -> Option<&Value> {
        self.get(name)
    }
}

impl<T: HasFields + ?Sized> HasFields for &T {
    fn get_field(&self, name: &str) -> Option<&Value> {
        (**self).get_field(name)
    }
}

impl HasFields for ConfigItem {
    fn get_field(&self, name: &str) -> Option<&Value> {
        self.config_field(name)
    }
}

/// The first present, non-null field of `obj` among `names` (casings differ between
/// item formats and resource-type generations), with the name found.
pub fn field<'v>(
    obj: &'v (impl HasFields + ?Sized),
    names: &[&'static str],
) -> Option<(&'static str, &'v Value)> {
    names
        .iter()
        .find_map(|n| obj.get_field(n).filter(|v| !v.is_null()).map(|v| (*n, v)))
}

/// A non-blank string field among `names`.
pub fn str_field<'v>(
    obj: &'v (impl HasFields + ?Sized),
    names: &[&'static str],
) -> Option<&'v str> {
    names
        .iter()
        .find_map(|n| obj.get_field(n).and_then(Value::as_str))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

// ---------------------------------------------------------------------------------------
// CloudTrail trails
// ---------------------------------------------------------------------------------------

/// The trail's name (`configuration.name`, else the resource id).
pub fn trail_name(trail: &ConfigItem) -> &str {
    trail
        .config_field("name")
        .and_then(Value::as_str)
        .unwrap_or(&trail.key.resource_id)
}

fn trail_arn(trail: &ConfigItem) -> &str {
    trail
        .config_field("trailARN")
        .and_then(Value::as_str)
        .or(trail.arn.as_deref())
        .unwrap_or(&trail.key.resource_id)
}

/// The current trails of an account in every Region, sorted by key. A multi-Region
/// trail is recorded in its home Region; should copies appear in other Regions, each
/// trail ARN counts once.
pub fn account_trails<'a>(cx: &RuleContext<'a>, account: &str) -> Vec<&'a ConfigItem> {
    let mut seen = BTreeSet::new();
    cx.inventory
        .of_type_in(TRAIL, account, None)
        .filter(|t| !t.is_deleted())
        .filter(|t| seen.insert(trail_arn(t).to_owned()))
        .collect()
}

/// `isMultiRegionTrail`, when recorded.
pub fn is_multi_region(trail: &ConfigItem) -> Option<bool> {
    trail.config_field("isMultiRegionTrail").and_then(as_bool)
}

/// Whether a trail records events of `region`: multi-Region trails cover every Region,
/// others their home Region.
pub fn covers_region(trail: &ConfigItem, region: &str) -> bool {
    is_multi_region(trail) == Some(true)
        || &*trail.key.region == region
        || trail.config_field("homeRegion").and_then(Value::as_str) == Some(region)
}

/// What the item tells about a trail's event selectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selectors {
    /// `hasCustomEventSelectors: false`: CloudTrail's default selector, which records
    /// read and write management events and excludes no event source.
    Default,
    /// Custom or advanced selectors: their content is not in the item.
    Custom,
    /// `hasCustomEventSelectors` is not recorded.
    Unknown,
}

/// The outcome of a trail that meets every recorded condition (`so_far`, e.g. "is
/// multi-Region") but whose event selectors the item cannot show: custom selectors
/// (`decided` says what they would decide, e.g. " (management events, …)") or an
/// unrecorded `hasCustomEventSelectors`. `None` for the default selector.
pub fn unrecorded_selectors(
    trail: &ConfigItem,
    so_far: &str,
    decided: &str,
) -> Option<TrailOutcome> {
    match selectors(trail) {
        Selectors::Default => None,
        Selectors::Custom => Some(TrailOutcome::Unknown(format!(
            "{so_far} but has custom event selectors, which AWS Config does not record{decided}"
        ))),
        Selectors::Unknown => Some(TrailOutcome::Unknown(format!(
            "{so_far} but its item does not record hasCustomEventSelectors"
        ))),
    }
}

pub fn selectors(trail: &ConfigItem) -> Selectors {
    match trail
        .config_field("hasCustomEventSelectors")
        .and_then(as_bool)
    {
        Some(false) => Selectors::Default,
        Some(true) => Selectors::Custom,
        None => Selectors::Unknown,
    }
}

/// `cloudWatchLogsLogGroupArn` values end with `:*` in trails; parameters may omit it.
fn log_group_key(arn: &str) -> &str {
    arn.trim().trim_end_matches(":*")
}

/// Trail parameters: (parameter, item fields, whether a trailing `:*` is ignored)
const TRAIL_PARAMS: [(&str, &[&str], bool); 3] = [
    ("s3BucketName", &["s3BucketName"], false),
    ("snsTopicArn", &["snsTopicARN", "snsTopicArn"], false),
    (
        "cloudWatchLogsLogGroupArn",
        &["cloudWatchLogsLogGroupArn"],
        true,
    ),
];

/// Whether any of the `s3BucketName`, `snsTopicArn` and `cloudWatchLogsLogGroupArn`
/// parameters is given.
pub fn trail_params_given(params: &ValidParams) -> bool {
    TRAIL_PARAMS
        .iter()
        .any(|(param, _, _)| params.get(param).is_some())
}

/// The first of the `s3BucketName`, `snsTopicArn` and `cloudWatchLogsLogGroupArn`
/// parameters the trail does not match: a description and the trail's field.
pub fn trail_param_mismatch(
    trail: &ConfigItem,
    params: &ValidParams,
) -> Option<(String, Evidence)> {
    for (param, names, strip) in TRAIL_PARAMS {
        let key = |s: &'_ str| {
            if strip {
                log_group_key(s).to_owned()
            } else {
                s.trim().to_owned()
            }
        };
        let Some(want) = params.str(param).map(str::trim).filter(|s| !s.is_empty()) else {
            continue;
        };
        let found = field(trail, names);
        let have = found.and_then(|(_, v)| v.as_str()).unwrap_or("");
        if key(have) != key(want) {
            let name = found.map_or(names[0], |(n, _)| n);
            let value = found.map_or(Value::Null, |(_, v)| v.clone());
            let shown = if have.is_empty() { "none" } else { have };
            return Some((
                format!("has {name} {shown}, not {param} {want}"),
                Evidence::at(item_path(trail, &config_path(name)), value),
            ));
        }
    }
    None
}

/// One trail judged against an account-level rule.
#[derive(Debug, Clone)]
pub enum TrailOutcome {
    /// Meets every condition the item can show; the text says how.
    Pass(String),
    /// Fails a recorded condition: what and where.
    Fail(String, Evidence),
    /// Meets every recorded condition, but the rest is not recorded.
    Unknown(String),
}

/// The account verdict of a rule satisfied by "at least one trail that …": COMPLIANT
/// if a trail passes, else INSUFFICIENT_DATA if one might, else NON_COMPLIANT with the
/// evidence of every failing trail. `what` completes "no trail …".
pub fn account_trail_verdict(
    account: &str,
    trails: &[&ConfigItem],
    what: &str,
    judge: impl Fn(&ConfigItem) -> TrailOutcome,
) -> Verdict {
    if trails.is_empty() {
        return Verdict::non_compliant(
            format!("account {account} has no CloudTrail trail in the input, so no trail {what}"),
            no_items(TRAIL, account, None),
        );
    }
    let mut unknown = None;
    let mut fails = Vec::new();
    for trail in trails {
        match judge(trail) {
            TrailOutcome::Pass(how) => {
                return Verdict::compliant(format!(
                    "trail '{}' ({}) {how}; {IS_LOGGING_CAVEAT}",
                    trail_name(trail),
                    trail.key.region
                ));
            }
            TrailOutcome::Unknown(why) => {
                unknown.get_or_insert_with(|| format!("trail '{}' {why}", trail_name(trail)));
            }
            TrailOutcome::Fail(why, evidence) => fails.push((trail, why, evidence)),
        }
    }
    if let Some(why) = unknown {
        return Verdict::insufficient_data(format!("cannot tell whether a trail {what}: {why}"));
    }
    let mut fails = fails.into_iter();
    let Some((trail, why, first)) = fails.next() else {
        return Verdict::error("no trail passed, failed or was undecided");
    };
    let rest: Vec<Evidence> = fails.map(|(_, _, e)| e).collect();
    let more = if rest.is_empty() {
        String::new()
    } else {
        format!(" (and {} more trail(s) fail)", rest.len())
    };
    Verdict::non_compliant_all(
        format!("no trail {what}: trail '{}' {why}{more}", trail_name(trail)),
        first,
        rest,
    )
}

// ---------------------------------------------------------------------------------------
// S3 server access logging
// ---------------------------------------------------------------------------------------

/// The current bucket of that name, in any account or Region of the input (bucket names
/// are global): the first in key order when the input has it twice.
pub fn bucket_named<'a>(cx: &RuleContext<'a>, name: &str) -> Option<&'a ConfigItem> {
    let pos = *cx.inventory.derived::<BucketsByName>().0.get(name)?;
    cx.inventory.resource(pos)
}

/// Positions of the current S3 buckets by name, so trails find their bucket with one
/// lookup instead of a scan of every bucket.
pub struct BucketsByName(HashMap<Arc<str>, u32>);

impl Derived for BucketsByName {
    fn derive(inventory: &Inventory) -> Self {
        let mut by_name = HashMap::new();
        for &pos in inventory.positions_of_type(BUCKET) {
            if let Some(bucket) = inventory.resource(pos).filter(|b| !b.is_deleted()) {
                by_name
                    .entry(Arc::clone(&bucket.key.resource_id))
                    .or_insert(pos);
            }
        }
        Self(by_name)
    }
}

/// The bucket a trail delivers to (`s3BucketName`), found among the input's buckets, for
/// the rules that check that bucket: the name and the bucket's item, or
/// INSUFFICIENT_DATA when the trail names no bucket or the bucket is not in the input
/// (`what` completes "so its … cannot be checked").
pub fn trail_bucket<'t, 'a>(
    cx: &RuleContext<'a>,
    trail: &'t ConfigItem,
    what: &str,
) -> Result<(&'t str, &'a ConfigItem), Verdict> {
    let Some(name) = str_field(trail, &["s3BucketName"]) else {
        return Err(Verdict::insufficient_data(
            "the trail names no S3 bucket (s3BucketName)",
        ));
    };
    match bucket_named(cx, name) {
        Some(bucket) => Ok((name, bucket)),
        None => Err(Verdict::insufficient_data(format!(
            "the trail's bucket {name} is not in the input, so its {what} cannot be checked"
        ))),
    }
}

/// A bucket's server access logging (`supplementaryConfiguration.BucketLoggingConfiguration`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BucketLogging<'v> {
    Enabled {
        target: &'v str,
        prefix: &'v str,
    },
    /// `{}` or null destination: the value found.
    Disabled(&'v Value),
    /// The item does not carry the logging configuration.
    Unrecorded,
}

pub const BUCKET_LOGGING: &str = "BucketLoggingConfiguration";

pub fn bucket_logging(bucket: &ConfigItem) -> BucketLogging<'_> {
    let Some(conf) = bucket.supplementary_field(BUCKET_LOGGING) else {
        return BucketLogging::Unrecorded;
    };
    match str_field(conf, &["destinationBucketName"]) {
        Some(target) => BucketLogging::Enabled {
            target,
            prefix: conf
                .get("logFilePrefix")
                .and_then(Value::as_str)
                .unwrap_or(""),
        },
        None => BucketLogging::Disabled(conf),
    }
}

/// `$.supplementaryConfiguration.BucketLoggingConfiguration[.rest]`.
pub fn bucket_logging_path(rest: &str) -> String {
    if rest.is_empty() {
        supplementary_path(BUCKET_LOGGING)
    } else {
        supplementary_path(&format!("{BUCKET_LOGGING}.{rest}"))
    }
}

// ---------------------------------------------------------------------------------------
// OpenSearch / Elasticsearch log publishing
// ---------------------------------------------------------------------------------------

/// One entry of `LogPublishingOptions` (OpenSearch, PascalCase) or
/// `logPublishingOptions` (Elasticsearch, camelCase).
#[derive(Debug, Clone)]
pub struct LogOption<'v> {
    /// JSONPath of the entry (or of where it would be).
    pub path: String,
    pub enabled: bool,
    pub log_group: Option<&'v str>,
    /// The entry as recorded (null when absent).
    pub value: &'v Value,
}

impl LogOption<'_> {
    /// Enabled and sending to a log group.
    pub fn delivers(&self) -> bool {
        self.enabled && self.log_group.is_some()
    }
}

/// A domain's log-publishing map and its key (`LogPublishingOptions` for OpenSearch,
/// `logPublishingOptions` for Elasticsearch); `Null` when absent.
pub fn log_options(item: &ConfigItem) -> (&'static str, &Value) {
    let absent = if item.resource_type() == "AWS::Elasticsearch::Domain" {
        "logPublishingOptions"
    } else {
        "LogPublishingOptions"
    };
    field(item, &["LogPublishingOptions", "logPublishingOptions"]).unwrap_or((absent, &Value::Null))
}

/// The log-publishing option of a domain for an API log type (`AUDIT_LOGS`,
/// `SEARCH_SLOW_LOGS`, `INDEX_SLOW_LOGS`, `ES_APPLICATION_LOGS`).
pub fn log_option<'v>(item: &'v ConfigItem, log_type: &str) -> LogOption<'v> {
    let (opts_name, opts) = log_options(item);
    let value = opts.get(log_type).unwrap_or(&Value::Null);
    LogOption {
        path: config_path(&format!("{opts_name}.{log_type}")),
        enabled: field(value, &["Enabled", "enabled"]).and_then(|(_, v)| as_bool(v)) == Some(true),
        log_group: str_field(
            value,
            &["CloudWatchLogsLogGroupArn", "cloudWatchLogsLogGroupArn"],
        ),
        value,
    }
}

/// The API log types behind the `logTypes` values `search`, `index` and `error`;
/// other values are taken as API names.
pub fn domain_log_type(param: &str) -> String {
    match param.trim().to_ascii_lowercase().as_str() {
        "search" => "SEARCH_SLOW_LOGS".to_owned(),
        "index" => "INDEX_SLOW_LOGS".to_owned(),
        "error" => "ES_APPLICATION_LOGS".to_owned(),
        _ => param.trim().to_ascii_uppercase(),
    }
}

/// The log types `logTypes` can name, in API terms.
const DOMAIN_LOG_TYPES: [&str; 3] = ["SEARCH_SLOW_LOGS", "INDEX_SLOW_LOGS", "ES_APPLICATION_LOGS"];

/// The verdict of `elasticsearch-logs-to-cloudwatch` and `opensearch-logs-to-cloudwatch`:
/// with `logTypes`, each listed type must be published to CloudWatch Logs; without, at
/// least one of the search-slow, index-slow and application (error) logs.
pub fn domain_logs_verdict(item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
    let wanted = cx.params().list("logTypes");
    if wanted.is_empty() {
        for log_type in DOMAIN_LOG_TYPES {
            let option = log_option(item, log_type);
            if option.delivers() {
                return Verdict::compliant(format!(
                    "{log_type} is published to {}",
                    option.log_group.unwrap_or("")
                ));
            }
        }
        let (name, opts) = log_options(item);
        return Verdict::non_compliant(
            "no search-slow, index-slow or application (error) log is published to CloudWatch Logs",
            Evidence::at(
                config_path(name),
                if is_blank(opts) {
                    json!({})
                } else {
                    opts.clone()
                },
            ),
        );
    }
    for want in wanted {
        let log_type = domain_log_type(want);
        let option = log_option(item, &log_type);
        if !option.delivers() {
            return Verdict::non_compliant(
                format!("log type '{want}' ({log_type}) is not published to CloudWatch Logs"),
                Evidence::at(option.path, option.value.clone()),
            );
        }
    }
    Verdict::compliant(format!(
        "every listed log type ({}) is published to CloudWatch Logs",
        wanted.join(", ")
    ))
}
