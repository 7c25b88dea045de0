//! The result of a check: sorted evaluations, per-rule summaries and problems. It is the
//! only input of the reporters in `output/`, and is serialisable as the stable JSON
//! format documented in the README.

mod evaluations;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;

pub use evaluations::{Evaluation, Evaluations, EvidenceList, EvidenceRef, RuleNames, Subject};

use crate::rules::{Compliance, Severity};

/// How a selected rule was handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleStatus {
    /// Evaluated by a built-in or user rule.
    Evaluated,
    /// Needs data configuration items lack; every verdict is INSUFFICIENT_DATA.
    NeedsExternalData,
    /// A conformance-pack process check (`AWS_CONFIG_PROCESS_CHECK`): manual.
    Manual,
    /// A `CUSTOM_LAMBDA` rule: its code is not available offline.
    NotEvaluable,
    /// A `CUSTOM_POLICY` rule we cannot run.
    Unsupported,
    /// A managed identifier cfgaudit does not implement.
    NotImplemented,
    /// The rule failed to run (a user script error); see problems.
    Error,
}

impl RuleStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Evaluated => "evaluated",
            Self::NeedsExternalData => "needs external data",
            Self::Manual => "manual",
            Self::NotEvaluable => "not evaluable offline",
            Self::Unsupported => "unsupported",
            Self::NotImplemented => "not implemented",
            Self::Error => "error",
        }
    }
}

/// Verdict counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub compliant: usize,
    pub non_compliant: usize,
    pub not_applicable: usize,
    pub insufficient_data: usize,
    pub error: usize,
}

impl Counts {
    pub fn add(&mut self, c: Compliance) {
        match c {
            Compliance::Compliant => self.compliant += 1,
            Compliance::NonCompliant => self.non_compliant += 1,
            Compliance::NotApplicable => self.not_applicable += 1,
            Compliance::InsufficientData => self.insufficient_data += 1,
            Compliance::Error => self.error += 1,
        }
    }
}

/// One selected rule and how it went.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleSummary {
    pub identifier: Arc<str>,
    pub rule_name: Arc<str>,
    /// The name a conformance pack gave the rule, when it came from a pack.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config_rule_name: Option<Arc<str>>,
    pub severity: Severity,
    pub status: RuleStatus,
    /// Why the rule was not evaluated, or the process check's description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub counts: Counts,
}

/// A problem that makes the run incomplete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportProblem {
    /// `input`, `parameters`, `rule` or `pack`.
    pub kind: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub rules: usize,
    pub resources: usize,
    pub evaluations: usize,
    #[serde(flatten)]
    pub counts: Counts,
    /// Non-compliant evaluations per severity.
    pub non_compliant_by_severity: BTreeMap<Severity, usize>,
}

/// Everything a reporter needs, sorted so output is deterministic.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    evaluations: Evaluations,
    pub summary: Summary,
    pub rules: Vec<RuleSummary>,
    pub problems: Vec<ReportProblem>,
    /// The evaluation time.
    pub evaluated_at: DateTime<Utc>,
}

impl Report {
    /// Fills in the summary. `evaluations` come in report order (see
    /// [`Evaluation::sort_key`]) and `rules` with their counts, as the engine produces
    /// them; the rules are put in order here.
    pub fn new(
        evaluations: Evaluations,
        mut rules: Vec<RuleSummary>,
        problems: Vec<ReportProblem>,
        resources: usize,
        evaluated_at: DateTime<Utc>,
    ) -> Self {
        debug_assert!(
            evaluations
                .iter()
                .is_sorted_by(|a, b| a.sort_key() <= b.sort_key()),
            "evaluations out of report order"
        );
        let mut summary = Summary {
            rules: rules.len(),
            resources,
            evaluations: evaluations.len(),
            ..Summary::default()
        };
        for (compliance, severity) in evaluations.verdicts() {
            summary.counts.add(compliance);
            if compliance == Compliance::NonCompliant {
                *summary
                    .non_compliant_by_severity
                    .entry(severity)
                    .or_default() += 1;
            }
        }
        rules.sort_by(|a, b| {
            a.identifier
                .cmp(&b.identifier)
                .then(a.config_rule_name.cmp(&b.config_rule_name))
        });
        Self {
            evaluations,
            summary,
            rules,
            problems,
            evaluated_at,
        }
    }

    /// Every evaluation, in report order.
    pub fn evaluations(&self) -> impl ExactSizeIterator<Item = Evaluation<'_>> + Clone + '_ {
        self.evaluations.iter()
    }

    pub fn is_complete(&self) -> bool {
        self.problems.is_empty()
    }

    pub fn non_compliant(&self) -> impl Iterator<Item = Evaluation<'_>> + '_ {
        self.evaluations.with_compliance(Compliance::NonCompliant)
    }
}
