//! Every request there is, sent by every role against a database holding a
//! special-category value (Art. 9): nothing panics, and the value reaches
//! only roles that may see it — in answers and in error messages alike.
//! The list of samples must name every request (`Request::NAMES`), so a new
//! request fails this test until it is added here.

mod common;

use std::collections::BTreeSet;

use chrono::Duration;
use common::{Fixture, now, person};
use custos::model::{
    AffectedRule, ConsentAction, ConsentChannel, IncidentDraft, InteractionDraft, InteractionKind,
    LegalBasis, OrganisationDraft, PurposeDraft, RequestKind, RequestStatus, RetentionAnchor,
    RetentionRule, Role, SpecialCategory, SubjectRequestDraft,
};
use custos::service::api::{CarryOut, ConsentDraft, ContactQuery, ImportBatch, RetentionBulk};
use custos::service::auth::{Permission, allows};
use custos::service::calls::*;
use custos::service::{Actor, Request};

const MARKER: &str = "ZZ-ART9-coeliac";

/// A database with one contact holding a health value, a breach and a
/// verified access request about them.
struct Seeded {
    f: Fixture,
    contact: u64,
    version: u32,
    purpose: u64,
    incident: u64,
    request: u64,
    request_version: u32,
    settings: custos::model::Settings,
}

fn seeded() -> Seeded {
    let f = Fixture::new();
    common::pin_zone(&f.service);
    f.admin(LoadTemplates {
        keys: vec!["event-dietary".into()],
    });
    let purpose = f.admin(ListPurposes)[0].purpose.id;
    let c = f.create_contact(person("Jan", "de Vries", "jan@vries.nl"));
    f.admin(RecordConsent {
        draft: ConsentDraft {
            contact_id: c.id,
            purpose_id: purpose,
            action: ConsentAction::Given,
            at: Some(now() - Duration::days(2)),
            channel: ConsentChannel::Paper,
            evidence: "signed form".into(),
        },
    });
    let c = f.admin(RecordSpecial {
        contact_id: c.id,
        category: SpecialCategory::Health,
        purpose_id: purpose,
        value: MARKER.into(),
    });
    let incident = f
        .admin(CreateIncident {
            draft: IncidentDraft::new("Laptop lost", now() - Duration::hours(3)),
        })
        .incident
        .id;
    let r = f.admin(FileRequest {
        draft: SubjectRequestDraft {
            kind: RequestKind::Access,
            contact_id: Some(c.id),
            requester: String::new(),
            received_on: now().date_naive() - Duration::days(1),
            note: String::new(),
        },
    });
    let r = f.admin(SetRequestStatus {
        id: r.request.id,
        version: r.request.version,
        status: RequestStatus::IdentityVerified,
        note: "passport".into(),
    });
    let settings = f.admin(GetSettings);
    Seeded {
        contact: c.id,
        version: c.version,
        purpose,
        incident,
        request: r.request.id,
        request_version: r.request.version,
        settings,
        f,
    }
}

/// One of every request, aimed at the seeded records; the ones that erase
/// come last.
fn samples(s: &Seeded) -> Vec<Request> {
    let (contact, purpose, incident) = (s.contact, s.purpose, s.incident);
    let everyone = AffectedRule {
        everyone: true,
        ..AffectedRule::default()
    };
    let mut draft = person("Jan", "de Vries", "jan@vries.nl");
    draft.job_title = "Baker".into();
    vec![
        Whoami.into(),
        Changes.into(),
        SearchStatus.into(),
        RetentionUpdate { work: true }.into(),
        Alerts.into(),
        GetSettings.into(),
        UpdateSettings {
            settings: s.settings.clone(),
        }
        .into(),
        ListContacts {
            query: ContactQuery::default(),
        }
        .into(),
        ListContacts {
            query: ContactQuery {
                query: "jan".into(),
                ..ContactQuery::default()
            },
        }
        .into(),
        ExportContacts {
            query: ContactQuery::default(),
            format: "json".into(),
        }
        .into(),
        GetContact { id: contact }.into(),
        CreateContact {
            draft: person("Piet", "Bakker", "piet@bakker.nl"),
        }
        .into(),
        UpdateContact {
            id: contact,
            version: s.version,
            draft,
            confirmed: false,
        }
        .into(),
        ListOrganisations.into(),
        GetOrganisation { id: 1 }.into(),
        CreateOrganisation {
            draft: OrganisationDraft {
                name: "Bakkerij".into(),
                ..OrganisationDraft::default()
            },
        }
        .into(),
        UpdateOrganisation {
            id: 1,
            version: 1,
            draft: OrganisationDraft::default(),
        }
        .into(),
        DeleteOrganisation { id: 1 }.into(),
        ListInteractions {
            contact_id: contact,
        }
        .into(),
        CreateInteraction {
            draft: InteractionDraft {
                contact_id: contact,
                kind: InteractionKind::Call,
                at: None,
                summary: "called".into(),
            },
        }
        .into(),
        UpdateInteraction {
            id: 1,
            version: 1,
            kind: InteractionKind::Call,
            at: now(),
            summary: "called back".into(),
        }
        .into(),
        DeleteInteraction { id: 1 }.into(),
        Import {
            batch: ImportBatch {
                dry_run: true,
                ..ImportBatch::default()
            },
        }
        .into(),
        ListAudit {
            before: None,
            limit: 100,
        }
        .into(),
        VerifyAudit.into(),
        ListUsers.into(),
        AddUser {
            name: "kees".into(),
            role: Role::Sales,
        }
        .into(),
        SetRole {
            name: "kees".into(),
            role: Role::ReadOnly,
        }
        .into(),
        RemoveUser {
            name: "kees".into(),
        }
        .into(),
        ListPurposes.into(),
        GetPurpose { id: purpose }.into(),
        CreatePurpose {
            draft: PurposeDraft::new(
                "Newsletter",
                LegalBasis::Consent,
                RetentionRule {
                    months: 24,
                    anchor: RetentionAnchor::LastInteraction,
                },
            ),
        }
        .into(),
        UpdatePurpose {
            id: 999,
            version: 1,
            draft: PurposeDraft::new(
                "x",
                LegalBasis::Consent,
                RetentionRule {
                    months: 1,
                    anchor: RetentionAnchor::LastInteraction,
                },
            ),
        }
        .into(),
        ArchivePurpose { id: 999 }.into(),
        DeletePurpose { id: 999 }.into(),
        PurposeTemplates.into(),
        LoadTemplates {
            keys: vec!["newsletter".into()],
        }
        .into(),
        RecordConsent {
            draft: ConsentDraft {
                contact_id: contact,
                purpose_id: purpose,
                action: ConsentAction::Given,
                at: None,
                channel: ConsentChannel::Paper,
                evidence: "again".into(),
            },
        }
        .into(),
        ConsentHistory {
            contact_id: contact,
            purpose_id: purpose,
        }
        .into(),
        Contactable {
            purpose_id: purpose,
        }
        .into(),
        GetRetentionReport {
            as_of: None,
            state: None,
            offset: 0,
            limit: 100,
        }
        .into(),
        Sweep {
            as_of: None,
            dry_run: true,
        }
        .into(),
        ListIncidents.into(),
        GetIncident { id: incident }.into(),
        CreateIncident {
            draft: IncidentDraft::new("Phishing", now() - Duration::hours(1)),
        }
        .into(),
        UpdateIncident {
            id: incident,
            version: 99,
            draft: IncidentDraft::new("Laptop lost", now() - Duration::hours(3)),
        }
        .into(),
        AddIncidentNote {
            id: incident,
            text: "police informed".into(),
        }
        .into(),
        PreviewAffected {
            rule: everyone.clone(),
        }
        .into(),
        FreezeNotificationList {
            id: incident,
            rule: everyone,
        }
        .into(),
        MarkNotified {
            id: incident,
            contacts: vec![contact],
            notified: true,
        }
        .into(),
        ExportNotificationList { id: incident }.into(),
        RenderLetters { id: incident }.into(),
        SendLetters { id: incident }.into(),
        ListRequests {
            include_closed: true,
        }
        .into(),
        GetRequest { id: s.request }.into(),
        FileRequest {
            draft: SubjectRequestDraft {
                kind: RequestKind::Rectification,
                contact_id: Some(contact),
                requester: String::new(),
                received_on: now().date_naive(),
                note: String::new(),
            },
        }
        .into(),
        AddRequestNote {
            id: s.request,
            text: "called back".into(),
        }
        .into(),
        ExtendRequest {
            id: s.request,
            version: 99,
            reason: "complex".into(),
        }
        .into(),
        LinkRequest {
            id: s.request,
            version: 99,
            contact_id: contact,
        }
        .into(),
        SubjectExport {
            contact_id: contact,
        }
        .into(),
        Ropa.into(),
        RestrictContact {
            id: contact,
            reason: "disputed accuracy".into(),
        }
        .into(),
        LiftRestriction { id: contact }.into(),
        CarryOutRequest {
            id: s.request,
            version: s.request_version,
            action: CarryOut::ExportData,
            note: String::new(),
        }
        .into(),
        SetRequestStatus {
            id: s.request,
            version: 99,
            status: RequestStatus::InProgress,
            note: "no".into(),
        }
        .into(),
        Backup {
            path: s.f.dir.path().join("backup.redb").display().to_string(),
        }
        .into(),
        Vacuum.into(),
        RemoveSpecial {
            contact_id: contact,
            category: SpecialCategory::Health,
        }
        .into(),
        RecordSpecial {
            contact_id: contact,
            category: SpecialCategory::Health,
            purpose_id: purpose,
            value: MARKER.into(),
        }
        .into(),
        RetentionAction {
            ids: vec![contact],
            action: RetentionBulk::Anonymise,
        }
        .into(),
        Sweep {
            as_of: None,
            dry_run: false,
        }
        .into(),
        DeleteContact { id: contact }.into(),
    ]
}

#[test]
fn every_request_is_sampled() {
    let s = seeded();
    let sampled: BTreeSet<&str> = samples(&s).iter().map(Request::name).collect();
    let all: BTreeSet<&str> = Request::NAMES.iter().copied().collect();
    let missing: Vec<_> = all.difference(&sampled).collect();
    assert!(missing.is_empty(), "add samples for {missing:?}");
}

#[test]
fn special_categories_reach_only_roles_that_may_see_them() {
    for role in Role::ALL {
        let s = seeded();
        let may_see = allows(role, Permission::SpecialCategories, &s.settings);
        let actor = Actor::new("someone", role);
        let mut seen_by = Vec::new();
        for request in samples(&s) {
            let name = request.name();
            let answer = s.f.service.handle(&actor, now(), request);
            let text = serde_json::to_string(&answer).expect("answers serialise");
            if text.contains(MARKER) {
                seen_by.push(name);
            }
        }
        if may_see {
            // The check can see the value where it belongs.
            assert!(seen_by.contains(&"GetContact"), "{role:?}: {seen_by:?}");
        } else {
            assert!(seen_by.is_empty(), "{role:?} was shown it by {seen_by:?}");
        }
    }
}
