//! Whole-file operations (vacuum, backup) beside other processes and killed
//! at any instant: no acknowledged write is ever lost, and a backup exists
//! at its final path only when it is complete and verified. The built
//! binary is run as users run it: several processes at once, and killed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn custos(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_custos"));
    cmd.env("CUSTOS_DB", db)
        .env_remove("CUSTOS_NOW")
        .env_remove("CUSTOS_SOCKET")
        .env_remove("CUSTOS_FAILPOINT");
    cmd
}

fn run(db: &Path, args: &[&str]) -> Output {
    custos(db).args(args).output().expect("run custos")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(
        out.status.success(),
        "custos {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn in_use(out: &Output) -> bool {
    String::from_utf8_lossy(&out.stderr).contains("in use")
}

/// Every contact's (id, primary e-mail) in the database.
fn contacts(db: &Path) -> Vec<(u64, String)> {
    let json = ok(db, &["contact", "list", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&json).expect("json");
    rows.as_array()
        .expect("array")
        .iter()
        .map(|r| {
            (
                r["id"].as_u64().expect("id"),
                r["emails"][0].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn assert_verifies(db: &Path) {
    let out = ok(db, &["audit", "verify"]);
    assert!(out.starts_with("OK"), "{}: {out}", db.display());
}

/// A backup either does not exist or is complete: it opens, verifies and
/// holds at least the contacts acknowledged before it started.
fn assert_absent_or_complete(backup: &Path, at_least: usize) {
    if !backup.exists() {
        return;
    }
    assert_verifies(backup);
    let n = contacts(backup).len();
    assert!(
        n >= at_least,
        "{} looks complete but holds {n} contacts of {at_least}",
        backup.display()
    );
}

fn seeded(dir: &Path, contacts: &str) -> PathBuf {
    let db = dir.join("c.redb");
    ok(&db, &["demo", "--contacts", contacts]);
    db
}

#[test]
fn writers_beside_vacuum_and_backup_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path(), "300");
    let acknowledged = Arc::new(Mutex::new(Vec::<(u64, String)>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let deadline = Instant::now() + Duration::from_secs(4);
    let mut threads = Vec::new();
    for writer in 0..3 {
        let (db, acknowledged) = (db.clone(), acknowledged.clone());
        threads.push(std::thread::spawn(move || {
            let mut i = 0;
            while Instant::now() < deadline {
                i += 1;
                let email = format!("w{writer}-{i}@concurrent.example");
                let out = run(
                    &db,
                    &[
                        "contact",
                        "add",
                        "--given",
                        "W",
                        "--family",
                        &format!("N{i}"),
                        "--email",
                        &email,
                    ],
                );
                if out.status.success() {
                    let id = String::from_utf8_lossy(&out.stdout)
                        .trim()
                        .parse()
                        .expect("id");
                    acknowledged.lock().unwrap().push((id, email));
                } else {
                    assert!(in_use(&out), "{}", String::from_utf8_lossy(&out.stderr));
                }
            }
        }));
    }
    let (maintenance_db, stop_flag) = (db.clone(), stop.clone());
    let backups_dir = dir.path().to_path_buf();
    let maintenance = std::thread::spawn(move || {
        let (mut vacuums, mut backups) = (0, Vec::new());
        let mut n = 0;
        while !stop_flag.load(Ordering::SeqCst) {
            n += 1;
            if run(&maintenance_db, &["vacuum"]).status.success() {
                vacuums += 1;
            }
            let target = backups_dir.join(format!("b{n}.redb"));
            let out = run(&maintenance_db, &["backup", target.to_str().unwrap()]);
            if out.status.success() {
                backups.push(target);
            } else {
                assert!(in_use(&out), "{}", String::from_utf8_lossy(&out.stderr));
                assert!(
                    !target.exists(),
                    "a failed backup left {}",
                    target.display()
                );
            }
        }
        (vacuums, backups)
    });
    for t in threads {
        t.join().unwrap();
    }
    stop.store(true, Ordering::SeqCst);
    let (vacuums, backups) = maintenance.join().unwrap();
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        vacuums > 0 && !backups.is_empty(),
        "{vacuums} vacuums, {} backups",
        backups.len()
    );
    assert!(
        acknowledged.len() > 10,
        "only {} writes got through",
        acknowledged.len()
    );

    let stored = contacts(&db);
    for (id, email) in &acknowledged {
        assert!(
            stored.contains(&(*id, email.clone())),
            "acknowledged contact #{id} <{email}> is gone ({} acknowledged, {} vacuums)",
            acknowledged.len(),
            vacuums
        );
    }
    let mut ids: Vec<u64> = stored.iter().map(|c| c.0).collect();
    ids.dedup();
    assert_eq!(ids.len(), stored.len(), "an id was given twice");
    assert_verifies(&db);
    for backup in &backups {
        assert_absent_or_complete(backup, 300);
    }
}

/// Crash points inside vacuum and backup (`CUSTOS_FAILPOINT`, an abort as
/// hard as `kill -9`), then the same operations killed at random instants.
#[test]
fn vacuum_and_backup_killed_at_any_point_leave_whole_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path(), "400");
    let mut expected = contacts(&db);
    let add = |expected: &mut Vec<(u64, String)>, db: &Path, n: usize| {
        let email = format!("k{n}@kill.example");
        let id: u64 = ok(
            db,
            &[
                "contact",
                "add",
                "--family",
                &format!("K{n}"),
                "--email",
                &email,
            ],
        )
        .trim()
        .parse()
        .unwrap();
        expected.push((id, email));
        expected.len()
    };
    let points = [
        ("vacuum", "vacuum.mid-copy"),
        ("vacuum", "vacuum.after-commit"),
        ("vacuum", "vacuum.before-rename"),
        ("vacuum", "vacuum.after-rename"),
        ("backup", "backup.mid-copy"),
        ("backup", "backup.after-commit"),
        ("backup", "backup.before-publish"),
        ("backup", "backup.after-link"),
    ];
    for (n, (command, point)) in points.iter().enumerate() {
        let count = add(&mut expected, &db, n);
        let target = dir.path().join(format!("fp{n}.redb"));
        let mut cmd = custos(&db);
        cmd.env("CUSTOS_FAILPOINT", point).arg(command);
        if *command == "backup" {
            cmd.arg(&target);
        }
        let out = cmd.output().unwrap();
        assert!(!out.status.success(), "{point} did not stop the process");
        let stored = contacts(&db);
        assert_eq!(stored.len(), count, "after a crash at {point}");
        assert!(
            expected.iter().all(|c| stored.contains(c)),
            "a write was lost at {point}"
        );
        assert_verifies(&db);
        assert_absent_or_complete(&target, count);
        if *point == "backup.after-link" {
            assert!(target.exists(), "published before the crash");
        } else {
            assert!(!target.exists(), "{point}: a backup under its final name");
        }
    }
    // The next backup tidies the partial files the crashed ones left.
    let leftovers = |dir: &Path| {
        std::fs::read_dir(dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .contains("custos-partial")
            })
            .count()
    };
    assert!(leftovers(dir.path()) > 0);
    let out = run(
        &db,
        &["backup", dir.path().join("tidy.redb").to_str().unwrap()],
    );
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted"));
    assert_eq!(leftovers(dir.path()), 0);
    // A killed vacuum's copy is tidied when the database is next opened.
    assert!(!dir.path().join("c.redb.vacuum").exists());

    // Killed at random instants while running.
    for round in 0..16u64 {
        let count = add(&mut expected, &db, 100 + round as usize);
        let (command, target) = if round % 2 == 0 {
            ("vacuum", None)
        } else {
            ("backup", Some(dir.path().join(format!("kill{round}.redb"))))
        };
        let mut cmd = custos(&db);
        cmd.arg(command);
        if let Some(t) = &target {
            cmd.arg(t);
        }
        let mut child = cmd
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(round * 7));
        let _ = child.kill();
        let _ = child.wait();
        let stored = contacts(&db);
        assert_eq!(stored.len(), count, "round {round}");
        assert!(
            expected.iter().all(|c| stored.contains(c)),
            "round {round}: a write was lost"
        );
        if let Some(t) = &target {
            assert_absent_or_complete(t, count);
        }
    }
    assert_verifies(&db);
}
