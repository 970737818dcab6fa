//! File-level schema versions and the migrations between them. Opening a
//! database runs every migration it is missing, in one transaction.

use std::path::Path;

use redb::{Database, ReadableTable};

use super::tables::*;
use super::{Result, StoreError};

/// Schema 1: the tables of `tables.rs` as first released.
/// Schema 2: audit entries are sealed over their stored encoding; the file
/// records which entry the new rule starts at.
/// Schema 3: phone numbers stored in international form and e-mail domains
/// in lower case; a duplicates table; do-not-contact fingerprints of every
/// form a number can be written in.
/// Schema 4: contacts in name order (`contacts_by_name`).
/// Schema 5: the retention index (`retention`, `retention_of`), derived by
/// the service on first use (see `service::records::retention_index`).
/// Schema 6: consent states and their counts per purpose (`consent_states`,
/// `consent_counts`), derived with the retention index.
pub const CURRENT: u64 = 6;

pub(super) const SCHEMA_KEY: &str = "schema_version";

/// Each step takes the file from version `n` to `n + 1`; the first entry
/// migrates 1 → 2.
type Migration = fn(&redb::WriteTransaction) -> Result<()>;
const MIGRATIONS: &[Migration] = &[
    audit_seal_rule,
    normalised_numbers,
    name_order,
    retention_tables,
    consent_tables,
];

/// 1 → 2: entries written so far were sealed under the legacy rule; the
/// next one is the first sealed over its stored encoding.
fn audit_seal_rule(txn: &redb::WriteTransaction) -> Result<()> {
    let mut meta = txn.open_table(META)?;
    let last = meta.get(super::AUDIT_SEQ_KEY)?.map_or(0, |v| v.value());
    meta.insert(super::AUDIT_STORED_SEAL_FROM, last + 1)?;
    Ok(())
}

pub fn run(db: &Database, path: &Path) -> Result<()> {
    let txn = db.begin_write()?;
    let found = txn.open_table(META)?.get(SCHEMA_KEY)?.map(|v| v.value());
    match found {
        None | Some(0) => create_tables(&txn)?,
        Some(v) if v > CURRENT => {
            return Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found: v,
                supported: CURRENT,
            });
        }
        Some(v) => {
            for step in &MIGRATIONS[(v as usize - 1).min(MIGRATIONS.len())..] {
                step(&txn)?;
            }
            // Tables added without a data migration are simply created.
            create_tables(&txn)?;
        }
    }
    txn.open_table(META)?.insert(SCHEMA_KEY, CURRENT)?;
    txn.commit()?;
    Ok(())
}

/// 2 → 3: every stored phone number in the form the service now writes
/// (`06 12345678` → `+31 6 12345678`, by the phone-region setting), e-mail
/// domains in lower case, the duplicates table filled, and the objections
/// of contacts still present fingerprinted under the new rule too (older
/// fingerprints stay, and lookups try the forms they were made from).
fn normalised_numbers(txn: &redb::WriteTransaction) -> Result<()> {
    use crate::model::{Contact, Organisation, Settings, dnc, phone};
    use crate::store::envelope;
    use crate::store::records::Record;

    let decode_err =
        |table: &'static str, key: String| move |source| StoreError::Decode { table, key, source };
    let settings: Settings = match txn.open_table(META_BYTES)?.get("settings")? {
        Some(bytes) => {
            envelope::decode(bytes.value()).map_err(decode_err("meta", "settings".to_string()))?
        }
        None => Settings::default(),
    };
    let region = phone::region(&settings.phone_region);
    let dnc_key = txn
        .open_table(META_BYTES)?
        .get(super::DNC_KEY)?
        .and_then(|b| <[u8; 32]>::try_from(b.value()).ok());

    let mut contacts = txn.open_table(Contact::TABLE)?;
    let mut keys = txn.open_table(CONTACT_KEYS)?;
    let mut do_not_contact = txn.open_table(DO_NOT_CONTACT)?;
    let ids: Vec<u64> = contacts
        .iter()?
        .map(|row| row.map(|(k, _)| k.value()))
        .collect::<std::result::Result<_, _>>()?;
    for id in ids {
        let Some(bytes) = contacts.get(id)?.map(|v| v.value().to_vec()) else {
            continue;
        };
        let mut contact: Contact =
            envelope::decode(&bytes).map_err(decode_err("contacts", id.to_string()))?;
        let phones: Vec<String> = contact
            .phones
            .iter()
            .map(|p| phone::normalise(p, region))
            .collect();
        let emails: Vec<String> = contact
            .emails
            .iter()
            .map(|e| phone::normalise_email(e))
            .collect();
        if phones != contact.phones || emails != contact.emails {
            contact.phones = crate::model::clean_list(phones);
            contact.emails = crate::model::clean_list(emails);
            let encoded = envelope::encode(&contact).map_err(StoreError::Encode)?;
            contacts.insert(id, encoded.as_slice())?;
        }
        for key in contact.duplicate_keys(region) {
            keys.insert((key.as_slice(), id), ())?;
        }
        if contact.do_not_contact
            && let Some(dnc_key) = &dnc_key
        {
            let since = contact.updated_at.timestamp().max(0) as u64;
            for fingerprint in dnc::of_contact(dnc_key, &contact, region) {
                do_not_contact.insert(fingerprint.as_slice(), since)?;
            }
        }
    }
    let mut organisations = txn.open_table(Organisation::TABLE)?;
    let ids: Vec<u64> = organisations
        .iter()?
        .map(|row| row.map(|(k, _)| k.value()))
        .collect::<std::result::Result<_, _>>()?;
    for id in ids {
        let Some(bytes) = organisations.get(id)?.map(|v| v.value().to_vec()) else {
            continue;
        };
        let mut org: Organisation =
            envelope::decode(&bytes).map_err(decode_err("organisations", id.to_string()))?;
        if !org.phone.is_empty() {
            let normalised = phone::normalise(&org.phone, region);
            if normalised != org.phone {
                org.phone = normalised;
                let encoded = envelope::encode(&org).map_err(StoreError::Encode)?;
                organisations.insert(id, encoded.as_slice())?;
            }
        }
    }
    Ok(())
}

/// 3 → 4: every contact's entry in the name order.
fn name_order(txn: &redb::WriteTransaction) -> Result<()> {
    use crate::model::Contact;
    use crate::store::envelope;
    use crate::store::records::Record;

    let contacts = txn.open_table(Contact::TABLE)?;
    let mut order = txn.open_table(CONTACTS_BY_NAME)?;
    for row in contacts.iter()? {
        let (k, v) = row?;
        let id = k.value();
        let contact: Contact =
            envelope::decode(v.value()).map_err(|source| StoreError::Decode {
                table: "contacts",
                key: id.to_string(),
                source,
            })?;
        order.insert((contact.order_key().as_str(), id), ())?;
    }
    Ok(())
}

/// 4 → 5: the retention tables only; they are created empty below, and
/// the service derives them (one pass) the first time it needs them.
fn retention_tables(_: &redb::WriteTransaction) -> Result<()> {
    Ok(())
}

/// 5 → 6: the consent-state tables, likewise; the service's derivation
/// version went up with them, so a file of schema 5 derives both afresh.
fn consent_tables(_: &redb::WriteTransaction) -> Result<()> {
    Ok(())
}

/// Opening a table in a write transaction creates it; every table exists
/// afterwards, so readers never meet a missing one.
fn create_tables(txn: &redb::WriteTransaction) -> Result<()> {
    txn.open_table(META)?;
    txn.open_table(META_BYTES)?;
    txn.open_table(USERS)?;
    txn.open_table(NOTIFICATIONS)?;
    txn.open_table(DO_NOT_CONTACT)?;
    txn.open_table(CONTACT_KEYS)?;
    txn.open_table(CONTACTS_BY_NAME)?;
    txn.open_table(RETENTION)?;
    txn.open_table(RETENTION_OF)?;
    txn.open_table(CONSENT_STATES)?;
    txn.open_table(CONSENT_COUNTS)?;
    for def in RECORD_TABLES {
        txn.open_table(def)?;
    }
    for link in LINKS {
        txn.open_table(link.0)?;
    }
    Ok(())
}
