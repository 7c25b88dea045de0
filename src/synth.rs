//! Deterministic synthetic AWS Config data for tests and benchmarks.
//!
//! [`write_snapshot`] writes one ConfigSnapshot document in the 2026 S3 shape
//! (aws-config-formats.md §2.2, §3, §7, §8): single-line JSON, snapshot field naming,
//! null keys omitted, `configurationStateId` equal to the capture time in epoch
//! milliseconds, IAM documents URL-encoded, S3 `AccessControlList` and
//! `BucketPolicy.policyText` as JSON strings.
//!
//! Items come in *cells*: one VPC with its subnets, route tables, network ACL, internet
//! gateway, security groups, instances with their network interfaces and volumes,
//! Elastic IPs, a load balancer, a database, Lambda functions, buckets, a key, a table,
//! a trail and the account's IAM roles, user and policy for that application. Every
//! relationship points at an item of the same cell, so the whole graph resolves. EC2
//! networking edges are recorded on both ends; Lambda, RDS and ELB edges only on the
//! service side (Lambda with the truncated names `"Is associated with "` and the role
//! by `resourceName`), as AWS records them. Sizes of the counts that do not fill a cell
//! are made up with items that have no relationships (buckets, keys, tables, trails).
//!
//! Nothing is held in memory beyond one cell: a million items stream out in constant
//! space. The PRNG is SplitMix64, so no dependency and identical bytes for a seed on
//! every platform.

use std::collections::BTreeMap;
use std::fmt::{self, Display, Write as _};
use std::io::{self, Write};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Bumped whenever the output for a given seed changes (benchmarks key caches on it).
pub const GENERATOR_VERSION: u32 = 1;

/// 2026-02-13T00:00:00Z in epoch milliseconds: captures fall in the three days before.
const BASE_MS: u64 = 1_770_940_800_000;
const DAY_MS: u64 = 86_400_000;

/// SplitMix64: a small, fast, well-mixed PRNG (Steele, Lea, Flood 2014).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.0)
    }

    /// A value in `0..n` (`n > 0`; the modulo bias is irrelevant here).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True with the given probability in percent.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let i = usize::try_from(self.below(items.len() as u64)).unwrap_or(0);
        &items[i]
    }
}

/// The SplitMix64 finaliser: a bijective 64-bit mix.
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const SUBNETS: usize = 4;
const SGS: usize = 4;
const INSTANCES: usize = 8;
/// Instances `0..DATA_VOLUMES` have a second (data) volume.
const DATA_VOLUMES: usize = 4;
const VOLUMES: usize = INSTANCES + DATA_VOLUMES;
const EIPS: usize = 2;
const LAMBDAS: usize = 2;
const BUCKETS: usize = 3;
const ROLES: usize = 3;

/// Resource types of one cell and how many of each it holds.
pub const CELL_TYPES: &[(&str, usize)] = &[
    ("AWS::EC2::VPC", 1),
    ("AWS::EC2::InternetGateway", 1),
    ("AWS::EC2::RouteTable", 2),
    ("AWS::EC2::NetworkAcl", 1),
    ("AWS::EC2::Subnet", SUBNETS),
    ("AWS::EC2::SecurityGroup", SGS),
    ("AWS::EC2::Instance", INSTANCES),
    ("AWS::EC2::NetworkInterface", INSTANCES),
    ("AWS::EC2::Volume", VOLUMES),
    ("AWS::EC2::EIP", EIPS),
    ("AWS::ElasticLoadBalancingV2::LoadBalancer", 1),
    ("AWS::RDS::DBSubnetGroup", 1),
    ("AWS::RDS::DBInstance", 1),
    ("AWS::Lambda::Function", LAMBDAS),
    ("AWS::S3::Bucket", BUCKETS),
    ("AWS::KMS::Key", 1),
    ("AWS::DynamoDB::Table", 1),
    ("AWS::CloudTrail::Trail", 1),
    ("AWS::IAM::Role", ROLES),
    ("AWS::IAM::User", 1),
    ("AWS::IAM::Policy", 1),
];

/// Items per cell.
pub const CELL_ITEMS: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < CELL_TYPES.len() {
        n += CELL_TYPES[i].1;
        i += 1;
    }
    n
};

/// Types that fill the remainder when `items` is not a multiple of [`CELL_ITEMS`], in turn.
const FILLER_TYPES: &[&str] = &[
    "AWS::S3::Bucket",
    "AWS::KMS::Key",
    "AWS::DynamoDB::Table",
    "AWS::CloudTrail::Trail",
];

/// How many items of each type [`write_snapshot`] writes for `items` items.
pub fn type_counts(items: usize) -> BTreeMap<&'static str, usize> {
    let cells = items / CELL_ITEMS;
    let mut counts = BTreeMap::new();
    if cells > 0 {
        for &(ty, n) in CELL_TYPES {
            *counts.entry(ty).or_default() += n * cells;
        }
    }
    for i in 0..items % CELL_ITEMS {
        *counts
            .entry(FILLER_TYPES[i % FILLER_TYPES.len()])
            .or_default() += 1;
    }
    counts
}

/// Writes one ConfigSnapshot document holding exactly `items` configuration items,
/// spread over `accounts` accounts (at least one) and `regions` (`us-east-1` when
/// empty). Returns the number of bytes written. The same arguments always give the same
/// bytes.
pub fn write_snapshot(
    w: &mut impl Write,
    items: usize,
    seed: u64,
    accounts: usize,
    regions: &[&str],
) -> io::Result<u64> {
    let regions: &[&str] = if regions.is_empty() {
        &["us-east-1"]
    } else {
        regions
    };
    let accounts = accounts.max(1);
    let mut out = Out {
        w,
        j: J::default(),
        written: 0,
        items: 0,
    };
    let id = mix64(seed ^ 0x5AA5_0001);
    out.j
        .b
        .push_str(r#"{"fileVersion":"1.0","configSnapshotId":""#);
    uuid(&mut out.j.b, id);
    out.j.b.push_str(r#"","configurationItems":["#);
    let cells = items / CELL_ITEMS;
    for c in 0..cells {
        let cell = Cell::new(seed, c as u64, accounts, regions);
        cell.write(&mut out)?;
    }
    let rest = items % CELL_ITEMS;
    if rest > 0 {
        let cell = Cell::new(seed, cells as u64, accounts, regions);
        for i in 0..rest {
            cell.filler(&mut out, i)?;
        }
    }
    out.j.b.push_str("]}");
    out.flush()?;
    Ok(out.written)
}

/// Buffers items and hands them to the writer in large chunks.
struct Out<'w, W: Write> {
    w: &'w mut W,
    j: J,
    written: u64,
    items: usize,
}

impl<W: Write> Out<'_, W> {
    /// Starts an item (with the separating comma).
    fn begin(&mut self) {
        if self.items > 0 {
            self.j.b.push(',');
        }
        self.items += 1;
        self.j.pending = false;
    }

    fn end(&mut self) -> io::Result<()> {
        if self.j.b.len() >= 1 << 16 {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.w.write_all(self.j.b.as_bytes())?;
        self.written += self.j.b.len() as u64;
        self.j.b.clear();
        Ok(())
    }
}

/// A minimal JSON writer: keys and values in order, commas handled.
#[derive(Default)]
struct J {
    b: String,
    /// Whether the next key or value needs a comma before it.
    pending: bool,
}

impl J {
    fn sep(&mut self) {
        if self.pending {
            self.b.push(',');
        }
    }

    fn k(&mut self, key: &str) -> &mut Self {
        self.sep();
        self.b.push('"');
        self.b.push_str(key);
        self.b.push_str("\":");
        self.pending = false;
        self
    }

    fn s(&mut self, v: &str) -> &mut Self {
        self.sep();
        escape(&mut self.b, v);
        self.pending = true;
        self
    }

    fn d(&mut self, v: impl Display) -> &mut Self {
        self.sep();
        self.b.push('"');
        let _ = write!(self.b, "{v}");
        self.b.push('"');
        self.pending = true;
        self
    }

    fn n(&mut self, v: impl Display) -> &mut Self {
        self.sep();
        let _ = write!(self.b, "{v}");
        self.pending = true;
        self
    }

    fn bool(&mut self, v: bool) -> &mut Self {
        self.n(v)
    }

    fn null(&mut self) -> &mut Self {
        self.n("null")
    }

    /// An ISO-8601 UTC time with milliseconds.
    fn t(&mut self, ms: u64) -> &mut Self {
        self.sep();
        self.b.push('"');
        iso(&mut self.b, ms);
        self.b.push('"');
        self.pending = true;
        self
    }

    fn o(&mut self) -> &mut Self {
        self.sep();
        self.b.push('{');
        self.pending = false;
        self
    }

    fn eo(&mut self) -> &mut Self {
        self.b.push('}');
        self.pending = true;
        self
    }

    fn a(&mut self) -> &mut Self {
        self.sep();
        self.b.push('[');
        self.pending = false;
        self
    }

    fn ea(&mut self) -> &mut Self {
        self.b.push(']');
        self.pending = true;
        self
    }

    fn ks(&mut self, key: &str, v: &str) -> &mut Self {
        self.k(key).s(v)
    }

    fn kd(&mut self, key: &str, v: impl Display) -> &mut Self {
        self.k(key).d(v)
    }

    fn kn(&mut self, key: &str, v: impl Display) -> &mut Self {
        self.k(key).n(v)
    }

    fn kb(&mut self, key: &str, v: bool) -> &mut Self {
        self.k(key).bool(v)
    }

    fn kt(&mut self, key: &str, ms: u64) -> &mut Self {
        self.k(key).t(ms)
    }

    fn ko(&mut self, key: &str) -> &mut Self {
        self.k(key).o()
    }

    fn ka(&mut self, key: &str) -> &mut Self {
        self.k(key).a()
    }

    /// `"key":[]`
    fn empty(&mut self, key: &str) -> &mut Self {
        self.k(key).a().ea()
    }

    /// `[{"key":…,"value":…},…]` as EC2 writes tags inside `configuration`.
    fn tag_list(&mut self, key: &str, tags: &[(&str, &str)]) -> &mut Self {
        self.ka(key);
        for (k, v) in tags {
            self.o().ks("key", k).ks("value", v).eo();
        }
        self.ea()
    }
}

/// Writes `s` as a JSON string.
fn escape(b: &mut String, s: &str) {
    b.push('"');
    for c in s.chars() {
        match c {
            '"' => b.push_str("\\\""),
            '\\' => b.push_str("\\\\"),
            '\n' => b.push_str("\\n"),
            '\r' => b.push_str("\\r"),
            '\t' => b.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(b, "\\u{:04x}", c as u32);
            }
            c => b.push(c),
        }
    }
    b.push('"');
}

/// Writes epoch milliseconds as `2026-02-13T06:00:24.236Z`.
fn iso(b: &mut String, ms: u64) {
    let secs = ms / 1000;
    let days = secs / 86_400;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm, unsigned form).
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    let _ = write!(
        b,
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        ms % 1000
    );
}

/// Writes a UUID-shaped hex string from 128 bits of `h` mixed.
fn uuid(b: &mut String, h: u64) {
    let l = mix64(h ^ 0xDEAD_BEEF);
    let _ = write!(
        b,
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        h >> 32,
        (h >> 16) & 0xffff,
        h & 0xfff,
        0x8000 | ((l >> 48) & 0x3fff),
        l & 0xffff_ffff_ffff
    );
}

/// An EC2-style id: `prefix-0` followed by 16 hex digits.
#[derive(Debug, Clone, Copy)]
struct Ec2Id {
    prefix: &'static str,
    h: u64,
}

impl Display for Ec2Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-0{:016x}", self.prefix, self.h)
    }
}

/// RFC 3986 unreserved characters stay; everything else is percent-encoded, as AWS
/// Config writes IAM policy documents (`%7B%22Version%22%3A%222012-10-17%22…`).
const URL_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn url_encoded(s: &str) -> String {
    utf8_percent_encode(s, URL_ENCODE).to_string()
}

/// One relationship as the snapshot writes it.
struct Rel<'a> {
    ty: &'static str,
    id: Option<&'a str>,
    name: Option<&'a str>,
    label: &'static str,
}

impl<'a> Rel<'a> {
    fn id(ty: &'static str, id: &'a str, label: &'static str) -> Self {
        Self {
            ty,
            id: Some(id),
            name: None,
            label,
        }
    }

    fn named(ty: &'static str, name: &'a str, label: &'static str) -> Self {
        Self {
            ty,
            id: None,
            name: Some(name),
            label,
        }
    }
}

/// The top-level fields of one item.
struct Env<'a> {
    ty: &'static str,
    id: &'a str,
    name: Option<&'a str>,
    arn: Option<&'a str>,
    global: bool,
    az: &'a str,
    capture: u64,
    created: Option<u64>,
    status: &'static str,
    tags: &'a [(&'a str, &'a str)],
}

const APPS: &[&str] = &[
    "billing",
    "checkout",
    "catalog",
    "search",
    "ledger",
    "payments",
    "reports",
    "identity",
    "gateway",
    "orders",
    "inventory",
    "analytics",
    "notify",
    "media",
    "profile",
    "pricing",
];
const ENVS: &[&str] = &["prod", "staging", "dev", "test"];
const INSTANCE_TYPES: &[&str] = &[
    "t3.micro",
    "t3.small",
    "t3.medium",
    "m5.large",
    "m6i.xlarge",
    "c6g.large",
    "r6i.large",
];
const RUNTIMES: &[&str] = &[
    "python3.12",
    "python3.11",
    "nodejs20.x",
    "java21",
    "provided.al2023",
];
const ENGINES: &[(&str, &str, u16)] = &[
    ("mysql", "8.0.39", 3306),
    ("postgres", "16.4", 5432),
    ("aurora-mysql", "8.0.mysql_aurora.3.10.3", 3306),
    ("aurora-postgresql", "16.4", 5432),
];

/// One cell: every id and name is derived from (seed, cell index), so items can name
/// their neighbours without remembering them.
struct Cell<'r> {
    seed: u64,
    index: u64,
    account: String,
    region: &'r str,
    azs: [String; 2],
    app: String,
    env: &'static str,
    /// Second octet of the VPC's 10.x.0.0/16.
    net: u64,
    vpc: String,
    igw: String,
    rtb: [String; 2],
    acl: String,
    subnets: [String; SUBNETS],
    sgs: [String; SGS],
    sg_names: [String; SGS],
    instances: [String; INSTANCES],
    enis: [String; INSTANCES],
    volumes: [String; VOLUMES],
    eips: [String; EIPS],
    lb_arn: String,
    lb_name: String,
    dbsg: String,
    dbi_id: String,
    db_name: String,
    lambdas: [String; LAMBDAS],
    buckets: [String; BUCKETS],
    kms: String,
    table: String,
    trail: String,
    role_ids: [String; ROLES],
    role_names: [String; ROLES],
    user_id: String,
    user_name: String,
    policy_id: String,
    policy_name: String,
}

fn array<const N: usize>(f: impl FnMut(usize) -> String) -> [String; N] {
    std::array::from_fn(f)
}

/// IAM unique ids: a four-letter prefix and 17 upper-case letters and digits.
fn iam_id(prefix: &str, hash: u64) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut id = String::with_capacity(prefix.len() + 17);
    id.push_str(prefix);
    let mut bits = [hash, mix64(hash)];
    for n in 0..17 {
        let word = &mut bits[usize::from(n >= 12)];
        id.push(char::from(
            ALPHABET[usize::try_from(*word & 31).unwrap_or(0)],
        ));
        *word >>= 5;
    }
    id
}

impl<'r> Cell<'r> {
    fn new(seed: u64, index: u64, accounts: usize, regions: &[&'r str]) -> Self {
        let accounts = accounts as u64;
        let account_no = index % accounts;
        let region =
            regions[usize::try_from((index / accounts) % regions.len() as u64).unwrap_or(0)];
        let account = format!(
            "{:012}",
            100_000_000_000 + mix64(seed ^ 0xACC0 ^ (account_no << 8)) % 899_999_999_999
        );
        let h = |kind: u64, i: usize| {
            mix64(seed ^ mix64((index << 24) ^ (kind << 12) ^ i as u64 ^ 0x1234_5678_9ABC))
        };
        let id = |prefix: &'static str, kind: u64, i: usize| {
            Ec2Id {
                prefix,
                h: h(kind, i),
            }
            .to_string()
        };
        let mut rng = SplitMix64::new(h(99, 0));
        let app = format!("{}-{:05}", rng.pick(APPS), index);
        let env = *rng.pick(ENVS);
        let azs = [format!("{region}a"), format!("{region}c")];
        let sg_kinds = ["web", "app", "db", "admin"];
        Self {
            seed,
            index,
            region,
            net: index % 250,
            vpc: id("vpc", 1, 0),
            igw: id("igw", 2, 0),
            rtb: array(|i| id("rtb", 3, i)),
            acl: id("acl", 4, 0),
            subnets: array(|i| id("subnet", 5, i)),
            sgs: array(|i| id("sg", 6, i)),
            sg_names: array(|i| format!("{app}-sg-{}", sg_kinds[i])),
            instances: array(|i| id("i", 7, i)),
            enis: array(|i| id("eni", 8, i)),
            volumes: array(|i| id("vol", 9, i)),
            eips: array(|i| id("eipalloc", 10, i)),
            lb_name: format!("{app}-alb"),
            lb_arn: format!(
                "arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/app/{app}-alb/{:016x}",
                h(11, 0)
            ),
            dbsg: format!("{app}-db-subnets"),
            dbi_id: iam_id("db-", h(12, 0)),
            db_name: format!("{app}-db"),
            lambdas: array(|i| format!("{app}-{}", ["worker", "api"][i])),
            buckets: array(|i| format!("{app}-{}-{account}", ["data", "logs", "artifacts"][i])),
            kms: {
                let mut s = String::new();
                uuid(&mut s, h(13, 0));
                s
            },
            table: format!("{app}-sessions"),
            trail: format!("{app}-trail"),
            role_ids: array(|i| iam_id("AROA", h(14, i))),
            role_names: array(|i| {
                format!("{app}-{}", ["lambda-exec-role", "ec2-role", "svc-role"][i])
            }),
            user_id: iam_id("AIDA", h(15, 0)),
            user_name: format!("{app}-deployer"),
            policy_id: iam_id("ANPA", h(16, 0)),
            policy_name: format!("{app}-access"),
            account,
            azs,
            app,
            env,
        }
    }

    /// A PRNG for one item, independent of the order items are written in.
    fn rng(&self, kind: u64, i: usize) -> SplitMix64 {
        SplitMix64::new(mix64(
            self.seed ^ mix64((self.index << 24) ^ (kind << 12) ^ i as u64 ^ 0xF00D),
        ))
    }

    /// A capture time in the three days before the base, and a creation time before it.
    fn times(rng: &mut SplitMix64) -> (u64, u64) {
        let capture = BASE_MS - rng.below(3 * DAY_MS);
        let created = capture - rng.below(400 * DAY_MS);
        (capture, created)
    }

    fn arn(&self, service: &str, resource: &str) -> String {
        format!(
            "arn:aws:{service}:{}:{}:{resource}",
            self.region, self.account
        )
    }

    fn private_ip(&self, subnet: usize, host: usize) -> String {
        format!("10.{}.{}.{}", self.net, subnet * 16, 10 + host)
    }

    fn public_ip(&self, kind: u64, i: usize) -> String {
        let h = mix64(self.seed ^ (self.index << 16) ^ (kind << 8) ^ i as u64);
        format!(
            "{}.{}.{}.{}",
            [3, 13, 18, 34, 35, 44, 52, 54][usize::try_from(h & 7).unwrap_or(0)],
            (h >> 8) & 0xff,
            (h >> 16) & 0xff,
            1 + (h >> 24) % 254
        )
    }

    fn instance_subnet(i: usize) -> usize {
        i % SUBNETS
    }

    fn is_public_subnet(s: usize) -> bool {
        s < 2
    }

    /// Security groups of instance `i`: web for public subnets (plus admin on the first),
    /// app for private ones.
    fn instance_sgs(i: usize) -> &'static [usize] {
        match (Self::is_public_subnet(Self::instance_subnet(i)), i) {
            (true, 0) => &[0, 3],
            (true, _) => &[0],
            (false, _) => &[1],
        }
    }

    fn instance_volumes(i: usize) -> impl Iterator<Item = usize> {
        std::iter::once(i).chain((i < DATA_VOLUMES).then_some(INSTANCES + i))
    }

    /// Instance whose ENI an EIP is attached to.
    fn eip_instance(e: usize) -> usize {
        e
    }

    fn instance_has_public_ip(i: usize) -> bool {
        Self::is_public_subnet(Self::instance_subnet(i))
    }

    fn write<W: Write>(&self, out: &mut Out<'_, W>) -> io::Result<()> {
        self.vpc_item(out)?;
        self.igw_item(out)?;
        for r in 0..2 {
            self.route_table(out, r)?;
        }
        self.acl_item(out)?;
        for s in 0..SUBNETS {
            self.subnet(out, s)?;
        }
        for g in 0..SGS {
            self.security_group(out, g)?;
        }
        for i in 0..INSTANCES {
            self.instance(out, i)?;
            self.eni(out, i)?;
            for v in Self::instance_volumes(i) {
                self.volume(out, v)?;
            }
        }
        for e in 0..EIPS {
            self.eip(out, e)?;
        }
        self.load_balancer(out)?;
        self.db_subnet_group(out)?;
        self.db_instance(out)?;
        for l in 0..LAMBDAS {
            self.lambda(out, l)?;
        }
        for b in 0..BUCKETS {
            self.bucket(out, b, b)?;
        }
        self.kms_key(out, 0)?;
        self.dynamodb(out, 0)?;
        self.cloudtrail(out, 0)?;
        for r in 0..ROLES {
            self.role(out, r)?;
        }
        self.user(out)?;
        self.policy(out)
    }

    /// Remainder items: no relationships, so a partial cell still resolves.
    fn filler<W: Write>(&self, out: &mut Out<'_, W>, i: usize) -> io::Result<()> {
        let n = i / FILLER_TYPES.len() + 100;
        match FILLER_TYPES[i % FILLER_TYPES.len()] {
            "AWS::S3::Bucket" => self.bucket(out, n, i % BUCKETS),
            "AWS::KMS::Key" => self.kms_key(out, n),
            "AWS::DynamoDB::Table" => self.dynamodb(out, n),
            _ => self.cloudtrail(out, n),
        }
    }

    /// Writes one item: relationships, configuration (`config`), supplementary
    /// configuration (`supp`), then the top-level fields in AWS's order.
    fn item<W: Write>(
        &self,
        out: &mut Out<'_, W>,
        env: &Env<'_>,
        rels: &[Rel<'_>],
        config: impl FnOnce(&mut J),
        supp: impl FnOnce(&mut J),
    ) -> io::Result<()> {
        out.begin();
        let j = &mut out.j;
        j.o().empty("relatedEvents").ka("relationships");
        for r in rels {
            j.o();
            match (r.id, r.name) {
                (Some(id), _) => j.ks("resourceId", id),
                (None, Some(name)) => j.ks("resourceName", name),
                (None, None) => j,
            };
            j.ks("resourceType", r.ty).ks("name", r.label).eo();
        }
        j.ea().ko("configuration");
        config(j);
        j.eo().ko("supplementaryConfiguration");
        supp(j);
        j.eo().ko("tags");
        for (k, v) in env.tags {
            j.ks(k, v);
        }
        j.eo()
            .ks("configurationItemVersion", "1.3")
            .kt("configurationItemCaptureTime", env.capture)
            .kn("configurationStateId", env.capture)
            .ks("awsAccountId", &self.account)
            .ks("configurationItemStatus", env.status)
            .ks("resourceType", env.ty)
            .ks("resourceId", env.id);
        if let Some(name) = env.name {
            j.ks("resourceName", name);
        }
        if let Some(arn) = env.arn {
            j.ks("ARN", arn);
        }
        j.ks("awsRegion", if env.global { "global" } else { self.region })
            .ks("availabilityZone", env.az)
            .ks("configurationStateMd5Hash", "");
        if let Some(created) = env.created {
            j.kt("resourceCreationTime", created);
        }
        j.eo();
        out.end()
    }

    fn status(rng: &mut SplitMix64) -> &'static str {
        if rng.chance(60) {
            "OK"
        } else {
            "ResourceDiscovered"
        }
    }

    fn vpc_item<W: Write>(&self, out: &mut Out<'_, W>) -> io::Result<()> {
        let mut rng = self.rng(1, 0);
        let (capture, _) = Self::times(&mut rng);
        let name = format!("{}-vpc", self.app);
        let tags = [("Name", name.as_str()), ("env", self.env)];
        let mut rels = Vec::with_capacity(28);
        rels.extend(
            self.instances
                .iter()
                .map(|i| Rel::id("AWS::EC2::Instance", i, "Contains Instance")),
        );
        rels.push(Rel::id(
            "AWS::EC2::NetworkAcl",
            &self.acl,
            "Contains NetworkAcl",
        ));
        rels.extend(
            self.enis
                .iter()
                .map(|e| Rel::id("AWS::EC2::NetworkInterface", e, "Contains NetworkInterface")),
        );
        rels.extend(
            self.rtb
                .iter()
                .map(|r| Rel::id("AWS::EC2::RouteTable", r, "Contains RouteTable")),
        );
        rels.extend(
            self.sgs
                .iter()
                .map(|s| Rel::id("AWS::EC2::SecurityGroup", s, "Contains SecurityGroup")),
        );
        rels.extend(
            self.subnets
                .iter()
                .map(|s| Rel::id("AWS::EC2::Subnet", s, "Contains Subnet")),
        );
        rels.push(Rel::id(
            "AWS::EC2::InternetGateway",
            &self.igw,
            "Is attached to InternetGateway",
        ));
        let arn = self.arn("ec2", &format!("vpc/{}", self.vpc));
        let cidr = format!("10.{}.0.0/16", self.net);
        let env = Env {
            ty: "AWS::EC2::VPC",
            id: &self.vpc,
            name: None,
            arn: Some(&arn),
            global: false,
            az: "Multiple Availability Zones",
            capture,
            created: None,
            status: Self::status(&mut rng),
            tags: &tags,
        };
        self.item(
            out,
            &env,
            &rels,
            |j| {
                j.ks("cidrBlock", &cidr)
                    .kd(
                        "dhcpOptionsId",
                        Ec2Id {
                            prefix: "dopt",
                            h: mix64(self.index),
                        },
                    )
                    .ks("state", "available")
                    .ks("vpcId", &self.vpc)
                    .ks("ownerId", &self.account)
                    .ks("instanceTenancy", "default")
                    .empty("ipv6CidrBlockAssociationSet")
                    .ka("cidrBlockAssociationSet")
                    .o()
                    .kd(
                        "associationId",
                        Ec2Id {
                            prefix: "vpc-cidr-assoc",
                            h: mix64(self.index ^ 7),
                        },
                    )
                    .ks("cidrBlock", &cidr)
                    .ko("cidrBlockState")
                    .ks("state", "associated")
                    .eo()
                    .eo()
                    .ea()
                    .kb("isDefault", false)
                    .tag_list("tags", &tags);
            },
            |_| {},
        )
    }

    fn igw_item<W: Write>(&self, out: &mut Out<'_, W>) -> io::Result<()> {
        let mut rng = self.rng(2, 0);
        let (capture, _) = Self::times(&mut rng);
        let name = format!("{}-igw", self.app);
        let tags = [("Name", name.as_str())];
        let rels = [Rel::id("AWS::EC2::VPC", &self.vpc, "Is attached to Vpc")];
        let arn = self.arn("ec2", &format!("internet-gateway/{}", self.igw));
        let env = Env {
            ty: "AWS::EC2::InternetGateway",
            id: &self.igw,
            name: None,
            arn: Some(&arn),
            global: false,
            az: "Multiple Availability Zones",
            capture,
            created: None,
            status: Self::status(&mut rng),
            tags: &tags,
        };
        self.item(
            out,
            &env,
            &rels,
            |j| {
                j.ka("attachments")
                    .o()
                    .ks("state", "available")
                    .ks("vpcId", &self.vpc)
                    .eo()
                    .ea()
                    .ks("internetGatewayId", &self.igw)
                    .ks("ownerId", &self.account)
                    .tag_list("tags", &tags);
            },
            |_| {},
        )
    }

    fn route_table<W: Write>(&self, out: &mut Out<'_, W>, r: usize) -> io::Result<()> {
        let mut rng = self.rng(3, r);
        let (capture, _) = Self::times(&mut rng);
        let name = format!("{}-rt-{}", self.app, ["public", "private"][r]);
        let tags = [("Name", name.as_str())];
        let mine: Vec<usize> = (0..SUBNETS)
            .filter(|&s| Self::is_public_subnet(s) == (r == 0))
            .collect();
        let mut rels: Vec<Rel<'_>> = mine
            .iter()
            .map(|&s| Rel::id("AWS::EC2::Subnet", &self.subnets[s], "Contains Subnet"))
            .collect();
        rels.push(Rel::id("AWS::EC2::VPC", &self.vpc, "Is contained in Vpc"));
        let arn = self.arn("ec2", &format!("route-table/{}", self.rtb[r]));
        let env = Env {
            ty: "AWS::EC2::RouteTable",
            id: &self.rtb[r],
            name: None,
            arn: Some(&arn),
            global: false,
            az: "Not Applicable",
            capture,
            created: None,
            status: Self::status(&mut rng),
            tags: &tags,
        };
        self.item(
            out,
            &env,
            &rels,
            |j| {
                j.ka("associations");
                for (n, &s) in mine.iter().enumerate() {
                    j.o()
                        .kb("main", false)
                        .kd(
                            "routeTableAssociationId",
                            Ec2Id {
                                prefix: "rtbassoc",
                                h: mix64((self.index << 8) | (r * 4 + n) as u64),
                            },
                        )
                        .ks("routeTableId", &self.rtb[r])
                        .ks("subnetId", &self.subnets[s])
                        .ko("associationState")
                        .ks("state", "associated")
                        .eo()
                        .eo();
                }
                j.ea()
                    .empty("propagatingVgws")
                    .ks("routeTableId", &self.rtb[r])
                    .ka("routes")
                    .o()
                    .ks("destinationCidrBlock", &format!("10.{}.0.0/16", self.net))
                    .ks("gatewayId", "local")
                    .ks("origin", "CreateRouteTable")
                    .ks("state", "active")
                    .eo();
                if r == 0 {
                    j.o()
                        .ks("destinationCidrBlock", "0.0.0.0/0")
                        .ks("gatewayId", &self.igw)
                        .ks("origin", "CreateRoute")
                        .ks("state", "active")
                        .eo();
                }
                j.ea()
                    .tag_list("tags", &tags)
                    .ks("vpcId", &self.vpc)
                    .ks("ownerId", &self.account);
            },
            |_| {},
        )
    }

    fn acl_item<W: Write>(&self, out: &mut Out<'_, W>) -> io::Result<()> {
        let mut rng = self.rng(4, 0);
        let (capture, _) = Self::times(&mut rng);
        let mut rels: Vec<Rel<'_>> = self
            .subnets
            .iter()
            .map(|s| Rel::id("AWS::EC2::Subnet", s, "Is attached to Subnet"))
            .collect();
        rels.push(Rel::id("AWS::EC2::VPC", &self.vpc, "Is contained in Vpc"));
        let arn = self.arn("ec2", &format!("network-acl/{}", self.acl));
        let env = Env {
            ty: "AWS::EC2::NetworkAcl",
            id: &self.acl,
            name: None,
            arn: Some(&arn),
            global: false,
            az: "Multiple Availability Zones",
            capture,
            created: None,
            status: Self::status(&mut rng),
            tags: &[],
        };
        let open_inbound = rng.chance(70);
        self.item(
            out,
            &env,
            &rels,
            |j| {
                j.ka("associations");
                for (n, s) in self.subnets.iter().enumerate() {
                    j.o()
                        .kd(
                            "networkAclAssociationId",
                            Ec2Id {
                                prefix: "aclassoc",
                                h: mix64((self.index << 8) | n as u64),
                            },
                        )
                        .ks("networkAclId", &self.acl)
                        .ks("subnetId", s)
                        .eo();
                }
                j.ea().ka("entries");
                for (egress, action, number, cidr) in [
                    (true, "allow", 100, "0.0.0.0/0"),
                    (true, "deny", 32767, "0.0.0.0/0"),
                    (
                        false,
                        "allow",
                        100,
                        if open_inbound {
                            "0.0.0.0/0"
                        } else {
                            "10.0.0.0/8"
                        },
                    ),
                    (false, "deny", 32767, "0.0.0.0/0"),
                ] {
                    j.o()
                        .ks("cidrBlock", cidr)
                        .kb("egress", egress)
                        .ks("protocol", "-1")
                        .ks("ruleAction", action)
                        .kn("ruleNumber", number)
                        .eo();
                }
                j.ea()
                    .kb("isDefault", true)
                    .ks("networkAclId", &self.acl)
                    .empty("tags")
                    .ks("vpcId", &self.vpc)
                    .ks("ownerId", &self.account);
            },
            |_| {},
        )
    }

    fn subnet<W: Write>(&self, out: &mut Out<'_, W>, s: usize) -> io::Result<()> {
        let mut rng = self.rng(5, s);
        let (capture, _) = Self::times(&mut rng);
        let public = Self::is_public_subnet(s);
        let name = format!(
            "{}-{}-{}",
            self.app,
            if public { "public" } else { "private" },
            s % 2 + 1
        );
        let tags = [("Name", name.as_str())];
        let mine: Vec<usize> = (0..INSTANCES)
            .filter(|&i| Self::instance_subnet(i) == s)
            .collect();
        let mut rels: Vec<Rel<'_>> = mine
            .iter()
            .map(|&i| {
                Rel::id(
                    "AWS::EC2::Instance",
                    &self.instances[i],
                    "Contains Instance",
                )
            })
            .collect();
        rels.extend(mine.iter().map(|&i| {
            Rel::id(
                "AWS::EC2::NetworkInterface",
                &self.enis[i],
                "Contains NetworkInterface",
            )
        }));
        rels.push(Rel::id(
            "AWS::EC2::NetworkAcl",
            &self.acl,
            "Is attached to NetworkAcl",
        ));
        rels.push(Rel::id(
            "AWS::EC2::RouteTable",
            &self.rtb[usize::from(!public)],
            "Is contained in RouteTable",
        ));
        rels.push(Rel::id("AWS::EC2::VPC", &self.vpc, "Is contained in Vpc"));
        let arn = self.arn("ec2", &format!("subnet/{}", self.subnets[s]));
        let az = &self.azs[s % 2];
        let env = Env {
            ty: "AWS::EC2::Subnet",
            id: &self.subnets[s],
            name: None,
            arn: Some(&arn),
            global: false,
            az,
            capture,
            created: None,
            status: Self::status(&mut rng),
            tags: &tags,
        };
        self.item(
            out,
            &env,
            &rels,
            |j| {
                j.ks("availabilityZone", az)
                    .ks("availabilityZoneId", &format!("use1-az{}", s % 2 * 2 + 1))
                    .kn("availableIpAddressCount", 4091 - rng.below(200))
                    .ks("cidrBlock", &format!("10.{}.{}.0/20", self.net, s * 16))
                    .kb("defaultForAz", false)
                    .kb("mapPublicIpOnLaunch", public)
                    .kb("mapCustomerOwnedIpOnLaunch", false)
                    .ks("state", "available")
                    .ks("subnetId", &self.subnets[s])
                    .ks("vpcId", &self.vpc)
                    .ks("ownerId", &self.account)
                    .kb("assignIpv6AddressOnCreation", false)
                    .empty("ipv6CidrBlockAssociationSet")
                    .tag_list("tags", &tags)
                    .ks("subnetArn", &arn)
                    .kb("enableDns64", false)
                    .kb("ipv6Native", false)
                    .ko("privateDnsNameOptionsOnLaunch")
                    .ks("hostnameType", "ip-name")
                    .kb("enableResourceNameDnsARecord", false)
                    .kb("enableResourceNameDnsAAAARecord", false)
                    .eo();
            },
            |_| {},
        )
    }

    /// One ingress or egress permission in the 2026 shape: `ipRanges` strings and
    /// `ipv4Ranges`/`ipv6Ranges` objects side by side.
    fn permission(
        j: &mut J,
        protocol: &str,
        ports: Option<(i64, i64)>,
        v4: &[&str],
        v6: &[&str],
        groups: &[(&str, &str)],
    ) {
        j.o();
        if let Some((from, _)) = ports {
            j.kn("fromPort", from);
        }
        j.ks("ipProtocol", protocol).ka("ipv6Ranges");
        for c in v6 {
            j.o().ks("cidrIpv6", c).eo();
        }
        j.ea().empty("prefixListIds");
        if let Some((_, to)) = ports {
            j.kn("toPort", to);
        }
        j.ka("userIdGroupPairs");
        for (group, user) in groups {
            j.o().ks("groupId", group).ks("userId", user).eo();
        }
        j.ea().ka("ipv4Ranges");
        for c in v4 {
            j.o().ks("cidrIp", c).eo();
        }
        j.ea().ka("ipRanges");
        for c in v4 {
            j.s(c);
        }
        j.ea().eo();
    }

    fn security_group<W: Write>(&self, out: &mut Out<'_, W>, g: usize) -> io::Result<()> {
        let mut rng = self.rng(6, g);
        let (capture, _) = Self::times(&mut rng);
        let name = &self.sg_names[g];
        let tags = [("Name", name.as_str()), ("env", self.env)];
        let users: Vec<usize> = (0..INSTANCES)
            .filter(|&i| Self::instance_sgs(i).contains(&g))
            .collect();
        let mut rels: Vec<Rel<'_>> = users
            .iter()
            .map(|&i| {
                Rel::id(
                    "AWS::EC2::Instance",
                    &self.instances[i],
                    "Is associated with Instance",
                )
            })
            .collect();
        rels.extend(users.iter().map(|&i| {
            Rel::id(
                "AWS::EC2::NetworkInterface",
                &self.enis[i],
                "Is associated with NetworkInterface",
            )
        }));
        rels.push(Rel::id("AWS::EC2::VPC", &self.vpc, "Is contained in Vpc"));
        let arn = self.arn("ec2", &format!("security-group/{}", self.sgs[g]));
        let env = Env {
            ty: "AWS::EC2::SecurityGroup",
            id: &self.sgs[g],
            name: Some(name),
            arn: Some(&arn),
            global: false,
            az: "Not Applicable",
            capture,
            created: None,
            status: Self::status(&mut rng),
            tags: &tags,
        };
        let variant = rng.below(100);
        let account = self.account.as_str();
        self.item(
            out,
            &env,
            &rels,
            |j| {
                j.ks(
                    "description",
                    [
                        "Web tier - HTTP/HTTPS from internet",
                        "App tier - from web tier",
                        "Database - from app tier",
                        "Administrative access",
                    ][g],
                )
                .ks("groupName", name)
                .ka("ipPermissions");
                match g {
                    0 => {
                        Self::permission(j, "tcp", Some((80, 80)), &["0.0.0.0/0"], &[], &[]);
                        Self::permission(
                            j,
                            "tcp",
                            Some((443, 443)),
                            &["0.0.0.0/0"],
                            &["::/0"],
                            &[],
                        );
                    }
                    1 => {
                        Self::permission(
                            j,
                            "tcp",
                            Some((8080, 8080)),
                            &[],
                            &[],
                            &[(&self.sgs[0], account)],
                        );
                        let ssh_from: &[&str] = if variant < 15 {
                            &["0.0.0.0/0"]
                        } else {
                            &["10.0.0.0/8"]
                        };
                        Self::permission(j, "tcp", Some((22, 22)), ssh_from, &[], &[]);
                    }
                    2 => {
                        Self::permission(
                            j,
                            "tcp",
                            Some((3306, 3306)),
                            &[],
                            &[],
                            &[(&self.sgs[1], account)],
                        );
                        Self::permission(
                            j,
                            "tcp",
                            Some((5432, 5432)),
                            &[],
                            &[],
                            &[(&self.sgs[1], account)],
                        );
                    }
                    _ => match variant {
                        0..25 => Self::permission(
                            j,
                            "tcp",
                            Some((22, 22)),
                            &["0.0.0.0/0"],
                            &["::/0"],
                            &[],
                        ),
                        25..35 => Self::permission(j, "-1", None, &["0.0.0.0/0"], &["::/0"], &[]),
                        35..50 => {
                            Self::permission(
                                j,
                                "tcp",
                                Some((3389, 3389)),
                                &["0.0.0.0/0"],
                                &[],
                                &[],
                            );
                        }
                        50..60 => Self::permission(j, "tcp", Some((0, 65535)), &[], &["::/0"], &[]),
                        _ => Self::permission(
                            j,
                            "tcp",
                            Some((22, 22)),
                            &["203.0.113.0/24", "198.51.100.10/32"],
                            &[],
                            &[],
                        ),
                    },
                }
                j.ea()
                    .ks("ownerId", account)
                    .ks("groupId", &self.sgs[g])
                    .ka("ipPermissionsEgress");
                Self::permission(j, "-1", None, &["0.0.0.0/0"], &[], &[]);
                j.ea().tag_list("tags", &tags).ks("vpcId", &self.vpc);
            },
            |_| {},
        )
    }

    fn instance<W: Write>(&self, out: &mut Out<'_, W>, i: usize) -> io::Result<()> {
        let mut rng = self.rng(7, i);
        let (capture, created) = Self::times(&mut rng);
        let s = Self::instance_subnet(i);
        let name = format!("{}-{}-{}", self.app, self.env, i + 1);
        let tags = [("Name", name.as_str()), ("env", self.env)];
        let mut rels = vec![Rel::id(
            "AWS::EC2::NetworkInterface",
            &self.enis[i],
            "Contains NetworkInterface",
        )];
        rels.extend(Self::instance_sgs(i).iter().map(|&g| {
            Rel::id(
                "AWS::EC2::SecurityGroup",
                &self.sgs[g],
                "Is associated with SecurityGroup",
            )
        }));
        rels.push(Rel::id(
            "AWS::EC2::Subnet",
            &self.subnets[s],
            "Is contained in Subnet",
        ));
        rels.extend(Self::instance_volumes(i).map(|v| {
            Rel::id(
                "AWS::EC2::Volume",
                &self.volumes[v],
                "Is attached to Volume",
            )
        }));
        rels.push(Rel::id("AWS::EC2::VPC", &self.vpc, "Is contained in Vpc"));
        let arn = self.arn("ec2", &format!("instance/{}", self.instances[i]));
        let az = &self.azs[s % 2];
        let env = Env {
            ty: "AWS::EC2::Instance",
            id: &self.instances[i],
            name: None,
            arn: Some(&arn),
            global: false,
            az,
            capture,
            created: Some(created),
            status: Self::status(&mut rng),
            tags: &tags,
        };
        let ip = self.private_ip(s, i);
        let dns = format!(
            "ip-{}.{}.compute.internal",
            ip.replace('.', "-"),
            self.region
        );
        let public = Self::instance_has_public_ip(i).then(|| self.public_ip(7, i));
        let running = rng.chance(90);
        let imds_required = rng.chance(60);
        let instance_type = *rng.pick(INSTANCE_TYPES);
        let launch = created + 60_000;
        let mac = rng.next_u64();
        self.item(
            out,
            &env,
            &rels,
            |j| {
                j.kn("amiLaunchIndex", 0)
                    .kd(
                        "imageId",
                        Ec2Id {
                            prefix: "ami",
                            h: mix64(self.index >> 3),
                        },
                    )
                    .ks("instanceId", &self.instances[i])
                    .ks("instanceType", instance_type)
                    .kt("launchTime", launch)
                    .ko("monitoring")
                    .ks(
                        "state",
                        if rng.chance(20) {
                            "enabled"
                        } else {
                            "disabled"
                        },
                    )
                    .eo()
                    .ko("placement")
                    .ks("availabilityZone", az)
                    .ks("groupName", "")
                    .ks("tenancy", "default")
                    .eo()
                    .ks("privateDnsName", &dns)
                    .ks("privateIpAddress", &ip)
                    .empty("productCodes");
                match (&public, running) {
                    (Some(p), true) => {
                        j.ks(
                            "publicDnsName",
                            &format!("ec2-{}.compute-1.amazonaws.com", p.replace('.', "-")),
                        )
                        .ks("publicIpAddress", p);
                    }
                    _ => {
                        j.ks("publicDnsName", "");
                    }
                }
                j.ko("state");
                if running {
                    j.kn("code", 16).ks("name", "running");
                } else {
                    j.kn("code", 80).ks("name", "stopped");
                }
                j.eo()
                    .ks(
                        "stateTransitionReason",
                        if running {
                            ""
                        } else {
                            "User initiated (2026-02-10 09:12:44 GMT)"
                        },
                    )
                    .ks("subnetId", &self.subnets[s])
                    .ks("vpcId", &self.vpc)
                    .ks("architecture", "x86_64")
                    .ka("blockDeviceMappings");
                for (n, v) in Self::instance_volumes(i).enumerate() {
                    j.o()
                        .ks("deviceName", ["/dev/xvda", "/dev/sdf"][n])
                        .ko("ebs")
                        .kt("attachTime", launch + 1000)
                        .kb("deleteOnTermination", n == 0)
                        .ks("status", "attached")
                        .ks("volumeId", &self.volumes[v])
                        .eo()
                        .eo();
                }
                j.ea();
                j.k("clientToken");
                j.sep();
                j.b.push('"');
                uuid(&mut j.b, mac);
                j.b.push('"');
                j.pending = true;
                j.kb("ebsOptimized", false)
                    .kb("enaSupport", true)
                    .ks("hypervisor", "xen");
                if i.is_multiple_of(2) {
                    j.ko("iamInstanceProfile")
                        .ks(
                            "arn",
                            &format!(
                                "arn:aws:iam::{}:instance-profile/{}",
                                self.account, self.role_names[1]
                            ),
                        )
                        .ks("id", &iam_id("AIPA", mix64(self.index ^ 0x1A)))
                        .eo();
                }
                j.ka("networkInterfaces")
                    .o()
                    .ko("attachment")
                    .kt("attachTime", launch)
                    .kd(
                        "attachmentId",
                        Ec2Id {
                            prefix: "eni-attach",
                            h: mix64(mac),
                        },
                    )
                    .kb("deleteOnTermination", true)
                    .kn("deviceIndex", 0)
                    .ks("status", "attached")
                    .kn("networkCardIndex", 0)
                    .eo();
                if let (Some(p), true) = (&public, running) {
                    j.ko("association")
                        .ks("ipOwnerId", "amazon")
                        .ks(
                            "publicDnsName",
                            &format!("ec2-{}.compute-1.amazonaws.com", p.replace('.', "-")),
                        )
                        .ks("publicIp", p)
                        .eo();
                }
                j.ks("description", "").ka("groups");
                for &g in Self::instance_sgs(i) {
                    j.o()
                        .ks("groupName", &self.sg_names[g])
                        .ks("groupId", &self.sgs[g])
                        .eo();
                }
                j.ea()
                    .empty("ipv6Addresses")
                    .ks("macAddress", &mac_address(mac))
                    .ks("networkInterfaceId", &self.enis[i])
                    .ks("ownerId", &self.account)
                    .ks("privateDnsName", &dns)
                    .ks("privateIpAddress", &ip)
                    .ka("privateIpAddresses")
                    .o()
                    .kb("primary", true)
                    .ks("privateDnsName", &dns)
                    .ks("privateIpAddress", &ip)
                    .eo()
                    .ea()
                    .kb("sourceDestCheck", true)
                    .ks("status", "in-use")
                    .ks("subnetId", &self.subnets[s])
                    .ks("vpcId", &self.vpc)
                    .ks("interfaceType", "interface")
                    .empty("ipv4Prefixes")
                    .empty("ipv6Prefixes")
                    .eo()
                    .ea()
                    .ks("rootDeviceName", "/dev/xvda")
                    .ks("rootDeviceType", "ebs")
                    .ka("securityGroups");
                for &g in Self::instance_sgs(i) {
                    j.o()
                        .ks("groupName", &self.sg_names[g])
                        .ks("groupId", &self.sgs[g])
                        .eo();
                }
                j.ea()
                    .kb("sourceDestCheck", true)
                    .tag_list("tags", &tags)
                    .ks("virtualizationType", "hvm")
                    .ko("cpuOptions")
                    .kn("coreCount", 1)
                    .kn("threadsPerCore", 2)
                    .eo()
                    .ko("hibernationOptions")
                    .kb("configured", false)
                    .eo()
                    .empty("licenses")
                    .ko("metadataOptions")
                    .ks("state", "applied")
                    .ks(
                        "httpTokens",
                        if imds_required {
                            "required"
                        } else {
                            "optional"
                        },
                    )
                    .kn("httpPutResponseHopLimit", if imds_required { 2 } else { 1 })
                    .ks("httpEndpoint", "enabled")
                    .ks("httpProtocolIpv6", "disabled")
                    .ks("instanceMetadataTags", "disabled")
                    .eo()
                    .ks("bootMode", "uefi-preferred")
                    .ks("platformDetails", "Linux/UNIX")
                    .ks("usageOperation", "RunInstances")
                    .ko("maintenanceOptions")
                    .ks("autoRecovery", "default")
                    .eo()
                    .ks("currentInstanceBootMode", "uefi");
            },
            |_| {},
        )
    }

    fn eni<W: Write>(&self, out: &mut Out<'_, W>, i: usize) -> io::Result<()> {
        let mut rng = self.rng(8, i);
        let (capture, _) = Self::times(&mut rng);
        let s = Self::instance_subnet(i);
        let eip = (0..EIPS).find(|&e| Self::eip_instance(e) == i);
        let mut rels = Vec::with_capacity(6);
        if let Some(e) = eip {
            rels.push(Rel::id(
                "AWS::EC2::EIP",
                &self.eips[e],
                "Is attached to ElasticIp",
            ));
        }
        rels.push(Rel::id(
            "AWS::EC2::Instance",
            &self.instances[i],
            "Is attached to Instance",
        ));
        rels.extend(Self::instance_sgs(i).iter().map(|&g| {
            Rel::id(
                "AWS::EC2::SecurityGroup",
                &self.sgs[g],
                "Is associated with SecurityGroup",
            )
        }));
        rels.push(Rel::id(
            "AWS::EC2::Subnet",
            &self.subnets[s],
            "Is contained in Subnet",
        ));
        rels.push(Rel::id("AWS::EC2::VPC", &self.vpc, "Is contained in Vpc"));
        let arn = self.arn("ec2", &format!("network-interface/{}", self.enis[i]));
        let az = &self.azs[s % 2];
        let env = Env {
            ty: "AWS::EC2::NetworkInterface",
            id: &self.enis[i],
            name: None,
            arn: Some(&arn),
            global: false,
            az,
            capture,
            created: None,
            status: Self::status(&mut rng),
            tags: &[],
        };
        let ip = self.private_ip(s, i);
        let dns = format!(
            "ip-{}.{}.compute.internal",
            ip.replace('.', "-"),
            self.region
        );
        let public = eip
            .map(|e| self.public_ip(10, e))
            .or_else(|| Self::instance_has_public_ip(i).then(|| self.public_ip(7, i)));
        let mac = rng.next_u64();
        self.item(
            out,
            &env,
            &rels,
            |j| {
                let association = |j: &mut J, p: &str| {
                    j.ko("association")
                        .ks(
                            "ipOwnerId",
                            if eip.is_some() {
                                &self.account
                            } else {
                                "amazon"
                            },
                        )
                        .ks(
                            "publicDnsName",
                            &format!("ec2-{}.compute-1.amazonaws.com", p.replace('.', "-")),
                        )
                        .ks("publicIp", p)
                        .eo();
                };
                if let Some(p) = &public {
                    association(j, p);
                }
                j.ko("attachment")
                    .kt("attachTime", capture - DAY_MS)
                    .kd(
                        "attachmentId",
                        Ec2Id {
                            prefix: "eni-attach",
                            h: mix64(mac),
                        },
                    )
                    .kb("deleteOnTermination", true)
                    .kn("deviceIndex", 0)
                    .kn("networkCardIndex", 0)
                    .ks("instanceId", &self.instances[i])
                    .ks("instanceOwnerId", &self.account)
                    .ks("status", "attached")
                    .eo()
                    .ks("availabilityZone", az)
                    .ks("description", "")
                    .ka("groups");
                for &g in Self::instance_sgs(i) {
                    j.o()
                        .ks("groupName", &self.sg_names[g])
                        .ks("groupId", &self.sgs[g])
                        .eo();
                }
                j.ea()
                    .ks("interfaceType", "interface")
                    .empty("ipv6Addresses")
                    .ks("macAddress", &mac_address(mac))
                    .ks("networkInterfaceId", &self.enis[i])
                    .ks("ownerId", &self.account)
                    .ks("privateDnsName", &dns)
                    .ks("privateIpAddress", &ip)
                    .ka("privateIpAddresses")
                    .o();
                if let Some(p) = &public {
                    association(j, p);
                }
                j.kb("primary", true)
                    .ks("privateDnsName", &dns)
                    .ks("privateIpAddress", &ip)
                    .eo()
                    .ea()
                    .empty("ipv4Prefixes")
                    .empty("ipv6Prefixes")
                    .kb("requesterManaged", false)
                    .kb("sourceDestCheck", true)
                    .ks("status", "in-use")
                    .ks("subnetId", &self.subnets[s])
                    .empty("tagSet")
                    .ks("vpcId", &self.vpc);
            },
            |_| {},
        )
    }

    fn volume<W: Write>(&self, out: &mut Out<'_, W>, v: usize) -> io::Result<()> {
        let mut rng = self.rng(9, v);
        let (capture, created) = Self::times(&mut rng);
        let i = if v < INSTANCES { v } else { v - INSTANCES };
        let az = &self.azs[Self::instance_subnet(i) % 2];
        let rels = [Rel::id(
            "AWS::EC2::Instance",
            &self.instances[i],
            "Is attached to Instance",
        )];
        let arn = self.arn("ec2", &format!("volume/{}", self.volumes[v]));
        let name = format!("{}-{}-vol-{}", self.app, self.env, v + 1);
        let tags = [("Name", name.as_str())];
        let env = Env {
            ty: "AWS::EC2::Volume",
            id: &self.volumes[v],
            name: None,
            arn: Some(&arn),
            global: false,
            az,
            capture,
            created: Some(created),
            status: Self::status(&mut rng),
            tags: &tags,
        };
        let encrypted = rng.chance(70);
        let gp3 = rng.chance(75);
        let size = if v < INSTANCES {
            8
        } else {
            50 + rng.below(450)
        };
        self.item(
            out,
            &env,
            &rels,
            |j| {
                j.ka("attachments")
                    .o()
                    .kt("attachTime", created + 1000)
                    .ks(
                        "device",
                        if v < INSTANCES {
                            "/dev/xvda"
                        } else {
                            "/dev/sdf"
                        },
                    )
                    .ks("instanceId", &self.instances[i])
                    .ks("state", "attached")
                    .ks("volumeId", &self.volumes[v])
                    .kb("deleteOnTermination", v < INSTANCES)
                    .eo()
                    .ea()
                    .ks("availabilityZone", az)
                    .kt("createTime", created)
                    .kb("encrypted", encrypted);
                if encrypted {
                    j.ks(
                        "kmsKeyId",
                        &format!(
                            "arn:aws:kms:{}:{}:key/{}",
                            self.region, self.account, self.kms
                        ),
                    );
                }
                j.kn("size", size)
                    .kd(
                        "snapshotId",
                        Ec2Id {
                            prefix: "snap",
                            h: mix64(self.index >> 2),
                        },
                    )
                    .ks("state", "in-use")
                    .ks("volumeId", &self.volumes[v])
                    .kn("iops", 3000)
                    .tag_list("tags", &tags)
                    .ks("volumeType", if gp3 { "gp3" } else { "gp2" })
                    .kb("multiAttachEnabled", false);
                if gp3 {
                    j.kn("throughput", 125);
                }
            },
            |_| {},
        )
    }

    fn eip<W: Write>(&self, out: &mut Out<'_, W>, e: usize) -> io::Result<()> {
        let mut rng = self.rng(10, e);
        let (capture, _) = Self::times(&mut rng);
        let i = Self::eip_instance(e);
        let ip = self.public_ip(10, e);
        let rels = [Rel::id(
            "AWS::EC2::NetworkInterface",
            &self.enis[i],
            "Is attached to NetworkInterface",
        )];
        let arn = self.arn("ec2", &format!("eip-allocation/{}", self.eips[e]));
        let env = Env {
            ty: "AWS::EC2::EIP",
            id: &self.eips[e],
            name: Some(&ip),
            arn: Some(&arn),
            global: false,
            az: "Not Applicable",
            capture,
            created: None,
            status: Self::status(&mut rng),
            tags: &[],
        };
        self.item(
            out,
            &env,
            &rels,
            |j| {
                j.ks("publicIp", &ip)
                    .ks("allocationId", &self.eips[e])
                    .kd(
                        "associationId",
                        Ec2Id {
                            prefix: "eipassoc",
                            h: mix64((self.index << 4) | e as u64),
                        },
                    )
                    .ks("domain", "vpc")
                    .ks("networkInterfaceId", &self.enis[i])
                    .ks("networkInterfaceOwnerId", &self.account)
                    .ks(
                        "privateIpAddress",
                        &self.private_ip(Self::instance_subnet(i), i),
                    )
                    .empty("tags")
                    .ks("publicIpv4Pool", "amazon")
                    .ks("networkBorderGroup", self.region);
            },
            |_| {},
        )
    }

    fn load_balancer<W: Write>(&self, out: &mut Out<'_, W>) -> io::Result<()> {
        let mut rng = self.rng(11, 0);
        let (capture, created) = Self::times(&mut rng);
        let rels = [
            Rel::id(
                "AWS::EC2::SecurityGroup",
                &self.sgs[0],
                "Is associated with SecurityGroup",
            ),
            Rel::id(
                "AWS::EC2::Subnet",
                &self.subnets[0],
                "Is attached to Subnet",
            ),
            Rel::id(
                "AWS::EC2::Subnet",
                &self.subnets[1],
                "Is attached to Subnet",
            ),
            Rel::id("AWS::EC2::VPC", &self.vpc, "Is contained in Vpc"),
        ];
        let tags = [("Name", self.lb_name.as_str()), ("env", self.env)];
        let env = Env {
            ty: "AWS::ElasticLoadBalancingV2::LoadBalancer",
            id: &self.lb_arn,
            name: Some(&self.lb_name),
            arn: Some(&self.lb_arn),
            global: false,
            az: "Multiple Availability Zones",
            capture,
            created: Some(created),
            status: Self::status(&mut rng),
            tags: &tags,
        };
        let internet = rng.chance(60);
        let access_logs = rng.chance(40);
        let drop_invalid = rng.chance(50);
        let deletion_protection = rng.chance(30);
        let dns = format!(
            "{}-{}.{}.elb.amazonaws.com",
            self.lb_name,
            rng.below(10_000_000_000),
            self.region
        );
        self.item(
            out,
            &env,
            &rels,
            |j| {
                j.ks("loadBalancerArn", &self.lb_arn)
                    .ks("dNSName", &dns)
                    .ks("canonicalHostedZoneId", "Z35SXDOTRQ7X7K")
                    .kt("createdTime", created)
                    .ks("loadBalancerName", &self.lb_name)
                    .ks(
                        "scheme",
                        if internet {
                            "internet-facing"
                        } else {
                            "internal"
                        },
                    )
                    .ks("vpcId", &self.vpc)
                    .ko("state")
                    .ks("code", "active")
                    .eo()
                    .ks("type", "application")
                    .ka("availabilityZones");
                for s in 0..2 {
                    j.o()
                        .ks("zoneName", &self.azs[s])
                        .ks("subnetId", &self.subnets[s])
                        .empty("loadBalancerAddresses")
                        .eo();
                }
                j.ea()
                    .ka("securityGroups")
                    .s(&self.sgs[0])
                    .ea()
                    .ks("ipAddressType", "ipv4");
            },
            |j| {
                j.ka("LoadBalancerAttributes");
                let bucket = &self.buckets[1];
                for (k, v) in [
                    (
                        "access_logs.s3.enabled",
                        if access_logs { "true" } else { "false" },
                    ),
                    (
                        "access_logs.s3.bucket",
                        if access_logs { bucket } else { "" },
                    ),
                    ("access_logs.s3.prefix", ""),
                    ("idle_timeout.timeout_seconds", "60"),
                    (
                        "deletion_protection.enabled",
                        if deletion_protection { "true" } else { "false" },
                    ),
                    ("routing.http2.enabled", "true"),
                    (
                        "routing.http.drop_invalid_header_fields.enabled",
                        if drop_invalid { "true" } else { "false" },
                    ),
                    ("routing.http.desync_mitigation_mode", "defensive"),
                    ("load_balancing.cross_zone.enabled", "true"),
                    ("waf.fail_open.enabled", "false"),
                ] {
                    j.o().ks("key", k).ks("value", v).eo();
                }
                j.ea().tag_list("Tags", &tags);
            },
        )
    }

    fn db_subnet_group<W: Write>(&self, out: &mut Out<'_, W>) -> io::Result<()> {
        let mut rng = self.rng(12, 1);
        let (capture, _) = Self::times(&mut rng);
        let rels = [
            Rel::id(
                "AWS::EC2::Subnet",
                &self.subnets[2],
                "Is associated with Subnet",
            ),
            Rel::id(
                "AWS::EC2::Subnet",
                &self.subnets[3],
                "Is associated with Subnet",
            ),
            Rel::id("AWS::EC2::VPC", &self.vpc, "Is associated with Vpc"),
        ];
        let arn = self.arn("rds", &format!("subgrp:{}", self.dbsg));
        let tags = [("Name", self.dbsg.as_str())];
        let env = Env {
            ty: "AWS::RDS::DBSubnetGroup",
            id: &self.dbsg,
            name: Some(&self.dbsg),
            arn: Some(&arn),
            global: false,
            az: "Multiple Availability Zones",
            capture,
            created: None,
            status: Self::status(&mut rng),
            tags: &tags,
        };
        self.item(
            out,
            &env,
            &rels,
            |j| {
                self.db_subnet_group_config(j);
                j.ks("dBSubnetGroupArn", &arn)
                    .ka("supportedNetworkTypes")
                    .s("IPV4")
                    .ea();
            },
            |j| {
                j.tag_list("Tags", &tags);
            },
        )
    }

    fn db_subnet_group_config(&self, j: &mut J) {
        j.ks("dBSubnetGroupName", &self.dbsg)
            .ks(
                "dBSubnetGroupDescription",
                "Private subnets for the database",
            )
            .ks("vpcId", &self.vpc)
            .ks("subnetGroupStatus", "Complete")
            .ka("subnets");
        for s in 2..4 {
            j.o()
                .ks("subnetIdentifier", &self.subnets[s])
                .ko("subnetAvailabilityZone")
                .ks("name", &self.azs[s % 2])
                .eo()
                .ko("subnetOutpost")
                .eo()
                .ks("subnetStatus", "Active")
                .eo();
        }
        j.ea();
    }

    fn db_instance<W: Write>(&self, out: &mut Out<'_, W>) -> io::Result<()> {
        let mut rng = self.rng(12, 0);
        let (capture, created) = Self::times(&mut rng);
        let rels = [
            Rel::id(
                "AWS::RDS::DBSubnetGroup",
                &self.dbsg,
                "Is associated with DBSubnetGroup",
            ),
            Rel::id(
                "AWS::EC2::SecurityGroup",
                &self.sgs[2],
                "Is associated with SecurityGroup",
            ),
        ];
        let arn = self.arn("rds", &format!("db:{}", self.db_name));
        let tags = [("Name", self.db_name.as_str()), ("env", self.env)];
        let env = Env {
            ty: "AWS::RDS::DBInstance",
            id: &self.dbi_id,
            name: Some(&self.db_name),
            arn: Some(&arn),
            global: false,
            az: &self.azs[0],
            capture,
            created: Some(created),
            status: Self::status(&mut rng),
            tags: &tags,
        };
        let &(engine, version, port) = rng.pick(ENGINES);
        let public = rng.chance(10);
        let encrypted = rng.chance(80);
        let multi_az = rng.chance(50);
        let backups = rng.below(15);
        let deletion_protection = rng.chance(40);
        let iam_auth = rng.chance(30);
        self.item(
            out,
            &env,
            &rels,
            |j| {
                j.ks("dBInstanceIdentifier", &self.db_name)
                    .ks("dBInstanceClass", "db.t3.medium")
                    .ks("engine", engine)
                    .ks("dBInstanceStatus", "available")
                    .ks("masterUsername", "admin")
                    .ko("endpoint")
                    .ks(
                        "address",
                        &format!(
                            "{}.c3eiyammu1s2.{}.rds.amazonaws.com",
                            self.db_name, self.region
                        ),
                    )
                    .kn("port", port)
                    .ks("hostedZoneId", "Z2R2ITUGPM61AM")
                    .eo()
                    .kn("allocatedStorage", 20 + rng.below(480))
                    .kt("instanceCreateTime", created)
                    .ks("preferredBackupWindow", "18:11-18:41")
                    .kn("backupRetentionPeriod", backups)
                    .empty("dBSecurityGroups")
                    .ka("vpcSecurityGroups")
                    .o()
                    .ks("vpcSecurityGroupId", &self.sgs[2])
                    .ks("status", "active")
                    .eo()
                    .ea()
                    .ka("dBParameterGroups")
                    .o()
                    .ks("dBParameterGroupName", &format!("default.{engine}"))
                    .ks("parameterApplyStatus", "in-sync")
                    .eo()
                    .ea()
                    .ks("availabilityZone", &self.azs[0])
                    .ko("dBSubnetGroup");
                self.db_subnet_group_config(j);
                j.eo()
                    .ks("preferredMaintenanceWindow", "tue:18:28-tue:18:58")
                    .kb("multiAZ", multi_az)
                    .ks("engineVersion", version)
                    .kb("autoMinorVersionUpgrade", true)
                    .empty("readReplicaDBInstanceIdentifiers")
                    .ks("licenseModel", "general-public-license")
                    .kb("publiclyAccessible", public)
                    .ks("storageType", "gp3")
                    .kn("dbInstancePort", 0)
                    .kb("storageEncrypted", encrypted);
                if encrypted {
                    j.ks(
                        "kmsKeyId",
                        &format!(
                            "arn:aws:kms:{}:{}:key/{}",
                            self.region, self.account, self.kms
                        ),
                    );
                }
                j.ks("dbiResourceId", &self.dbi_id)
                    .ks("cACertificateIdentifier", "rds-ca-rsa2048-g1")
                    .kb("copyTagsToSnapshot", false)
                    .kn("monitoringInterval", 0)
                    .ks("dBInstanceArn", &arn)
                    .kb("iAMDatabaseAuthenticationEnabled", iam_auth)
                    .kb("performanceInsightsEnabled", false)
                    .empty("enabledCloudwatchLogsExports")
                    .kb("deletionProtection", deletion_protection)
                    .tag_list("tagList", &tags)
                    .ko("certificateDetails")
                    .ks("cAIdentifier", "rds-ca-rsa2048-g1")
                    .kt("validTill", created + 365 * DAY_MS)
                    .eo();
            },
            |j| {
                j.tag_list("Tags", &tags);
            },
        )
    }

    fn lambda<W: Write>(&self, out: &mut Out<'_, W>, l: usize) -> io::Result<()> {
        let mut rng = self.rng(13, l);
        let (capture, _) = Self::times(&mut rng);
        let name = &self.lambdas[l];
        let rels = [
            Rel::named("AWS::IAM::Role", &self.role_names[0], "Is associated with "),
            Rel::id(
                "AWS::EC2::SecurityGroup",
                &self.sgs[1],
                "Is associated with ",
            ),
            Rel::id("AWS::EC2::Subnet", &self.subnets[2], "Is contained in "),
            Rel::id("AWS::EC2::Subnet", &self.subnets[3], "Is contained in "),
        ];
        let arn = self.arn("lambda", &format!("function:{name}"));
        let tags = [("Name", name.as_str())];
        let env = Env {
            ty: "AWS::Lambda::Function",
            id: name,
            name: Some(name),
            arn: Some(&arn),
            global: false,
            az: "Not Applicable",
            capture,
            created: None,
            status: Self::status(&mut rng),
            tags: &tags,
        };
        let runtime = *rng.pick(RUNTIMES);
        let tracing = rng.chance(30);
        let modified = capture - rng.below(30 * DAY_MS);
        let mut lm = String::new();
        iso(&mut lm, modified);
        lm.truncate(lm.len() - 1);
        lm.push_str("+0000");
        let sha = rng.next_u64();
        self.item(
            out,
            &env,
            &rels,
            |j| {
                j.ks("functionName", name)
                    .ks("functionArn", &arn)
                    .ks("runtime", runtime)
                    .ks(
                        "role",
                        &format!("arn:aws:iam::{}:role/{}", self.account, self.role_names[0]),
                    )
                    .ks("handler", "index.handler")
                    .kn("codeSize", 200 + rng.below(9_000_000))
                    .ks("description", "")
                    .kn("timeout", [3, 30, 60, 900][l * 2 % 4])
                    .kn("memorySize", [128, 256, 512, 1024][l])
                    .ks("lastModified", &lm)
                    .kd("codeSha256", format_args!("{sha:016x}{:016x}=", mix64(sha)))
                    .ks("version", "$LATEST")
                    .ko("vpcConfig")
                    .ka("subnetIds")
                    .s(&self.subnets[2])
                    .s(&self.subnets[3])
                    .ea()
                    .ka("securityGroupIds")
                    .s(&self.sgs[1])
                    .ea()
                    .kb("ipv6AllowedForDualStack", false)
                    .eo()
                    .ko("tracingConfig")
                    .ks("mode", if tracing { "Active" } else { "PassThrough" })
                    .eo()
                    .empty("layers")
                    .ks("state", "Active")
                    .ks("lastUpdateStatus", "Successful")
                    .ks("packageType", "Zip")
                    .ka("architectures")
                    .s("x86_64")
                    .ea()
                    .ko("ephemeralStorage")
                    .kn("size", 512)
                    .eo()
                    .ko("loggingConfig")
                    .ks("logFormat", "Text")
                    .ks("logGroup", &format!("/aws/lambda/{name}"))
                    .eo();
            },
            |j| {
                j.ko("Tags").ks("Name", name).eo();
            },
        )
    }

    fn bucket<W: Write>(&self, out: &mut Out<'_, W>, n: usize, kind: usize) -> io::Result<()> {
        let mut rng = self.rng(14, n);
        let (capture, created) = Self::times(&mut rng);
        let name = if n < BUCKETS {
            self.buckets[n].clone()
        } else {
            format!("{}-extra-{n}-{}", self.app, self.account)
        };
        let arn = format!("arn:aws:s3:::{name}");
        let tags = [("env", self.env)];
        let env = Env {
            ty: "AWS::S3::Bucket",
            id: &name,
            name: Some(&name),
            arn: Some(&arn),
            global: false,
            az: "Regional",
            capture,
            created: Some(created),
            status: Self::status(&mut rng),
            tags: &tags,
        };
        let owner = format!("{:016x}{:016x}", mix64(self.seed ^ 0x0E), rng.next_u64());
        let public_acl = rng.chance(5);
        let public_policy = rng.chance(5);
        let has_policy = public_policy || kind == 1 || rng.chance(30);
        let pab = rng.chance(80);
        let versioning = *rng.pick(&["Enabled", "Enabled", "Off", "Suspended"]);
        let logging = kind != 1 && rng.chance(50);
        let kms = rng.chance(40);
        let acl = {
            let mut a = J::default();
            a.o()
                .k("grantSet")
                .null()
                .ka("grantList")
                .o()
                .ko("grantee")
                .ks("id", &owner)
                .k("displayName")
                .null()
                .eo()
                .ks("permission", "FullControl")
                .eo();
            if public_acl {
                a.o()
                    .ks("grantee", "AllUsers")
                    .ks("permission", "Read")
                    .eo();
            }
            if kind == 1 {
                a.o()
                    .ko("grantee")
                    .ks(
                        "id",
                        "c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0",
                    )
                    .k("displayName")
                    .null()
                    .eo()
                    .ks("permission", "Write")
                    .eo();
            }
            a.ea()
                .ko("owner")
                .k("displayName")
                .null()
                .ks("id", &owner)
                .eo()
                .kb("isRequesterCharged", false)
                .eo();
            a.b
        };
        let policy = has_policy.then(|| {
            let mut p = J::default();
            p.o().ks("Version", "2012-10-17").ka("Statement");
            if public_policy {
                p.o()
                    .ks("Sid", "PublicRead")
                    .ks("Effect", "Allow")
                    .ks("Principal", "*")
                    .ks("Action", "s3:GetObject")
                    .ks("Resource", &format!("{arn}/*"))
                    .eo();
            }
            if kind == 1 {
                p.o()
                    .ks("Sid", "AWSLogDeliveryWrite")
                    .ks("Effect", "Allow")
                    .ko("Principal")
                    .ks("Service", "delivery.logs.amazonaws.com")
                    .eo()
                    .ks("Action", "s3:PutObject")
                    .ks("Resource", &format!("{arn}/AWSLogs/{}/*", self.account))
                    .ko("Condition")
                    .ko("StringEquals")
                    .ks("s3:x-amz-acl", "bucket-owner-full-control")
                    .eo()
                    .eo()
                    .eo();
            }
            p.o()
                .ks("Sid", "DenyInsecureTransport")
                .ks("Effect", "Deny")
                .ks("Principal", "*")
                .ks("Action", "s3:*")
                .ka("Resource")
                .s(&arn)
                .s(&format!("{arn}/*"))
                .ea()
                .ko("Condition")
                .ko("Bool")
                .ks("aws:SecureTransport", "false")
                .eo()
                .eo()
                .eo()
                .ea()
                .eo();
            p.b
        });
        self.item(
            out,
            &env,
            &rels_none(),
            |j| {
                j.ks("name", &name)
                    .ko("owner")
                    .ks("id", &owner)
                    .eo()
                    .kt("creationDate", created)
                    .ks("region", self.region);
            },
            |j| {
                j.ko("AbacStatus")
                    .ks("status", "Disabled")
                    .eo()
                    .ks("AccessControlList", &acl)
                    .ko("BucketAccelerateConfiguration")
                    .kb("isRequesterCharged", false)
                    .eo()
                    .ko("BucketLoggingConfiguration");
                if logging {
                    j.ks("destinationBucketName", &self.buckets[1])
                        .ks("logFilePrefix", &format!("s3/{name}/"));
                }
                j.eo()
                    .ko("BucketNotificationConfiguration")
                    .ko("configurations")
                    .eo()
                    .eo()
                    .ko("BucketPolicy");
                if let Some(p) = &policy {
                    j.ks("policyText", p);
                }
                j.eo()
                    .ko("BucketTaggingConfiguration")
                    .ka("tagSets")
                    .o()
                    .ko("tags")
                    .ks("env", self.env)
                    .eo()
                    .eo()
                    .ea()
                    .eo()
                    .ko("BucketVersioningConfiguration")
                    .ks("status", versioning);
                if versioning != "Off" {
                    j.kb("isMfaDeleteEnabled", false);
                }
                j.eo()
                    .kb("IsRequesterPaysEnabled", false)
                    .ko("PublicAccessBlockConfiguration")
                    .kb("blockPublicAcls", pab)
                    .kb("ignorePublicAcls", pab)
                    .kb("blockPublicPolicy", pab)
                    .kb("restrictPublicBuckets", pab)
                    .eo()
                    .ko("ServerSideEncryptionConfiguration")
                    .ka("rules")
                    .o()
                    .ko("applyServerSideEncryptionByDefault")
                    .ks("sseAlgorithm", if kms { "aws:kms" } else { "AES256" });
                if kms {
                    j.ks(
                        "kmsMasterKeyID",
                        &format!(
                            "arn:aws:kms:{}:{}:key/{}",
                            self.region, self.account, self.kms
                        ),
                    );
                }
                j.eo().kb("bucketKeyEnabled", kms).eo().ea().eo();
            },
        )
    }

    fn kms_key<W: Write>(&self, out: &mut Out<'_, W>, n: usize) -> io::Result<()> {
        let mut rng = self.rng(15, n);
        let (capture, created) = Self::times(&mut rng);
        let id = if n == 0 {
            self.kms.clone()
        } else {
            let mut s = String::new();
            uuid(&mut s, rng.next_u64());
            s
        };
        let arn = self.arn("kms", &format!("key/{id}"));
        let name = format!("{}-key", self.app);
        let tags = [("Name", name.as_str())];
        let env = Env {
            ty: "AWS::KMS::Key",
            id: &id,
            name: None,
            arn: Some(&arn),
            global: false,
            az: "Not Applicable",
            capture,
            created: Some(created),
            status: Self::status(&mut rng),
            tags: &tags,
        };
        let pending = rng.chance(3);
        let rotation = rng.chance(60);
        let policy = format!(
            "{{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {{\n    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : {{\n      \"AWS\" : \"arn:aws:iam::{}:root\"\n    }},\n    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  }} ]\n}}",
            self.account
        );
        self.item(
            out,
            &env,
            &rels_none(),
            |j| {
                j.ks("keyId", &id)
                    .ks("arn", &arn)
                    .kn("creationDate", created)
                    .kb("enabled", !pending)
                    .ks("description", &format!("{} data key", self.app))
                    .ks("keyUsage", "ENCRYPT_DECRYPT")
                    .ks(
                        "keyState",
                        if pending {
                            "PendingDeletion"
                        } else {
                            "Enabled"
                        },
                    );
                if pending {
                    j.kn("deletionDate", BASE_MS + 7 * DAY_MS);
                }
                j.ks("origin", "AWS_KMS")
                    .ks("keyManager", "CUSTOMER")
                    .ks("customerMasterKeySpec", "SYMMETRIC_DEFAULT")
                    .ks("keySpec", "SYMMETRIC_DEFAULT")
                    .ka("encryptionAlgorithms")
                    .s("SYMMETRIC_DEFAULT")
                    .ea()
                    .empty("signingAlgorithms")
                    .kb("multiRegion", false)
                    .ks("awsaccountId", &self.account);
            },
            |j| {
                j.kb("KeyRotationStatus", rotation)
                    .ks("Policy", &policy)
                    .ka("Tags")
                    .o()
                    .ks("tagKey", "Name")
                    .ks("tagValue", &name)
                    .eo()
                    .ea();
            },
        )
    }

    fn dynamodb<W: Write>(&self, out: &mut Out<'_, W>, n: usize) -> io::Result<()> {
        let mut rng = self.rng(16, n);
        let (capture, created) = Self::times(&mut rng);
        let name = if n == 0 {
            self.table.clone()
        } else {
            format!("{}-table-{n}", self.app)
        };
        let arn = self.arn("dynamodb", &format!("table/{name}"));
        let tags = [("Name", name.as_str()), ("env", self.env)];
        let env = Env {
            ty: "AWS::DynamoDB::Table",
            id: &name,
            name: Some(&name),
            arn: Some(&arn),
            global: false,
            az: "Not Applicable",
            capture,
            created: Some(created),
            status: Self::status(&mut rng),
            tags: &tags,
        };
        let pitr = rng.chance(50);
        let on_demand = rng.chance(60);
        let table_id = {
            let mut s = String::new();
            uuid(&mut s, rng.next_u64());
            s
        };
        self.item(
            out,
            &env,
            &rels_none(),
            |j| {
                j.ka("attributeDefinitions")
                    .o()
                    .ks("attributeName", "id")
                    .ks("attributeType", "S")
                    .eo()
                    .ea()
                    .ks("tableName", &name)
                    .ka("keySchema")
                    .o()
                    .ks("attributeName", "id")
                    .ks("keyType", "HASH")
                    .eo()
                    .ea()
                    .ks("tableStatus", "ACTIVE")
                    .kn("creationDateTime", created)
                    .ko("provisionedThroughput")
                    .kn("numberOfDecreasesToday", 0)
                    .kn("readCapacityUnits", if on_demand { 0 } else { 5 })
                    .kn("writeCapacityUnits", if on_demand { 0 } else { 5 })
                    .eo()
                    .kn("tableSizeBytes", rng.below(1 << 30))
                    .kn("itemCount", rng.below(1 << 20))
                    .ks("tableArn", &arn)
                    .ks("tableId", &table_id);
                if on_demand {
                    j.ko("billingModeSummary")
                        .ks("billingMode", "PAY_PER_REQUEST")
                        .kn("lastUpdateToPayPerRequestDateTime", created)
                        .eo();
                }
                j.kb("deletionProtectionEnabled", rng.chance(30));
            },
            |j| {
                j.ko("ContinuousBackupsDescription")
                    .ks("continuousBackupsStatus", "ENABLED")
                    .ko("pointInTimeRecoveryDescription")
                    .ks(
                        "pointInTimeRecoveryStatus",
                        if pitr { "ENABLED" } else { "DISABLED" },
                    )
                    .eo()
                    .eo()
                    .tag_list("Tags", &tags);
            },
        )
    }

    fn cloudtrail<W: Write>(&self, out: &mut Out<'_, W>, n: usize) -> io::Result<()> {
        let mut rng = self.rng(17, n);
        let (capture, _) = Self::times(&mut rng);
        let name = if n == 0 {
            self.trail.clone()
        } else {
            format!("{}-trail-{n}", self.app)
        };
        let arn = self.arn("cloudtrail", &format!("trail/{name}"));
        let tags = [("Name", name.as_str())];
        let env = Env {
            ty: "AWS::CloudTrail::Trail",
            id: &name,
            name: None,
            arn: Some(&arn),
            global: false,
            az: "Regional",
            capture,
            created: None,
            status: Self::status(&mut rng),
            tags: &tags,
        };
        let multi = rng.chance(70);
        let validation = rng.chance(70);
        let encrypted = rng.chance(50);
        let cw = rng.chance(40);
        self.item(
            out,
            &env,
            &rels_none(),
            |j| {
                j.ks("name", &name).ks("s3BucketName", &self.buckets[1]);
                if n > 0 {
                    j.ks("s3KeyPrefix", "trail");
                }
                j.kb("includeGlobalServiceEvents", multi)
                    .kb("isMultiRegionTrail", multi)
                    .ks("homeRegion", self.region)
                    .ks("trailARN", &arn)
                    .kb("logFileValidationEnabled", validation);
                if cw {
                    j.ks(
                        "cloudWatchLogsLogGroupArn",
                        &self.arn("logs", &format!("log-group:/aws/cloudtrail/{name}:*")),
                    )
                    .ks(
                        "cloudWatchLogsRoleArn",
                        &format!("arn:aws:iam::{}:role/{}", self.account, self.role_names[2]),
                    );
                }
                if encrypted {
                    j.ks(
                        "kmsKeyId",
                        &format!(
                            "arn:aws:kms:{}:{}:key/{}",
                            self.region, self.account, self.kms
                        ),
                    );
                }
                j.kb("hasCustomEventSelectors", false)
                    .kb("hasInsightSelectors", false)
                    .kb("isOrganizationTrail", false);
            },
            |j| {
                j.tag_list("Tags", &tags);
            },
        )
    }

    /// A policy document, URL-encoded as AWS Config writes IAM documents.
    fn iam_document(statements: &[(&str, &[&str], &str)], pretty: bool) -> String {
        let mut p = J::default();
        p.o().ks("Version", "2012-10-17").ka("Statement");
        for (effect, actions, resource) in statements {
            p.o().ks("Effect", effect);
            if let [one] = actions {
                p.ks("Action", one);
            } else {
                p.ka("Action");
                for a in *actions {
                    p.s(a);
                }
                p.ea();
            }
            p.ks("Resource", resource).eo();
        }
        p.ea().eo();
        let text = if pretty {
            // The indentation IAM keeps from the console editor.
            p.b.replace('{', "{\n    ").replace(",\"", ",\n    \"")
        } else {
            p.b
        };
        url_encoded(&text)
    }

    fn trust_document(service: &str) -> String {
        url_encoded(&format!(
            "{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Principal\":{{\"Service\":\"{service}\"}},\"Action\":\"sts:AssumeRole\"}}]}}"
        ))
    }

    fn role<W: Write>(&self, out: &mut Out<'_, W>, r: usize) -> io::Result<()> {
        let mut rng = self.rng(18, r);
        let (capture, created) = Self::times(&mut rng);
        let name = &self.role_names[r];
        let arn = format!("arn:aws:iam::{}:role/{name}", self.account);
        let rels: Vec<Rel<'_>> = if r < 2 {
            vec![Rel::id(
                "AWS::IAM::Policy",
                &self.policy_id,
                "Is attached to CustomerManagedPolicy",
            )]
        } else {
            Vec::new()
        };
        let tags = [("team", self.app.as_str())];
        let env = Env {
            ty: "AWS::IAM::Role",
            id: &self.role_ids[r],
            name: Some(name),
            arn: Some(&arn),
            global: true,
            az: "Not Applicable",
            capture,
            created: Some(created),
            status: Self::status(&mut rng),
            tags: &tags,
        };
        let service = [
            "lambda.amazonaws.com",
            "ec2.amazonaws.com",
            "cloudtrail.amazonaws.com",
        ][r];
        let admin_inline = rng.chance(5);
        let inline = Self::iam_document(
            &[if admin_inline {
                ("Allow", &["*"][..], "*")
            } else {
                (
                    "Allow",
                    &["s3:GetObject", "s3:PutObject", "s3:ListBucket"][..],
                    "*",
                )
            }],
            true,
        );
        self.item(
            out,
            &env,
            &rels,
            |j| {
                j.ks("path", "/")
                    .ks("roleName", name)
                    .ks("roleId", &self.role_ids[r])
                    .ks("arn", &arn)
                    .kt("createDate", created)
                    .ks("assumeRolePolicyDocument", &Self::trust_document(service))
                    .ka("instanceProfileList");
                if r == 1 {
                    j.o()
                        .ks("path", "/")
                        .ks("instanceProfileName", name)
                        .ks("instanceProfileId", &iam_id("AIPA", mix64(self.index ^ 0x1A)))
                        .ks(
                            "arn",
                            &format!("arn:aws:iam::{}:instance-profile/{name}", self.account),
                        )
                        .kt("createDate", created)
                        .ka("roles")
                        .o()
                        .ks("path", "/")
                        .ks("roleName", name)
                        .ks("roleId", &self.role_ids[r])
                        .ks("arn", &arn)
                        .kt("createDate", created)
                        .ks("assumeRolePolicyDocument", &Self::trust_document(service))
                        .eo()
                        .ea()
                        .eo();
                }
                j.ea().ka("rolePolicyList");
                if r == 0 {
                    j.o()
                        .ks("policyName", &format!("{}-inline", self.app))
                        .ks("policyDocument", &inline)
                        .eo();
                }
                j.ea().ka("attachedManagedPolicies");
                if r < 2 {
                    j.o()
                        .ks("policyName", &self.policy_name)
                        .ks(
                            "policyArn",
                            &format!("arn:aws:iam::{}:policy/{}", self.account, self.policy_name),
                        )
                        .eo();
                }
                j.o()
                    .ks(
                        "policyName",
                        [
                            "AWSLambdaBasicExecutionRole",
                            "AmazonSSMManagedInstanceCore",
                            "AWSCloudTrailServiceRolePolicy",
                        ][r],
                    )
                    .ks(
                        "policyArn",
                        [
                            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
                            "arn:aws:iam::aws:policy/aws-service-role/AWSCloudTrailServiceRolePolicy",
                        ][r],
                    )
                    .eo()
                    .ea()
                    .tag_list("tags", &tags);
            },
            |_| {},
        )
    }

    fn user<W: Write>(&self, out: &mut Out<'_, W>) -> io::Result<()> {
        let mut rng = self.rng(19, 0);
        let (capture, created) = Self::times(&mut rng);
        let name = &self.user_name;
        let arn = format!("arn:aws:iam::{}:user/{name}", self.account);
        let rels = [Rel::id(
            "AWS::IAM::Policy",
            &self.policy_id,
            "Is attached to CustomerManagedPolicy",
        )];
        let env = Env {
            ty: "AWS::IAM::User",
            id: &self.user_id,
            name: Some(name),
            arn: Some(&arn),
            global: true,
            az: "Not Applicable",
            capture,
            created: Some(created),
            status: Self::status(&mut rng),
            tags: &[],
        };
        let admin = rng.chance(10);
        let inline = rng.chance(30).then(|| {
            Self::iam_document(
                &[("Allow", &["cloudformation:*", "s3:PutObject"][..], "*")],
                false,
            )
        });
        self.item(
            out,
            &env,
            &rels,
            |j| {
                j.ks("path", "/")
                    .ks("userName", name)
                    .ks("userId", &self.user_id)
                    .ks("arn", &arn)
                    .kt("createDate", created)
                    .ka("userPolicyList");
                if let Some(doc) = &inline {
                    j.o()
                        .ks("policyName", "deploy")
                        .ks("policyDocument", doc)
                        .eo();
                }
                j.ea()
                    .empty("groupList")
                    .ka("attachedManagedPolicies")
                    .o()
                    .ks("policyName", &self.policy_name)
                    .ks(
                        "policyArn",
                        &format!("arn:aws:iam::{}:policy/{}", self.account, self.policy_name),
                    )
                    .eo();
                if admin {
                    j.o()
                        .ks("policyName", "AdministratorAccess")
                        .ks("policyArn", "arn:aws:iam::aws:policy/AdministratorAccess")
                        .eo();
                }
                j.ea().empty("tags");
            },
            |_| {},
        )
    }

    fn policy<W: Write>(&self, out: &mut Out<'_, W>) -> io::Result<()> {
        let mut rng = self.rng(20, 0);
        let (capture, created) = Self::times(&mut rng);
        let name = &self.policy_name;
        let arn = format!("arn:aws:iam::{}:policy/{name}", self.account);
        let rels = [
            Rel::id("AWS::IAM::Role", &self.role_ids[0], "Is attached to Role"),
            Rel::id("AWS::IAM::Role", &self.role_ids[1], "Is attached to Role"),
            Rel::id("AWS::IAM::User", &self.user_id, "Is attached to User"),
        ];
        let env = Env {
            ty: "AWS::IAM::Policy",
            id: &self.policy_id,
            name: Some(name),
            arn: Some(&arn),
            global: true,
            az: "Not Applicable",
            capture,
            created: Some(created),
            status: Self::status(&mut rng),
            tags: &[],
        };
        let admin = rng.chance(8);
        let table_arn = self.arn("dynamodb", &format!("table/{}", self.table));
        let bucket_arn = format!("arn:aws:s3:::{}/*", self.buckets[0]);
        let doc = if admin {
            Self::iam_document(&[("Allow", &["*"][..], "*")], true)
        } else {
            Self::iam_document(
                &[
                    (
                        "Allow",
                        &["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"][..],
                        &table_arn,
                    ),
                    ("Allow", &["s3:GetObject", "s3:PutObject"][..], &bucket_arn),
                    ("Allow", &["kms:Decrypt"][..], "*"),
                ],
                true,
            )
        };
        self.item(
            out,
            &env,
            &rels,
            |j| {
                j.ks("policyName", name)
                    .ks("policyId", &self.policy_id)
                    .ks("arn", &arn)
                    .ks("path", "/")
                    .ks("defaultVersionId", "v1")
                    .kn("attachmentCount", 3)
                    .kn("permissionsBoundaryUsageCount", 0)
                    .kb("isAttachable", true)
                    .ks("description", "")
                    .kt("createDate", created)
                    .kt("updateDate", created)
                    .ka("policyVersionList")
                    .o()
                    .ks("document", &doc)
                    .ks("versionId", "v1")
                    .kb("isDefaultVersion", true)
                    .kt("createDate", created)
                    .eo()
                    .ea();
            },
            |_| {},
        )
    }
}

fn rels_none() -> [Rel<'static>; 0] {
    []
}

fn mac_address(h: u64) -> String {
    format!(
        "0e:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
        h & 0xff,
        (h >> 8) & 0xff,
        (h >> 16) & 0xff,
        (h >> 24) & 0xff,
        (h >> 32) & 0xff
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Inventory;
    use crate::load;
    use crate::model::Verb;

    fn generate(items: usize, seed: u64) -> Vec<u8> {
        let mut buf = Vec::new();
        let n = write_snapshot(&mut buf, items, seed, 3, &["us-east-1", "eu-west-1"]).unwrap();
        assert_eq!(n, buf.len() as u64);
        buf
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let a = generate(CELL_ITEMS * 2 + 7, 42);
        let b = generate(CELL_ITEMS * 2 + 7, 42);
        let c = generate(CELL_ITEMS * 2 + 7, 43);
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn loads_cleanly_with_expected_counts_and_a_resolved_graph() {
        let items = CELL_ITEMS * 7 + 13;
        let bytes = generate(items, 7);
        let size = bytes.len();
        let loaded = load::load_bytes("synth.json", bytes);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert_eq!(loaded.items.len(), items);
        let inventory = Inventory::build(loaded);
        assert_eq!(inventory.len(), items, "every key is unique");
        let counts: BTreeMap<&str, usize> = inventory.types().collect();
        assert_eq!(counts, type_counts(items));
        assert!(counts.len() >= 20, "{counts:?}");
        let stats = inventory.graph_stats();
        assert_eq!(stats.unresolved_targets, 0, "{:?}", inventory.unresolved());
        assert!(stats.resolved_by_name > 0, "Lambda roles resolve by name");
        assert!(
            stats.inferred_edges > 0,
            "service-side edges get an inverse"
        );
        let average = size / items;
        assert!(
            (500..=3000).contains(&average),
            "average item size {average}"
        );
    }

    #[test]
    fn items_decode_like_real_ones() {
        let bytes = generate(CELL_ITEMS, 1);
        let inventory = Inventory::build(load::load_bytes("synth.json", bytes));
        let mut sizes = Vec::new();
        for item in inventory.resources() {
            sizes.push(item.raw().len());
            assert!(item.configuration().is_object(), "{}", item.key);
            assert!(item.supplementary().is_object(), "{}", item.key);
            assert!(item.capture_time.as_ref().and_then(|t| t.instant).is_some());
        }
        // Real 2026 items: median 1.5 KB, largest instances and VPCs about 4 KB.
        assert!(
            sizes.iter().all(|&s| (300..=4500).contains(&s)),
            "{sizes:?}"
        );
        let mean = sizes.iter().sum::<usize>() / sizes.len();
        assert!((1000..=2500).contains(&mean), "mean item size {mean}");
        let bucket = inventory.of_type("AWS::S3::Bucket").next().unwrap();
        assert!(
            bucket
                .supplementary_at("AccessControlList.grantList")
                .is_array()
        );
        assert!(
            bucket
                .supplementary_at("PublicAccessBlockConfiguration.blockPublicAcls")
                .is_boolean()
        );
        let role = inventory.of_type("AWS::IAM::Role").next().unwrap();
        assert_eq!(&*role.key.region, "global");
        assert_eq!(
            role.config_at("assumeRolePolicyDocument.Statement.0.Action"),
            "sts:AssumeRole"
        );
        let policy = inventory.of_type("AWS::IAM::Policy").next().unwrap();
        assert!(
            policy
                .config_at("policyVersionList.0.document.Statement")
                .is_array()
        );
        let sg = inventory.of_type("AWS::EC2::SecurityGroup").next().unwrap();
        let perm = sg.config_at("ipPermissions.0");
        assert!(perm["ipRanges"].is_array() && perm["ipv4Ranges"].is_array());
        let instance = inventory.of_type("AWS::EC2::Instance").next().unwrap();
        assert!(instance.config_at("state.name").is_string());
        let pos = inventory.position(&instance.key).unwrap();
        let vpcs = inventory.related_to(pos, Some(Verb::IsContainedIn), Some("AWS::EC2::VPC"));
        assert_eq!(vpcs.len(), 1);
        let lambda = inventory.of_type("AWS::Lambda::Function").next().unwrap();
        let pos = inventory.position(&lambda.key).unwrap();
        let roles = inventory.related_to(pos, None, Some("AWS::IAM::Role"));
        assert!(roles[0].node.item().is_some(), "role resolved by name");
    }

    #[test]
    fn small_counts_are_fillers_only() {
        let bytes = generate(5, 3);
        let loaded = load::load_bytes("synth.json", bytes);
        assert!(loaded.problems.is_empty());
        let inventory = Inventory::build(loaded);
        assert_eq!(inventory.len(), 5);
        assert_eq!(inventory.graph_stats().unresolved_targets, 0);
        let empty = generate(0, 3);
        let loaded = load::load_bytes("synth.json", empty);
        assert!(loaded.items.is_empty() && loaded.problems.is_empty());
    }

    #[test]
    fn iso_times() {
        let mut s = String::new();
        iso(&mut s, 1_770_962_424_236);
        assert_eq!(s, "2026-02-13T06:00:24.236Z");
        s.clear();
        iso(&mut s, 951_782_400_000);
        assert_eq!(s, "2000-02-29T00:00:00.000Z");
    }
}
