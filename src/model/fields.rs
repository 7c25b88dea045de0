//! The top level of an object `configuration`, indexed so that a rule decodes only the
//! fields it reads.
//!
//! Decoding a whole configuration into a `Value` (a tree of maps and strings, five
//! times the size of its text) and freeing it again was half the CPU time of a check
//! with every rule, though a rule reads a few of a resource's dozens of fields. The
//! index is one scan of the text (no allocation per value), and each field is decoded
//! and normalized on first use, exactly as it reads in the whole configuration.

use std::fmt;
use std::sync::OnceLock;

use serde::Deserializer as _;
use serde::de::{MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

/// A byte range of the configuration text.
#[derive(Debug, Clone, Copy)]
struct Range {
    start: u32,
    end: u32,
}

impl Range {
    fn of(text: &str, part: &str) -> Option<Self> {
        let start = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
        Some(Self {
            start: u32::try_from(start).ok()?,
            end: u32::try_from(start + part.len()).ok()?,
        })
    }

    fn slice(self, text: &str) -> &str {
        text.get(self.start as usize..self.end as usize)
            .unwrap_or_default()
    }
}

#[derive(Debug)]
struct Field {
    key: Range,
    value: Range,
    decoded: OnceLock<Value>,
}

/// The fields of one configuration object, sorted by key.
#[derive(Debug)]
pub(crate) struct Fields {
    fields: Vec<Field>,
}

/// Reads an object's entries as borrowed keys and raw values; fails on anything else,
/// including keys written with escapes (which cannot be borrowed: the caller then
/// decodes the whole configuration instead).
struct Entries;

impl<'de> Visitor<'de> for Entries {
    type Value = Vec<(&'de str, &'de RawValue)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(map.size_hint().unwrap_or(16));
        while let Some(entry) = map.next_entry::<&'de str, &'de RawValue>()? {
            out.push(entry);
        }
        Ok(out)
    }
}

impl Fields {
    /// Indexes `text` when it is a JSON object; `None` otherwise.
    pub(crate) fn index(text: &str) -> Option<Self> {
        let mut de = serde_json::Deserializer::from_str(text);
        let entries = de.deserialize_map(Entries).ok()?;
        de.end().ok()?;
        let mut fields = entries
            .into_iter()
            .map(|(key, value)| {
                Some(Field {
                    key: Range::of(text, key)?,
                    value: Range::of(text, value.get())?,
                    decoded: OnceLock::new(),
                })
            })
            .collect::<Option<Vec<Field>>>()?;
        // A repeated key keeps its last value, as a decoded `Value` map does.
        fields.sort_by(|a, b| a.key.slice(text).cmp(b.key.slice(text)));
        let mut unique: Vec<Field> = Vec::with_capacity(fields.len());
        for field in fields {
            match unique.last_mut() {
                Some(last) if last.key.slice(text) == field.key.slice(text) => *last = field,
                _ => unique.push(field),
            }
        }
        Some(Self { fields: unique })
    }

    /// Bytes of text of the fields decoded so far.
    pub(crate) fn decoded_bytes(&self) -> usize {
        self.fields
            .iter()
            .filter(|f| f.decoded.get().is_some())
            .map(|f| (f.value.end - f.value.start) as usize)
            .sum()
    }

    /// The field `key` of `text` (the text this index was built from), decoded by
    /// `decode` on first use; `None` when absent.
    pub(crate) fn get<'f>(
        &'f self,
        text: &str,
        key: &str,
        decode: impl FnOnce(&str) -> Value,
    ) -> Option<&'f Value> {
        let i = self
            .fields
            .binary_search_by(|f| f.key.slice(text).cmp(key))
            .ok()?;
        let field = &self.fields[i];
        Some(
            field
                .decoded
                .get_or_init(|| decode(field.value.slice(text))),
        )
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn parse(s: &str) -> Value {
        serde_json::from_str(s).unwrap_or(Value::Null)
    }

    #[test]
    fn fields_read_as_in_the_whole_value() {
        let text = r#" {"b": [1, {"x": "y"}], "a": "s", "b": {"last": true}, "c": null} "#;
        let fields = Fields::index(text).expect("an object");
        assert_eq!(fields.get(text, "a", parse), Some(&json!("s")));
        assert_eq!(fields.get(text, "b", parse), Some(&json!({"last": true})));
        assert_eq!(fields.get(text, "c", parse), Some(&Value::Null));
        assert_eq!(fields.get(text, "d", parse), None);
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
            assert!(Fields::index(text).is_none(), "{text}");
        }
        assert!(Fields::index("{}").is_some());
    }
}
