//! The normalized configuration item and the values it is made of.
//!
//! Every input format ends up here; nothing in this module knows about files, rules or
//! output. Fields that are expensive to decode (`configuration`,
//! `supplementaryConfiguration`, tags derived from them) are decoded lazily, once, from
//! the bytes the loader kept, so loading stays close to the cost of a skeleton parse.

mod item;
mod json;
mod key;
mod normalize;
mod relationship;
mod section;
mod time;

pub use item::{ConfigItem, Decoded, Format, ItemParts, ItemStatus, Origin, StateId, lookup};
pub use json::{RawJson, RawKind, SharedText};
pub use key::ResourceKey;
pub use relationship::{Relationship, Verb};
pub use section::{LoadedSection, decoded_bytes};
pub(crate) use time::format_instant;
pub use time::{Timestamp, parse_timestamp, parse_timestamp_value};

pub use normalize::{tags_from_value, url_decode_policy};
