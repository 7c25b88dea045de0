//! `cfgaudit check`: evaluate rules over the inputs and report.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self as stdio, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use chrono::{DateTime, Utc};
use globset::{GlobBuilder, GlobMatcher};
use serde_json::Value;

use super::Outcome;
use super::args::{CheckArgs, FailOn, ScriptLimitArgs};
use super::common::load_inventory;
use super::pack::pack_options;
use crate::engine::{self, Plan, RuleRef, Selected};
use crate::output;
use crate::pack::{self, Pack};
use crate::report::Report;
use crate::rules::custom::{Limits, RuleSet, UserRule};
use crate::rules::{self, Compliance, ValidParams};

/// Parses `--at`: any timestamp form the loader understands. Without it, now.
pub(crate) fn evaluation_time(at: Option<&str>) -> anyhow::Result<DateTime<Utc>> {
    match at {
        Some(s) => crate::model::parse_timestamp(s)
            .with_context(|| format!("--at: cannot parse `{s}` as a time")),
        #[allow(
            clippy::disallowed_methods,
            reason = "the CLI is where the default evaluation time is read"
        )]
        None => Ok(Utc::now()),
    }
}

fn matcher(pattern: &str) -> anyhow::Result<GlobMatcher> {
    Ok(GlobBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .with_context(|| format!("--rules: bad pattern `{pattern}`"))?
        .compile_matcher())
}

/// Rules named by `--rules` (identifiers, names or globs over either, built-in or user
/// rules), or all of them.
pub(crate) fn select_rules(patterns: &[String], user: &RuleSet) -> anyhow::Result<Vec<RuleRef>> {
    let all = || {
        rules::registry()
            .iter()
            .map(|r| RuleRef::Builtin(*r))
            .chain(user.rules().iter().map(UserRule::rule_ref))
    };
    if patterns.is_empty() {
        return Ok(all().collect());
    }
    let mut chosen: Vec<RuleRef> = Vec::new();
    for pattern in patterns
        .iter()
        .flat_map(|p| p.split(','))
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let m = matcher(pattern)?;
        let found: Vec<RuleRef> = all()
            .filter(|r| m.is_match(r.meta().identifier) || m.is_match(r.meta().name))
            .collect();
        if found.is_empty() {
            bail!(
                "--rules: no built-in or user rule matches `{pattern}` (see `cfgaudit rules list`)"
            );
        }
        for r in found {
            if !chosen
                .iter()
                .any(|c| c.meta().identifier == r.meta().identifier)
            {
                chosen.push(r);
            }
        }
    }
    Ok(chosen)
}

/// The identifier of a built-in or user rule named by identifier or name.
fn identifier_of(user: &RuleSet, rule: &str) -> Option<&'static str> {
    rules::find(rule)
        .map(|r| r.meta().identifier)
        .or_else(|| user.get(rule).map(|r| r.meta().identifier))
}

/// Loads the user rules of `--rules-dir` with the `--script-limit` sandbox limits.
pub(crate) fn load_user_rules(
    dirs: &[PathBuf],
    limits: &ScriptLimitArgs,
) -> anyhow::Result<RuleSet> {
    let mut sandbox = Limits::default();
    for l in &limits.script_limit {
        sandbox
            .set(l)
            .map_err(|e| anyhow::anyhow!("--script-limit: {e}"))?;
    }
    if dirs.is_empty() {
        return Ok(RuleSet::default());
    }
    let set = RuleSet::load(dirs, &sandbox);
    let mut err = std::io::stderr().lock();
    for e in set.errors() {
        let _ = writeln!(err, "warning: user rule not loaded: {e}");
    }
    Ok(set)
}

/// Parameter values by name.
pub(crate) type ParamMap = BTreeMap<String, Value>;

/// Reads a `--params-file`: JSON or YAML `{RULE: {name: value}}`.
pub(crate) fn read_params_file(file: &Path) -> anyhow::Result<BTreeMap<String, ParamMap>> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    serde_norway::from_str(&text).with_context(|| {
        format!(
            "{}: expected a map of rule → {{parameter: value}}",
            file.display()
        )
    })
}

/// Parameters from `--params-file` (JSON or YAML `{RULE: {name: value}}`) and `--param`.
/// Returns per-rule values and the global `NAME=VALUE` ones.
pub(crate) fn gather_params(
    args: &CheckArgs,
    user: &RuleSet,
) -> anyhow::Result<(BTreeMap<String, ParamMap>, ParamMap)> {
    let mut per_rule: BTreeMap<String, ParamMap> = BTreeMap::new();
    if let Some(file) = &args.params_file {
        for (rule, values) in read_params_file(file)? {
            let id = identifier_of(user, &rule).map_or(rule, str::to_owned);
            per_rule.entry(id).or_default().extend(values);
        }
    }
    let mut global = BTreeMap::new();
    for p in &args.param {
        let (name, value) = p
            .split_once('=')
            .with_context(|| format!("--param `{p}`: expected NAME=VALUE or RULE.NAME=VALUE"))?;
        match name.rsplit_once('.') {
            Some((rule, param)) => {
                let id = identifier_of(user, rule)
                    .with_context(|| format!("--param `{p}`: no built-in or user rule `{rule}`"))?;
                per_rule
                    .entry(id.to_owned())
                    .or_default()
                    .insert(param.to_owned(), Value::String(value.to_owned()));
            }
            None => {
                global.insert(name.to_owned(), Value::String(value.to_owned()));
            }
        }
    }
    Ok((per_rule, global))
}

/// Builds the plan from `--rules` and parameters. Parameter errors are fatal: they are
/// the user's configuration, not the input.
fn plan_from_rules(args: &CheckArgs, user: &RuleSet) -> anyhow::Result<Plan> {
    let chosen = select_rules(&args.rules, user)?;
    let (mut per_rule, global) = gather_params(args, user)?;
    let mut plan = Plan::default();
    // A user rule that did not load is an ERROR row and makes the run incomplete.
    for e in user.errors() {
        plan.listed.push(e.listed());
        plan.problems.push(e.problem());
    }
    let mut errors = Vec::new();
    for rule in chosen {
        let meta = rule.meta();
        let mut given = per_rule.remove(meta.identifier).unwrap_or_default();
        for (k, v) in &global {
            if meta.param(k).is_some() {
                given.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        match ValidParams::validate(meta, &given) {
            Ok(params) => plan.selected.push(Selected::new(rule, params)),
            Err(e) => errors.push(e.to_string()),
        }
    }
    for rule in per_rule.keys() {
        errors.push(format!(
            "parameters given for `{rule}`, which is not selected or not a built-in or user rule"
        ));
    }
    if !errors.is_empty() {
        bail!("invalid parameters:\n  {}", errors.join("\n  "));
    }
    Ok(plan)
}

/// Whether the report has findings at or above `--fail-on`.
pub(crate) fn has_failures(report: &Report, fail_on: FailOn) -> bool {
    let threshold = match fail_on {
        FailOn::None => return false,
        FailOn::NonCompliant => None,
        FailOn::Low => Some(rules::Severity::Low),
        FailOn::Medium => Some(rules::Severity::Medium),
        FailOn::High => Some(rules::Severity::High),
        FailOn::Critical => Some(rules::Severity::Critical),
    };
    report.evaluations().any(|e| {
        e.compliance_type == Compliance::NonCompliant && threshold.is_none_or(|t| e.severity >= t)
    })
}

pub(crate) fn write_report(
    report: &Report,
    args: &CheckArgs,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match &args.output {
        Some(path) => {
            let mut f = BufWriter::new(
                File::create(path).with_context(|| format!("creating {}", path.display()))?,
            );
            output::write(report, args.format, &mut f)
                .with_context(|| format!("writing {}", path.display()))?;
            f.flush()?;
        }
        None => output::write(report, args.format, out)?,
    }
    Ok(())
}

/// Loads the inputs and builds the plan from `--pack`. Template and option errors are
/// fatal and reported before the inputs are read; problems with single rules are kept
/// in the plan (the run is then incomplete).
fn plan_from_pack(
    args: &CheckArgs,
    path: &Path,
    user: &RuleSet,
) -> anyhow::Result<(Plan, crate::Inventory)> {
    let pack = Pack::load(path)?;
    let mut opts = pack_options(&args.param, args.params_file.as_deref())?;
    pack.check_parameters(&opts)?;
    let inventory = load_inventory(&args.inputs.paths);
    opts.pseudo = pack::pseudo_from_inventory(&inventory);
    opts.user_rules = user.rules().iter().map(UserRule::rule_ref).collect();
    let mut plan = pack.resolve(&opts)?.plan();
    for e in user.errors() {
        plan.listed.push(e.listed());
        plan.problems.push(e.problem());
    }
    let mut err = stdio::stderr().lock();
    for p in &plan.problems {
        let _ = writeln!(err, "warning: {}", p.message);
    }
    Ok((plan, inventory))
}

pub(crate) fn run(args: &CheckArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let now = evaluation_time(args.at.as_deref())?;
    let user = load_user_rules(&args.rules_dir, &args.limits)?;
    let (plan, mut inventory) = if let Some(path) = &args.pack {
        plan_from_pack(args, path, &user)?
    } else {
        let plan = plan_from_rules(args, &user)?;
        (plan, load_inventory(&args.inputs.paths))
    };
    let report = engine::run(&mut inventory, &plan, now);
    write_report(&report, args, out)?;
    let outcome = if has_failures(&report, args.fail_on) {
        Outcome::Findings
    } else {
        Outcome::Clean
    };
    // Large inventories are freed by the OS at exit faster than by dropping them.
    std::mem::forget(inventory);
    Ok(outcome.worst(Outcome::from_complete(report.is_complete())))
}
