//! The shell and the Contacts screen, drawn into ratatui's TestBackend.

mod common;

use common::tui::Tui;
use custos::backend::Api;
use custos::model::Role;
use custos::service::api::ContactQuery;
use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;

#[test]
fn list() {
    let mut t = Tui::new(120, 20);
    assert_snapshot!(t.render());
}

#[test]
fn search_with_highlights() {
    let mut t = Tui::new(120, 14);
    t.key(KeyCode::Char('/')).chars("vries");
    assert_snapshot!(t.render());
    // The matched characters carry the highlight style, the others not.
    let theme = custos::tui::config::Config::defaults().theme;
    let buffer = t.render().buffer().clone();
    let row = (0..buffer.area.height)
        .find(|&y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                .starts_with("Jan de Vries")
        })
        .expect("Jan de Vries is listed");
    let style_at = |x: u16| buffer[(x, row)].style();
    // "Jan de Vries": V..ries at columns 7..12 match "vries".
    for x in 7..12 {
        assert_eq!(style_at(x).fg, Some(theme.matched), "column {x}");
    }
    assert_ne!(style_at(0).fg, Some(theme.matched));
}

#[test]
fn typing_narrows_on_every_keystroke() {
    let mut t = Tui::new(120, 14);
    t.key(KeyCode::Char('/'));
    t.chars("m");
    let after_m = t.text();
    assert!(after_m.contains("Marie Dubois") && after_m.contains("Lukas Müller"));
    // Accents do not matter: "müll" is "mull" (issue 15).
    t.chars("üll");
    let after_mul = t.text();
    assert!(after_mul.contains("Lukas Müller"));
    assert!(!after_mul.contains("Marie Dubois"), "{after_mul}");
    // Esc clears the search.
    t.key(KeyCode::Esc);
    assert!(t.text().contains("6 contacts · by name"));
}

#[test]
fn the_count_waits_for_the_answer_to_what_was_typed() {
    let mut t = Tui::new(120, 14);
    t.key(KeyCode::Char('/')).chars("vries");
    assert!(t.text().contains("2 contacts · by relevance"));
    // Typed, not yet answered: the old total would be a wrong answer.
    t.key_now(KeyCode::Char('x'));
    let meanwhile = t.text_now();
    assert!(meanwhile.contains("searching…"), "{meanwhile}");
    assert!(!meanwhile.contains("2 contacts"), "{meanwhile}");
    // Answered.
    assert!(t.text().contains("0 contacts · by relevance"));
}

#[test]
fn detail() {
    let mut t = Tui::new(100, 26);
    t.key(KeyCode::Char('/'))
        .chars("jan de")
        .key(KeyCode::Enter)
        .key(KeyCode::Enter);
    assert_snapshot!(t.render());
}

#[test]
fn form_with_a_validation_error() {
    let mut t = Tui::new(100, 30);
    t.key(KeyCode::Char('n'));
    t.chars("Eva")
        .key(KeyCode::Tab)
        .chars("Visser")
        .key(KeyCode::Tab);
    t.chars("eva-at-example");
    t.ctrl('s');
    assert_snapshot!(t.render());
    // Fixing the field and saving creates the contact.
    for _ in 0.."-at-example".len() {
        t.key(KeyCode::Backspace);
    }
    t.chars("@visser.nl").ctrl('s');
    let screen = t.text();
    assert!(screen.contains("saved Eva Visser"), "{screen}");
    assert!(screen.contains("7 contacts"));
}

#[test]
fn confirm_dialog_then_delete() {
    let mut t = Tui::new(100, 20);
    t.key(KeyCode::Char('d'));
    assert_snapshot!(t.render());
    t.key(KeyCode::Char('n'));
    assert!(t.text().contains("6 contacts"));
    t.key(KeyCode::Char('d')).key(KeyCode::Char('y'));
    let screen = t.text();
    assert!(screen.contains("5 contacts"), "{screen}");
    assert!(screen.contains("deleted"));
}

#[test]
fn help_overlay() {
    let mut t = Tui::new(100, 34);
    t.key(KeyCode::Char('?'));
    assert_snapshot!(t.render());
    t.key(KeyCode::Char('x'));
    assert!(!t.text().contains("any key closes"));
}

#[test]
fn at_80_by_24() {
    let mut t = Tui::new(80, 24);
    assert_snapshot!("list_80x24", t.render());
    t.key(KeyCode::Enter).key(KeyCode::Char('e'));
    assert_snapshot!("form_80x24", t.render());
}

#[test]
fn log_an_interaction() {
    let mut t = Tui::new(100, 30);
    t.key(KeyCode::Char('/'))
        .chars("pieter")
        .key(KeyCode::Enter)
        .key(KeyCode::Enter);
    t.key(KeyCode::Char('i'));
    assert_snapshot!(t.render());
    t.key(KeyCode::Right) // kind: email
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .chars("Sent the price list")
        .key(KeyCode::Enter);
    let screen = t.text();
    assert!(screen.contains("Interactions (1)"), "{screen}");
    assert!(screen.contains("email   anna"), "{screen}");
    assert!(screen.contains("Sent the price list"));
}

#[test]
fn sorting_by_column() {
    let mut t = Tui::new(120, 14);
    t.key(KeyCode::Char('s'));
    let by_org = t.text();
    assert!(by_org.contains("by organisation ▲"), "{by_org}");
    t.key(KeyCode::Char('S'));
    assert!(t.text().contains("by organisation ▼"));
}

#[test]
fn an_edit_conflict_is_shown_and_resolved_by_reloading() {
    let mut t = Tui::new(100, 30);
    t.key(KeyCode::Char('/'))
        .chars("jan de")
        .key(KeyCode::Enter);
    t.key(KeyCode::Char('e'));
    // Meanwhile a colleague changes the job title and the city.
    let colleague = t.colleague(Role::Sales);
    let id = colleague
        .list_contacts(ContactQuery {
            query: "jan de vries".into(),
            ..Default::default()
        })
        .unwrap()
        .rows[0]
        .summary
        .id;
    let latest = colleague.contact(id).unwrap().contact;
    let mut theirs = latest.draft();
    theirs.job_title = "Eigenaar".into();
    theirs.address.city = "Amersfoort".into();
    colleague
        .update_contact(id, latest.version, theirs, false)
        .unwrap();

    // This user changes the job title too, and the notes, then saves.
    for _ in 0..5 {
        t.key(KeyCode::Tab);
    }
    t.ctrl('u').chars("Bedrijfsleider");
    for _ in 0..8 {
        t.key(KeyCode::Tab);
    }
    t.chars("Wants a quote");
    t.ctrl('s');
    assert_snapshot!(t.render());

    // Nothing was overwritten: the colleague's change is in the database.
    assert_eq!(colleague.contact(id).unwrap().contact.job_title, "Eigenaar");
    // Saving the reviewed form keeps both: mine on the fields I changed,
    // theirs on the others.
    t.ctrl('s');
    let saved = colleague.contact(id).unwrap().contact;
    assert_eq!(saved.job_title, "Bedrijfsleider");
    assert_eq!(saved.notes, "Wants a quote");
    assert_eq!(saved.address.city, "Amersfoort");
    assert_eq!(saved.version, 3);
}

#[test]
fn other_users_changes_appear_when_the_counter_moves() {
    let mut t = Tui::new(120, 14);
    assert!(t.text().contains("6 contacts"));
    let colleague = t.colleague(Role::Sales);
    colleague
        .create_contact(common::person("Zoë", "Zwart", "zoe@zwart.nl"))
        .unwrap();
    t.app.poll_changes();
    let screen = t.text();
    assert!(screen.contains("7 contacts"), "{screen}");
    assert!(screen.contains("Zoë Zwart"));
}

#[test]
fn sales_cannot_delete_and_is_told_why() {
    let mut t = Tui::with(100, 20, Role::Sales, true);
    t.key(KeyCode::Char('d')).key(KeyCode::Char('y'));
    let screen = t.text();
    assert!(
        screen.contains("the sales role may not erase contacts"),
        "{screen}"
    );
    assert!(screen.contains("6 contacts"));
}

#[test]
fn empty_database() {
    let mut t = Tui::with(100, 12, Role::Admin, false);
    assert_snapshot!(t.render());
}

#[test]
fn every_screen_of_the_shell() {
    let mut t = Tui::new(100, 16);
    for (key, name) in [
        ('2', "purposes"),
        ('3', "retention"),
        ('4', "incidents"),
        ('5', "requests"),
        ('6', "audit"),
    ] {
        t.key(KeyCode::Char(key));
        assert_snapshot!(format!("shell_{name}"), t.render());
    }
    // Tab and Shift-Tab move between screens, wrapping around.
    t.key(KeyCode::Tab);
    assert!(t.text().contains("6 contacts"));
    t.shift_tab();
    assert!(t.text().contains("to verify the hash chain"));
}

#[test]
fn audit_screen_is_closed_to_sales() {
    let mut t = Tui::with(100, 12, Role::Sales, true);
    t.key(KeyCode::Char('6'));
    assert_snapshot!(t.render());
}

#[test]
fn quit_keys() {
    let mut t = Tui::new(100, 12);
    t.key(KeyCode::Char('/'));
    t.key(KeyCode::Char('q'));
    assert!(!t.app.quit, "q while typing a search is text");
    t.key(KeyCode::Esc).key(KeyCode::Char('q'));
    assert!(t.app.quit);
    let mut t = Tui::new(100, 12);
    t.key(KeyCode::Char('n')).ctrl('c');
    assert!(t.app.quit, "ctrl-c quits from anywhere");
}

#[test]
fn any_size_down_to_tiny_never_panics() {
    let mut t = Tui::new(120, 40);
    // List, detail, form, help overlay: each entered from the previous one.
    let steps: [&[KeyCode]; 4] = [
        &[],
        &[KeyCode::Enter],
        &[KeyCode::Char('e')],
        &[KeyCode::Esc, KeyCode::Char('?')],
    ];
    for keys in steps {
        for key in keys {
            t.key(*key);
        }
        for width in (1..=130).step_by(7) {
            for height in (1..=45).step_by(4) {
                t.resize(width, height);
                t.render();
            }
        }
    }
}

#[test]
fn scrolls_smoothly_through_many_contacts() {
    let mut t = Tui::with(100, 20, Role::Admin, false);
    let admin = t.colleague(Role::Admin);
    let batch = custos::service::api::ImportBatch {
        organisations: vec![],
        contacts: (0..1000)
            .map(|i| custos::service::api::ImportContact {
                draft: common::person("Person", &format!("N{i:04}"), &format!("p{i}@x.nl")),
                organisation: None,
                created_at: None,
                interactions: vec![],
                consents: vec![],
            })
            .collect(),
        ..Default::default()
    };
    admin.import(batch).unwrap();
    t.app.poll_changes();
    // 15 table rows fit; each page-down moves by that, fetching new windows
    // of rows as the selection leaves the loaded one.
    t.render();
    for _ in 0..30 {
        t.key(KeyCode::PageDown);
    }
    let screen = t.text();
    assert!(screen.contains("Person N0450"), "{screen}");
    t.key(KeyCode::End);
    assert!(t.text().contains("Person N0999"));
    t.key(KeyCode::Home);
    assert!(t.text().contains("Person N0000"));
}

#[test]
fn restricting_a_contact_and_lifting_it_again() {
    let mut t = Tui::new(100, 30);
    t.key(KeyCode::Char('/'))
        .chars("jan de")
        .key(KeyCode::Enter)
        .key(KeyCode::Enter);
    t.key(KeyCode::Char('r'));
    assert_snapshot!("restrict_form", t.render());
    // A restriction needs its reason.
    t.ctrl('s');
    assert!(t.text().contains("required"), "{}", t.text());
    t.chars("accuracy of the address contested").ctrl('s');
    let screen = t.text();
    assert!(screen.contains("Jan de Vries restricted"), "{screen}");
    assert!(screen.contains("r unrestrict"), "{screen}");
    let api = t.colleague(Role::Admin);
    let id = api
        .list_contacts(ContactQuery {
            query: "jan de vries".into(),
            ..Default::default()
        })
        .unwrap()
        .rows[0]
        .summary
        .id;
    let restriction = api.contact(id).unwrap().contact.restriction.unwrap();
    assert_eq!(restriction.reason, "accuracy of the address contested");
    // Lifting asks first, reminding to tell the person.
    t.key(KeyCode::Char('r'));
    assert!(t.text().contains("Art. 18(3)"), "{}", t.text());
    t.key(KeyCode::Char('n'));
    assert!(api.contact(id).unwrap().contact.is_restricted());
    t.key(KeyCode::Char('r')).key(KeyCode::Char('y'));
    assert!(t.text().contains("restriction of Jan de Vries lifted"));
    assert!(!api.contact(id).unwrap().contact.is_restricted());
}

#[test]
fn sales_may_not_restrict() {
    let mut t = Tui::with(100, 30, Role::Sales, true);
    t.key(KeyCode::Enter);
    t.key(KeyCode::Char('r')).chars("because").ctrl('s');
    let screen = t.text();
    assert!(screen.contains("may not"), "{screen}");
}

/// After its own save the screen reloads once: the watcher then sees the
/// change counter move, but the reload already shows that change.
#[test]
fn an_own_save_reloads_the_list_once() {
    let mut t = Tui::new(120, 20);
    t.count_sent("ListContacts");
    t.key(KeyCode::Char('n'));
    t.chars("Eva").key(KeyCode::Tab).chars("Visser");
    t.ctrl('s');
    t.app.poll_changes();
    t.app.settle();
    assert!(t.text().contains("7 contacts"));
    assert_eq!(t.count_sent("ListContacts"), 1);
    // A colleague's change is picked up: one more reload.
    t.colleague(Role::Sales)
        .create_contact(common::person("Zoë", "Zwart", "zoe@zwart.nl"))
        .unwrap();
    t.app.poll_changes();
    assert!(t.text().contains("8 contacts"));
    assert_eq!(t.count_sent("ListContacts"), 1);
}
