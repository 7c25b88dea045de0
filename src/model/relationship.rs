use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// The verb of a relationship name, read from the point of view of the item holding it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verb {
    Contains,
    IsContainedIn,
    IsAttachedTo,
    IsAssociatedWith,
    Other,
}

impl Verb {
    /// Reads the verb from a relationship name such as `"Is contained in Vpc"`, the
    /// truncated `"Is associated with "` of newer types, or a name with its spaces
    /// stripped. The suffix is a label, not a type, and is never parsed (§7.1).
    pub fn from_name(name: &str) -> Self {
        // This runs for every relationship of every item: the ASCII names AWS writes are
        // folded once into a small buffer (the longest prefix is 16 letters).
        let mut buf = [0u8; 16];
        let mut len = 0;
        let folded: &[u8] = if name.is_ascii() {
            for b in name.bytes() {
                if b.is_ascii_whitespace() || b == 0x0b {
                    continue;
                }
                if len == buf.len() {
                    break;
                }
                buf[len] = b.to_ascii_lowercase();
                len += 1;
            }
            &buf[..len]
        } else {
            let text: String = name
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            return Self::from_folded(text.as_bytes());
        };
        Self::from_folded(folded)
    }

    fn from_folded(folded: &[u8]) -> Self {
        if folded.starts_with(b"iscontainedin") {
            Self::IsContainedIn
        } else if folded.starts_with(b"contains") {
            Self::Contains
        } else if folded.starts_with(b"isattachedto") {
            Self::IsAttachedTo
        } else if folded.starts_with(b"isassociatedwith") {
            Self::IsAssociatedWith
        } else {
            Self::Other
        }
    }

    /// The verb the other end would record: AWS records most edges on both ends
    /// (`Contains` ↔ `Is contained in`; the others are symmetric).
    pub fn inverse(self) -> Self {
        match self {
            Self::Contains => Self::IsContainedIn,
            Self::IsContainedIn => Self::Contains,
            other => other,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Contains => "contains",
            Self::IsContainedIn => "is-contained-in",
            Self::IsAttachedTo => "is-attached-to",
            Self::IsAssociatedWith => "is-associated-with",
            Self::Other => "other",
        }
    }

    /// Parses the kebab-case form used on the command line and in scripts.
    pub fn parse(s: &str) -> Option<Self> {
        match Self::from_name(&s.replace(['-', '_'], "")) {
            Self::Other if !s.eq_ignore_ascii_case("other") => None,
            v => Some(v),
        }
    }
}

impl fmt::Display for Verb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One relationship as recorded on a configuration item, normalized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Relationship {
    pub verb: Verb,
    pub resource_type: Arc<str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<Box<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_name: Option<Box<str>>,
    /// The name exactly as AWS wrote it (`name` or `relationshipName`).
    pub name: Box<str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_full_truncated_and_squashed_names() {
        assert_eq!(Verb::from_name("Is contained in Vpc"), Verb::IsContainedIn);
        assert_eq!(
            Verb::from_name("Is associated with "),
            Verb::IsAssociatedWith
        );
        assert_eq!(Verb::from_name("Contains "), Verb::Contains);
        assert_eq!(
            Verb::from_name("Is attached to ElasticIp"),
            Verb::IsAttachedTo
        );
        assert_eq!(
            Verb::from_name("IsassociatedwithSecurityGroup"),
            Verb::IsAssociatedWith
        );
        assert_eq!(Verb::from_name("Attached Volume"), Verb::Other);
        assert_eq!(
            Verb::from_name("Is\u{a0}contained in Vpc"),
            Verb::IsContainedIn
        );
        assert_eq!(Verb::from_name("IS\x0bATTACHED TO"), Verb::IsAttachedTo);
        assert_eq!(Verb::from_name("Is associated wit"), Verb::Other);
        assert_eq!(Verb::from_name(""), Verb::Other);
        assert_eq!(Verb::parse("is-contained-in"), Some(Verb::IsContainedIn));
        assert_eq!(Verb::parse("nope"), None);
    }
}
