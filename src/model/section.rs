//! A JSON section of a configuration item (`configuration`,
//! `supplementaryConfiguration`), kept as text and decoded on demand: whole, or one
//! top-level field at a time.
//!
//! Decoding a whole configuration into a `Value` (a tree of maps and strings, five
//! times the size of its text) and freeing it again was half the CPU time of a check
//! with every rule, though a rule reads a few of a resource's dozens of fields. The
//! loader records where each top-level value of an object ends ([`LoadedSection`]);
//! a field is then found by its key alone, and decoded and normalized on first use,
//! exactly as it reads in the whole section.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{RawJson, RawKind, lookup};

/// Bytes of JSON text decoded into `Value`s so far, by every item of the process. Only
/// a hint for when decoded values are worth dropping ([`Section::take`]): the engine
/// evaluates in rounds and evicts once joins have decoded enough, so a million items
/// never hold their `Value`s at once.
static DECODED_BYTES: AtomicUsize = AtomicUsize::new(0);

/// The running total of JSON bytes decoded into `Value`s.
pub fn decoded_bytes() -> usize {
    DECODED_BYTES.load(Ordering::Relaxed)
}

static NULL: Value = Value::Null;

/// How a section's decoded values are normalized, whole or one field at a time (the
/// same decoding either way), given the item's resource type.
#[derive(Clone, Copy)]
pub(crate) struct Normalize {
    pub whole: fn(&str, &mut Value),
    pub field: fn(&str, &str, &mut Value),
}

/// A section's text with, for an object, where each of its top-level values ends
/// (offsets from the start of the text, in order). The loader finds them right after
/// parsing an item, on the threads that convert items while the next batch is parsed,
/// with the text still in cache; every later read of a field (each rule, each join, each
/// time decoded values were dropped) then finds it by its key alone, without scanning
/// the text again. No ends: objects over 64 KB, keys with escapes, other shapes.
#[derive(Debug, Clone)]
pub struct LoadedSection {
    raw: RawJson,
    value_ends: Option<Box<[u16]>>,
}

impl LoadedSection {
    /// The section with its value ends found (when it is an object they can be kept for).
    pub fn indexed(raw: RawJson) -> Self {
        let text = raw.as_str();
        let fits = matches!(raw.kind(), RawKind::Direct) && u16::try_from(text.len()).is_ok();
        let value_ends = fits
            .then(|| {
                // Gathered on the stack and allocated once at their exact size: every
                // item keeps them, and growing a vector left its freed steps scattered
                // among them (+20 MB at 100k items).
                let mut ends = [0u16; 64];
                let mut more = Vec::new();
                let mut count = 0;
                for_each_entry(text, None, |_, value| {
                    let end = u16::try_from(value.end).unwrap_or(u16::MAX);
                    match ends.get_mut(count) {
                        Some(slot) => *slot = end,
                        None => more.push(end),
                    }
                    count += 1;
                })?;
                let mut all = Vec::with_capacity(count);
                all.extend_from_slice(&ends[..count.min(ends.len())]);
                all.extend_from_slice(&more);
                Some(all.into_boxed_slice())
            })
            .flatten();
        Self { raw, value_ends }
    }
}

impl From<RawJson> for LoadedSection {
    fn from(raw: RawJson) -> Self {
        Self {
            raw,
            value_ends: None,
        }
    }
}

/// One section's text and what has been decoded from it.
#[derive(Debug, Default)]
pub(crate) struct Section {
    raw: Option<RawJson>,
    value_ends: Option<Box<[u16]>>,
    whole: OnceLock<Value>,
    fields: OnceLock<Option<Fields>>,
}

/// Values taken out of a [`Section`], to be dropped where the caller wants.
#[derive(Debug, Default)]
pub(crate) struct Taken {
    _whole: Option<Value>,
    _fields: Option<Fields>,
    /// Bytes of text they were decoded from (as counted by [`decoded_bytes`]).
    pub text_bytes: usize,
}

impl Section {
    pub(crate) fn new(loaded: Option<LoadedSection>) -> Self {
        let (raw, value_ends) = loaded.map_or((None, None), |l| (Some(l.raw), l.value_ends));
        Self {
            raw,
            value_ends,
            ..Self::default()
        }
    }

    pub(crate) fn raw(&self) -> Option<&RawJson> {
        self.raw.as_ref()
    }

    /// The whole section, decoded and normalized on first use; `Null` when absent.
    pub(crate) fn whole(&self, ty: &str, normalize: Normalize) -> &Value {
        self.whole.get_or_init(|| {
            self.raw.as_ref().map_or(Value::Null, |raw| {
                DECODED_BYTES.fetch_add(raw.as_str().len(), Ordering::Relaxed);
                decode_whole(raw, ty, normalize)
            })
        })
    }

    /// Whether the section holds something: an object whose top level parses, or else a
    /// value that decodes to something other than `null`. An object's fields are not
    /// decoded to tell.
    pub(crate) fn is_present(&self, ty: &str, normalize: Normalize) -> bool {
        self.raw.is_some() && (self.fields().is_some() || !self.whole(ty, normalize).is_null())
    }

    /// The top-level index of a section written as a JSON object (not as a JSON
    /// string), built on first use; `None` for other shapes.
    fn fields(&self) -> Option<&Fields> {
        self.fields
            .get_or_init(|| {
                let raw = self.raw.as_ref()?;
                match raw.kind() {
                    RawKind::Direct => Fields::index(raw.as_str(), self.value_ends.as_deref()),
                    RawKind::Encoded => None,
                }
            })
            .as_ref()
    }

    /// A top-level field, decoded and normalized on its own unless the whole section
    /// already is. `None` when absent.
    pub(crate) fn field(&self, ty: &str, key: &str, normalize: Normalize) -> Option<&Value> {
        if let Some(whole) = self.whole.get() {
            return whole.get(key);
        }
        let (Some(fields), Some(raw)) = (self.fields(), self.raw.as_ref()) else {
            return self.whole(ty, normalize).get(key);
        };
        fields.get(raw.as_str(), key, |text| {
            DECODED_BYTES.fetch_add(text.len(), Ordering::Relaxed);
            decode_field(ty, key, text, normalize)
        })
    }

    /// Where the top-level fields `keys` are in the text (a repeated key: its last
    /// value), found in one pass over the object's entries without decoding any; `None`
    /// when the section is decoded whole already or is not a plain object.
    fn locate<const N: usize>(&self, keys: [&str; N]) -> Option<[Option<Range>; N]> {
        let raw = self.raw.as_ref()?;
        if self.whole.get().is_some() || !matches!(raw.kind(), RawKind::Direct) {
            return None;
        }
        let text = raw.as_str();
        let mut found = [None::<Range>; N];
        for_each_entry(text, self.value_ends.as_deref(), |key, value| {
            if let Some(i) = keys.iter().position(|k| key.is(text, k)) {
                found[i] = Some(value);
            }
        })?;
        Some(found)
    }

    /// Top-level fields decoded and normalized as [`Self::field`] decodes them, but
    /// owned and not cached: for one pass over many items (join facts), whose values
    /// would otherwise stay with every item until the next eviction.
    pub(crate) fn read_fields<const N: usize>(
        &self,
        ty: &str,
        keys: [&str; N],
        normalize: Normalize,
    ) -> [Option<Value>; N] {
        let Some(raw) = self.raw.as_ref() else {
            return std::array::from_fn(|_| None);
        };
        if let Some(found) = self.locate(keys) {
            let text = raw.as_str();
            return std::array::from_fn(|i| {
                found[i].map(|value| decode_field(ty, keys[i], value.slice(text), normalize))
            });
        }
        let fresh;
        let whole = if let Some(whole) = self.whole.get() {
            whole
        } else {
            fresh = decode_whole(raw, ty, normalize);
            &fresh
        };
        std::array::from_fn(|i| whole.get(keys[i]).cloned())
    }

    /// A top-level field read straight from its text into `T` (a type naming the parts a
    /// join needs: serde skips the rest without building values), not cached. The text
    /// is not normalized, so this is for fields normalization leaves alone; sections
    /// that are not plain objects go through the decoded value. `None` when absent.
    pub(crate) fn project_field<T: DeserializeOwned>(
        &self,
        ty: &str,
        key: &str,
        normalize: Normalize,
    ) -> Option<serde_json::Result<T>> {
        if let (Some([found]), Some(raw)) = (self.locate([key]), self.raw.as_ref()) {
            return found.map(|value| serde_json::from_str(value.slice(raw.as_str())));
        }
        let [value] = self.read_fields(ty, [key], normalize);
        value.map(T::deserialize)
    }

    /// A value by dotted path (`"state.name"`, `"ipPermissions.0.fromPort"`); only the
    /// top-level field the path starts in is decoded.
    pub(crate) fn at(&self, ty: &str, path: &str, normalize: Normalize) -> &Value {
        if !path.is_empty() && self.whole.get().is_none() && self.fields().is_some() {
            let (first, rest) = path.split_once('.').unwrap_or((path, ""));
            return lookup(self.field(ty, first, normalize).unwrap_or(&NULL), rest);
        }
        // Not an object (a list, a JSON string), or already decoded whole.
        lookup(self.whole(ty, normalize), path)
    }

    /// Takes what has been decoded out of the section (the next read decodes again).
    pub(crate) fn take(&mut self) -> Taken {
        let whole = self.whole.take();
        let fields = self.fields.take().flatten();
        let text_bytes = whole
            .as_ref()
            .and(self.raw.as_ref())
            .map_or(0, |raw| raw.as_str().len())
            + fields.as_ref().map_or(0, Fields::decoded_bytes);
        Taken {
            _whole: whole,
            _fields: fields,
            text_bytes,
        }
    }
}

fn decode_whole(raw: &RawJson, ty: &str, normalize: Normalize) -> Value {
    let mut value = raw.parse();
    (normalize.whole)(ty, &mut value);
    value
}

fn decode_field(ty: &str, key: &str, text: &str, normalize: Normalize) -> Value {
    let mut value = serde_json::from_str(text).unwrap_or(Value::Null);
    (normalize.field)(ty, key, &mut value);
    value
}

/// A byte range of the configuration text.
#[derive(Debug, Clone, Copy)]
struct Range {
    start: u32,
    end: u32,
}

impl Range {
    fn slice(self, text: &str) -> &str {
        text.get(self.start as usize..self.end as usize)
            .unwrap_or_default()
    }

    /// Whether this range of `text` reads `key`: lengths first, the usual miss.
    fn is(self, text: &str, key: &str) -> bool {
        (self.end - self.start) as usize == key.len() && self.slice(text) == key
    }
}

#[derive(Debug)]
struct Field {
    key: Range,
    value: Range,
    decoded: OnceLock<Value>,
}

/// The fields of one JSON object, in document order.
#[derive(Debug)]
struct Fields {
    fields: Vec<Field>,
}

/// Calls `each` with the key (inside the quotes) and value ranges of every top-level
/// entry of the JSON object `text`, in order. The text was validated when it was
/// loaded, so this only has to find where values end: strings are skipped by looking
/// for their closing quote, containers by counting brackets. Any surprise (not an
/// object, a key written with escapes, unbalanced text) gives `None`, and the caller
/// decodes the whole value instead.
fn for_each_entry(
    text: &str,
    value_ends: Option<&[u16]>,
    mut each: impl FnMut(Range, Range),
) -> Option<()> {
    let b = text.as_bytes();
    let range = |start: usize, end: usize| {
        Some(Range {
            start: u32::try_from(start).ok()?,
            end: u32::try_from(end).ok()?,
        })
    };
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i = skip_ws(b, i + 1);
    let mut entries = 0;
    if b.get(i) == Some(&b'}') {
        i += 1;
    } else {
        loop {
            if b.get(i) != Some(&b'"') {
                return None;
            }
            let key_end = if value_ends.is_some() {
                // The loader records value ends only for objects whose keys have no
                // escapes: the key ends at the next quote. Keys are short, so a plain
                // loop finds it sooner than a word-at-a-time search.
                i + 1 + b.get(i + 1..)?.iter().position(|&c| c == b'"')?
            } else {
                let end = string_end(b, i)?;
                if b[i + 1..end].contains(&b'\\') {
                    return None;
                }
                end
            };
            let key = &b[i + 1..key_end];
            i = skip_ws(b, key_end + 1);
            if b.get(i) != Some(&b':') {
                return None;
            }
            let value_start = skip_ws(b, i + 1);
            let value_end = match value_ends {
                Some(ends) => usize::from(*ends.get(entries)?),
                None => value_end(b, value_start)?,
            };
            if value_end <= value_start {
                return None;
            }
            entries += 1;
            each(
                range(key_end - key.len(), key_end)?,
                range(value_start, value_end)?,
            );
            i = skip_ws(b, value_end);
            match b.get(i) {
                Some(b',') => i = skip_ws(b, i + 1),
                Some(b'}') => {
                    i += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    let all_ends = value_ends.is_none_or(|ends| ends.len() == entries);
    (all_ends && skip_ws(b, i) == b.len()).then_some(())
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// The position of the first byte at or after `i` that is one of `of`; `None` when
/// there is none. Eight bytes at a time in a plain `u64` (the hits of a configuration
/// are a few bytes apart, too close for a vectorized search to pay for its setup).
fn find_any<const N: usize>(b: &[u8], mut i: usize, of: [u8; N]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each zero byte of `x`, exactly (no carries between bytes).
    let zero_bytes = |x: u64| !((x & !HIGH).wrapping_add(!HIGH) | x) & HIGH;
    while let Some(chunk) = b.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let word = u64::from_le_bytes(*chunk);
        let hits = of.iter().fold(0, |hits, &c| {
            hits | zero_bytes(word ^ (ONES * u64::from(c)))
        });
        if hits != 0 {
            return Some(i + (hits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b.get(i..)?
        .iter()
        .position(|c| of.contains(c))
        .map(|p| i + p)
}

/// The index of the quote closing the string that opens at `open`.
fn string_end(b: &[u8], open: usize) -> Option<usize> {
    let mut i = open + 1;
    loop {
        i = find_any(b, i, [b'"', b'\\'])?;
        if b[i] == b'"' {
            return Some(i);
        }
        i += 2;
    }
}

/// The index just past the value that starts at `start`.
fn value_end(b: &[u8], start: usize) -> Option<usize> {
    let (open, close) = match *b.get(start)? {
        b'"' => return string_end(b, start).map(|e| e + 1),
        b'{' => (b'{', b'}'),
        b'[' => (b'[', b']'),
        _ => {
            let len = b[start..]
                .iter()
                .position(|c| matches!(c, b',' | b'}' | b']') || c.is_ascii_whitespace())
                .unwrap_or(b.len() - start);
            return (len > 0).then_some(start + len);
        }
    };
    // Valid JSON nests the other kind of bracket in balanced pairs outside strings, so
    // only this kind and string quotes matter.
    let mut depth = 0usize;
    let mut i = start;
    loop {
        i = find_any(b, i, [b'"', open, close])?;
        match b[i] {
            b'"' => i = string_end(b, i)?,
            c if c == open => depth += 1,
            _ => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
        }
        i += 1;
    }
}

impl Fields {
    /// Indexes `text` when it is a JSON object; `None` otherwise. `value_ends` (from the
    /// loader) spares the scan for where values end.
    fn index(text: &str, value_ends: Option<&[u16]>) -> Option<Self> {
        let mut fields = Vec::with_capacity(value_ends.map_or(16, <[u16]>::len));
        for_each_entry(text, value_ends, |key, value| {
            fields.push(Field {
                key,
                value,
                decoded: OnceLock::new(),
            });
        })?;
        Some(Self { fields })
    }

    /// Bytes of text of the fields decoded so far.
    fn decoded_bytes(&self) -> usize {
        self.fields
            .iter()
            .filter(|f| f.decoded.get().is_some())
            .map(|f| (f.value.end - f.value.start) as usize)
            .sum()
    }

    /// The field `key` of `text` (the text this index was built from), decoded by
    /// `decode` on first use; `None` when absent. A repeated key gives its last value,
    /// as a decoded `Value` map does. The few dozen keys of an object are searched in
    /// place: most differ from `key` in length, so sorting them costs more than it saves.
    fn get<'f>(
        &'f self,
        text: &str,
        key: &str,
        decode: impl FnOnce(&str) -> Value,
    ) -> Option<&'f Value> {
        let field = self.fields.iter().rev().find(|f| f.key.is(text, key))?;
        Some(
            field
                .decoded
                .get_or_init(|| decode(field.value.slice(text))),
        )
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    fn parse(s: &str) -> Value {
        serde_json::from_str(s).unwrap_or(Value::Null)
    }

    #[test]
    fn fields_read_as_in_the_whole_value() {
        let text = r#" {"b": [1, {"x": "y"}], "a": "s", "b": {"last": true}, "c": null} "#;
        let fields = Fields::index(text, None).expect("an object");
        assert_eq!(fields.get(text, "a", parse), Some(&json!("s")));
        assert_eq!(fields.get(text, "b", parse), Some(&json!({"last": true})));
        assert_eq!(fields.get(text, "c", parse), Some(&Value::Null));
        assert_eq!(fields.get(text, "d", parse), None);
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(|f| json!(f)),
            ".{0,12}".prop_map(Value::String),
            prop::sample::select(vec!["a\"b", "\\", "}]{[", "\u{1F600}", ",:"])
                .prop_map(|s| json!(s)),
        ];
        leaf.prop_recursive(4, 40, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-z\\]]{0,4}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn every_field_reads_as_serde_json_reads_it(
            map in prop::collection::btree_map("[a-zA-Z_]{0,6}", arb_json(), 0..6),
            pretty in any::<bool>(),
        ) {
            let object = Value::Object(map.into_iter().collect());
            let text = if pretty {
                serde_json::to_string_pretty(&object)
            } else {
                serde_json::to_string(&object)
            }
            .unwrap_or_default();
            let fields = Fields::index(&text, None).expect("an object");
            // Against serde_json's reading of the whole text (floats may not round-trip).
            let whole = parse(&text);
            let map = whole.as_object().expect("an object");
            prop_assert_eq!(fields.fields.len(), map.len());
            for (key, value) in map {
                prop_assert_eq!(fields.get(&text, key, parse), Some(value), "{}", text);
            }
        }
    }

    proptest! {
        #[test]
        fn any_text_is_indexed_or_refused_without_panicking(text in "[{}\\[\\]\",:\\\\ a0-9tn]{0,40}") {
            if let Some(fields) = Fields::index(&text, None) {
                for f in &fields.fields {
                    prop_assert!(f.value.end as usize <= text.len());
                }
            }
        }
    }

    proptest! {
        /// Fields found through the value ends the loader records read as the whole
        /// configuration reads them, compact or pretty-printed.
        #[test]
        fn fields_found_through_loaded_value_ends_read_as_the_whole(
            map in prop::collection::btree_map("[a-zA-Z]{1,6}", arb_json(), 0..6),
            pretty in any::<bool>(),
        ) {
            let doc = json!({"configurationItems": [{
                "resourceType": "Custom::Test::Thing",
                "resourceId": "r-1",
                "configuration": Value::Object(map.clone().into_iter().collect()),
            }]});
            let text = if pretty {
                serde_json::to_string_pretty(&doc)
            } else {
                serde_json::to_string(&doc)
            }
            .unwrap_or_default();
            let loaded = crate::load::load_bytes("prop.json", text.into_bytes());
            prop_assert!(loaded.problems.is_empty());
            let item = &loaded.items[0];
            prop_assert!(item.configuration.value_ends.is_some());
            let by_field: Vec<Option<Value>> =
                map.keys().map(|key| item.config_field(key).cloned()).collect();
            let whole = parse(item.raw_configuration().unwrap_or_default());
            for (key, by_field) in map.keys().zip(&by_field) {
                prop_assert_eq!(by_field.as_ref(), whole.get(key));
                prop_assert_eq!(by_field.as_ref(), item.configuration().get(key));
            }
        }
    }

    #[test]
    fn value_ends_are_kept_for_plain_objects_only() {
        let loaded = |text: &str| {
            LoadedSection::indexed(RawJson::owned(
                std::sync::Arc::new(text.to_owned()),
                RawKind::Direct,
            ))
        };
        let object = loaded(r#"{ "a" : [1, {"b": "}"}] ,"c":"x\"y" , "d":null }"#);
        assert_eq!(object.value_ends.as_deref(), Some(&[23u16, 35, 46][..]));
        assert_eq!(loaded("{ }").value_ends.as_deref(), Some(&[][..]));
        assert!(
            loaded(r#"{"a\u0062": 1}"#).value_ends.is_none(),
            "escaped key"
        );
        assert!(loaded("[1, 2]").value_ends.is_none());
        let big = format!(r#"{{"a": "{}"}}"#, "x".repeat(70_000));
        assert!(loaded(&big).value_ends.is_none(), "over 64 KB");
    }

    #[test]
    fn paths_read_objects_by_field_and_other_shapes_whole() {
        const PLAIN: Normalize = Normalize {
            whole: |_, _| {},
            field: |_, _, _| {},
        };
        let section = |text: &str| {
            Section::new(Some(
                RawJson::owned(std::sync::Arc::new(text.to_owned()), RawKind::Direct).into(),
            ))
        };
        let object = section(r#"{"a": {"b": [1, 2]}, "c": 3}"#);
        assert_eq!(object.at("T", "a.b.1", PLAIN), &json!(2));
        assert!(object.whole.get().is_none(), "only the field was decoded");
        assert_eq!(object.field("T", "c", PLAIN), Some(&json!(3)));
        assert_eq!(object.field("T", "d", PLAIN), None);
        let list = section(r#"[{"a": 1}]"#);
        assert_eq!(list.at("T", "0.a", PLAIN), &json!(1));
        assert!(list.is_present("T", PLAIN));
        assert!(!section("null").is_present("T", PLAIN));
    }

    #[test]
    fn only_plain_objects_are_indexed() {
        for text in [
            "[1]",
            "\"{}\"",
            "null",
            r#"{"a": 1"#,
            r#"{"a\u0062": 1}"#,
            "{} x",
        ] {
            assert!(Fields::index(text, None).is_none(), "{text}");
        }
        assert!(Fields::index("{}", None).is_some());
    }
}
