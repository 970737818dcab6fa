//! The breach register through the Service: deadlines, the frozen list,
//! exports read back by real parsers, sending, roles.

mod common;

use chrono::Duration;
use common::*;
use custos::model::{
    AffectedRule, AuditAction, AuthorityNotification, BreachNature, ContactDraft, IncidentDraft,
    IndividualsNotice, NotificationChannel, RiskLevel,
};
use custos::service::ServiceError;
use custos::service::api::{AlertLevel, IncidentDetail, RetentionBulk};
use custos::service::calls::*;

fn draft(title: &str, aware_hours_ago: i64) -> IncidentDraft {
    IncidentDraft {
        description: "A laptop with an export of the customer list was stolen from a car.".into(),
        consequences: "Names and e-mail addresses may be used for phishing.".into(),
        measures: "The laptop's disk is encrypted; passwords were reset.".into(),
        nature: vec![BreachNature::Confidentiality],
        data_categories: vec!["name".into(), "e-mail address".into()],
        subject_categories: vec!["customers".into()],
        approx_subjects: 120,
        approx_records: 120,
        risk: RiskLevel::High,
        contact_point: "privacy@bakkerij.nl".into(),
        ..IncidentDraft::new(title, now() - Duration::hours(aware_hours_ago))
    }
}

fn create(f: &Fixture, d: IncidentDraft) -> IncidentDetail {
    f.call(&officer(), CreateIncident { draft: d }).unwrap()
}

fn detail(f: &Fixture, id: u64) -> IncidentDetail {
    f.admin(GetIncident { id })
}

fn tagged(f: &Fixture, given: &str, family: &str, email: &str, tag: &str) -> u64 {
    f.create_contact(ContactDraft {
        tags: vec![tag.into()],
        language: if tag == "nl" {
            "nl".into()
        } else {
            String::new()
        },
        ..person(given, family, email)
    })
    .id
}

#[test]
fn registering_validates_and_starts_a_timeline() {
    let f = Fixture::new();
    let mut bad = draft("", 1);
    assert!(matches!(
        f.call(&officer(), CreateIncident { draft: bad.clone() }),
        Err(ServiceError::Invalid { field, .. }) if field == "title"
    ));
    bad.title = "Future".into();
    bad.aware_at = now() + Duration::hours(2);
    assert!(matches!(
        f.call(&officer(), CreateIncident { draft: bad }),
        Err(ServiceError::Invalid { field, .. }) if field == "aware_at"
    ));
    let mut no_reason = draft("Laptop", 1);
    no_reason.individuals = IndividualsNotice::NotRequired { reason: " ".into() };
    assert!(matches!(
        f.call(&officer(), CreateIncident { draft: no_reason }),
        Err(ServiceError::Invalid { field, .. }) if field == "individuals"
    ));
    let d = create(&f, draft("Laptop stolen", 1));
    assert_eq!(d.incident.created_by, "petra");
    assert_eq!(d.incident.notes[0].text, "registered");
    // Notifying the authority moves it on and is noted.
    let mut next = d.incident.draft();
    next.authority = Some(AuthorityNotification {
        at: now(),
        reference: "AP-2026-0042".into(),
        authority: "Autoriteit Persoonsgegevens".into(),
    });
    let after = f
        .call(
            &officer(),
            UpdateIncident {
                id: d.incident.id,
                version: d.incident.version,
                draft: next,
            },
        )
        .unwrap();
    assert_eq!(after.incident.status.key(), "notified");
    let texts: Vec<&str> = after
        .incident
        .notes
        .iter()
        .map(|n| n.text.as_str())
        .collect();
    assert!(
        texts.iter().any(|t| t.contains("AP-2026-0042")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("open → notified")),
        "{texts:?}"
    );
}

#[test]
fn sales_cannot_see_incidents_unless_the_admin_allows_it() {
    let f = Fixture::new();
    create(&f, draft("Laptop stolen", 1));
    assert!(matches!(
        f.call(&sales(), ListIncidents),
        Err(ServiceError::Denied { .. })
    ));
    let alerts = f.call(&sales(), Alerts).unwrap();
    assert!(alerts.is_empty(), "nor in the alerts");
    let mut s = f.admin(GetSettings);
    s.incidents_visible_to_sales = true;
    f.admin(UpdateSettings { settings: s });
    let list = f.call(&sales(), ListIncidents).unwrap();
    assert_eq!(list.len(), 1);
    assert!(matches!(
        f.call(
            &sales(),
            CreateIncident {
                draft: draft("x", 1)
            }
        ),
        Err(ServiceError::Denied { .. })
    ));
}

#[test]
fn the_countdown_shows_as_an_alert_until_reported() {
    let f = Fixture::new();
    let early = create(&f, draft("Early", 10));
    let late = create(&f, draft("Late", 60));
    let alerts = f.call(&officer(), Alerts).unwrap();
    assert_eq!(alerts.len(), 2);
    assert_eq!(alerts[0].level, AlertLevel::Critical);
    assert_eq!(
        alerts[0].text,
        format!("breach #{}: 12h 00m left to report", late.incident.id)
    );
    assert_eq!(
        alerts[1].text,
        format!("breach #{}: 2d 14h left to report", early.incident.id)
    );
    let mut reported = late.incident.draft();
    reported.authority = Some(AuthorityNotification {
        at: now(),
        reference: "AP-1".into(),
        authority: String::new(),
    });
    f.call(
        &officer(),
        UpdateIncident {
            id: late.incident.id,
            version: late.incident.version,
            draft: reported,
        },
    )
    .unwrap();
    let alerts = f.call(&officer(), Alerts).unwrap();
    assert_eq!(alerts.len(), 1);
}

#[test]
fn the_list_is_a_snapshot_by_rule() {
    let f = Fixture::new();
    let a = tagged(&f, "Anna", "Janssens", "anna@x.nl", "customer");
    let b = tagged(&f, "Bert", "Bakker", "bert@x.nl", "customer");
    let c = tagged(&f, "Carla", "Claes", "carla@x.nl", "supplier");
    let nobody = f
        .create_contact(ContactDraft {
            tags: vec!["customer".into()],
            ..ContactDraft {
                family_name: "Nowhere".into(),
                ..Default::default()
            }
        })
        .id;
    let d = create(&f, draft("Laptop stolen", 1));
    let id = d.incident.id;
    let rule = AffectedRule {
        tags: vec!["customer".into()],
        ..Default::default()
    };
    let preview = f.admin(PreviewAffected { rule: rule.clone() });
    assert_eq!((preview.count, preview.unreachable), (3, 1));

    let r = f
        .call(
            &officer(),
            FreezeNotificationList {
                id,
                rule: rule.clone(),
            },
        )
        .unwrap();
    assert_eq!((r.added, r.unreachable), (3, 1));
    // Later edits change neither the membership nor the entries.
    let anna = f.admin(GetContact { id: a });
    let mut changed = anna.contact.draft();
    changed.emails = vec!["anna.new@x.nl".into()];
    changed.tags = vec![];
    f.admin(UpdateContact {
        id: a,
        version: anna.contact.version,
        draft: changed,
        confirmed: false,
    });
    let entries = detail(&f, id).entries;
    let ids: Vec<u64> = entries.iter().map(|e| e.contact_id).collect();
    assert_eq!(ids, vec![a, b, nobody]);
    assert_eq!(entries[0].destination, "anna@x.nl");
    assert_eq!(entries[2].channel, NotificationChannel::Unreachable);
    // Freezing again adds only the new ones (a hand-picked supplier here).
    let r = f
        .call(
            &officer(),
            FreezeNotificationList {
                id,
                rule: AffectedRule {
                    picked: vec![c, b],
                    ..Default::default()
                },
            },
        )
        .unwrap();
    assert_eq!((r.added, r.already_listed), (1, 1));
    let incident = detail(&f, id).incident;
    assert!(
        incident.list_rule.contains("tags customer"),
        "{}",
        incident.list_rule
    );
    assert!(incident.list_frozen_at.is_some());
}

#[test]
fn exports_leave_out_restricted_and_anonymised_people() {
    let f = Fixture::new();
    let a = tagged(&f, "Anna", "Janssens", "anna@x.nl", "customer");
    let b = tagged(&f, "Bert", "Bakker", "bert@x.nl", "customer");
    let d = create(&f, draft("Laptop stolen", 1));
    let id = d.incident.id;
    f.admin(FreezeNotificationList {
        id,
        rule: AffectedRule {
            tags: vec!["customer".into()],
            ..Default::default()
        },
    });
    f.call(
        &officer(),
        RetentionAction {
            ids: vec![b],
            action: RetentionBulk::Anonymise,
        },
    )
    .unwrap();
    let list = f.call(&officer(), ExportNotificationList { id }).unwrap();
    assert_eq!(
        list.entries
            .iter()
            .map(|e| e.contact_id)
            .collect::<Vec<_>>(),
        vec![a]
    );
    assert_eq!(list.excluded, vec![(b, "anonymised".to_string())]);
    // The anonymised person's entry names no one any more.
    let entries = detail(&f, id).entries;
    assert!(entries[1].anonymised && entries[1].destination.is_empty());
    assert!(!entries[1].name.contains("Bert"));

    // The CSV reads back.
    let mut csv_bytes = Vec::new();
    let plain = custos::export::spreadsheet::CsvStyle {
        delimiter: b',',
        bom: false,
    };
    custos::export::incident::notification_csv(
        &list.entries,
        &Default::default(),
        plain,
        &mut csv_bytes,
    )
    .unwrap();
    let mut reader = csv::Reader::from_reader(csv_bytes.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][1], "Anna Janssens");
    assert_eq!(&rows[0][3], "anna@x.nl");
    assert_eq!(&rows[0][5], "no");
}

#[test]
fn letters_are_real_email_messages_in_the_persons_language() {
    let f = Fixture::new();
    let mut s = f.admin(GetSettings);
    s.controller_name = "Bakkerij de Vries B.V.".into();
    s.controller_email = "privacy@bakkerij.nl".into();
    f.admin(UpdateSettings { settings: s });
    let nl = tagged(&f, "Jürgen", "Müller", "jurgen@x.nl", "nl");
    let en = tagged(&f, "Emma", "Smith", "emma@x.nl", "en");
    let d = create(&f, draft("Laptop stolen", 1));
    let id = d.incident.id;
    f.admin(FreezeNotificationList {
        id,
        rule: AffectedRule {
            picked: vec![nl, en],
            ..Default::default()
        },
    });
    let batch = f.call(&officer(), RenderLetters { id }).unwrap();
    assert_eq!(batch.letters.len(), 2);
    let message = mail_parser::MessageParser::default()
        .parse(&batch.letters[0].eml)
        .expect("a parseable message");
    assert_eq!(
        message.subject(),
        Some("Belangrijk: een beveiligingsincident met uw persoonsgegevens")
    );
    let to = message.to().and_then(|a| a.first()).unwrap();
    assert_eq!(to.name(), Some("Jürgen Müller"));
    assert_eq!(to.address(), Some("jurgen@x.nl"));
    let from = message.from().and_then(|a| a.first()).unwrap();
    assert_eq!(from.address(), Some("privacy@bakkerij.nl"));
    let body = message.body_text(0).unwrap();
    assert!(body.contains("Beste Jürgen Müller"), "{body}");
    assert!(body.contains("A laptop with an export"), "{body}");
    assert!(body.contains("passwords were reset"), "{body}");
    assert!(body.contains("privacy@bakkerij.nl"), "{body}");
    assert!(message.date().is_some() && message.message_id().is_some());
    let english = mail_parser::MessageParser::default()
        .parse(&batch.letters[1].eml)
        .unwrap();
    assert!(english.subject().unwrap().starts_with("Important"));
    assert_eq!(
        batch.letters[0].file_name,
        format!("{nl:06}-jurgen-muller.eml")
    );

    let page = f.admin(ListAudit {
        before: None,
        limit: 5,
    });
    assert_eq!(page.entries[0].record.action, AuditAction::Export);
}

#[test]
fn sending_goes_through_sendmail_and_marks_people_notified_once() {
    let f = Fixture::new();
    let dir = tempfile::tempdir().unwrap();
    let outbox = dir.path().join("outbox");
    std::fs::create_dir(&outbox).unwrap();
    let script = dir.path().join("fake-sendmail");
    std::fs::write(
        &script,
        format!("#!/bin/sh\ncat > \"{}/$$.eml\"\n", outbox.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();

    let id = create(&f, draft("Laptop stolen", 1)).incident.id;
    assert!(matches!(
        f.call(&officer(), SendLetters { id }),
        Err(ServiceError::Refused(_))
    ));
    let mut s = f.admin(GetSettings);
    s.controller_email = "privacy@bakkerij.nl".into();
    s.sendmail_command = format!("{} -t -i", script.display());
    f.admin(UpdateSettings { settings: s });
    let a = tagged(&f, "Anna", "Janssens", "anna@x.nl", "customer");
    let b = tagged(&f, "Bert", "Bakker", "bert@x.nl", "customer");
    f.admin(FreezeNotificationList {
        id,
        rule: AffectedRule {
            tags: vec!["customer".into()],
            ..Default::default()
        },
    });
    // Bert was phoned already.
    f.call(
        &officer(),
        MarkNotified {
            id,
            contacts: vec![b],
            notified: true,
        },
    )
    .unwrap();
    let report = f.call(&officer(), SendLetters { id }).unwrap();
    assert_eq!(report.sent, vec![a]);
    assert!(report.failed.is_empty());
    assert_eq!(std::fs::read_dir(&outbox).unwrap().count(), 1);
    let entries = detail(&f, id).entries;
    assert!(entries.iter().all(|e| e.notified_at.is_some()));
    assert_eq!(entries[0].notified_by.as_deref(), Some("petra"));
    let again = f.call(&officer(), SendLetters { id }).unwrap();
    assert!(again.sent.is_empty(), "nobody is written to twice");
}

#[test]
fn documentation_exports_cover_the_authority_form() {
    let f = Fixture::new();
    let d = create(&f, draft("Laptop stolen", 1));
    let md = custos::export::incident::markdown(&d.incident, &d.entries, &Default::default());
    for wanted in [
        "# Personal-data breach #1: Laptop stolen",
        "Became aware (the 72-hour clock starts)",
        "Deadline for the authority",
        "Nature: confidentiality",
        "Approximate number of people: 120",
        "## Likely consequences",
        "## Measures taken or proposed",
        "Not (yet) notified.",
        "## Communication to the people affected (Art. 34)",
        "Contact point: privacy@bakkerij.nl",
        "registered",
    ] {
        assert!(md.contains(wanted), "{wanted} missing from:\n{md}");
    }
    let json = serde_json::to_value(custos::export::incident::documentation(
        &d.incident,
        &d.entries,
        &Default::default(),
    ))
    .unwrap();
    assert_eq!(json["incident"]["title"], "Laptop stolen");
    assert_eq!(json["incident"]["risk"], "High");
    // The deadline as an exact instant, written with the zone's offset.
    let deadline =
        chrono::DateTime::parse_from_rfc3339(json["deadline"].as_str().unwrap()).unwrap();
    assert_eq!(deadline.to_utc().to_rfc3339(), "2026-11-26T08:00:00+00:00");
    assert_eq!(json["deadline"], "2026-11-26T09:00:00+01:00");
}
