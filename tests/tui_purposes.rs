//! The Purposes screen and the consent panel of a contact.

mod common;

use common::tui::Tui;
use custos::backend::Api;
use custos::model::{ConsentState, Role};
use custos::service::api::ContactQuery;
use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;

#[test]
fn purposes_list() {
    let mut t = Tui::new(120, 14);
    t.key(KeyCode::Char('2'));
    assert_snapshot!(t.render());
}

#[test]
fn purpose_detail() {
    let mut t = Tui::new(100, 24);
    t.key(KeyCode::Char('2')).key(KeyCode::Enter);
    assert_snapshot!(t.render());
}

#[test]
fn new_purpose_form_validates_and_saves() {
    let mut t = Tui::new(100, 30);
    t.key(KeyCode::Char('2')).key(KeyCode::Char('n'));
    t.chars("Loyalty programme");
    // Legitimate interest without the interest named.
    t.key(KeyCode::Tab).key(KeyCode::Tab);
    for _ in 0..5 {
        t.key(KeyCode::Right);
    }
    t.ctrl('s');
    assert_snapshot!(t.render());
    // The focus moved to the field with the message.
    t.chars("Rewarding returning customers");
    t.ctrl('s');
    let screen = t.text();
    assert!(screen.contains("saved \"Loyalty programme\""), "{screen}");
    assert!(screen.contains("(f) legitimate interest"));
}

#[test]
fn templates_picker_loads_the_chosen_ones() {
    let mut t = Tui::with(100, 20, Role::Admin, false);
    t.key(KeyCode::Char('2'));
    assert!(t.text().contains("No purposes yet"));
    t.key(KeyCode::Char('t'));
    t.key(KeyCode::Char(' '))
        .key(KeyCode::Down)
        .key(KeyCode::Down)
        .key(KeyCode::Char(' '));
    assert_snapshot!(t.render());
    t.key(KeyCode::Enter);
    let screen = t.text();
    assert!(screen.contains("2 purpose(s) added"), "{screen}");
    assert!(screen.contains("2 purposes, 2 active"));
}

#[test]
fn archive_asks_then_archives() {
    let mut t = Tui::new(120, 14);
    t.key(KeyCode::Char('2')).key(KeyCode::Char('a'));
    assert!(t.text().contains("Archive purpose"));
    t.key(KeyCode::Char('y'));
    let screen = t.text();
    assert!(screen.contains("archived"), "{screen}");
    assert!(screen.contains("2 purposes, 1 active"));
}

#[test]
fn sales_sees_purposes_but_cannot_change_them() {
    let mut t = Tui::with(120, 14, Role::Sales, true);
    t.key(KeyCode::Char('2'))
        .key(KeyCode::Char('a'))
        .key(KeyCode::Char('y'));
    let screen = t.text();
    assert!(
        screen.contains("the sales role may not manage purposes"),
        "{screen}"
    );
}

#[test]
fn consent_panel_of_a_contact() {
    let mut t = Tui::new(110, 34);
    t.key(KeyCode::Char('/'))
        .chars("anna jans")
        .key(KeyCode::Enter)
        .key(KeyCode::Enter);
    assert_snapshot!(t.render());
}

#[test]
fn give_and_withdraw_consent_with_the_keys() {
    let mut t = Tui::with(110, 34, Role::Sales, true);
    t.key(KeyCode::Char('/'))
        .chars("pieter")
        .key(KeyCode::Enter)
        .key(KeyCode::Enter);
    // The first purpose listed is the newsletter.
    t.key(KeyCode::Char('c'));
    assert_snapshot!("consent_form", t.render());
    // Giving needs evidence.
    t.ctrl('s');
    assert!(t.text().contains("consent must be provable"));
    t.key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .chars("Asked at the counter, said yes");
    t.ctrl('s');
    let screen = t.text();
    assert!(screen.contains("consent given recorded"), "{screen}");
    assert!(screen.contains("given 2026-11-23"), "{screen}");

    t.key(KeyCode::Char('w')).ctrl('s');
    let screen = t.text();
    assert!(screen.contains("withdrawn 2026-11-23"), "{screen}");

    let colleague = t.colleague(Role::Admin);
    let id = colleague
        .list_contacts(ContactQuery {
            query: "pieter peeters".into(),
            ..Default::default()
        })
        .unwrap()
        .rows[0]
        .summary
        .id;
    let detail = colleague.contact(id).unwrap();
    let newsletter = detail
        .consents
        .iter()
        .find(|c| c.name == "Newsletter")
        .unwrap();
    assert!(matches!(newsletter.state, ConsentState::Withdrawn { .. }));
    assert_eq!(newsletter.history.len(), 2);
    assert_eq!(newsletter.history[0].recorded_by, "anna");
}
