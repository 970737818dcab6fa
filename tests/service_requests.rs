//! Data-subject requests through the Service: the legal deadline, each
//! kind's effect, the restriction rule on every export, the personal-data
//! export compared against the store, and the Art. 30 register.

mod common;

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::sync::Arc;

use calamine::{Reader, Xlsx};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use common::{Carry, now, person};
use custos::backend::{Api, Local};
use custos::clock::Clock;
use custos::export::{ropa, subject};
use custos::model::{
    AffectedRule, ConsentAction, ConsentChannel, ConsentEvent, Contact, ContactDraft,
    IncidentDraft, Interaction, InteractionDraft, InteractionKind, Organisation, OrganisationDraft,
    RequestKind, RequestStatus, RiskLevel, Role, SpecialCategory, SubjectRequest,
    SubjectRequestDraft, Timestamp,
};
use custos::service::api::{
    AlertLevel, CarryOut, ConsentDraft, ImportBatch, ImportContact, RequestOverview, RetentionBulk,
};
use custos::service::calls::*;
use custos::service::{Actor, Service, ServiceError};
use custos::store::{Link, Reads, Store};

/// One database and a backend per role, at the pinned date.
struct World {
    _dir: tempfile::TempDir,
    service: Arc<Service>,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("custos.redb")).unwrap();
        let service = Arc::new(Service::open(store).unwrap());
        let w = World { _dir: dir, service };
        let admin = w.as_role_at(Role::Admin, now());
        let mut settings = admin.settings().unwrap();
        settings.controller_name = "Bakkerij Custos BV".into();
        settings.controller_email = "privacy@custos-bakkerij.nl".into();
        settings.security_measures = "Encrypted disks; access by named accounts only".into();
        admin.update_settings(settings).unwrap();
        w
    }

    fn as_role_at(&self, role: Role, at: Timestamp) -> Local {
        let name = match role {
            Role::Admin => "root",
            Role::PrivacyOfficer => "petra",
            Role::Sales => "anna",
            Role::ReadOnly => "rob",
        };
        Local::new(
            self.service.clone(),
            Actor::new(name, role),
            Clock::Fixed(at),
        )
    }

    fn officer(&self) -> Local {
        self.as_role_at(Role::PrivacyOfficer, now())
    }

    fn sales(&self) -> Local {
        self.as_role_at(Role::Sales, now())
    }

    fn purposes(&self) -> BTreeMap<String, u64> {
        let api = self.officer();
        if api.purposes().unwrap().is_empty() {
            api.load_templates(
                [
                    "newsletter",
                    "sales-follow-up",
                    "customer-contract",
                    "event-invitations",
                    "event-dietary",
                ]
                .map(String::from)
                .to_vec(),
            )
            .unwrap();
        }
        api.purposes()
            .unwrap()
            .into_iter()
            .map(|o| (o.purpose.name.to_lowercase(), o.purpose.id))
            .collect()
    }

    fn contact(&self, given: &str, family: &str, email: &str) -> Contact {
        self.officer()
            .create_contact(person(given, family, email))
            .unwrap()
    }

    fn consent(&self, contact: u64, purpose: u64, action: ConsentAction) {
        self.officer()
            .record_consent(ConsentDraft {
                contact_id: contact,
                purpose_id: purpose,
                action,
                at: Some(now() - Duration::days(30)),
                channel: ConsentChannel::WebForm,
                evidence: "Unticked box on the sign-up form v3, ticked by the person".into(),
            })
            .unwrap();
    }

    /// Files a request about `contact` and verifies the requester.
    fn verified(&self, kind: RequestKind, contact: u64) -> RequestOverview {
        let api = self.officer();
        let r = api
            .file_request(SubjectRequestDraft {
                kind,
                contact_id: Some(contact),
                requester: String::new(),
                received_on: now().date_naive() - Duration::days(3),
                note: "by e-mail".into(),
            })
            .unwrap();
        api.set_request_status(
            r.request.id,
            r.request.version,
            RequestStatus::IdentityVerified,
            "passport shown at the desk".into(),
        )
        .unwrap()
    }

    fn stored<T>(&self, f: impl FnOnce(&custos::store::ReadTx) -> custos::store::Result<T>) -> T {
        self.service.store().read(f).unwrap()
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn file_received(w: &World, received_on: NaiveDate) -> RequestOverview {
    w.officer()
        .file_request(SubjectRequestDraft {
            kind: RequestKind::Access,
            contact_id: None,
            requester: "J. Jansen, j.jansen@example.org".into(),
            received_on,
            note: String::new(),
        })
        .unwrap()
}

#[test]
fn the_month_to_answer_follows_the_calendar() {
    let w = World::new();
    for (received, due) in [
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2024, 1, 31), date(2024, 2, 29)),
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2025, 12, 15), date(2026, 1, 15)),
        (date(2026, 11, 23), date(2026, 12, 23)),
    ] {
        let r = file_received(&w, received);
        assert_eq!(r.request.due_on, due, "received {received}");
        assert_eq!(r.request.effective_due(), due);
    }
    // The extension adds two months to the month: three from receipt,
    // clamped to the month's end.
    let r = file_received(&w, date(2026, 10, 31));
    assert_eq!(r.request.due_on, date(2026, 11, 30));
    let extended = w
        .officer()
        .extend_request(
            r.request.id,
            r.request.version,
            "many requests this month".into(),
        )
        .unwrap();
    assert_eq!(extended.request.due_on, date(2026, 11, 30));
    assert_eq!(extended.request.effective_due(), date(2027, 1, 31));
    let e = extended.request.extension.unwrap();
    assert_eq!(e.reason, "many requests this month");
    assert_eq!(e.by, "petra");
}

#[test]
fn filing_needs_someone_and_a_date_not_in_the_future() {
    let w = World::new();
    let api = w.officer();
    let draft = SubjectRequestDraft {
        kind: RequestKind::Erasure,
        contact_id: None,
        requester: "  ".into(),
        received_on: now().date_naive(),
        note: String::new(),
    };
    assert!(matches!(
        api.file_request(draft.clone()),
        Err(ServiceError::Invalid { field, .. }) if field == "requester"
    ));
    let future = SubjectRequestDraft {
        requester: "someone".into(),
        received_on: now().date_naive() + Duration::days(1),
        ..draft.clone()
    };
    assert!(matches!(
        api.file_request(future),
        Err(ServiceError::Invalid { field, .. }) if field == "received_on"
    ));
    // Sales take requests at the front desk; the read-only role cannot.
    let filed = w
        .sales()
        .file_request(SubjectRequestDraft {
            requester: "caller, +31 6 1111 2222".into(),
            ..draft.clone()
        })
        .unwrap();
    assert_eq!(filed.request.status, RequestStatus::New);
    assert_eq!(filed.request.created_by, "anna");
    assert!(filed.who().contains("(unmatched)"));
    assert!(matches!(
        w.as_role_at(Role::ReadOnly, now())
            .file_request(SubjectRequestDraft {
                requester: "x".into(),
                ..draft
            }),
        Err(ServiceError::Denied { .. })
    ));
    // The read-only role sees the queue.
    assert_eq!(
        w.as_role_at(Role::ReadOnly, now())
            .requests(false)
            .unwrap()
            .len(),
        1
    );
    // Sales may not handle it.
    let id = filed.request.id;
    assert!(matches!(
        w.sales()
            .set_request_status(id, 1, RequestStatus::IdentityVerified, String::new()),
        Err(ServiceError::Denied { .. })
    ));
    assert!(matches!(
        w.sales().carry(id, CarryOut::ExportData),
        Err(ServiceError::Denied { .. })
    ));
}

#[test]
fn statuses_extensions_and_notes_follow_the_rules() {
    let w = World::new();
    let api = w.officer();
    let jan = w.contact("Jan", "de Vries", "jan@vries.nl");
    let r = file_received(&w, date(2026, 11, 20));
    let id = r.request.id;
    // Carrying out needs a linked, verified person.
    assert!(api.carry(id, CarryOut::ExportData).is_err());
    let r = api.link_request(id, r.request.version, jan.id).unwrap();
    assert_eq!(r.who(), "Jan de Vries");
    let err = api.carry(id, CarryOut::ExportData).unwrap_err();
    assert!(err.to_string().contains("verify"), "{err}");
    // A stale version is a conflict.
    assert!(matches!(
        api.set_request_status(
            id,
            r.request.version - 1,
            RequestStatus::InProgress,
            String::new()
        ),
        Err(ServiceError::Conflict { .. })
    ));
    let r = api
        .set_request_status(
            id,
            r.request.version,
            RequestStatus::IdentityVerified,
            "ID card".into(),
        )
        .unwrap();
    // The timeline says who moved it, when, and why.
    let last = r.request.notes.last().unwrap();
    assert_eq!(last.text, "status new → identity-verified: ID card");
    assert_eq!(last.by, "petra");
    assert!(matches!(
        api.set_request_status(
            id,
            r.request.version,
            RequestStatus::IdentityVerified,
            String::new()
        ),
        Err(ServiceError::Refused(_))
    ));
    // A refusal says why; closing by hand says what was done.
    assert!(matches!(
        api.set_request_status(
            id,
            r.request.version,
            RequestStatus::Refused { reason: " ".into() },
            String::new()
        ),
        Err(ServiceError::Invalid { field, .. }) if field == "reason"
    ));
    assert!(matches!(
        api.set_request_status(id, r.request.version, RequestStatus::Done, String::new()),
        Err(ServiceError::Invalid { field, .. }) if field == "note"
    ));
    // One extension, with a reason.
    assert!(matches!(
        api.extend_request(id, r.request.version, "".into()),
        Err(ServiceError::Invalid { .. })
    ));
    let r = api
        .extend_request(
            id,
            r.request.version,
            "complex: records in three systems".into(),
        )
        .unwrap();
    assert!(matches!(
        api.extend_request(id, r.request.version, "again".into()),
        Err(ServiceError::Refused(_))
    ));
    let r = api.add_request_note(id, "called back".into()).unwrap();
    assert_eq!(r.request.notes.last().unwrap().text, "called back");
    let r = api
        .set_request_status(
            id,
            r.request.version,
            RequestStatus::Refused {
                reason: "manifestly unfounded: fifth identical request this month".into(),
            },
            String::new(),
        )
        .unwrap();
    assert!(r.request.status.is_closed());
    assert_eq!(r.request.closed_at, Some(now()));
    // Closed is closed; a note may still record what followed.
    let r = api
        .add_request_note(id, "refusal sent by registered post".into())
        .unwrap();
    assert_eq!(r.request.status.key(), "refused");
    assert!(
        api.set_request_status(
            id,
            r.request.version,
            RequestStatus::InProgress,
            String::new()
        )
        .is_err()
    );
    // Closed requests leave the queue unless asked for.
    assert!(api.requests(false).unwrap().is_empty());
    assert_eq!(api.requests(true).unwrap().len(), 1);
}

#[test]
fn an_extension_must_come_within_the_first_month() {
    let w = World::new();
    let r = file_received(&w, date(2026, 10, 1));
    assert_eq!(r.request.due_on, date(2026, 11, 1));
    let err = w
        .officer()
        .extend_request(r.request.id, r.request.version, "busy".into())
        .unwrap_err();
    assert!(err.to_string().contains("first month"), "{err}");
}

#[test]
fn the_status_line_warns_a_week_ahead_and_when_overdue() {
    let w = World::new();
    let due_in_five = file_received(&w, date(2026, 10, 28));
    let overdue = file_received(&w, date(2026, 10, 20));
    let later = file_received(&w, date(2026, 11, 20));
    let alerts = w.officer().alerts().unwrap();
    let find = |id: u64| {
        alerts
            .iter()
            .find(|a| a.text.starts_with(&format!("request #{id} ")))
            .cloned()
    };
    let soon = find(due_in_five.request.id).expect("warning for the request due in 5 days");
    assert_eq!(soon.level, AlertLevel::Warning);
    assert!(soon.text.contains("due in 5 days"), "{}", soon.text);
    let late = find(overdue.request.id).expect("alert for the overdue request");
    assert_eq!(late.level, AlertLevel::Critical);
    assert!(find(later.request.id).is_none());
    // No personal data in the status line.
    assert!(alerts.iter().all(|a| !a.text.contains("Jansen")));
}

#[test]
fn rectification_is_done_through_the_contact_form() {
    let w = World::new();
    let jan = w.contact("Jan", "de Vries", "jan@vries.nl");
    let r = w.verified(RequestKind::Rectification, jan.id);
    // The wrong carry-out for the kind is refused.
    assert!(matches!(
        w.officer().carry(r.request.id, CarryOut::ExportData),
        Err(ServiceError::Invalid { .. })
    ));
    let mut draft = jan.draft();
    draft.job_title = "Head baker".into();
    w.officer()
        .update_contact(jan.id, jan.version, draft, false)
        .unwrap();
    let report = w
        .officer()
        .carry(r.request.id, CarryOut::Rectified)
        .unwrap();
    assert_eq!(report.request.request.status, RequestStatus::Done);
    assert!(report.export.is_none());
    assert_eq!(
        w.officer().contact(jan.id).unwrap().contact.job_title,
        "Head baker"
    );
}

/// The interface corrects the contact and closes the request in one
/// transaction: if the closing fails, the correction is not kept either.
#[test]
fn rectification_in_one_step_is_one_transaction() {
    let w = World::new();
    let jan = w.contact("Jan", "de Vries", "jan@vries.nl");
    let r = w.verified(RequestKind::Rectification, jan.id);
    let mut draft = jan.draft();
    draft.job_title = "Head baker".into();
    let rectify = CarryOut::Rectify {
        version: jan.version,
        draft: Box::new(draft),
        confirmed: false,
    };
    let audit_len = || w.officer().audit(None, 10_000).unwrap().entries.len();
    let audit_before = audit_len();

    custos::failpoint::fail_on_this_thread(Some("close-request"));
    let failed = w.officer().carry(r.request.id, rectify.clone());
    custos::failpoint::fail_on_this_thread(None);
    assert!(
        matches!(failed, Err(ServiceError::Storage { .. })),
        "{failed:?}"
    );
    let unchanged = w.officer().contact(jan.id).unwrap().contact;
    assert_eq!(
        unchanged, jan,
        "the correction was rolled back with the close"
    );
    let open = w.officer().request(r.request.id).unwrap();
    assert_ne!(open.request.status, RequestStatus::Done);
    assert_eq!(
        audit_len(),
        audit_before,
        "nothing of it was audited as done"
    );

    let report = w.officer().carry(r.request.id, rectify).unwrap();
    assert_eq!(report.request.request.status, RequestStatus::Done);
    let saved = w.officer().contact(jan.id).unwrap().contact;
    assert_eq!(saved.job_title, "Head baker");
    assert_eq!(saved.version, jan.version + 1);
}

#[test]
fn erasure_now_or_by_the_deadline_and_never_under_a_legal_hold() {
    let w = World::new();
    let api = w.officer();
    // Now: anonymised.
    let jan = w.contact("Jan", "de Vries", "jan@vries.nl");
    let r = w.verified(RequestKind::Erasure, jan.id);
    api.carry(
        r.request.id,
        CarryOut::Erase {
            delete: false,
            on: None,
        },
    )
    .unwrap();
    let gone = api.contact(jan.id).unwrap().contact;
    assert!(gone.is_anonymised());
    assert!(!gone.display_name().contains("Jan"));
    // Delete now: the record is gone; the request stays, without the link.
    let piet = w.contact("Piet", "Peeters", "piet@peeters.be");
    let r = w.verified(RequestKind::Erasure, piet.id);
    let report = api
        .carry(
            r.request.id,
            CarryOut::Erase {
                delete: true,
                on: None,
            },
        )
        .unwrap();
    assert!(matches!(
        api.contact(piet.id),
        Err(ServiceError::NotFound { .. })
    ));
    assert_eq!(report.request.request.status, RequestStatus::Done);
    assert!(report.request.contact.is_none());
    // Scheduled: by the request's deadline, not after it.
    let marie = w.contact("Marie", "Dubois", "marie@dubois.fr");
    let r = w.verified(RequestKind::Erasure, marie.id);
    let deadline = r.request.effective_due();
    let after =
        Utc.from_utc_datetime(&(deadline + Duration::days(1)).and_hms_opt(0, 0, 0).unwrap());
    assert!(matches!(
        api.carry(
            r.request.id,
            CarryOut::Erase {
                delete: false,
                on: Some(after)
            }
        ),
        Err(ServiceError::Invalid { field, .. }) if field == "on"
    ));
    let on = now() + Duration::days(7);
    api.carry(
        r.request.id,
        CarryOut::Erase {
            delete: false,
            on: Some(on),
        },
    )
    .unwrap();
    let scheduled = api.contact(marie.id).unwrap().contact;
    assert_eq!(scheduled.erasure.as_ref().map(|e| e.due), Some(on));
    assert!(!scheduled.is_anonymised());
    // A legal hold stops an erasure.
    let held = w.contact("Sophie", "Berg", "sophie@berg.nl");
    api.retention_action(
        vec![held.id],
        RetentionBulk::LegalHoldOn {
            reason: "court case 2026/114".into(),
        },
    )
    .unwrap();
    let r = w.verified(RequestKind::Erasure, held.id);
    assert!(
        api.carry(
            r.request.id,
            CarryOut::Erase {
                delete: false,
                on: None
            }
        )
        .is_err()
    );
    assert!(!api.contact(held.id).unwrap().contact.is_anonymised());
}

#[test]
fn a_restricted_contact_leaves_every_mailing_and_notification_export() {
    let w = World::new();
    let purposes = w.purposes();
    let news = purposes["newsletter"];
    let api = w.officer();
    let jan = w.contact("Jan", "de Vries", "jan@vries.nl");
    let marie = w.contact("Marie", "Dubois", "marie@dubois.fr");
    for c in [jan.id, marie.id] {
        w.consent(c, news, ConsentAction::Given);
    }
    // Both are on a breach notification list.
    let incident = api
        .create_incident(IncidentDraft {
            risk: RiskLevel::High,
            ..IncidentDraft::new("Guest list exposed", now() - Duration::hours(5))
        })
        .unwrap();
    api.freeze_list(
        incident.incident.id,
        AffectedRule {
            picked: vec![jan.id, marie.id],
            ..AffectedRule::default()
        },
    )
    .unwrap();

    let r = w.verified(RequestKind::Restriction, jan.id);
    let report = api
        .carry(
            r.request.id,
            CarryOut::Restrict {
                reason: "contests the accuracy of the address".into(),
            },
        )
        .unwrap();
    assert_eq!(report.request.request.status, RequestStatus::Done);
    let restricted = api.contact(jan.id).unwrap().contact;
    assert!(restricted.is_restricted());

    // Mailing: only Marie.
    let mailing: Vec<u64> = api
        .contactable(news)
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(mailing, vec![marie.id]);
    // Notification list, CSV and letters: only Marie; Jan left out with why.
    let list = api.notification_list(incident.incident.id).unwrap();
    assert_eq!(
        list.entries
            .iter()
            .map(|e| e.contact_id)
            .collect::<Vec<_>>(),
        vec![marie.id]
    );
    assert!(
        list.excluded
            .iter()
            .any(|(id, why)| *id == jan.id && why.contains("restricted"))
    );
    let letters = api.render_letters(incident.incident.id).unwrap();
    assert_eq!(letters.letters.len(), 1);
    assert!(
        letters
            .letters
            .iter()
            .all(|l| !String::from_utf8_lossy(&l.eml).contains("jan@vries.nl"))
    );

    // Edits need confirmation; confirmed, they go through.
    let mut draft = restricted.draft();
    draft.address.city = "Utrecht".into();
    let err = api
        .update_contact(jan.id, restricted.version, draft.clone(), false)
        .unwrap_err();
    assert!(matches!(err, ServiceError::NeedsConfirmation(_)));
    // The refusal names no personal data.
    assert!(!err.to_string().contains("Jan"));
    let saved = api
        .update_contact(jan.id, restricted.version, draft, true)
        .unwrap();
    assert_eq!(saved.address.city, "Utrecht");
    assert!(saved.is_restricted());

    // Lifted, Jan is back on the mailing.
    api.lift_restriction(jan.id).unwrap();
    let mut mailing: Vec<u64> = api
        .contactable(news)
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    mailing.sort();
    assert_eq!(mailing, vec![jan.id, marie.id]);
}

#[test]
fn an_objection_withdraws_marketing_and_survives_re_import() {
    let w = World::new();
    let purposes = w.purposes();
    let api = w.officer();
    let jan = w.contact("Jan", "de Vries", "Jan@Vries.nl");
    for key in ["newsletter", "event invitations", "customer contract"] {
        w.consent(jan.id, purposes[key], ConsentAction::Given);
    }
    let r = w.verified(RequestKind::Objection, jan.id);
    let report = api.carry(r.request.id, CarryOut::Object).unwrap();
    assert!(report.done.contains("do-not-contact"), "{}", report.done);
    let detail = api.contact(jan.id).unwrap();
    assert!(detail.contact.do_not_contact);
    let state = |name: &str| {
        detail
            .consents
            .iter()
            .find(|c| c.name.to_lowercase() == name)
            .map(|c| c.state)
    };
    // Marketing withdrawn, with the request as evidence; the contract stays.
    assert!(!state("newsletter").unwrap().is_given());
    assert!(!state("event invitations").unwrap().is_given());
    assert!(state("customer contract").unwrap().is_given());
    let history = api.consent_history(jan.id, purposes["newsletter"]).unwrap();
    let last = history.last().unwrap();
    assert_eq!(last.action, ConsentAction::Withdrawn);
    assert_eq!(last.channel, ConsentChannel::Request);
    assert!(last.evidence.contains(&format!("#{}", r.request.id)));
    assert!(api.contactable(purposes["newsletter"]).unwrap().is_empty());

    // The person is deleted; a later import of the same address (in
    // another case) and a new contact with their phone are flagged.
    let r2 = w.verified(RequestKind::Erasure, jan.id);
    api.carry(
        r2.request.id,
        CarryOut::Erase {
            delete: true,
            on: None,
        },
    )
    .unwrap();
    // The list holds fingerprints, not addresses: once the erased bytes are
    // vacuumed away, the address is nowhere in the file.
    api.vacuum().unwrap();
    let raw = std::fs::read(w.service.store().path())
        .unwrap()
        .to_ascii_lowercase();
    let needle = b"jan@vries.nl";
    assert!(
        !raw.windows(needle.len()).any(|win| win == needle),
        "the deleted address must not stay in the file"
    );
    let report = api
        .import(ImportBatch {
            organisations: vec![],
            contacts: vec![
                ImportContact {
                    draft: person("Jan", "de Vries", "jan@vries.NL"),
                    organisation: None,
                    created_at: None,
                    interactions: vec![],
                    consents: vec![],
                },
                ImportContact {
                    draft: person("Other", "Person", "other@example.org"),
                    organisation: None,
                    created_at: None,
                    interactions: vec![],
                    consents: vec![],
                },
            ],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        report.flagged_do_not_contact, 2,
        "same phone on both drafts"
    );
    let fresh = api
        .create_contact(ContactDraft {
            phones: vec![],
            ..person("J.", "Vries", "JAN@vries.nl")
        })
        .unwrap();
    assert!(fresh.do_not_contact);
    let unrelated = api
        .create_contact(ContactDraft {
            phones: vec![],
            ..person("Ann", "Other", "ann@other.org")
        })
        .unwrap();
    assert!(!unrelated.do_not_contact);
    // A number written nationally is the same number.
    let national = api
        .create_contact(ContactDraft {
            emails: vec![],
            phones: vec!["06 12345678".into()],
            ..person("Other", "Phone", "")
        })
        .unwrap();
    assert!(national.do_not_contact, "06 12345678 is +31 6 1234 5678");
    assert_eq!(national.phones, vec!["+31 6 12345678"]);
}

#[test]
fn withdrawing_consent_leaves_other_legal_bases_alone() {
    let w = World::new();
    let purposes = w.purposes();
    let jan = w.contact("Jan", "de Vries", "jan@vries.nl");
    for key in ["newsletter", "event invitations", "customer contract"] {
        w.consent(jan.id, purposes[key], ConsentAction::Given);
    }
    let r = w.verified(RequestKind::ConsentWithdrawal, jan.id);
    let report = w
        .officer()
        .carry(r.request.id, CarryOut::WithdrawConsents)
        .unwrap();
    assert_eq!(report.done, "2 consents withdrawn");
    let detail = w.officer().contact(jan.id).unwrap();
    let given: Vec<String> = detail
        .consents
        .iter()
        .filter(|c| c.state.is_given())
        .map(|c| c.name.to_lowercase())
        .collect();
    assert_eq!(given, vec!["customer contract"]);
    assert!(!detail.contact.do_not_contact);
}

/// A contact with something in every part of the export.
fn richly_filled(w: &World) -> (Contact, BTreeMap<String, u64>) {
    let purposes = w.purposes();
    let api = w.officer();
    let org = api
        .create_organisation(OrganisationDraft {
            name: "Bakkerij de Vries".into(),
            ..Default::default()
        })
        .unwrap();
    let jan = api
        .create_contact(ContactDraft {
            organisation_id: Some(org.id),
            job_title: "Owner".into(),
            tags: vec!["vip".into(), "event-2026".into()],
            notes: "Prefers calls in the morning".into(),
            language: "nl".into(),
            address: custos::model::Address {
                street: "Oudegracht 1".into(),
                postal_code: "3511 AA".into(),
                city: "Utrecht".into(),
                country: "NL".into(),
            },
            ..person("Jan", "de Vries", "jan@bakkerijdevries.nl")
        })
        .unwrap();
    for (kind, days, summary) in [
        (
            InteractionKind::Call,
            20,
            "Asked about the spring catalogue",
        ),
        (InteractionKind::Order, 10, "Ordered 40 kg of rye flour"),
    ] {
        api.create_interaction(InteractionDraft {
            contact_id: jan.id,
            kind,
            at: Some(now() - Duration::days(days)),
            summary: summary.into(),
        })
        .unwrap();
    }
    w.consent(jan.id, purposes["newsletter"], ConsentAction::Given);
    w.consent(jan.id, purposes["newsletter"], ConsentAction::Withdrawn);
    w.consent(jan.id, purposes["event invitations"], ConsentAction::Given);
    let dietary = purposes
        .iter()
        .find(|(name, _)| name.contains("diet"))
        .map(|(_, id)| *id)
        .unwrap();
    w.consent(jan.id, dietary, ConsentAction::Given);
    api.ask(RecordSpecial {
        contact_id: jan.id,
        category: SpecialCategory::Health,
        purpose_id: dietary,
        value: "coeliac: gluten-free meals".into(),
    })
    .unwrap();
    api.retention_action(
        vec![jan.id],
        RetentionBulk::LegalHoldOn {
            reason: "invoice dispute 2026-17".into(),
        },
    )
    .unwrap();
    api.restrict_contact(jan.id, "contests the order history".into())
        .unwrap();
    let incident = api
        .create_incident(IncidentDraft {
            risk: RiskLevel::High,
            ..IncidentDraft::new("Event guest list exposed", now() - Duration::hours(50))
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
    api.mark_notified(incident.incident.id, vec![jan.id], true)
        .unwrap();
    let old = w.verified(RequestKind::Rectification, jan.id);
    api.carry(old.request.id, CarryOut::Rectified).unwrap();
    let contact = api.contact(jan.id).unwrap().contact;
    (contact, purposes)
}

fn json_of<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap()
}

#[test]
fn the_json_export_holds_every_value_stored_about_the_person() {
    let w = World::new();
    let (jan, _) = richly_filled(&w);
    let data = w.officer().subject_export(jan.id).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&subject::json(&data).unwrap()).unwrap();
    assert_eq!(json["format"], "custos.subject-export/1");

    // What the store holds about Jan, read directly.
    let (contact, organisation, interactions, consents, requests, entries) = w.stored(|tx| {
        let contact: Contact = tx.get(jan.id)?.unwrap();
        let organisation: Option<Organisation> = match contact.organisation_id {
            Some(id) => tx.get(id)?,
            None => None,
        };
        let mut interactions = Vec::new();
        for id in tx.links(Link::CONTACT_INTERACTIONS, jan.id)? {
            interactions.extend(tx.get::<Interaction>(id)?);
        }
        let mut consents = Vec::new();
        for id in tx.links(Link::CONTACT_CONSENTS, jan.id)? {
            consents.extend(tx.get::<ConsentEvent>(id)?);
        }
        let mut requests = Vec::new();
        for id in tx.links(Link::CONTACT_REQUESTS, jan.id)? {
            requests.extend(tx.get::<SubjectRequest>(id)?);
        }
        let mut entries = Vec::new();
        for incident in tx.links(Link::NOTIFIED_CONTACTS, jan.id)? {
            entries.extend(
                tx.notification_entries(incident)?
                    .into_iter()
                    .filter(|e| e.contact_id == jan.id),
            );
        }
        Ok((
            contact,
            organisation,
            interactions,
            consents,
            requests,
            entries,
        ))
    });

    // The record itself, whole: names, addresses, tags, notes, the
    // special-category value, the hold, the restriction.
    assert_eq!(json["contact"], json_of(&contact));
    assert_eq!(contact.special.len(), 1);
    assert!(contact.legal_hold.is_some() && contact.restriction.is_some());
    assert_eq!(json["organisation"], json_of(&organisation));
    assert!(organisation.is_some());

    let exported = |key: &str| json[key].as_array().cloned().unwrap_or_default();
    assert_eq!(interactions.len(), 2);
    for i in &interactions {
        assert!(exported("interactions").contains(&json_of(i)), "{i:?}");
    }
    assert_eq!(exported("interactions").len(), interactions.len());

    let history: Vec<serde_json::Value> = exported("consents")
        .iter()
        .flat_map(|p| p["history"].as_array().cloned().unwrap_or_default())
        .collect();
    assert_eq!(consents.len(), 4);
    assert_eq!(history.len(), consents.len());
    for e in &consents {
        assert!(history.contains(&json_of(e)), "{e:?}");
        // Each event's evidence is there.
        assert!(!e.evidence.is_empty());
    }

    assert_eq!(requests.len(), 1);
    for r in &requests {
        assert!(exported("requests").contains(&json_of(r)), "{r:?}");
    }

    assert_eq!(entries.len(), 1);
    let notices = exported("incidents");
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0]["entry"], json_of(&entries[0]));
    assert_eq!(notices[0]["title"], "Event guest list exposed");

    // Every purpose with history or a special category, with its legal
    // basis and retention in words.
    let purposes = exported("purposes");
    let names: Vec<&str> = purposes.iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(purposes.len(), 3, "{names:?}");
    for p in &purposes {
        assert!(!p["legal_basis"].as_str().unwrap_or("").is_empty());
        assert!(!p["retention"].as_str().unwrap_or("").is_empty());
    }
    assert!(json["retention"]["reason"].is_string());
    assert!(!json["controller"].is_null());
}

/// Every string value of a JSON document.
fn leaves(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) if !s.is_empty() => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|i| leaves(i, out)),
        serde_json::Value::Object(map) => map.values().for_each(|i| leaves(i, out)),
        _ => {}
    }
}

#[test]
fn the_xlsx_and_csv_exports_read_back_with_the_same_values() {
    let w = World::new();
    let (jan, _) = richly_filled(&w);
    let data = w.officer().subject_export(jan.id).unwrap();
    let sections = subject::sections(&data);
    assert_eq!(
        sections.iter().map(|s| s.name).collect::<Vec<_>>(),
        vec![
            "contact",
            "organisation",
            "interactions",
            "consents",
            "purposes",
            "retention",
            "requests",
            "incidents"
        ]
    );

    // XLSX: a cover sheet and one sheet per section, cell for cell.
    let bytes = subject::xlsx(&data).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let names = book.sheet_names().to_vec();
    assert_eq!(names[0], "cover");
    assert_eq!(names.len(), sections.len() + 1);
    for s in &sections {
        let range = book.worksheet_range(s.name).unwrap();
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        assert_eq!(
            rows[0],
            s.headers.iter().map(|h| h.to_string()).collect::<Vec<_>>()
        );
        let mut want = s.rows.clone();
        for row in &mut want {
            row.resize(s.headers.len(), String::new());
        }
        assert_eq!(rows[1..].to_vec(), want, "sheet {}", s.name);
    }
    let cover = book.worksheet_range("cover").unwrap();
    let cover_text: String = cover.rows().map(|r| r[0].to_string() + "\n").collect();
    assert!(cover_text.contains("right"), "{cover_text}");

    // The values that matter most are in the workbook.
    let mut all_cells = String::new();
    for s in &sections {
        for row in &s.rows {
            all_cells.push_str(&row.join("\u{1}"));
        }
    }
    for needle in [
        "jan@bakkerijdevries.nl",
        "Oudegracht 1",
        "coeliac: gluten-free meals",
        "invoice dispute 2026-17",
        "contests the order history",
        "Ordered 40 kg of rye flour",
        "Unticked box on the sign-up form v3, ticked by the person",
        "Event guest list exposed",
        "Bakkerij de Vries",
    ] {
        assert!(
            all_cells.contains(needle),
            "{needle} missing from the sections"
        );
    }

    // CSV zip: cover plus one file per section, parsed back equal.
    // Comma-separated without a byte-order mark, for the csv crate's reader;
    // cells read back without the formula guard, as `custos import` does.
    let plain = custos::export::spreadsheet::CsvStyle {
        delimiter: b',',
        bom: false,
    };
    let unguard = |r: csv::StringRecord| -> Vec<String> {
        r.iter()
            .map(|c| custos::export::spreadsheet::unguard(c).to_string())
            .collect()
    };
    let zipped = subject::csv_zip(&data, plain).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(zipped)).unwrap();
    let mut cover = String::new();
    archive
        .by_name("cover.txt")
        .unwrap()
        .read_to_string(&mut cover)
        .unwrap();
    assert!(cover.contains("Jan de Vries"));
    for s in &sections {
        let mut text = String::new();
        archive
            .by_name(&format!("{}.csv", s.name))
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(headers, s.headers);
        let rows: Vec<Vec<String>> = reader.records().map(|r| unguard(r.unwrap())).collect();
        assert_eq!(rows, s.rows, "{}.csv", s.name);
    }

    // Flat CSV: every value of the sections on a line.
    let flat = subject::csv_flat(&data, plain).unwrap();
    let mut reader = csv::Reader::from_reader(flat.as_slice());
    let mut fields = Vec::new();
    let mut values = Vec::new();
    for record in reader.records() {
        let record = unguard(record.unwrap());
        fields.push(record.get(2).cloned().unwrap_or_default().to_lowercase());
        values.push(record.get(3).cloned().unwrap_or_default());
    }
    for s in &sections {
        for row in &s.rows {
            for v in row.iter().filter(|v| !v.is_empty()) {
                assert!(values.contains(v), "{v} missing from the flat CSV");
            }
        }
    }

    // Every text stored on the contact record is in the CSV (enum names
    // such as a special category in lower case, as a field name).
    let mut strings = Vec::new();
    leaves(&json_of(&data.contact), &mut strings);
    for s in strings {
        let lower = s.to_lowercase();
        let found = values.iter().any(|v| v.to_lowercase().contains(&lower))
            || fields.iter().any(|f| f.contains(&lower));
        assert!(found, "{s} from the stored contact is not in the CSV");
    }
}

#[test]
fn access_requests_return_the_export_and_close() {
    let w = World::new();
    let (jan, _) = richly_filled(&w);
    let r = w.verified(RequestKind::Access, jan.id);
    let report = w
        .officer()
        .carry(r.request.id, CarryOut::ExportData)
        .unwrap();
    let data = report.export.expect("the export comes with the report");
    assert_eq!(data.contact.id, jan.id);
    assert_eq!(report.request.request.status, RequestStatus::Done);
    // The export itself is in the audit trail, without personal data.
    let audit = w.officer().audit(None, 50).unwrap();
    let line = format!("{:?}", audit.entries);
    assert!(line.contains("Export"), "{line}");
    assert!(!line.contains("Jan"));
    // Portability answers the same way; a sales rep may not export.
    let p = w.verified(RequestKind::Portability, jan.id);
    assert!(
        w.officer()
            .carry(p.request.id, CarryOut::ExportData)
            .unwrap()
            .export
            .is_some()
    );
    assert!(matches!(
        w.sales().subject_export(jan.id),
        Err(ServiceError::Denied { .. })
    ));
}

#[test]
fn the_records_of_processing_come_from_the_purposes() {
    let w = World::new();
    let purposes = w.purposes();
    let data = w.officer().ropa().unwrap();
    assert_eq!(data.purposes.len(), purposes.len());

    let md = ropa::markdown(&data);
    for p in &data.purposes {
        assert!(md.contains(&p.name), "{} missing", p.name);
    }
    assert!(md.contains("Security measures"));
    assert!(md.to_lowercase().contains("controller"));

    let plain = custos::export::spreadsheet::CsvStyle {
        delimiter: b',',
        bom: false,
    };
    let csv_bytes = ropa::csv(&data, plain).unwrap();
    let mut reader = csv::Reader::from_reader(csv_bytes.as_slice());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers, ropa::HEADERS);
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows, ropa::rows(&data));
    assert_eq!(rows.len(), purposes.len());
    // The newsletter's transfer and its safeguard are in the register.
    let news = rows.iter().find(|r| r[0] == "Newsletter").unwrap();
    assert!(news.iter().any(|v| v.contains("consent")));

    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(ropa::xlsx(&data).unwrap())).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).unwrap();
    let back: Vec<Vec<String>> = range
        .rows()
        .skip(1)
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let mut want = ropa::rows(&data);
    for row in &mut want {
        row.resize(ropa::HEADERS.len(), String::new());
    }
    assert_eq!(back, want);
}

#[test]
fn an_erasure_date_that_has_come_is_refused_not_taken_as_now() {
    let w = World::new();
    let api = w.officer();
    let jan = w.contact("Jan", "de Vries", "jan@vries.nl");
    let r = w.verified(RequestKind::Erasure, jan.id);
    // Today at midnight (what a typed date becomes) is already past at 09:00.
    let today = Utc.from_utc_datetime(&now().date_naive().and_hms_opt(0, 0, 0).unwrap());
    for on in [today, now() - Duration::days(400)] {
        let err = api
            .carry(
                r.request.id,
                CarryOut::Erase {
                    delete: true,
                    on: Some(on),
                },
            )
            .unwrap_err();
        assert!(
            matches!(&err, ServiceError::Invalid { field, .. } if field == "on"),
            "{err}"
        );
    }
    assert!(!api.contact(jan.id).unwrap().contact.is_anonymised());
    assert_eq!(
        api.request(r.request.id).unwrap().request.status,
        RequestStatus::IdentityVerified
    );
}

#[test]
fn relinking_needs_the_identity_verified_again_and_a_stale_carry_out_fails() {
    let w = World::new();
    let api = w.officer();
    let jan = w.contact("Jan", "de Vries", "jan@vries.nl");
    let piet = w.contact("Piet", "Peeters", "piet@peeters.be");
    let r = w.verified(RequestKind::Erasure, jan.id);
    let seen = r.request.version;
    // A colleague matches the request to someone else meanwhile.
    let relinked = api.link_request(r.request.id, seen, piet.id).unwrap();
    assert_eq!(relinked.request.status, RequestStatus::New);
    assert!(
        relinked
            .request
            .notes
            .last()
            .is_some_and(|n| n.text.contains("verify"))
    );
    // The erasure confirmed against the version that named Jan fails.
    let erase = CarryOut::Erase {
        delete: true,
        on: None,
    };
    assert!(matches!(
        api.carry_out(r.request.id, seen, erase.clone(), String::new()),
        Err(ServiceError::Conflict { .. })
    ));
    // And at the current version, Piet is not verified yet.
    assert!(matches!(
        api.carry(r.request.id, erase),
        Err(ServiceError::Refused(_))
    ));
    assert!(api.contact(jan.id).is_ok() && api.contact(piet.id).is_ok());
}

#[test]
fn the_carry_out_note_lands_on_the_timeline_and_erased_requests_take_no_notes() {
    let w = World::new();
    let api = w.officer();
    let jan = w.contact("Jan", "de Vries", "jan@vries.nl");
    let r = w.verified(RequestKind::Objection, jan.id);
    let report = api
        .carry_out(
            r.request.id,
            r.request.version,
            CarryOut::Object,
            "confirmed by letter".into(),
        )
        .unwrap();
    let texts: Vec<&str> = report
        .request
        .request
        .notes
        .iter()
        .map(|n| n.text.as_str())
        .collect();
    assert!(texts.iter().any(|t| t.starts_with("carried out:")));
    assert_eq!(texts.last(), Some(&"confirmed by letter"));
    // A closed request may still record what followed.
    api.add_request_note(r.request.id, "letter sent".into())
        .unwrap();

    let piet = w.contact("Piet", "Peeters", "piet@peeters.be");
    let r = w.verified(RequestKind::Erasure, piet.id);
    api.carry(
        r.request.id,
        CarryOut::Erase {
            delete: true,
            on: None,
        },
    )
    .unwrap();
    assert!(matches!(
        api.add_request_note(r.request.id, "Piet Peeters called again".into()),
        Err(ServiceError::Refused(_))
    ));
    let stored = api.request(r.request.id).unwrap().request;
    assert!(stored.notes.iter().all(|n| !n.text.contains("Piet")));
}

#[test]
fn a_restriction_request_for_a_restricted_contact_is_answered() {
    let w = World::new();
    let api = w.officer();
    let jan = w.contact("Jan", "de Vries", "jan@vries.nl");
    api.restrict_contact(jan.id, "accuracy contested by phone".into())
        .unwrap();
    let r = w.verified(RequestKind::Restriction, jan.id);
    let report = api
        .carry(
            r.request.id,
            CarryOut::Restrict {
                reason: "request".into(),
            },
        )
        .unwrap();
    assert!(report.done.contains("already"), "{}", report.done);
    assert_eq!(report.request.request.status, RequestStatus::Done);
    let contact = api.contact(jan.id).unwrap().contact;
    assert_eq!(
        contact.restriction.map(|r| r.reason).as_deref(),
        Some("accuracy contested by phone")
    );
}

#[test]
fn an_archived_purpose_stays_in_the_register_while_data_is_kept_under_it() {
    let w = World::new();
    let purposes = w.purposes();
    let api = w.officer();
    let events = purposes["event invitations"];
    let dietary = purposes["event catering: dietary and access needs"];
    let jan = w.contact("Jan", "de Vries", "jan@vries.nl");
    w.consent(jan.id, events, ConsentAction::Given);
    api.archive_purpose(events).unwrap();
    api.archive_purpose(dietary).unwrap();
    let data = api.ropa().unwrap();
    let names: Vec<&str> = data.purposes.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(data.purposes.len(), purposes.len() - 1, "{names:?}");
    let rows = ropa::rows(&data);
    let row = rows
        .iter()
        .find(|r| r[0].starts_with("Event invitations"))
        .unwrap();
    assert!(row[0].contains("archived 2026-11-23"), "{}", row[0]);
    assert!(ropa::markdown(&data).contains("## Event invitations (archived"));
    assert!(!rows.iter().any(|r| r[0].starts_with("Event catering")));
    // Once nobody's data is held under it, it leaves the register.
    let r = w.verified(RequestKind::Erasure, jan.id);
    api.carry(
        r.request.id,
        CarryOut::Erase {
            delete: false,
            on: None,
        },
    )
    .unwrap();
    assert_eq!(api.ropa().unwrap().purposes.len(), purposes.len() - 2);
}

#[test]
fn the_export_cover_tells_of_a_restriction_also_with_an_erasure_scheduled() {
    let w = World::new();
    let api = w.officer();
    let jan = w.contact("Jan", "de Vries", "jan@vries.nl");
    api.restrict_contact(jan.id, "legal claim".into()).unwrap();
    api.retention_action(
        vec![jan.id],
        RetentionBulk::ScheduleErasure {
            due: now() + Duration::days(10),
            delete: false,
            reason: "retention ended".into(),
        },
    )
    .unwrap();
    let data = api.subject_export(jan.id).unwrap();
    let text = subject::cover(&data);
    assert!(text.contains("restricted (Art. 18)"), "{text}");
}
