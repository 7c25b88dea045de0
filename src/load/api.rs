//! AWS Config API outputs other than item lists: BatchGetResourceConfig (and its
//! aggregate form), GetAggregateResourceConfig, SelectResourceConfig (each result is a
//! JSON string) and ListDiscoveredResources (identifiers only, no items).

use std::sync::Arc;

use serde_json::value::RawValue;

use super::detect::Envelope;
use super::item::{Context, read_item};
use super::{LoadError, Outcome, Problem, config_file};
use crate::model::{Format, SharedText};

pub(crate) fn read_batch_get(
    text: &SharedText,
    env: &Envelope<'_>,
    cx: &Context,
    out: &mut Outcome,
) {
    if let Some(items) = env.baseConfigurationItems.or(env.BaseConfigurationItems) {
        config_file::read_list_text(
            text,
            items.get(),
            &cx.with_format(Format::BatchGetResourceConfig),
            out,
        );
    }
}

pub(crate) fn read_aggregate(text: &SharedText, item: &RawValue, cx: &Context, out: &mut Outcome) {
    config_file::read_single(
        text,
        item,
        &cx.with_format(Format::AggregateResourceConfig),
        out,
    );
}

pub(crate) fn read_select(env: &Envelope<'_>, cx: &Context, out: &mut Outcome) {
    let cx = cx.with_format(Format::SelectResourceConfig);
    let Some(results) = env.Results else { return };
    let results: Vec<String> = match serde_json::from_str(results.get()) {
        Ok(r) => r,
        Err(e) => {
            out.problems.push(Problem::json(&cx.file, &e));
            return;
        }
    };
    out.items_found(&cx, results.len());
    for (i, result) in results.into_iter().enumerate() {
        let text: SharedText = Arc::new(result);
        match serde_json::from_str::<&RawValue>(&text) {
            Ok(raw) => {
                let r = read_item(&text, raw, i, &cx, out.interner);
                out.accept(&text, raw, i, &cx, r);
            }
            Err(e) => out.problems.push(
                Problem::file(
                    &cx.file,
                    LoadError::InvalidEmbeddedJson {
                        field: "Results",
                        message: e.to_string(),
                    },
                )
                .at(i, None),
            ),
        }
    }
}

pub(crate) fn read_list_discovered(ids: &RawValue, cx: &Context, out: &mut Outcome) {
    let count = serde_json::from_str::<Vec<&RawValue>>(ids.get()).map_or(0, |v| v.len());
    out.message(
        cx,
        &format!("ListDiscoveredResources ({count} identifiers, no configuration)"),
    );
}
