//! The result of a check: sorted evaluations, per-rule summaries and problems. It is the
//! only input of the reporters in `output/`, and is serialisable as the stable JSON
//! format documented in the README.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::rules::{Compliance, Evidence, Severity};

/// One verdict on one resource, shaped like AWS `PutEvaluations` plus our fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    pub identifier: Arc<str>,
    pub rule_name: Arc<str>,
    pub resource_type: Arc<str>,
    pub resource_id: Arc<str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_name: Option<Arc<str>>,
    pub aws_account_id: Arc<str>,
    pub aws_region: Arc<str>,
    pub compliance_type: Compliance,
    pub annotation: String,
    pub evidence: Vec<Evidence>,
    /// The capture time of the evaluated item (account rules: the evaluation time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ordering_timestamp: Option<Arc<str>>,
    pub severity: Severity,
    /// The input file the evaluated item came from (for SARIF locations).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Arc<str>>,
}

impl Evaluation {
    /// Report order: rule identifier and name, then resource type, id, account, Region.
    pub fn sort_key(&self) -> (&str, &str, &str, &str, &str, &str) {
        (
            &self.identifier,
            &self.rule_name,
            &self.resource_type,
            &self.resource_id,
            &self.aws_account_id,
            &self.aws_region,
        )
    }
}

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
    pub evaluations: Vec<Evaluation>,
    pub summary: Summary,
    pub rules: Vec<RuleSummary>,
    pub problems: Vec<ReportProblem>,
    /// The evaluation time.
    pub evaluated_at: DateTime<Utc>,
}

impl Report {
    /// Fills in the summary. `evaluations` come in report order (see
    /// [`Evaluation::sort_key`]) and `rules`
    /// with their counts, as the engine produces them; the rules are put in order here.
    pub fn new(
        evaluations: Vec<Evaluation>,
        mut rules: Vec<RuleSummary>,
        problems: Vec<ReportProblem>,
        resources: usize,
        evaluated_at: DateTime<Utc>,
    ) -> Self {
        debug_assert!(
            evaluations.is_sorted_by(|a, b| a.sort_key() <= b.sort_key()),
            "evaluations out of report order"
        );
        let mut summary = Summary {
            rules: rules.len(),
            resources,
            evaluations: evaluations.len(),
            ..Summary::default()
        };
        for e in &evaluations {
            summary.counts.add(e.compliance_type);
            if e.compliance_type == Compliance::NonCompliant {
                *summary
                    .non_compliant_by_severity
                    .entry(e.severity)
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

    pub fn is_complete(&self) -> bool {
        self.problems.is_empty()
    }

    pub fn non_compliant(&self) -> impl Iterator<Item = &Evaluation> {
        self.evaluations
            .iter()
            .filter(|e| e.compliance_type == Compliance::NonCompliant)
    }
}
