//! `cfgaudit timeline`: one resource's history.

use std::io::Write;

use anyhow::{Context as _, bail};
use chrono::{DateTime, Utc};

use super::Outcome;
use super::args::{TimelineArgs, TimelineFormat};
use super::check::{evaluation_time, load_user_rules, select_rules};
use super::common::{load_inventory, store_path, table, write_json};
use crate::cloudtrail::Trail;
use crate::diff::DiffOptions;
use crate::engine::Selected;
use crate::rules::ValidParams;
use crate::rules::custom::RuleSet;
use crate::store::Store;
use crate::timeline::{self, Options, Timeline};

pub(crate) fn parse_time(flag: &str, value: Option<&str>) -> anyhow::Result<Option<DateTime<Utc>>> {
    value
        .map(|s| {
            crate::model::parse_timestamp(s)
                .with_context(|| format!("{flag}: cannot parse `{s}` as a time"))
        })
        .transpose()
}

/// Rules for timelines and diffs: default parameters.
pub(crate) fn default_selection(
    patterns: &[String],
    user: &RuleSet,
) -> anyhow::Result<Vec<Selected>> {
    select_rules(patterns, user)?
        .into_iter()
        .map(|r| {
            ValidParams::validate(r.meta(), &std::collections::BTreeMap::new())
                .map(|p| Selected::new(r, p))
                .map_err(anyhow::Error::from)
        })
        .collect()
}

/// What a timeline is built from, read from files or from a store.
struct Sources {
    inv: crate::Inventory,
    /// The matching resources' positions in `inv`, in key order.
    positions: Vec<u32>,
    snapshots: Vec<timeline::Snapshot>,
    trail: Trail,
    /// Whether any CloudTrail data was given (a store's events that touch none of these
    /// resources still count): the table then says when no event matched.
    with_trail: bool,
    complete: bool,
}

fn no_match(resource: &str) -> anyhow::Error {
    anyhow::anyhow!("no resource matches `{resource}` (try an id, an ARN, a name or TYPE/ID)")
}

fn extra_cloudtrail(
    args: &TimelineArgs,
) -> (Vec<(std::sync::Arc<str>, crate::model::SharedText)>, bool) {
    if args.cloudtrail.is_empty() {
        return (Vec::new(), true);
    }
    let extra = crate::load::load_paths(&args.cloudtrail, &|_| ());
    super::common::report_problems(&extra.problems);
    (extra.cloudtrail, extra.problems.is_empty())
}

fn from_files(args: &TimelineArgs) -> anyhow::Result<Sources> {
    if args.paths.is_empty() {
        bail!("give the inputs to read (files or directories), or --store");
    }
    let mut inv = load_inventory(&args.paths);
    let mut texts = std::mem::take(&mut inv.cloudtrail);
    let (extra, extra_complete) = extra_cloudtrail(args);
    texts.extend(extra);
    let trail = Trail::from_texts(&texts);
    super::common::report_problems(&trail.problems);
    let positions = inv.find(&args.resource);
    if positions.is_empty() {
        return Err(no_match(&args.resource));
    }
    let snapshots = timeline::snapshots::index(&inv);
    Ok(Sources {
        complete: inv.problems.is_empty() && trail.problems.is_empty() && extra_complete,
        with_trail: !trail.is_empty(),
        inv,
        positions,
        snapshots,
        trail,
    })
}

/// Reads only what the timeline needs: the versions of the matching resources (and,
/// when a rule for their type follows relationships, the latest version of every
/// resource of their accounts), the snapshots that speak for them and the CloudTrail
/// events that name them.
fn from_store(
    path: &std::path::Path,
    args: &TimelineArgs,
    rules: &[Selected],
) -> anyhow::Result<Sources> {
    super::common::no_paths_with_store(&args.paths)?;
    let store = Store::open(path)?;
    let found = store.find(&args.resource)?;
    if found.is_empty() {
        return Err(no_match(&args.resource));
    }
    let mut accounts: Vec<&str> = found
        .iter()
        .filter(|f| {
            rules.iter().any(|sel| {
                let meta = sel.rule.meta();
                meta.resource_types.contains(&&*f.key.resource_type)
                    && meta.needs.contains(&crate::rules::Need::Relationships)
            })
        })
        .map(|f| &*f.key.account)
        .collect();
    accounts.sort_unstable();
    accounts.dedup();
    let inv = store.history_inventory(&found, &accounts)?;
    let mut positions: Vec<u32> = found.iter().filter_map(|f| inv.position(&f.key)).collect();
    positions.sort_unstable();
    let snapshots = store.snapshots_for(&found)?;
    let mut ids: Vec<&str> = Vec::new();
    for &pos in &positions {
        if let Some(current) = inv.resource(pos) {
            ids.push(&current.key.resource_id);
            ids.extend(current.arn.as_deref());
            ids.extend(current.name.as_deref());
        }
    }
    let mut texts = store.trail_texts_for(&ids)?;
    let (extra, extra_complete) = extra_cloudtrail(args);
    texts.extend(extra);
    let trail = Trail::from_texts(&texts);
    super::common::report_problems(&trail.problems);
    Ok(Sources {
        complete: trail.problems.is_empty() && extra_complete,
        with_trail: !trail.is_empty() || store.has_events()?,
        inv,
        positions,
        snapshots,
        trail,
    })
}

pub(crate) fn run(args: &TimelineArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let now = evaluation_time(None)?;
    let opts = Options {
        diff: DiffOptions {
            show_empty: args.show_empty,
        },
        since: parse_time("--since", args.since.as_deref())?,
        until: parse_time("--until", args.until.as_deref())?,
        read_only: args.include_read_only,
    };
    let user = load_user_rules(&args.rules_dir, &args.limits)?;
    let rules = default_selection(&args.rules, &user)?;
    let src = match store_path(args.store.as_ref())? {
        Some(path) => from_store(&path, args, &rules)?,
        None => from_files(args)?,
    };
    let trail = src.with_trail.then_some(&src.trail);
    let timelines: Vec<Timeline> = src
        .positions
        .iter()
        .filter_map(|&pos| {
            timeline::build(&src.inv, pos, &src.snapshots, &rules, trail, &opts, now)
        })
        .collect();
    match args.format {
        TimelineFormat::Json => {
            if let [one] = timelines.as_slice() {
                write_json(out, one)?;
            } else {
                write_json(out, &timelines)?;
            }
        }
        TimelineFormat::Table => {
            for t in &timelines {
                print_table(t, src.with_trail, out)?;
            }
        }
        TimelineFormat::Markdown => {
            for t in &timelines {
                print_markdown(t, out)?;
            }
        }
    }
    Ok(Outcome::from_complete(src.complete))
}

fn when(t: Option<DateTime<Utc>>) -> String {
    t.map_or_else(
        || "?".to_owned(),
        |t| t.format("%Y-%m-%d %H:%M:%S").to_string(),
    )
}

fn event_label(v: &timeline::Version) -> String {
    let e = format!("{:?}", v.event).to_lowercase();
    if v.inferred {
        format!("{e} (inferred)")
    } else {
        e
    }
}

fn print_table(t: &Timeline, with_trail: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let r = &t.resource;
    writeln!(
        out,
        "{} {}{} — account {}, {}",
        r.resource_type,
        r.resource_id,
        r.resource_name
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default(),
        r.aws_account_id,
        r.aws_region
    )?;
    let mut tab = table(&[
        "captured (UTC)",
        "event",
        "state id",
        "changes",
        "who (CloudTrail)",
    ]);
    for v in &t.versions {
        let changes: Vec<String> = v
            .changes
            .iter()
            .map(|c| {
                let value = |x: &Option<serde_json::Value>| {
                    x.as_ref()
                        .map_or_else(String::new, std::string::ToString::to_string)
                };
                match c.kind {
                    crate::diff::ChangeKind::Added => format!("+ {} = {}", c.path, value(&c.new)),
                    crate::diff::ChangeKind::Removed => {
                        format!("- {} (was {})", c.path, value(&c.old))
                    }
                    crate::diff::ChangeKind::Changed => {
                        format!("~ {}: {} → {}", c.path, value(&c.old), value(&c.new))
                    }
                }
            })
            .collect();
        let who: Vec<String> =
            if with_trail && v.cloudtrail.is_empty() && v.event != timeline::LifeEvent::Created {
                vec!["(no matching CloudTrail event)".to_owned()]
            } else {
                v.cloudtrail
                    .iter()
                    .map(|e| {
                        format!(
                            "{} {} by {} from {}{}",
                            e.event_time.format("%H:%M:%S"),
                            e.event_name,
                            e.principal,
                            e.source_ip_address.as_deref().unwrap_or("?"),
                            e.error_code
                                .as_deref()
                                .map(|c| format!(" FAILED {c}"))
                                .unwrap_or_default()
                        )
                    })
                    .collect()
            };
        tab.add_row(vec![
            when(v.capture_time),
            event_label(v),
            v.configuration_state_id.clone().unwrap_or_default(),
            changes.join("\n"),
            who.join("\n"),
        ]);
    }
    writeln!(out, "{tab}")?;
    for tr in &t.transitions {
        writeln!(out, "  {}", tr.sentence())?;
    }
    writeln!(out)
}

fn print_markdown(t: &Timeline, out: &mut dyn Write) -> std::io::Result<()> {
    let r = &t.resource;
    writeln!(out, "## {} `{}`\n", r.resource_type, r.resource_id)?;
    writeln!(
        out,
        "Account {}, Region {}.\n",
        r.aws_account_id, r.aws_region
    )?;
    writeln!(
        out,
        "| captured (UTC) | event | changes | CloudTrail |\n|---|---|---|---|"
    )?;
    for v in &t.versions {
        let changes: Vec<String> = v
            .changes
            .iter()
            .map(|c| format!("`{}` {}", c.path, format!("{:?}", c.kind).to_lowercase()))
            .collect();
        let who: Vec<String> = v
            .cloudtrail
            .iter()
            .map(|e| format!("{} by `{}`", e.event_name, e.principal))
            .collect();
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            when(v.capture_time),
            event_label(v),
            changes.join("<br>"),
            who.join("<br>")
        )?;
    }
    if !t.transitions.is_empty() {
        writeln!(out, "\n### Compliance\n")?;
        for tr in &t.transitions {
            writeln!(out, "- {}", tr.sentence())?;
        }
    }
    writeln!(out)
}
