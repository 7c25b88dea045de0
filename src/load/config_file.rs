//! S3 ConfigSnapshot and ConfigHistory files, GetResourceConfigHistory outputs and bare
//! lists of items: all are a list of configuration items.

use rayon::prelude::*;
use serde_json::value::RawValue;

use super::item::{Context, read_item};
use super::{Outcome, Problem};
use crate::model::SharedText;

/// Items in a list are read in parallel; results keep the input order.
pub(crate) fn read_list(text: &SharedText, raw: &RawValue, cx: &Context, out: &mut Outcome) {
    let list: Vec<&RawValue> = match serde_json::from_str(raw.get()) {
        Ok(list) => list,
        Err(e) => {
            out.problems.push(Problem::json(&cx.file, &e));
            return;
        }
    };
    let interner = out.interner;
    let results: Vec<_> = list
        .par_iter()
        .enumerate()
        .map(|(i, raw)| (i, read_item(text, raw, i, cx, interner)))
        .collect();
    out.items_found(cx, list.len());
    for (i, result) in results {
        out.accept(text, list[i], i, cx, result);
    }
}

pub(crate) fn read_single(text: &SharedText, raw: &RawValue, cx: &Context, out: &mut Outcome) {
    out.items_found(cx, 1);
    let result = read_item(text, raw, 0, cx, out.interner);
    out.accept(text, raw, 0, cx, result);
}
