//! Driving the App in memory: a small fixed dataset, keys in, screen out.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use custos::backend::{Api, Backend, Local};
use custos::clock::Clock;
use custos::model::{ContactDraft, InteractionDraft, InteractionKind, OrganisationDraft, Role};
use custos::service::{Actor, Service};
use custos::store::Store;
use custos::tui::app::App;
use custos::tui::config::Config;
use custos::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{at, now, person};

pub struct Tui {
    pub dir: tempfile::TempDir,
    pub service: Arc<Service>,
    pub app: App,
    pub terminal: Terminal<TestBackend>,
    /// The names of the requests the app sent, in order.
    pub sent: Arc<Mutex<Vec<&'static str>>>,
}

/// The app's backend, noting each request it sends.
struct Noting {
    inner: Local,
    sent: Arc<Mutex<Vec<&'static str>>>,
}

impl Backend for Noting {
    fn call(
        &self,
        request: custos::service::Request,
    ) -> custos::service::Result<custos::service::Response> {
        self.sent.lock().unwrap().push(request.name());
        self.inner.call(request)
    }

    fn location(&self) -> String {
        self.inner.location()
    }
}

/// Six people at two organisations, with a few interactions, and the
/// newsletter and sales follow-up purposes with some consent history.
pub fn seed(service: &Arc<Service>) {
    let admin = Local::new(
        service.clone(),
        Actor::new("anna", Role::Admin),
        Clock::Fixed(now()),
    );
    let purposes = admin
        .load_templates(vec!["newsletter".into(), "sales-follow-up".into()])
        .unwrap();
    let bakkerij = admin
        .create_organisation(OrganisationDraft {
            name: "Bakkerij de Vries".into(),
            address: custos::model::Address {
                city: "Utrecht".into(),
                country: "NL".into(),
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap();
    let gent = admin
        .create_organisation(OrganisationDraft {
            name: "Gent Logistics NV".into(),
            ..Default::default()
        })
        .unwrap();
    let people = [
        (
            "Jan",
            "de Vries",
            "jan@bakkerijdevries.nl",
            Some(bakkerij.id),
        ),
        (
            "Anna",
            "Janssens",
            "anna.janssens@gentlogistics.be",
            Some(gent.id),
        ),
        ("Pieter", "Peeters", "pieter@peeters.be", None),
        ("Marie", "Dubois", "marie.dubois@gmail.com", None),
        (
            "Sophie",
            "van den Berg",
            "sophie@bakkerijdevries.nl",
            Some(bakkerij.id),
        ),
        ("Lukas", "Müller", "lukas.mueller@web.de", None),
    ];
    for (given, family, email, org) in people {
        let c = admin
            .create_contact(ContactDraft {
                organisation_id: org,
                job_title: if org.is_some() {
                    "Inkoper".into()
                } else {
                    String::new()
                },
                tags: vec!["customer".into()],
                ..person(given, family, email)
            })
            .unwrap();
        if given == "Lukas" {
            admin
                .record_consent(custos::service::api::ConsentDraft {
                    contact_id: c.id,
                    purpose_id: purposes[0].id,
                    action: custos::model::ConsentAction::Given,
                    at: Some(at(2023, 6, 1)),
                    channel: custos::model::ConsentChannel::Paper,
                    evidence: "Signed card at the 2023 fair".into(),
                })
                .unwrap();
        }
        if given == "Jan" || given == "Anna" {
            admin
                .record_consent(custos::service::api::ConsentDraft {
                    contact_id: c.id,
                    purpose_id: purposes[0].id,
                    action: custos::model::ConsentAction::Given,
                    at: Some(at(2026, 3, 2)),
                    channel: custos::model::ConsentChannel::WebForm,
                    evidence: "Unticked box on the order form, ticked by the customer".into(),
                })
                .unwrap();
        }
        if given == "Anna" {
            admin
                .record_consent(custos::service::api::ConsentDraft {
                    contact_id: c.id,
                    purpose_id: purposes[0].id,
                    action: custos::model::ConsentAction::Withdrawn,
                    at: Some(at(2026, 9, 14)),
                    channel: custos::model::ConsentChannel::Email,
                    evidence: "Unsubscribe link".into(),
                })
                .unwrap();
        }
        if given == "Jan" {
            for (day, kind, text) in [
                (3, InteractionKind::Call, "Called about the Christmas order"),
                (12, InteractionKind::Order, "Order placed: 40 kerststollen"),
            ] {
                admin
                    .create_interaction(InteractionDraft {
                        contact_id: c.id,
                        kind,
                        at: Some(at(2026, 11, day)),
                        summary: text.into(),
                    })
                    .unwrap();
            }
        }
    }
}

impl Tui {
    pub fn new(width: u16, height: u16) -> Tui {
        Tui::with(width, height, Role::Admin, true)
    }

    pub fn with(width: u16, height: u16, role: Role, data: bool) -> Tui {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("custos.redb")).unwrap();
        let service = Arc::new(Service::open(store).unwrap());
        super::pin_zone(&service);
        if data {
            seed(&service);
        }
        let sent = Arc::new(Mutex::new(Vec::new()));
        let backend: Box<dyn Backend> = Box::new(Noting {
            inner: Local::new(
                service.clone(),
                Actor::new("anna", role),
                Clock::Fixed(now()),
            ),
            sent: sent.clone(),
        });
        let mut app = App::new(backend, Clock::Fixed(now()), Config::defaults(), None).unwrap();
        app.set_location("custos.redb");
        // The first screen's rows, as a user sees them before typing.
        app.settle();
        Tui {
            dir,
            service,
            app,
            terminal: Terminal::new(TestBackend::new(width, height)).unwrap(),
            sent,
        }
    }

    /// Presses a key and lets background work it started finish, as a
    /// user who waits for the screen would.
    pub fn key(&mut self, code: KeyCode) -> &mut Self {
        self.app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        self.app.settle();
        self
    }

    pub fn ctrl(&mut self, c: char) -> &mut Self {
        self.app
            .handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
        self.app.settle();
        self
    }

    pub fn shift_tab(&mut self) -> &mut Self {
        self.app
            .handle_key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
        self
    }

    pub fn chars(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    pub fn render(&mut self) -> &TestBackend {
        // Background work (a report) finishes before the screen is read.
        self.app.settle();
        self.terminal.draw(|f| view::draw(&self.app, f)).unwrap();
        self.terminal.backend()
    }

    /// Presses a key without letting the work it starts finish: what a
    /// user sees meanwhile (read it with `text_now`).
    #[allow(dead_code)]
    pub fn key_now(&mut self, code: KeyCode) -> &mut Self {
        self.app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        self
    }

    /// The screen as it is drawn now, answers on their way not yet taken.
    #[allow(dead_code)]
    pub fn text_now(&mut self) -> String {
        self.terminal.draw(|f| view::draw(&self.app, f)).unwrap();
        self.screen_text()
    }

    /// The screen as text, one line per row.
    pub fn text(&mut self) -> String {
        self.render();
        self.screen_text()
    }

    fn screen_text(&self) -> String {
        let buffer = self.terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..buffer.area.height {
            for x in 0..buffer.area.width {
                out.push_str(buffer[(x, y)].symbol());
            }
            out.push('\n');
        }
        out
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.terminal.backend_mut().resize(width, height);
        self.terminal
            .resize(ratatui::layout::Rect::new(0, 0, width, height))
            .unwrap();
    }

    /// How many times the app sent request `name` since the last call.
    pub fn count_sent(&self, name: &str) -> usize {
        let mut sent = self.sent.lock().unwrap();
        let n = sent.iter().filter(|s| **s == name).count();
        sent.clear();
        n
    }

    /// Another user of the same database.
    pub fn colleague(&self, role: Role) -> Local {
        Local::new(
            self.service.clone(),
            Actor::new("pieter", role),
            Clock::Fixed(now()),
        )
    }
}
