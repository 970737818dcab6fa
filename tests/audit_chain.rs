//! The audit trail: hash chain verification catches tampering, and entries
//! never hold personal values.

mod common;

use common::*;
use custos::model::audit::ChainVerdict;
use custos::model::{AuditEntry, InteractionDraft, InteractionKind};
use custos::service::Service;
use custos::service::calls::*;
use custos::store::{Store, envelope};
use redb::{ReadableDatabase, ReadableTable, TableDefinition};

const AUDIT: TableDefinition<u64, &[u8]> = TableDefinition::new("audit");

fn verify(service: &Service) -> (ChainVerdict, bool) {
    {
        let v = service.ask(&admin(), now(), VerifyAudit).unwrap();
        (v.verdict, v.head_matches)
    }
}

fn some_history(f: &Fixture) {
    for i in 0..5 {
        let c = f.create_contact(person("Jan", &format!("Jansen{i}"), &format!("j{i}@x.nl")));
        let mut d = c.draft();
        d.notes = "updated".into();
        f.admin(UpdateContact {
            id: c.id,
            version: 1,
            draft: d,
            confirmed: false,
        });
    }
}

#[test]
fn intact_chain_verifies() {
    let f = Fixture::new();
    some_history(&f);
    assert_eq!(
        verify(&f.service),
        (ChainVerdict::Intact { entries: 10 }, true)
    );
}

#[test]
fn an_edited_entry_is_reported_as_the_first_break() {
    let f = Fixture::new();
    some_history(&f);
    let path = f.path();
    let Fixture { dir, service } = f;
    drop(service);

    // Someone with file access rewrites entry 4 to hide which fields changed.
    let db = redb::Database::open(&path).unwrap();
    let txn = db.begin_write().unwrap();
    {
        let mut table = txn.open_table(AUDIT).unwrap();
        let bytes = table.get(4).unwrap().unwrap().value().to_vec();
        let mut entry: AuditEntry = envelope::decode(&bytes).unwrap();
        entry.record.fields = vec!["job_title".into()];
        let forged = envelope::encode(&entry).unwrap();
        table.insert(4, forged.as_slice()).unwrap();
    }
    txn.commit().unwrap();
    drop(db);

    let service = Service::open(Store::open(&path).unwrap()).unwrap();
    match verify(&service).0 {
        ChainVerdict::Broken { seq, reason } => {
            assert_eq!(seq, 4);
            assert!(reason.contains("edited"), "{reason}");
        }
        other => panic!("tampering not detected: {other:?}"),
    }
    drop(dir);
}

#[test]
fn a_removed_last_entry_is_reported() {
    let f = Fixture::new();
    some_history(&f);
    let path = f.path();
    let Fixture { dir, service } = f;
    drop(service);
    let db = redb::Database::open(&path).unwrap();
    let txn = db.begin_write().unwrap();
    txn.open_table(AUDIT).unwrap().remove(10).unwrap();
    txn.commit().unwrap();
    drop(db);
    let service = Service::open(Store::open(&path).unwrap()).unwrap();
    assert_eq!(
        verify(&service),
        (ChainVerdict::Intact { entries: 9 }, false)
    );
    drop(dir);
}

#[test]
fn audit_entries_hold_no_personal_values() {
    let f = Fixture::new();
    let email = "zygmunt.unique-probe-7731@example.org";
    let c = f.create_contact(person("Zygmunt", "Probe", email));
    let mut d = c.draft();
    d.notes = "secret-note-text-4417".into();
    d.emails.push("second-probe-8812@example.org".into());
    f.admin(UpdateContact {
        id: c.id,
        version: 1,
        draft: d,
        confirmed: false,
    });
    f.admin(CreateInteraction {
        draft: InteractionDraft {
            contact_id: c.id,
            kind: InteractionKind::Call,
            at: None,
            summary: "interaction-probe-5521".into(),
        },
    });
    // A denied attempt is audited too.
    let _ = f.call(&sales(), DeleteContact { id: c.id });
    f.admin(DeleteContact { id: c.id });

    let path = f.path();
    let Fixture { dir, service } = f;
    drop(service);
    let db = redb::Database::open(&path).unwrap();
    let txn = db.begin_read().unwrap();
    let table = txn.open_table(AUDIT).unwrap();
    let mut entries = 0;
    for row in table.iter().unwrap() {
        let (_, v) = row.unwrap();
        let bytes = v.value();
        for probe in [
            email,
            "Zygmunt",
            "secret-note-text-4417",
            "second-probe-8812",
            "interaction-probe-5521",
        ] {
            assert!(
                !bytes.windows(probe.len()).any(|w| w == probe.as_bytes()),
                "audit entry holds {probe:?}"
            );
        }
        entries += 1;
    }
    assert!(entries >= 5, "{entries}");
    drop(dir);
}

mod real_world {
    //! The chain as real users write it: the real clock (nanoseconds, which
    //! the store cuts to microseconds), files written by custos 0.1, and
    //! hostile edits of single bytes.

    use super::*;
    use chrono::{DateTime, Utc};
    use custos::model::audit::{AuditRecord, LegacySeals};
    use custos::model::{AuditAction, AuditOutcome, EntityKind, Role};
    use proptest::prelude::*;

    fn record(i: u64) -> AuditRecord {
        AuditRecord {
            actor: format!("user{i}"),
            role: Role::Sales,
            action: AuditAction::Update,
            kind: EntityKind::Contact,
            targets: vec![i],
            fields: vec!["notes".into()],
            outcome: AuditOutcome::Done,
            detail: String::new(),
        }
    }

    fn verification(service: &Service) -> custos::service::api::AuditVerification {
        service.ask(&admin(), now(), VerifyAudit).unwrap()
    }

    /// Instants from 1970 to 2199 with any nanoseconds, leap days included.
    fn instant() -> impl Strategy<Value = DateTime<Utc>> {
        (0i64..7_258_118_400, 0u32..1_000_000_000)
            .prop_map(|(secs, nanos)| DateTime::from_timestamp(secs, nanos).expect("in range"))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

        #[test]
        fn chains_sealed_at_any_instant_verify_after_the_store(
            ats in proptest::collection::vec(instant(), 1..6)
        ) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("c.redb");
            {
                let store = Store::open(&path).unwrap();
                for (i, at) in ats.iter().enumerate() {
                    store
                        .write(|tx| tx.append_audit(*at, record(i as u64)).map(|_| ()))
                        .map_err(|e: custos::store::StoreError| e.to_string())
                        .unwrap();
                }
            }
            // Reopened: every entry is read back from disk.
            let service = Service::open(Store::open(&path).unwrap()).unwrap();
            let v = verification(&service);
            prop_assert_eq!(v.verdict, ChainVerdict::Intact { entries: ats.len() as u64 });
            prop_assert!(v.head_matches);
            prop_assert_eq!(v.legacy, LegacySeals { last: 0 });
        }

        #[test]
        fn any_single_byte_edit_of_a_stored_entry_is_reported(
            entry in 1u64..=4, position in any::<prop::sample::Index>(), flip in 1u8..=255
        ) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("c.redb");
            {
                let store = Store::open(&path).unwrap();
                for i in 1..=4u64 {
                    let at = DateTime::from_timestamp(1_795_000_000 + i as i64, 123_456_789).unwrap();
                    store
                        .write(|tx| tx.append_audit(at, record(i)).map(|_| ()))
                        .map_err(|e: custos::store::StoreError| e.to_string())
                        .unwrap();
                }
            }
            {
                let db = redb::Database::open(&path).unwrap();
                let txn = db.begin_write().unwrap();
                {
                    let mut table = txn.open_table(AUDIT).unwrap();
                    let mut bytes = table.get(entry).unwrap().unwrap().value().to_vec();
                    let i = position.index(bytes.len());
                    bytes[i] ^= flip;
                    table.insert(entry, bytes.as_slice()).unwrap();
                }
                txn.commit().unwrap();
            }
            let service = Service::open(Store::open(&path).unwrap()).unwrap();
            let v = verification(&service);
            let intact = matches!(v.verdict, ChainVerdict::Intact { .. }) && v.head_matches;
            prop_assert!(!intact, "edit of entry {} not reported: {:?}", entry, v);
        }
    }

    #[test]
    fn the_real_clock_seals_entries_that_verify() {
        let f = Fixture::new();
        let clock = custos::clock::Clock::System;
        for i in 0..20 {
            f.service
                .ask(
                    &admin(),
                    clock.now(),
                    CreateContact {
                        draft: person("Real", &format!("Clock{i}"), ""),
                    },
                )
                .unwrap();
        }
        // The service also cuts a `now` that carries nanoseconds.
        let nanos = DateTime::from_timestamp(1_795_000_000, 999_999_999).unwrap();
        f.service
            .ask(
                &admin(),
                nanos,
                CreateContact {
                    draft: person("N", "S", ""),
                },
            )
            .unwrap();
        let v = verification(&f.service);
        assert_eq!(v.verdict, ChainVerdict::Intact { entries: 21 });
        assert!(v.summary().0, "{:?}", v.summary());
    }

    fn legacy_copy() -> (tempfile::TempDir, std::path::PathBuf) {
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/real-clock/schema-1.redb");
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("copy.redb");
        std::fs::copy(fixture, &copy).unwrap();
        (dir, copy)
    }

    /// `tests/fixtures/real-clock/schema-1.redb` was written by custos 0.1
    /// on the real clock (`demo --contacts 40`, a contact add, a call
    /// logged): its 24 entries were sealed over nanosecond times the file
    /// does not keep. They are re-proven, and said to be, never "edited".
    #[test]
    fn a_file_written_by_custos_0_1_on_the_real_clock_verifies() {
        let (_dir, copy) = legacy_copy();
        let service = Service::open(Store::open(&copy).unwrap()).unwrap();
        let v = verification(&service);
        assert_eq!(v.verdict, ChainVerdict::Intact { entries: 24 });
        assert_eq!(v.legacy, LegacySeals { last: 24 });
        let (ok, text) = v.summary();
        assert!(ok, "{text}");
        assert!(
            text.contains("entries 1–24 were sealed by custos 0.1"),
            "{text}"
        );
        // New entries are sealed under the current rule and verify too.
        service
            .ask(
                &admin(),
                now(),
                CreateContact {
                    draft: person("After", "Upgrade", ""),
                },
            )
            .unwrap();
        let v = verification(&service);
        assert_eq!(v.verdict, ChainVerdict::Intact { entries: 25 });
        assert_eq!(v.legacy, LegacySeals { last: 24 });
    }

    #[test]
    fn an_edit_of_a_legacy_entry_is_still_reported() {
        let (_dir, copy) = legacy_copy();
        drop(Store::open(&copy).unwrap()); // migrate first
        {
            let db = redb::Database::open(&copy).unwrap();
            let txn = db.begin_write().unwrap();
            {
                let mut table = txn.open_table(AUDIT).unwrap();
                let bytes = table.get(7).unwrap().unwrap().value().to_vec();
                let mut entry: AuditEntry = envelope::decode(&bytes).unwrap();
                entry.record.fields = vec!["forged".into()];
                table
                    .insert(7, envelope::encode(&entry).unwrap().as_slice())
                    .unwrap();
            }
            txn.commit().unwrap();
        }
        let service = Service::open(Store::open(&copy).unwrap()).unwrap();
        match verification(&service).verdict {
            ChainVerdict::Broken { seq: 7, reason } => {
                assert!(reason.contains("custos 0.1"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
    }
}
