//! The rule catalogue (`managed-rules/README.md`) and each rule's page
//! (`managed-rules/<name>/README.md`) are generated from the rule sources. This test fails
//! when they are out of date; `UPDATE_CATALOGUE=1 cargo test --test catalogue` rewrites them.

#![allow(clippy::unwrap_used, reason = "test helpers may panic")]

use std::path::Path;

use cfgaudit::{catalogue, rules};

fn check(path: &Path, expected: &str, stale: &mut Vec<String>) {
    if std::env::var_os("UPDATE_CATALOGUE").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, expected).unwrap();
    } else if std::fs::read_to_string(path).ok().as_deref() != Some(expected) {
        stale.push(path.display().to_string());
    }
}

#[test]
fn generated_docs_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("managed-rules");
    let mut stale = Vec::new();
    check(
        &root.join("README.md"),
        &catalogue::render_index(),
        &mut stale,
    );
    for rule in rules::registry() {
        let meta = rule.meta();
        check(
            &root.join(meta.name).join("README.md"),
            &catalogue::render_page(meta),
            &mut stale,
        );
    }
    assert!(
        stale.is_empty(),
        "out of date (run `UPDATE_CATALOGUE=1 cargo test --test catalogue`):\n{}",
        stale.join("\n")
    );
}
