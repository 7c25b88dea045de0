//! Expands command-line paths into files, walking directories in the S3 delivery layout
//! (`[prefix/]AWSLogs/<account>/Config/<region>/<y>/<m>/<d>/ConfigSnapshot|ConfigHistory/…`).

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::{LoadError, Problem};

/// The account and Region an S3 object key names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Location {
    pub account: String,
    pub region: String,
    /// `Config` or `CloudTrail`.
    pub service: String,
}

/// Reads `AWSLogs/<account>/<Config|CloudTrail>/<region>/…` out of a path, if it has one.
pub fn s3_location(path: &Path) -> Option<S3Location> {
    let parts: Vec<&str> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    let at = parts.iter().rposition(|p| *p == "AWSLogs")?;
    let account = parts.get(at + 1)?;
    let service = parts.get(at + 2)?;
    let region = parts.get(at + 3)?;
    (account.bytes().all(|b| b.is_ascii_digit()) && matches!(*service, "Config" | "CloudTrail"))
        .then(|| S3Location {
            account: (*account).to_owned(),
            region: (*region).to_owned(),
            service: (*service).to_owned(),
        })
}

/// AWS writes this empty object to test that it can write to the bucket.
fn is_writability_check(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("ConfigWritabilityCheckFile"))
}

/// Files a directory walk reads: JSON, gzipped JSON and JSON lines.
fn is_data_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    [".json", ".json.gz", ".gz", ".jsonl"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Expands paths: files as given, directories recursively in sorted order, `-` as is.
/// Files named explicitly are always read; in directories only data files are.
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path == Path::new("-") {
            files.push(path.clone());
        } else if path.is_dir() {
            walk(path, &mut files, &mut problems);
        } else if path.exists() {
            if !is_writability_check(path) {
                files.push(path.clone());
            }
        } else {
            problems.push(Problem::file(
                &Arc::from(path.display().to_string()),
                LoadError::Io("no such file or directory".to_owned()),
            ));
        }
    }
    (files, problems)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, problems: &mut Vec<Problem>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(Problem::file(
                &Arc::from(dir.display().to_string()),
                LoadError::Io(e.to_string()),
            ));
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for child in children {
        let hidden = child
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if child.is_dir() {
            walk(&child, files, problems);
        } else if is_data_file(&child) && !is_writability_check(&child) {
            files.push(child);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_account_and_region_from_unpadded_keys_with_prefix() {
        let p = Path::new(
            "org-1/AWSLogs/123456789012/Config/us-east-2/2016/9/27/ConfigSnapshot/x.json.gz",
        );
        let loc = s3_location(p).unwrap();
        assert_eq!(loc.account, "123456789012");
        assert_eq!(loc.region, "us-east-2");
        assert_eq!(loc.service, "Config");
        assert!(s3_location(Path::new("plain/file.json")).is_none());
    }

    #[test]
    fn skips_the_writability_check_file() {
        assert!(is_writability_check(Path::new(
            "AWSLogs/1/Config/ConfigWritabilityCheckFile"
        )));
        assert!(!is_data_file(Path::new("README.md")));
        assert!(is_data_file(Path::new(
            "a_ConfigHistory_AWS::EC2::Instance_1.json.gz"
        )));
    }
}
