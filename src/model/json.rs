use std::sync::Arc;

use serde_json::Value;
use serde_json::value::RawValue;

/// Text shared by every item cut from it: a whole input file (after gunzip), or a JSON
/// string the loader had to decode (an SNS `Message`, a Select result).
///
/// An `Arc<String>` rather than an `Arc<str>`: the file buffer read from disk becomes
/// shared as it is, where `Arc<str>` would copy it (a second input-sized allocation
/// and a copy of every byte, measured at 15% of the load time of a 200 MB snapshot).
pub type SharedText = Arc<String>;

/// How the JSON at a [`RawJson`] range encodes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawKind {
    /// The range holds the JSON value itself (snapshot naming: `configuration` is an object).
    Direct,
    /// The range holds a JSON string whose content is JSON (API naming: `configuration`
    /// is a string, `"null"` when deleted).
    Encoded,
}

/// A JSON value kept as a range of its source text, decoded only when someone asks.
///
/// Keeping ranges instead of copies is what lets a million items load at close to the
/// speed of a skeleton parse: the bytes are already in memory once, in the file buffer.
#[derive(Debug, Clone)]
pub struct RawJson {
    text: SharedText,
    start: usize,
    end: usize,
    kind: RawKind,
}

impl RawJson {
    /// `raw` must be a slice of `text` (it is whenever it came from parsing `text`);
    /// otherwise its content is copied into a buffer of its own.
    pub fn new(text: &SharedText, raw: &RawValue, kind: RawKind) -> Self {
        Self::from_slice(text, raw.get(), kind)
    }

    /// The same for JSON text known to be a value: `slice` should be a slice of `text`.
    pub fn from_slice(text: &SharedText, slice: &str, kind: RawKind) -> Self {
        let base = text.as_ptr() as usize;
        let at = slice.as_ptr() as usize;
        if at >= base && at + slice.len() <= base + text.len() {
            Self {
                text: Arc::clone(text),
                start: at - base,
                end: at - base + slice.len(),
                kind,
            }
        } else {
            Self::owned(Arc::new(slice.to_owned()), kind)
        }
    }

    pub fn owned(text: SharedText, kind: RawKind) -> Self {
        let end = text.len();
        Self {
            text,
            start: 0,
            end,
            kind,
        }
    }

    /// The JSON text exactly as it appeared in the input.
    pub fn as_str(&self) -> &str {
        self.text.get(self.start..self.end).unwrap_or_default()
    }

    pub fn kind(&self) -> RawKind {
        self.kind
    }

    /// Parses the value, unwrapping one level of string encoding for [`RawKind::Encoded`].
    /// Undecodable content comes back as a JSON string holding the raw text, so nothing
    /// is lost and nothing panics.
    pub fn parse(&self) -> Value {
        let text = self.as_str();
        match self.kind {
            RawKind::Direct => serde_json::from_str(text).unwrap_or(Value::Null),
            RawKind::Encoded => match serde_json::from_str::<Value>(text) {
                Ok(Value::String(inner)) => {
                    serde_json::from_str(&inner).unwrap_or(Value::String(inner))
                }
                Ok(other) => other,
                Err(_) => Value::Null,
            },
        }
    }
}
