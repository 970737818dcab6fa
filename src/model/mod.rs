//! Plain data and pure GDPR rules.
//!
//! Nothing in here performs I/O or reads the clock: every rule that depends on
//! time takes `now` as a parameter, so tests can pin any date.

pub mod audit;
pub mod consent;
pub mod contact;
pub mod dnc;
pub mod eml;
pub mod erasure;
pub mod incident;
pub mod interaction;
pub mod letters;
pub mod organisation;
pub mod phone;
pub mod plausible;
pub mod purpose;
pub mod retention;
pub mod settings;
pub mod subject_request;
pub mod time;
pub mod user;
pub mod validate;
pub mod when;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use audit::{AuditAction, AuditEntry, AuditOutcome};
pub use consent::{ConsentAction, ConsentChannel, ConsentEvent, ConsentState};
pub use contact::{
    Address, Contact, ContactDraft, ContactStatus, LegalHold, Restriction, RetentionExtension,
    ScheduledErasure, SpecialCategory, SpecialCategoryRecord,
};
pub use incident::{
    AffectedRule, AuthorityNotification, BreachNature, Countdown, Incident, IncidentDraft,
    IncidentStatus, IndividualsNotice, NotificationChannel, NotificationEntry, RiskLevel,
    TimelineNote,
};
pub use interaction::{Interaction, InteractionDraft, InteractionKind};
pub use organisation::{Organisation, OrganisationDraft};
pub use purpose::{
    LegalBasis, Purpose, PurposeDraft, RetentionAnchor, RetentionRule, Safeguard, Transfer,
};
pub use settings::Settings;
pub use subject_request::{RequestKind, RequestStatus, SubjectRequest, SubjectRequestDraft};
pub use user::{Role, User};

/// Every instant is stored in UTC; presentation converts to the user's zone.
pub type Timestamp = DateTime<Utc>;

pub type ContactId = u64;
pub type OrganisationId = u64;
pub type InteractionId = u64;
pub type PurposeId = u64;
pub type ConsentEventId = u64;
pub type IncidentId = u64;
pub type RequestId = u64;

/// The kinds of record the product stores. Used in audit entries, errors and
/// id counters, so the names are stable: never rename a variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityKind {
    Contact,
    Organisation,
    Interaction,
    Purpose,
    ConsentEvent,
    Incident,
    Request,
    User,
    Settings,
    Audit,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Contact => "contact",
            EntityKind::Organisation => "organisation",
            EntityKind::Interaction => "interaction",
            EntityKind::Purpose => "purpose",
            EntityKind::ConsentEvent => "consent event",
            EntityKind::Incident => "incident",
            EntityKind::Request => "request",
            EntityKind::User => "user",
            EntityKind::Settings => "settings",
            EntityKind::Audit => "audit entry",
        }
    }
}

impl std::fmt::Display for EntityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Trims every entry and drops empty and repeated ones, keeping the order.
pub(crate) fn clean_list(list: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in list {
        let item = item.trim().to_string();
        if !item.is_empty() && !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// Lower-case ASCII for file names and e-mail local parts: "Jürgen Müller"
/// → "jurgen.muller" (spaces, dots and hyphens become dots).
pub fn fold_ascii(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| {
            let folded = match c {
                'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'ą' => 'a',
                'ç' | 'č' | 'ć' => 'c',
                'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ě' => 'e',
                'ì' | 'í' | 'î' | 'ï' | 'ı' => 'i',
                'ñ' | 'ń' => 'n',
                'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
                'ù' | 'ú' | 'û' | 'ü' => 'u',
                'ý' | 'ÿ' => 'y',
                'ß' => 's',
                'ğ' => 'g',
                'ł' => 'l',
                'š' | 'ś' => 's',
                'ž' | 'ź' | 'ż' => 'z',
                ' ' | '-' | '.' => '.',
                c if c.is_ascii_alphanumeric() => c,
                _ => return None,
            };
            Some(folded)
        })
        .collect()
}
