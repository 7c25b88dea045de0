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
