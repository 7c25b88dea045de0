//! AWS Config conformance packs, offline.
//!
//! A pack is a CloudFormation-style template (YAML or JSON) whose
//! `AWS::Config::ConfigRule` resources name managed rules by `Source.SourceIdentifier`,
//! with `InputParameters` and a `Scope`, driven by template `Parameters` and
//! `Conditions`. [`template`] parses it and resolves the intrinsics; [`plan`] maps each
//! rule to a built-in rule (or lists it as manual, not evaluable, unsupported or not
//! implemented) and builds the engine's [`Plan`](crate::engine::Plan); [`coverage`]
//! says how much of a pack cfgaudit can evaluate.
//!
//! ```no_run
//! use std::collections::BTreeMap;
//! # fn main() -> Result<(), cfgaudit::pack::PackError> {
//! let pack = cfgaudit::pack::Pack::load("CIS-v1.4-L1.yaml".as_ref())?;
//! let resolved = pack.resolve(&cfgaudit::pack::PackOptions::default())?;
//! let plan = resolved.plan();
//! # let _ = plan; Ok(()) }
//! ```

pub mod coverage;
pub mod plan;
pub mod template;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub use coverage::{Coverage, CoverageCounts, CoverageRow, CoverageStatus};
pub use plan::{Mapping, PackOptions, PackRule, ResolvedPack};
pub use template::{PackError, Template};

use crate::Inventory;

/// A loaded template and the name reports give it.
#[derive(Debug, Clone)]
pub struct Pack {
    /// The file name without extension, e.g. `Operational-Best-Practices-for-CIS-AWS-v1.4-Level1`.
    pub name: String,
    pub template: Template,
}

impl Pack {
    /// Reads a template file (YAML or JSON, detected by content).
    pub fn load(path: &Path) -> Result<Self, PackError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| PackError::Parse(format!("reading {}: {e}", path.display())))?;
        let template = Template::parse(&text).map_err(|e| match e {
            PackError::Parse(m) => PackError::Parse(format!("{}: {m}", path.display())),
            PackError::Shape(m) => PackError::Shape(format!("{}: {m}", path.display())),
            other => other,
        })?;
        Ok(Self {
            name: path.file_stem().map_or_else(
                || path.display().to_string(),
                |s| s.to_string_lossy().into_owned(),
            ),
            template,
        })
    }

    /// A pack from template text.
    pub fn parse(name: &str, text: &str) -> Result<Self, PackError> {
        Ok(Self {
            name: name.to_owned(),
            template: Template::parse(text)?,
        })
    }
}

/// Values for `AWS::AccountId` and `AWS::Region` when the inputs cover exactly one
/// account (and one Region); packs are deployed per account and Region, so with several
/// the user must say which with `--param AWS::AccountId=…`.
pub fn pseudo_from_inventory(inv: &Inventory) -> BTreeMap<String, String> {
    let mut accounts = BTreeSet::new();
    let mut regions = BTreeSet::new();
    for item in inv.resources() {
        accounts.insert(&*item.key.account);
        let r = &*item.key.region;
        if r != "global" && r != "unknown" {
            regions.insert(r);
        }
    }
    let mut out = BTreeMap::new();
    if let [account] = accounts.into_iter().collect::<Vec<_>>()[..] {
        out.insert("AWS::AccountId".to_owned(), account.to_owned());
    }
    if let [region] = regions.into_iter().collect::<Vec<_>>()[..] {
        out.insert("AWS::Region".to_owned(), region.to_owned());
    }
    out
}
