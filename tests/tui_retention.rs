//! The Retention dashboard.

mod common;

use common::tui::Tui;
use custos::backend::Api;
use custos::model::Role;
use custos::model::retention::StateKey;
use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;

#[test]
fn dashboard_opens_on_the_expired_list() {
    let mut t = Tui::new(120, 14);
    t.key(KeyCode::Char('3'));
    assert_snapshot!(t.render());
}

#[test]
fn lists_per_state_and_their_reasons() {
    let mut t = Tui::new(120, 16);
    t.key(KeyCode::Char('3')).key(KeyCode::Left);
    assert_snapshot!("no_legal_basis", t.render());
    t.key(KeyCode::Right).key(KeyCode::Right);
    assert!(t.text().contains("Nobody in “Within 30 days”"));
}

#[test]
fn anonymise_the_selected_after_confirming() {
    let mut t = Tui::new(120, 16);
    t.key(KeyCode::Char('3')).key(KeyCode::Char('a'));
    assert_snapshot!("confirm_anonymise", t.render());
    t.key(KeyCode::Char('y'));
    let screen = t.text();
    assert!(screen.contains("anonymise: 1 done"), "{screen}");
    assert!(screen.contains("Nobody in “Expired”"), "{screen}");
    assert!(screen.contains("1 anonymised"));
}

#[test]
fn choose_several_then_put_them_on_hold_with_a_reason() {
    let mut t = Tui::new(120, 24);
    t.key(KeyCode::Char('3')).key(KeyCode::Left);
    t.key(KeyCode::Char(' ')).key(KeyCode::Char(' '));
    assert!(t.text().contains("2 chosen"));
    t.key(KeyCode::Char('h'));
    t.ctrl('s');
    assert!(t.text().contains("↳ is required"), "a reason is needed");
    t.chars("Claim by customer, file 2026-41").ctrl('s');
    let screen = t.text();
    assert!(screen.contains("put on legal hold: 2 done"), "{screen}");
    // The hold list has them; releasing asks first.
    for _ in 0..5 {
        t.key(KeyCode::Right);
    }
    assert_snapshot!("legal_hold_list", t.render());
    t.key(KeyCode::Char('h')).key(KeyCode::Char('y'));
    assert!(t.text().contains("take off legal hold: 1 done"));
}

#[test]
fn schedule_an_erasure_with_a_date() {
    let mut t = Tui::new(120, 24);
    t.key(KeyCode::Char('3')).key(KeyCode::Char('t'));
    assert_snapshot!("schedule_form", t.render());
    t.key(KeyCode::Tab).key(KeyCode::Right).key(KeyCode::Tab);
    t.chars("Expired; no reply to the renewal mail").ctrl('s');
    let screen = t.text();
    assert!(screen.contains("schedule erasure: 1 done"), "{screen}");
    let colleague = t.colleague(Role::PrivacyOfficer);
    let report = colleague
        .retention_report(None, Some(StateKey::ErasureScheduled), 0, 10)
        .unwrap();
    assert_eq!(report.total, 1);
    assert!(
        report.rows[0].reason.starts_with("deletion on 2026-12-23"),
        "{}",
        report.rows[0].reason
    );
}

#[test]
fn sales_may_look_but_not_act() {
    let mut t = Tui::with(120, 16, Role::Sales, true);
    t.key(KeyCode::Char('3'))
        .key(KeyCode::Char('a'))
        .key(KeyCode::Char('y'));
    assert!(t.text().contains("the sales role may not act on retention"));
}

/// A colleague shortens a purpose's retention: while the contacts are
/// re-derived in the background the dashboard says so, with how far; once
/// done (the change counter moves) it shows the figures without the note.
#[test]
fn after_a_rule_change_the_dashboard_says_it_is_updating_until_done() {
    let mut t = Tui::new(80, 24);
    t.service.rederive_in_chunks_of(1);
    t.service.hold_rederiving(true);
    t.service.rederive_in_background();
    t.key(KeyCode::Char('3'));
    assert!(!t.text().contains("updating"));

    let colleague = t.colleague(Role::Admin);
    let purpose = colleague
        .purposes()
        .unwrap()
        .into_iter()
        .find(|o| o.counts.given > 0)
        .expect("the seed has consents")
        .purpose;
    let mut draft = purpose.draft();
    draft.retention.months = 1;
    colleague
        .update_purpose(purpose.id, purpose.version, draft)
        .unwrap();
    t.app.poll_changes();
    let screen = t.text();
    assert!(screen.contains("rule changed, updating 0 %"), "{screen}");
    assert_snapshot!("updating_after_a_rule_change", t.render());

    t.service.hold_rederiving(false);
    let started = std::time::Instant::now();
    while colleague.retention_update(false).unwrap().left.is_some() {
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    t.app.poll_changes();
    let screen = t.text();
    assert!(!screen.contains("updating"), "{screen}");
}
