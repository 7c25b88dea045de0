//! Reads one configuration item in either field naming (aws-config-formats.md §3.1)
//! into [`ItemParts`]. Only the top-level scalars and relationships are parsed here;
//! `configuration` and `supplementaryConfiguration` stay as ranges of the input.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use serde_json::value::RawValue;

use super::LoadError;
use super::intern::Interner;
use crate::model::{
    ConfigItem, Format, ItemParts, ItemStatus, LoadedSection, Origin, RawJson, RawKind,
    Relationship, ResourceKey, SharedText, StateId, Timestamp, Verb,
};

/// A scalar read as text, whatever JSON type it came as (IDs arrive as numbers or strings).
#[derive(Debug, Default)]
pub(crate) struct Text<'a>(pub(crate) Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_any(V)
    }
}

/// Both namings are separate fields, not serde aliases: an item carrying both spellings
/// (RDK hybrids) must not be rejected as a duplicate.
#[derive(Deserialize)]
#[allow(non_snake_case, reason = "field names are AWS's wire names")]
pub(crate) struct WireItem<'a> {
    #[serde(borrow)]
    configurationItemVersion: Option<Text<'a>>,
    #[serde(borrow)]
    version: Option<Text<'a>>,
    #[serde(borrow)]
    awsAccountId: Option<Text<'a>>,
    #[serde(borrow)]
    accountId: Option<Text<'a>>,
    #[serde(borrow)]
    configurationItemCaptureTime: Option<&'a RawValue>,
    #[serde(borrow)]
    configurationItemStatus: Option<Text<'a>>,
    #[serde(borrow)]
    configurationStateId: Option<Text<'a>>,
    #[serde(borrow)]
    configurationStateMd5Hash: Option<Text<'a>>,
    #[serde(borrow)]
    configurationItemMD5Hash: Option<Text<'a>>,
    #[serde(borrow)]
    ARN: Option<Text<'a>>,
    #[serde(borrow)]
    arn: Option<Text<'a>>,
    #[serde(borrow)]
    resourceType: Option<Text<'a>>,
    #[serde(borrow)]
    resourceId: Option<Text<'a>>,
    #[serde(borrow)]
    resourceName: Option<Text<'a>>,
    #[serde(borrow)]
    awsRegion: Option<Text<'a>>,
    #[serde(borrow)]
    availabilityZone: Option<Text<'a>>,
    #[serde(borrow)]
    resourceCreationTime: Option<&'a RawValue>,
    #[serde(borrow)]
    tags: Option<&'a RawValue>,
    #[serde(borrow)]
    relationships: Option<Vec<WireRelationship<'a>>>,
    #[serde(borrow)]
    configuration: Option<&'a RawValue>,
    #[serde(borrow)]
    supplementaryConfiguration: Option<&'a RawValue>,
}

#[derive(Deserialize)]
#[allow(non_snake_case, reason = "field names are AWS's wire names")]
struct WireRelationship<'a> {
    #[serde(borrow)]
    resourceType: Option<Text<'a>>,
    #[serde(borrow)]
    resourceId: Option<Text<'a>>,
    #[serde(borrow)]
    resourceName: Option<Text<'a>>,
    #[serde(borrow)]
    name: Option<Text<'a>>,
    #[serde(borrow)]
    relationshipName: Option<Text<'a>>,
}

/// What the container knows about the items inside it.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    pub(crate) file: Arc<str>,
    pub(crate) format: Format,
    pub(crate) account: Option<Arc<str>>,
    pub(crate) region: Option<Arc<str>>,
    pub(crate) snapshot_id: Option<Arc<str>>,
}

impl Context {
    pub(crate) fn with_format(&self, format: Format) -> Self {
        Self {
            format,
            ..self.clone()
        }
    }
}

/// Non-fatal issues found while reading one item.
pub(crate) type ItemIssues = Vec<LoadError>;

fn owned(v: Option<Text<'_>>) -> Option<Box<str>> {
    v.map(|t| t.0.into_owned().into_boxed_str())
        .filter(|s| !s.is_empty())
}

fn first<'a>(a: Option<Text<'a>>, b: Option<Text<'a>>) -> Option<Text<'a>> {
    a.filter(|t| !t.0.is_empty()).or(b)
}

fn timestamp(raw: Option<&RawValue>) -> Option<Timestamp> {
    let raw = raw?.get();
    // The common case, a string without escapes, is read without building a `Value`.
    if let Some(inner) = raw
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .filter(|s| !s.contains('\\'))
    {
        return Some(Timestamp::from_text(inner));
    }
    let value: serde_json::Value = serde_json::from_str(raw).ok()?;
    Timestamp::from_value(&value)
}

fn raw_json(text: &SharedText, raw: Option<&RawValue>) -> Option<RawJson> {
    let raw = raw?;
    let s = raw.get();
    if s == "null" {
        return None;
    }
    let kind = if s.starts_with('"') {
        RawKind::Encoded
    } else {
        RawKind::Direct
    };
    Some(RawJson::new(text, raw, kind))
}

/// Reads one item. `Err` means the item cannot be keyed and is skipped; `Ok` may still
/// carry issues (a relationship without a type) that are reported as problems.
pub(crate) fn read_item(
    text: &SharedText,
    raw: &RawValue,
    index: usize,
    cx: &Context,
    interner: &Interner,
) -> Result<(ConfigItem, ItemIssues), LoadError> {
    let raw = raw.get();
    let wire: WireItem<'_> = serde_json::from_str(raw).map_err(|e| item_parse_error(raw, &e))?;
    convert_item(text, raw, wire, index, cx, interner)
}

/// Why an item that did not parse is skipped.
pub(crate) fn item_parse_error(raw: &str, e: &serde_json::Error) -> LoadError {
    if raw.starts_with('{') {
        LoadError::InvalidJson(e.to_string())
    } else {
        LoadError::ItemNotObject
    }
}

/// Makes an item of its parsed top level; `raw` is the item's text, a slice of `text`.
pub(crate) fn convert_item<'a>(
    text: &SharedText,
    raw: &'a str,
    mut wire: WireItem<'a>,
    index: usize,
    cx: &Context,
    interner: &Interner,
) -> Result<(ConfigItem, ItemIssues), LoadError> {
    let select = cx.format == Format::SelectResourceConfig;
    let mut resource_type = text_nonempty(wire.resourceType.take());
    let mut resource_id = text_nonempty(wire.resourceId.take());
    if select && (resource_type.is_none() || resource_id.is_none()) {
        // Advanced queries return only the selected fields; recover the key from the ARN.
        let arn = first(wire.ARN.take(), wire.arn.take())
            .map(|t| t.0.into_owned())
            .or_else(|| wire.configuration.and_then(|c| configuration_arn(c.get())));
        if let Some(arn) = arn {
            resource_type = resource_type.or_else(|| type_from_arn(&arn).map(Box::from));
            resource_id = resource_id.or_else(|| Some(arn.into_boxed_str()));
        }
        if resource_id.is_none()
            && let Some(id) = wire.configuration.and_then(|c| configuration_id(c.get()))
        {
            resource_type = resource_type.or_else(|| type_from_id(&id).map(Box::from));
            resource_id = Some(id.into_boxed_str());
        }
        resource_type = resource_type.or_else(|| Some(Box::from(UNKNOWN_SELECT_TYPE)));
    }
    let resource_type = resource_type.ok_or(LoadError::MissingField("resourceType"))?;
    let resource_id = resource_id.ok_or(LoadError::MissingField("resourceId"))?;
    let account = first(wire.awsAccountId, wire.accountId)
        .map(|t| interner.intern(&t.0))
        .or_else(|| cx.account.clone())
        .unwrap_or_else(|| interner.intern("unknown"));
    let region = wire
        .awsRegion
        .filter(|t| !t.0.is_empty())
        .map(|t| interner.intern(&t.0))
        .or_else(|| ResourceKey::is_global_type(&resource_type).then(|| interner.intern("global")))
        .or_else(|| cx.region.clone())
        .unwrap_or_else(|| interner.intern("unknown"));

    let mut issues = Vec::new();
    let wire_relationships = wire.relationships.unwrap_or_default();
    let mut relationships = Vec::with_capacity(wire_relationships.len());
    // Sized exactly: pushing one by one left a quarter of the vectors' room unused.
    for (i, rel) in wire_relationships.into_iter().enumerate() {
        let Some(target_type) = text_nonempty(rel.resourceType) else {
            issues.push(LoadError::RelationshipWithoutType(i));
            continue;
        };
        let resource_id = owned(rel.resourceId);
        let resource_name = owned(rel.resourceName);
        if resource_id.is_none() && resource_name.is_none() {
            issues.push(LoadError::RelationshipWithoutTarget(i));
            continue;
        }
        let name = first(rel.name, rel.relationshipName)
            .map(|t| t.0.into_owned())
            .unwrap_or_default();
        relationships.push(Relationship {
            verb: Verb::from_name(&name),
            resource_type: interner.intern(&target_type),
            resource_id,
            resource_name,
            name: name.into_boxed_str(),
        });
    }

    let parts = ItemParts {
        key: ResourceKey {
            account,
            region,
            resource_type: interner.intern(&resource_type),
            resource_id: Arc::from(&*resource_id),
        },
        name: owned(wire.resourceName).map(Arc::from),
        arn: owned(first(wire.ARN, wire.arn)),
        status: wire
            .configurationItemStatus
            .map_or(ItemStatus::Ok, |s| ItemStatus::parse(&s.0)),
        capture_time: timestamp(wire.configurationItemCaptureTime),
        state_id: owned(wire.configurationStateId).map(StateId),
        creation_time: timestamp(wire.resourceCreationTime),
        version: owned(first(wire.configurationItemVersion, wire.version)),
        availability_zone: owned(wire.availabilityZone),
        md5: owned(first(
            wire.configurationStateMd5Hash,
            wire.configurationItemMD5Hash,
        )),
        relationships,
        origin: Origin {
            file: Arc::clone(&cx.file),
            index,
            format: cx.format,
            snapshot_id: cx.snapshot_id.clone(),
        },
        raw_item: RawJson::from_slice(text, raw, RawKind::Direct),
        raw_tags: raw_json(text, wire.tags),
        configuration: raw_json(text, wire.configuration).map(LoadedSection::indexed),
        supplementary: raw_json(text, wire.supplementaryConfiguration).map(LoadedSection::indexed),
    };
    Ok((ConfigItem::from_parts(parts), issues))
}

/// The type given to advanced-query results whose type was not selected and cannot be
/// read from an ARN: they load (for `inspect` and `show`), and no built-in rule matches.
pub const UNKNOWN_SELECT_TYPE: &str = "AWS::Config::SelectResult";

/// Reads `arn`/`Arn`/`ARN` (or another `…Arn` field) at the top of a configuration object.
fn configuration_arn(configuration: &str) -> Option<String> {
    let map: std::collections::BTreeMap<String, serde_json::Value> =
        serde_json::from_str(configuration).ok()?;
    ["arn", "Arn", "ARN"]
        .iter()
        .find_map(|k| map.get(*k))
        .into_iter()
        .chain(
            map.iter()
                .filter(|(k, _)| k.ends_with("Arn") && !k.contains("Role"))
                .map(|(_, v)| v),
        )
        .filter_map(serde_json::Value::as_str)
        .find(|s| s.starts_with("arn:"))
        .map(str::to_owned)
}

/// The resource id at the top of a configuration object, for the types that carry one.
fn configuration_id(configuration: &str) -> Option<String> {
    let map: std::collections::BTreeMap<String, serde_json::Value> =
        serde_json::from_str(configuration).ok()?;
    [
        "groupId",
        "instanceId",
        "volumeId",
        "vpcId",
        "subnetId",
        "networkInterfaceId",
        "keyId",
        "id",
        "Id",
        "name",
        "Name",
    ]
    .iter()
    .find_map(|k| map.get(*k).and_then(serde_json::Value::as_str))
    .map(str::to_owned)
}

/// The type an EC2 id names by its prefix (`sg-`, `i-`, `vol-` …).
fn type_from_id(id: &str) -> Option<&'static str> {
    let prefix = id.split('-').next()?;
    Some(match prefix {
        "sg" => "AWS::EC2::SecurityGroup",
        "i" => "AWS::EC2::Instance",
        "vol" => "AWS::EC2::Volume",
        "vpc" => "AWS::EC2::VPC",
        "subnet" => "AWS::EC2::Subnet",
        "eni" => "AWS::EC2::NetworkInterface",
        _ => return None,
    })
}

/// The Config resource type an ARN names, for services whose ARN layout is unambiguous.
pub fn type_from_arn(arn: &str) -> Option<&'static str> {
    let mut parts = arn.splitn(6, ':');
    let service = parts.nth(2)?;
    let resource = parts.nth(2)?;
    let kind = resource.split(['/', ':']).next().unwrap_or("");
    Some(match (service, kind) {
        ("ec2", "security-group") => "AWS::EC2::SecurityGroup",
        ("ec2", "instance") => "AWS::EC2::Instance",
        ("ec2", "volume") => "AWS::EC2::Volume",
        ("ec2", "vpc") => "AWS::EC2::VPC",
        ("ec2", "subnet") => "AWS::EC2::Subnet",
        ("ec2", "network-interface") => "AWS::EC2::NetworkInterface",
        ("kms", "key") => "AWS::KMS::Key",
        ("iam", "user") => "AWS::IAM::User",
        ("iam", "role") => "AWS::IAM::Role",
        ("iam", "policy") => "AWS::IAM::Policy",
        ("iam", "group") => "AWS::IAM::Group",
        ("rds", "db") => "AWS::RDS::DBInstance",
        ("rds", "cluster") => "AWS::RDS::DBCluster",
        ("rds", "snapshot") => "AWS::RDS::DBSnapshot",
        ("rds", "cluster-snapshot") => "AWS::RDS::DBClusterSnapshot",
        ("lambda", "function") => "AWS::Lambda::Function",
        ("sns", _) => "AWS::SNS::Topic",
        ("sqs", _) => "AWS::SQS::Queue",
        ("s3", _) => "AWS::S3::Bucket",
        ("ecr", "repository") => "AWS::ECR::Repository",
        ("codebuild", "project") => "AWS::CodeBuild::Project",
        ("dynamodb", "table") => "AWS::DynamoDB::Table",
        ("cloudtrail", "trail") => "AWS::CloudTrail::Trail",
        ("apigateway", _) => "AWS::ApiGateway::Stage",
        _ => return None,
    })
}

fn text_nonempty(v: Option<Text<'_>>) -> Option<Box<str>> {
    owned(v).filter(|s| !s.trim().is_empty())
}
