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

/// Ten contacts who consented to a newsletter on 2025-01-10, kept 36
/// months (fine on 2026-11-23), and one without any consent.
fn newsletter_readers(service: &custos::service::Service, auto_erase: bool) -> Purpose {
    let ask = |r| service.ask(&admin(), now(), r);
    let mut d = PurposeDraft::new(
        "Newsletter",
        LegalBasis::Consent,
        RetentionRule {
            months: 36,
            anchor: RetentionAnchor::ConsentGiven,
        },
    );
    d.auto_erase = auto_erase;
    let p = service
        .ask(&admin(), now(), CreatePurpose { draft: d })
        .unwrap();
    for i in 0..10 {
        let c = service
            .ask(
                &admin(),
                now(),
                CreateContact {
                    draft: person(
                        "Anaïs",
                        &format!("Bakker {i}"),
                        &format!("anais{i}@example.nl"),
                    ),
                },
            )
            .unwrap();
        ask(RecordConsent {
            draft: ConsentDraft {
                contact_id: c.id,
                purpose_id: p.id,
                action: ConsentAction::Given,
                at: Some(at(2025, 1, 10)),
                channel: ConsentChannel::Paper,
                evidence: "double opt-in".into(),
            },
        })
        .map(|_| ())
        .unwrap();
    }
    service
        .ask(
            &admin(),
            now(),
            CreateContact {
                draft: person("Bram", "Zonder", "bram@example.be"),
            },
        )
        .unwrap();
    p
}

/// The officer's sweep as of now.
fn sweep_now(
    service: &custos::service::Service,
    dry_run: bool,
) -> Result<custos::service::api::SweepReport, ServiceError> {
    service.ask(
        &officer(),
        now(),
        Sweep {
            as_of: None,
            dry_run,
        },
    )
}

/// The purpose's contacts kept `months` after consent (at 12 every reader
/// expired on 2026-01-10; at 36 none has).
fn keep_for(service: &custos::service::Service, p: &Purpose, months: u32) -> Purpose {
    let mut draft = p.draft();
    draft.retention.months = months;
    service
        .ask(
            &admin(),
            now(),
            UpdatePurpose {
                id: p.id,
                version: p.version,
                draft,
            },
        )
        .unwrap()
}

/// A purpose's rule change commits at once and leaves the re-derivation of
/// its contacts pending, done a chunk per transaction (here four contacts)
/// and resumed after a restart; a one-shot report finishes it first.
#[test]
fn a_rule_change_is_rederived_in_chunks_and_survives_a_restart() {
    let f = Fixture::new();
    f.service.rederive_in_chunks_of(4);
    let p = newsletter_readers(&f.service, false);
    assert_eq!(count(&report(&f, None), StateKey::Expired), 0);
    // A new name changes nobody's retention: nothing to re-derive.
    let mut draft = p.draft();
    draft.name = "Nieuwsbrief".into();
    let p = f.admin(UpdatePurpose {
        id: p.id,
        version: p.version,
        draft,
    });
    assert_eq!(f.admin(RetentionUpdate { work: false }).left, None);
    keep_for(&f.service, &p, 12);

    let update = f.admin(RetentionUpdate { work: false });
    assert!(!update.background, "a one-shot process has no worker");
    assert_eq!(update.left.map(|l| l.done), Some(0));
    // One chunk per request, in contact-id order, until nothing is left.
    let mut done = Vec::new();
    while let Some(left) = f.admin(RetentionUpdate { work: true }).left {
        done.push(left.done);
        assert!(done.len() < 10, "{done:?}");
    }
    assert!(
        done.len() >= 2 && done.windows(2).all(|w| w[0] < w[1]),
        "{done:?}"
    );
    let after = report(&f, None);
    assert_eq!(count(&after, StateKey::Expired), 10);
    assert_eq!(after.updating, None);

    // Changed again and the process stops before any chunk: the next one
    // finds the work pending and its report is already right.
    keep_for(&f.service, &f.admin(GetPurpose { id: p.id }), 36);
    let Fixture { dir, service } = f;
    drop(service);
    let store = custos::store::Store::open(&dir.path().join("custos.redb")).unwrap();
    let f = Fixture {
        dir,
        service: custos::service::Service::open(store).unwrap(),
    };
    assert!(f.admin(RetentionUpdate { work: false }).left.is_some());
    let reopened = report(&f, None);
    assert_eq!(count(&reopened, StateKey::Expired), 0);
    assert_eq!(reopened.updating, None);
    assert!(f.admin(RetentionUpdate { work: false }).left.is_none());
}

/// Where a worker runs (the daemon, the interface), the report answers at
/// once from the index and says how far the re-derivation is; the sweep
/// never acts on the old rule; the worker finishes and bumps the counter.
#[test]
fn the_background_worker_rederives_while_the_sweep_waits_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = custos::store::Store::open(&dir.path().join("custos.redb")).unwrap();
    let service = std::sync::Arc::new(custos::service::Service::open(store).unwrap());
    service.rederive_in_chunks_of(3);
    service.hold_rederiving(true);
    service.rederive_in_background();
    let p = newsletter_readers(&service, true);
    let ask_report = || {
        service
            .ask(
                &officer(),
                now(),
                GetRetentionReport {
                    as_of: None,
                    state: None,
                    offset: 0,
                    limit: 100,
                },
            )
            .unwrap()
    };
    assert_eq!(count(&ask_report(), StateKey::Expired), 0);
    let p = keep_for(&service, &p, 12);
    let stale = ask_report();
    assert_eq!(count(&stale, StateKey::Expired), 0, "not re-derived yet");
    let updating = stale.updating.expect("the report says it is updating");
    assert_eq!((updating.done, updating.percent()), (0, 0));
    let update = service
        .ask(&officer(), now(), RetentionUpdate { work: true })
        .unwrap();
    assert!(update.background && update.left.is_some(), "{update:?}");

    // The sweep first finishes the work: all ten are due under the new rule.
    let sweep = sweep_now(&service, true).unwrap();
    assert_eq!(
        sweep.anonymised.len() + sweep.deleted.len(),
        10,
        "{sweep:?}"
    );
    assert_eq!(count(&ask_report(), StateKey::Expired), 10);

    // Back to 36 months; released, the worker does it on its own.
    keep_for(&service, &p, 36);
    let before = service.ask(&admin(), now(), Changes).unwrap();
    service.hold_rederiving(false);
    let started = std::time::Instant::now();
    while ask_report().updating.is_some() {
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(count(&ask_report(), StateKey::Expired), 0);
    assert!(service.ask(&admin(), now(), Changes).unwrap() > before);
}

/// The sweep commits a chunk of candidates per transaction, each with its
/// own audit entry, so a colleague's save goes through between two chunks
/// instead of waiting for the whole sweep (twenty seconds at a million
/// contacts); together the chunks erase exactly what one sweep would.
#[test]
fn the_sweep_commits_in_chunks_and_a_colleague_saves_in_between() {
    let dir = tempfile::tempdir().unwrap();
    let store = custos::store::Store::open(&dir.path().join("custos.redb")).unwrap();
    let service = std::sync::Arc::new(custos::service::Service::open(store).unwrap());
    service.sweep_in_chunks_of(4);
    let p = newsletter_readers(&service, true);
    keep_for(&service, &p, 12);
    let colleague = service
        .ask(
            &admin(),
            now(),
            CreateContact {
                draft: person("Sanne", "de Wit", "sanne@example.nl"),
            },
        )
        .unwrap();
    let dry = sweep_now(&service, true).unwrap();
    assert_eq!(dry.anonymised.len(), 10, "{dry:?}");
    let sweeps = |service: &custos::service::Service| {
        let mut entries = audit_newest_first(service);
        entries.sort_by_key(|e| e.seq);
        entries
    };
    let sweeper = std::thread::spawn({
        let service = std::sync::Arc::clone(&service);
        move || {
            custos::failpoint::slow_on_this_thread(
                "between-sweep-chunks",
                std::time::Duration::from_millis(500),
            );
            sweep_now(&service, false)
        }
    });
    let started = std::time::Instant::now();
    while !sweeps(&service)
        .iter()
        .any(|e| e.record.action == AuditAction::Sweep)
    {
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let mut draft = colleague.draft();
    draft.job_title = "Inkoper".into();
    service
        .ask(
            &admin(),
            now(),
            UpdateContact {
                id: colleague.id,
                version: colleague.version,
                draft,
                confirmed: false,
            },
        )
        .unwrap();
    let swept = sweeper.join().unwrap().unwrap();
    assert_eq!(
        (swept.anonymised, swept.deleted),
        (dry.anonymised, dry.deleted),
        "the chunks erase what one sweep would"
    );

    let trail: Vec<(AuditAction, usize)> = sweeps(&service)
        .iter()
        .filter(|e| e.record.action == AuditAction::Sweep || e.record.targets == vec![colleague.id])
        .map(|e| (e.record.action, e.record.targets.len()))
        .collect();
    assert_eq!(
        trail,
        vec![
            (AuditAction::Create, 1),
            (AuditAction::Sweep, 4),
            (AuditAction::Update, 1),
            (AuditAction::Sweep, 4),
            (AuditAction::Sweep, 2),
        ],
        "the save lands between the first and second chunk"
    );
}

/// The dashboard is read from the retention index, kept in step by every
/// write. After any history of writes it must say exactly what a full
/// assessment of every contact says, at any date, for every state and page;
/// and an index derived afresh must say it too.
mod indexed_report {
    use super::*;
    use custos::service::api::{ImportBatch, ImportConsent, ImportContact};
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Op {
        /// A contact first recorded `days` ago, with consents in the import.
        Import {
            days: i64,
            consents: Vec<(usize, u8, i64)>,
        },
        Consent {
            who: usize,
            purpose: usize,
            action: u8,
            days: i64,
        },
        Interaction {
            who: usize,
            days: i64,
        },
        Hold {
            who: usize,
            on: bool,
        },
        Schedule {
            who: usize,
            days: i64,
            delete: bool,
        },
        Cancel {
            who: usize,
        },
        Extend {
            who: usize,
            days: i64,
        },
        Anonymise {
            who: usize,
        },
        Delete {
            who: usize,
        },
        Rule {
            purpose: usize,
            months: u32,
            anchor: usize,
        },
    }

    const ANCHORS: [RetentionAnchor; 4] = [
        RetentionAnchor::ConsentGiven,
        RetentionAnchor::LastInteraction,
        RetentionAnchor::Creation,
        RetentionAnchor::EndOfContract,
    ];

    fn action(a: u8) -> ConsentAction {
        match a % 3 {
            0 => ConsentAction::Given,
            1 => ConsentAction::Withdrawn,
            _ => ConsentAction::Refused,
        }
    }

    fn op() -> impl Strategy<Value = Op> {
        let who = 0..32usize;
        prop_oneof![
            4 => (0..1500i64, proptest::collection::vec((0..3usize, 0..3u8, 0..1500i64), 0..3))
                .prop_map(|(days, consents)| Op::Import { days, consents }),
            4 => (who.clone(), 0..3usize, 0..3u8, 0..1500i64)
                .prop_map(|(who, purpose, action, days)| Op::Consent { who, purpose, action, days }),
            2 => (who.clone(), 0..900i64).prop_map(|(who, days)| Op::Interaction { who, days }),
            1 => (who.clone(), any::<bool>()).prop_map(|(who, on)| Op::Hold { who, on }),
            1 => (who.clone(), 1..200i64, any::<bool>())
                .prop_map(|(who, days, delete)| Op::Schedule { who, days, delete }),
            1 => who.clone().prop_map(|who| Op::Cancel { who }),
            1 => (who.clone(), 1..400i64).prop_map(|(who, days)| Op::Extend { who, days }),
            1 => who.clone().prop_map(|who| Op::Anonymise { who }),
            1 => who.clone().prop_map(|who| Op::Delete { who }),
            1 => (0..3usize, 1..40u32, 0..4usize)
                .prop_map(|(purpose, months, anchor)| Op::Rule { purpose, months, anchor }),
        ]
    }

    fn purposes(f: &Fixture) -> Vec<Purpose> {
        let mk = |name: &str, basis: LegalBasis, anchor: RetentionAnchor, months: u32| {
            let mut d = PurposeDraft::new(name, basis, RetentionRule { months, anchor });
            d.legitimate_interest = "following up".into();
            f.admin(CreatePurpose { draft: d })
        };
        vec![
            mk(
                "Newsletter",
                LegalBasis::Consent,
                RetentionAnchor::ConsentGiven,
                24,
            ),
            mk(
                "Follow-up",
                LegalBasis::LegitimateInterest,
                RetentionAnchor::LastInteraction,
                12,
            ),
            mk(
                "Contract",
                LegalBasis::Contract,
                RetentionAnchor::EndOfContract,
                6,
            ),
        ]
    }

    fn ago(days: i64) -> Timestamp {
        // Not on whole seconds: the store keeps microseconds.
        now() - chrono::Duration::days(days) - chrono::Duration::microseconds(days * 7919 + 13)
    }

    /// Applies `ops`; a request the service refuses (a consent before the
    /// contact existed, an action on an anonymised contact…) is part of
    /// the history too: it must change nothing.
    fn apply(f: &Fixture, purposes: &mut [Purpose], ops: &[Op], ids: &mut Vec<u64>) {
        let pick = |ids: &Vec<u64>, who: usize| (!ids.is_empty()).then(|| ids[who % ids.len()]);
        for (n, op) in ops.iter().enumerate() {
            match op {
                Op::Import { days, consents } => {
                    let consents = consents
                        .iter()
                        .map(|(p, a, d)| ImportConsent {
                            purpose_id: purposes[*p].id,
                            action: action(*a),
                            at: ago((*d).min(*days)),
                            channel: ConsentChannel::Paper,
                            evidence: "form".into(),
                        })
                        .collect();
                    let batch = ImportBatch {
                        organisations: vec![],
                        contacts: vec![ImportContact {
                            draft: person(
                                "Ria",
                                &format!("Peeters {n}"),
                                &format!("r{n}.{}@x.be", ids.len()),
                            ),
                            organisation: None,
                            created_at: Some(ago(*days)),
                            interactions: vec![],
                            consents,
                        }],
                        kind: Default::default(),
                        dry_run: false,
                        duplicates: Default::default(),
                    };
                    if let Ok(r) = f.call(&admin(), Import { batch }) {
                        ids.extend(r.first_contact_id);
                    }
                }
                Op::Consent {
                    who,
                    purpose,
                    action: a,
                    days,
                } => {
                    let Some(id) = pick(ids, *who) else { continue };
                    let _ = f.call(
                        &admin(),
                        RecordConsent {
                            draft: ConsentDraft {
                                contact_id: id,
                                purpose_id: purposes[*purpose].id,
                                action: action(*a),
                                at: Some(ago(*days)),
                                channel: ConsentChannel::Email,
                                evidence: "mail".into(),
                            },
                        },
                    );
                }
                Op::Interaction { who, days } => {
                    let Some(id) = pick(ids, *who) else { continue };
                    let _ = f.call(
                        &admin(),
                        CreateInteraction {
                            draft: InteractionDraft {
                                contact_id: id,
                                kind: InteractionKind::Call,
                                at: Some(ago(*days)),
                                summary: "called".into(),
                            },
                        },
                    );
                }
                Op::Hold { who, on } => {
                    let Some(id) = pick(ids, *who) else { continue };
                    let action = if *on {
                        RetentionBulk::LegalHoldOn {
                            reason: "claim".into(),
                        }
                    } else {
                        RetentionBulk::LegalHoldOff
                    };
                    let _ = f.call(
                        &officer(),
                        RetentionAction {
                            ids: vec![id],
                            action,
                        },
                    );
                }
                Op::Schedule { who, days, delete } => {
                    let Some(id) = pick(ids, *who) else { continue };
                    let action = RetentionBulk::ScheduleErasure {
                        due: now() + chrono::Duration::days(*days),
                        delete: *delete,
                        reason: "asked".into(),
                    };
                    let _ = f.call(
                        &officer(),
                        RetentionAction {
                            ids: vec![id],
                            action,
                        },
                    );
                }
                Op::Cancel { who } => {
                    let Some(id) = pick(ids, *who) else { continue };
                    let action = RetentionBulk::CancelErasure;
                    let _ = f.call(
                        &officer(),
                        RetentionAction {
                            ids: vec![id],
                            action,
                        },
                    );
                }
                Op::Extend { who, days } => {
                    let Some(id) = pick(ids, *who) else { continue };
                    let action = RetentionBulk::Extend {
                        until: now() + chrono::Duration::days(*days),
                        reason: "claim pending".into(),
                    };
                    let _ = f.call(
                        &officer(),
                        RetentionAction {
                            ids: vec![id],
                            action,
                        },
                    );
                }
                Op::Anonymise { who } => {
                    let Some(id) = pick(ids, *who) else { continue };
                    let action = RetentionBulk::Anonymise;
                    let _ = f.call(
                        &officer(),
                        RetentionAction {
                            ids: vec![id],
                            action,
                        },
                    );
                }
                Op::Delete { who } => {
                    let Some(id) = pick(ids, *who) else { continue };
                    if f.call(
                        &officer(),
                        RetentionAction {
                            ids: vec![id],
                            action: RetentionBulk::Delete,
                        },
                    )
                    .is_ok()
                    {
                        ids.retain(|i| *i != id);
                    }
                }
                Op::Rule {
                    purpose,
                    months,
                    anchor,
                } => {
                    let p = &purposes[*purpose];
                    let mut draft = p.draft();
                    draft.retention = RetentionRule {
                        months: *months,
                        anchor: ANCHORS[*anchor],
                    };
                    if let Ok(updated) = f.call(
                        &admin(),
                        UpdatePurpose {
                            id: p.id,
                            version: p.version,
                            draft,
                        },
                    ) {
                        purposes[*purpose] = updated;
                    }
                }
            }
        }
    }

    fn indexed(
        f: &Fixture,
        as_of: Timestamp,
        state: Option<StateKey>,
        offset: usize,
        limit: usize,
    ) -> RetentionReport {
        f.call(
            &officer(),
            GetRetentionReport {
                as_of: Some(as_of),
                state,
                offset,
                limit,
            },
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Every state (and the default listing), whole and in pages, at dates
    /// around the periods' ends.
    fn compare(f: &Fixture) -> std::result::Result<(), TestCaseError> {
        let dates = [
            now(),
            now() - chrono::Duration::days(400),
            now() + chrono::Duration::days(29),
            now() + chrono::Duration::days(95),
            now() + chrono::Duration::days(700),
        ];
        // And exactly on the edges: a period ending at the instant asked,
        // 30 or 90 days after it, or a microsecond either side.
        let everyone = f
            .service
            .retention_report_recomputed(now(), Some(StateKey::Fine), 0, 1000)
            .unwrap();
        let mut edges: Vec<Timestamp> = Vec::new();
        let us = chrono::Duration::microseconds(1);
        for until in everyone.rows.iter().filter_map(|r| r.keep_until).take(2) {
            for back in [0, 30, 90] {
                let at = until - chrono::Duration::days(back);
                edges.extend([at - us, at, at + us]);
            }
        }
        edges.retain(|t| (*t - now()).num_days().abs() < 900);
        // The contact list's consent picture and retention hint per row,
        // read from the index, at every date: as assessed from the history.
        for at in dates.iter().copied().chain(edges.iter().copied()) {
            for row in f.service.contact_row_facts_both_ways(at).unwrap() {
                prop_assert_eq!(&row.indexed, &row.assessed, "contact {} at {}", row.id, at);
            }
        }
        // The purposes screen's consent counts, kept beside the index.
        let listed = f
            .call(&officer(), ListPurposes)
            .unwrap_or_else(|e| panic!("{e}"));
        let recomputed = f.service.consent_counts_recomputed().unwrap();
        for o in &listed {
            let want = recomputed.get(&o.purpose.id).copied().unwrap_or_default();
            prop_assert_eq!(o.counts, want, "consent counts of purpose {}", o.purpose.id);
        }
        let states = std::iter::once(None).chain(StateKey::ALL.into_iter().map(Some));
        for state in states {
            for as_of in dates.iter().copied().chain(edges.iter().copied()) {
                for (offset, limit) in [(0, 1000), (0, 2), (1, 3), (4, 2)] {
                    let got = indexed(f, as_of, state, offset, limit);
                    let want = f
                        .service
                        .retention_report_recomputed(as_of, state, offset, limit)
                        .unwrap();
                    prop_assert_eq!(
                        got,
                        want,
                        "state {:?} as of {} page {}+{}",
                        state,
                        as_of,
                        offset,
                        limit
                    );
                }
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

        #[test]
        fn the_indexed_report_equals_a_full_recomputation(ops in proptest::collection::vec(op(), 1..40)) {
            let f = Fixture::new();
            pin_zone(&f.service);
            let mut purposes = purposes(&f);
            // Derived now, on an empty file: from here every write keeps it.
            indexed(&f, now(), None, 0, 10);
            let mut ids = Vec::new();
            apply(&f, &mut purposes, &ops, &mut ids);
            compare(&f)?;
            // Derived afresh from the same data: the same answers.
            f.service.store().write(|tx| tx.set_meta("retention.index", 0)).unwrap();
            compare(&f)?;
        }
    }
}
