//! S3 ConfigSnapshot and ConfigHistory files, GetResourceConfigHistory outputs and bare
//! lists of items: all are a list of configuration items.

use rayon::prelude::*;
use serde_json::value::RawValue;

use super::detect::ItemList;
use super::item::{Context, read_item};
use super::{LoadError, Outcome, Problem, accepted};
use crate::model::{ConfigItem, SharedText};

/// A list given as JSON text (a top-level array, a wrapped item).
pub(crate) fn read_list_text(text: &SharedText, json: &str, cx: &Context, out: &mut Outcome) {
    match serde_json::from_str::<Vec<&RawValue>>(json) {
        Ok(list) => read_list(text, &list, cx, out),
        Err(e) => out.problems.push(Problem::json(&cx.file, &e)),
    }
}

/// A `configurationItems` value, already split by the envelope parse.
pub(crate) fn read_item_list(
    text: &SharedText,
    list: &ItemList<'_>,
    cx: &Context,
    out: &mut Outcome,
) {
    match list {
        ItemList::Items(items) => read_list(text, items, cx, out),
        ItemList::NotList(what) => out.problems.push(Problem::file(
            &cx.file,
            LoadError::InvalidJson(format!("`configurationItems` is {what}, not a list")),
        )),
    }
}

/// Items in a list are read in parallel; results keep the input order.
pub(crate) fn read_list(text: &SharedText, list: &[&RawValue], cx: &Context, out: &mut Outcome) {
    let interner = out.interner;
    let results: Vec<_> = list
        .par_iter()
        .enumerate()
        .map(|(i, raw)| read_item(text, raw, i, cx, interner))
        .collect();
    out.items_found(cx, list.len());
    // Collected in place where the standard library can (the results' buffer is reused
    // for the items), so the items are not copied into a second list.
    let problems = &mut out.problems;
    let items: Vec<ConfigItem> = results
        .into_iter()
        .enumerate()
        .filter_map(|(i, result)| {
            let position = || super::line_column(text, list[i]);
            accepted(problems, &cx.file, position, i, result)
        })
        .collect();
    if out.items.is_empty() {
        out.items = items;
    } else {
        out.items.extend(items);
    }
}

pub(crate) fn read_single(text: &SharedText, raw: &RawValue, cx: &Context, out: &mut Outcome) {
    out.items_found(cx, 1);
    let result = read_item(text, raw, 0, cx, out.interner);
    out.accept(text, raw, 0, cx, result);
}
