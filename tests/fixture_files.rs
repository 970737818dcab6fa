//! Every database file an earlier release wrote must keep opening, with
//! every kind of record readable. `tests/fixtures/schema-N.redb` is a small
//! file written by the release whose file schema was N, holding one of
//! everything; the files are committed and never regenerated.
//!
//! When `SCHEMA_VERSION` or a record's shape changes, run
//! `CUSTOS_BLESS=1 cargo test --test fixture_files` once: it writes the
//! fixture for the new schema next to the old ones (an existing file is
//! never overwritten).

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Duration;
use common::{Carry, now, person};
use custos::backend::{Api, Local};
use custos::clock::Clock;
use custos::model::audit::ChainVerdict;
use custos::model::{
    AffectedRule, ConsentAction, ConsentChannel, IncidentDraft, InteractionDraft, InteractionKind,
    OrganisationDraft, RequestKind, RequestStatus, RiskLevel, Role, SpecialCategory,
    SubjectRequestDraft,
};
use custos::service::api::{CarryOut, ConsentDraft, ContactQuery, RetentionBulk};
use custos::service::calls::*;
use custos::service::{Actor, Service};
use custos::store::{SCHEMA_VERSION, Store};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn admin(service: &Arc<Service>) -> Local {
    Local::new(
        service.clone(),
        Actor::new("root", Role::Admin),
        Clock::Fixed(now()),
    )
}

/// One of every kind of record, through the Service as a user would.
fn fill(service: &Arc<Service>) {
    let api = admin(service);
    let mut settings = api.settings().unwrap();
    settings.controller_name = "Bakkerij Fixture BV".into();
    settings.controller_email = "privacy@fixture.example".into();
    api.update_settings(settings).unwrap();
    let purposes = api
        .load_templates(vec!["newsletter".into(), "event-dietary".into()])
        .unwrap();
    let org = api
        .create_organisation(OrganisationDraft {
            name: "Bakkerij Fixture".into(),
            ..Default::default()
        })
        .unwrap();
    let mut jan = person("Jan", "Fixture", "jan@fixture.example");
    jan.organisation_id = Some(org.id);
    let jan = api.create_contact(jan).unwrap();
    let piet = api
        .create_contact(person("Piet", "Fixture", "piet@fixture.example"))
        .unwrap();
    api.create_interaction(InteractionDraft {
        contact_id: jan.id,
        kind: InteractionKind::Order,
        at: Some(now() - Duration::days(3)),
        summary: "Ordered bread".into(),
    })
    .unwrap();
    for p in &purposes {
        api.record_consent(ConsentDraft {
            contact_id: jan.id,
            purpose_id: p.id,
            action: ConsentAction::Given,
            at: Some(now() - Duration::days(10)),
            channel: ConsentChannel::WebForm,
            evidence: "Ticked the box on the form".into(),
        })
        .unwrap();
    }
    let dietary = purposes
        .iter()
        .find(|p| !p.special_categories.is_empty())
        .unwrap();
    api.ask(RecordSpecial {
        contact_id: jan.id,
        category: SpecialCategory::Health,
        purpose_id: dietary.id,
        value: "vegetarian".into(),
    })
    .unwrap();
    api.retention_action(
        vec![jan.id],
        RetentionBulk::LegalHoldOn {
            reason: "invoice dispute".into(),
        },
    )
    .unwrap();
    let incident = api
        .create_incident(IncidentDraft {
            risk: RiskLevel::High,
            ..IncidentDraft::new("Fixture breach", now() - Duration::hours(5))
        })
        .unwrap();
    api.freeze_list(
        incident.incident.id,
        AffectedRule {
            picked: vec![jan.id],
            ..AffectedRule::default()
        },
    )
    .unwrap();
    let r = api
        .file_request(SubjectRequestDraft {
            kind: RequestKind::Objection,
            contact_id: Some(piet.id),
            requester: String::new(),
            received_on: now().date_naive(),
            note: "by letter".into(),
        })
        .unwrap();
    api.set_request_status(
        r.request.id,
        r.request.version,
        RequestStatus::IdentityVerified,
        String::new(),
    )
    .unwrap();
    api.carry(r.request.id, CarryOut::Object).unwrap();
}

/// What every fixture must still show.
fn check(service: &Arc<Service>, file: &Path) {
    let api = admin(service);
    let name = file.display();
    // Before any search, the list is read from the name table (filled by
    // the 3 → 4 migration for older files); after one, from the index.
    let page = api.list_contacts(ContactQuery::default()).unwrap();
    assert_eq!(page.total, 2, "{name}");
    let ids = |p: &custos::service::api::ContactPage| -> Vec<u64> {
        p.rows.iter().map(|r| r.summary.id).collect()
    };
    assert_eq!(
        ids(&page).len(),
        2,
        "{name}: the name table misses contacts"
    );
    let search = ContactQuery {
        query: "fixture".into(),
        ..ContactQuery::default()
    };
    api.list_contacts(search).unwrap();
    let indexed = api.list_contacts(ContactQuery::default()).unwrap();
    assert_eq!(ids(&page), ids(&indexed), "{name}");
    let jan = page
        .rows
        .iter()
        .find(|r| r.summary.name == "Jan Fixture")
        .unwrap_or_else(|| panic!("{name}: Jan is gone"));
    let detail = api.contact(jan.summary.id).unwrap();
    assert_eq!(detail.contact.emails, vec!["jan@fixture.example"], "{name}");
    assert_eq!(detail.organisation.unwrap().name, "Bakkerij Fixture");
    assert_eq!(detail.interactions.len(), 1, "{name}");
    assert!(detail.contact.legal_hold.is_some(), "{name}");
    assert_eq!(detail.contact.special.len(), 1, "{name}");
    assert!(
        detail
            .consents
            .iter()
            .filter(|c| c.state.is_given())
            .count()
            >= 2,
        "{name}"
    );
    assert_eq!(api.purposes().unwrap().len(), 2, "{name}");
    // The retention index is derived on first use (schema 5) and says what
    // a full assessment says.
    let report = api.retention_report(None, None, 0, 100).unwrap();
    let recomputed = service
        .retention_report_recomputed(now(), None, 0, 100)
        .unwrap();
    assert_eq!(report, recomputed, "{name}");
    let incidents = api.incidents().unwrap();
    assert_eq!(incidents.len(), 1, "{name}");
    let list = api.notification_list(incidents[0].incident.id).unwrap();
    assert_eq!(list.entries.len(), 1, "{name}");
    let requests = api.requests(true).unwrap();
    assert_eq!(requests.len(), 1, "{name}");
    assert_eq!(requests[0].request.status, RequestStatus::Done, "{name}");
    let piet = requests[0].request.contact_id.unwrap();
    assert!(api.contact(piet).unwrap().contact.do_not_contact, "{name}");
    assert_eq!(
        api.settings().unwrap().controller_name,
        "Bakkerij Fixture BV"
    );
    let audit = api.verify_audit().unwrap();
    assert!(
        audit.head_matches && matches!(audit.verdict, ChainVerdict::Intact { .. }),
        "{name}: audit chain {audit:?}"
    );
    // Still writable: the same person again is flagged do-not-contact,
    // also by their number written nationally (the rule of schema 3).
    let again = api
        .create_contact(person("P.", "Fixture", "piet@fixture.example"))
        .unwrap();
    assert!(again.do_not_contact, "{name}");
    let by_phone = api
        .create_contact(custos::model::ContactDraft {
            emails: vec![],
            phones: vec!["06 12345678".into()],
            ..person("By", "Phone", "")
        })
        .unwrap();
    assert!(
        by_phone.do_not_contact,
        "{name}: 06 12345678 not recognised"
    );
}

#[test]
fn every_older_database_file_still_opens() {
    let dir = fixtures();
    let current = dir.join(format!("schema-{SCHEMA_VERSION}.redb"));
    if std::env::var_os("CUSTOS_BLESS").is_some() && !current.exists() {
        std::fs::create_dir_all(&dir).unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("fixture.redb");
        {
            let service = Arc::new(Service::open(Store::open(&path).unwrap()).unwrap());
            fill(&service);
            service.store().vacuum().unwrap();
        }
        std::fs::copy(&path, &current).unwrap();
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "redb"))
        .collect();
    files.sort();
    assert!(
        files.contains(&current),
        "no fixture for schema {SCHEMA_VERSION}: run CUSTOS_BLESS=1 cargo test --test fixture_files"
    );
    for file in files {
        // Work on a copy: opening may migrate, and the fixture must stay.
        let tmp = tempfile::tempdir().unwrap();
        let copy = tmp.path().join("copy.redb");
        std::fs::copy(&file, &copy).unwrap();
        let service = Arc::new(Service::open(Store::open(&copy).unwrap()).unwrap());
        check(&service, &file);
    }
}
