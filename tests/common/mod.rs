//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

/// `../shared/real-world/aws-config`, or `None` (with the reason printed) when the folder
/// is absent, so tests on real AWS files skip instead of failing.
pub(crate) fn real_world() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/real-world/aws-config");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

/// The real S3 ConfigSnapshot files (`s3snap-*.json`) in `dir`, sorted (oldest first).
pub(crate) fn real_snapshots(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("s3snap-"))
    });
    files.sort();
    files
}
