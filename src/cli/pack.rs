//! `cfgaudit pack coverage`, and the pack options shared with `check --pack`.

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;
use serde_json::Value;

use super::Outcome;
use super::args::{ListFormat, PackArgs, PackCommand};
use super::check::read_params_file;
use super::common::{table, write_json};
use crate::pack::{Coverage, Pack, PackOptions};

/// `--param` and `--params-file` for a pack: `NAME=VALUE` sets a template parameter (or a
/// pseudo parameter), `RULE.NAME=VALUE` and the file's `{RULE: {NAME: VALUE}}` set a
/// rule's InputParameters. RULE is matched when the pack is resolved.
pub(crate) fn pack_options(
    params: &[String],
    params_file: Option<&Path>,
) -> anyhow::Result<PackOptions> {
    let mut opts = PackOptions::default();
    if let Some(file) = params_file {
        for (rule, values) in read_params_file(file)? {
            opts.rule_params.entry(rule).or_default().extend(values);
        }
    }
    for p in params {
        let (name, value) = p
            .split_once('=')
            .with_context(|| format!("--param `{p}`: expected NAME=VALUE or RULE.NAME=VALUE"))?;
        match name.rsplit_once('.') {
            Some((rule, param)) => {
                opts.rule_params
                    .entry(rule.to_owned())
                    .or_default()
                    .insert(param.to_owned(), Value::String(value.to_owned()));
            }
            None => {
                opts.parameters.insert(name.to_owned(), value.to_owned());
            }
        }
    }
    Ok(opts)
}

fn write_table(c: &Coverage, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut t = table(&["rule", "identifier", "status", "built-in rule / note"]);
    for r in &c.rules {
        let detail = match (r.builtin, &r.note) {
            (Some(b), Some(n)) => format!("{b}: {n}"),
            (Some(b), None) => b.to_owned(),
            (None, Some(n)) => n.clone(),
            (None, None) => String::new(),
        };
        t.add_row(vec![
            r.config_rule_name.clone(),
            r.identifier.clone(),
            r.status.as_str().to_owned(),
            detail,
        ]);
    }
    writeln!(out, "{t}")?;
    let n = &c.counts;
    let mut parts = vec![
        format!("{} implemented", n.implemented),
        format!("{} need external data", n.needs_external_data),
        format!("{} manual", n.manual),
        format!("{} not implemented", n.not_implemented),
    ];
    for (count, label) in [
        (n.not_evaluable, "not evaluable offline"),
        (n.unsupported, "unsupported"),
        (n.invalid, "invalid"),
    ] {
        if count > 0 {
            parts.push(format!("{count} {label}"));
        }
    }
    writeln!(
        out,
        "{}: {} rules ({} managed identifiers): {}",
        c.pack,
        n.rules,
        n.managed_identifiers,
        parts.join(", ")
    )?;
    if !c.skipped.is_empty() {
        writeln!(out, "skipped (condition false): {}", c.skipped.join(", "))?;
    }
    if !c.ignored_resources.is_empty() {
        writeln!(out, "ignored resources: {}", c.ignored_resources.join(", "))?;
    }
    let problems: Vec<&str> = c
        .rules
        .iter()
        .filter_map(|r| r.problem.as_deref())
        .collect();
    if !problems.is_empty() {
        writeln!(out, "{} problem(s):", problems.len())?;
        for p in problems {
            writeln!(out, "  [pack] {p}")?;
        }
    }
    Ok(())
}

pub(crate) fn run(args: &PackArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    match &args.command {
        PackCommand::Coverage {
            file,
            param,
            format,
        } => {
            let pack = Pack::load(file)?;
            let opts = pack_options(param, None)?;
            let coverage = pack.resolve(&opts)?.coverage();
            match format {
                ListFormat::Json => write_json(out, &coverage)?,
                ListFormat::Table => write_table(&coverage, out)?,
            }
            Ok(Outcome::from_complete(coverage.is_clean()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_split_into_template_and_rule_values() {
        let opts = pack_options(
            &[
                "Port=22".to_owned(),
                "AWS::AccountId=123456789012".to_owned(),
                "restricted-common-ports.blockedPort1=22".to_owned(),
                "url=a=b".to_owned(),
            ],
            None,
        )
        .unwrap();
        assert_eq!(opts.parameters["Port"], "22");
        assert_eq!(opts.parameters["AWS::AccountId"], "123456789012");
        assert_eq!(opts.parameters["url"], "a=b");
        assert_eq!(
            opts.rule_params["restricted-common-ports"]["blockedPort1"],
            Value::from("22")
        );
        assert!(pack_options(&["novalue".to_owned()], None).is_err());
    }
}
