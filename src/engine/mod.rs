//! Evaluation: selects rules, dispatches them by resource type through the inventory's
//! indexes (built once), runs them in parallel and returns a sorted [`Report`].

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use crate::Inventory;
use crate::model::ConfigItem;
use crate::report::{
    Evaluations, Report, ReportProblem, RuleNames, RuleStatus, RuleSummary, Subject,
};
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
fn names_of(sel: &Selected) -> RuleNames {
    let meta = sel.rule.meta();
    RuleNames {
        identifier: Arc::from(meta.identifier),
        rule_name: sel
            .config_rule_name
            .clone()
            .unwrap_or_else(|| Arc::from(meta.name)),
    }
}

/// What every evaluation of one item shares, built once per item rather than per rule.
fn item_subject(item: &ConfigItem) -> Subject {
    Subject {
        resource_type: Arc::clone(&item.key.resource_type),
        resource_id: Arc::clone(&item.key.resource_id),
        resource_name: item.name.clone(),
        aws_account_id: Arc::clone(&item.key.account),
        aws_region: Arc::clone(&item.key.region),
        ordering_timestamp: item.capture_time.as_ref().map(|t| Arc::from(t.display())),
        source: Some(Arc::clone(&item.origin.file)),
    }
}

/// The subject of an account-level rule: the account (and Region), reported on
/// `AWS::::Account` at the evaluation time.
fn account_subject(scope: &AccountScope<'_>, evaluated_at: &Arc<str>) -> Subject {
    Subject {
        resource_type: Arc::from("AWS::::Account"),
        resource_id: Arc::from(scope.account),
        resource_name: None,
        aws_account_id: Arc::from(scope.account),
        aws_region: Arc::from(scope.region.unwrap_or("global")),
        ordering_timestamp: Some(Arc::clone(evaluated_at)),
        source: None,
    }
}

/// The severity of a verdict: its own (Trusted Advisor checks), else its rule's.
fn severity_of(sel: &Selected, verdict: &Verdict) -> Severity {
    verdict.severity.unwrap_or(sel.rule.meta().severity)
}

/// The verdict of a rule that needs data AWS Config does not record.
fn unsupported(why: &str) -> Verdict {
    Verdict::insufficient_data(format!("cannot be decided from AWS Config data: {why}"))
}

/// An index or count as `u32`, the width of inventory positions (an inventory holds
/// fewer than 2^32 resources, which `Inventory::build` checks).
fn as_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
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
        return unsupported(why);
    }
    if !item.has_configuration() {
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

/// Accounts, and account–Region pairs, the input covers: computed once per run from
/// the type index (whose positions are in account, Region order), not per rule.
struct Scopes {
    accounts: Vec<Arc<str>>,
    regions: Vec<(Arc<str>, Arc<str>)>,
}

impl Scopes {
    fn of(inv: &Inventory) -> Self {
        let mut accounts = BTreeSet::new();
        let mut regions = BTreeSet::new();
        for (ty, _) in inv.types() {
            let mut last: Option<(&Arc<str>, &Arc<str>)> = None;
            for item in inv.of_type(ty) {
                let here = (&item.key.account, &item.key.region);
                if last == Some(here) {
                    continue;
                }
                last = Some(here);
                accounts.insert(Arc::clone(here.0));
                if !matches!(&**here.1, "global" | "unknown") {
                    regions.insert((Arc::clone(here.0), Arc::clone(here.1)));
                }
            }
        }
        Self {
            accounts: accounts.into_iter().collect(),
            regions: regions.into_iter().collect(),
        }
    }

    /// The scopes of an account-level rule, sorted as the report sorts them.
    fn for_rule(&self, scope: Scope) -> Vec<AccountScope<'_>> {
        match scope {
            Scope::Account => self
                .accounts
                .iter()
                .map(|a| AccountScope {
                    account: a,
                    region: None,
                })
                .collect(),
            Scope::AccountRegion => self
                .regions
                .iter()
                .map(|(a, r)| AccountScope {
                    account: a,
                    region: Some(r),
                })
                .collect(),
            Scope::Resource => Vec::new(),
        }
    }
}

/// Raw JSON that rules may decode for items other than those of the current round
/// (joins) before every decoded value is dropped. A `Value` takes about five times its
/// text, so this bounds what joins keep decoded to ~10 MB whatever the input size.
const DECODE_BUDGET: usize = 2 << 20;

/// Items evaluated in parallel in one round; their decoded values are dropped after it.
const ROUND: usize = 1024;

/// Drops decoded values: those of the round's own items always, every item's once
/// joins have decoded more than [`DECODE_BUDGET`] besides.
struct Eviction {
    mark: usize,
}

impl Eviction {
    fn start() -> Self {
        Self {
            mark: crate::model::decoded_bytes(),
        }
    }

    fn after_round(&mut self, inv: &mut Inventory, own: &[u32]) {
        self.mark += inv.forget_decoded_at(own.iter().copied());
        if crate::model::decoded_bytes().saturating_sub(self.mark) > DECODE_BUDGET {
            inv.forget_decoded();
            self.mark = crate::model::decoded_bytes();
        }
    }
}

fn key(rule_rank: u32, item_rank: u32) -> u64 {
    (u64::from(rule_rank) << 32) | u64::from(item_rank)
}

/// Evaluates a plan against an inventory at time `now`.
///
/// Item-major: every rule that applies to an item runs while its decoded configuration
/// is at hand, in parallel rounds of [`ROUND`] items; between rounds, once
/// [`DECODE_BUDGET`] bytes have been decoded, decoded values are dropped (which is why
/// the inventory is borrowed mutably: only exclusive access proves no rule still holds
/// them). Memory thus stays near the size of the loaded input, and the report is put in
/// order by sorting integer keys, not strings.
pub fn run(inv: &mut Inventory, plan: &Plan, now: DateTime<Utc>) -> Report {
    let names: Vec<RuleNames> = plan.selected.iter().map(names_of).collect();
    let rule_rank = rule_ranks(&names);
    let mut eviction = Eviction::start();

    for sel in &plan.selected {
        sel.rule.prepare(inv);
    }
    // Resource rules, item by item.
    let work = resource_work(inv, plan);
    let mut out = Evaluations::new(names, work.evaluations);
    if !work.items.is_empty() {
        let item_rank = item_ranks(inv);
        for round in work.items.chunks(ROUND) {
            let view: &Inventory = inv;
            let (rule_rank, item_rank) = (&rule_rank, &item_rank);
            // Each thread fills a store of its own (verdicts become compact rows where
            // they are made); the stores are then moved into `out`.
            let parts: Vec<Evaluations> = round
                .par_iter()
                .fold(Evaluations::default, |mut part, &(pos, slot)| {
                    let Some(item) = view.resource(pos) else {
                        return part;
                    };
                    let rank = item_rank[pos as usize];
                    let mut subject = None;
                    for &s in &work.rules_by_type[slot as usize] {
                        let sel = &plan.selected[s];
                        if sel.filter.as_ref().is_some_and(|f| !f.admits(item)) {
                            continue;
                        }
                        let cx = RuleContext::new(view, now, &sel.params).at_position(pos);
                        let verdict = evaluate_item(sel, item, &cx);
                        let id =
                            *subject.get_or_insert_with(|| part.add_subject(item_subject(item)));
                        let severity = severity_of(sel, &verdict);
                        part.push(key(rule_rank[s], rank), as_u32(s), id, &verdict, severity);
                    }
                    part
                })
                .collect();
            for part in parts {
                out.append(part);
            }
            let own: Vec<u32> = round.iter().map(|&(pos, _)| pos).collect();
            eviction.after_round(inv, &own);
        }
    }

    // Account rules, one account at a time (so what they decode can be dropped).
    let scopes = Scopes::of(inv);
    let evaluated_at: Arc<str> = Arc::from(crate::model::format_instant(now));
    let account_rules: Vec<(usize, Vec<AccountScope<'_>>)> = plan
        .selected
        .iter()
        .enumerate()
        .filter(|(_, sel)| sel.rule.meta().scope != Scope::Resource)
        .map(|(s, sel)| (s, scopes.for_rule(sel.rule.meta().scope)))
        .collect();
    for account in &scopes.accounts {
        let view: &Inventory = inv;
        let jobs: Vec<(usize, u32, &AccountScope<'_>)> = account_rules
            .iter()
            .flat_map(|(s, list)| {
                list.iter()
                    .enumerate()
                    .filter(|(_, scope)| scope.account == &**account)
                    .map(move |(n, scope)| (*s, as_u32(n), scope))
            })
            .collect();
        let round_verdicts: Vec<Verdict> = jobs
            .par_iter()
            .map(|&(s, _, scope)| {
                let sel = &plan.selected[s];
                match sel.rule.meta().fidelity {
                    Fidelity::Unsupported(why) => unsupported(why),
                    _ => sel
                        .rule
                        .evaluate_account(scope, &RuleContext::new(view, now, &sel.params)),
                }
            })
            .collect();
        // One subject per account scope (the account, or one of its Regions).
        let mut subjects: BTreeMap<Option<&str>, u32> = BTreeMap::new();
        for (verdict, &(s, n, scope)) in round_verdicts.iter().zip(&jobs) {
            let id = *subjects
                .entry(scope.region)
                .or_insert_with(|| out.add_subject(account_subject(scope, &evaluated_at)));
            let sel = &plan.selected[s];
            out.push(
                key(rule_rank[s], n),
                as_u32(s),
                id,
                verdict,
                severity_of(sel, verdict),
            );
        }
        eviction.after_round(inv, &[]);
    }
    drop(account_rules);

    let counts = out.counts_by_rule();
    let evaluations = out.into_report_order();

    let mut problems: Vec<ReportProblem> = inv
        .problems
        .iter()
        .map(|p| ReportProblem {
            kind: "input",
            message: p.to_string(),
        })
        .collect();
    problems.extend(plan.problems.iter().cloned());
    for e in evaluations.with_compliance(Compliance::Error) {
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
        .zip(counts)
        .map(|(sel, counts)| {
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
                counts,
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

/// Rank of each selected rule in report order: identifier, then reported name (a rule
/// selected twice under one name shares a rank).
fn rule_ranks(names: &[RuleNames]) -> Vec<u32> {
    let pair = |s: usize| (&*names[s].identifier, &*names[s].rule_name);
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|&a, &b| pair(a).cmp(&pair(b)));
    let mut rank = vec![0; names.len()];
    let mut current = 0;
    for (n, &s) in order.iter().enumerate() {
        if n > 0 && pair(order[n - 1]) != pair(s) {
            current += 1;
        }
        rank[s] = current;
    }
    rank
}

/// Rank of each current resource in report order: type, id, account, Region.
fn item_ranks(inv: &Inventory) -> Vec<u32> {
    let keys: Vec<&crate::model::ResourceKey> = inv.resources().map(|i| &i.key).collect();
    let mut order: Vec<u32> = (0..as_u32(keys.len())).collect();
    order.par_sort_unstable_by(|&a, &b| {
        let (a, b) = (keys[a as usize], keys[b as usize]);
        (&a.resource_type, &a.resource_id, &a.account, &a.region).cmp(&(
            &b.resource_type,
            &b.resource_id,
            &b.account,
            &b.region,
        ))
    });
    let mut rank = vec![0; keys.len()];
    for (r, &p) in order.iter().enumerate() {
        rank[p as usize] = as_u32(r);
    }
    rank
}

/// The resource rules of a plan, dispatched by type: each item to evaluate with the
/// slot of the rules that apply to its type.
struct ResourceWork {
    rules_by_type: Vec<Vec<usize>>,
    items: Vec<(u32, u32)>,
    /// At most this many evaluations (fewer when a scope filter drops some).
    evaluations: usize,
}

fn resource_work(inv: &Inventory, plan: &Plan) -> ResourceWork {
    let mut by_type: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (s, sel) in plan.selected.iter().enumerate() {
        let meta = sel.rule.meta();
        if meta.scope != Scope::Resource {
            continue;
        }
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
        types.dedup();
        for ty in types {
            by_type.entry(ty).or_default().push(s);
        }
    }
    let mut rules_by_type = Vec::new();
    let mut items = Vec::new();
    let mut evaluations = 0;
    for (ty, rules) in by_type {
        let positions = inv.positions_of_type(ty);
        if positions.is_empty() {
            continue;
        }
        let slot = as_u32(rules_by_type.len());
        evaluations += positions.len() * rules.len();
        rules_by_type.push(rules);
        items.extend(positions.iter().map(|&p| (p, slot)));
    }
    ResourceWork {
        rules_by_type,
        items,
        evaluations,
    }
}
