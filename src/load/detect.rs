//! Recognises a document's delivery surface from its top-level keys (never from the file
//! name) and hands it to the module for that surface.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::item::{Context, Text};
use super::{Outcome, Problem, api, config_file, notification};
use crate::model::{Format, SharedText};

/// Every top-level key that tells one surface from another. Unknown keys are skipped.
#[derive(Deserialize, Default)]
#[allow(non_snake_case, reason = "field names are AWS's wire names")]
pub(crate) struct Envelope<'a> {
    #[serde(borrow)]
    pub(crate) fileVersion: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) configSnapshotId: Option<Text<'a>>,
    #[serde(borrow)]
    pub(crate) configurationItems: Option<ItemList<'a>>,
    #[serde(borrow)]
    pub(crate) configurationItem: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) configurationItemSummary: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) messageType: Option<Text<'a>>,
    #[serde(borrow)]
    pub(crate) Type: Option<Text<'a>>,
    #[serde(borrow)]
    pub(crate) Message: Option<&'a RawValue>,
    #[serde(borrow, rename = "detail-type")]
    pub(crate) detail_type: Option<Text<'a>>,
    #[serde(borrow)]
    pub(crate) detail: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) account: Option<Text<'a>>,
    #[serde(borrow)]
    pub(crate) region: Option<Text<'a>>,
    #[serde(borrow)]
    pub(crate) invokingEvent: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) accountId: Option<Text<'a>>,
    #[serde(borrow)]
    pub(crate) awsAccountId: Option<Text<'a>>,
    #[serde(borrow)]
    pub(crate) baseConfigurationItems: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) BaseConfigurationItems: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) ConfigurationItem: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) Results: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) QueryInfo: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) resourceIdentifiers: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) Records: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) resourceType: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) resourceId: Option<&'a RawValue>,
    /// A placebo recording (boto3 responses saved by Cloud Custodian and others):
    /// `{"status_code": 200, "data": <the response>}`. Kept raw, so that a document of
    /// another kind with a key of that name still parses.
    #[serde(borrow)]
    pub(crate) status_code: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(crate) data: Option<&'a RawValue>,
}

/// A `configurationItems` value split into its items in the same pass that reads the
/// envelope: a separate `Vec<&RawValue>` parse of a `&RawValue` would read the whole
/// list (nearly the whole file) twice more.
pub(crate) enum ItemList<'a> {
    Items(Vec<&'a RawValue>),
    /// Not a list: what it was instead.
    NotList(&'static str),
}

impl<'de: 'a, 'a> Deserialize<'de> for ItemList<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ItemList<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of configuration items")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(item) = seq.next_element::<&'de RawValue>()? {
                    items.push(item);
                }
                Ok(ItemList::Items(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(ItemList::NotList("an object"))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(ItemList::NotList("a string"))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(ItemList::NotList("a boolean"))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(ItemList::NotList("a number"))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(ItemList::NotList("a number"))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(ItemList::NotList("a number"))
            }
        }
        d.deserialize_any(V)
    }
}

/// Nested JSON-in-strings deeper than this is not a real AWS shape.
const MAX_NESTING: usize = 4;

/// Routes one JSON document, `doc` (a slice of `text`). Syntax errors in it are reported
/// here: the document is not parsed beforehand.
pub(crate) fn route(text: &SharedText, doc: &str, cx: &Context, depth: usize, out: &mut Outcome) {
    let s = doc.trim_start();
    if s.starts_with('[') {
        config_file::read_list_text(text, doc, &cx.with_format(Format::ItemList), out);
        return;
    }
    if !s.starts_with('{') {
        match serde_json::from_str::<IgnoredAny>(doc) {
            Ok(_) => out.unknown(cx, "the document is not a JSON object or array"),
            Err(e) => out.problems.push(Problem::json(&cx.file, &e)),
        }
        return;
    }
    let env: Envelope<'_> = match serde_json::from_str(doc) {
        Ok(env) => env,
        Err(e) => {
            // Invalid JSON is the file's problem; valid JSON of another shape is unknown.
            match serde_json::from_str::<IgnoredAny>(doc) {
                Ok(_) => out.unknown(cx, &format!("unexpected top-level shape ({e})")),
                Err(e) => out.problems.push(Problem::json(&cx.file, &e)),
            }
            return;
        }
    };
    if depth > MAX_NESTING {
        out.unknown(cx, "JSON nested in strings too deeply");
        return;
    }
    if let Some(items) = env.configurationItems {
        let format = if env.configSnapshotId.is_some() {
            Format::ConfigSnapshot
        } else if env.fileVersion.is_some() {
            Format::ConfigHistory
        } else {
            Format::ResourceConfigHistory
        };
        let mut cx = cx.with_format(format);
        cx.snapshot_id = env.configSnapshotId.map(|t| t.0.as_ref().into());
        config_file::read_item_list(text, &items, &cx, out);
    } else if env.Message.is_some() && env.Type.is_some() {
        notification::read_sns(text, &env, cx, depth, out);
    } else if env.detail_type.is_some() {
        notification::read_eventbridge(text, &env, cx, depth, out);
    } else if env.invokingEvent.is_some() {
        notification::read_rule_event(text, &env, cx, depth, out);
    } else if env.configurationItem.is_some()
        || env.configurationItemSummary.is_some()
        || env.messageType.is_some()
    {
        notification::read_message(text, &env, cx, out);
    } else if env.baseConfigurationItems.is_some() || env.BaseConfigurationItems.is_some() {
        api::read_batch_get(text, &env, cx, out);
    } else if let Some(item) = env.ConfigurationItem {
        api::read_aggregate(text, item, cx, out);
    } else if env.Results.is_some() && env.QueryInfo.is_some() {
        api::read_select(&env, cx, out);
    } else if let Some(ids) = env.resourceIdentifiers {
        api::read_list_discovered(ids, cx, out);
    } else if let Some(records) = env.Records {
        out.cloudtrail(cx, records);
    } else if let (Some(status), Some(data)) = (env.status_code, env.data) {
        // The response inside is read like any document, in the same file and text.
        let status = status.get();
        if status.parse::<u16>().is_ok_and(|s| (200..300).contains(&s)) {
            route(text, data.get(), cx, depth + 1, out);
        } else {
            out.unknown(
                cx,
                &format!("a recorded API response of a failed call (status_code {status})"),
            );
        }
    } else if env.resourceType.is_some() && env.resourceId.is_some() {
        match serde_json::from_str::<&RawValue>(doc) {
            Ok(raw) => {
                config_file::read_single(text, raw, &cx.with_format(Format::SingleItem), out);
            }
            Err(e) => out.problems.push(Problem::json(&cx.file, &e)),
        }
    } else {
        out.unknown(cx, "no configurationItems, configurationItem, Message, detail, invokingEvent, Results or resourceType key");
    }
}
