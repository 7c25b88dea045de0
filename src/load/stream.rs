//! One pass over documents whose top level holds `configurationItems`: S3 ConfigSnapshot
//! and ConfigHistory files and GetResourceConfigHistory output, the large inputs.
//!
//! The general path (detect.rs) reads the envelope with serde, which splits the item list
//! into `&RawValue`s (one pass over the whole file), then parses each item again. Here
//! the top level is walked by hand and each item is deserialized once, straight from the
//! file text, with its exact extent taken from serde_json's `StreamDeserializer`: half the
//! parsing work, the same results. Anything unexpected before the list starts (another
//! top-level key, a list that is not a list) falls back to the general path, having read
//! only a few bytes.

use std::borrow::Cow;

use rayon::prelude::*;
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::value::RawValue;

use super::item::{Context, Text, WireItem, convert_item, item_parse_error};
use super::{LoadError, Outcome, Problem, accepted, line_column_at};
use crate::model::{Format, SharedText};

/// A position in the document and the helpers to move through it.
struct Cursor<'a> {
    doc: &'a str,
    pos: usize,
}

/// The document is not valid JSON (its error is then taken from serde_json).
struct Fatal;

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.doc.as_bytes().get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    /// Deserializes the value at the cursor and moves past it.
    fn value<T: Deserialize<'a>>(&mut self) -> Result<T, Fatal> {
        let rest = self.doc.get(self.pos..).unwrap_or_default();
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<T>();
        match stream.next() {
            Some(Ok(v)) => {
                self.pos += stream.byte_offset();
                Ok(v)
            }
            // Only whitespace left, or not a `T` (the caller decides which).
            _ => Err(Fatal),
        }
    }

    /// Consumes `byte` (after whitespace) or fails.
    fn expect(&mut self, byte: u8) -> Result<(), Fatal> {
        self.skip_ws();
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Fatal)
        }
    }
}

/// What the top level says about the items' format.
#[derive(Default)]
struct Header {
    snapshot_id: Option<String>,
    file_version: bool,
}

impl Header {
    fn read(&mut self, key: &str, c: &mut Cursor<'_>) -> Result<(), Fatal> {
        match key {
            "configSnapshotId" => {
                if let Some(id) = c.value::<Option<Text<'_>>>()? {
                    self.snapshot_id = Some(id.0.into_owned());
                }
            }
            "fileVersion" => self.file_version |= c.value::<Option<&RawValue>>()?.is_some(),
            _ => {
                c.value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }

    /// The same choice as the general path.
    fn format(&self) -> Format {
        if self.snapshot_id.is_some() {
            Format::ConfigSnapshot
        } else if self.file_version {
            Format::ConfigHistory
        } else {
            Format::ResourceConfigHistory
        }
    }
}

/// Reads `text` if it is a document of this shape and returns true; returns false, having
/// changed nothing, when the general path should read it.
pub(crate) fn read_item_document(text: &SharedText, cx: &Context, out: &mut Outcome) -> bool {
    let mut c = Cursor { doc: text, pos: 0 };
    let mut header = Header::default();
    c.skip_ws();
    if c.peek() != Some(b'{') {
        return false;
    }
    c.pos += 1;
    // Up to the list: only the keys that may precede it in these files.
    loop {
        c.skip_ws();
        let Ok(key) = c.value::<Cow<'_, str>>() else {
            return false;
        };
        if c.expect(b':').is_err() {
            return false;
        }
        c.skip_ws();
        match &*key {
            "configurationItems" if c.peek() == Some(b'[') => break,
            "fileVersion" | "configSnapshotId" | "nextToken" => {
                if header.read(&key, &mut c).is_err() || c.expect(b',').is_err() {
                    return false;
                }
            }
            _ => return false,
        }
    }
    let (items_before, problems_before) = (out.items.len(), out.problems.len());
    let mut cx = cx.with_format(header.format());
    cx.snapshot_id = header.snapshot_id.as_deref().map(Into::into);
    let result = read_items(text, &mut c, &cx, out).and_then(|count| {
        // The rest of the top level; keys after the list still count for the format.
        loop {
            c.skip_ws();
            match c.peek() {
                Some(b',') => c.pos += 1,
                Some(b'}') => {
                    c.pos += 1;
                    break;
                }
                _ => return Err(Fatal),
            }
            c.skip_ws();
            let key = c.value::<Cow<'_, str>>()?;
            c.expect(b':')?;
            c.skip_ws();
            header.read(&key, &mut c)?;
        }
        c.skip_ws();
        if c.pos < c.doc.len() {
            return Err(Fatal);
        }
        Ok(count)
    });
    if let Ok(count) = result {
        let format = header.format();
        let snapshot_id = header.snapshot_id.as_deref();
        if format != cx.format || snapshot_id != cx.snapshot_id.as_deref() {
            let snapshot_id: Option<std::sync::Arc<str>> = snapshot_id.map(Into::into);
            for item in &mut out.items[items_before..] {
                item.origin.format = format;
                item.origin.snapshot_id.clone_from(&snapshot_id);
            }
            cx.format = format;
        }
        out.items_found(&cx, count);
    } else {
        // As on the general path, a document that is not valid JSON yields one problem,
        // serde_json's, and no items. Validating the whole text again gives exactly its
        // message and position; this is the rare case.
        out.items.truncate(items_before);
        out.problems.truncate(problems_before);
        match serde_json::from_str::<IgnoredAny>(text) {
            Err(e) => out.problems.push(Problem::json(&cx.file, &e)),
            // The walk disagreed with serde_json: let the general path decide.
            Ok(_) => return false,
        }
    }
    true
}

/// Items parsed per batch. Converting a batch (keys, interning, timestamps,
/// relationships) runs on the other threads while the next batch is parsed.
const BATCH: usize = 1024;

/// Parsed items not yet converted: each item's text, and its top level or why it did
/// not parse.
struct Batch<'a> {
    first_index: usize,
    items: Vec<(&'a str, Result<WireItem<'a>, LoadError>)>,
    /// The list's `]` was reached.
    last: bool,
}

/// Parses up to [`BATCH`] items of the list at the cursor (just after `[` or a `,`).
fn parse_batch<'a>(c: &mut Cursor<'a>, first_index: usize) -> Result<Batch<'a>, Fatal> {
    let mut items = Vec::with_capacity(BATCH);
    loop {
        let start = c.pos;
        if let Ok(wire) = c.value::<WireItem<'a>>() {
            items.push((&c.doc[start..c.pos], Ok(wire)));
        } else {
            // Not an item: skip the value if it is valid JSON, else the document is not.
            // The error is the one parsing the item alone gives, as elsewhere.
            c.pos = start;
            c.value::<IgnoredAny>()?;
            let raw = &c.doc[start..c.pos];
            let error = match serde_json::from_str::<WireItem<'_>>(raw) {
                Err(e) => item_parse_error(raw, &e),
                Ok(_) => LoadError::InvalidJson("unreadable item".to_owned()),
            };
            items.push((raw, Err(error)));
        }
        c.skip_ws();
        match c.peek() {
            Some(b',') => {
                c.pos += 1;
                c.skip_ws();
                if items.len() == BATCH {
                    return Ok(Batch {
                        first_index,
                        items,
                        last: false,
                    });
                }
            }
            Some(b']') => {
                c.pos += 1;
                return Ok(Batch {
                    first_index,
                    items,
                    last: true,
                });
            }
            _ => return Err(Fatal),
        }
    }
}

/// The list at the cursor (on its `[`); the number of items.
fn read_items(
    text: &SharedText,
    c: &mut Cursor<'_>,
    cx: &Context,
    out: &mut Outcome,
) -> Result<usize, Fatal> {
    c.pos += 1;
    c.skip_ws();
    if c.peek() == Some(b']') {
        c.pos += 1;
        return Ok(0);
    }
    let list_start = c.pos;
    let interner = out.interner;
    let mut batch = parse_batch(c, 0)?;
    loop {
        let next_index = batch.first_index + batch.items.len();
        let last = batch.last;
        let Batch {
            first_index, items, ..
        } = batch;
        let (converted, next) = rayon::join(
            || {
                items
                    .into_par_iter()
                    .enumerate()
                    .map(|(i, (raw, parsed))| {
                        let result = parsed.and_then(|wire| {
                            convert_item(text, raw, wire, first_index + i, cx, interner)
                        });
                        (raw, result)
                    })
                    .collect::<Vec<_>>()
            },
            || (!last).then(|| parse_batch(c, next_index)),
        );
        if out.items.capacity() - out.items.len() < converted.len() && next_index >= 64 {
            // Reserve for the rest at the average item size so far, instead of doubling
            // (each doubling copies every item).
            let per_item = (c.pos - list_start) / next_index;
            let rest = (c.doc.len() - c.pos) / per_item.max(1);
            out.items.reserve(converted.len() + rest + rest / 8 + 1);
        }
        for (i, (raw, result)) in converted.into_iter().enumerate() {
            let position = || Some(line_column_at(text, offset_in(text, raw)));
            if let Some(item) = accepted(
                &mut out.problems,
                &cx.file,
                position,
                first_index + i,
                result,
            ) {
                out.items.push(item);
            }
        }
        match next {
            Some(next) => batch = next?,
            None => return Ok(next_index),
        }
    }
}

/// Byte offset of `slice` inside `text` (it is a slice of it).
fn offset_in(text: &str, slice: &str) -> usize {
    (slice.as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::load::detect::route;
    use crate::load::intern::Interner;

    /// What a path made of a document, comparable across paths.
    fn summary(out: &Outcome<'_>) -> Vec<String> {
        let mut lines: Vec<String> = out
            .items
            .iter()
            .map(|i| {
                format!(
                    "{} {} {:?} {:?} {}",
                    i.key,
                    i.origin.index,
                    i.origin.format,
                    i.origin.snapshot_id,
                    i.raw()
                )
            })
            .collect();
        lines.extend(out.problems.iter().map(ToString::to_string));
        lines.extend(out.content.iter().map(crate::load::Content::label));
        lines
    }

    /// Reads `doc` on both paths; returns whether the fast path took it, and both results.
    fn both(doc: &str) -> (bool, Vec<String>, Vec<String>) {
        let text: SharedText = Arc::new(doc.to_owned());
        let interner = Interner::default();
        let cx = Context {
            file: Arc::from("doc.json"),
            format: Format::SingleItem,
            account: None,
            region: None,
            snapshot_id: None,
        };
        let mut fast = Outcome::new(&interner);
        let taken = read_item_document(&text, &cx, &mut fast);
        let mut general = Outcome::new(&interner);
        route(&text, &text, &cx, 0, &mut general);
        (taken, summary(&fast), summary(&general))
    }

    fn same(doc: &str) {
        let (taken, fast, general) = both(doc);
        assert!(taken, "fast path not taken for {doc}");
        assert_eq!(fast, general, "{doc}");
    }

    const ITEM: &str = r#"{"resourceType":"AWS::S3::Bucket","resourceId":"b","awsAccountId":"1","awsRegion":"us-east-1","configuration":{"name":"b"}}"#;

    #[test]
    fn the_one_pass_path_reads_what_the_general_path_reads() {
        same(&format!(
            r#"{{"fileVersion":"1.0","configSnapshotId":"s-1","configurationItems":[{ITEM}]}}"#
        ));
        same(&format!(
            "{{\n  \"fileVersion\": \"1.0\",\n  \"configurationItems\": [\n    {ITEM} ,\n\t{ITEM}\n  ]\n}}\n"
        ));
        same(r#"{"configurationItems":[]}"#);
        same(&format!(
            r#"{{"configurationItems":[{ITEM}],"configSnapshotId":"late","nextToken":"x"}}"#
        ));
        same(&format!(
            r#"{{"configurationItems":[{ITEM}],"fileVersion":"1.0"}}"#
        ));
        same(&format!(
            r#"{{"configSnapshotId":null,"configurationItems":[{ITEM}]}}"#
        ));
        // Items that do not read are problems with their index; the rest loads.
        same(&format!(
            r#"{{"configurationItems":[{ITEM},"text",{{"resourceId":"x"}},{{"relationships":{{}}}},42,{ITEM}]}}"#
        ));
        // Documents that are not JSON: one problem at the same position, no items.
        same(&format!(
            r#"{{"configurationItems":[{ITEM},{{"resourceType": }}]}}"#
        ));
        same(&format!("{{\"configurationItems\":[{ITEM}\n,{ITEM}"));
        same(&format!(r#"{{"configurationItems":[{ITEM}]}} trailing"#));
        same(&format!(r#"{{"configurationItems":[{ITEM} {ITEM}]}}"#));
        same(&format!(r#"{{"configurationItems":[{ITEM}],}}"#));
        same(&format!(
            r#"{{"configurationItems":[{ITEM}],"fileVersion":}}"#
        ));
    }

    #[test]
    fn lists_longer_than_a_batch_read_the_same() {
        let items = |bad: &str| {
            let mut list: Vec<String> = (0..2 * BATCH + 100)
                .map(|i| ITEM.replace(r#""b""#, &format!(r#""b{i}""#)))
                .collect();
            list[BATCH + 7] = bad.to_owned();
            format!(r#"{{"configurationItems":[{}]}}"#, list.join(","))
        };
        same(&items(r#"{"resourceId":"no-type"}"#));
        same(&items(r#"{"resourceType": }"#));
    }

    #[test]
    fn other_shapes_are_left_to_the_general_path() {
        for doc in [
            r#"{"messageType":"ConfigurationItemChangeNotification","configurationItems":[]}"#,
            r#"{"configurationItems":null}"#,
            r#"{"configurationItems":{"a":1}}"#,
            r#"[{"resourceType":"AWS::S3::Bucket","resourceId":"b"}]"#,
            r#"{"fileVersion":"1.0" "configurationItems":[]}"#,
            "",
        ] {
            let (taken, fast, _) = both(doc);
            assert!(!taken, "{doc}");
            assert!(
                fast.is_empty(),
                "nothing recorded before falling back: {fast:?}"
            );
        }
    }

    #[test]
    fn synthetic_snapshots_read_the_same_on_both_paths() {
        let mut buf = Vec::new();
        crate::synth::write_snapshot(&mut buf, 200, 5, 2, &["us-east-1"]).unwrap();
        same(&String::from_utf8(buf).unwrap());
    }

    #[test]
    fn real_files_read_the_same_on_both_paths() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/real-world/aws-config");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("skipped: {} is absent", dir.display());
            return;
        };
        let mut fast_files = 0;
        for entry in entries {
            let path = entry.unwrap().path();
            let Ok(doc) = std::fs::read_to_string(&path) else {
                continue;
            };
            let (taken, fast, general) = both(&doc);
            if taken {
                fast_files += 1;
                assert_eq!(fast, general, "{}", path.display());
            }
        }
        assert!(fast_files >= 7, "the real snapshots take the one-pass path");
    }
}
