//! `cfgaudit rules list` and `cfgaudit rules explain`: the generated rule docs.

use std::io::Write;

use anyhow::Context as _;

use super::Outcome;
use super::args::{RulesArgs, RulesCommand, RulesListFormat};
use super::common::{table, write_json};
use crate::catalogue;
use crate::rules;

pub(crate) fn run(args: &RulesArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    match &args.command {
        RulesCommand::List { format } => {
            let all = rules::registry();
            match format {
                RulesListFormat::Json => {
                    let metas: Vec<_> = all.iter().map(|r| r.meta()).collect();
                    write_json(out, &metas)?;
                }
                RulesListFormat::Markdown => write!(out, "{}", catalogue::render_index())?,
                RulesListFormat::Table => {
                    let mut t = table(&[
                        "identifier",
                        "name",
                        "resource types",
                        "scope",
                        "severity",
                        "fidelity",
                    ]);
                    for r in all {
                        let m = r.meta();
                        t.add_row(vec![
                            m.identifier.to_owned(),
                            m.name.to_owned(),
                            if m.resource_types.is_empty() {
                                "(account)".to_owned()
                            } else {
                                m.resource_types.join("\n")
                            },
                            catalogue::scope_label(m.scope).to_owned(),
                            m.severity.as_str().to_owned(),
                            catalogue::fidelity_label(m.fidelity),
                        ]);
                    }
                    writeln!(out, "{t}")?;
                    writeln!(out, "{} rules", all.len())?;
                }
            }
        }
        RulesCommand::Explain { rule } => {
            let r = rules::find(rule).with_context(|| {
                format!("no built-in rule `{rule}` (see `cfgaudit rules list`)")
            })?;
            write!(out, "{}", catalogue::render_page(r.meta()))?;
        }
    }
    Ok(Outcome::Clean)
}
