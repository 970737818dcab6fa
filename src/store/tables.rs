//! Table definitions. Names are part of the file format: never rename one.

use redb::TableDefinition;

use super::records::{OrderTable, Record, RecordTable};
use crate::model::{
    AuditEntry, ConsentEvent, Contact, Incident, Interaction, Organisation, Purpose, SubjectRequest,
};

/// Counters and the schema version.
pub const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
/// Settings and the audit chain head.
pub const META_BYTES: TableDefinition<&str, &[u8]> = TableDefinition::new("meta_bytes");
pub const USERS: TableDefinition<&str, &[u8]> = TableDefinition::new("users");
/// (incident, contact) → the frozen notification entry.
pub const NOTIFICATIONS: TableDefinition<(u64, u64), &[u8]> = TableDefinition::new("notifications");
/// Fingerprints (keyed hashes) of e-mail addresses and phone numbers of people
/// who objected to direct marketing; survives erasure and re-import.
pub const DO_NOT_CONTACT: TableDefinition<&[u8], u64> = TableDefinition::new("do_not_contact");
/// (hash of a normalised e-mail address or phone number, contact) → ():
/// who has an address or number, for duplicate checks without reading every
/// contact (see `service::contacts::keys_of`).
pub const CONTACT_KEYS: TableDefinition<(&[u8], u64), ()> = TableDefinition::new("contact_keys");
/// (address-book sort key, contact) → (): contacts in name order, so the
/// first page of the list and a streamed export are a range read, with no
/// search index built. Kept by `WriteTx::put`/`remove` (see
/// `Record::ORDER`), in the same transaction as the contact.
pub const CONTACTS_BY_NAME: OrderTable = TableDefinition::new("contacts_by_name");
/// (class, instant in µs, contact) → (): each contact's retention standing
/// (`model::retention::Standing::key`), so the dashboard at any date is a
/// few range reads. Kept by the service in the same transaction as every
/// write that changes a contact, their consent or a purpose.
pub const RETENTION: TableDefinition<(u8, i64, u64), ()> = TableDefinition::new("retention");
/// contact → its key in `retention`, to replace it.
pub const RETENTION_OF: TableDefinition<u64, (u8, i64)> = TableDefinition::new("retention_of");
/// (contact, purpose) → the contact's consent state for the purpose (a
/// code, see `WriteTx::set_consent_states`; no record is not kept), kept
/// like `retention`: so that `consent_counts` can be moved by a difference.
pub const CONSENT_STATES: TableDefinition<(u64, u64), u8> = TableDefinition::new("consent_states");
/// purpose → how many contacts hold each consent state for it, indexed by
/// state code: the purposes screen without reading the consent history.
pub const CONSENT_COUNTS: TableDefinition<u64, (u64, u64, u64)> =
    TableDefinition::new("consent_counts");

pub const RECORD_TABLES: [RecordTable; 8] = [
    Contact::TABLE,
    Organisation::TABLE,
    Interaction::TABLE,
    Purpose::TABLE,
    ConsentEvent::TABLE,
    Incident::TABLE,
    SubjectRequest::TABLE,
    AuditEntry::TABLE,
];

/// A one-to-many relation stored as (left, right) keys with no value, so the
/// right-hand ids of one left id are a range scan.
#[derive(Clone, Copy)]
pub struct Link(pub(super) TableDefinition<'static, (u64, u64), ()>);

impl Link {
    /// contact → its interactions
    pub const CONTACT_INTERACTIONS: Link = Link(TableDefinition::new("contact_interactions"));
    /// contact → its consent events
    pub const CONTACT_CONSENTS: Link = Link(TableDefinition::new("contact_consents"));
    /// purpose → consent events recorded for it
    pub const PURPOSE_CONSENTS: Link = Link(TableDefinition::new("purpose_consents"));
    /// organisation → contacts working there
    pub const ORGANISATION_CONTACTS: Link = Link(TableDefinition::new("organisation_contacts"));
    /// contact → incidents whose notification list holds them
    pub const NOTIFIED_CONTACTS: Link = Link(TableDefinition::new("notified_contacts"));
    /// contact → data-subject requests about them
    pub const CONTACT_REQUESTS: Link = Link(TableDefinition::new("contact_requests"));
}

pub const LINKS: [Link; 6] = [
    Link::CONTACT_INTERACTIONS,
    Link::CONTACT_CONSENTS,
    Link::PURPOSE_CONSENTS,
    Link::ORGANISATION_CONTACTS,
    Link::NOTIFIED_CONTACTS,
    Link::CONTACT_REQUESTS,
];
