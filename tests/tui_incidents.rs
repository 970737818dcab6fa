//! The Incidents screen.

mod common;

use chrono::Duration;
use common::tui::Tui;
use custos::backend::Api;
use custos::model::{IncidentDraft, RiskLevel, Role};
use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;

fn with_incident(width: u16, height: u16) -> (Tui, u64) {
    let t = Tui::new(width, height);
    let admin = t.colleague(Role::PrivacyOfficer);
    let d = admin
        .create_incident(IncidentDraft {
            description: "A laptop with the customer list was stolen from a car.".into(),
            consequences: "Phishing e-mails are possible.".into(),
            measures: "Disk encrypted; passwords reset.".into(),
            risk: RiskLevel::High,
            ..IncidentDraft::new("Laptop stolen", common::now() - Duration::hours(60))
        })
        .unwrap();
    let mut t = t;
    // As on the next tick of a running interface.
    t.app.poll_changes();
    (t, d.incident.id)
}

#[test]
fn register_with_the_countdown_in_red_under_24_hours() {
    let (mut t, _) = with_incident(120, 12);
    t.key(KeyCode::Char('4'));
    assert_snapshot!(t.render());
    // The status line of every screen carries the countdown.
    t.key(KeyCode::Char('1'));
    assert!(t.text().contains("⚠ breach #1: 12h 00m left to report"));
    let buffer = t.render().buffer().clone();
    let theme = custos::tui::config::Config::defaults().theme;
    let y = buffer.area.height - 2;
    let x = (0..buffer.area.width)
        .find(|&x| buffer[(x, y)].symbol() == "⚠")
        .unwrap();
    assert_eq!(buffer[(x, y)].style().fg, Some(theme.error));
}

#[test]
fn an_incident_with_its_list() {
    let (mut t, _) = with_incident(110, 30);
    t.key(KeyCode::Char('4')).key(KeyCode::Enter);
    assert_snapshot!("detail_empty_list", t.render());
    t.key(KeyCode::Char('p'));
    t.key(KeyCode::Tab).chars("customer");
    assert_snapshot!("rule_with_live_count", t.render());
    t.ctrl('s');
    let screen = t.text();
    assert!(screen.contains("6 added to the list"), "{screen}");
    assert!(
        screen.contains("Notification list: 0/6 notified"),
        "{screen}"
    );
    t.key(KeyCode::Char(' '))
        .key(KeyCode::Char(' '))
        .key(KeyCode::Char('m'));
    let screen = t.text();
    assert!(screen.contains("2 marked notified"), "{screen}");
    assert_snapshot!("detail_with_progress", t.render());
}

#[test]
fn pick_people_by_hand() {
    let (mut t, id) = with_incident(110, 30);
    t.key(KeyCode::Char('4'))
        .key(KeyCode::Enter)
        .key(KeyCode::Char('p'));
    t.ctrl('p')
        .chars("muller")
        .key(KeyCode::Tab)
        .key(KeyCode::Enter);
    assert!(t.text().contains("1 people match"), "{}", t.text());
    t.ctrl('s');
    let list = t.colleague(Role::Admin).incident(id).unwrap().entries;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].name, "Lukas Müller");
}

#[test]
fn register_a_breach_through_the_form() {
    let mut t = Tui::new(110, 34);
    t.key(KeyCode::Char('4')).key(KeyCode::Char('n'));
    t.chars("Mailbox hacked");
    assert_snapshot!("new_incident_form", t.render());
    t.ctrl('s');
    let screen = t.text();
    assert!(screen.contains("saved \"Mailbox hacked\""), "{screen}");
    assert!(screen.contains("3d 00h left"), "{screen}");
}

#[test]
fn hidden_from_sales_by_default() {
    let mut t = Tui::with(110, 12, Role::Sales, true);
    t.key(KeyCode::Char('4'));
    assert_snapshot!(t.render());
}
