//! The Requests screen: the queue with its deadlines, a request's detail,
//! filing, and carrying requests out from the keyboard.

mod common;

use chrono::{Duration, NaiveDate};
use common::tui::Tui;
use custos::backend::{Api, Local};
use custos::model::{RequestKind, RequestStatus, Role, SubjectRequestDraft};
use custos::service::api::{ContactQuery, RequestOverview};
use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;

/// Lets the toasts fade, as a few seconds of waiting would.
fn quiet(t: &mut Tui) -> &mut Tui {
    for _ in 0..40 {
        t.app.tick();
    }
    t
}

fn id_of(api: &Local, name: &str) -> u64 {
    api.list_contacts(ContactQuery {
        query: name.into(),
        limit: 1,
        ..Default::default()
    })
    .unwrap()
    .rows[0]
        .summary
        .id
}

fn file(
    api: &Local,
    kind: RequestKind,
    contact: Option<u64>,
    requester: &str,
    days_ago: i64,
) -> RequestOverview {
    api.file_request(SubjectRequestDraft {
        kind,
        contact_id: contact,
        requester: requester.into(),
        received_on: common::now().date_naive() - Duration::days(days_ago),
        note: "received by e-mail".into(),
    })
    .unwrap()
}

fn verify(api: &Local, r: &RequestOverview) -> RequestOverview {
    api.set_request_status(
        r.request.id,
        r.request.version,
        RequestStatus::IdentityVerified,
        "ID card checked".into(),
    )
    .unwrap()
}

/// A queue with an overdue request, one due within the week, an
/// unmatched one and a comfortable one.
fn queue(width: u16, height: u16) -> (Tui, Local) {
    let mut t = Tui::new(width, height);
    let officer = t.colleague(Role::PrivacyOfficer);
    let jan = id_of(&officer, "Jan de Vries");
    let marie = id_of(&officer, "Marie Dubois");
    let lukas = id_of(&officer, "Lukas");
    let late = file(&officer, RequestKind::Access, Some(jan), "", 35);
    verify(&officer, &late);
    let soon = file(&officer, RequestKind::Erasure, Some(lukas), "", 26);
    verify(&officer, &soon);
    file(
        &officer,
        RequestKind::Objection,
        None,
        "caller, +32 470 12 34 56",
        1,
    );
    file(&officer, RequestKind::Rectification, Some(marie), "", 3);
    t.app.poll_changes();
    (t, officer)
}

#[test]
fn the_queue_most_urgent_first_with_coloured_deadlines() {
    let (mut t, _) = queue(110, 14);
    t.key(KeyCode::Char('5'));
    assert_snapshot!(t.render());
    let text = t.text();
    assert!(text.contains("4 open requests · 1 overdue"), "{text}");
    // The overdue deadline is red and bold, the one within a week yellow.
    let buffer = t.render().buffer().clone();
    let theme = custos::tui::config::Config::defaults().theme;
    let find = |needle: &str| {
        (0..buffer.area.height).find_map(|y| {
            let line: String = (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect();
            line.find(needle).map(|byte| {
                let x = line[..byte].chars().count() as u16;
                buffer[(x, y)].style()
            })
        })
    };
    assert_eq!(find("4 days overdue").unwrap().fg, Some(theme.error));
    assert_eq!(find("5 days left").unwrap().fg, Some(theme.warning));
    // The status line of every screen carries the warning.
    t.key(KeyCode::Char('1'));
    assert!(t.text().contains("request #1 (access)"), "{}", t.text());
}

#[test]
fn a_request_in_detail_and_the_closed_ones_on_demand() {
    let (mut t, officer) = queue(110, 24);
    t.key(KeyCode::Char('5'));
    t.key(KeyCode::Down).key(KeyCode::Enter);
    assert_snapshot!("detail", t.render());
    // Extend: the new date is in the form's title.
    t.key(KeyCode::Char('x'));
    assert!(t.text().contains("Extend request #2 to 2027-01-28"));
    t.chars("records in three systems");
    t.ctrl('s');
    let text = t.text();
    assert!(text.contains("request #2 now due 2027-01-28"), "{text}");
    assert!(text.contains("Extended to   2027-01-28"), "{text}");
    // A note.
    t.key(KeyCode::Char('i'))
        .chars("called to confirm the address");
    t.ctrl('s');
    assert!(
        quiet(&mut t)
            .text()
            .contains("called to confirm the address")
    );
    t.key(KeyCode::Esc);
    // Closed requests show with `a`.
    let r = officer.request(4).unwrap();
    officer
        .set_request_status(
            4,
            r.request.version,
            RequestStatus::Refused {
                reason: "not the person concerned".into(),
            },
            String::new(),
        )
        .unwrap();
    t.app.poll_changes();
    assert!(!t.text().contains("rectification"));
    t.key(KeyCode::Char('a'));
    let text = t.text();
    assert!(
        text.contains("rectification") && text.contains("refused"),
        "{text}"
    );
}

#[test]
fn filing_finds_the_contact_as_you_type() {
    let mut t = Tui::new(100, 20);
    t.key(KeyCode::Char('5'));
    t.key(KeyCode::Char('n'));
    // Erasure.
    t.key(KeyCode::Right).key(KeyCode::Right);
    t.key(KeyCode::Tab).chars("sophie");
    assert_snapshot!("file_form", t.render());
    // Several match: ctrl-n picks the next one, ctrl-p goes back.
    t.ctrl('u').chars("bakkerij");
    let text = t.text();
    assert!(
        text.contains("(1 of 2: ctrl-n / ctrl-p for another"),
        "{text}"
    );
    let first = text.contains("contact → Jan de Vries");
    t.ctrl('n');
    assert_eq!(t.text().contains("contact → Jan de Vries"), !first);
    t.ctrl('p');
    t.ctrl('u').chars("sophie");
    t.key(KeyCode::Tab).key(KeyCode::Tab).key(KeyCode::Tab);
    t.chars("letter of 20 November");
    t.ctrl('s');
    let text = t.text();
    assert!(text.contains("request #1 filed: due 2026-12-23"), "{text}");
    assert!(text.contains("Sophie van den B"), "{text}");
    // A date in the wrong shape stays in the form with the reason.
    t.key(KeyCode::Char('n'));
    t.key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .chars("walk-in visitor");
    t.key(KeyCode::Tab).ctrl('u');
    t.chars("11/23/2026");
    t.ctrl('s');
    let text = t.text();
    assert!(
        text.contains("cannot read \"11/23/2026\" as a date"),
        "{text}"
    );
}

#[test]
fn carrying_out_needs_a_verified_person() {
    let (mut t, _) = queue(110, 16);
    t.key(KeyCode::Char('5'));
    // The unmatched objection: link it first.
    t.key(KeyCode::Down).key(KeyCode::Down).key(KeyCode::Down);
    t.key(KeyCode::Char('c'));
    assert!(t.text().contains("not linked to a contact yet"));
    t.key(KeyCode::Char('e'));
    // The requester's words are looked up first; nothing matches them.
    assert!(t.text().contains("contact: no match"));
    t.ctrl('u').chars("pieter");
    assert!(t.text().contains("contact → Pieter Peeters"));
    t.ctrl('s');
    assert!(t.text().contains("linked to Pieter Peeters"));
    t.key(KeyCode::Char('c'));
    assert!(t.text().contains("verify the requester's identity first"));
    t.key(KeyCode::Char('s')).key(KeyCode::Right);
    t.ctrl('s');
    t.key(KeyCode::Char('c'));
    assert_snapshot!("objection_confirm", quiet(&mut t).render());
    t.key(KeyCode::Char('y'));
    let text = t.text();
    assert!(text.contains("on the do-not-contact list"), "{text}");
}

#[test]
fn erasure_by_a_date_within_the_deadline() {
    let (mut t, officer) = queue(110, 16);
    t.key(KeyCode::Char('5'));
    t.key(KeyCode::Down).key(KeyCode::Char('c'));
    assert_snapshot!("erase_form", t.render());
    t.key(KeyCode::Tab).chars("2027-03-01");
    t.ctrl('s');
    assert!(
        t.text()
            .contains("must happen by the request's deadline, 2026-11-28")
    );
    // Today has begun already: refused, not taken as "now".
    t.ctrl('u').chars("2026-11-23");
    t.ctrl('s');
    let text = t.text();
    assert!(text.contains("is not in the future"), "{text}");
    let lukas = id_of(&officer, "Lukas");
    assert!(!officer.contact(lukas).unwrap().contact.is_anonymised());
    t.ctrl('u').chars("2026-11-27");
    t.ctrl('s');
    let text = t.text();
    assert!(text.contains("to be anonymised on 2026-11-27"), "{text}");
    let due = officer.contact(lukas).unwrap().contact.erasure.unwrap().due;
    // The start of that day where the company is (Amsterdam).
    assert_eq!(
        custos::model::when::Zone::default().date_of(due),
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    );
}

#[test]
fn access_exports_the_data_to_a_file() {
    let (mut t, _) = queue(110, 16);
    t.key(KeyCode::Char('5'));
    t.key(KeyCode::Char('c'));
    assert_snapshot!("export_form", t.render());
    let path = t.dir.path().join("jan");
    t.key(KeyCode::Tab).ctrl('u').chars(path.to_str().unwrap());
    t.ctrl('s');
    let text = t.text();
    assert!(text.contains("data written to"), "{text}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(t.dir.path().join("jan.json")).unwrap()).unwrap();
    assert_eq!(json["contact"]["family_name"], "de Vries");
    // Writing over an existing file is refused before anything is closed.
    let (mut t2, officer) = queue(110, 16);
    std::fs::write(t2.dir.path().join("taken.json"), b"{}").unwrap();
    t2.key(KeyCode::Char('5'));
    t2.key(KeyCode::Char('c'));
    let taken = t2.dir.path().join("taken.json");
    t2.key(KeyCode::Tab)
        .ctrl('u')
        .chars(taken.to_str().unwrap());
    t2.ctrl('s');
    assert!(t2.text().contains("exists already"));
    // So is a name that only opening the file finds taken: a dangling
    // link (`exists()` says no, creating it fails).
    let dangling = t2.dir.path().join("dangling.json");
    std::os::unix::fs::symlink(t2.dir.path().join("gone"), &dangling).unwrap();
    t2.ctrl('u').chars(dangling.to_str().unwrap());
    t2.ctrl('s');
    assert!(t2.text().contains("File exists"), "{}", t2.text());
    assert!(!t2.dir.path().join("gone").exists());
    assert_eq!(
        officer.request(1).unwrap().request.status,
        RequestStatus::IdentityVerified
    );
}

#[test]
fn rectification_opens_the_contact_form_and_saving_closes_it() {
    let (mut t, officer) = queue(110, 30);
    let r = officer.request(4).unwrap();
    verify(&officer, &r);
    t.app.poll_changes();
    t.key(KeyCode::Char('5'));
    t.key(KeyCode::Down).key(KeyCode::Down);
    t.key(KeyCode::Char('c'));
    let text = t.text();
    assert!(text.contains("Rectify Marie Dubois (request #4)"), "{text}");
    assert_eq!(t.app.active(), 0, "the Contacts screen shows the form");
    // Job title.
    for _ in 0..5 {
        t.key(KeyCode::Tab);
    }
    t.chars("Directrice");
    t.ctrl('s');
    let text = t.text();
    assert!(
        text.contains("request #4 done: contact rectified"),
        "{text}"
    );
    let marie = id_of(&officer, "Marie Dubois");
    assert_eq!(
        officer.contact(marie).unwrap().contact.job_title,
        "Directrice"
    );
    assert_eq!(
        officer.request(4).unwrap().request.status,
        RequestStatus::Done
    );
}

#[test]
fn editing_a_restricted_contact_asks_first() {
    let mut t = Tui::new(100, 30);
    let officer = t.colleague(Role::PrivacyOfficer);
    let jan = id_of(&officer, "Jan de Vries");
    officer
        .restrict_contact(jan, "contests the accuracy of the address".into())
        .unwrap();
    t.app.poll_changes();
    t.key(KeyCode::Char('/')).chars("jan de vries");
    t.key(KeyCode::Enter).key(KeyCode::Enter);
    assert!(t.text().contains("RESTRICTED (Art. 18)"));
    t.key(KeyCode::Char('e'));
    for _ in 0..8 {
        t.key(KeyCode::Tab);
    }
    t.chars("X");
    t.ctrl('s');
    assert_snapshot!("restricted_confirm", t.render());
    // No: the form stays, nothing saved.
    t.key(KeyCode::Char('n'));
    assert_eq!(officer.contact(jan).unwrap().contact.version, 2);
    t.ctrl('s');
    t.key(KeyCode::Char('y'));
    assert!(t.text().contains("saved Jan de Vries"));
    assert_eq!(officer.contact(jan).unwrap().contact.version, 3);
}

#[test]
fn sales_file_requests_but_do_not_handle_them() {
    let mut t = Tui::with(100, 14, Role::Sales, true);
    let officer = t.colleague(Role::PrivacyOfficer);
    let jan = id_of(&officer, "Jan de Vries");
    let r = file(&officer, RequestKind::Access, Some(jan), "", 2);
    verify(&officer, &r);
    t.app.poll_changes();
    t.key(KeyCode::Char('5'));
    t.key(KeyCode::Char('c'));
    t.key(KeyCode::Char('s')).key(KeyCode::Right);
    t.ctrl('s');
    let text = t.text();
    assert!(
        text.contains("may file requests but not handle them"),
        "{text}"
    );
    assert_eq!(
        officer.request(1).unwrap().request.status,
        RequestStatus::IdentityVerified
    );
    t.key(KeyCode::Esc);
    t.key(KeyCode::Char('n'))
        .key(KeyCode::Tab)
        .key(KeyCode::Tab);
    t.chars("visitor at the stand");
    t.ctrl('s');
    assert!(t.text().contains("request #2 filed"));
}
