//! How much of a pack cfgaudit can evaluate: per rule, implemented / needs external data /
//! manual / not evaluable offline / unsupported / not implemented.

use std::collections::BTreeSet;

use serde::Serialize;

use super::plan::{Mapping, ResolvedPack};
use crate::rules::Fidelity;

/// One rule's coverage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CoverageStatus {
    /// A built-in rule evaluates it from configuration items.
    Implemented,
    /// A built-in rule exists but needs data AWS Config does not record: INSUFFICIENT_DATA.
    NeedsExternalData,
    /// A process check (`AWS_CONFIG_PROCESS_CHECK`): a manual attestation.
    Manual,
    /// A `CUSTOM_LAMBDA` rule.
    NotEvaluable,
    /// A `CUSTOM_POLICY` rule.
    Unsupported,
    /// A managed identifier cfgaudit does not implement.
    NotImplemented,
    /// The rule could not be resolved from the template.
    Invalid,
}

impl CoverageStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Implemented => "implemented",
            Self::NeedsExternalData => "needs external data",
            Self::Manual => "manual",
            Self::NotEvaluable => "not evaluable offline",
            Self::Unsupported => "unsupported",
            Self::NotImplemented => "not implemented",
            Self::Invalid => "invalid",
        }
    }
}

/// One rule of the pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CoverageRow {
    pub logical_id: String,
    pub config_rule_name: String,
    /// The managed identifier (`CUSTOM_LAMBDA`/`CUSTOM_POLICY` for custom rules).
    pub identifier: String,
    pub status: CoverageStatus,
    /// The built-in rule's name, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub builtin: Option<&'static str>,
    /// The process check's description, the external data needed, or why not evaluable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// What would make `check` incomplete for this rule (e.g. a rejected parameter).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// Rules per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CoverageCounts {
    pub rules: usize,
    pub implemented: usize,
    pub needs_external_data: usize,
    pub manual: usize,
    pub not_evaluable: usize,
    pub unsupported: usize,
    pub not_implemented: usize,
    pub invalid: usize,
    /// Distinct `Owner: AWS` identifiers other than process checks.
    pub managed_identifiers: usize,
}

/// A pack's coverage report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Coverage {
    pub pack: String,
    pub counts: CoverageCounts,
    /// Sorted by status, then ConfigRuleName.
    pub rules: Vec<CoverageRow>,
    /// Rules whose `Condition` is false.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
    /// Resources other than rules (remediations), which cfgaudit ignores.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ignored_resources: Vec<String>,
}

impl Coverage {
    /// Whether every rule resolved and its parameters were accepted.
    pub fn is_clean(&self) -> bool {
        self.rules.iter().all(|r| r.problem.is_none())
    }
}

impl ResolvedPack {
    pub fn coverage(&self) -> Coverage {
        let mut counts = CoverageCounts::default();
        let mut managed = BTreeSet::new();
        let mut rows: Vec<CoverageRow> = self
            .rules
            .iter()
            .map(|r| {
                let (status, builtin, note) = match &r.mapping {
                    Mapping::Builtin { rule, .. } => {
                        let m = rule.meta();
                        match m.fidelity {
                            Fidelity::Unsupported(why) => (
                                CoverageStatus::NeedsExternalData,
                                Some(m.name),
                                Some(why.to_owned()),
                            ),
                            Fidelity::Approximate(how) => (
                                CoverageStatus::Implemented,
                                Some(m.name),
                                Some(format!("approximate: {how}")),
                            ),
                            Fidelity::Exact => (CoverageStatus::Implemented, Some(m.name), None),
                        }
                    }
                    Mapping::ProcessCheck => (CoverageStatus::Manual, None, Some(r.note())),
                    Mapping::NotImplemented => (CoverageStatus::NotImplemented, None, None),
                    Mapping::CustomLambda => (CoverageStatus::NotEvaluable, None, Some(r.note())),
                    Mapping::CustomPolicy { .. } => {
                        (CoverageStatus::Unsupported, None, Some(r.note()))
                    }
                    Mapping::Invalid => (CoverageStatus::Invalid, None, None),
                };
                if matches!(r.mapping, Mapping::Builtin { .. } | Mapping::NotImplemented) {
                    managed.insert(r.identifier().to_owned());
                }
                let c = match status {
                    CoverageStatus::Implemented => &mut counts.implemented,
                    CoverageStatus::NeedsExternalData => &mut counts.needs_external_data,
                    CoverageStatus::Manual => &mut counts.manual,
                    CoverageStatus::NotEvaluable => &mut counts.not_evaluable,
                    CoverageStatus::Unsupported => &mut counts.unsupported,
                    CoverageStatus::NotImplemented => &mut counts.not_implemented,
                    CoverageStatus::Invalid => &mut counts.invalid,
                };
                *c += 1;
                CoverageRow {
                    logical_id: r.logical_id.clone(),
                    config_rule_name: r.config_rule_name.clone(),
                    identifier: r.identifier().to_owned(),
                    status,
                    builtin,
                    note,
                    problem: self.problem_message(r),
                }
            })
            .collect();
        rows.sort_by(|a, b| {
            (a.status, &a.config_rule_name, &a.logical_id).cmp(&(
                b.status,
                &b.config_rule_name,
                &b.logical_id,
            ))
        });
        counts.rules = rows.len();
        counts.managed_identifiers = managed.len();
        Coverage {
            pack: self.name.clone(),
            counts,
            rules: rows,
            skipped: self.skipped.clone(),
            ignored_resources: self
                .ignored
                .iter()
                .map(|(id, ty)| format!("{id} ({ty})"))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::{Pack, PackOptions};

    #[test]
    fn counts_per_status() {
        let p = Pack::parse(
            "t",
            "Resources:
  A:
    Type: AWS::Config::ConfigRule
    Properties: {Source: {Owner: AWS, SourceIdentifier: INCOMING_SSH_DISABLED}}
  A2:
    Type: AWS::Config::ConfigRule
    Properties: {Source: {Owner: AWS, SourceIdentifier: INCOMING_SSH_DISABLED}}
  B:
    Type: AWS::Config::ConfigRule
    Properties: {Source: {Owner: AWS, SourceIdentifier: MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS}}
  C:
    Type: AWS::Config::ConfigRule
    Properties: {Source: {Owner: AWS, SourceIdentifier: AWS_CONFIG_PROCESS_CHECK}}
  D:
    Type: AWS::Config::ConfigRule
    Properties: {Source: {Owner: AWS, SourceIdentifier: NOT_A_REAL_RULE_IDENTIFIER}}
  E:
    Type: AWS::Config::ConfigRule
    Properties: {Source: {Owner: CUSTOM_LAMBDA, SourceIdentifier: arn}}
  F:
    Type: AWS::Config::ConfigRule
    Properties: {Source: {Owner: CUSTOM_POLICY}}
  G:
    Type: AWS::Config::ConfigRule
    Properties: {Source: {Owner: AWS, SourceIdentifier: {Ref: Missing}}}
",
        )
        .unwrap();
        let c = p.resolve(&PackOptions::default()).unwrap().coverage();
        assert_eq!(
            c.counts,
            CoverageCounts {
                rules: 8,
                implemented: 2,
                needs_external_data: 1,
                manual: 1,
                not_evaluable: 1,
                unsupported: 1,
                not_implemented: 1,
                invalid: 1,
                managed_identifiers: 3,
            }
        );
        assert!(!c.is_clean());
        let g = c.rules.iter().find(|r| r.logical_id == "G").unwrap();
        assert!(g.problem.as_deref().unwrap().contains("Missing"), "{g:?}");
    }
}
