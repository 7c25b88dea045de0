//! Evaluation: selects rules, dispatches them by resource type through the inventory's
//! indexes (built once), runs them in parallel and returns a sorted [`Report`].

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use crate::Inventory;
use crate::model::ConfigItem;
use crate::report::{Evaluation, Report, ReportProblem, RuleStatus, RuleSummary};
use crate::rules::{
    AccountScope, Compliance, Fidelity, ManagedRule, RuleContext, Scope, Severity, ValidParams,
    Verdict,
};

/// Restricts a rule to some resources, as a conformance pack's `Scope` does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopeFilter {
    pub resource_types: Vec<String>,
    pub resource_id: Option<String>,
    pub tag_key: Option<String>,
    pub tag_value: Option<String>,
}

impl ScopeFilter {
    fn admits(&self, item: &ConfigItem) -> bool {
        self.resource_id
            .as_deref()
            .is_none_or(|id| id == &*item.key.resource_id)
            && self.tag_key.as_deref().is_none_or(|k| {
                item.tags()
                    .get(k)
                    .is_some_and(|v| self.tag_value.as_deref().is_none_or(|want| want == v))
            })
    }
}

/// A rule the engine can run: a built-in rule (static, compiled in) or a user rule (a
/// compiled script or declarative rule loaded at run time, shared between threads).
/// Both are selected, dispatched and reported the same way: the engine only sees
/// `dyn ManagedRule` through [`Deref`](std::ops::Deref), so a built-in costs one branch
/// more than a plain reference.
#[derive(Clone)]
pub enum RuleRef {
    Builtin(&'static dyn ManagedRule),
    User(Arc<dyn ManagedRule>),
}

impl std::ops::Deref for RuleRef {
    type Target = dyn ManagedRule;

    fn deref(&self) -> &Self::Target {
        match self {
            Self::Builtin(rule) => *rule,
            Self::User(rule) => &**rule,
        }
    }
}

impl std::fmt::Debug for RuleRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self {
            Self::Builtin(_) => "Builtin",
            Self::User(_) => "User",
        };
        f.debug_tuple(kind).field(&self.meta().identifier).finish()
    }
}

impl From<&'static dyn ManagedRule> for RuleRef {
    fn from(rule: &'static dyn ManagedRule) -> Self {
        Self::Builtin(rule)
    }
}

impl From<Arc<dyn ManagedRule>> for RuleRef {
    fn from(rule: Arc<dyn ManagedRule>) -> Self {
        Self::User(rule)
    }
}

/// A rule chosen for a run, with validated parameters.
#[derive(Clone)]
pub struct Selected {
    pub rule: RuleRef,
    pub params: ValidParams,
    pub filter: Option<ScopeFilter>,
    /// The pack's `ConfigRuleName`, when the rule came from a pack.
    pub config_rule_name: Option<Arc<str>>,
}

impl Selected {
    pub fn new(rule: impl Into<RuleRef>, params: ValidParams) -> Self {
        Self {
            rule: rule.into(),
            params,
            filter: None,
            config_rule_name: None,
        }
    }
}

/// A rule that is listed in the report but not evaluated (pack process checks, custom
/// Lambda rules, identifiers we do not implement).
#[derive(Debug, Clone)]
pub struct Listed {
    pub identifier: Arc<str>,
    pub config_rule_name: Option<Arc<str>>,
    pub status: RuleStatus,
    pub note: String,
}

/// What to evaluate.
#[derive(Clone, Default)]
pub struct Plan {
    pub selected: Vec<Selected>,
    pub listed: Vec<Listed>,
    pub problems: Vec<ReportProblem>,
}

/// A rule's identifier and reported name, allocated once per rule, not per evaluation.
struct Names {
    identifier: Arc<str>,
    rule_name: Arc<str>,
}

impl Names {
    fn of(sel: &Selected) -> Self {
        let meta = sel.rule.meta();
        Self {
            identifier: Arc::from(meta.identifier),
            rule_name: sel
                .config_rule_name
                .clone()
                .unwrap_or_else(|| Arc::from(meta.name)),
        }
    }
}

fn evaluation(sel: &Selected, names: &Names, item: &ConfigItem, verdict: Verdict) -> Evaluation {
    let meta = sel.rule.meta();
    Evaluation {
        identifier: Arc::clone(&names.identifier),
        rule_name: Arc::clone(&names.rule_name),
        resource_type: Arc::clone(&item.key.resource_type),
        resource_id: Arc::clone(&item.key.resource_id),
        resource_name: item.name.as_deref().map(Arc::from),
        aws_account_id: Arc::clone(&item.key.account),
        aws_region: Arc::clone(&item.key.region),
        severity: verdict.severity.unwrap_or(meta.severity),
        compliance_type: verdict.compliance,
        annotation: verdict.annotation,
        evidence: verdict.evidence,
        source: Some(Arc::clone(&item.origin.file)),
        ordering_timestamp: item
            .capture_time
            .as_ref()
            .map(crate::model::Timestamp::display),
    }
}

fn account_evaluation(
    sel: &Selected,
    scope: &AccountScope<'_>,
    verdict: Verdict,
    now: DateTime<Utc>,
) -> Evaluation {
    let meta = sel.rule.meta();
    Evaluation {
        identifier: Arc::from(meta.identifier),
        rule_name: sel
            .config_rule_name
            .clone()
            .unwrap_or_else(|| Arc::from(meta.name)),
        resource_type: Arc::from("AWS::::Account"),
        resource_id: Arc::from(scope.account),
        resource_name: None,
        aws_account_id: Arc::from(scope.account),
        aws_region: Arc::from(scope.region.unwrap_or("global")),
        severity: verdict.severity.unwrap_or(meta.severity),
        compliance_type: verdict.compliance,
        annotation: verdict.annotation,
        evidence: verdict.evidence,
        ordering_timestamp: Some(now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
        source: None,
    }
}

/// The verdict for one item, with the checks every rule shares: deleted resources are
/// NOT_APPLICABLE, items without configuration are INSUFFICIENT_DATA, rules needing
/// external data say so.
fn evaluate_item(sel: &Selected, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
    let meta = sel.rule.meta();
    if item.is_deleted() {
        return Verdict::not_applicable(format!("the resource was deleted ({})", item.status));
    }
    if let Fidelity::Unsupported(why) = meta.fidelity {
        return Verdict::insufficient_data(format!(
            "cannot be decided from AWS Config data: {why}"
        ));
    }
    if item.configuration().is_null() {
        let why = if item.raw_configuration().is_some() {
            "its configuration could not be decoded (nested too deeply or not JSON)"
        } else {
            "the configuration item carries no configuration"
        };
        return Verdict::insufficient_data(format!(
            "{why} (status {}, from {})",
            item.status, item.origin.format
        ));
    }
    if item.raw_configuration().is_none() {
        return Verdict::insufficient_data(format!(
            "the configuration item carries no configuration (status {}, from {})",
            item.status, item.origin.format
        ));
    }
    sel.rule.evaluate(item, cx)
}

/// The verdict of a resource-scope rule on any version of a resource (current or past),
/// evaluated against the inventory around its current state. Used by timelines.
pub fn verdict_for(
    sel: &Selected,
    item: &ConfigItem,
    inv: &Inventory,
    position: Option<u32>,
    now: DateTime<Utc>,
) -> Verdict {
    let cx = RuleContext::new(inv, now, &sel.params);
    let cx = match position {
        Some(p) => cx.at_position(p),
        None => cx,
    };
    evaluate_item(sel, item, &cx)
}

/// Accounts (and account–Region pairs) the input covers, sorted.
fn scopes(inv: &Inventory, scope: Scope) -> Vec<(String, Option<String>)> {
    let mut set = BTreeSet::new();
    for item in inv.resources() {
        let region = &*item.key.region;
        match scope {
            Scope::Account => {
                set.insert((item.key.account.to_string(), None));
            }
            Scope::AccountRegion if region != "global" && region != "unknown" => {
                set.insert((item.key.account.to_string(), Some(region.to_owned())));
            }
            _ => {}
        }
    }
    set.into_iter().collect()
}

fn run_rule(inv: &Inventory, sel: &Selected, now: DateTime<Utc>) -> Vec<Evaluation> {
    let names = Names::of(sel);
    let meta = sel.rule.meta();
    let cx = RuleContext::new(inv, now, &sel.params);
    match meta.scope {
        Scope::Resource => {
            let mut types: Vec<&str> = meta.resource_types.to_vec();
            if let Some(f) = &sel.filter
                && !f.resource_types.is_empty()
            {
                let wanted: Vec<&str> = types
                    .iter()
                    .copied()
                    .filter(|t| f.resource_types.iter().any(|w| w == t))
                    .collect();
                if !wanted.is_empty() {
                    types = wanted;
                }
            }
            types
                .par_iter()
                .flat_map_iter(|ty| inv.positions_of_type(ty).iter().copied())
                .filter_map(|pos| {
                    let item = inv.resource(pos)?;
                    if sel.filter.as_ref().is_some_and(|f| !f.admits(item)) {
                        return None;
                    }
                    let verdict = evaluate_item(sel, item, &cx.at_position(pos));
                    Some(evaluation(sel, &names, item, verdict))
                })
                .collect()
        }
        Scope::Account | Scope::AccountRegion => scopes(inv, meta.scope)
            .par_iter()
            .map(|(account, region)| {
                let scope = AccountScope {
                    account,
                    region: region.as_deref(),
                };
                let verdict = match meta.fidelity {
                    Fidelity::Unsupported(why) => Verdict::insufficient_data(format!(
                        "cannot be decided from AWS Config data: {why}"
                    )),
                    _ => sel.rule.evaluate_account(&scope, &cx),
                };
                account_evaluation(sel, &scope, verdict, now)
            })
            .collect(),
    }
}

/// Evaluates a plan against an inventory at time `now`.
pub fn run(inv: &Inventory, plan: &Plan, now: DateTime<Utc>) -> Report {
    let evaluations: Vec<Evaluation> = plan
        .selected
        .par_iter()
        .flat_map_iter(|sel| run_rule(inv, sel, now))
        .collect();
    let mut problems: Vec<ReportProblem> = inv
        .problems
        .iter()
        .map(|p| ReportProblem {
            kind: "input",
            message: p.to_string(),
        })
        .collect();
    problems.extend(plan.problems.iter().cloned());
    for e in evaluations
        .iter()
        .filter(|e| e.compliance_type == Compliance::Error)
    {
        problems.push(ReportProblem {
            kind: "rule",
            message: format!(
                "{} on {}/{}: {}",
                e.identifier, e.resource_type, e.resource_id, e.annotation
            ),
        });
    }
    let mut rules: Vec<RuleSummary> = plan
        .selected
        .iter()
        .map(|sel| {
            let meta = sel.rule.meta();
            let (status, note) = match meta.fidelity {
                Fidelity::Unsupported(why) => (RuleStatus::NeedsExternalData, Some(why.to_owned())),
                _ => (RuleStatus::Evaluated, None),
            };
            RuleSummary {
                identifier: Arc::from(meta.identifier),
                rule_name: Arc::from(meta.name),
                config_rule_name: sel.config_rule_name.clone(),
                severity: meta.severity,
                status,
                note,
                counts: crate::report::Counts::default(),
            }
        })
        .collect();
    rules.extend(plan.listed.iter().map(|l| {
        RuleSummary {
            identifier: Arc::clone(&l.identifier),
            rule_name: l
                .config_rule_name
                .clone()
                .unwrap_or_else(|| Arc::clone(&l.identifier)),
            config_rule_name: l.config_rule_name.clone(),
            severity: Severity::Informational,
            status: l.status,
            note: Some(l.note.clone()),
            counts: crate::report::Counts::default(),
        }
    }));
    Report::new(evaluations, rules, problems, inv.len(), now)
}
