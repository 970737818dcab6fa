//! What every request is: a type beside its handler in its domain module,
//! implementing `Call` — its answer type, the permission it needs, what it
//! would do (for the audit trail of a denial, and to tell reads from
//! writes) and the handler itself. `registry.rs` lists them once, in wire
//! order; everything else (the wire enums, dispatch, names, client calls)
//! is made from that list.
//!
//! Every answer type implements `Answer`, with no default methods: a type
//! that can carry a contact must say how its special-category (Art. 9)
//! values are removed for roles that may not see them, and which contacts
//! it carries (for the daily ceiling of users who may not export). A new
//! answer type does not compile until it says both.

use super::auth::Permission;
use super::{Actor, Result, Service, Tx};
use crate::model::{AuditAction, ContactId, EntityKind, Timestamp};
use crate::store::ReadTx;

/// What a request would do, to which records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intent {
    pub action: AuditAction,
    pub kind: EntityKind,
    pub targets: Vec<u64>,
}

impl Intent {
    pub fn new(action: AuditAction, kind: EntityKind, targets: Vec<u64>) -> Intent {
        Intent {
            action,
            kind,
            targets,
        }
    }

    /// Reading, not changing anything.
    pub fn read(kind: EntityKind, targets: Vec<u64>) -> Intent {
        Intent::new(AuditAction::Read, kind, targets)
    }

    pub fn is_read(&self) -> bool {
        self.action == AuditAction::Read
    }
}

/// A request: its answer, who may send it, what it would do, and how it is
/// handled.
pub trait Call: Sized {
    type Answer: Answer;

    fn permission(&self) -> Permission;

    fn intent(&self) -> Intent;

    /// Does the work, in a read or a write transaction (`cx.read`,
    /// `cx.write`).
    fn handle(self, cx: &Context<'_>) -> Result<Self::Answer>;
}

/// Everything an answer must say about the personal data it carries.
pub trait Answer {
    /// Removes special-category values (Art. 9), for roles that may not
    /// see them.
    fn redact_special(&mut self);

    /// The contacts whose personal data it carries.
    fn contact_ids(&self) -> Vec<ContactId>;
}

/// The request's context: who asks, when, and the service.
pub struct Context<'a> {
    pub service: &'a Service,
    pub actor: &'a Actor,
    pub now: Timestamp,
}

impl Context<'_> {
    /// Runs `f` in a read transaction (a consistent snapshot).
    pub fn read<T>(&self, f: impl FnOnce(&ReadTx) -> Result<T>) -> Result<T> {
        self.service.store().read(f)
    }

    /// Runs `f` in one write transaction with its audit entries.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        self.service.write(self.actor, self.now, f)
    }
}

/// Answers that carry no personal data of contacts.
macro_rules! no_contacts {
    ($($ty:ty),* $(,)?) => {$(
        impl $crate::service::call::Answer for $ty {
            fn redact_special(&mut self) {}
            fn contact_ids(&self) -> Vec<$crate::model::ContactId> {
                Vec::new()
            }
        }
    )*};
}
pub(crate) use no_contacts;

no_contacts!((), u64, usize);
