use std::os::unix::fs::PermissionsExt;

use chrono::{TimeZone, Utc};

use super::*;
use crate::model::{Contact, ContactDraft, Role};

fn contact(id: u64, email: &str) -> Contact {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    Contact::from_draft(
        id,
        ContactDraft {
            given_name: "Jan".into(),
            family_name: "de Vries".into(),
            emails: vec![email.into()],
            ..ContactDraft::default()
        },
        now,
    )
}

#[test]
fn new_database_is_private_and_versioned() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/dir/custos.redb");
    let store = Store::open(&path).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "file mode {mode:o}");
    let dir_mode = std::fs::metadata(path.parent().unwrap())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(dir_mode & 0o777, 0o700);
    let version = store.read(|tx| tx.meta("schema_version")).unwrap();
    assert_eq!(version, Some(SCHEMA_VERSION));
}

#[test]
fn write_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db.redb")).unwrap();
    let result: Result<(), StoreError> = store.write(|tx| {
        tx.put(&contact(1, "a@example.nl"))?;
        Err(StoreError::Closed)
    });
    assert!(result.is_err());
    let found = store.read(|tx| tx.get::<Contact>(1)).unwrap();
    assert!(found.is_none(), "a failed write must leave nothing behind");
}

#[test]
fn records_links_and_ids_round_trip_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.redb");
    {
        let store = Store::open(&path).unwrap();
        store
            .write(|tx| {
                let id = tx.next_id(EntityKind::Contact)?;
                assert_eq!(id, 1);
                tx.put(&contact(id, "a@example.nl"))?;
                tx.link(Link::CONTACT_INTERACTIONS, id, 10)?;
                tx.link(Link::CONTACT_INTERACTIONS, id, 11)?;
                tx.link(Link::CONTACT_INTERACTIONS, id + 1, 12)?;
                tx.put_user(&User {
                    name: "anna".into(),
                    role: Role::Sales,
                    created_at: Utc::now(),
                    created_by: "root".into(),
                })?;
                Ok::<_, StoreError>(())
            })
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    store
        .read(|tx| {
            assert_eq!(
                tx.get::<Contact>(1)?.unwrap().emails,
                vec!["a@example.nl".to_string()]
            );
            assert_eq!(tx.links(Link::CONTACT_INTERACTIONS, 1)?, vec![10, 11]);
            assert_eq!(tx.user("anna")?.unwrap().role, Role::Sales);
            Ok::<_, StoreError>(())
        })
        .unwrap();
    let next = store.write(|tx| tx.next_id(EntityKind::Contact)).unwrap();
    assert_eq!(next, 2, "ids continue after reopen and are never reused");
}

#[test]
fn second_open_reports_database_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.redb");
    let _first = Store::open(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::InUse(_)));
    assert!(err.to_string().contains("custos serve"), "{err}");
}

#[test]
fn newer_file_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.redb");
    {
        let store = Store::open(&path).unwrap();
        store
            .write(|tx| tx.set_meta("schema_version", SCHEMA_VERSION + 5))
            .unwrap();
    }
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NewerSchema { .. }), "{err}");
}

#[test]
fn corrupt_value_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db.redb")).unwrap();
    store
        .write(|tx| {
            tx.txn
                .open_table(Contact::TABLE)?
                .insert(7, [1u8, 1, 0, 0xff].as_slice())?;
            Ok::<_, StoreError>(())
        })
        .unwrap();
    let err = store.read(|tx| tx.get::<Contact>(7)).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("contact #7"), "{msg}");
}

#[test]
fn vacuum_drops_the_bytes_of_removed_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.redb");
    let store = Store::open(&path).unwrap();
    let secret = "unique-vacuum-probe@example.nl";
    store
        .write(|tx| {
            for id in 1..=50 {
                tx.put(&contact(id, &format!("filler{id}@example.nl")))?;
            }
            tx.put(&contact(99, secret))?;
            Ok::<_, StoreError>(())
        })
        .unwrap();
    store.write(|tx| tx.remove::<Contact>(99)).unwrap();
    let report = store.vacuum().unwrap();
    assert_eq!(report.records, 50);
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
        "erased e-mail still in the file after vacuum"
    );
    // Still usable, and still private.
    assert_eq!(store.read(|tx| tx.count::<Contact>()).unwrap(), 50);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn backup_copies_everything_into_a_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db.redb")).unwrap();
    store
        .write(|tx| tx.put(&contact(1, "b@example.nl")))
        .unwrap();
    let target = dir.path().join("backup.redb");
    store.backup_to(&target, |_| Ok(())).unwrap();
    drop(store);
    let copy = Store::open(&target).unwrap();
    assert!(copy.read(|tx| tx.get::<Contact>(1)).unwrap().is_some());
    // Nothing else is left beside it: no partial file.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["backup.redb", "backup.redb.lock", "db.redb", "db.redb.lock"]
    );
}

#[test]
fn a_backup_that_does_not_verify_never_gets_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db.redb")).unwrap();
    let target = dir.path().join("backup.redb");
    let err = store
        .backup_to(&target, |_| Err("audit chain broken".into()))
        .unwrap_err();
    assert!(matches!(err, StoreError::Unverified { .. }), "{err}");
    assert!(!target.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "db and its lock only"
    );
}

#[test]
fn another_process_cannot_open_the_database_across_a_vacuum() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.redb");
    let store = Store::open(&path).unwrap();
    store
        .write(|tx| tx.put(&contact(1, "v@example.nl")))
        .unwrap();
    store.vacuum().unwrap();
    // The lock survives the swap of the file (a lock on the old file would
    // not): another opener is still refused, and writes go to the new file.
    assert!(matches!(Store::open(&path), Err(StoreError::InUse(_))));
    store
        .write(|tx| tx.put(&contact(2, "w@example.nl")))
        .unwrap();
    drop(store);
    let again = Store::open(&path).unwrap();
    assert_eq!(again.read(|tx| tx.count::<Contact>()).unwrap(), 2);
}

#[test]
fn a_leftover_of_a_killed_vacuum_is_removed_with_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.redb");
    drop(Store::open(&path).unwrap());
    std::fs::write(dir.path().join("db.redb.vacuum"), b"half a database").unwrap();
    let store = Store::open(&path).unwrap();
    let notices = store.take_notices();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("interrupted"), "{notices:?}");
    assert!(!dir.path().join("db.redb.vacuum").exists());
}

/// Closing stops a long read at its next check instead of waiting for it
/// (or giving up and leaving the file for recovery).
#[test]
fn close_stops_a_long_scan_and_closes_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = std::sync::Arc::new(Store::open(&dir.path().join("c.redb")).unwrap());
    store
        .write(|tx| {
            for id in 1..=5000 {
                tx.put(&contact(id, &format!("p{id}@a.nl")))?;
            }
            Ok::<_, StoreError>(())
        })
        .unwrap();
    let (started, seen) = (
        std::sync::mpsc::channel(),
        std::sync::atomic::AtomicUsize::new(0),
    );
    let (tell, wait) = started;
    std::thread::scope(|s| {
        let reader = s.spawn(|| {
            store.read(|tx| {
                tx.scan::<Contact>(|_| {
                    if seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                        let _ = tell.send(());
                    }
                    // A slow report: a millisecond a row, five seconds in all.
                    std::thread::sleep(std::time::Duration::from_millis(1));
                    true
                })
            })
        });
        wait.recv().unwrap();
        assert!(store.close(std::time::Duration::from_secs(30)));
        assert!(matches!(reader.join().unwrap(), Err(StoreError::Closed)));
    });
    assert!(
        seen.load(std::sync::atomic::Ordering::SeqCst) < 5000,
        "the scan ran to its end"
    );
    assert!(matches!(
        store.read(|tx| tx.meta("schema_version")),
        Err(StoreError::Closed)
    ));
}
