//! Reporters: each renders a finished [`Report`] and nothing else. They never evaluate.

mod csv;
mod json;
mod junit;
mod markdown;
mod sarif;
mod table;

use std::io::{self, Write};

use clap::ValueEnum;

use crate::report::Report;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    #[default]
    Table,
    Json,
    Csv,
    Sarif,
    Junit,
    Markdown,
}

/// Writes `report` in `format`.
pub fn write(report: &Report, format: OutputFormat, w: &mut dyn Write) -> io::Result<()> {
    match format {
        OutputFormat::Table => table::write(report, w),
        OutputFormat::Json => json::write(report, w),
        OutputFormat::Csv => csv::write(report, w),
        OutputFormat::Sarif => sarif::write(report, w),
        OutputFormat::Junit => junit::write(report, w),
        OutputFormat::Markdown => markdown::write(report, w),
    }
}
