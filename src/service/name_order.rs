//! Pages of contacts in name order, read from the `contacts_by_name` table
//! (one range read in one transaction): the answer to an empty query in
//! name order before the search index is built — the first screen of the
//! interface and one-shot `contact list` — and to every cursor, so a
//! streamed list or export of a million contacts reads each row once.

use super::api::{ContactCursor, ContactQuery};
use super::{Result, ServiceError};
use crate::model::Contact;
use crate::search::SortKey;
use crate::store::Reads;

/// The ids of one page, in order, and where the next one starts.
pub(super) struct NamePage {
    pub total: usize,
    pub offset: usize,
    pub ids: Vec<u64>,
    pub next: Option<ContactCursor>,
}

/// Whether `query` lists everyone in name order (what the table holds).
pub(super) fn plain(query: &ContactQuery) -> bool {
    query.query.trim().is_empty() && query.sort == SortKey::Name
}

/// A cursor only continues a plain list; anything else is a client error,
/// not a silently different page.
pub(super) fn check_cursor(query: &ContactQuery) -> Result<()> {
    if query.after.is_some() && !plain(query) {
        return Err(ServiceError::invalid(
            "after",
            "a cursor continues an empty query in name order",
        ));
    }
    Ok(())
}

pub(super) fn page(tx: &impl Reads, query: &ContactQuery) -> Result<NamePage> {
    let total = tx.count::<Contact>()? as usize;
    let limit = query.limit;
    let after = query.after.as_ref().map(|c| (c.sort_key.as_str(), c.id));
    let (rows, more) = if after.is_none() && query.offset > total / 2 {
        // Deep in the list without a cursor (the End key): count from the
        // other end, so no page skips more than half the table.
        let offset = query.offset.min(total);
        let end = offset.saturating_add(limit).min(total);
        let mut rows = tx.ordered::<Contact>(None, total - end, end - offset, !query.descending)?;
        rows.reverse();
        (rows, end < total)
    } else {
        // One more than asked tells whether a next page exists.
        let mut rows = tx.ordered::<Contact>(
            after,
            query.offset,
            limit.saturating_add(1),
            query.descending,
        )?;
        let more = rows.len() > limit;
        rows.truncate(limit);
        (rows, more)
    };
    let next = match rows.last() {
        Some((sort_key, id)) if more => Some(ContactCursor {
            sort_key: sort_key.clone(),
            id: *id,
        }),
        _ => None,
    };
    Ok(NamePage {
        total,
        offset: if after.is_some() {
            query.offset
        } else {
            query.offset.min(total)
        },
        ids: rows.into_iter().map(|(_, id)| id).collect(),
        next,
    })
}
