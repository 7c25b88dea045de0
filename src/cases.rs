//! Rule test cases: the format shared by the built-in rule fixtures
//! (`managed-rules/<rule-name>/*.json`) and user rules (`cfgaudit test`).
//!
//! ```json
//! {
//!   "description": "SSH open to ::/0",
//!   "parameters": { "blockedPort3": "3389" },
//!   "now": "2026-01-01T00:00:00Z",
//!   "input": { "fileVersion": "1.0", "configurationItems": [ … ] },
//!   "expect": [ { "resourceId": "sg-0a1b", "compliance": "NON_COMPLIANT" } ]
//! }
//! ```
//! `input` is any supported input format (the real loader runs); `inputFile` names a
//! file relative to the case instead. `expect` is exhaustive: a missing, wrong or extra
//! evaluation fails the case. A case of invalid parameters gives `"parameterError"`, a
//! substring of the validation error, and an empty `expect`: such a rule never runs.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

use crate::engine::{Plan, RuleRef, Selected};
use crate::load;
use crate::report::{Evaluation, Report};
use crate::rules::{Compliance, Severity, ValidParams};
use crate::{Inventory, engine};

/// One expected verdict.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Expectation {
    pub resource_id: String,
    #[serde(default)]
    pub resource_type: Option<String>,
    pub compliance: Compliance,
    /// A substring the annotation must contain.
    #[serde(default)]
    pub annotation: Option<String>,
    /// The severity the evaluation must carry (the rule's, or the verdict's own rating,
    /// e.g. Trusted Advisor red = `high`, yellow = `medium`).
    #[serde(default)]
    pub severity: Option<Severity>,
}

/// A case file. Unknown keys are rejected: a typo in a test must not pass silently.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Case {
    pub description: String,
    #[serde(default)]
    pub parameters: BTreeMap<String, Value>,
    pub now: Option<String>,
    pub input: Option<Value>,
    pub input_file: Option<String>,
    /// The parameters must be rejected, with an error containing this text.
    #[serde(default)]
    pub parameter_error: Option<String>,
    pub expect: Vec<Expectation>,
}

/// The outcome of one case.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub failures: Vec<String>,
    pub report: Report,
}

impl CaseResult {
    pub fn evaluations(&self) -> Vec<Evaluation<'_>> {
        self.report.evaluations().collect()
    }

    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// The default evaluation time of cases without `now`, so results never depend on the
/// day the tests run.
pub const DEFAULT_CASE_TIME: &str = "2026-06-01T00:00:00Z";

/// Reads and runs one case file against one rule (built-in or user).
pub fn run_case_file(path: &Path, rule: impl Into<RuleRef>) -> Result<CaseResult, String> {
    let case = read_case(path)?;
    run_case(path, &case, rule.into())
}

/// Reads a case file.
pub fn read_case(path: &Path) -> Result<Case, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Runs a case read from `path` (relative `inputFile`s resolve from its folder).
pub fn run_case(path: &Path, case: &Case, rule: RuleRef) -> Result<CaseResult, String> {
    let input = match (&case.input, &case.input_file) {
        (Some(v), None) => serde_json::to_vec(v).map_err(|e| e.to_string())?,
        (None, Some(f)) => {
            let file = path.parent().unwrap_or(Path::new(".")).join(f);
            std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?
        }
        _ => {
            return Err(format!(
                "{}: give exactly one of `input` and `inputFile`",
                path.display()
            ));
        }
    };
    let loaded = load::load_bytes(&path.display().to_string(), input);
    if let Some(p) = loaded.problems.first() {
        return Err(format!("input does not load cleanly: {p}"));
    }
    let mut inventory = Inventory::build(loaded);
    let now: DateTime<Utc> = case
        .now
        .as_deref()
        .unwrap_or(DEFAULT_CASE_TIME)
        .parse()
        .map_err(|e| format!("{}: bad `now`: {e}", path.display()))?;
    let validated = ValidParams::validate(rule.meta(), &case.parameters);
    let params = match (validated, &case.parameter_error) {
        (Ok(params), None) => params,
        (Err(e), None) => return Err(e.to_string()),
        (outcome, Some(want)) => {
            // The rule never runs: the case passes when validation failed as expected.
            let mut failures = Vec::new();
            match outcome {
                Ok(_) => failures.push(format!(
                    "the parameters were accepted, expected an error containing {want:?}"
                )),
                Err(e) if !e.to_string().contains(want.as_str()) => {
                    failures.push(format!("parameter error \"{e}\" does not contain {want:?}"));
                }
                Err(_) => {}
            }
            if !case.expect.is_empty() {
                failures.push("a case with `parameterError` expects no evaluation".to_owned());
            }
            let report = engine::run(&mut inventory, &Plan::default(), now);
            return Ok(CaseResult { failures, report });
        }
    };
    let plan = Plan {
        selected: vec![Selected::new(rule, params)],
        ..Plan::default()
    };
    let report = engine::run(&mut inventory, &plan, now);
    let failures = compare(&case.expect, &report.evaluations().collect::<Vec<_>>());
    Ok(CaseResult { failures, report })
}

/// Pairs each expectation with the first unused evaluation of its resource (id, and
/// type when given). Returns the evaluation index per expectation and, per evaluation,
/// whether an expectation took it.
pub fn pair(expect: &[Expectation], actual: &[Evaluation<'_>]) -> (Vec<Option<usize>>, Vec<bool>) {
    let mut used = vec![false; actual.len()];
    let pairs = expect
        .iter()
        .map(|exp| {
            let i = actual.iter().enumerate().position(|(i, e)| {
                !used[i]
                    && e.resource_id == exp.resource_id
                    && exp
                        .resource_type
                        .as_deref()
                        .is_none_or(|t| t == e.resource_type)
            })?;
            used[i] = true;
            Some(i)
        })
        .collect();
    (pairs, used)
}

/// Differences between expected and actual verdicts, one line each.
pub fn compare(expect: &[Expectation], actual: &[Evaluation<'_>]) -> Vec<String> {
    let mut failures = Vec::new();
    let (pairs, used) = pair(expect, actual);
    for (exp, found) in expect.iter().zip(pairs) {
        match found.map(|i| (i, &actual[i])) {
            None => failures.push(format!(
                "missing: expected {} for {}",
                exp.compliance, exp.resource_id
            )),
            Some((_, e)) => {
                if e.compliance_type != exp.compliance {
                    failures.push(format!(
                        "wrong: {} expected {}, got {} ({})",
                        exp.resource_id, exp.compliance, e.compliance_type, e.annotation
                    ));
                } else if let Some(want) = &exp.annotation
                    && !e.annotation.contains(want.as_str())
                {
                    failures.push(format!(
                        "annotation: {} expected to contain {want:?}, got {:?}",
                        exp.resource_id, e.annotation
                    ));
                }
                if let Some(want) = exp.severity
                    && e.severity != want
                {
                    failures.push(format!(
                        "severity: {} expected {}, got {}",
                        exp.resource_id,
                        want.as_str(),
                        e.severity.as_str()
                    ));
                }
                if e.compliance_type == Compliance::NonCompliant && e.evidence.is_empty() {
                    failures.push(format!(
                        "evidence: {} is NON_COMPLIANT without evidence",
                        exp.resource_id
                    ));
                }
            }
        }
    }
    for (e, used) in actual.iter().zip(used) {
        if !used {
            failures.push(format!(
                "extra: {} {}/{} ({})",
                e.compliance_type, e.resource_type, e.resource_id, e.annotation
            ));
        }
    }
    failures
}
