//! End-to-end speed and memory of cfgaudit against the practical limits of JSON parsing.
//!
//! `cargo bench --bench pipeline` generates deterministic ConfigSnapshot files with
//! [`cfgaudit::synth`] (cached under `target/bench-data/`, plain and gzipped), then runs
//! every phase in a fresh child process (this binary with `__phase`), so each phase has
//! its own peak RSS (`VmHWM`), and prints one table with ratios measured in the same run.
//!
//! Runs go round the phases (each phase keeps its fastest run for the table; the scaling
//! ratio between sizes uses the mean of the runs); the file is read through once before
//! each child so the measured phase finds it in the page cache. Phases whose memory,
//! extrapolated from the smaller size, would exceed half the available memory are
//! skipped (a full `Value` of a million items takes ~16 GB).
//!
//! Environment:
//! - `CFGAUDIT_BENCH_SIZES`: item counts, comma-separated (`10000`, `100k`, `1M`);
//!   default `100k,1M`. `CFGAUDIT_BENCH_SIZES=10000` is a quick run.
//! - `CFGAUDIT_BENCH_RUNS`: runs per phase, the fastest is kept; default 3 up to 200k
//!   items, 1 above.
//! - `CFGAUDIT_BENCH_PHASES`: a comma-separated subset of the phase names below.
//! - `CFGAUDIT_BENCH_SEED`, `CFGAUDIT_BENCH_ACCOUNTS`: generator inputs (1 and 20).
//!
//! Phases: `skeleton` (serde_json into a typed struct borrowing `configuration` and
//! `supplementaryConfiguration` as `&RawValue`: the practical limit), `value` (a full
//! `serde_json::Value`), `load` and `load-gz` (`load_paths` + `Inventory::build`),
//! `decode` (load, then every item's `configuration()` and `supplementary()`),
//! `check-all` / `check-all-gz` (every built-in rule with default parameters through
//! `engine::run`) and `check-6` / `check-6-gz` (six rules).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use cfgaudit::Inventory;
use cfgaudit::engine::{self, Plan, Selected};
use cfgaudit::load;
use cfgaudit::rules::{self, ManagedRule, ValidParams};
use cfgaudit::synth;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const REGIONS: &[&str] = &["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1"];

/// The six-rule check: INCOMING_SSH_DISABLED, then the first five of these that exist.
const SIX_RULES: &[&str] = &[
    "INCOMING_SSH_DISABLED",
    "S3_BUCKET_VERSIONING_ENABLED",
    "ENCRYPTED_VOLUMES",
    "RDS_INSTANCE_PUBLIC_ACCESS_CHECK",
    "S3_BUCKET_PUBLIC_READ_PROHIBITED",
    "EC2_IMDSV2_CHECK",
    "RESTRICTED_INCOMING_TRAFFIC",
    "IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS",
    "CLOUD_TRAIL_ENCRYPTION_ENABLED",
    "VPC_DEFAULT_SECURITY_GROUP_CLOSED",
    "RDS_STORAGE_ENCRYPTED",
    "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED",
    "MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS",
];

const PHASES: &[&str] = &[
    "skeleton",
    "value",
    "load",
    "load-gz",
    "decode",
    "check-all",
    "check-all-gz",
    "check-6",
    "check-6-gz",
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("__phase") {
        return child(&args[2..]);
    }
    if !args.iter().any(|a| a == "--bench") {
        // `cargo test --all-targets` runs bench binaries without `--bench`: do nothing.
        println!("pipeline benchmark: run it with `cargo bench --bench pipeline`");
        return ExitCode::SUCCESS;
    }
    match parent() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pipeline benchmark failed: {e}");
            ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------------------------------
// Child: one phase, measured from the start of the work to its end (the exit is free).

/// What a child reports on its last line of standard output.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Measured {
    wall_s: f64,
    /// User and system CPU time of the whole process, all threads.
    cpu_s: f64,
    /// Peak resident set (`VmHWM`), KiB.
    peak_kb: u64,
    items: usize,
    /// Named sub-timings, seconds.
    parts: BTreeMap<String, f64>,
    notes: Vec<String>,
}

fn child(args: &[String]) -> ExitCode {
    let [phase, plain, gz] = args else {
        eprintln!("usage: pipeline __phase <phase> <file.json> <file.json.gz>");
        return ExitCode::FAILURE;
    };
    let (plain, gz) = (PathBuf::from(plain), PathBuf::from(gz));
    let start = Instant::now();
    let mut m = Measured::default();
    match phase.as_str() {
        "skeleton" => skeleton(&plain, &mut m),
        "value" => value(&plain, &mut m),
        "load" => {
            let inv = load_inventory(&plain, &mut m);
            std::mem::forget(inv);
        }
        "load-gz" => {
            let inv = load_inventory(&gz, &mut m);
            std::mem::forget(inv);
        }
        "decode" => decode(&plain, &mut m),
        "check-all" => check(&plain, &all_rules(&mut m), &mut m),
        "check-all-gz" => check(&gz, &all_rules(&mut m), &mut m),
        "check-6" => check(&plain, &six_rules(&mut m), &mut m),
        "check-6-gz" => check(&gz, &six_rules(&mut m), &mut m),
        other => {
            eprintln!("unknown phase {other}");
            return ExitCode::FAILURE;
        }
    }
    m.wall_s = start.elapsed().as_secs_f64();
    m.cpu_s = cpu_seconds();
    m.peak_kb = vm_hwm_kb();
    let line = serde_json::to_string(&m).unwrap_or_default();
    println!("RESULT {line}");
    let _ = io::stdout().flush();
    // Large structures were forgotten; the OS frees them faster than `drop` would.
    std::process::exit(0);
}

/// utime + stime from `/proc/self/stat`, in seconds (clock ticks of 1/100 s).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The command name may hold spaces; fields count from after its `)`.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 of the line, 11 and 12 after the name.
    f64::from(ticks(11) + ticks(12)) / 100.0
}

fn vm_hwm_kb() -> u64 {
    status_kb("VmHWM:")
}

/// A `/proc/self/status` memory line, KiB.
fn status_kb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Current and peak resident memory, for the notes.
fn rss_note(when: &str) -> String {
    format!(
        "RSS {when} {} MB (peak {} MB)",
        status_kb("VmRSS:") / 1024,
        status_kb("VmHWM:") / 1024
    )
}

/// The practical limit: the top level of each item typed, the big values borrowed.
#[derive(Deserialize)]
#[allow(
    non_snake_case,
    dead_code,
    reason = "AWS's wire names; fields only parsed"
)]
struct SkelSnapshot<'a> {
    #[serde(borrow)]
    fileVersion: Cow<'a, str>,
    #[serde(borrow)]
    configSnapshotId: Cow<'a, str>,
    #[serde(borrow)]
    configurationItems: Vec<SkelItem<'a>>,
}

#[derive(Deserialize)]
#[allow(
    non_snake_case,
    dead_code,
    reason = "AWS's wire names; fields only parsed"
)]
struct SkelItem<'a> {
    #[serde(borrow)]
    relatedEvents: Option<&'a RawValue>,
    #[serde(borrow)]
    relationships: Vec<SkelRel<'a>>,
    #[serde(borrow)]
    configuration: Option<&'a RawValue>,
    #[serde(borrow)]
    supplementaryConfiguration: Option<&'a RawValue>,
    #[serde(borrow)]
    tags: Option<&'a RawValue>,
    #[serde(borrow)]
    configurationItemVersion: Option<Cow<'a, str>>,
    #[serde(borrow)]
    configurationItemCaptureTime: Option<Cow<'a, str>>,
    configurationStateId: Option<u64>,
    #[serde(borrow)]
    awsAccountId: Cow<'a, str>,
    #[serde(borrow)]
    configurationItemStatus: Option<Cow<'a, str>>,
    #[serde(borrow)]
    resourceType: Cow<'a, str>,
    #[serde(borrow)]
    resourceId: Cow<'a, str>,
    #[serde(borrow)]
    resourceName: Option<Cow<'a, str>>,
    #[serde(borrow)]
    ARN: Option<Cow<'a, str>>,
    #[serde(borrow)]
    awsRegion: Option<Cow<'a, str>>,
    #[serde(borrow)]
    availabilityZone: Option<Cow<'a, str>>,
    #[serde(borrow)]
    configurationStateMd5Hash: Option<Cow<'a, str>>,
    #[serde(borrow)]
    resourceCreationTime: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[allow(
    non_snake_case,
    dead_code,
    reason = "AWS's wire names; fields only parsed"
)]
struct SkelRel<'a> {
    #[serde(borrow)]
    resourceType: Cow<'a, str>,
    #[serde(borrow)]
    resourceId: Option<Cow<'a, str>>,
    #[serde(borrow)]
    resourceName: Option<Cow<'a, str>>,
    #[serde(borrow)]
    name: Cow<'a, str>,
}

fn read_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    String::from_utf8(bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn skeleton(path: &Path, m: &mut Measured) {
    let t = Instant::now();
    let text = read_text(path);
    m.parts.insert("read".into(), t.elapsed().as_secs_f64());
    let t = Instant::now();
    let snap: SkelSnapshot<'_> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("skeleton parse: {e}"));
    m.parts.insert("parse".into(), t.elapsed().as_secs_f64());
    m.items = snap.configurationItems.len();
    std::mem::forget(snap);
    std::mem::forget(text);
}

fn value(path: &Path, m: &mut Measured) {
    let t = Instant::now();
    let text = read_text(path);
    m.parts.insert("read".into(), t.elapsed().as_secs_f64());
    let t = Instant::now();
    let v: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("value parse: {e}"));
    m.parts.insert("parse".into(), t.elapsed().as_secs_f64());
    m.items = v["configurationItems"].as_array().map_or(0, Vec::len);
    std::mem::forget(v);
    std::mem::forget(text);
}

/// Runs `f`, recording its wall time as `name` and its CPU time as `name cpu`.
fn timed<T>(m: &mut Measured, name: &str, f: impl FnOnce() -> T) -> T {
    let (t, cpu) = (Instant::now(), cpu_seconds());
    let out = f();
    m.parts.insert(name.to_owned(), t.elapsed().as_secs_f64());
    m.parts.insert(format!("{name} cpu"), cpu_seconds() - cpu);
    out
}

fn load_inventory(path: &Path, m: &mut Measured) -> Inventory {
    let loaded = timed(m, "load", || {
        load::load_paths(&[path.to_path_buf()], &|_| {})
    });
    m.notes.push(rss_note("after load"));
    assert!(
        loaded.problems.is_empty(),
        "load problems: {:?}",
        loaded.problems.first()
    );
    let inv = timed(m, "index+graph", || Inventory::build(loaded));
    m.notes.push(rss_note("after index+graph"));
    m.items = inv.len();
    let stats = inv.graph_stats();
    m.notes.push(format!(
        "edges {} recorded + {} inferred, {} unresolved",
        stats.recorded_edges, stats.inferred_edges, stats.unresolved_targets
    ));
    inv
}

fn decode(path: &Path, m: &mut Measured) {
    let inv = load_inventory(path, m);
    // What a rule set covering every type does: every item's configuration, then
    // (S3 and a few others) its supplementary configuration.
    let all = || {
        (0..u32::try_from(inv.len()).unwrap_or(u32::MAX))
            .into_par_iter()
            .filter_map(|p| inv.resource(p))
    };
    let objects: usize = timed(m, "configuration", || {
        all()
            .map(|item| usize::from(item.configuration().is_object()))
            .sum::<usize>()
    }) + timed(m, "supplementary", || {
        all()
            .map(|item| usize::from(item.supplementary().is_object()))
            .sum::<usize>()
    });
    m.notes.push(format!("{objects} objects decoded"));
    std::mem::forget(inv);
}

fn plan_of(rules: &[&'static dyn ManagedRule], m: &mut Measured) -> Plan {
    let mut plan = Plan::default();
    for &rule in rules {
        match ValidParams::validate(rule.meta(), &BTreeMap::new()) {
            Ok(params) => plan.selected.push(Selected::new(rule, params)),
            Err(e) => m
                .notes
                .push(format!("skipped {}: {e}", rule.meta().identifier)),
        }
    }
    plan
}

fn all_rules(m: &mut Measured) -> Plan {
    let plan = plan_of(rules::registry(), m);
    m.notes.push(format!("{} rules", plan.selected.len()));
    plan
}

fn six_rules(m: &mut Measured) -> Plan {
    let chosen: Vec<&'static dyn ManagedRule> = SIX_RULES
        .iter()
        .filter_map(|id| rules::find(id))
        .take(6)
        .collect();
    let plan = plan_of(&chosen, m);
    let ids: Vec<&str> = plan
        .selected
        .iter()
        .map(|s| s.rule.meta().identifier)
        .collect();
    m.notes
        .push(format!("{} rules: {}", ids.len(), ids.join(" ")));
    plan
}

fn check(path: &Path, plan: &Plan, m: &mut Measured) {
    let mut inv = load_inventory(path, m);
    let now = chrono::DateTime::parse_from_rfc3339("2026-02-14T00:00:00Z")
        .map(|t| t.to_utc())
        .unwrap_or_default();
    let report = timed(m, "evaluate", || engine::run(&mut inv, plan, now));
    m.notes.push(rss_note("after evaluate"));
    m.notes
        .push(format!("{} evaluations", report.evaluations().len()));
    std::mem::forget(report);
    std::mem::forget(inv);
}

// ---------------------------------------------------------------------------------------
// Parent: data, children, table.

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| default.to_owned())
}

fn parse_count(s: &str) -> Option<usize> {
    let s = s.trim().to_ascii_lowercase();
    let (digits, mult) = match s.as_bytes().last()? {
        b'k' => (&s[..s.len() - 1], 1_000),
        b'm' => (&s[..s.len() - 1], 1_000_000),
        _ => (s.as_str(), 1),
    };
    digits.parse::<usize>().ok().map(|n| n * mult)
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
        PathBuf::from,
    )
}

struct Tee<A: Write, B: Write>(A, B);

impl<A: Write, B: Write> Write for Tee<A, B> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write_all(buf)?;
        self.1.write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()?;
        self.1.flush()
    }
}

/// The cached plain and gzipped files for `items`, generated when missing.
fn data_files(items: usize, seed: u64, accounts: usize) -> io::Result<(PathBuf, PathBuf)> {
    let dir = target_dir().join("bench-data");
    std::fs::create_dir_all(&dir)?;
    let stem = format!(
        "synth-v{}-seed{seed}-acct{accounts}-{items}",
        synth::GENERATOR_VERSION
    );
    let plain = dir.join(format!("{stem}.json"));
    let gz = dir.join(format!("{stem}.json.gz"));
    if plain.is_file() && gz.is_file() {
        return Ok((plain, gz));
    }
    eprintln!("generating {} …", plain.display());
    let t = Instant::now();
    let tmp_plain = dir.join(format!("{stem}.json.tmp"));
    let tmp_gz = dir.join(format!("{stem}.json.gz.tmp"));
    let mut out = Tee(
        BufWriter::with_capacity(1 << 20, File::create(&tmp_plain)?),
        flate2::write::GzEncoder::new(
            BufWriter::with_capacity(1 << 20, File::create(&tmp_gz)?),
            flate2::Compression::default(),
        ),
    );
    let bytes = synth::write_snapshot(&mut out, items, seed, accounts, REGIONS)?;
    let Tee(mut a, b) = out;
    a.flush()?;
    b.finish()?.flush()?;
    std::fs::rename(&tmp_plain, &plain)?;
    std::fs::rename(&tmp_gz, &gz)?;
    eprintln!(
        "generated {items} items, {:.1} MB in {:.1}s",
        mb(bytes),
        t.elapsed().as_secs_f64()
    );
    Ok((plain, gz))
}

#[allow(clippy::cast_precision_loss, reason = "sizes for display")]
fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn one_minute_load() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(0.0)
}

fn run_child(phase: &str, plain: &Path, gz: &Path) -> io::Result<Measured> {
    let out = Command::new(std::env::current_exe()?)
        .arg("__phase")
        .arg(phase)
        .arg(plain)
        .arg(gz)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("RESULT "))
        .ok_or_else(|| io::Error::other(format!("phase {phase} failed: {}", out.status)))?;
    serde_json::from_str(line).map_err(io::Error::other)
}

/// The fastest of `runs` runs of a phase, with the highest peak seen.
struct Row {
    size: usize,
    input: u64,
    phase: &'static str,
    best: Measured,
    peak_kb: u64,
    load: f64,
    /// Every run's wall and CPU time, for the scaling ratio (a mean compares a best of
    /// three with a single run less unfairly than a best does).
    walls: Vec<f64>,
    cpus: Vec<f64>,
}

#[allow(clippy::cast_precision_loss, reason = "a handful of runs")]
fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len().max(1) as f64
}

/// The runs of one phase so far.
#[derive(Clone, Default)]
struct Runs {
    best: Option<Measured>,
    peak_kb: u64,
    load: f64,
    walls: Vec<f64>,
    cpus: Vec<f64>,
}

/// Reads a file through once so that the phase measured next finds it in the page
/// cache (a 2 GB file evicted by other work read at 80 MB/s in one run).
fn warm(path: &Path) -> io::Result<()> {
    let mut f = File::open(path)?;
    let mut buf = vec![0u8; 1 << 20];
    while io::Read::read(&mut f, &mut buf)? > 0 {}
    Ok(())
}

/// A `/proc/meminfo` line, KiB.
fn meminfo_kb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let mem = meminfo_kb("MemTotal:");
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_default();
    format!(
        "{cores} cores ({cpu}), {:.1} GiB RAM",
        mb(mem * 1024) * 1e6 / f64::from(1u32 << 30)
    )
}

#[allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "sizes for display and estimates"
)]
fn parent() -> io::Result<()> {
    let sizes: Vec<usize> = env_or("CFGAUDIT_BENCH_SIZES", "100k,1M")
        .split(',')
        .filter_map(parse_count)
        .collect();
    let seed: u64 = env_or("CFGAUDIT_BENCH_SEED", "1").parse().unwrap_or(1);
    let accounts: usize = env_or("CFGAUDIT_BENCH_ACCOUNTS", "20")
        .parse()
        .unwrap_or(20);
    let runs_override: Option<usize> = std::env::var("CFGAUDIT_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok());
    let wanted = env_or("CFGAUDIT_BENCH_PHASES", &PHASES.join(","));
    let phases: Vec<&'static str> = PHASES
        .iter()
        .copied()
        .filter(|p| wanted.split(',').any(|w| w.trim() == *p))
        .collect();

    println!("machine: {}", machine());
    println!("load average before: {}", load_average());
    let mut rows: Vec<Row> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    for &size in &sizes {
        let (plain, gz) = data_files(size, seed, accounts)?;
        let input = std::fs::metadata(&plain)?.len();
        let gz_len = std::fs::metadata(&gz)?.len();
        println!(
            "{size} items: {:.1} MB JSON ({:.0} B/item), {:.1} MB gzipped",
            mb(input),
            mb(input) * 1e6 / size.max(1) as f64,
            mb(gz_len)
        );
        let runs = runs_override.unwrap_or(if size <= 200_000 { 3 } else { 1 });
        // Phases whose memory, extrapolated from a smaller size, would not fit in half the
        // available memory are skipped (a full `Value` of a million items takes ~16 GB).
        let available = meminfo_kb("MemAvailable:");
        let runnable: Vec<&'static str> = phases
            .iter()
            .copied()
            .filter(|&phase| {
                let smaller = rows
                    .iter()
                    .filter(|r| r.phase == phase && r.size < size)
                    .max_by_key(|r| r.size);
                let predicted = smaller.map_or(0, |r| {
                    (r.peak_kb as f64 * size as f64 / r.size as f64) as u64
                });
                let fits = available == 0 || predicted < available / 2;
                if !fits {
                    let note = format!(
                        "{phase} skipped at {size} items: ~{:.1} GB predicted, {:.1} GB available",
                        mb(predicted * 1024) / 1e3,
                        mb(available * 1024) / 1e3
                    );
                    eprintln!("  {note}");
                    notes.push(note);
                }
                fits
            })
            .collect();
        // Runs go round the phases, so that the machine's load changes hit them alike;
        // each phase keeps its fastest run.
        let mut measured: Vec<Runs> = vec![Runs::default(); runnable.len()];
        for run in 0..runs.max(1) {
            for (&phase, runs) in runnable.iter().zip(&mut measured) {
                let Runs {
                    best,
                    peak_kb,
                    load,
                    walls,
                    cpus,
                } = runs;
                warm(if phase.ends_with("-gz") { &gz } else { &plain })?;
                *load = load.max(one_minute_load());
                let m = run_child(phase, &plain, &gz)?;
                walls.push(m.wall_s);
                cpus.push(m.cpu_s);
                eprintln!(
                    "  run {} {phase:<13} {:>8.3}s wall {:>7.2}s CPU  peak {:>7.1} MB  {}",
                    run + 1,
                    m.wall_s,
                    m.cpu_s,
                    mb(m.peak_kb * 1024),
                    m.notes.join("; ")
                );
                *peak_kb = (*peak_kb).max(m.peak_kb);
                if best.as_ref().is_none_or(|b| m.wall_s < b.wall_s) {
                    *best = Some(m);
                }
            }
        }
        for (&phase, runs) in runnable.iter().zip(measured) {
            let Runs {
                best,
                peak_kb,
                load,
                walls,
                cpus,
            } = runs;
            let best = best.unwrap_or_default();
            for n in &best.notes {
                let note = format!("{phase}: {n}");
                if n.contains("rules") && !notes.contains(&note) {
                    notes.push(note);
                }
            }
            rows.push(Row {
                size,
                input,
                phase,
                best,
                peak_kb,
                load,
                walls,
                cpus,
            });
        }
    }
    println!("load average after: {}", load_average());
    println!();
    print!("{}", table(&rows));
    println!();
    for n in notes {
        println!("{n}");
    }
    println!();
    print!("{}", targets(&rows));
    Ok(())
}

fn find<'r>(rows: &'r [Row], size: usize, phase: &str) -> Option<&'r Row> {
    rows.iter().find(|r| r.size == size && r.phase == phase)
}

#[allow(clippy::cast_precision_loss, reason = "ratios for display")]
fn table(rows: &[Row]) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "| items | phase | wall s | CPU s | MB/s | items/s | peak RSS MB | RSS / input | × skeleton | × smaller size | load | breakdown s |"
    );
    let _ = writeln!(
        t,
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    );
    let sizes: Vec<usize> = {
        let mut s: Vec<usize> = rows.iter().map(|r| r.size).collect();
        s.dedup();
        s
    };
    for r in rows {
        let wall = r.best.wall_s.max(1e-9);
        let skeleton = find(rows, r.size, "skeleton").map(|s| r.best.wall_s / s.best.wall_s);
        let smaller = sizes
            .iter()
            .copied()
            .filter(|&s| s < r.size)
            .max()
            .and_then(|s| find(rows, s, r.phase))
            .map(|s| r.best.wall_s / s.best.wall_s);
        let breakdown: Vec<String> = r
            .best
            .parts
            .iter()
            .map(|(k, v)| format!("{k} {v:.3}"))
            .collect();
        let _ = writeln!(
            t,
            "| {} | {} | {:.3} | {:.2} | {:.0} | {:.0} | {:.0} | {:.2} | {} | {} | {:.2} | {} |",
            r.size,
            r.phase,
            r.best.wall_s,
            r.best.cpu_s,
            mb(r.input) / wall,
            r.best.items as f64 / wall,
            mb(r.peak_kb * 1024),
            (r.peak_kb * 1024) as f64 / r.input.max(1) as f64,
            skeleton.map_or_else(|| "–".to_owned(), |x| format!("{x:.2}")),
            smaller.map_or_else(|| "–".to_owned(), |x| format!("{x:.2}")),
            r.load,
            breakdown.join(", ")
        );
    }
    t
}

#[allow(clippy::cast_precision_loss, reason = "ratios for display")]
fn targets(rows: &[Row]) -> String {
    let mut t = String::new();
    let mut line = |what: String, value: Option<f64>, limit: f64| {
        if let Some(v) = value {
            let verdict = if v <= limit { "PASS" } else { "FAIL" };
            let _ = writeln!(t, "{verdict}  {what}: {v:.2} (target ≤ {limit})");
        }
    };
    let mut sizes: Vec<usize> = rows.iter().map(|r| r.size).collect();
    sizes.dedup();
    let ratio = |size: usize, a: &str, b: &str| {
        Some(find(rows, size, a)?.best.wall_s / find(rows, size, b)?.best.wall_s)
    };
    for &size in &sizes {
        line(
            format!("{size}: load+normalize+graph / skeleton"),
            ratio(size, "load", "skeleton"),
            2.0,
        );
        line(
            format!("{size}: load+normalize+graph from .gz / skeleton"),
            ratio(size, "load-gz", "skeleton"),
            2.0,
        );
        for phase in ["load", "load-gz", "check-all", "check-6"] {
            if let Some(r) = find(rows, size, phase) {
                line(
                    format!("{size}: {phase} peak RSS / input size"),
                    Some((r.peak_kb * 1024) as f64 / r.input.max(1) as f64),
                    2.5,
                );
            }
        }
        line(
            format!("{size}: whole check (every rule) / skeleton"),
            ratio(size, "check-all", "skeleton"),
            3.0,
        );
        line(
            format!("{size}: whole check (every rule, .gz) / skeleton"),
            ratio(size, "check-all-gz", "skeleton"),
            3.0,
        );
        line(
            format!("{size}: every-rule check / 6-rule check"),
            ratio(size, "check-all", "check-6"),
            1.5,
        );
    }
    for pair in sizes.windows(2) {
        let (small, large) = (pair[0], pair[1]);
        let limit = 1.2 * large as f64 / small.max(1) as f64;
        for phase in ["load", "check-all"] {
            if let (Some(a), Some(b)) = (find(rows, small, phase), find(rows, large, phase)) {
                line(
                    format!("{phase}: {large} / {small} wall time (mean of runs)"),
                    Some(mean(&b.walls) / mean(&a.walls)),
                    limit,
                );
                line(
                    format!("{phase}: {large} / {small} CPU time (mean of runs)"),
                    Some(mean(&b.cpus) / mean(&a.cpus)),
                    limit,
                );
            }
        }
    }
    t
}
