//! The shared layer under the request handlers: what several requests do
//! to stored records — load and change a person, erase them, keep the
//! do-not-contact list, assess retention, record consent. Handlers (the
//! modules beside this one, one per register) call into `records`;
//! `records` never calls a handler, so there is no circle among them.

pub(in crate::service) mod assessment;
pub(in crate::service) mod consent;
pub(in crate::service) mod erasure;
pub(in crate::service) mod objections;
pub(in crate::service) mod person;
pub(in crate::service) mod retention_index;

use crate::model::{EntityKind, Purpose};
use crate::service::{Result, not_found};
use crate::store::Reads;

/// 1 on a database whose contacts are all demo data; any real contact
/// written since sets it to 0.
pub(in crate::service) const DEMO_KEY: &str = "demo";

pub(in crate::service) fn purpose(tx: &impl Reads, id: u64) -> Result<Purpose> {
    tx.get::<Purpose>(id)?
        .ok_or_else(|| not_found(EntityKind::Purpose, id))
}
