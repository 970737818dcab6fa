use super::output::outln;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use super::Result;
use crate::backend::{Api, Backend};
use crate::cli::DemoArgs;
use crate::clock::Clock;
use crate::demo::Demo;
use crate::model::{
    AffectedRule, BreachNature, IncidentDraft, IncidentStatus, IndividualsNotice, RiskLevel,
    Timestamp,
};
use crate::model::{RequestKind, RequestStatus, SubjectRequestDraft};
use crate::service::api::{CarryOut, ContactQuery, ImportBatch, ImportKind};
use chrono::Duration;

/// Contacts per transaction: big enough to be fast, small enough that the
/// progress bar moves and a daemon never holds one huge frame.
const BATCH: usize = 5_000;

pub fn run(backend: &dyn Backend, clock: Clock, args: &DemoArgs) -> Result<()> {
    let started = Instant::now();
    let me = backend.whoami()?;
    let now = clock.now();
    let total = args.contacts as usize;
    let mut demo = Demo::new(
        args.seed,
        now,
        vec![
            me.user.clone(),
            "sales.anna".to_string(),
            "sales.pieter".to_string(),
        ],
    );

    // The first write: the service refuses demo data (admin only) on a
    // database that holds real contacts, before anything is written.
    let kind = ImportKind::Demo { force: args.force };
    let organisations = (total / 8).clamp(5, 20_000);
    let report = backend.import(ImportBatch {
        organisations: demo.organisations(organisations),
        contacts: Vec::new(),
        kind,
        ..ImportBatch::default()
    })?;
    demo.set_organisation_ids(&report.organisation_ids);

    // Purposes to record consent for: the templates, loaded once.
    let purposes = crate::demo::purposes(backend)?;

    let bar = ProgressBar::new(total as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} contacts  {elapsed_precise}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let (mut contacts, mut interactions, mut consents) = (0, 0, 0);
    while contacts < total {
        let n = BATCH.min(total - contacts);
        let batch = ImportBatch {
            organisations: Vec::new(),
            contacts: demo.contacts(n, &purposes),
            kind,
            ..ImportBatch::default()
        };
        let report = backend.import(batch)?;
        contacts += report.contacts;
        interactions += report.interactions;
        consents += report.consents;
        bar.inc(n as u64);
    }
    bar.finish_and_clear();
    let incidents = demo_incidents(backend, now);
    let requests = demo_requests(backend, now);
    outln!(
        "demo data: {contacts} contacts, {organisations} organisations, {interactions} \
         interactions, {consents} consent events, {incidents} incidents, {requests} \
         data-subject requests in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A breach reported last spring, and one found yesterday whose 72 hours
/// are running, with the people affected on its list. Skipped (with a
/// note) for roles that may not register incidents.
fn demo_incidents(backend: &dyn Backend, now: Timestamp) -> usize {
    let old = IncidentDraft {
        description: "A sales laptop was left on a train; it was found and returned two days \
                      later."
            .into(),
        consequences: "None expected: the disk is encrypted.".into(),
        measures: "Disk encryption verified; staff reminded of the clean-desk policy.".into(),
        nature: vec![BreachNature::Availability],
        risk: RiskLevel::None,
        individuals: IndividualsNotice::NotRequired {
            reason: "Art. 34(3)(a): the data were encrypted".into(),
        },
        status: IncidentStatus::Closed,
        ..IncidentDraft::new("Laptop left on a train", now - Duration::days(200))
    };
    let new = IncidentDraft {
        description: "The event registration form exposed the guest list to anyone with the \
                      link for two weeks."
            .into(),
        consequences: "Names, e-mail addresses and employers of event guests may have been \
                       seen; phishing using the event as a pretext is possible."
            .into(),
        measures: "The link was disabled and the form moved behind a login; access logs are \
                   being reviewed."
            .into(),
        data_categories: vec!["name".into(), "e-mail address".into(), "employer".into()],
        subject_categories: vec!["event guests".into()],
        approx_subjects: 400,
        approx_records: 400,
        risk: RiskLevel::High,
        individuals: IndividualsNotice::Required,
        ..IncidentDraft::new("Event guest list exposed", now - Duration::hours(30))
    };
    let mut made = 0;
    for draft in [old, new] {
        match backend.create_incident(draft) {
            Ok(d) => {
                made += 1;
                if d.incident.status == IncidentStatus::Open {
                    let rule = AffectedRule {
                        tags: vec!["event-2026".into()],
                        ..AffectedRule::default()
                    };
                    let _ = backend.freeze_list(d.incident.id, rule);
                }
            }
            Err(e) => {
                eprintln!("custos: no demo incidents ({e})");
                break;
            }
        }
    }
    made
}

/// A few data-subject requests in every state: an access request due in a
/// few days, a fresh erasure request from someone not yet identified, a
/// rectification under way, and an objection carried out last month.
/// Skipped (with a note) for roles that may not handle requests.
fn demo_requests(backend: &dyn Backend, now: Timestamp) -> usize {
    let people: Vec<_> = match backend.list_contacts(ContactQuery {
        limit: 3,
        ..ContactQuery::default()
    }) {
        Ok(page) => page.rows.into_iter().map(|r| r.summary.id).collect(),
        Err(_) => return 0,
    };
    let today = now.date_naive();
    let draft =
        |kind, contact_id, requester: &str, days_ago: i64, note: &str| SubjectRequestDraft {
            kind,
            contact_id,
            requester: requester.to_string(),
            received_on: today - Duration::days(days_ago),
            note: note.to_string(),
        };
    let plan = [
        (
            draft(
                RequestKind::Access,
                people.first().copied(),
                "",
                26,
                "asked by e-mail for a copy of everything we hold",
            ),
            Some(RequestStatus::IdentityVerified),
            None,
        ),
        (
            draft(
                RequestKind::Erasure,
                None,
                "J. Jansen, j.jansen@example.org, by phone",
                2,
                "wants to be forgotten after the newsletter mix-up",
            ),
            None,
            None,
        ),
        (
            draft(
                RequestKind::Rectification,
                people.get(1).copied(),
                "",
                9,
                "the job title and address are out of date",
            ),
            Some(RequestStatus::InProgress),
            None,
        ),
        (
            draft(
                RequestKind::Objection,
                people.get(2).copied(),
                "",
                40,
                "no more marketing e-mails, please",
            ),
            Some(RequestStatus::IdentityVerified),
            Some(CarryOut::Object),
        ),
    ];
    let mut made = 0;
    for (draft, status, action) in plan {
        let filed = match backend.file_request(draft) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("custos: no demo requests ({e})");
                break;
            }
        };
        made += 1;
        let id = filed.request.id;
        let mut version = filed.request.version;
        if let Some(status) = status {
            match backend.set_request_status(id, version, status, String::new()) {
                Ok(saved) => version = saved.request.version,
                Err(e) => {
                    eprintln!("custos: demo request #{id} left new ({e})");
                    continue;
                }
            }
        }
        if let Some(action) = action
            && let Err(e) = backend.carry_out(id, version, action, String::new())
        {
            eprintln!("custos: demo request #{id} not carried out ({e})");
        }
    }
    made
}
