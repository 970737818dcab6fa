//! The audit trail: hash chain verification catches tampering, and entries
//! never hold personal values.

mod common;

use common::*;
use custos::model::audit::ChainVerdict;
use custos::model::{AuditEntry, InteractionDraft, InteractionKind};
use custos::service::{Request, Response, Service};
use custos::store::{Store, envelope};
use redb::{ReadableDatabase, ReadableTable, TableDefinition};

const AUDIT: TableDefinition<u64, &[u8]> = TableDefinition::new("audit");

fn verify(service: &Service) -> (ChainVerdict, bool) {
    match service
        .handle(&admin(), now(), Request::VerifyAudit)
        .unwrap()
    {
        Response::AuditVerification(v) => (v.verdict, v.head_matches),
        other => panic!("{other:?}"),
    }
}

fn some_history(f: &Fixture) {
    for i in 0..5 {
        let c = f.create_contact(person("Jan", &format!("Jansen{i}"), &format!("j{i}@x.nl")));
        let mut d = c.draft();
        d.notes = "updated".into();
        f.admin(Request::UpdateContact {
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
    f.admin(Request::UpdateContact {
        id: c.id,
        version: 1,
        draft: d,
        confirmed: false,
    });
    f.admin(Request::CreateInteraction(InteractionDraft {
        contact_id: c.id,
        kind: InteractionKind::Call,
        at: None,
        summary: "interaction-probe-5521".into(),
    }));
    // A denied attempt is audited too.
    let _ = f.call(&sales(), Request::DeleteContact { id: c.id });
    f.admin(Request::DeleteContact { id: c.id });

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
