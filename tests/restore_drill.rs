//! The restore drill of INSTALL.md, as an admin performs it, on the real
//! clock: back up through the running daemon, see restore refused while
//! the daemon runs, stop it, destroy the database, restore, and find every
//! record and the audit chain intact. A damaged backup is refused before
//! anything is replaced.

use std::io::BufRead;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn custos() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_custos"));
    // The real clock: no CUSTOS_NOW.
    cmd.env_remove("CUSTOS_DB")
        .env_remove("CUSTOS_SOCKET")
        .env_remove("CUSTOS_NOW")
        .env("TZ", "Europe/Amsterdam");
    cmd
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("custos runs")
}

fn ok(cmd: &mut Command) -> String {
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `custos serve` on `db`, the account running the tests its admin;
/// returns once it listens on `socket`.
fn serve(db: &Path, socket: &Path) -> std::process::Child {
    let me = custos::os::current_user();
    let mut daemon = custos()
        .args(["serve", "--db"])
        .arg(db)
        .arg("--socket")
        .arg(socket)
        .args(["--admin", &me])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut log = std::io::BufReader::new(daemon.stderr.take().unwrap());
    let mut line = String::new();
    while log.read_line(&mut line).unwrap() > 0 && !line.contains(" on ") {
        line.clear();
    }
    // Keep reading its log: a closed pipe would fail its last messages.
    std::thread::spawn(move || std::io::copy(&mut log, &mut std::io::sink()));
    daemon
}

/// Everything a person could lose: contacts with their consents, as JSON.
fn contents(db: &Path) -> String {
    let mut all = ok(custos()
        .arg("--db")
        .arg(db)
        .args(["contact", "list", "--format", "json"]));
    all.push_str(&ok(custos()
        .arg("--db")
        .arg(db)
        .args(["purpose", "list", "--format", "json"])));
    all.push_str(&ok(custos()
        .arg("--db")
        .arg(db)
        .args(["incident", "list", "--format", "json"])));
    all
}

#[test]
fn back_up_destroy_restore_verify() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("custos.redb");
    let backup = dir.path().join("backups/custos-nightly.redb");
    std::fs::create_dir(dir.path().join("backups")).unwrap();
    let socket = dir.path().join("custos.sock");
    ok(custos()
        .arg("--db")
        .arg(&db)
        .args(["demo", "--contacts", "150"]));
    ok(custos().arg("--db").arg(&db).args([
        "contact",
        "add",
        "--given",
        "Zoë",
        "--family",
        "Ñúñez",
        "--email",
        "zoe@example.be",
    ]));

    // The daemon owns the file; the backup goes through it.
    let mut daemon = serve(&db, &socket);
    let before = ok(custos()
        .arg("--socket")
        .arg(&socket)
        .args(["contact", "list", "--format", "json"]));
    let wrote = ok(custos()
        .arg("--socket")
        .arg(&socket)
        .arg("backup")
        .arg(&backup));
    assert!(wrote.contains("verified"), "{wrote}");
    let checked = ok(custos().arg("backup").arg("verify").arg(&backup));
    assert!(checked.contains("audit chain intact"), "{checked}");
    assert!(checked.contains("contacts 151"), "{checked}");

    // A restore over the live database is refused, and changes nothing.
    let refused = run(custos().arg("--db").arg(&db).arg("restore").arg(&backup));
    assert_eq!(refused.status.code(), Some(6), "{refused:?}");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("stop the daemon"));

    // SAFETY: a signal to our own child.
    unsafe { libc::kill(daemon.id() as i32, libc::SIGTERM) };
    assert!(daemon.wait().unwrap().success());
    let whole = contents(&db);

    // Disaster: the database is gone.
    std::fs::remove_file(&db).unwrap();
    let restored = ok(custos().arg("--db").arg(&db).arg("restore").arg(&backup));
    assert!(restored.contains("audit chain intact"), "{restored}");
    let verify = ok(custos().arg("--db").arg(&db).args(["audit", "verify"]));
    assert!(verify.starts_with("OK"), "{verify}");
    assert_eq!(
        ok(custos()
            .arg("--db")
            .arg(&db)
            .args(["contact", "list", "--format", "json"])),
        before
    );
    assert_eq!(contents(&db), whole);

    // Restoring over an existing database keeps the replaced one.
    ok(custos()
        .arg("--db")
        .arg(&db)
        .args(["contact", "add", "--family", "After"]));
    let again = ok(custos().arg("--db").arg(&db).arg("restore").arg(&backup));
    assert!(again.contains("kept as"), "{again}");
    assert_eq!(contents(&db), whole);
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1);
    let old = ok(custos()
        .arg("--db")
        .arg(kept[0].path())
        .args(["contact", "list", "--query", "after"]));
    assert!(old.contains("After"), "{old}");
}

#[test]
fn a_damaged_backup_is_refused_before_anything_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("custos.redb");
    let backup = dir.path().join("b.redb");
    ok(custos()
        .arg("--db")
        .arg(&db)
        .args(["demo", "--contacts", "50"]));
    ok(custos().arg("--db").arg(&db).arg("backup").arg(&backup));
    let whole = contents(&db);

    // Cut short, as a full disk or an interrupted copy leaves it.
    let bytes = std::fs::read(&backup).unwrap();
    let cut = dir.path().join("cut.redb");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    // Not a database at all.
    let junk = dir.path().join("junk.redb");
    std::fs::write(&junk, b"custos backup? no").unwrap();
    for bad in [&cut, &junk] {
        let verify = run(custos().arg("backup").arg("verify").arg(bad));
        assert!(!verify.status.success(), "{bad:?} verified");
        let restore = run(custos().arg("--db").arg(&db).arg("restore").arg(bad));
        assert!(!restore.status.success(), "{bad:?} restored");
        assert!(!restore.stderr.is_empty());
        assert_eq!(
            contents(&db),
            whole,
            "a refused restore changed the database"
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial") || n.contains("before-restore"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// The nightly round as the timer runs it, through the daemon: an erasure
/// that is due is carried out, a verified backup is written and rotated,
/// the file is vacuumed, and the summary for the journal names no one.
#[test]
fn nightly_maintenance_through_the_daemon() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("custos.redb");
    let backups = dir.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    // Old backups on ten distinct days of ten distinct weeks: tonight's and
    // the six newest old ones are the 7 days kept.
    let old: Vec<String> = (0..10)
        .map(|week| {
            let day = chrono::NaiveDate::from_ymd_opt(2020, 1, 6).unwrap()
                + chrono::Duration::weeks(week);
            format!("custos-{day}T020000.redb")
        })
        .collect();
    for name in &old {
        std::fs::write(backups.join(name), b"old").unwrap();
    }
    std::fs::write(backups.join("notes.txt"), b"not a backup").unwrap();
    ok(custos()
        .arg("--db")
        .arg(&db)
        .args(["demo", "--contacts", "40"]));
    let id = ok(custos().arg("--db").arg(&db).args([
        "contact",
        "add",
        "--given",
        "Fenna",
        "--family",
        "Verwijderd",
        "--email",
        "fenna@example.nl",
    ]));
    let id = id.trim().to_string();
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Amsterdam)
        .date_naive()
        .to_string();
    // Scheduled yesterday for today (an erasure is only ever scheduled
    // ahead); everything after this runs on the real clock.
    let yesterday = chrono::Utc::now() - chrono::Duration::days(1);
    ok(custos()
        .env("CUSTOS_NOW", yesterday.to_rfc3339())
        .arg("--db")
        .arg(&db)
        .args([
            "retention",
            "schedule",
            &id,
            "--on",
            &today,
            "--reason",
            "asked to be forgotten",
        ]));

    let socket = dir.path().join("custos.sock");
    let mut daemon = serve(&db, &socket);
    // The off-site copy: encrypted to a key whose private half is not on
    // the server, and handed to a command that "sends" it elsewhere.
    let offsite_key = age::x25519::Identity::generate();
    let offsite = dir.path().join("offsite");
    std::fs::create_dir(&offsite).unwrap();
    let summary = ok(custos()
        .arg("--socket")
        .arg(&socket)
        .arg("maintenance")
        .arg("--backup-dir")
        .arg(&backups)
        .arg("--offsite-recipient")
        .arg(offsite_key.to_public().to_string())
        .arg("--offsite-command")
        .arg(format!("cp -t '{}' --", offsite.display())));
    assert!(summary.contains("sent off the server"), "{summary}");
    assert!(summary.contains("sweep anonymised"), "{summary}");
    assert!(
        !summary.contains("sweep anonymised 0, deleted 0"),
        "{summary}"
    );
    assert!(summary.contains("backup of"), "{summary}");
    assert!(summary.contains("removed 4 older backup(s)"), "{summary}");
    assert!(summary.contains("vacuum"), "{summary}");
    assert!(
        !summary.contains("Fenna") && !summary.contains("Verwijderd"),
        "{summary}"
    );
    let names: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for gone in &old[..4] {
        assert!(!names.contains(gone), "{gone} was kept: {names:?}");
    }
    for kept in &old[4..] {
        assert!(names.contains(kept), "{kept} was removed: {names:?}");
    }
    assert!(
        names.contains(&"notes.txt".to_string()),
        "a foreign file was removed"
    );
    let tonight = names
        .iter()
        .find(|n| n.starts_with(&format!("custos-{}", chrono::Utc::now().date_naive())))
        .unwrap_or_else(|| panic!("no backup tonight: {names:?}"));
    let checked = ok(custos()
        .arg("backup")
        .arg("verify")
        .arg(backups.join(tonight)));
    assert!(checked.contains("audit chain intact"), "{checked}");
    // What left the server is the backup, readable only with the key.
    let sent: Vec<_> = std::fs::read_dir(&offsite).unwrap().flatten().collect();
    assert_eq!(sent.len(), 1, "{sent:?}");
    let encrypted = std::fs::read(sent[0].path()).unwrap();
    assert!(
        !encrypted.windows(4).any(|w| w == b"redb"),
        "plain database bytes left the server"
    );
    let decrypted = {
        use std::io::Read;
        let decryptor = age::Decryptor::new(&encrypted[..]).unwrap();
        let mut reader = decryptor
            .decrypt(std::iter::once(&offsite_key as &dyn age::Identity))
            .unwrap();
        let mut plain = Vec::new();
        reader.read_to_end(&mut plain).unwrap();
        plain
    };
    assert_eq!(decrypted, std::fs::read(backups.join(tonight)).unwrap());
    assert!(
        !names.iter().any(|n| n.ends_with(".age")),
        "the sent copy is removed locally: {names:?}"
    );
    // The erasure is in the trail, and the person is gone from the file.
    let trail = ok(custos()
        .arg("--socket")
        .arg(&socket)
        .args(["audit", "list", "--limit", "20"]));
    assert!(trail.to_lowercase().contains("vacuum"), "{trail}");
    unsafe { libc::kill(daemon.id() as i32, libc::SIGTERM) };
    assert!(daemon.wait().unwrap().success());
    let bytes = std::fs::read(&db).unwrap();
    assert!(
        !bytes
            .windows(b"Verwijderd".len())
            .any(|w| w == b"Verwijderd"),
        "the erased name is still in the database file"
    );
}
