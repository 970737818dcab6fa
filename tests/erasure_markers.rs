//! Erasure covers every personal free-text field of every record about a
//! person, by construction. Each record type is filled completely (a test
//! below fails if a field is left empty, so a field added later must be
//! filled here), then every string field that holds free text, found from
//! the types through serde, gets a unique marker. After anonymisation (or
//! deletion) and a vacuum, no marker may be found in the database file, a
//! backup, the audit trail, the search index or any export.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use common::{now, officer};
use custos::backend::{Api, Local};
use custos::clock::Clock;
use custos::model::subject_request::RequestExtension;
use custos::model::{
    Address, ConsentAction, ConsentChannel, ConsentEvent, Contact, EntityKind, IncidentDraft,
    Interaction, InteractionKind, LegalHold, NotificationChannel, NotificationEntry, RequestKind,
    RequestStatus, Restriction, RetentionExtension, ScheduledErasure, SpecialCategory,
    SpecialCategoryRecord, SubjectRequest, TimelineNote,
};
use custos::service::Service;
use custos::service::api::{ContactQuery, PurposeOverview, RetentionBulk};
use custos::store::{Link, Store, StoreError};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// marker → the field it was put in, for the failure message.
type Markers = BTreeMap<String, String>;

/// Fails on any null, empty string, empty list or empty object: every
/// field of a "full" record must carry something.
fn assert_full(value: &Value, path: &str) {
    match value {
        Value::Null => panic!("{path} is empty: fill it in this test's full record"),
        Value::String(s) if s.is_empty() => {
            panic!("{path} is empty: fill it in this test's full record")
        }
        Value::Array(a) if a.is_empty() => {
            panic!("{path} is empty: fill it in this test's full record")
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                assert_full(v, &format!("{path}[{i}]"));
            }
        }
        Value::Object(o) => {
            assert!(!o.is_empty(), "{path} is empty");
            for (k, v) in o {
                assert_full(v, &format!("{path}.{k}"));
            }
        }
        _ => {}
    }
}

/// Paths (as JSON pointers) of every string leaf.
fn string_leaves(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::String(_) => out.push(pointer),
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                string_leaves(v, format!("{pointer}/{i}"), out);
            }
        }
        Value::Object(o) => {
            for (k, v) in o {
                string_leaves(v, format!("{pointer}/{k}"), out);
            }
        }
        _ => {}
    }
}

/// Puts a unique marker into every string field of `record` that the type
/// accepts any text in (an enum name or a date does not take a marker and
/// is left alone).
fn markerise<T: Serialize + DeserializeOwned>(record: &T, name: &str, markers: &mut Markers) -> T {
    let mut value = serde_json::to_value(record).unwrap();
    assert_full(&value, name);
    let mut leaves = Vec::new();
    string_leaves(&value, String::new(), &mut leaves);
    for pointer in leaves {
        let marker = format!("MRK{:04}ZQ", markers.len());
        let slot = value.pointer_mut(&pointer).unwrap();
        let old = std::mem::replace(slot, Value::String(marker.clone()));
        if serde_json::from_value::<T>(value.clone()).is_ok() {
            markers.insert(marker, format!("{name}{pointer}"));
        } else {
            *value.pointer_mut(&pointer).unwrap() = old;
        }
    }
    serde_json::from_value(value).unwrap()
}

fn text(s: &str) -> String {
    s.to_string()
}

fn full_contact(id: u64, organisation: u64, purpose: u64) -> Contact {
    let t = now() - Duration::days(30);
    Contact {
        id,
        version: 1,
        given_name: text("Given"),
        family_name: text("Family"),
        emails: vec![text("one@example.nl"), text("two@example.nl")],
        phones: vec![text("+31 6 1234 5678")],
        organisation_id: Some(organisation),
        job_title: text("Title"),
        address: Address {
            street: text("Street 1"),
            postal_code: text("1234 AB"),
            city: text("City"),
            country: text("NL"),
        },
        tags: vec![text("tag")],
        notes: text("Notes"),
        owner: Some(text("owner")),
        language: text("nl"),
        created_at: t,
        updated_at: t,
        last_interaction_at: Some(t),
        restriction: Some(Restriction {
            since: t,
            reason: text("reason"),
            by: text("staff"),
        }),
        erasure: Some(ScheduledErasure {
            due: now() + Duration::days(300),
            delete: false,
            reason: text("reason"),
            by: text("staff"),
            scheduled_at: t,
        }),
        anonymised_at: Some(t),
        legal_hold: Some(LegalHold {
            reason: text("reason"),
            since: t,
            by: text("staff"),
        }),
        retention_extension: Some(RetentionExtension {
            until: now() + Duration::days(400),
            reason: text("reason"),
            by: text("staff"),
            at: t,
        }),
        do_not_contact: true,
        special: vec![SpecialCategoryRecord {
            category: SpecialCategory::Health,
            purpose_id: purpose,
            value: text("value"),
            recorded_at: t,
            recorded_by: text("staff"),
        }],
    }
}

fn full_interaction(id: u64, contact: u64) -> Interaction {
    Interaction {
        id,
        version: 1,
        contact_id: contact,
        kind: InteractionKind::Call,
        at: now() - Duration::days(3),
        by: text("staff"),
        summary: text("summary"),
        created_at: now() - Duration::days(3),
    }
}

fn full_consent(id: u64, contact: u64, purpose: u64) -> ConsentEvent {
    ConsentEvent {
        id,
        contact_id: contact,
        purpose_id: purpose,
        action: ConsentAction::Given,
        at: now() - Duration::days(10),
        recorded_at: now() - Duration::days(10),
        channel: ConsentChannel::WebForm,
        evidence: text("evidence"),
        recorded_by: text("staff"),
    }
}

fn full_notification(incident: u64, contact: u64) -> NotificationEntry {
    NotificationEntry {
        incident_id: incident,
        contact_id: contact,
        name: text("Given Family"),
        channel: NotificationChannel::Email,
        destination: text("one@example.nl"),
        language: text("nl"),
        anonymised: false,
        notified_at: Some(now() - Duration::hours(1)),
        notified_by: Some(text("staff")),
    }
}

fn full_request(id: u64, contact: u64) -> SubjectRequest {
    let t = now() - Duration::days(5);
    let note = TimelineNote {
        at: t,
        by: text("staff"),
        text: text("note"),
    };
    SubjectRequest {
        id,
        version: 1,
        kind: RequestKind::Access,
        contact_id: Some(contact),
        requester: text("requester"),
        received_on: NaiveDate::from_ymd_opt(2026, 11, 18).unwrap(),
        due_on: NaiveDate::from_ymd_opt(2026, 12, 18).unwrap(),
        extension: Some(RequestExtension {
            due_on: NaiveDate::from_ymd_opt(2027, 2, 18).unwrap(),
            reason: text("reason"),
            at: t,
            by: text("staff"),
        }),
        status: RequestStatus::Refused {
            reason: text("reason"),
        },
        notes: vec![note],
        handled_by: Some(text("staff")),
        created_by: text("staff"),
        created_at: t,
        updated_at: t,
        closed_at: Some(t),
    }
}

/// A database holding one person with every record type about them, each
/// field holding a marker. Returns the database path, the person's id and
/// the markers.
fn person_everywhere(dir: &Path) -> (std::path::PathBuf, u64, Markers) {
    let path = dir.join("custos.redb");
    // Records that are not about the person, through the service as usual.
    let (purpose, incident, organisation) = {
        let service = Arc::new(Service::open(Store::open(&path).unwrap()).unwrap());
        let api = Local::new(service, officer(), Clock::Fixed(now()));
        let purposes = api
            .load_templates(vec!["newsletter".into(), "event-dietary".into()])
            .unwrap();
        let dietary = purposes
            .iter()
            .find(|p| !p.special_categories.is_empty())
            .unwrap()
            .id;
        let incident = api
            .create_incident(IncidentDraft::new(
                "Lost laptop",
                now() - Duration::hours(5),
            ))
            .unwrap()
            .incident
            .id;
        let org = api
            .create_organisation(custos::model::OrganisationDraft {
                name: "Bakkerij".into(),
                ..Default::default()
            })
            .unwrap()
            .id;
        (dietary, incident, org)
    };
    let mut markers = Markers::new();
    let store = Store::open(&path).unwrap();
    let id = store
        .write(|tx| {
            let id = tx.reserve_ids(EntityKind::Contact, 1)?;
            let mut contact = markerise(
                &full_contact(id, organisation, purpose),
                "contact",
                &mut markers,
            );
            // Not anonymised yet (a date, no marker in it).
            contact.anonymised_at = None;
            tx.put(&contact)?;
            tx.link(Link::ORGANISATION_CONTACTS, organisation, id)?;
            for _ in 0..2 {
                let i = tx.reserve_ids(EntityKind::Interaction, 1)?;
                tx.put(&markerise(
                    &full_interaction(i, id),
                    "interaction",
                    &mut markers,
                ))?;
                tx.link(Link::CONTACT_INTERACTIONS, id, i)?;
            }
            let e = tx.reserve_ids(EntityKind::ConsentEvent, 1)?;
            tx.put(&markerise(
                &full_consent(e, id, purpose),
                "consent",
                &mut markers,
            ))?;
            tx.link(Link::CONTACT_CONSENTS, id, e)?;
            tx.link(Link::PURPOSE_CONSENTS, purpose, e)?;
            tx.put_notification_entry(&markerise(
                &full_notification(incident, id),
                "notification",
                &mut markers,
            ))?;
            let r = tx.reserve_ids(EntityKind::Request, 1)?;
            tx.put(&markerise(&full_request(r, id), "request", &mut markers))?;
            tx.link(Link::CONTACT_REQUESTS, id, r)?;
            Ok::<_, StoreError>(id)
        })
        .unwrap();
    drop(store);
    // Sanity: the markers went in, and there are many.
    let bytes = std::fs::read(&path).unwrap();
    assert!(markers.len() > 30, "{} markers", markers.len());
    for marker in markers.keys() {
        assert!(contains(&bytes, marker), "{marker} was never written");
    }
    (path, id, markers)
}

fn contains(haystack: &[u8], marker: &str) -> bool {
    haystack
        .windows(marker.len())
        .any(|w| w == marker.as_bytes())
}

fn assert_no_marker(what: &str, haystack: &[u8], markers: &Markers) {
    let found: Vec<&String> = markers
        .iter()
        .filter(|(m, _)| contains(haystack, m))
        .map(|(_, field)| field)
        .collect();
    assert!(
        found.is_empty(),
        "{what} still holds the value of {found:?}"
    );
}

/// Erases the person with `action`, vacuums, backs up, and looks for the
/// markers everywhere the person's data could be.
fn erase_and_search(delete: bool) {
    let dir = tempfile::tempdir().unwrap();
    let (path, id, markers) = person_everywhere(dir.path());
    let service = Arc::new(Service::open(Store::open(&path).unwrap()).unwrap());
    let api = Local::new(service.clone(), officer(), Clock::Fixed(now()));
    let incident = api.incidents().unwrap()[0].incident.id;
    // Before: the markers are visible where they should be (the test can
    // see a leak), e.g. in the search index and the person's export.
    let page = api.list_contacts(ContactQuery::default()).unwrap();
    let listed = serde_json::to_vec(&page).unwrap();
    assert!(
        markers.keys().any(|m| contains(&listed, m)),
        "the probe cannot see"
    );

    api.retention_action(vec![id], RetentionBulk::LegalHoldOff)
        .unwrap();
    let action = if delete {
        RetentionBulk::Delete
    } else {
        RetentionBulk::Anonymise
    };
    let report = api.retention_action(vec![id], action).unwrap();
    assert_eq!(report.done, vec![id], "{report:?}");
    let backup = dir.path().join("after.redb");
    api.vacuum().unwrap();
    api.backup(backup.display().to_string()).unwrap();

    // What every front-end can still read.
    let mut seen: Vec<(String, Vec<u8>)> = Vec::new();
    let mut look = |what: &str, v: Vec<u8>| seen.push((what.to_string(), v));
    look(
        "contact list",
        serde_json::to_vec(&api.list_contacts(ContactQuery::default()).unwrap()).unwrap(),
    );
    for q in ["MRK", "Given", "one@example"] {
        let query = ContactQuery {
            query: q.into(),
            ..ContactQuery::default()
        };
        look(
            "search",
            serde_json::to_vec(&api.list_contacts(query).unwrap()).unwrap(),
        );
    }
    if !delete {
        look(
            "contact detail",
            serde_json::to_vec(&api.contact(id).unwrap()).unwrap(),
        );
        look(
            "subject export",
            serde_json::to_vec(&api.subject_export(id).unwrap()).unwrap(),
        );
    }
    look(
        "incident",
        serde_json::to_vec(&api.incident(incident).unwrap()).unwrap(),
    );
    look(
        "notification list",
        serde_json::to_vec(&api.notification_list(incident).unwrap()).unwrap(),
    );
    look(
        "letters",
        serde_json::to_vec(&api.render_letters(incident).unwrap()).unwrap(),
    );
    look(
        "requests",
        serde_json::to_vec(&api.requests(true).unwrap()).unwrap(),
    );
    look(
        "audit trail",
        serde_json::to_vec(&api.audit(None, 10_000).unwrap()).unwrap(),
    );
    let purposes: Vec<PurposeOverview> = api.purposes().unwrap();
    look("purposes", serde_json::to_vec(&purposes).unwrap());
    look(
        "records of processing",
        serde_json::to_vec(&api.ropa().unwrap()).unwrap(),
    );
    drop(api);
    drop(service);
    look("database file", std::fs::read(&path).unwrap());
    look("backup file", std::fs::read(&backup).unwrap());
    for (what, bytes) in &seen {
        assert_no_marker(what, bytes, &markers);
    }
}

#[test]
fn anonymisation_leaves_no_personal_value_anywhere() {
    erase_and_search(false);
}

#[test]
fn deletion_leaves_no_personal_value_anywhere() {
    erase_and_search(true);
}
