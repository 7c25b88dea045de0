//! The `cfgaudit` binary: parses arguments and hands over to [`cfgaudit::cli`].

use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cfgaudit::cli::main()
}
