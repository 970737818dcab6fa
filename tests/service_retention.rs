//! Retention through the Service: the report, every bulk action, the sweep,
//! anonymisation and deletion leaving nothing behind, vacuum.

mod common;

use common::*;
use custos::model::retention::{RetentionState, StateKey};
use custos::model::{
    AuditAction, ConsentAction, ConsentChannel, InteractionDraft, InteractionKind, LegalBasis,
    Purpose, PurposeDraft, RetentionAnchor, RetentionRule, Timestamp,
};
use custos::service::ServiceError;
use custos::service::api::{ConsentDraft, ContactQuery, RetentionBulk, RetentionReport};
use custos::service::calls::*;

fn purpose(f: &Fixture, name: &str, months: u32, anchor: RetentionAnchor, auto: bool) -> Purpose {
    let basis = if anchor == RetentionAnchor::LastInteraction {
        LegalBasis::LegitimateInterest
    } else {
        LegalBasis::Consent
    };
    let mut d = PurposeDraft::new(name, basis, RetentionRule { months, anchor });
    d.legitimate_interest = "following up".into();
    d.auto_erase = auto;
    f.admin(CreatePurpose { draft: d })
}

fn give(f: &Fixture, contact: u64, purpose: u64, when: custos::model::Timestamp) {
    f.admin(RecordConsent {
        draft: ConsentDraft {
            contact_id: contact,
            purpose_id: purpose,
            action: ConsentAction::Given,
            at: Some(when),
            channel: ConsentChannel::Paper,
            evidence: "signed form".into(),
        },
    });
}

fn report(f: &Fixture, state: Option<StateKey>) -> RetentionReport {
    match f.call(
        &officer(),
        GetRetentionReport {
            as_of: None,
            state,
            offset: 0,
            limit: 1000,
        },
    ) {
        Ok(r) => r,
        other => panic!("{other:?}"),
    }
}

fn count(r: &RetentionReport, key: StateKey) -> u64 {
    r.counts
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(0, |(_, n)| *n)
}

fn bulk(f: &Fixture, ids: Vec<u64>, action: RetentionBulk) -> custos::service::api::BulkReport {
    match f.call(&officer(), RetentionAction { ids, action }) {
        Ok(r) => r,
        other => panic!("{other:?}"),
    }
}

/// An erasure scheduled a while ago, for a date that has come since (a
/// date in the past cannot be scheduled now).
fn scheduled_earlier(f: &Fixture, ids: Vec<u64>, due: Timestamp, delete: bool, reason: &str) {
    let then = due - chrono::Duration::days(30);
    let action = RetentionBulk::ScheduleErasure {
        due,
        delete,
        reason: reason.into(),
    };
    match f
        .service
        .ask(&officer(), then, RetentionAction { ids, action })
    {
        Ok(r) => assert!(r.skipped.is_empty(), "{r:?}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_report_counts_and_explains_each_state() {
    let f = Fixture::new();
    let news = purpose(&f, "Newsletter", 24, RetentionAnchor::ConsentGiven, false);
    let fine = f.create_contact(person("Fien", "Fine", "fine@x.nl"));
    give(&f, fine.id, news.id, at(2026, 1, 1));
    let expired = f.create_contact(person("Ex", "Pired", "ex@x.nl"));
    give(&f, expired.id, news.id, at(2024, 1, 1));
    let soon = f.create_contact(person("So", "On", "soon@x.nl"));
    give(&f, soon.id, news.id, at(2024, 12, 10));
    let later = f.create_contact(person("La", "Ter", "later@x.nl"));
    give(&f, later.id, news.id, at(2025, 2, 1));
    let none = f.create_contact(person("No", "Basis", "none@x.nl"));

    let r = report(&f, None);
    assert_eq!(count(&r, StateKey::Fine), 1);
    assert_eq!(count(&r, StateKey::Expired), 1);
    assert_eq!(count(&r, StateKey::ExpiringSoon), 1);
    assert_eq!(count(&r, StateKey::ExpiringLater), 1);
    assert_eq!(count(&r, StateKey::NoLegalBasis), 1);
    // All but the fine ones are listed, most pressing first.
    let ids: Vec<u64> = r.rows.iter().map(|r| r.summary.id).collect();
    assert_eq!(ids, vec![none.id, expired.id, soon.id, later.id]);
    assert_eq!(r.rows[0].reason, "no purpose recorded");
    assert!(
        r.rows[1].reason.contains("Newsletter"),
        "{}",
        r.rows[1].reason
    );

    let only = report(&f, Some(StateKey::Expired));
    assert_eq!(only.total, 1);
    assert_eq!(
        only.rows[0].state,
        RetentionState::Expired {
            since: at(2026, 1, 1)
        }
    );

    // "What expires next month": as of a later date, more have expired.
    let ahead = f.admin(GetRetentionReport {
        as_of: Some(at(2027, 3, 1)),
        state: Some(StateKey::Expired),
        offset: 0,
        limit: 10,
    });
    assert_eq!(ahead.total, 3);
}

#[test]
fn logging_an_interaction_moves_retention_anchored_on_it() {
    let f = Fixture::new();
    let follow = purpose(
        &f,
        "Sales follow-up",
        24,
        RetentionAnchor::LastInteraction,
        false,
    );
    let c = f.create_contact(person("Jan", "Jansen", "jan@x.nl"));
    give(&f, c.id, follow.id, at(2023, 1, 10));
    assert_eq!(count(&report(&f, None), StateKey::Expired), 1);
    f.admin(CreateInteraction {
        draft: InteractionDraft {
            contact_id: c.id,
            kind: InteractionKind::Call,
            at: Some(at(2026, 11, 20)),
            summary: "called".into(),
        },
    });
    let r = report(&f, None);
    assert_eq!(count(&r, StateKey::Expired), 0);
    assert_eq!(count(&r, StateKey::Fine), 1);
    let d = f.admin(GetContact { id: c.id });
    assert_eq!(d.retention.keep_until, Some(at(2028, 11, 20)));
}

#[test]
fn every_bulk_action_runs_in_one_go_and_is_audited() {
    let f = Fixture::new();
    let ids: Vec<u64> = (0..4)
        .map(|i| {
            f.create_contact(person("P", &format!("N{i}"), &format!("p{i}@x.nl")))
                .id
        })
        .collect();

    let r = bulk(
        &f,
        ids.clone(),
        RetentionBulk::LegalHoldOn {
            reason: "claim 2026-17".into(),
        },
    );
    assert_eq!(r.done, ids);
    assert_eq!(count(&report(&f, None), StateKey::LegalHold), 4);
    // Anonymising or deleting a held contact is skipped, with the reason.
    let r = bulk(&f, vec![ids[0]], RetentionBulk::Anonymise);
    assert_eq!(r.skipped, vec![(ids[0], "on legal hold".to_string())]);
    let r = bulk(&f, vec![ids[0]], RetentionBulk::Delete);
    assert!(r.done.is_empty());
    bulk(&f, ids.clone(), RetentionBulk::LegalHoldOff);

    let r = bulk(
        &f,
        vec![ids[0], ids[1]],
        RetentionBulk::ScheduleErasure {
            due: at(2026, 12, 1),
            delete: false,
            reason: "request #12".into(),
        },
    );
    assert_eq!(r.done.len(), 2);
    assert_eq!(count(&report(&f, None), StateKey::ErasureScheduled), 2);
    bulk(&f, vec![ids[1]], RetentionBulk::CancelErasure);
    assert_eq!(count(&report(&f, None), StateKey::ErasureScheduled), 1);

    let r = bulk(
        &f,
        vec![ids[2]],
        RetentionBulk::Extend {
            until: at(2027, 6, 1),
            reason: "warranty period".into(),
        },
    );
    assert_eq!(r.done, vec![ids[2]]);
    let d = f.admin(GetContact { id: ids[2] });
    assert_eq!(d.retention.keep_until, Some(at(2027, 6, 1)));

    bulk(&f, vec![ids[3]], RetentionBulk::Anonymise);
    bulk(&f, vec![ids[1]], RetentionBulk::Delete);
    assert!(matches!(
        f.call(&admin(), GetContact { id: ids[1] }),
        Err(ServiceError::NotFound { .. })
    ));
    assert_eq!(count(&report(&f, None), StateKey::Anonymised), 1);

    // A reason is required where one is recorded.
    assert!(matches!(
        f.call(
            &officer(),
            RetentionAction {
                ids: vec![ids[0]],
                action: RetentionBulk::LegalHoldOn { reason: " ".into() }
            }
        ),
        Err(ServiceError::Invalid { .. })
    ));
    // Sales may look but not act.
    assert!(matches!(
        f.call(
            &sales(),
            RetentionAction {
                ids: vec![ids[0]],
                action: RetentionBulk::Anonymise
            }
        ),
        Err(ServiceError::Denied { .. })
    ));
    f.call(
        &sales(),
        GetRetentionReport {
            as_of: None,
            state: None,
            offset: 0,
            limit: 5,
        },
    )
    .unwrap();

    let page = f.admin(ListAudit {
        before: None,
        limit: 100,
    });
    let actions: Vec<AuditAction> = page.entries.iter().map(|e| e.record.action).collect();
    for a in [
        AuditAction::LegalHoldOn,
        AuditAction::LegalHoldOff,
        AuditAction::ScheduleErasure,
        AuditAction::CancelErasure,
        AuditAction::ExtendRetention,
        AuditAction::Anonymise,
        AuditAction::Delete,
    ] {
        assert!(actions.contains(&a), "{a:?} audited");
    }
    let hold = page
        .entries
        .iter()
        .find(|e| e.record.action == AuditAction::LegalHoldOn)
        .unwrap();
    assert_eq!(
        hold.record.targets, ids,
        "one entry names every record touched"
    );
}

#[test]
fn anonymisation_keeps_statistics_and_drops_every_personal_value() {
    let f = Fixture::new();
    let news = purpose(&f, "Newsletter", 24, RetentionAnchor::ConsentGiven, false);
    let c = f.create_contact(person(
        "Zoltan",
        "Uniquename",
        "zoltan.unique-8812@example.org",
    ));
    give(&f, c.id, news.id, at(2026, 1, 1));
    f.admin(CreateInteraction {
        draft: InteractionDraft {
            contact_id: c.id,
            kind: InteractionKind::Meeting,
            at: Some(at(2026, 5, 5)),
            summary: "Met Zoltan at home, Kerkstraat 9".into(),
        },
    });
    bulk(&f, vec![c.id], RetentionBulk::Anonymise);
    let d = f.admin(GetContact { id: c.id });
    let text = format!("{d:?}");
    for value in [
        "Zoltan",
        "Uniquename",
        "zoltan.unique",
        "Kerkstraat",
        "signed form",
    ] {
        assert!(!text.contains(value), "{value} survived");
    }
    assert_eq!(d.interactions.len(), 1, "interaction counts and dates stay");
    assert_eq!(d.interactions[0].at, at(2026, 5, 5));
    assert!(d.consents[0].state.is_given(), "consent states stay");
    // Gone from search too.
    let p = f.admin(ListContacts {
        query: ContactQuery {
            query: "zoltan".into(),
            ..Default::default()
        },
    });
    assert_eq!(p.total, 0);
    // An anonymised contact cannot be edited back into a person.
    let mut draft = d.contact.draft();
    draft.given_name = "Zoltan".into();
    assert!(matches!(
        f.call(
            &admin(),
            UpdateContact {
                id: c.id,
                version: d.contact.version,
                draft,
                confirmed: false,
            }
        ),
        Err(ServiceError::Refused(_))
    ));
}

fn file_contains(path: &std::path::Path, needle: &str) -> bool {
    let bytes = std::fs::read(path).unwrap();
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn after_anonymising_or_deleting_and_vacuum_the_email_is_nowhere_in_the_file() {
    let f = Fixture::new();
    let news = purpose(&f, "Newsletter", 24, RetentionAnchor::ConsentGiven, false);
    let keep = f.create_contact(person("Kept", "Person", "kept@x.nl"));
    give(&f, keep.id, news.id, at(2026, 1, 1));
    let anon_mail = "anonymise-me-4471@example.org";
    let del_mail = "delete-me-9923@example.org";
    let a = f.create_contact(person("Anna", "Nonym", anon_mail));
    let d = f.create_contact(person("Del", "Eted", del_mail));
    for id in [a.id, d.id] {
        give(&f, id, news.id, at(2026, 2, 2));
        f.admin(CreateInteraction {
            draft: InteractionDraft {
                contact_id: id,
                kind: InteractionKind::Email,
                at: None,
                summary: "mailed".into(),
            },
        });
    }
    bulk(&f, vec![a.id], RetentionBulk::Anonymise);
    bulk(&f, vec![d.id], RetentionBulk::Delete);
    let v = f.admin(Vacuum);
    assert!(v.records > 0);
    let path = f.path();
    assert!(
        !file_contains(&path, anon_mail),
        "anonymised e-mail still in the file"
    );
    assert!(
        !file_contains(&path, del_mail),
        "deleted e-mail still in the file"
    );
    assert!(file_contains(&path, "kept@x.nl"), "the rest is still there");
    // The service keeps working on the fresh file.
    f.create_contact(person("After", "Vacuum", "after@x.nl"));
    let p = f.admin(ListContacts {
        query: ContactQuery::default(),
    });
    assert_eq!(p.total, 3);
}

#[test]
fn the_sweep_erases_what_is_due_and_is_idempotent() {
    let f = Fixture::new();
    let auto = purpose(&f, "Events", 12, RetentionAnchor::ConsentGiven, true);
    let manual = purpose(&f, "Newsletter", 12, RetentionAnchor::ConsentGiven, false);
    let expired_auto = f.create_contact(person("Auto", "Expired", "ae@x.nl"));
    give(&f, expired_auto.id, auto.id, at(2024, 1, 1));
    let expired_manual = f.create_contact(person("Manual", "Expired", "me@x.nl"));
    give(&f, expired_manual.id, manual.id, at(2024, 1, 1));
    let scheduled = f.create_contact(person("Sched", "Uled", "s@x.nl"));
    scheduled_earlier(&f, vec![scheduled.id], at(2026, 11, 1), true, "request");
    let later = f.create_contact(person("Not", "Yet", "ny@x.nl"));
    bulk(
        &f,
        vec![later.id],
        RetentionBulk::ScheduleErasure {
            due: at(2026, 12, 24),
            delete: true,
            reason: "request".into(),
        },
    );

    let dry = f.admin(Sweep {
        as_of: None,
        dry_run: true,
    });
    assert_eq!(dry.anonymised, vec![expired_auto.id]);
    assert_eq!(dry.deleted, vec![scheduled.id]);
    assert_eq!(
        count(&report(&f, None), StateKey::Anonymised),
        0,
        "a dry run changes nothing"
    );

    let real = f.admin(Sweep {
        as_of: None,
        dry_run: false,
    });
    assert_eq!(
        (real.anonymised.clone(), real.deleted.clone()),
        (dry.anonymised, dry.deleted)
    );
    let again = f.admin(Sweep {
        as_of: None,
        dry_run: false,
    });
    assert!(
        again.anonymised.is_empty() && again.deleted.is_empty(),
        "idempotent"
    );

    // With auto-erase on for everything, the manual one goes too.
    let mut s = f.admin(GetSettings);
    s.auto_erase_expired = true;
    f.admin(UpdateSettings { settings: s });
    let all = f.admin(Sweep {
        as_of: None,
        dry_run: false,
    });
    assert_eq!(all.anonymised, vec![expired_manual.id]);
    // A real sweep as of a future date is refused; a dry run is fine.
    assert!(
        f.call(
            &admin(),
            Sweep {
                as_of: Some(at(2027, 1, 1)),
                dry_run: false
            }
        )
        .is_err()
    );
    let future = f.admin(Sweep {
        as_of: Some(at(2027, 1, 1)),
        dry_run: true,
    });
    assert_eq!(future.deleted, vec![later.id]);
}

#[test]
fn a_legal_hold_blocks_every_erasure_path() {
    let f = Fixture::new();
    let c = f.create_contact(person("Held", "Person", "held@x.nl"));
    bulk(
        &f,
        vec![c.id],
        RetentionBulk::LegalHoldOn {
            reason: "litigation".into(),
        },
    );
    let err = f.call(&admin(), DeleteContact { id: c.id }).unwrap_err();
    assert!(err.to_string().contains("legal hold"), "{err}");
    scheduled_earlier(&f, vec![c.id], at(2026, 1, 1), true, "request");
    let s = f.admin(Sweep {
        as_of: None,
        dry_run: false,
    });
    assert!(
        s.deleted.is_empty(),
        "the sweep leaves a held contact alone"
    );
    f.admin(GetContact { id: c.id });
}

#[test]
fn the_sweep_leaves_restricted_contacts_unless_an_erasure_was_scheduled() {
    let f = Fixture::new();
    let auto = purpose(&f, "Events", 12, RetentionAnchor::ConsentGiven, true);
    // Expired under an auto-erasing purpose, but restricted: the person
    // needs the data kept for a legal claim (Art. 18(1)(c)).
    let kept = f.create_contact(person("Kept", "ForClaim", "kept@x.nl"));
    give(&f, kept.id, auto.id, at(2024, 1, 1));
    let restrict = |id: u64| {
        f.admin(RestrictContact {
            id,
            reason: "needed for a claim against a supplier".into(),
        })
    };
    restrict(kept.id);
    // Restricted too, but someone deliberately scheduled its erasure.
    let scheduled = f.create_contact(person("Sched", "Uled", "s@x.nl"));
    restrict(scheduled.id);
    scheduled_earlier(
        &f,
        vec![scheduled.id],
        at(2026, 11, 1),
        false,
        "erasure request",
    );
    let swept = f.admin(Sweep {
        as_of: None,
        dry_run: false,
    });
    assert_eq!(swept.anonymised, vec![scheduled.id]);
    let detail = f.admin(GetContact { id: kept.id });
    assert!(!detail.contact.is_anonymised());
}
