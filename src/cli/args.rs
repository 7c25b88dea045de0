//! Argument definitions. Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Offline compliance checker for AWS Config data: snapshots, history files, change
/// notifications and API outputs, plain or gzipped, in the S3 delivery layout or loose.
#[derive(Debug, Parser)]
#[command(name = "cfgaudit", version, propagate_version = true)]
#[command(
    after_help = "Exit codes: 0 complete and clean, 1 findings, 2 incomplete input or error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Inspect(InspectArgs),
    Resources(ResourcesArgs),
    Show(ShowArgs),
    Graph(GraphArgs),
}

/// Input paths shared by every command that reads AWS Config data.
#[derive(Debug, Args)]
pub struct Inputs {
    /// Files or directories (walked recursively; `.json`, `.json.gz`, `.gz`); `-` reads
    /// standard input. Gzip is recognised by its magic bytes, not the extension.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    #[default]
    Table,
    Json,
}

/// Summarise inputs: files and their formats, items, types, accounts, Regions,
/// relationships, unresolved targets and problems.
///
/// Example: cfgaudit inspect snapshots/
#[derive(Debug, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    #[arg(long, value_enum, default_value_t)]
    pub format: ListFormat,
}

/// List resources (current state), one line each.
///
/// Example: cfgaudit resources snapshots/ --type AWS::EC2::SecurityGroup --region us-east-1
#[derive(Debug, Args)]
pub struct ResourcesArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Only this resource type (e.g. AWS::S3::Bucket).
    #[arg(long = "type", value_name = "TYPE")]
    pub resource_type: Option<String>,
    /// Only this account id.
    #[arg(long)]
    pub account: Option<String>,
    /// Only this Region (`global` for IAM).
    #[arg(long)]
    pub region: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: ListFormat,
}

/// Show one resource: the normalized item and its neighbours in the graph.
///
/// RESOURCE is a resource id, an ARN, a name or `TYPE/ID`. Example:
/// cfgaudit show snapshots/ AWS::EC2::SecurityGroup/sg-0a1b2c3d
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Inputs, then the resource as the last argument.
    #[arg(required = true, num_args = 2.., value_name = "PATH... RESOURCE")]
    pub args: Vec<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: ListFormat,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    #[default]
    Dot,
    Mermaid,
    Json,
}

/// Export the relationship graph (all of it, or around one resource).
///
/// Example: cfgaudit graph snapshots/ --resource i-0abc --depth 2 --format mermaid
#[derive(Debug, Args)]
pub struct GraphArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Only the neighbourhood of this resource (id, ARN, name or TYPE/ID).
    #[arg(long)]
    pub resource: Option<String>,
    /// How many hops around --resource.
    #[arg(long, default_value_t = 1, requires = "resource")]
    pub depth: usize,
    #[arg(long, value_enum, default_value_t)]
    pub format: GraphFormat,
}
