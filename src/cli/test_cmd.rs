//! `cfgaudit test`: runs the test cases of user rules with the runner of the built-in
//! rules' fixtures (`crate::cases`), and prints PASS/FAIL per case with a diff of the
//! expected against the actual verdicts.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Outcome;
use super::args::TestArgs;
use super::check::load_user_rules;
use crate::cases::{self, Case, CaseResult};
use crate::report::Evaluation;
use crate::rules::custom::UserRule;

/// The default rule directory of `cfgaudit test`.
const DEFAULT_DIR: &str = "custom-rules";

/// The `*.json` case files of a rule, sorted.
pub(crate) fn case_files(rule: &UserRule) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(rule.cases_dir())
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    files
}

fn shown(e: &Evaluation<'_>) -> String {
    format!("{} {} {:?}", e.resource_id, e.compliance_type, e.annotation)
}

/// The diff of one case: `=` expected and found, `-` expected, `+` actual.
fn diff(case: &Case, actual: &[Evaluation<'_>]) -> Vec<String> {
    let mut lines = Vec::new();
    let (pairs, used) = crate::cases::pair(&case.expect, actual);
    for (exp, found) in case.expect.iter().zip(pairs) {
        let want = match &exp.annotation {
            Some(a) => format!("{} {} ~{a:?}", exp.resource_id, exp.compliance),
            None => format!("{} {}", exp.resource_id, exp.compliance),
        };
        match found.map(|i| &actual[i]) {
            Some(e) => {
                let ok = e.compliance_type == exp.compliance
                    && exp
                        .annotation
                        .as_deref()
                        .is_none_or(|a| e.annotation.contains(a));
                if ok {
                    lines.push(format!("  = {}", shown(e)));
                } else {
                    lines.push(format!("  - {want}"));
                    lines.push(format!("  + {}", shown(e)));
                }
            }
            None => lines.push(format!("  - {want}")),
        }
    }
    for (e, used) in actual.iter().zip(used) {
        if !used {
            lines.push(format!("  + {}", shown(e)));
        }
    }
    lines
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

pub(crate) fn run(args: &TestArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let paths = if args.rules.is_empty() {
        vec![PathBuf::from(DEFAULT_DIR)]
    } else {
        args.rules.clone()
    };
    let set = load_user_rules(&paths, &args.limits)?;
    if set.rules().is_empty() && set.errors().is_empty() {
        anyhow::bail!(
            "no user rules (*.rhai, *.rule.yaml, *.rule.yml, *.rule.json) under {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let (mut passed, mut failed, mut untested) = (0usize, 0usize, 0usize);
    for e in set.errors() {
        failed += 1;
        writeln!(out, "ERROR {e}")?;
    }
    for rule in set.rules() {
        let id = rule.meta().identifier;
        let files = case_files(rule);
        if files.is_empty() {
            untested += 1;
            writeln!(
                out,
                "NO CASES {id}: add cases to {}/",
                display(&rule.cases_dir())
            )?;
            continue;
        }
        for file in files {
            let result: Result<(Case, CaseResult), String> = cases::read_case(&file)
                .and_then(|case| cases::run_case(&file, &case, rule.rule_ref()).map(|r| (case, r)));
            match result {
                Ok((case, r)) if r.passed() => {
                    passed += 1;
                    writeln!(out, "PASS {} ({id})", display(&file))?;
                    if args.verbose {
                        for l in diff(&case, &r.evaluations()) {
                            writeln!(out, "{l}")?;
                        }
                    }
                }
                Ok((case, r)) => {
                    failed += 1;
                    writeln!(out, "FAIL {} ({id}): {}", display(&file), case.description)?;
                    for f in &r.failures {
                        writeln!(out, "  {f}")?;
                    }
                    writeln!(out, "  expected (-) against actual (+):")?;
                    for l in diff(&case, &r.evaluations()) {
                        writeln!(out, "{l}")?;
                    }
                }
                Err(e) => {
                    failed += 1;
                    writeln!(out, "FAIL {} ({id}): {e}", display(&file))?;
                }
            }
        }
    }
    writeln!(
        out,
        "\n{} rule(s): {passed} case(s) passed, {failed} failed{}",
        set.rules().len(),
        if untested > 0 {
            format!(", {untested} rule(s) without cases")
        } else {
            String::new()
        }
    )?;
    Ok(if failed > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
