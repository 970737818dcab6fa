//! Which table each record type lives in, and its schema version.
//!
//! Schema 1 of every type is the shape released first. When a type changes
//! shape: copy the old struct into a `v1` module here, bump `SCHEMA`, and map
//! the old payload in `upgrade`.

use redb::TableDefinition;

use super::envelope::{EnvelopeError, Stored, decode_payload};
use crate::model::{
    AuditEntry, ConsentEvent, Contact, EntityKind, Incident, Interaction, NotificationEntry,
    Organisation, Purpose, Settings, SubjectRequest, User,
};

pub type RecordTable = TableDefinition<'static, u64, &'static [u8]>;

/// A secondary order of records: (sort key, id) → ().
pub type OrderTable = TableDefinition<'static, (&'static str, u64), ()>;

/// A stored type with a u64 primary key.
pub trait Record: Stored {
    const KIND: EntityKind;
    const TABLE: RecordTable;
    /// A second table that keeps the records in `order_key` order. The
    /// store updates it on every put and remove, so no write path can
    /// forget it.
    const ORDER: Option<OrderTable> = None;
    fn id(&self) -> u64;
    fn order_key(&self) -> String {
        String::new()
    }
    /// Whose retention a write of this record can change: the store
    /// collects these in every write transaction (`WriteTx::take_touched`)
    /// so the service can re-derive them before it commits.
    fn touches(&self) -> Touch {
        Touch::Nothing
    }
}

/// See `Record::touches`.
pub enum Touch {
    Nothing,
    Contact(u64),
    /// Every contact with a consent history for the purpose.
    Purpose(u64),
}

macro_rules! record {
    ($ty:ty, $kind:expr, $table:literal, $name:literal, |$s:ident| $id:expr) => {
        record!($ty, $kind, $table, $name, |$s| $id, touches Touch::Nothing);
    };
    ($ty:ty, $kind:expr, $table:literal, $name:literal, |$s:ident| $id:expr, touches $touch:expr) => {
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
            fn touches(&self) -> Touch {
                #[allow(unused_variables)]
                let $s = self;
                $touch
            }
        }
    };
}

impl Stored for Contact {
    const TYPE_NAME: &'static str = "contact";
    const SCHEMA: u16 = 1;
}

impl Record for Contact {
    const KIND: EntityKind = EntityKind::Contact;
    const TABLE: RecordTable = TableDefinition::new("contacts");
    const ORDER: Option<OrderTable> = Some(super::tables::CONTACTS_BY_NAME);
    fn id(&self) -> u64 {
        self.id
    }
    /// The address-book order ("family given", particles last).
    fn order_key(&self) -> String {
        self.sort_name()
    }
    fn touches(&self) -> Touch {
        Touch::Contact(self.id)
    }
}
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
record!(Purpose, EntityKind::Purpose, "purposes", "purpose", |s| s.id, touches Touch::Purpose(s.id));
record!(
    ConsentEvent,
    EntityKind::ConsentEvent,
    "consent_events",
    "consent event",
    |s| s.id,
    touches Touch::Contact(s.contact_id)
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
    /// 2: limits for listing and for the daemon, time zone, phone region.
    const SCHEMA: u16 = 2;

    fn upgrade(schema: u16, payload: &[u8]) -> Result<Self, EnvelopeError> {
        match schema {
            1 => {
                let old: v1::Settings = decode_payload(Self::TYPE_NAME, schema, payload)?;
                Ok(Settings {
                    version: old.version,
                    controller_name: old.controller_name,
                    controller_address: old.controller_address,
                    controller_email: old.controller_email,
                    dpo_contact: old.dpo_contact,
                    security_measures: old.security_measures,
                    incidents_visible_to_sales: old.incidents_visible_to_sales,
                    auto_erase_expired: old.auto_erase_expired,
                    sendmail_command: old.sendmail_command,
                    default_language: old.default_language,
                    ..Settings::default()
                })
            }
            found => Err(EnvelopeError::NoUpgrade {
                type_name: Self::TYPE_NAME,
                found,
            }),
        }
    }
}

/// Shapes of earlier schemas, kept to read files written with them.
mod v1 {
    use serde::Deserialize;

    #[derive(Deserialize)]
    pub struct Settings {
        pub version: u32,
        pub controller_name: String,
        pub controller_address: String,
        pub controller_email: String,
        pub dpo_contact: String,
        pub security_measures: String,
        pub incidents_visible_to_sales: bool,
        pub auto_erase_expired: bool,
        pub sendmail_command: String,
        pub default_language: String,
    }
}

impl Stored for NotificationEntry {
    const TYPE_NAME: &'static str = "notification entry";
    const SCHEMA: u16 = 1;
}
