//! Reporters: each renders a finished [`Report`] and nothing else. They never evaluate.

mod json;
mod table;

use std::io::{self, Write};

use clap::ValueEnum;

use crate::report::Report;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    #[default]
    Table,
    Json,
}

/// Writes `report` in `format`.
pub fn write(report: &Report, format: OutputFormat, w: &mut dyn Write) -> io::Result<()> {
    match format {
        OutputFormat::Table => table::write(report, w),
        OutputFormat::Json => json::write(report, w),
    }
}
