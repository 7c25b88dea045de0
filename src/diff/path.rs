use std::fmt::Write as _;

/// One step of a change's path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    Key(String),
    /// A list element by position (lists without identities).
    Index(usize),
    /// A list element by identity (`tcp:22-22`, `Sid=AllowRead`, `key=env`).
    Id(String),
}

/// Renders a path: `configuration.ipPermissions[tcp:22-22].ipv4Ranges[cidrIp=0.0.0.0/0]`.
pub fn render_path(path: &[Segment]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Segment::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Segment::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
            Segment::Id(id) => {
                let _ = write!(out, "[{id}]");
            }
        }
    }
    out
}
