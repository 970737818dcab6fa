//! Which table each record type lives in, and its schema version.
//!
//! Schema 1 of every type is the shape released first. When a type changes
//! shape: copy the old struct into a `v1` module here, bump `SCHEMA`, and map
//! the old payload in `upgrade`.

use redb::TableDefinition;

use super::envelope::Stored;
use crate::model::{
    AuditEntry, ConsentEvent, Contact, EntityKind, Incident, Interaction, NotificationEntry,
    Organisation, Purpose, Settings, SubjectRequest, User,
};

pub type RecordTable = TableDefinition<'static, u64, &'static [u8]>;

/// A stored type with a u64 primary key.
pub trait Record: Stored {
    const KIND: EntityKind;
    const TABLE: RecordTable;
    fn id(&self) -> u64;
}

macro_rules! record {
    ($ty:ty, $kind:expr, $table:literal, $name:literal, |$s:ident| $id:expr) => {
        impl Stored for $ty {
            const TYPE_NAME: &'static str = $name;
            const SCHEMA: u16 = 1;
        }
        impl Record for $ty {
            const KIND: EntityKind = $kind;
            const TABLE: RecordTable = TableDefinition::new($table);
            fn id(&self) -> u64 {
                let $s = self;
                $id
            }
        }
    };
}

record!(Contact, EntityKind::Contact, "contacts", "contact", |s| s
    .id);
record!(
    Organisation,
    EntityKind::Organisation,
    "organisations",
    "organisation",
    |s| s.id
);
record!(
    Interaction,
    EntityKind::Interaction,
    "interactions",
    "interaction",
    |s| s.id
);
record!(Purpose, EntityKind::Purpose, "purposes", "purpose", |s| s
    .id);
record!(
    ConsentEvent,
    EntityKind::ConsentEvent,
    "consent_events",
    "consent event",
    |s| s.id
);
record!(
    Incident,
    EntityKind::Incident,
    "incidents",
    "incident",
    |s| s.id
);
record!(
    SubjectRequest,
    EntityKind::Request,
    "requests",
    "request",
    |s| s.id
);
record!(AuditEntry, EntityKind::Audit, "audit", "audit entry", |s| s
    .seq);

impl Stored for User {
    const TYPE_NAME: &'static str = "user";
    const SCHEMA: u16 = 1;
}

impl Stored for Settings {
    const TYPE_NAME: &'static str = "settings";
    const SCHEMA: u16 = 1;
}

impl Stored for NotificationEntry {
    const TYPE_NAME: &'static str = "notification entry";
    const SCHEMA: u16 = 1;
}
