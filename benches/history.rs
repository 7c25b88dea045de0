//! History-store benchmark: generates daily ConfigSnapshot files (S3 layout, gzip) of a
//! changing account, ingests them into a fresh store, then times the same timeline
//! lookup (and `changes`) through the store and from the files, in one run.
//!
//! `cargo bench --bench history`. Sizes (defaults in brackets):
//! `CFGAUDIT_BENCH_RESOURCES` [10000], `CFGAUDIT_BENCH_DAYS` [365],
//! `CFGAUDIT_BENCH_CHANGE` percent of resources changing per day [3],
//! `CFGAUDIT_BENCH_DIR` where the data goes [target/bench-history]; generated data is
//! kept and reused by later runs of the same size. `CFGAUDIT_BENCH_SKIP_FILES=1` skips
//! the (slow, memory-hungry) lookups from files; they are also skipped when they would
//! need more than 60% of the available memory (`CFGAUDIT_BENCH_FORCE_FILES=1` forces).

#![allow(clippy::unwrap_used, clippy::print_stdout, reason = "a benchmark")]
#![allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap,
    reason = "figures for display"
)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{Value, json};

use cfgaudit::store::Store;

const ACCOUNT: &str = "111122223333";
const REGION: &str = "us-east-1";
const VPC: &str = "vpc-0a1b2c3d4e5f60718";

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// splitmix64: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// True with probability `p` (0..1).
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    SecurityGroup,
    Instance,
    Volume,
    Bucket,
}

struct Resource {
    n: u64,
    kind: Kind,
    variant: u32,
    capture: DateTime<Utc>,
    created: DateTime<Utc>,
    discovered: bool,
    alive: bool,
    /// The rendered item, kept until the resource changes.
    text: String,
}

fn kind_of(n: u64) -> Kind {
    match n % 20 {
        0..=7 => Kind::SecurityGroup,
        8..=12 => Kind::Instance,
        13..=16 => Kind::Volume,
        _ => Kind::Bucket,
    }
}

fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn sg_id(n: u64) -> String {
    format!("sg-0{n:016x}")
}
fn instance_id(n: u64) -> String {
    format!("i-0{n:016x}")
}
fn volume_id(n: u64) -> String {
    format!("vol-0{n:016x}")
}
fn bucket_name(n: u64) -> String {
    format!("app-data-{n:06}-{ACCOUNT}")
}

fn rule(port: u32, cidr: &str) -> Value {
    json!({"fromPort": port, "ipProtocol": "tcp", "ipv6Ranges": [], "prefixListIds": [],
           "toPort": port, "userIdGroupPairs": [], "ipv4Ranges": [{"cidrIp": cidr}],
           "ipRanges": [cidr]})
}

/// One configuration item in the 2026 snapshot shape.
fn item(r: &Resource) -> Value {
    let v = r.variant;
    let name_tag = |name: &str| json!([{"key": "Name", "value": name}]);
    let (ty, id, name, arn, az, relationships, configuration, supplementary, tags) = match r.kind {
        Kind::SecurityGroup => {
            let id = sg_id(r.n);
            let name = format!("app-{}-sg", r.n);
            let mut rules = vec![
                rule(443, "10.0.0.0/8"),
                rule(8000 + v % 7, &format!("10.{}.0.0/16", r.n % 200)),
            ];
            if v % 5 == 3 {
                rules.push(rule(22, "0.0.0.0/0"));
            }
            (
                "AWS::EC2::SecurityGroup",
                id.clone(),
                Some(name.clone()),
                format!("arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/{id}"),
                "Not Applicable".to_owned(),
                json!([{"resourceId": VPC, "resourceType": "AWS::EC2::VPC", "name": "Is contained in Vpc"}]),
                json!({"description": format!("app tier {} (rev {v})", r.n), "groupName": name,
                       "ipPermissions": rules, "ownerId": ACCOUNT, "groupId": id,
                       "ipPermissionsEgress": [{"ipProtocol": "-1", "ipv6Ranges": [], "prefixListIds": [],
                           "userIdGroupPairs": [], "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}], "ipRanges": ["0.0.0.0/0"]}],
                       "tags": name_tag(&name), "vpcId": VPC}),
                json!({}),
                json!({"Name": name}),
            )
        }
        Kind::Instance => {
            let id = instance_id(r.n);
            let running = v.is_multiple_of(2);
            let ty = ["t3.micro", "t3.small", "m5.large"][(v / 2 % 3) as usize];
            let sg = sg_id(r.n - r.n % 20);
            let vol = volume_id(r.n - r.n % 20 + 13);
            let ip = format!("10.10.{}.{}", r.n / 250 % 250, r.n % 250 + 2);
            (
                "AWS::EC2::Instance",
                id.clone(),
                None,
                format!("arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{id}"),
                "us-east-1a".to_owned(),
                json!([
                    {"resourceId": sg, "resourceType": "AWS::EC2::SecurityGroup", "name": "Is associated with SecurityGroup"},
                    {"resourceId": "subnet-07ebb1ced312388f0", "resourceType": "AWS::EC2::Subnet", "name": "Is contained in Subnet"},
                    {"resourceId": vol, "resourceType": "AWS::EC2::Volume", "name": "Is attached to Volume"},
                    {"resourceId": VPC, "resourceType": "AWS::EC2::VPC", "name": "Is contained in Vpc"}]),
                json!({"amiLaunchIndex": 0, "imageId": "ami-02e54414b8b649514", "instanceId": id,
                       "instanceType": ty, "launchTime": iso(r.created),
                       "monitoring": {"state": "disabled"},
                       "placement": {"availabilityZone": "us-east-1a", "groupName": "", "tenancy": "default"},
                       "privateIpAddress": ip, "publicDnsName": "",
                       "state": if running { json!({"code": 16, "name": "running"}) } else { json!({"code": 80, "name": "stopped"}) },
                       "stateTransitionReason": if running { "" } else { "User initiated" },
                       "subnetId": "subnet-07ebb1ced312388f0", "vpcId": VPC, "architecture": "x86_64",
                       "blockDeviceMappings": [{"deviceName": "/dev/xvda", "ebs": {"attachTime": iso(r.created),
                           "deleteOnTermination": true, "status": "attached", "volumeId": vol}}],
                       "ebsOptimized": true, "enaSupport": true, "hypervisor": "xen",
                       "metadataOptions": {"httpEndpoint": "enabled", "httpTokens": if v.is_multiple_of(3) { "optional" } else { "required" }},
                       "securityGroups": [{"groupName": format!("app-{}-sg", r.n - r.n % 20), "groupId": sg}],
                       "tags": name_tag(&format!("app-{}", r.n))}),
                json!({}),
                json!({"Name": format!("app-{}", r.n)}),
            )
        }
        Kind::Volume => {
            let id = volume_id(r.n);
            let instance = instance_id(r.n - r.n % 20 + 8);
            (
                "AWS::EC2::Volume",
                id.clone(),
                None,
                format!("arn:aws:ec2:{REGION}:{ACCOUNT}:volume/{id}"),
                "us-east-1a".to_owned(),
                json!([{"resourceId": instance, "resourceType": "AWS::EC2::Instance", "name": "Is attached to Instance"}]),
                json!({"attachments": [{"attachTime": iso(r.created), "device": "/dev/xvda", "instanceId": instance,
                           "state": "attached", "volumeId": id, "deleteOnTermination": true}],
                       "availabilityZone": "us-east-1a", "createTime": iso(r.created), "encrypted": v % 4 != 1,
                       "size": 8 + 10 * (v % 5), "snapshotId": "", "state": "in-use", "volumeId": id,
                       "iops": 3000, "volumeType": "gp3", "multiAttachEnabled": false, "throughput": 125}),
                json!({}),
                json!({}),
            )
        }
        Kind::Bucket => {
            let name = bucket_name(r.n);
            let status = if v.is_multiple_of(2) {
                "Enabled"
            } else {
                "Suspended"
            };
            (
                "AWS::S3::Bucket",
                name.clone(),
                Some(name.clone()),
                format!("arn:aws:s3:::{name}"),
                "Regional".to_owned(),
                json!([]),
                json!({"name": name, "owner": {"id": "092afe1153ce4bc2d8c4b26a302ed65c334e17ba8ff972cca6f4c010bfdd51a6"},
                       "creationDate": iso(r.created), "region": REGION}),
                json!({"BucketLoggingConfiguration": {},
                       "BucketTaggingConfiguration": {"tagSets": [{"tags": {"Environment": "prod", "rev": v.to_string()}}]},
                       "BucketVersioningConfiguration": {"status": status},
                       "IsRequesterPaysEnabled": false,
                       "PublicAccessBlockConfiguration": {"blockPublicAcls": true, "ignorePublicAcls": true,
                           "blockPublicPolicy": v % 6 != 5, "restrictPublicBuckets": true},
                       "ServerSideEncryptionConfiguration": {"rules": [{"applyServerSideEncryptionByDefault":
                           {"sseAlgorithm": "AES256"}, "bucketKeyEnabled": false}]}}),
                json!({"Environment": "prod", "rev": v.to_string()}),
            )
        }
    };
    let mut item = json!({
        "relatedEvents": [], "relationships": relationships, "configuration": configuration,
        "supplementaryConfiguration": supplementary, "tags": tags,
        "configurationItemVersion": "1.3", "configurationItemCaptureTime": iso(r.capture),
        "configurationStateId": r.capture.timestamp_millis(), "awsAccountId": ACCOUNT,
        "configurationItemStatus": if r.discovered { "ResourceDiscovered" } else { "OK" },
        "resourceType": ty, "resourceId": id, "ARN": arn, "awsRegion": REGION,
        "availabilityZone": az, "configurationStateMd5Hash": "",
        "resourceCreationTime": iso(r.created),
    });
    if let Some(name) = name {
        item["resourceName"] = json!(name);
    }
    item
}

fn recorder(created: DateTime<Utc>) -> Value {
    json!({"relatedEvents": [], "relationships": [], "configuration": {"Id": "default", "Name": "default",
        "RoleARN": format!("arn:aws:iam::{ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"),
        "RecordingGroup": {"AllSupported": true, "IncludeGlobalResourceTypes": false, "ResourceTypes": [],
            "ExclusionByResourceTypes": {"ResourceTypes": []}, "RecordingStrategy": {"UseOnly": "ALL_SUPPORTED_RESOURCE_TYPES"}},
        "Recording": true, "RecordingMode": {"RecordingFrequency": "CONTINUOUS", "RecordingModeOverrides": []}},
        "supplementaryConfiguration": {}, "tags": {}, "configurationItemVersion": "1.3",
        "configurationItemCaptureTime": iso(created), "configurationStateId": created.timestamp_millis(),
        "awsAccountId": ACCOUNT, "configurationItemStatus": "OK", "resourceType": "AWS::Config::ConfigurationRecorder",
        "resourceId": "default", "awsRegion": REGION, "configurationStateMd5Hash": ""})
}

/// What the generator wrote.
struct Generated {
    files: usize,
    items: u64,
    gz_bytes: u64,
    json_bytes: u64,
    /// The security group with the most versions, and how many it has.
    target: (String, u32),
}

fn generate(dir: &Path, resources: u64, days: u32, change: f64) -> Generated {
    let start = Utc.with_ymd_and_hms(2025, 1, 1, 5, 13, 0).single().unwrap();
    let mut rng = Rng(0x5eed);
    let mut all: Vec<Resource> = (0..resources)
        .map(|n| {
            let created =
                start - chrono::Duration::days(30) + chrono::Duration::minutes((n % 40_000) as i64);
            Resource {
                n,
                kind: kind_of(n),
                variant: 0,
                capture: created + chrono::Duration::seconds(90),
                created,
                discovered: true,
                alive: true,
                text: String::new(),
            }
        })
        .collect();
    let mut next = resources;
    let mut out = Generated {
        files: 0,
        items: 0,
        gz_bytes: 0,
        json_bytes: 0,
        target: (String::new(), 0),
    };
    let recorder_created = start - chrono::Duration::days(60);
    for day in 0..days {
        let taken = start + chrono::Duration::days(i64::from(day));
        let since_last = 1_400;
        if day > 0 {
            let mut born = 0;
            for r in all.iter_mut().filter(|r| r.alive) {
                if rng.chance(0.001) {
                    r.alive = false; // deleted: absent from today's snapshot on
                    born += 1;
                } else if rng.chance(change) {
                    r.variant += 1;
                    r.discovered = false;
                    r.capture =
                        taken - chrono::Duration::minutes((rng.next() % since_last) as i64 + 5);
                    r.text.clear();
                }
            }
            for _ in 0..born {
                let created =
                    taken - chrono::Duration::minutes((rng.next() % since_last) as i64 + 5);
                all.push(Resource {
                    n: next,
                    kind: kind_of(next),
                    variant: 0,
                    capture: created + chrono::Duration::seconds(60),
                    created,
                    discovered: true,
                    alive: true,
                    text: String::new(),
                });
                next += 1;
            }
        }
        let mut text = format!(
            r#"{{"fileVersion":"1.0","configSnapshotId":"{:08x}-4d2b-9109-{day:012x}","configurationItems":["#,
            rng.next() as u32
        );
        text.push_str(&recorder(recorder_created).to_string());
        let mut count = 1;
        for r in all.iter_mut().filter(|r| r.alive) {
            if r.text.is_empty() {
                r.text = item(r).to_string();
            }
            text.push(',');
            text.push_str(&r.text);
            count += 1;
        }
        text.push_str("]}");
        let stamp = taken.format("%Y%m%dT%H%M%SZ");
        let sub = dir.join(format!(
            "AWSLogs/{ACCOUNT}/Config/{REGION}/{}/ConfigSnapshot",
            taken.format("%Y/%-m/%-d")
        ));
        std::fs::create_dir_all(&sub).unwrap();
        let path = sub.join(format!(
            "{ACCOUNT}_Config_{REGION}_ConfigSnapshot_{stamp}_{:08x}-c6258e3d.json.gz",
            rng.next() as u32
        ));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(text.as_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        std::fs::write(&path, &gz).unwrap();
        out.files += 1;
        out.items += count;
        out.json_bytes += text.len() as u64;
        out.gz_bytes += gz.len() as u64;
    }
    let best = all
        .iter()
        .filter(|r| r.kind == Kind::SecurityGroup && r.alive)
        .max_by_key(|r| (r.variant, std::cmp::Reverse(r.n)))
        .unwrap();
    out.target = (sg_id(best.n), best.variant + 1);
    out
}

/// Runs the cfgaudit binary; returns its output, wall time and peak RSS (Linux).
fn timed(args: &[&str]) -> (Vec<u8>, Duration, Option<u64>) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cfgaudit"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut buf).unwrap();
        buf
    });
    let mut peak = None;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status_file)
            && let Some(kb) = s
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        {
            peak = Some(kb * 1024);
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let out = reader.join().unwrap();
    (out, start.elapsed(), peak)
}

/// CPU seconds (user + system) this process has used so far (Linux).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
}

/// `MemAvailable` from /proc/meminfo (Linux).
fn available_memory() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let kb: u64 = info
        .lines()
        .find(|l| l.starts_with("MemAvailable:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb * 1024)
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn show_rss(peak: Option<u64>) -> String {
    peak.map_or_else(|| "?".to_owned(), |b| format!("{:.0} MB", mb(b)))
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let resources: u64 = env_or("CFGAUDIT_BENCH_RESOURCES", 10_000);
    let days: u32 = env_or("CFGAUDIT_BENCH_DAYS", 365);
    let change: f64 = env_or("CFGAUDIT_BENCH_CHANGE", 3.0);
    let base: PathBuf = std::env::var_os("CFGAUDIT_BENCH_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-history"),
        PathBuf::from,
    );
    let skip_files = std::env::var_os("CFGAUDIT_BENCH_SKIP_FILES").is_some();
    let data = base.join(format!("{resources}r-{days}d-{change}pct"));
    let marker = base.join(format!("{resources}r-{days}d-{change}pct.generated.json"));
    println!(
        "history benchmark: {days} daily snapshots of {resources} resources, {change}% changing per day, 0.1% deleted and replaced per day"
    );
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!(
            "machine: {} CPUs, load average {} at start",
            std::thread::available_parallelism().map_or(0, std::num::NonZero::get),
            load.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    let generated: Value = if let Ok(text) = std::fs::read_to_string(&marker) {
        println!("reusing the data in {}", data.display());
        serde_json::from_str(&text).unwrap()
    } else {
        let _ = std::fs::remove_dir_all(&data);
        let t = Instant::now();
        let g = generate(&data, resources, days, change / 100.0);
        let doc = json!({"files": g.files, "items": g.items, "gzBytes": g.gz_bytes,
            "jsonBytes": g.json_bytes, "target": g.target.0, "targetVersions": g.target.1});
        std::fs::write(&marker, doc.to_string()).unwrap();
        println!(
            "generated {} files, {} items, {:.1} MB gzip ({:.1} MB JSON) in {:.1} s",
            g.files,
            g.items,
            mb(g.gz_bytes),
            mb(g.json_bytes),
            t.elapsed().as_secs_f64()
        );
        doc
    };
    let json_bytes = generated["jsonBytes"].as_u64().unwrap();
    let target = generated["target"].as_str().unwrap().to_owned();

    let store_path = base.join(format!("{resources}r-{days}d-{change}pct.sqlite"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", store_path.display()));
    }
    // Ingest, in process.
    let cpu = cpu_seconds();
    let t = Instant::now();
    let mut store = Store::create(&store_path).unwrap();
    let totals = store
        .ingest(std::slice::from_ref(&data), &mut |_| {})
        .unwrap();
    let ingest = t.elapsed().as_secs_f64();
    let ingest_cpu = cpu_seconds().zip(cpu).map(|(b, a)| b - a);
    let stats = store.stats().unwrap();
    assert_eq!(totals.files_failed, 0);
    println!(
        "ingest: {} files, {} items in {ingest:.1} s = {:.0} items/s, {:.1} MB/s of JSON ({:.1} MB/s gzip); {} distinct versions, {} resources",
        totals.files_added,
        totals.items,
        totals.items as f64 / ingest,
        mb(json_bytes) / ingest,
        mb(totals.bytes_added) / ingest,
        stats.bodies,
        stats.resources
    );
    if let Some(c) = ingest_cpu {
        println!(
            "ingest CPU time {c:.1} s (user + system, both threads): {:.0} items per CPU-second",
            totals.items as f64 / c
        );
    }
    let size = std::fs::metadata(&store_path).map_or(0, |m| m.len());
    println!(
        "store size: {:.1} MB ({:.2}× the gzip files, {:.3}× the JSON)",
        mb(size),
        size as f64 / totals.bytes_added as f64,
        size as f64 / json_bytes as f64
    );
    let t = Instant::now();
    let again = store
        .ingest(std::slice::from_ref(&data), &mut |_| {})
        .unwrap();
    assert_eq!(again.files_added, 0);
    println!(
        "ingest again (every file already stored, hashed and skipped): {:.1} s",
        t.elapsed().as_secs_f64()
    );
    drop(store);

    // Timeline lookups.
    let flag = format!("--store={}", store_path.display());
    let data_arg = data.display().to_string();
    let via_store: Vec<(Vec<u8>, Duration, Option<u64>)> = (0..5)
        .map(|_| timed(&["timeline", &target, &flag, "--format", "json"]))
        .collect();
    let lookup = median(via_store.iter().map(|r| r.1).collect());
    let t: Value = serde_json::from_slice(&via_store[0].0).unwrap();
    println!(
        "timeline {target} ({} versions shown) through the store: {:.0} ms (median of 5, whole process), peak RSS {}",
        t["versions"].as_array().map_or(0, Vec::len),
        lookup.as_secs_f64() * 1e3,
        show_rss(via_store[0].2)
    );
    let (changes_store, changes_store_time, changes_store_rss) =
        timed(&["changes", &flag, "--format", "json"]);
    println!(
        "changes through the store: {:.2} s, peak RSS {}",
        changes_store_time.as_secs_f64(),
        show_rss(changes_store_rss)
    );
    if skip_files {
        println!("(lookups from files skipped: CFGAUDIT_BENCH_SKIP_FILES)");
        return;
    }
    // Reading the files holds every item in memory, about 3× the JSON size; do not push
    // a shared machine into swap or the OOM killer.
    let needed = json_bytes.saturating_mul(3);
    let available = available_memory();
    if std::env::var_os("CFGAUDIT_BENCH_FORCE_FILES").is_none()
        && available.is_some_and(|a| needed > a / 10 * 6)
    {
        println!(
            "(lookups from files skipped: they need about {:.1} GB of memory and {:.1} GB is available; CFGAUDIT_BENCH_FORCE_FILES=1 runs them anyway)",
            mb(needed) / 1e3,
            mb(available.unwrap_or(0)) / 1e3
        );
        return;
    }
    let (from_files, files_time, files_rss) =
        timed(&["timeline", &target, &data_arg, "--format", "json"]);
    println!(
        "timeline {target} rebuilt from the files: {:.1} s, peak RSS {} → the store is {:.0}× faster",
        files_time.as_secs_f64(),
        show_rss(files_rss),
        files_time.as_secs_f64() / lookup.as_secs_f64()
    );
    assert_eq!(
        from_files, via_store[0].0,
        "the store and the files give different timelines"
    );
    println!("same JSON output from the store and from the files");
    let (changes_files, changes_files_time, _) = timed(&["changes", &data_arg, "--format", "json"]);
    println!(
        "changes from the files: {:.1} s (same output: {})",
        changes_files_time.as_secs_f64(),
        changes_files == changes_store
    );
}
