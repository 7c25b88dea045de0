//! The command line. Only this module (and `output`) writes to the terminal.
//!
//! Exit codes, for every command:
//! - `0`: the run was complete and nothing reached `--fail-on`;
//! - `1`: findings at or above `--fail-on` (or new findings with `--fail-on-new`);
//! - `2`: the run was incomplete (a file or item could not be read, a rule errored) or a
//!   fatal error. `2` wins over `1`. clap's usage errors also exit `2`.

mod args;
mod changes;
mod check;
mod common;
mod diff;
mod graph;
mod ingest;
mod inspect;
mod pack;
mod resources;
mod rules_cmd;
mod show;
mod test_cmd;
mod timeline;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

pub use args::Cli;
use args::Command;

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    Clean = 0,
    Findings = 1,
    Incomplete = 2,
}

impl Outcome {
    /// Incomplete input wins over findings.
    pub fn worst(self, other: Self) -> Self {
        self.max(other)
    }

    pub fn from_complete(complete: bool) -> Self {
        if complete {
            Self::Clean
        } else {
            Self::Incomplete
        }
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = run(cli);
    match result {
        Ok(outcome) => ExitCode::from(outcome as u8),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(io::stderr(), "error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let outcome = match cli.command {
        Command::Inspect(a) => inspect::run(&a, &mut out)?,
        Command::Resources(a) => resources::run(&a, &mut out)?,
        Command::Show(a) => show::run(&a, &mut out)?,
        Command::Graph(a) => graph::run(&a, &mut out)?,
        Command::Check(a) => check::run(&a, &mut out)?,
        Command::Rules(a) => rules_cmd::run(&a, &mut out)?,
        Command::Timeline(a) => timeline::run(&a, &mut out)?,
        Command::Diff(a) => diff::run(&a, &mut out)?,
        Command::Changes(a) => changes::run(&a, &mut out)?,
        Command::Ingest(a) => ingest::run(&a, &mut out)?,
        Command::Pack(a) => pack::run(&a, &mut out)?,
        Command::Test(a) => test_cmd::run(&a, &mut out)?,
    };
    out.flush()?;
    Ok(outcome)
}
