//! Reads AWS Config data in every delivery format into [`ConfigItem`]s.
//!
//! This module owns files, gzip, format detection and field-name reconciliation. It
//! never knows about rules. Bad input never panics: every problem becomes a [`Problem`]
//! naming the file (and item, line and column where known) and the rest still loads.

mod api;
mod config_file;
mod detect;
mod error;
mod intern;
mod item;
mod notification;
mod stream;
mod walk;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::value::RawValue;

pub use error::{LoadError, Problem};
use intern::Interner;
use item::{Context, ItemIssues};
pub use item::{UNKNOWN_SELECT_TYPE, type_from_arn};
pub use walk::{S3Location, expand_paths, s3_location};

use crate::model::{ConfigItem, Format, SharedText};

/// What a file turned out to hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Content {
    /// Configuration items in the given format.
    Items { format: Format },
    /// A notification that carries no item (delivery started/completed, scheduled …).
    Message {
        #[serde(rename = "messageType")]
        message_type: String,
    },
    /// A CloudTrail log file (`{"Records": […]}`): not configuration, read by timelines.
    CloudTrail { records: usize },
    /// Nothing usable; see the file's problems.
    Unrecognized,
}

impl Content {
    pub fn label(&self) -> String {
        match self {
            Self::Items { format } => format.to_string(),
            Self::Message { message_type } => format!("message: {message_type}"),
            Self::CloudTrail { records } => format!("cloudtrail ({records} records)"),
            Self::Unrecognized => "unrecognized".to_owned(),
        }
    }
}

/// One file read: what it held and how many items came out of it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileReport {
    pub path: Arc<str>,
    pub bytes: u64,
    pub gzip: bool,
    pub content: Vec<Content>,
    pub items: usize,
    pub problems: usize,
}

/// Everything read from a set of inputs.
#[derive(Debug, Default)]
pub struct Loaded {
    pub items: Vec<ConfigItem>,
    pub files: Vec<FileReport>,
    pub problems: Vec<Problem>,
    /// Decompressed text of CloudTrail files met on the way, for the timeline.
    pub cloudtrail: Vec<(Arc<str>, SharedText)>,
}

impl Loaded {
    pub fn is_complete(&self) -> bool {
        self.problems.is_empty()
    }

    fn absorb(&mut self, mut other: Self) {
        // Move the first file's items instead of copying them into an empty vector.
        if self.items.is_empty() {
            std::mem::swap(&mut self.items, &mut other.items);
        } else {
            self.items.append(&mut other.items);
        }
        self.files.extend(other.files);
        self.problems.extend(other.problems);
        self.cloudtrail.extend(other.cloudtrail);
    }
}

/// Accumulates what one document yields.
pub(crate) struct Outcome<'i> {
    pub(crate) interner: &'i Interner,
    pub(crate) items: Vec<ConfigItem>,
    pub(crate) problems: Vec<Problem>,
    pub(crate) content: Vec<Content>,
    pub(crate) cloudtrail_records: Option<usize>,
}

impl<'i> Outcome<'i> {
    fn new(interner: &'i Interner) -> Self {
        Self {
            interner,
            items: Vec::new(),
            problems: Vec::new(),
            content: Vec::new(),
            cloudtrail_records: None,
        }
    }

    pub(crate) fn items_found(&mut self, cx: &Context, _count: usize) {
        let content = Content::Items { format: cx.format };
        if !self.content.contains(&content) {
            self.content.push(content);
        }
    }

    pub(crate) fn message(&mut self, _cx: &Context, message_type: &str) {
        self.content.push(Content::Message {
            message_type: if message_type.is_empty() {
                "(no messageType)".to_owned()
            } else {
                message_type.to_owned()
            },
        });
    }

    pub(crate) fn cloudtrail(&mut self, _cx: &Context, records: &RawValue) {
        let count = serde_json::from_str::<Vec<&RawValue>>(records.get()).map_or(0, |v| v.len());
        self.cloudtrail_records = Some(count);
        self.content.push(Content::CloudTrail { records: count });
    }

    pub(crate) fn unknown(&mut self, cx: &Context, why: &str) {
        self.content.push(Content::Unrecognized);
        self.problems.push(Problem::file(
            &cx.file,
            LoadError::UnknownFormat(why.to_owned()),
        ));
    }

    /// Keeps a read item, or records why it was skipped, with its line and column.
    pub(crate) fn accept(
        &mut self,
        text: &SharedText,
        raw: &RawValue,
        index: usize,
        cx: &Context,
        result: Result<(ConfigItem, ItemIssues), LoadError>,
    ) {
        let position = || line_column(text, raw);
        if let Some(item) = accepted(&mut self.problems, &cx.file, position, index, result) {
            self.items.push(item);
        }
    }
}

/// The item of a read result; its issues, or why it was skipped, go to `problems` with
/// the item's index and position (computed only then: it counts lines from the start).
pub(crate) fn accepted(
    problems: &mut Vec<Problem>,
    file: &Arc<str>,
    position: impl Fn() -> Option<(usize, usize)>,
    index: usize,
    result: Result<(ConfigItem, ItemIssues), LoadError>,
) -> Option<ConfigItem> {
    match result {
        Ok((item, issues)) => {
            for issue in issues {
                problems.push(Problem::file(file, issue).at(index, position()));
            }
            Some(item)
        }
        Err(e) => {
            problems.push(Problem::file(file, e).at(index, position()));
            None
        }
    }
}

/// 1-based line and column of `raw` inside `text`, when it is a slice of it.
pub(crate) fn line_column(text: &str, raw: &RawValue) -> Option<(usize, usize)> {
    let offset = (raw.get().as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    (offset <= text.len()).then(|| line_column_at(text, offset))
}

/// 1-based line and column of a byte offset of `text`.
pub(crate) fn line_column_at(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line = before.split(|&b| b == b'\n').count();
    let column = before.len()
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
        + 1;
    (line, column)
}

/// Loads every path (files, directories walked recursively, `-` for standard input).
/// Files are read in parallel; the result is in path order.
pub fn load_paths(paths: &[PathBuf], progress: &(dyn Fn(u64) + Sync)) -> Loaded {
    let interner = Interner::default();
    let (files, mut problems) = expand_paths(paths);
    let parts: Vec<Loaded> = files
        .par_iter()
        .map(|path| {
            let loaded = load_file(path, &interner);
            progress(loaded.files.first().map_or(0, |f| f.bytes));
            loaded
        })
        .collect();
    let mut all = Loaded::default();
    all.problems.append(&mut problems);
    for part in parts {
        all.absorb(part);
    }
    all
}

/// Reads a file whole. A big one is read in one piece per thread: reading a file the
/// page cache holds is copying it, which one thread does at 1.5–2 GB/s on the machines
/// we measured, so a 200 MB snapshot took a tenth of a second before parsing could start.
fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        // Tests read small files in pieces too.
        const PIECE: usize = if cfg!(test) { 1 << 10 } else { 16 << 20 };
        let file = std::fs::File::open(path)?;
        let len = usize::try_from(file.metadata()?.len()).unwrap_or(usize::MAX);
        let threads = rayon::current_num_threads();
        if threads > 1 && len >= 2 * PIECE && len < isize::MAX as usize {
            let mut buf = vec![0; len];
            let piece = len.div_ceil(threads).max(PIECE);
            let pieces = buf
                .par_chunks_mut(piece)
                .enumerate()
                .try_for_each(|(k, chunk)| file.read_exact_at(chunk, (k * piece) as u64));
            // A file that changed size while it was read is read again, whole, as
            // `fs::read` reads it (which also gives the error of a file that fails).
            if pieces.is_ok() && file.read_at(&mut [0], len as u64).is_ok_and(|n| n == 0) {
                return Ok(buf);
            }
        }
    }
    std::fs::read(path)
}

/// Loads one path (a file, or `-` for standard input).
fn load_file(path: &Path, interner: &Interner) -> Loaded {
    let name: Arc<str> = if path == Path::new("-") {
        Arc::from("<stdin>")
    } else {
        Arc::from(path.display().to_string())
    };
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map(|_| buf)
    } else {
        read_file(path)
    };
    match bytes {
        Ok(bytes) => load_bytes_with(&name, bytes, s3_location(path).as_ref(), interner),
        Err(e) => {
            let mut loaded = Loaded::default();
            loaded
                .problems
                .push(Problem::file(&name, LoadError::Io(e.to_string())));
            loaded.files.push(FileReport {
                path: name,
                bytes: 0,
                gzip: false,
                content: vec![Content::Unrecognized],
                items: 0,
                problems: 1,
            });
            loaded
        }
    }
}

/// Loads one file already read into memory exactly as [`load_paths`] would: it is named
/// by the path as given, and an S3 layout in the path supplies the account and Region.
pub fn load_path_bytes(path: &Path, bytes: Vec<u8>) -> Loaded {
    let name: Arc<str> = Arc::from(path.display().to_string());
    load_bytes_with(
        &name,
        bytes,
        s3_location(path).as_ref(),
        &Interner::default(),
    )
}

/// Rebuilds items from their raw JSON text (as [`ConfigItem::raw`] gave it) and where
/// they came from, for the history store. Account and Region strings are shared.
#[derive(Debug, Default)]
pub struct RawItemReader {
    interner: Interner,
}

impl RawItemReader {
    /// Reads `raw` as the item at `origin`. `account` and `region` are what the item was
    /// keyed under when first read: they stand in for what the container supplied (an S3
    /// path, an EventBridge envelope), so the key comes out the same.
    pub fn read(
        &self,
        raw: &str,
        origin: &crate::model::Origin,
        account: &str,
        region: &str,
    ) -> Result<ConfigItem, LoadError> {
        let text: SharedText = Arc::new(raw.to_owned());
        let value: &RawValue =
            serde_json::from_str(&text).map_err(|e| LoadError::InvalidJson(e.to_string()))?;
        let cx = Context {
            file: Arc::clone(&origin.file),
            format: origin.format,
            account: Some(self.interner.intern(account)),
            region: Some(self.interner.intern(region)),
            snapshot_id: origin.snapshot_id.clone(),
        };
        item::read_item(&text, value, origin.index, &cx, &self.interner).map(|(item, _)| item)
    }
}

/// Loads a document from memory. `name` is what problems call it.
pub fn load_bytes(name: &str, bytes: Vec<u8>) -> Loaded {
    load_bytes_with(&Arc::from(name), bytes, None, &Interner::default())
}

fn load_bytes_with(
    name: &Arc<str>,
    bytes: Vec<u8>,
    location: Option<&S3Location>,
    interner: &Interner,
) -> Loaded {
    let size = bytes.len() as u64;
    let gzip = bytes.starts_with(&[0x1f, 0x8b]);
    let mut out = Outcome::new(interner);
    let text = decode(name, bytes, gzip).and_then(|text| {
        if text.trim().is_empty() {
            Err(Problem::file(name, LoadError::Empty))
        } else {
            Ok(text)
        }
    });
    let mut cloudtrail = Vec::new();
    match text {
        Err(problem) => out.problems.push(problem),
        Ok(text) => {
            let cx = Context {
                file: Arc::clone(name),
                format: Format::SingleItem,
                account: location.map(|l| interner.intern(&l.account)),
                region: location.map(|l| interner.intern(&l.region)),
                snapshot_id: None,
            };
            // Snapshots and history files take the one-pass path; other documents are
            // routed from their text (parsing it first as a `&RawValue` would cost one
            // more pass over the file).
            if !stream::read_item_document(&text, &cx, &mut out) {
                detect::route(&text, &text, &cx, 0, &mut out);
            }
            if out.cloudtrail_records.is_some() {
                cloudtrail.push((Arc::clone(name), Arc::clone(&text)));
            }
        }
    }
    if out.content.is_empty() {
        out.content.push(Content::Unrecognized);
    }
    Loaded {
        files: vec![FileReport {
            path: Arc::clone(name),
            bytes: size,
            gzip,
            content: out.content,
            items: out.items.len(),
            problems: out.problems.len(),
        }],
        items: out.items,
        problems: out.problems,
        cloudtrail,
    }
}

/// Gunzips (by magic bytes, never by extension) into one buffer, then checks UTF-8.
/// Inflating into a buffer and parsing from it measured 2.3–2.6× faster than parsing
/// through the decoder. The buffer becomes the shared text without a copy.
fn decode(name: &Arc<str>, bytes: Vec<u8>, gzip: bool) -> Result<SharedText, Problem> {
    let bytes = if gzip {
        inflate(&bytes).map_err(|e| Problem::file(name, LoadError::Gzip(e.to_string())))?
    } else {
        bytes
    };
    let mut text = String::from_utf8(bytes)
        .map_err(|e| Problem::file(name, LoadError::NotUtf8(e.utf8_error().to_string())))?;
    // A UTF-8 byte-order mark is not JSON; editors add one.
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(Arc::new(text))
}

/// Inflates a gzip file. The single-member files AWS writes are inflated in one call by
/// libdeflate into a buffer of the size their trailer gives (measured 1.7× faster than
/// flate2's stream at 100k items); the result counts only when it also matches the
/// file's last trailer, so a file of several members, or with data after its member,
/// streams through flate2 like any file libdeflate rejects (whose error is flate2's).
fn inflate(gz: &[u8]) -> std::io::Result<Vec<u8>> {
    if let Some((crc, size)) = trailer(gz) {
        let mut out = vec![0; size];
        // The buffer's pages are faulted in on every thread first: the kernel's zeroing
        // of fresh pages was a third of the one-call time at 200 MB, on one thread.
        out.par_chunks_mut(1 << 20)
            .for_each(|chunk| chunk.iter_mut().step_by(4096).for_each(|b| *b = 0));
        let one_call = libdeflater::Decompressor::new().gzip_decompress(gz, &mut out);
        if one_call.is_ok_and(|n| n == size) && libdeflater::crc32(&out) == crc {
            return Ok(out);
        }
    }
    let mut out = Vec::with_capacity(inflated_size_hint(gz));
    flate2::bufread::MultiGzDecoder::new(gz).read_to_end(&mut out)?;
    Ok(out)
}

/// The CRC-32 and size in a gzip file's last eight bytes, when the size is plausible.
/// The size is the last member's modulo 2³²: exact for the single-member files AWS
/// writes. JSON compresses 5–30×; anything outside a generous range is a wrapped or
/// multi-member size, or not a trailer at all (a truncated file).
fn trailer(gz: &[u8]) -> Option<(u32, usize)> {
    let at = gz.len().checked_sub(8)?;
    let word = |i: usize| u32::from_le_bytes([gz[i], gz[i + 1], gz[i + 2], gz[i + 3]]);
    let size = usize::try_from(word(at + 4)).ok()?;
    (size >= gz.len() && size <= gz.len().saturating_mul(200)).then(|| (word(at), size))
}

/// The capacity to stream a gzip file into: the trailer's size, so the buffer is
/// allocated once instead of doubling (which copies, and touches up to twice the
/// memory), else a guess; the vector grows as needed.
fn inflated_size_hint(gz: &[u8]) -> usize {
    // One spare byte lets the final zero-length read find the end without growing.
    trailer(gz).map_or_else(
        || gz.len().saturating_mul(8).min(1 << 30),
        |(_, size)| size + 1,
    )
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn gzip_buffers_are_sized_from_the_trailer() {
        let text = br#"{"configurationItems":[]}"#.repeat(100);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&text).unwrap();
        let gz = gz.finish().unwrap();
        assert_eq!(inflated_size_hint(&gz), text.len() + 1);
        // A trailer that cannot be the size (truncated file, other data): the guess.
        assert_eq!(inflated_size_hint(&gz[..gz.len() - 3]), (gz.len() - 3) * 8);
        assert_eq!(inflated_size_hint(&[0x1f, 0x8b]), 16);
        let name: Arc<str> = Arc::from("x.json.gz");
        let decoded = decode(&name, gz, true).unwrap();
        assert_eq!(decoded.as_bytes(), &text[..]);
    }

    fn gzip(text: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(text).unwrap();
        gz.finish().unwrap()
    }

    #[test]
    fn every_member_of_a_gzip_file_is_inflated() {
        let first = b"{\"a\":1}\n".repeat(50);
        let second = b"{\"b\":2}\n".repeat(70);
        let both = [gzip(&first), gzip(&second)].concat();
        assert_eq!(inflate(&both).unwrap(), [&first[..], &second[..]].concat());
        // Members of equal size (the last trailer's size fits the first member too).
        let same_size = b"{\"c\":3}\n".repeat(50);
        let both = [gzip(&first), gzip(&same_size)].concat();
        assert_eq!(
            inflate(&both).unwrap(),
            [&first[..], &same_size[..]].concat()
        );
        // Data after the member is not silently dropped.
        let trailing = [gzip(&first), b"garbage".to_vec()].concat();
        assert!(inflate(&trailing).is_err());
    }

    #[test]
    fn corrupt_gzip_files_are_errors() {
        let mut gz = gzip(&b"{\"a\":1}".repeat(100));
        let middle = gz.len() / 2;
        gz[middle] ^= 0xff;
        assert!(inflate(&gz).is_err());
        let whole = gzip(&b"{\"a\":1}".repeat(100));
        assert!(inflate(&whole[..whole.len() - 1]).is_err(), "truncated");
    }

    #[test]
    fn files_read_in_pieces_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        for len in [0, 1, 2047, 2048, 100_000, 1 << 20] {
            let path = dir.path().join(format!("{len}.json"));
            let bytes: Vec<u8> = (0..len).map(|i: usize| b"{}[],:\"abc"[i % 10]).collect();
            std::fs::write(&path, &bytes).unwrap();
            assert_eq!(read_file(&path).unwrap(), bytes, "{len} bytes");
        }
        assert!(read_file(&dir.path().join("absent.json")).is_err());
    }

    #[test]
    fn a_byte_order_mark_is_dropped_in_place() {
        let name: Arc<str> = Arc::from("bom.json");
        let text = decode(&name, "\u{feff}[1]".as_bytes().to_vec(), false).unwrap();
        assert_eq!(text.as_str(), "[1]");
    }
}
