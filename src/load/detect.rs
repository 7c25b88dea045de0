//! Recognises a document's delivery surface from its top-level keys (never from the file
//! name) and hands it to the module for that surface.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::item::{Context, Text};
use super::{Outcome, api, config_file, notification};
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
    pub(crate) configurationItems: Option<&'a RawValue>,
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
}

/// Nested JSON-in-strings deeper than this is not a real AWS shape.
const MAX_NESTING: usize = 4;

/// Routes one JSON document. `raw` is a slice of `text`.
pub(crate) fn route(
    text: &SharedText,
    raw: &RawValue,
    cx: &Context,
    depth: usize,
    out: &mut Outcome,
) {
    let s = raw.get().trim_start();
    if s.starts_with('[') {
        config_file::read_list(text, raw, &cx.with_format(Format::ItemList), out);
        return;
    }
    if !s.starts_with('{') {
        out.unknown(cx, "the document is not a JSON object or array");
        return;
    }
    let env: Envelope<'_> = match serde_json::from_str(raw.get()) {
        Ok(env) => env,
        Err(e) => {
            out.unknown(cx, &format!("unexpected top-level shape ({e})"));
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
        config_file::read_list(text, items, &cx, out);
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
    } else if env.resourceType.is_some() && env.resourceId.is_some() {
        config_file::read_single(text, raw, &cx.with_format(Format::SingleItem), out);
    } else {
        out.unknown(cx, "no configurationItems, configurationItem, Message, detail, invokingEvent, Results or resourceType key");
    }
}
