//! Purposes and consent records through the Service.

mod common;

use common::*;
use custos::model::{
    AuditAction, ConsentAction, ConsentChannel, ConsentState, LegalBasis, Purpose, PurposeDraft,
    RetentionAnchor, RetentionRule, SpecialCategory,
};
use custos::service::api::{ConsentDraft, PurposeConsent};
use custos::service::calls::*;
use custos::service::{Actor, ServiceError};

fn purpose(f: &Fixture, name: &str, basis: LegalBasis) -> Purpose {
    let mut draft = PurposeDraft::new(
        name,
        basis,
        RetentionRule {
            months: 24,
            anchor: RetentionAnchor::ConsentGiven,
        },
    );
    if basis == LegalBasis::LegitimateInterest {
        draft.legitimate_interest = "following up enquiries".into();
    }
    draft.marketing = name.contains("News");
    f.admin(CreatePurpose { draft })
}

fn consent(contact_id: u64, purpose_id: u64, action: ConsentAction, day: u32) -> RecordConsent {
    RecordConsent {
        draft: ConsentDraft {
            contact_id,
            purpose_id,
            action,
            at: Some(at(2026, 10, day)),
            channel: ConsentChannel::WebForm,
            evidence: "Unticked box on the sign-up form v3, ticked by the person".into(),
        },
    }
}

fn state_of(f: &Fixture, contact: u64, purpose: u64) -> PurposeConsent {
    let d = f.admin(GetContact { id: contact });
    d.consents
        .into_iter()
        .find(|c| c.purpose_id == purpose)
        .expect("purpose listed")
}

#[test]
fn no_event_means_no_consent_and_give_withdraw_give_is_given() {
    let f = Fixture::new();
    let news = purpose(&f, "Newsletter", LegalBasis::Consent);
    let c = f.create_contact(person("Jan", "de Vries", "jan@vries.nl"));
    assert_eq!(state_of(&f, c.id, news.id).state, ConsentState::NoRecord);

    f.call(&sales(), consent(c.id, news.id, ConsentAction::Given, 1))
        .unwrap();
    f.call(
        &sales(),
        consent(c.id, news.id, ConsentAction::Withdrawn, 5),
    )
    .unwrap();
    assert!(matches!(
        state_of(&f, c.id, news.id).state,
        ConsentState::Withdrawn { .. }
    ));
    f.call(&sales(), consent(c.id, news.id, ConsentAction::Given, 9))
        .unwrap();
    let now = state_of(&f, c.id, news.id);
    assert_eq!(
        now.state,
        ConsentState::Given {
            since: at(2026, 10, 9)
        }
    );
    // The history is never rewritten: all three events are there, in order.
    let actions: Vec<_> = now.history.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        vec![
            ConsentAction::Given,
            ConsentAction::Withdrawn,
            ConsentAction::Given
        ]
    );
    assert!(now.history.iter().all(|e| e.recorded_by == "anna"));
}

#[test]
fn giving_consent_needs_evidence_and_an_active_purpose() {
    let f = Fixture::new();
    let news = purpose(&f, "Newsletter", LegalBasis::Consent);
    let c = f.create_contact(person("Jan", "de Vries", "jan@vries.nl"));
    let no_proof = RecordConsent {
        draft: ConsentDraft {
            contact_id: c.id,
            purpose_id: news.id,
            action: ConsentAction::Given,
            at: None,
            channel: ConsentChannel::Phone,
            evidence: "  ".into(),
        },
    };
    assert!(matches!(
        f.call(&sales(), no_proof),
        Err(ServiceError::Invalid { field, .. }) if field == "evidence"
    ));
    f.call(&sales(), consent(c.id, news.id, ConsentAction::Given, 1))
        .unwrap();

    f.call(&officer(), ArchivePurpose { id: news.id }).unwrap();
    let err = f
        .call(&sales(), consent(c.id, news.id, ConsentAction::Given, 2))
        .unwrap_err();
    assert!(err.to_string().contains("archived"), "{err}");
    // Withdrawing stays possible: as easy as giving.
    f.call(
        &sales(),
        consent(c.id, news.id, ConsentAction::Withdrawn, 3),
    )
    .unwrap();
    // An archived purpose with history still shows on the contact.
    assert!(state_of(&f, c.id, news.id).archived);
}

#[test]
fn roles_for_purposes_and_consent() {
    let f = Fixture::new();
    let news = purpose(&f, "Newsletter", LegalBasis::Consent);
    let c = f.create_contact(person("Jan", "de Vries", "jan@vries.nl"));
    let draft = PurposeDraft::new(
        "Loyalty programme",
        LegalBasis::Consent,
        RetentionRule {
            months: 12,
            anchor: RetentionAnchor::ConsentGiven,
        },
    );
    for actor in [sales(), reader()] {
        assert!(matches!(
            f.call(
                &actor,
                CreatePurpose {
                    draft: draft.clone()
                }
            ),
            Err(ServiceError::Denied { .. })
        ));
        assert!(matches!(
            f.call(&actor, ArchivePurpose { id: news.id }),
            Err(ServiceError::Denied { .. })
        ));
    }
    f.call(&officer(), CreatePurpose { draft }).unwrap();
    // Sales records consent; read-only may not.
    f.call(&sales(), consent(c.id, news.id, ConsentAction::Given, 1))
        .unwrap();
    assert!(matches!(
        f.call(
            &reader(),
            consent(c.id, news.id, ConsentAction::Withdrawn, 2)
        ),
        Err(ServiceError::Denied { .. })
    ));
    // Everyone reads purposes.
    f.call(&reader(), ListPurposes).unwrap();
}

#[test]
fn a_purpose_in_use_is_archived_not_deleted() {
    let f = Fixture::new();
    let news = purpose(&f, "Newsletter", LegalBasis::Consent);
    let unused = purpose(&f, "Unused", LegalBasis::Consent);
    let c = f.create_contact(person("Jan", "de Vries", "jan@vries.nl"));
    f.admin(consent(c.id, news.id, ConsentAction::Given, 1));
    let err = f.call(&admin(), DeletePurpose { id: news.id }).unwrap_err();
    assert!(matches!(err, ServiceError::Refused(_)));
    assert!(err.to_string().contains("archive it instead"));
    f.admin(DeletePurpose { id: unused.id });
    let all = f.admin(ListPurposes);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].counts.given, 1);
}

#[test]
fn purpose_validation() {
    let f = Fixture::new();
    let mut li = PurposeDraft::new(
        "Follow-up",
        LegalBasis::LegitimateInterest,
        RetentionRule {
            months: 24,
            anchor: RetentionAnchor::LastInteraction,
        },
    );
    assert!(matches!(
        f.call(&admin(), CreatePurpose { draft: li.clone() }),
        Err(ServiceError::Invalid { field, .. }) if field == "legitimate_interest"
    ));
    li.legitimate_interest = "answering enquiries".into();
    f.call(&admin(), CreatePurpose { draft: li.clone() })
        .unwrap();
    assert!(matches!(
        f.call(&admin(), CreatePurpose { draft: li }),
        Err(ServiceError::Invalid { field, .. }) if field == "name"
    ));
    let mut special = PurposeDraft::new(
        "Dietary needs",
        LegalBasis::Consent,
        RetentionRule {
            months: 3,
            anchor: RetentionAnchor::ConsentGiven,
        },
    );
    special.special_categories = vec![SpecialCategory::Health];
    assert!(matches!(
        f.call(&admin(), CreatePurpose { draft: special }),
        Err(ServiceError::Invalid { field, .. }) if field == "special_condition"
    ));
}

#[test]
fn templates_load_once() {
    let f = Fixture::new();
    let templates = f.admin(PurposeTemplates);
    let keys: Vec<String> = templates.iter().map(|t| t.key.clone()).collect();
    let first = f.admin(LoadTemplates { keys: keys.clone() });
    assert_eq!(first.len(), templates.len());
    let second = f.admin(LoadTemplates { keys });
    assert!(second.is_empty(), "existing purposes are not duplicated");
    assert!(matches!(
        f.call(
            &admin(),
            LoadTemplates {
                keys: vec!["nope".into()]
            }
        ),
        Err(ServiceError::Invalid { .. })
    ));
}

#[test]
fn special_category_data_needs_a_covering_purpose_with_its_basis_and_is_hidden_from_sales() {
    let f = Fixture::new();
    let f_admin = admin();
    f.admin(LoadTemplates {
        keys: vec!["event-dietary".into(), "newsletter".into()],
    });
    let all = f.admin(ListPurposes);
    let dietary = all
        .iter()
        .find(|o| !o.purpose.special_categories.is_empty())
        .unwrap()
        .purpose
        .clone();
    let news = all
        .iter()
        .find(|o| o.purpose.name == "Newsletter")
        .unwrap()
        .purpose
        .clone();
    let c = f.create_contact(person("Jan", "de Vries", "jan@vries.nl"));
    let record = |purpose_id: u64, category| RecordSpecial {
        contact_id: c.id,
        category,
        purpose_id,
        value: "vegetarian, nut allergy".into(),
    };
    // A purpose that does not list the category cannot hold it.
    assert!(matches!(
        f.call(&f_admin, record(news.id, SpecialCategory::Health)),
        Err(ServiceError::Refused(_))
    ));
    // The covering purpose needs the person's consent first.
    let err = f
        .call(&f_admin, record(dietary.id, SpecialCategory::Health))
        .unwrap_err();
    assert!(err.to_string().contains("no current consent"), "{err}");
    f.admin(consent(c.id, dietary.id, ConsentAction::Given, 1));
    f.admin(record(dietary.id, SpecialCategory::Health));
    // Sales may neither record nor see it.
    assert!(matches!(
        f.call(&sales(), record(dietary.id, SpecialCategory::Health)),
        Err(ServiceError::Denied { .. })
    ));
    let seen_by_sales = f.call(&sales(), GetContact { id: c.id }).unwrap();
    assert!(seen_by_sales.contact.special.is_empty());
    let mut draft = seen_by_sales.contact.draft();
    draft.job_title = "Chef".into();
    let saved = f
        .call(
            &sales(),
            UpdateContact {
                id: c.id,
                version: seen_by_sales.contact.version,
                draft,
                confirmed: false,
            },
        )
        .unwrap();
    assert!(saved.special.is_empty(), "not in the save response either");
    let seen_by_officer = f.call(&officer(), GetContact { id: c.id }).unwrap();
    assert_eq!(
        seen_by_officer.contact.special.len(),
        1,
        "a sales edit keeps it"
    );
    // Withdrawing the consent removes the data it justified.
    f.admin(consent(c.id, dietary.id, ConsentAction::Withdrawn, 2));
    let after = f.admin(GetContact { id: c.id });
    assert!(after.contact.special.is_empty());
}

#[test]
fn consent_audit_entries_name_ids_and_action_not_evidence() {
    let f = Fixture::new();
    let news = purpose(&f, "Newsletter", LegalBasis::Consent);
    let c = f.create_contact(person("Jan", "de Vries", "jan@vries.nl"));
    let event = f
        .call(&sales(), consent(c.id, news.id, ConsentAction::Given, 1))
        .unwrap();
    let page = f.admin(ListAudit {
        before: None,
        limit: 10,
    });
    let entry = page
        .entries
        .iter()
        .find(|e| e.record.action == AuditAction::RecordConsent)
        .unwrap();
    assert_eq!(entry.record.targets, vec![event.id]);
    assert_eq!(entry.record.actor, "anna");
    assert_eq!(
        entry.record.detail,
        format!(
            "contact=#{} purpose=#{} action=given channel=web-form",
            c.id, news.id
        )
    );
    let bytes = format!("{entry:?}");
    assert!(
        !bytes.contains("sign-up form"),
        "evidence text is not audited"
    );
}

#[test]
fn contactable_means_current_basis_not_restricted_not_objected() {
    let f = Fixture::new();
    let news = purpose(&f, "Newsletter", LegalBasis::Consent);
    let follow = purpose(&f, "Follow-up", LegalBasis::LegitimateInterest);
    let yes = f.create_contact(person("Yes", "Given", "yes@x.nl"));
    let withdrawn = f.create_contact(person("No", "Withdrawn", "no@x.nl"));
    let never = f.create_contact(person("Never", "Asked", "never@x.nl"));
    let restricted = f.create_contact(person("Re", "Stricted", "re@x.nl"));
    for c in [&yes, &withdrawn, &restricted] {
        f.admin(consent(c.id, news.id, ConsentAction::Given, 1));
    }
    f.admin(consent(withdrawn.id, news.id, ConsentAction::Withdrawn, 2));
    f.admin(consent(yes.id, follow.id, ConsentAction::Given, 1));
    // Restriction (a later issue's request) is a field on the contact; set
    // it the way the store would hold it.
    {
        use custos::store::Reads;
        f.service
            .store()
            .write(|tx| {
                let mut c = tx.get::<custos::model::Contact>(restricted.id)?.unwrap();
                c.restriction = Some(custos::model::Restriction {
                    since: now(),
                    reason: "Art. 18 request".into(),
                    by: "petra".into(),
                });
                tx.put(&c)?;
                Ok::<_, custos::store::StoreError>(())
            })
            .unwrap();
    }
    let ids = |purpose_id| {
        let list = f.admin(Contactable { purpose_id });
        list.into_iter().map(|s| s.id).collect::<Vec<_>>()
    };
    assert_eq!(ids(news.id), vec![yes.id]);
    assert_eq!(ids(follow.id), vec![yes.id], "another basis counts too");
    let _ = never;
    let _: Actor = sales();
}

#[test]
fn a_consent_dated_in_the_future_is_refused_everywhere() {
    let f = Fixture::new();
    let news = purpose(&f, "Newsletter", LegalBasis::Consent);
    let c = f.create_contact(person("Jan", "de Vries", "jan@vries.nl"));
    let ahead = RecordConsent {
        draft: ConsentDraft {
            contact_id: c.id,
            purpose_id: news.id,
            action: ConsentAction::Given,
            at: Some(now() + chrono::Duration::minutes(1)),
            channel: ConsentChannel::WebForm,
            evidence: "form".into(),
        },
    };
    assert!(matches!(
        f.call(&sales(), ahead),
        Err(ServiceError::Invalid { field, .. }) if field == "at"
    ));
    // The same rules hold for imports: a future consent, or one without
    // proof, rejects the batch.
    let import = |action, at, evidence: &str| Import {
        batch: custos::service::api::ImportBatch {
            organisations: vec![],
            contacts: vec![custos::service::api::ImportContact {
                draft: person("Imp", "Orted", "imp@x.nl"),
                organisation: None,
                created_at: None,
                interactions: vec![],
                consents: vec![custos::service::api::ImportConsent {
                    purpose_id: news.id,
                    action,
                    at,
                    channel: ConsentChannel::Import,
                    evidence: evidence.into(),
                }],
            }],
            ..Default::default()
        },
    };
    // Imports are for privacy officers and admins (issue 14).
    let future = f.call(
        &officer(),
        import(ConsentAction::Given, at(2099, 1, 1), "form"),
    );
    assert!(
        matches!(future, Err(ServiceError::Invalid { field, .. }) if field == "contacts[0].consents[0].at")
    );
    let unproven = f.call(&officer(), import(ConsentAction::Given, at(2026, 1, 1), ""));
    assert!(
        matches!(unproven, Err(ServiceError::Invalid { field, .. }) if field == "contacts[0].consents[0].evidence")
    );
    f.call(
        &officer(),
        import(ConsentAction::Given, at(2026, 1, 1), "form"),
    )
    .unwrap();
    assert!(matches!(
        f.call(
            &sales(),
            import(ConsentAction::Given, at(2026, 1, 1), "form")
        ),
        Err(ServiceError::Denied { .. })
    ));
}

#[test]
fn special_data_goes_when_its_purpose_stops_covering_it() {
    let f = Fixture::new();
    f.admin(LoadTemplates {
        keys: vec!["event-dietary".into()],
    });
    let all = f.admin(ListPurposes);
    let dietary = all[0].purpose.clone();
    let c = f.create_contact(person("Jan", "de Vries", "jan@vries.nl"));
    f.admin(consent(c.id, dietary.id, ConsentAction::Given, 1));
    for category in [SpecialCategory::Health, SpecialCategory::ReligionOrBelief] {
        f.admin(RecordSpecial {
            contact_id: c.id,
            category,
            purpose_id: dietary.id,
            value: "noted".into(),
        });
    }
    // The purpose stops covering religion: that value goes, health stays.
    let mut draft = dietary.draft();
    draft.special_categories = vec![SpecialCategory::Health];
    f.admin(UpdatePurpose {
        id: dietary.id,
        version: dietary.version,
        draft,
    });
    let d = f.admin(GetContact { id: c.id });
    let kept: Vec<_> = d.contact.special.iter().map(|s| s.category).collect();
    assert_eq!(kept, vec![SpecialCategory::Health]);
    // Archived: nothing is covered any more.
    f.admin(ArchivePurpose { id: dietary.id });
    let d = f.admin(GetContact { id: c.id });
    assert!(d.contact.special.is_empty());
}
