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
//!
//! A big list is read on every thread at once, in stretches that start at guessed item
//! boundaries; a guess counts only where the stretch before it ended, so the items, their
//! indexes and the problems are those of one pass from the start (see [`Stretch`]).

use std::borrow::Cow;

use rayon::prelude::*;
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::value::RawValue;

use super::intern::Interner;
use super::item::{Context, Text, WireItem, convert_item, item_parse_error};
use super::{LoadError, Outcome, Problem, line_column_at};
use crate::model::{ConfigItem, Format, SharedText};

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

/// How many stretches a list of `bytes` is read in: one below a megabyte (splitting
/// pays only for big files), else one per thread. Every stretch after the first is
/// copied onto the first's list when they are merged; two per thread measured no
/// faster, with 15 MB more kept at 100k items. Tests split lists of a few items too, on
/// any machine, so that every path of the merge is exercised.
fn stretch_count(bytes: usize) -> usize {
    let (min_bytes, threads) = if cfg!(test) {
        (64, 4)
    } else {
        (1 << 20, rayon::current_num_threads())
    };
    if threads < 2 || bytes < min_bytes {
        1
    } else {
        threads.min(bytes / (min_bytes / 2))
    }
}

/// Items are read in stretches on all threads. A stretch after the first starts at a
/// guessed item boundary; it is kept only if the stretch before it ended exactly there,
/// so the result is the one a single pass gives, whatever the guesses.
struct Stretch {
    start: usize,
    items: Vec<ConfigItem>,
    /// Each problem's item index within the stretch, the item's offset and the error.
    problems: Vec<(usize, usize, LoadError)>,
    count: usize,
    end: Result<StretchEnd, Fatal>,
}

enum StretchEnd {
    /// The next item starts here, at or after where the stretch was asked to stop.
    Next(usize),
    /// The list's `]` was reached; the document goes on here.
    Closed(usize),
}

/// Items read before a stretch sizes its list.
const SAMPLE: usize = 64;

/// Parses and converts the items from `start` (an item's first byte) until the next item
/// would start at or after `stop`, or the list ends.
fn read_stretch(
    text: &SharedText,
    list_start: usize,
    start: usize,
    stop: usize,
    cx: &Context,
    interner: &Interner,
) -> Stretch {
    let mut c = Cursor {
        doc: text,
        pos: start,
    };
    let mut stretch = Stretch {
        start,
        items: Vec::new(),
        problems: Vec::new(),
        count: 0,
        end: Err(Fatal),
    };
    stretch.end = loop {
        let (raw, parsed) = match parse_item(&mut c) {
            Ok(item) => item,
            Err(fatal) => break Err(fatal),
        };
        let index = stretch.count;
        stretch.count += 1;
        let offset = offset_in(text, raw);
        match parsed.and_then(|wire| convert_item(text, raw, wire, index, cx, interner)) {
            Ok((item, issues)) => {
                stretch
                    .problems
                    .extend(issues.into_iter().map(|issue| (index, offset, issue)));
                if stretch.items.len() == SAMPLE {
                    // Room for the rest at the average size so far, instead of doubling
                    // (each doubling copies every item). The first stretch's list
                    // becomes the whole list's, so it has room for every stretch's items.
                    let end = if start == list_start {
                        text.len()
                    } else {
                        stop.min(text.len())
                    };
                    let per_item = (c.pos - start) / SAMPLE;
                    let rest = (end.saturating_sub(c.pos)) / per_item.max(1);
                    stretch.items.reserve(rest + rest / 8 + 1);
                }
                stretch.items.push(item);
            }
            Err(e) => stretch.problems.push((index, offset, e)),
        }
        c.skip_ws();
        match c.peek() {
            Some(b',') => {
                c.pos += 1;
                c.skip_ws();
                if c.pos >= stop {
                    break Ok(StretchEnd::Next(c.pos));
                }
            }
            Some(b']') => break Ok(StretchEnd::Closed(c.pos + 1)),
            _ => break Err(Fatal),
        }
    };
    stretch
}

/// Parses the item at the cursor: its text, and its top level or why it does not read.
fn parse_item<'a>(c: &mut Cursor<'a>) -> Result<(&'a str, Result<WireItem<'a>, LoadError>), Fatal> {
    let start = c.pos;
    if let Ok(wire) = c.value::<WireItem<'a>>() {
        return Ok((&c.doc[start..c.pos], Ok(wire)));
    }
    // Not an item: skip the value if it is valid JSON, else the document is not. The
    // error is the one parsing the item alone gives, as elsewhere.
    c.pos = start;
    c.value::<IgnoredAny>()?;
    let raw = &c.doc[start..c.pos];
    let error = match serde_json::from_str::<WireItem<'_>>(raw) {
        Err(e) => item_parse_error(raw, &e),
        Ok(_) => LoadError::InvalidJson("unreadable item".to_owned()),
    };
    Ok((raw, Err(error)))
}

/// Where stretches after the first should start: the first item boundary found after
/// each even split of the list. A boundary is recognised by the bytes from the first
/// item's closing `}` through the second item's first key (`},{"relatedEvents"`, or the
/// same with a pretty-printer's indentation), which nested objects rarely repeat; a
/// wrong guess costs only the time spent on it.
fn guess_starts(doc: &str, list_start: usize, parts: usize) -> Vec<usize> {
    let mut c = Cursor {
        doc,
        pos: list_start,
    };
    let pattern = (|| {
        c.value::<IgnoredAny>().ok()?;
        let close = c.pos - 1;
        c.expect(b',').ok()?;
        c.expect(b'{').ok()?;
        let second = c.pos - 1;
        c.skip_ws();
        c.value::<&str>().ok()?;
        Some((&doc[close..c.pos], second - close))
    })();
    let Some((pattern, to_start)) = pattern else {
        return Vec::new();
    };
    let span = doc.len() - list_start;
    let mut starts: Vec<usize> = Vec::with_capacity(parts);
    for k in 1..parts {
        let mut from = (list_start + span * k / parts).max(starts.last().map_or(0, |&s| s + 1));
        while from < doc.len() && !doc.is_char_boundary(from) {
            from += 1;
        }
        if let Some(found) = doc.get(from..).and_then(|rest| rest.find(pattern)) {
            starts.push(from + found + to_start);
        }
    }
    starts.dedup();
    starts
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
    let read = |start, stop| read_stretch(text, list_start, start, stop, cx, interner);
    let parts = stretch_count(text.len() - list_start);
    let mut starts = vec![list_start];
    starts.extend(guess_starts(text, list_start, parts));
    let stops: Vec<usize> = starts.iter().skip(1).copied().chain([usize::MAX]).collect();
    let stretches: Vec<Stretch> = starts
        .par_iter()
        .zip(stops)
        .map(|(&start, stop)| read(start, stop))
        .collect();

    let mut merged = Merged {
        next: list_start,
        count: 0,
        closed: None,
        expected: stretches.iter().map(|s| s.items.len()).sum(),
    };
    for stretch in stretches {
        if merged.closed.is_some() || stretch.start < merged.next {
            // Started inside what was read already: the guess was not a boundary.
            continue;
        }
        if stretch.start > merged.next {
            // The guess before this one was wrong: read up to this one here.
            merged.absorb(read(merged.next, stretch.start), text, cx, out)?;
            if merged.closed.is_some() || merged.next != stretch.start {
                continue;
            }
        }
        merged.absorb(stretch, text, cx, out)?;
    }
    if merged.closed.is_none() {
        // Read on to the end (or to the error that ends the document).
        merged.absorb(read(merged.next, usize::MAX), text, cx, out)?;
    }
    c.pos = merged.closed.unwrap_or(c.pos);
    Ok(merged.count)
}

/// The stretches taken so far, in list order.
struct Merged {
    /// Where the next item starts.
    next: usize,
    count: usize,
    /// Where the document goes on after the list, once its end was read.
    closed: Option<usize>,
    /// The items all stretches read, to size the list once.
    expected: usize,
}

impl Merged {
    fn absorb(
        &mut self,
        mut stretch: Stretch,
        text: &str,
        cx: &Context,
        out: &mut Outcome,
    ) -> Result<(), Fatal> {
        match stretch.end? {
            StretchEnd::Next(next) => self.next = next,
            StretchEnd::Closed(after) => self.closed = Some(after),
        }
        let first = self.count;
        self.count += stretch.count;
        for item in &mut stretch.items {
            item.origin.index += first;
        }
        for (index, offset, error) in stretch.problems {
            let position = Some(line_column_at(text, offset));
            out.problems
                .push(Problem::file(&cx.file, error).at(first + index, position));
        }
        if out.items.is_empty() {
            // The first stretch's items become the list, without a copy.
            out.items = stretch.items;
            out.items
                .reserve(self.expected.saturating_sub(out.items.len()));
        } else {
            out.items.append(&mut stretch.items);
        }
        Ok(())
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
    fn long_lists_read_the_same() {
        let items = |bad: &str| {
            let mut list: Vec<String> = (0..2 * 1024 + 100)
                .map(|i| ITEM.replace(r#""b""#, &format!(r#""b{i}""#)))
                .collect();
            list[1024 + 7] = bad.to_owned();
            format!(r#"{{"configurationItems":[{}]}}"#, list.join(","))
        };
        same(&items(r#"{"resourceId":"no-type"}"#));
        same(&items(r#"{"resourceType": }"#));
    }

    /// Items whose configuration nests objects that start as items do, so that guessed
    /// stretch starts land inside items.
    fn decoy_list(count: usize, separator: &str, bad: Option<(usize, &str)>) -> String {
        // Names of multi-byte characters, so that even splits fall inside some.
        let name = "bücket-€".repeat(12);
        let list: Vec<String> = (0..count)
            .map(|i| match bad {
                Some((at, bad)) if at == i => bad.to_owned(),
                _ => format!(
                    r#"{{"relatedEvents":[],"resourceType":"AWS::S3::Bucket","resourceId":"b{i}","resourceName":"{name}{i}","configuration":{{"rules":[{{"x":{i}}},{{"relatedEvents":[]}},{{"relatedEvents":[{{}},{{"relatedEvents":[]}}]}}]}}}}"#
                ),
            })
            .collect();
        format!(
            r#"{{"configSnapshotId":"s","configurationItems":[{}]}}"#,
            list.join(separator)
        )
    }

    #[test]
    fn guessed_starts_inside_items_change_nothing() {
        let doc = decoy_list(40, ",", None);
        let list_start = doc.find('[').unwrap() + 1;
        // Every split gives a guess, those that fall inside a multi-byte character too.
        for parts in 2..=20 {
            assert_eq!(guess_starts(&doc, list_start, parts).len(), parts - 1);
        }
        let guesses = guess_starts(&doc, list_start, 8);
        assert!(
            guesses
                .iter()
                .any(|&g| doc[g..].starts_with(r#"{"relatedEvents":[]}"#)),
            "some guess lands on a nested object: {guesses:?}"
        );
        same(&doc);
        for count in [1, 2, 3, 7, 40, 301] {
            for separator in [",", " ,\n  ", ",\n\t"] {
                same(&decoy_list(count, separator, None));
                for at in [0, count / 2, count - 1] {
                    // An item that does not read, a value that is not an item, and
                    // text that is not JSON, in every stretch.
                    same(&decoy_list(
                        count,
                        separator,
                        Some((at, r#"{"resourceId":"x"}"#)),
                    ));
                    same(&decoy_list(count, separator, Some((at, "42"))));
                    same(&decoy_list(
                        count,
                        separator,
                        Some((at, r#"{"resourceType": }"#)),
                    ));
                }
            }
        }
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
