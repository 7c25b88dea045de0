//! The history store: idempotent, transactional ingest, and reads that give the same
//! output as the files they were ingested from.

#![allow(clippy::unwrap_used, reason = "test helpers may panic")]

use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use rusqlite::Connection;
use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cfgaudit"))
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots")
}

fn run(args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = bin().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ingest(store: &Path, paths: &[&Path]) -> Value {
    let mut args = vec![
        "ingest".to_owned(),
        "--store".to_owned(),
        store.display().to_string(),
        "--format".to_owned(),
        "json".to_owned(),
    ];
    args.extend(paths.iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_slice(&out).unwrap()
}

/// Row counts of every table and a checksum over every row (in rowid order).
fn fingerprint(store: &Path) -> (Vec<(String, i64)>, String) {
    let conn = Connection::open(store).unwrap();
    let tables = [
        "files",
        "resources",
        "bodies",
        "items",
        "snapshots",
        "events",
        "event_ids",
        "meta",
    ];
    let mut counts = Vec::new();
    let mut all = String::new();
    for t in tables {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap();
        counts.push((t.to_owned(), n));
        let mut stmt = conn.prepare(&format!("SELECT * FROM {t}")).unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            for c in 0..columns {
                let v: rusqlite::types::Value = r.get(c).unwrap();
                write!(all, "{v:?}|").unwrap();
            }
            all.push('\n');
        }
    }
    let sum = all.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    (counts, format!("{sum:016x} over {} bytes", all.len()))
}

#[test]
fn ingesting_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("h.sqlite");
    let first = ingest(&store, &[&sample()]);
    assert!(first["totals"]["filesAdded"].as_u64().unwrap() > 30);
    assert!(first["totals"]["items"].as_u64().unwrap() > 300);
    assert!(first["totals"]["events"].as_u64().unwrap() > 10);
    let before = fingerprint(&store);
    let second = ingest(&store, &[&sample()]);
    assert_eq!(second["totals"]["filesAdded"], 0);
    assert_eq!(second["totals"]["items"], 0);
    assert_eq!(
        second["totals"]["filesSkipped"],
        first["totals"]["filesAdded"]
    );
    assert!(
        second["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["status"] == "skipped")
    );
    assert_eq!(fingerprint(&store), before);
}

#[test]
fn a_file_found_under_two_paths_is_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(inputs.join("copy")).unwrap();
    let one = std::fs::read_dir(sample().join("notifications"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::copy(&one, inputs.join("a.json")).unwrap();
    std::fs::copy(&one, inputs.join("copy/b.json")).unwrap();
    let store = dir.path().join("h.sqlite");
    let report = ingest(&store, &[&inputs]);
    assert_eq!(report["totals"]["filesAdded"], 1);
    assert_eq!(report["totals"]["filesSkipped"], 1);
    let skipped = &report["files"][1];
    assert_eq!(skipped["status"], "skipped");
    assert!(
        skipped["storedAs"].as_str().unwrap().ends_with("a.json"),
        "{skipped}"
    );
    assert_eq!(report["stored"]["files"], 1);
    assert_eq!(report["stored"]["items"], 1);
}

#[test]
fn a_broken_file_is_reported_with_its_name_not_stored_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    let one = std::fs::read_dir(sample().join("notifications"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::copy(&one, inputs.join("good.json")).unwrap();
    std::fs::write(inputs.join("broken.json"), "{\"configurationItems\": [").unwrap();
    let store = dir.path().join("h.sqlite");
    let (code, out, err) = run(&[
        "ingest",
        inputs.to_str().unwrap(),
        "--store",
        store.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("failed   ") && out.contains("broken.json"),
        "{out}"
    );
    assert!(
        out.contains("added    ") && out.contains("good.json"),
        "{out}"
    );
    assert!(err.contains("broken.json") && err.contains("line"), "{err}");
    let conn = Connection::open(&store).unwrap();
    let files: i64 = conn
        .query_row("SELECT count(*) FROM files", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        files, 1,
        "the broken file is not stored, so a fixed one can be"
    );
}

#[test]
fn a_store_given_as_an_input_is_refused_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("h.sqlite");
    ingest(&store, &[&sample().join("notifications")]);
    let (code, _, err) = run(&[
        "timeline",
        "sg-0d3ebf88798d88080",
        "--store",
        store.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--store="), "{err}");
    let (code, _, err) = run(&["ingest", store.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("is a history store"), "{err}");
}

/// A ConfigSnapshot of `count` security groups, distinct per day.
fn snapshot_file(day: usize, count: usize) -> String {
    let items: Vec<String> = (0..count)
        .map(|i| {
            format!(
                r#"{{"configurationItemVersion":"1.3","configurationItemCaptureTime":"2026-01-{:02}T05:00:00.000Z","configurationStateId":{},"awsAccountId":"111122223333","configurationItemStatus":"OK","resourceType":"AWS::EC2::SecurityGroup","resourceId":"sg-{i:08x}","resourceName":"sg-{i}","ARN":"arn:aws:ec2:us-east-1:111122223333:security-group/sg-{i:08x}","awsRegion":"us-east-1","availabilityZone":"Not Applicable","tags":{{"day":"{day}"}},"relationships":[],"configuration":{{"groupId":"sg-{i:08x}","groupName":"sg-{i}","description":"day {day}","ipPermissions":[{{"ipProtocol":"tcp","fromPort":443,"toPort":443,"ipRanges":["10.{day}.0.0/16"]}}],"ipPermissionsEgress":[],"vpcId":"vpc-1"}},"supplementaryConfiguration":{{}}}}"#,
                day % 28 + 1,
                1_760_000_000_000_u64 + day as u64
            )
        })
        .collect();
    format!(
        r#"{{"fileVersion":"1.0","configSnapshotId":"snap-{day}","configurationItems":[{}]}}"#,
        items.join(",")
    )
}

/// Every stored file holds exactly the items it reported, and the database is sound.
fn check_whole_files(store: &Path) -> (i64, i64) {
    let conn = Connection::open(store).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let mut stmt = conn
        .prepare(
            "SELECT f.path, f.items, (SELECT count(*) FROM items i WHERE i.file = f.id),
                    f.events, (SELECT count(*) FROM events e WHERE e.file = f.id) FROM files f",
        )
        .unwrap();
    let rows: Vec<(String, i64, i64, i64, i64)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (path, said, held, said_events, held_events) in &rows {
        assert_eq!(said, held, "{path}: a partial file");
        assert_eq!(
            said_events, held_events,
            "{path}: a partial CloudTrail file"
        );
        assert!(*held + *held_events > 0, "{path}: an empty file row");
    }
    let orphans: i64 = conn
        .query_row(
            "SELECT count(*) FROM items WHERE file NOT IN (SELECT id FROM files)
             OR body NOT IN (SELECT id FROM bodies)
             OR resource NOT IN (SELECT id FROM resources)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
    let dangling: i64 = conn
        .query_row(
            "SELECT count(*) FROM resources r WHERE NOT EXISTS (SELECT 1 FROM items i
             WHERE i.resource = r.id AND i.file = r.current_file AND i.idx = r.current_idx)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(dangling, 0);
    let items: i64 = conn
        .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
        .unwrap();
    let events: i64 = conn
        .query_row(
            "SELECT count(*) FROM event_ids WHERE event NOT IN (SELECT id FROM events)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(events, 0, "identifiers of no event");
    (i64::try_from(rows.len()).unwrap(), items)
}

#[test]
fn killing_the_ingest_midway_leaves_whole_files_only() {
    const FILES: usize = 200;
    const ITEMS: usize = 300;
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    for day in 0..FILES {
        std::fs::write(
            inputs.join(format!("snap-{day:03}.json")),
            snapshot_file(day, ITEMS),
        )
        .unwrap();
    }
    // Kill after the N-th file is reported; the writer is then inside the next file's
    // transaction. If the run ended first, try again earlier (bounded).
    let mut killed_midway = None;
    for attempt in 0..6 {
        let store = dir.path().join(format!("h{attempt}.sqlite"));
        let mut child = bin()
            .args([
                "ingest",
                inputs.to_str().unwrap(),
                "--store",
                store.to_str().unwrap(),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let after: i64 = 12 >> attempt.min(3);
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut seen = 0;
        for line in lines.by_ref() {
            if line.unwrap().starts_with("added") {
                seen += 1;
                if seen == after {
                    break;
                }
            }
        }
        child.kill().unwrap();
        let status = child.wait().unwrap();
        if status.success() {
            continue; // finished before the kill landed
        }
        let (files, items) = check_whole_files(&store);
        assert!(files >= after, "{files} files");
        if files < i64::try_from(FILES).unwrap() {
            assert_eq!(items, files * i64::try_from(ITEMS).unwrap());
            killed_midway = Some((store, files));
            break;
        }
    }
    let (store, files) = killed_midway.expect("the ingest was never interrupted midway");
    // The store opens, answers, and a second ingest completes it without duplicates.
    let (code, out, err) = run(&[
        "timeline",
        "sg-00000001",
        &format!("--store={}", store.display()),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let t: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        t["versions"].as_array().unwrap().len(),
        usize::try_from(files).unwrap(),
        "one version per stored day"
    );
    let report = ingest(&store, &[&inputs]);
    assert_eq!(
        report["totals"]["filesSkipped"].as_i64().unwrap(),
        files,
        "the stored files are not read again"
    );
    let (files, items) = check_whole_files(&store);
    assert_eq!(files, i64::try_from(FILES).unwrap());
    assert_eq!(items, i64::try_from(FILES * ITEMS).unwrap());
}

fn resources(paths: &[String]) -> Vec<String> {
    let mut args = vec!["resources".to_owned()];
    args.extend(paths.iter().cloned());
    args.extend(["--format".to_owned(), "json".to_owned()]);
    let out = bin().args(&args).output().unwrap();
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    list.iter()
        .map(|r| {
            format!(
                "{}/{}",
                r["resourceType"].as_str().unwrap(),
                r["resourceId"].as_str().unwrap()
            )
        })
        .collect()
}

/// `timeline` (JSON and table), from the files and from a store ingested from them,
/// for every `step`-th resource; then `changes`.
fn same_output_from_store(paths: &[String], step: usize) {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("h.sqlite");
    let as_paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let refs: Vec<&Path> = as_paths.iter().map(PathBuf::as_path).collect();
    ingest(&store, &refs);
    let flag = format!("--store={}", store.display());
    let all = resources(paths);
    assert!(!all.is_empty());
    let mut compared = 0;
    for (i, r) in all.iter().enumerate() {
        if i % step != 0 {
            continue;
        }
        for format in ["json", "table"] {
            let mut from_files = vec!["timeline", r.as_str()];
            from_files.extend(paths.iter().map(String::as_str));
            from_files.extend(["--format", format]);
            let a = run(&from_files);
            let b = run(&["timeline", r, &flag, "--format", format]);
            assert_eq!(
                String::from_utf8_lossy(&a.1),
                String::from_utf8_lossy(&b.1),
                "{r} ({format}): {}",
                b.2
            );
            assert!(!a.1.is_empty(), "{r}: {}", a.2);
        }
        compared += 1;
    }
    assert!(compared > 0);
    for extra in [
        &[][..],
        &["--since", "2026-03-10", "--type", "AWS::EC2::Instance"][..],
    ] {
        let mut from_files = vec!["changes"];
        from_files.extend(paths.iter().map(String::as_str));
        from_files.extend(["--format", "json"]);
        from_files.extend(extra);
        let mut from_store = vec!["changes", flag.as_str(), "--format", "json"];
        from_store.extend(extra);
        assert_eq!(run(&from_files).1, run(&from_store).1, "changes {extra:?}");
    }
}

#[test]
fn timelines_from_the_store_equal_timelines_from_the_sample_files() {
    same_output_from_store(&[sample().display().to_string()], 3);
}

#[test]
fn timelines_from_the_store_equal_timelines_from_real_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/real-world/aws-config");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    };
    let mut files: Vec<String> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("s3snap-trie-")
        })
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    if files.is_empty() {
        eprintln!("skipped: no s3snap-trie-*.json in {}", dir.display());
        return;
    }
    same_output_from_store(&files, 9);
}

#[test]
fn diff_between_two_times_of_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("h.sqlite");
    ingest(&store, &[&sample()]);
    let flag = format!("--store={}", store.display());
    let (code, out, err) = run(&[
        "diff",
        "2026-03-09T12:00:00Z",
        "2026-03-11T12:00:00Z",
        &flag,
        "--rules",
        "INCOMING_SSH_DISABLED",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let d: Value = serde_json::from_slice(&out).unwrap();
    let changed: Vec<&str> = d["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["resourceId"].as_str().unwrap())
        .collect();
    assert!(changed.contains(&"sg-0d3ebf88798d88080"), "{d}");
    assert!(
        d["compliance"]["new"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["resourceId"] == "sg-0d3ebf88798d88080"),
        "{d}"
    );
    // The bucket deleted on the 9th at 11:09 is there at 05:00 and gone by noon.
    let (_, out, _) = run(&[
        "diff",
        "2026-03-09T05:00:00Z",
        "2026-03-09T12:00:00Z",
        &flag,
        "--format",
        "json",
    ]);
    let d: Value = serde_json::from_slice(&out).unwrap();
    assert!(
        d["removed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["resourceId"] == "dev-tmp-export-444455556666"),
        "{d}"
    );
    let (code, _, err) = run(&["diff", "yesterday", "2026-03-09", &flag]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot parse"), "{err}");
}

/// Through the library: with the latest version of every resource of its account loaded
/// for context (what rules that follow relationships get), a timeline from the store is
/// still the one from the files, and each resource's history comes in once.
#[test]
fn timelines_with_account_context_equal_timelines_from_files() {
    use cfgaudit::cloudtrail::Trail;
    use cfgaudit::engine::Selected;
    use cfgaudit::rules::{ValidParams, registry};
    use cfgaudit::timeline::{self, Options};

    let dir = tempfile::tempdir().unwrap();
    let store_path = dir.path().join("h.sqlite");
    ingest(&store_path, &[&sample()]);
    let store = cfgaudit::store::Store::open(&store_path).unwrap();
    let rules: Vec<Selected> = registry()
        .iter()
        .map(|r| {
            Selected::new(
                *r,
                ValidParams::validate(r.meta(), &std::collections::BTreeMap::new()).unwrap(),
            )
        })
        .collect();
    let now = cfgaudit::model::parse_timestamp("2026-03-12T00:00:00Z").unwrap();
    let loaded = cfgaudit::load::load_paths(&[sample()], &|_| ());
    let mut files = cfgaudit::Inventory::build(loaded);
    let file_trail = Trail::from_texts(&std::mem::take(&mut files.cloudtrail));
    let file_snapshots = timeline::snapshots::index(&files);
    let opts = Options::default();
    let mut compared = 0;
    for (pos, item) in files.resources().enumerate() {
        let pos = u32::try_from(pos).unwrap();
        let expected = timeline::build(
            &files,
            pos,
            &file_snapshots,
            &rules,
            Some(&file_trail),
            &opts,
            now,
        )
        .unwrap();
        let found: Vec<_> = store
            .find(&format!(
                "{}/{}",
                item.key.resource_type, item.key.resource_id
            ))
            .unwrap()
            .into_iter()
            .filter(|f| f.key == item.key)
            .collect();
        assert_eq!(found.len(), 1, "{}", item.key);
        let inv = store
            .history_inventory(&found, &[&*item.key.account])
            .unwrap();
        let in_account = files
            .resources()
            .filter(|r| r.key.account == item.key.account)
            .count();
        assert_eq!(inv.len(), in_account, "{}", item.key);
        let at = inv.position(&item.key).unwrap();
        assert_eq!(
            inv.history(at).count(),
            files.history(pos).count(),
            "{}",
            item.key
        );
        let mut ids = vec![item.key.resource_id.to_string()];
        ids.extend(item.arn.as_deref().map(str::to_owned));
        ids.extend(item.name.as_deref().map(str::to_owned));
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let trail = Trail::from_texts(&store.trail_texts_for(&ids).unwrap());
        let snapshots = store.snapshots_for(&found).unwrap();
        let got = timeline::build(&inv, at, &snapshots, &rules, Some(&trail), &opts, now).unwrap();
        assert_eq!(
            serde_json::to_value(&got).unwrap(),
            serde_json::to_value(&expected).unwrap(),
            "{}",
            item.key
        );
        compared += 1;
    }
    assert!(compared > 100);
}

/// Two ingests at once into one new store (overlapping inputs) end as one ingest does.
#[test]
fn two_ingests_at_once_end_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.sqlite");
    ingest(&one, &[&sample()]);
    let both = dir.path().join("both.sqlite");
    let spawn = |path: &Path| {
        bin()
            .args([
                "ingest",
                path.to_str().unwrap(),
                "--store",
                both.to_str().unwrap(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let a = spawn(&sample().join("AWSLogs/111122223333"));
    let b = spawn(&sample());
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let state = |store: &Path| -> Vec<String> {
        let conn = Connection::open(store).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT r.type || ' ' || r.rid || ' ' || f.path || ' ' || r.current_idx
                 || ' ' || coalesce(r.name, '') || ' ' || coalesce(r.arn, '')
                 || ' ' || (SELECT count(*) FROM items i WHERE i.resource = r.id)
                 FROM resources r JOIN files f ON f.id = r.current_file ORDER BY 1",
            )
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(state(&both), state(&one));
    check_whole_files(&both);
}
