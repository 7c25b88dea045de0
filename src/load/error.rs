use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// What went wrong with one file or one item. The run goes on; the CLI exits 2.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read: {0}")]
    Io(String),
    #[error("gzip stream is corrupt or truncated: {0}")]
    Gzip(String),
    #[error("not UTF-8 text: {0}")]
    NotUtf8(String),
    #[error("the file is empty")]
    Empty,
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    #[error("not an AWS Config format: {0}")]
    UnknownFormat(String),
    #[error("item has no `{0}`; skipped")]
    MissingField(&'static str),
    #[error("item is not a JSON object; skipped")]
    ItemNotObject,
    #[error("relationship {0} has no `resourceType`; skipped")]
    RelationshipWithoutType(usize),
    #[error("relationship {0} has neither `resourceId` nor `resourceName`; skipped")]
    RelationshipWithoutTarget(usize),
    #[error("embedded JSON in `{field}` is invalid: {message}")]
    InvalidEmbeddedJson {
        field: &'static str,
        message: String,
    },
}

/// A load error with where it happened: the file, the item and the line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    pub file: Arc<str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_index: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    #[serde(serialize_with = "serialize_display")]
    pub error: LoadError,
}

fn serialize_display<S: serde::Serializer>(e: &LoadError, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(e)
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(i) = self.item_index {
            write!(f, ": item {i}")?;
        }
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, " (line {l}, column {c})")?,
            (Some(l), None) => write!(f, " (line {l})")?,
            _ => {}
        }
        write!(f, ": {}", self.error)
    }
}

impl Problem {
    pub fn file(file: &Arc<str>, error: LoadError) -> Self {
        Self {
            file: Arc::clone(file),
            item_index: None,
            line: None,
            column: None,
            error,
        }
    }

    pub(crate) fn json(file: &Arc<str>, err: &serde_json::Error) -> Self {
        Self {
            line: Some(err.line()),
            column: Some(err.column()),
            ..Self::file(file, LoadError::InvalidJson(strip_position(err)))
        }
    }

    /// The same problem, at record `index` of the file.
    pub fn at_index(mut self, index: usize) -> Self {
        self.item_index = Some(index);
        self
    }

    pub(crate) fn at(mut self, item_index: usize, position: Option<(usize, usize)>) -> Self {
        self.item_index = Some(item_index);
        if let Some((line, column)) = position {
            self.line = Some(line);
            self.column = Some(column);
        }
        self
    }
}

/// serde_json appends " at line L column C"; we report those separately.
pub(crate) fn strip_position(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}
