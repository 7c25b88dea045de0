//! Argument definitions. Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::builder::TypedValueParser as _;
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
    Check(CheckArgs),
    Rules(RulesArgs),
    Timeline(TimelineArgs),
    Diff(DiffArgs),
    Changes(ChangesArgs),
    Ingest(IngestArgs),
    Pack(PackArgs),
    Test(TestArgs),
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

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Any NON_COMPLIANT evaluation.
    #[default]
    #[value(
        name = "NON_COMPLIANT",
        alias = "non-compliant",
        alias = "non_compliant"
    )]
    NonCompliant,
    Low,
    Medium,
    High,
    Critical,
    /// Never exit 1 (still exit 2 on incomplete input).
    None,
}

/// Audit configuration with the built-in rules (AWS Config managed rules by their AWS
/// identifiers and parameters, and Trusted Advisor style checks) and user rules, or with
/// the rules of an AWS Config conformance pack template.
///
/// Examples:
///   cfgaudit check snapshots/
///   cfgaudit check snapshots/ --rules-dir custom-rules --param SSH_FROM_ALLOWED_CIDRS.allowedCidrs=10.0.0.0/8
///   cfgaudit check snapshots/ --rules INCOMING_SSH_DISABLED,'s3-*' --format json
///   cfgaudit check snapshots/ --param RESTRICTED_INCOMING_TRAFFIC.blockedPort1=22 --fail-on high
///   cfgaudit check snapshots/ --pack cis-v1.4-level1.yaml --param AccessKeysRotatedParamMaxAccessKeyAge=45
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Rules to run: AWS identifiers, rule names or globs over either (built-in and
    /// user rules), comma-separated. Default: every built-in rule and every user rule.
    #[arg(long, value_delimiter = ',', value_name = "ID,NAME,GLOB")]
    pub rules: Vec<String>,
    /// Run the rules of an AWS Config conformance pack template (YAML or JSON) instead of
    /// the built-in selection. Process checks, custom Lambda and custom policy rules and
    /// identifiers cfgaudit does not implement are listed, never evaluated or counted as
    /// passing. Conflicts with --rules.
    #[arg(long, value_name = "FILE", conflicts_with = "rules")]
    pub pack: Option<PathBuf>,
    /// User rules to load: a directory (searched recursively) or a rule file: Rhai
    /// scripts `*.rhai` and JSONPath rules `*.rule.yaml`, `*.rule.yml`, `*.rule.json`.
    /// Repeatable. User rules run only from directories named here; `custom-rules/` in
    /// the current directory is not loaded implicitly.
    #[arg(long = "rules-dir", value_name = "DIR")]
    pub rules_dir: Vec<PathBuf>,
    #[command(flatten)]
    pub limits: ScriptLimitArgs,
    /// A rule parameter: `RULE.NAME=VALUE` for one rule, or `NAME=VALUE` for every
    /// selected rule that has a parameter of that name. With --pack, `NAME=VALUE` sets a
    /// template parameter (or a pseudo parameter such as `AWS::AccountId`) and RULE may
    /// also be the pack's ConfigRuleName. Repeatable.
    #[arg(long, value_name = "RULE.NAME=VALUE")]
    pub param: Vec<String>,
    /// A JSON or YAML file of parameters: `{RULE: {NAME: VALUE}}`.
    #[arg(long, value_name = "FILE")]
    pub params_file: Option<PathBuf>,
    /// The evaluation time (ISO-8601 or epoch); default now. Rules that compare with
    /// "now" (expirations, stopped instances) use it, so a run can be repeated.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: crate::output::OutputFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a NON_COMPLIANT evaluation is at or above this severity.
    #[arg(
        long,
        value_enum,
        default_value_t,
        value_name = "SEVERITY|NON_COMPLIANT"
    )]
    pub fail_on: FailOn,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum RulesListFormat {
    #[default]
    Table,
    Json,
    Markdown,
}

/// Built-in rule documentation.
///
/// Examples: cfgaudit rules list; cfgaudit rules explain restricted-ssh
#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: RulesCommand,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List every built-in rule with its identifier, name, types, scope and severity.
    List {
        #[arg(long, value_enum, default_value_t)]
        format: RulesListFormat,
    },
    /// Print a rule's generated documentation: what it checks, verdicts, parameters,
    /// differences from AWS.
    Explain {
        /// An AWS identifier (INCOMING_SSH_DISABLED) or rule name (restricted-ssh).
        rule: String,
    },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum TimelineFormat {
    #[default]
    Table,
    Json,
    Markdown,
}

/// The history of one resource: every version, what changed at each step, where its
/// compliance changed and the CloudTrail calls behind each change.
///
/// RESOURCE is a resource id, ARN, name or TYPE/ID. Inputs are any mix of snapshots,
/// history files, change notifications and API outputs; CloudTrail files found among
/// them (or given with --cloudtrail) say who made each change.
///
/// Example: cfgaudit timeline sg-0d3ebf88798d88080 snapshots/ --rules INCOMING_SSH_DISABLED
///
/// With --store, the history comes from the store (no PATH), with the same output.
#[derive(Debug, Args)]
pub struct TimelineArgs {
    pub resource: String,
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Read from a history store (see `cfgaudit ingest`) instead of files: `--store`
    /// alone reads the default store, `--store=FILE` that one (the `=` is required).
    #[arg(
        long,
        value_name = "FILE",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "",
        value_parser = clap::builder::OsStringValueParser::new().map(PathBuf::from)
    )]
    pub store: Option<PathBuf>,
    /// Only versions captured at or after this time.
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Only versions captured at or before this time.
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// Rules whose verdicts to follow (identifiers, names, globs); default: every
    /// built-in rule for the resource's type.
    #[arg(long, value_delimiter = ',', value_name = "ID,NAME,GLOB")]
    pub rules: Vec<String>,
    /// CloudTrail log files or directories (plain or gzip, S3 layout).
    #[arg(long, value_name = "PATH")]
    pub cloudtrail: Vec<PathBuf>,
    /// User rules to follow too (Rhai scripts and JSONPath rules), as for `check`.
    #[arg(long = "rules-dir", value_name = "DIR")]
    pub rules_dir: Vec<PathBuf>,
    #[command(flatten)]
    pub limits: ScriptLimitArgs,
    /// Also show read-only CloudTrail events (Describe*, Get*, List*).
    #[arg(long)]
    pub include_read_only: bool,
    /// Show changes between absent, null and empty values.
    #[arg(long)]
    pub show_empty: bool,
    #[arg(long, value_enum, default_value_t)]
    pub format: TimelineFormat,
}

/// What changed between two sets of inputs (e.g. yesterday's and today's snapshots):
/// resources added, removed and changed with their field diffs, and the compliance
/// delta (new and fixed findings).
///
/// Example: cfgaudit diff old-snapshot.json.gz new-snapshot.json.gz --fail-on-new
///
/// With --store, OLD and NEW are two points in time (ISO-8601 or epoch) and each side is
/// the latest version of every resource captured by then, deletions honoured:
/// cfgaudit diff 2026-03-09 2026-03-11T12:00:00Z --store
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older inputs (a file or directory), or with --store a time.
    pub old: PathBuf,
    /// The newer inputs (a file or directory), or with --store a time.
    pub new: PathBuf,
    /// Read from a history store (see `cfgaudit ingest`) instead of files: `--store`
    /// alone reads the default store, `--store=FILE` that one (the `=` is required).
    #[arg(
        long,
        value_name = "FILE",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "",
        value_parser = clap::builder::OsStringValueParser::new().map(PathBuf::from)
    )]
    pub store: Option<PathBuf>,
    /// Rules for the compliance delta (default: every built-in rule).
    #[arg(long, value_delimiter = ',', value_name = "ID,NAME,GLOB")]
    pub rules: Vec<String>,
    /// Exit 1 when the newer side adds NON_COMPLIANT findings.
    #[arg(long)]
    pub fail_on_new: bool,
    /// User rules for the compliance delta too, as for `check`.
    #[arg(long = "rules-dir", value_name = "DIR")]
    pub rules_dir: Vec<PathBuf>,
    #[command(flatten)]
    pub limits: ScriptLimitArgs,
    /// Show changes between absent, null and empty values.
    #[arg(long)]
    pub show_empty: bool,
    /// The evaluation time for rules that need one (default now).
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: ListFormat,
}

/// The resources that changed most often, with counts per type.
///
/// Example: cfgaudit changes snapshots/ --since 2026-03-09 --type AWS::EC2::SecurityGroup
#[derive(Debug, Args)]
pub struct ChangesArgs {
    /// Files or directories (as for `check`); none with --store.
    #[arg(value_name = "PATH", required_unless_present = "store")]
    pub paths: Vec<PathBuf>,
    /// Read from a history store (see `cfgaudit ingest`) instead of files: `--store`
    /// alone reads the default store, `--store=FILE` that one (the `=` is required).
    #[arg(
        long,
        value_name = "FILE",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "",
        value_parser = clap::builder::OsStringValueParser::new().map(PathBuf::from)
    )]
    pub store: Option<PathBuf>,
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// Only this resource type.
    #[arg(long = "type", value_name = "TYPE")]
    pub resource_type: Option<String>,
    /// How many resources to list.
    #[arg(long, default_value_t = 20)]
    pub top: usize,
    #[arg(long, value_enum, default_value_t)]
    pub format: ListFormat,
}

/// Add inputs to the history store: snapshots, history files, notifications, API
/// outputs and CloudTrail logs (files or directories, plain or gzip). Each file is
/// stored in one transaction; a file already stored (same content, under any path) is
/// skipped, so ingesting twice changes nothing. Prints what each file added; exits 2 if
/// a file had problems (its readable items are stored; an unreadable file is not).
///
/// Examples:
///   cfgaudit ingest AWSLogs/ notifications/ cloudtrail/
///   cfgaudit ingest snapshots/ --store /var/lib/cfgaudit/history.sqlite
///   cfgaudit timeline sg-0d3ebf88798d88080 --store=/var/lib/cfgaudit/history.sqlite
#[derive(Debug, Args)]
pub struct IngestArgs {
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The store (created on first use). Default: `history.sqlite` in the platform's
    /// data directory (`$XDG_DATA_HOME/cfgaudit/`, `~/.local/share/cfgaudit/` on Linux).
    #[arg(long, value_name = "FILE")]
    pub store: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    pub format: ListFormat,
}

/// AWS Config conformance pack templates.
///
/// Example: cfgaudit pack coverage Operational-Best-Practices-for-CIS-AWS-v1.4-Level1.yaml
#[derive(Debug, Args)]
pub struct PackArgs {
    #[command(subcommand)]
    pub command: PackCommand,
}

#[derive(Debug, Subcommand)]
pub enum PackCommand {
    /// Show, per rule of the pack, whether cfgaudit evaluates it: implemented, needs
    /// external data, manual (process check), not evaluable offline (custom Lambda),
    /// unsupported (custom policy) or not implemented. Exit 2 if a rule cannot be resolved
    /// or its parameters are rejected.
    Coverage {
        /// The template (YAML or JSON).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// `NAME=VALUE` sets a template parameter; `RULE.NAME=VALUE` a rule parameter.
        #[arg(long, value_name = "NAME=VALUE")]
        param: Vec<String>,
        #[arg(long, value_enum, default_value_t)]
        format: ListFormat,
    },
}

/// Sandbox limits of user scripts.
#[derive(Debug, Args, Default)]
pub struct ScriptLimitArgs {
    /// A per-evaluation limit of user scripts, `NAME=VALUE`: `operations` (default
    /// 1000000), `call-depth` (32), `expr-depth` (64), `string-size` (1048576
    /// characters), `array-size` (100000), `map-size` (10000), `variables` (1000).
    /// Repeatable.
    #[arg(long = "script-limit", value_name = "NAME=VALUE")]
    pub script_limit: Vec<String>,
}

/// Run the test cases of user rules: for each rule file, every `*.json` case in the
/// folder named after it (`custom-rules/ssh.rhai` → `custom-rules/ssh/*.json`), in the
/// format of the built-in rules' cases (input items, parameters, `now`, exhaustive
/// expected verdicts). Prints PASS or FAIL per case with a diff of expected against
/// actual verdicts. Exit codes: 0 all passed, 1 a case failed or a rule did not load,
/// 2 no rules found or a fatal error.
///
/// Examples:
///   cfgaudit test                       (every rule under custom-rules/)
///   cfgaudit test custom-rules/ssh-from-allowed-cidrs.rhai
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Rule files or directories. Default: `custom-rules/`.
    #[arg(value_name = "RULES")]
    pub rules: Vec<PathBuf>,
    /// Print every case's verdicts, not only those of failing cases.
    #[arg(long, short)]
    pub verbose: bool,
    #[command(flatten)]
    pub limits: ScriptLimitArgs,
}
