//! Change notifications in every wrapper AWS delivers them in: the bare message body,
//! the SNS envelope (`Message` is a JSON string), the EventBridge event (`detail`), and
//! the Config rule Lambda event (`invokingEvent` is a JSON string). Messages that carry
//! no item (delivery started/completed, scheduled notifications) are recognised and
//! reported as such; an oversized-notification summary becomes an item whose
//! configuration is missing.

use std::sync::Arc;

use serde_json::value::RawValue;

use super::detect::{Envelope, route};
use super::item::{Context, read_item};
use super::{LoadError, Outcome, Problem, config_file};
use crate::model::{Format, SharedText};

/// Decodes a JSON string holding a JSON document into text of its own.
fn decode_string(raw: &RawValue, field: &'static str, cx: &Context) -> Result<SharedText, Problem> {
    let s: String = serde_json::from_str(raw.get()).map_err(|e| {
        Problem::file(
            &cx.file,
            LoadError::InvalidEmbeddedJson {
                field,
                message: e.to_string(),
            },
        )
    })?;
    Ok(Arc::new(s))
}

/// Parses `text` (decoded from a string field) and routes it as a document of its own.
fn route_embedded(
    text: &SharedText,
    field: &'static str,
    cx: &Context,
    depth: usize,
    out: &mut Outcome,
) {
    match serde_json::from_str::<&RawValue>(text) {
        Ok(raw) => route(text, raw.get(), cx, depth + 1, out),
        Err(e) => out.problems.push(Problem::file(
            &cx.file,
            LoadError::InvalidEmbeddedJson {
                field,
                message: e.to_string(),
            },
        )),
    }
}

fn embedded_or_object(
    text: &SharedText,
    raw: &RawValue,
    field: &'static str,
    cx: &Context,
    depth: usize,
    out: &mut Outcome,
) {
    if raw.get().trim_start().starts_with('"') {
        match decode_string(raw, field, cx) {
            Ok(inner) => route_embedded(&inner, field, cx, depth, out),
            Err(p) => out.problems.push(p),
        }
    } else {
        // The AWS docs show some of these as objects; accept that too.
        route(text, raw.get(), cx, depth + 1, out);
    }
}

pub(crate) fn read_sns(
    text: &SharedText,
    env: &Envelope<'_>,
    cx: &Context,
    depth: usize,
    out: &mut Outcome,
) {
    if let Some(message) = env.Message {
        embedded_or_object(
            text,
            message,
            "Message",
            &cx.with_format(Format::SnsNotification),
            depth,
            out,
        );
    }
}

pub(crate) fn read_eventbridge(
    text: &SharedText,
    env: &Envelope<'_>,
    cx: &Context,
    depth: usize,
    out: &mut Outcome,
) {
    let mut cx = cx.with_format(Format::EventBridgeEvent);
    if let Some(a) = &env.account {
        cx.account = Some(a.0.as_ref().into());
    }
    if let Some(r) = &env.region {
        cx.region = Some(r.0.as_ref().into());
    }
    let detail_type = env.detail_type.as_ref().map_or("", |t| &t.0);
    match env.detail {
        Some(detail) if detail_type == "Config Configuration Item Change" => {
            embedded_or_object(text, detail, "detail", &cx, depth, out);
        }
        _ => out.message(&cx, &format!("EventBridge event `{detail_type}`")),
    }
}

pub(crate) fn read_rule_event(
    text: &SharedText,
    env: &Envelope<'_>,
    cx: &Context,
    depth: usize,
    out: &mut Outcome,
) {
    let mut cx = cx.with_format(Format::RuleEvent);
    if let Some(a) = &env.accountId {
        cx.account = Some(a.0.as_ref().into());
    }
    if let Some(event) = env.invokingEvent {
        embedded_or_object(text, event, "invokingEvent", &cx, depth, out);
    }
}

/// The message body itself: `{configurationItem, configurationItemDiff, messageType, …}`.
pub(crate) fn read_message(text: &SharedText, env: &Envelope<'_>, cx: &Context, out: &mut Outcome) {
    let mut cx = cx.clone();
    if cx.format == Format::ConfigSnapshot || cx.format == Format::SingleItem {
        cx.format = Format::ChangeNotification;
    }
    if let Some(a) = env.awsAccountId.as_ref() {
        cx.account.get_or_insert_with(|| a.0.as_ref().into());
    }
    let message_type = env.messageType.as_ref().map_or("", |t| &t.0);
    if let Some(item) = env.configurationItem {
        if matches!(
            cx.format,
            Format::SnsNotification | Format::EventBridgeEvent | Format::RuleEvent
        ) {
            // keep the wrapper as the format: it says how the item was delivered
        } else {
            cx.format = Format::ChangeNotification;
        }
        if item.get().trim_start().starts_with('[') {
            // The 2014 documentation example wraps the item in a list.
            config_file::read_list_text(text, item.get(), &cx, out);
        } else {
            config_file::read_single(text, item, &cx, out);
        }
    } else if let Some(summary) = env.configurationItemSummary {
        let cx = cx.with_format(Format::OversizedNotification);
        out.items_found(&cx, 1);
        let result = read_item(text, summary, 0, &cx, out.interner);
        out.accept(text, summary, 0, &cx, result);
    } else {
        out.message(&cx, message_type);
    }
}
