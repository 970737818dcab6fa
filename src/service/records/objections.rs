//! The do-not-contact list (Art. 21): keyed fingerprints of the addresses
//! and numbers of people who objected, so they stay off marketing lists
//! even after they were erased and imported again.

use super::person;
use crate::model::{Contact, dnc};
use crate::service::Result;
use crate::store::Reads;

/// The key of the do-not-contact fingerprints; `None` while nobody has
/// objected yet.
pub(in crate::service) fn dnc_key(tx: &impl Reads) -> Result<Option<[u8; 32]>> {
    Ok(tx
        .meta_bytes(crate::store::DNC_KEY)?
        .and_then(|b| <[u8; 32]>::try_from(b.as_slice()).ok()))
}

/// Whether any address or number of `contact` is on the do-not-contact list.
pub(in crate::service) fn listed(
    tx: &impl Reads,
    key: &[u8; 32],
    contact: &Contact,
    region: Option<crate::model::phone::PhoneRegion>,
) -> Result<bool> {
    for fingerprint in dnc::of_contact(key, contact, region) {
        if tx.on_do_not_contact(&fingerprint)? {
            return Ok(true);
        }
    }
    Ok(false)
}

pub(in crate::service) fn on_do_not_contact(tx: &impl Reads, contact: &Contact) -> Result<bool> {
    match dnc_key(tx)? {
        Some(key) => listed(tx, &key, contact, person::phone_region(tx)?),
        None => Ok(false),
    }
}
