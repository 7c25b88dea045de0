use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::normalize::{
    normalize_configuration, normalize_configuration_field, normalize_supplementary,
    normalize_supplementary_field, tags_from_value,
};
use super::section::{LoadedSection, Normalize, Section, Taken};
use super::{RawJson, RawKind, Relationship, ResourceKey, Timestamp};

/// `configurationItemStatus` (API enum `ConfigurationItemStatus`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum ItemStatus {
    #[serde(rename = "OK")]
    Ok,
    ResourceDiscovered,
    ResourceNotRecorded,
    ResourceDeleted,
    ResourceDeletedNotRecorded,
    /// A value outside the enum, kept verbatim.
    #[serde(untagged)]
    Other(Box<str>),
}

impl ItemStatus {
    pub fn parse(s: &str) -> Self {
        match s {
            "OK" => Self::Ok,
            "ResourceDiscovered" => Self::ResourceDiscovered,
            "ResourceNotRecorded" => Self::ResourceNotRecorded,
            "ResourceDeleted" => Self::ResourceDeleted,
            "ResourceDeletedNotRecorded" => Self::ResourceDeletedNotRecorded,
            other => Self::Other(other.into()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Ok => "OK",
            Self::ResourceDiscovered => "ResourceDiscovered",
            Self::ResourceNotRecorded => "ResourceNotRecorded",
            Self::ResourceDeleted => "ResourceDeleted",
            Self::ResourceDeletedNotRecorded => "ResourceDeletedNotRecorded",
            Self::Other(s) => s,
        }
    }

    pub fn is_deleted(&self) -> bool {
        matches!(
            self,
            Self::ResourceDeleted | Self::ResourceDeletedNotRecorded
        )
    }
}

impl fmt::Display for ItemStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `configurationStateId`: epoch milliseconds in v1.3, a small counter in v1.2, a number
/// in snapshot naming and a string in API naming. Only its order matters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct StateId(pub Box<str>);

impl StateId {
    fn numeric(&self) -> Option<u128> {
        self.0.trim().parse().ok()
    }
}

impl Ord for StateId {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.numeric(), other.numeric()) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => self.0.cmp(&other.0),
        }
    }
}

impl PartialOrd for StateId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Which delivery surface an item came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    ConfigSnapshot,
    ConfigHistory,
    ChangeNotification,
    SnsNotification,
    EventBridgeEvent,
    RuleEvent,
    OversizedNotification,
    ResourceConfigHistory,
    AggregateResourceConfig,
    BatchGetResourceConfig,
    SelectResourceConfig,
    ItemList,
    SingleItem,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ConfigSnapshot => "config-snapshot",
            Self::ConfigHistory => "config-history",
            Self::ChangeNotification => "change-notification",
            Self::SnsNotification => "sns-notification",
            Self::EventBridgeEvent => "eventbridge-event",
            Self::RuleEvent => "rule-event",
            Self::OversizedNotification => "oversized-notification",
            Self::ResourceConfigHistory => "get-resource-config-history",
            Self::AggregateResourceConfig => "get-aggregate-resource-config",
            Self::BatchGetResourceConfig => "batch-get-resource-config",
            Self::SelectResourceConfig => "select-resource-config",
            Self::ItemList => "item-list",
            Self::SingleItem => "single-item",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an item came from: the file, the item's index inside it, and the format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Origin {
    pub file: Arc<str>,
    pub index: usize,
    pub format: Format,
    /// The snapshot this item was delivered in, when it came from a ConfigSnapshot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot_id: Option<Arc<str>>,
}

/// One normalized configuration item, whatever format it arrived in.
#[derive(Debug)]
pub struct ConfigItem {
    pub key: ResourceKey,
    pub name: Option<Arc<str>>,
    pub arn: Option<Box<str>>,
    pub status: ItemStatus,
    pub capture_time: Option<Timestamp>,
    pub state_id: Option<StateId>,
    pub creation_time: Option<Timestamp>,
    pub version: Option<Box<str>>,
    pub availability_zone: Option<Box<str>>,
    pub md5: Option<Box<str>>,
    pub relationships: Vec<Relationship>,
    pub origin: Origin,
    /// The whole item as written, so keys we do not model stay reachable.
    pub(crate) raw_item: RawJson,
    pub(crate) raw_tags: Option<RawJson>,
    pub(super) configuration: Section,
    supplementary: Section,
    tags: OnceLock<BTreeMap<String, String>>,
}

static NULL: Value = Value::Null;

const CONFIGURATION: Normalize = Normalize {
    whole: normalize_configuration,
    field: normalize_configuration_field,
};

const SUPPLEMENTARY: Normalize = Normalize {
    whole: |_, v| normalize_supplementary(v),
    field: |_, key, v| normalize_supplementary_field(key, v),
};

/// Values decoded from an item's text (configuration, supplementary configuration,
/// tags), taken out of it by [`ConfigItem::take_decoded`] to be dropped where the
/// caller wants.
#[derive(Debug, Default)]
pub struct Decoded {
    configuration: Taken,
    supplementary: Taken,
    _tags: Option<BTreeMap<String, String>>,
}

impl Decoded {
    /// Bytes of JSON text the values were decoded from (as counted by
    /// [`decoded_bytes`](super::decoded_bytes)).
    pub fn text_bytes(&self) -> usize {
        self.configuration.text_bytes + self.supplementary.text_bytes
    }
}

/// Everything a loader knows about one item before normalization.
#[derive(Debug)]
pub struct ItemParts {
    pub key: ResourceKey,
    pub name: Option<Arc<str>>,
    pub arn: Option<Box<str>>,
    pub status: ItemStatus,
    pub capture_time: Option<Timestamp>,
    pub state_id: Option<StateId>,
    pub creation_time: Option<Timestamp>,
    pub version: Option<Box<str>>,
    pub availability_zone: Option<Box<str>>,
    pub md5: Option<Box<str>>,
    pub relationships: Vec<Relationship>,
    pub origin: Origin,
    pub raw_item: RawJson,
    pub raw_tags: Option<RawJson>,
    pub configuration: Option<LoadedSection>,
    pub supplementary: Option<LoadedSection>,
}

impl ConfigItem {
    pub fn from_parts(p: ItemParts) -> Self {
        Self {
            key: p.key,
            name: p.name,
            arn: p.arn,
            status: p.status,
            capture_time: p.capture_time,
            state_id: p.state_id,
            creation_time: p.creation_time,
            version: p.version,
            availability_zone: p.availability_zone,
            md5: p.md5,
            relationships: p.relationships,
            origin: p.origin,
            raw_item: p.raw_item,
            raw_tags: p.raw_tags,
            configuration: Section::new(p.configuration),
            supplementary: Section::new(p.supplementary),
            tags: OnceLock::new(),
        }
    }

    pub fn resource_type(&self) -> &str {
        &self.key.resource_type
    }

    pub fn resource_id(&self) -> &str {
        &self.key.resource_id
    }

    pub fn is_deleted(&self) -> bool {
        self.status.is_deleted()
    }

    /// The configuration, decoded and normalized on first use (JSON strings parsed,
    /// URL-encoded IAM documents and JSON-string policies decoded). `Null` when absent,
    /// `null` or `"null"`. Rules read fields with [`Self::config_at`], which decodes
    /// only the field it reads.
    pub fn configuration(&self) -> &Value {
        self.configuration
            .whole(&self.key.resource_type, CONFIGURATION)
    }

    /// `supplementaryConfiguration`, with every JSON-string or double-encoded value decoded.
    pub fn supplementary(&self) -> &Value {
        self.supplementary
            .whole(&self.key.resource_type, SUPPLEMENTARY)
    }

    /// Takes the decoded configuration, supplementary configuration and tags out of the
    /// item (the next read decodes them again from the raw text), for the caller to drop
    /// where it suits. Exclusive access proves nobody still holds a reference into them.
    pub fn take_decoded(&mut self) -> Decoded {
        Decoded {
            configuration: self.configuration.take(),
            supplementary: self.supplementary.take(),
            _tags: self.tags.take(),
        }
    }

    /// Drops what [`Self::take_decoded`] takes.
    pub fn forget_decoded(&mut self) {
        drop(self.take_decoded());
    }

    /// Top-level configuration fields read as [`Self::config_field`] reads them, but
    /// owned and not kept: one scan of the text for all of them, for joins that pass
    /// once over every item of a type (the others' fields are neither decoded nor
    /// cached). `None` for an absent field.
    pub fn read_config_fields<const N: usize>(&self, keys: [&str; N]) -> [Option<Value>; N] {
        self.configuration
            .read_fields(&self.key.resource_type, keys, CONFIGURATION)
    }

    /// A top-level configuration field read straight into `T`, skipping what `T` does
    /// not name, for fields that normalization leaves alone (see
    /// [`Self::read_config_fields`] for the rest). `None` when absent.
    pub fn project_config_field<T: DeserializeOwned>(
        &self,
        key: &str,
    ) -> Option<serde_json::Result<T>> {
        self.configuration
            .project_field(&self.key.resource_type, key, CONFIGURATION)
    }

    /// The configuration text exactly as it arrived (before any decoding).
    pub fn raw_configuration(&self) -> Option<&str> {
        self.configuration.raw().map(RawJson::as_str)
    }

    /// The whole item exactly as it arrived.
    pub fn raw(&self) -> &str {
        self.raw_item.as_str()
    }

    /// Whether the item has a configuration rules can read: an object whose top level
    /// parses, or else a value that decodes to something other than `null`. Checked
    /// without decoding an object's fields.
    pub fn has_configuration(&self) -> bool {
        self.configuration
            .is_present(&self.key.resource_type, CONFIGURATION)
    }

    /// A configuration field by dotted path (`"state.name"`, `"ipPermissions.0.fromPort"`).
    /// Only the top-level field the path starts in is decoded.
    pub fn config_at(&self, path: &str) -> &Value {
        self.configuration
            .at(&self.key.resource_type, path, CONFIGURATION)
    }

    /// A top-level configuration field, decoded alone (see [`Self::config_at`]); `None`
    /// when absent, as `configuration().get(key)` would say.
    pub fn config_field(&self, key: &str) -> Option<&Value> {
        self.configuration
            .field(&self.key.resource_type, key, CONFIGURATION)
    }

    /// A top-level supplementary-configuration field, decoded alone; `None` when absent.
    pub fn supplementary_field(&self, key: &str) -> Option<&Value> {
        self.supplementary
            .field(&self.key.resource_type, key, SUPPLEMENTARY)
    }

    /// A supplementary-configuration field by dotted path, decoded as
    /// [`Self::config_at`] decodes.
    pub fn supplementary_at(&self, path: &str) -> &Value {
        self.supplementary
            .at(&self.key.resource_type, path, SUPPLEMENTARY)
    }

    /// Tags unified from every variant AWS uses. The top-level `tags` map is authoritative
    /// when present and non-empty; otherwise tags come from `configuration` (`tags`,
    /// `tagList`, `tagSet`, `Tags`) and `supplementaryConfiguration` (`Tags`, `tags`, S3
    /// `BucketTaggingConfiguration`).
    pub fn tags(&self) -> &BTreeMap<String, String> {
        self.tags.get_or_init(|| {
            let mut tags = self
                .raw_tags
                .as_ref()
                .map(|raw| {
                    // Most inputs give an object of strings, read straight into the map
                    // (as `tags_from_value` reads it) without an intermediate `Value`.
                    let direct = matches!(raw.kind(), RawKind::Direct)
                        .then(|| serde_json::from_str(raw.as_str()).ok())
                        .flatten();
                    direct.unwrap_or_else(|| tags_from_value(&raw.parse()))
                })
                .unwrap_or_default();
            if tags.is_empty() {
                for key in ["tags", "tagList", "tagSet", "Tags", "TagList"] {
                    tags.extend(tags_from_value(self.config_at(key)));
                }
                for key in ["Tags", "tags", "TagSet"] {
                    tags.extend(tags_from_value(self.supplementary_at(key)));
                }
                if let Some(sets) = self
                    .supplementary_at("BucketTaggingConfiguration.tagSets")
                    .as_array()
                {
                    for set in sets {
                        tags.extend(tags_from_value(lookup(set, "tags")));
                    }
                }
            }
            tags
        })
    }

    /// The display name: `resourceName`, else the id.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.key.resource_id)
    }

    /// Ordering of versions of one resource: state id, then capture time.
    pub fn version_order(&self, other: &Self) -> Ordering {
        self.state_id.cmp(&other.state_id).then_with(|| {
            let a = self.capture_time.as_ref().and_then(|t| t.instant);
            let b = other.capture_time.as_ref().and_then(|t| t.instant);
            a.cmp(&b)
        })
    }

    /// The normalized item as JSON, in snapshot naming, for `show` and for scripts.
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        let mut put = |k: &str, v: Value| {
            if !v.is_null() {
                out.insert(k.to_owned(), v);
            }
        };
        put("resourceType", json!(&*self.key.resource_type));
        put("resourceId", json!(&*self.key.resource_id));
        put("resourceName", json!(self.name.as_deref()));
        put("awsAccountId", json!(&*self.key.account));
        put("awsRegion", json!(&*self.key.region));
        put("ARN", json!(self.arn.as_deref()));
        put("availabilityZone", json!(self.availability_zone.as_deref()));
        put("configurationItemStatus", json!(self.status.as_str()));
        put(
            "configurationStateId",
            json!(self.state_id.as_ref().map(|s| &*s.0)),
        );
        put(
            "configurationItemCaptureTime",
            json!(self.capture_time.as_ref().map(Timestamp::display)),
        );
        put(
            "resourceCreationTime",
            json!(self.creation_time.as_ref().map(Timestamp::display)),
        );
        put("configurationItemVersion", json!(self.version.as_deref()));
        put("tags", json!(self.tags()));
        put("relationships", json!(self.relationships));
        put("configuration", self.configuration().clone());
        put("supplementaryConfiguration", self.supplementary().clone());
        put("origin", json!(self.origin));
        Value::Object(out)
    }
}

/// Follows a dotted path through objects and arrays; `Null` when any step is missing.
pub fn lookup<'v>(value: &'v Value, path: &str) -> &'v Value {
    if path.is_empty() {
        return value;
    }
    let mut cur = value;
    for part in path.split('.') {
        cur = match cur {
            Value::Object(map) => map.get(part).unwrap_or(&NULL),
            Value::Array(items) => part
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i))
                .unwrap_or(&NULL),
            _ => &NULL,
        };
    }
    cur
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    fn tags_of(tags: &str, configuration: &str) -> BTreeMap<String, String> {
        let doc = format!(
            r#"{{"configurationItems":[{{"resourceType":"AWS::EC2::Instance","resourceId":"i-1","awsRegion":"us-east-1","tags":{tags},"configuration":{configuration}}}]}}"#
        );
        let loaded = crate::load::load_bytes("tags.json", doc.into_bytes());
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        loaded.items[0].tags().clone()
    }

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn tags_read_the_same_whatever_their_shape() {
        assert_eq!(
            tags_of(r#"{"Name":"web","env":"prod"}"#, "{}"),
            map(&[("Name", "web"), ("env", "prod")])
        );
        // The last of a repeated key, as a decoded object keeps it.
        assert_eq!(tags_of(r#"{"a":"1","a":"2"}"#, "{}"), map(&[("a", "2")]));
        // Values that are not strings read as their JSON text; null as empty.
        assert_eq!(
            tags_of(r#"{"n":1,"b":true,"z":null}"#, "{}"),
            map(&[("b", "true"), ("n", "1"), ("z", "")])
        );
        assert_eq!(
            tags_of(r#"[{"key":"k","value":"v"},{"Key":"K","Value":2}]"#, "{}"),
            map(&[("K", "2"), ("k", "v")])
        );
        // No tags on the item: the configuration's.
        assert_eq!(
            tags_of("{}", r#"{"tags":[{"key":"from","value":"configuration"}]}"#),
            map(&[("from", "configuration")])
        );
    }
}
