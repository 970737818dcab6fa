//! Shared set-up for integration tests: a service over a temporary database
//! at a pinned date.
#![allow(dead_code)]

use chrono::{TimeZone, Utc};
use custos::model::{ContactDraft, Role, Timestamp};
use custos::service::calls::{CreateContact, GetSettings, UpdateSettings};
use custos::service::{Actor, Routed, Service, ServiceError};
use custos::store::Store;

pub mod accounts;
pub mod pty;
pub mod tui;

pub fn now() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

pub fn at(y: i32, m: u32, d: u32) -> Timestamp {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
}

/// Wall-clock times in these tests are Amsterdam's, whatever the machine's
/// zone (the default would follow the machine).
pub fn pin_zone(service: &Service) {
    let mut settings = service.ask(&admin(), now(), GetSettings).unwrap();
    settings.time_zone = "Europe/Amsterdam".into();
    service
        .ask(&admin(), now(), UpdateSettings { settings })
        .unwrap();
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub service: Service,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("custos.redb")).unwrap();
        let service = Service::open(store).unwrap();
        Fixture { dir, service }
    }

    pub fn path(&self) -> std::path::PathBuf {
        self.dir.path().join("custos.redb")
    }

    /// Sends `request` as `actor` at the pinned date; its typed answer.
    pub fn call<C: Routed>(&self, actor: &Actor, request: C) -> Result<C::Answer, ServiceError> {
        self.service.ask(actor, now(), request)
    }

    /// Sends `request` as the admin; it must succeed.
    pub fn admin<C: Routed>(&self, request: C) -> C::Answer {
        self.call(&admin(), request)
            .unwrap_or_else(|e| panic!("admin request failed: {e}"))
    }

    pub fn create_contact(&self, draft: ContactDraft) -> custos::model::Contact {
        self.admin(CreateContact { draft })
    }
}

pub fn admin() -> Actor {
    Actor::new("root", Role::Admin)
}
pub fn officer() -> Actor {
    Actor::new("petra", Role::PrivacyOfficer)
}
pub fn sales() -> Actor {
    Actor::new("anna", Role::Sales)
}
pub fn reader() -> Actor {
    Actor::new("rob", Role::ReadOnly)
}

pub fn person(given: &str, family: &str, email: &str) -> ContactDraft {
    ContactDraft {
        given_name: given.into(),
        family_name: family.into(),
        emails: vec![email.into()],
        phones: vec!["+31 6 1234 5678".into()],
        ..ContactDraft::default()
    }
}

/// Carries a request out as a user who has it open: at its current version,
/// without a note.
pub trait Carry {
    fn carry(
        &self,
        id: custos::model::RequestId,
        action: custos::service::api::CarryOut,
    ) -> Result<custos::service::api::CarryOutReport, ServiceError>;
}

impl<T: custos::backend::Api + ?Sized> Carry for T {
    fn carry(
        &self,
        id: custos::model::RequestId,
        action: custos::service::api::CarryOut,
    ) -> Result<custos::service::api::CarryOutReport, ServiceError> {
        let version = self.request(id)?.request.version;
        self.carry_out(id, version, action, String::new())
    }
}

/// Whether opening the database at `path` needs redb's recovery, i.e. the
/// last process to have it open did not close it cleanly. Opens and closes
/// it (the recovery then runs once).
pub fn needs_recovery(path: &std::path::Path) -> bool {
    let repaired = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = repaired.clone();
    let db = redb::Database::builder()
        .set_repair_callback(move |_| flag.store(true, std::sync::atomic::Ordering::SeqCst))
        .create(path)
        .unwrap();
    drop(db);
    repaired.load(std::sync::atomic::Ordering::SeqCst)
}

/// The whole audit trail as an admin reads it: newest first.
pub fn audit_newest_first(service: &Service) -> Vec<custos::model::AuditEntry> {
    service
        .ask(
            &admin(),
            now(),
            custos::service::calls::ListAudit {
                before: None,
                limit: 100_000,
            },
        )
        .expect("list the audit trail")
        .entries
}
