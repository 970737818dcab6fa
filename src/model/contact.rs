//! A contact: one natural person whose data the company processes.

use serde::{Deserialize, Serialize};

use super::{ContactId, OrganisationId, PurposeId, Timestamp, clean_list};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub street: String,
    pub postal_code: String,
    pub city: String,
    /// ISO 3166-1 alpha-2 code, e.g. "NL", "BE".
    pub country: String,
}

impl Address {
    pub fn is_empty(&self) -> bool {
        self.street.is_empty()
            && self.postal_code.is_empty()
            && self.city.is_empty()
            && self.country.is_empty()
    }

    /// One line, as shown in tables and letters: "Markt 1, 9000 Gent, BE".
    pub fn one_line(&self) -> String {
        let town = [self.postal_code.as_str(), self.city.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        [self.street.as_str(), town.as_str(), self.country.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Art. 18: processing is restricted; the contact is excluded from mailings
/// and exports, and edits need confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Restriction {
    #[serde(with = "crate::model::time::ts")]
    pub since: Timestamp,
    pub reason: String,
    pub by: String,
}

/// Erasure decided but not yet carried out (the retention sweep performs it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledErasure {
    #[serde(with = "crate::model::time::ts")]
    pub due: Timestamp,
    /// Anonymise (keep statistics) or delete the whole record.
    pub delete: bool,
    pub reason: String,
    pub by: String,
    #[serde(with = "crate::model::time::ts")]
    pub scheduled_at: Timestamp,
}

/// A legal hold suspends every erasure (litigation, investigation, audit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalHold {
    pub reason: String,
    #[serde(with = "crate::model::time::ts")]
    pub since: Timestamp,
    pub by: String,
}

/// A documented decision to keep the data longer than the purposes justify.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionExtension {
    #[serde(with = "crate::model::time::ts")]
    pub until: Timestamp,
    pub reason: String,
    pub by: String,
    #[serde(with = "crate::model::time::ts")]
    pub at: Timestamp,
}

/// Art. 9 special categories of personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SpecialCategory {
    Health,
    ReligionOrBelief,
    PoliticalOpinion,
    TradeUnion,
    EthnicOrigin,
    SexualOrientation,
    Biometric,
    Genetic,
}

impl SpecialCategory {
    pub const ALL: [SpecialCategory; 8] = [
        SpecialCategory::Health,
        SpecialCategory::ReligionOrBelief,
        SpecialCategory::PoliticalOpinion,
        SpecialCategory::TradeUnion,
        SpecialCategory::EthnicOrigin,
        SpecialCategory::SexualOrientation,
        SpecialCategory::Biometric,
        SpecialCategory::Genetic,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SpecialCategory::Health => "health",
            SpecialCategory::ReligionOrBelief => "religion",
            SpecialCategory::PoliticalOpinion => "politics",
            SpecialCategory::TradeUnion => "union",
            SpecialCategory::EthnicOrigin => "ethnicity",
            SpecialCategory::SexualOrientation => "sexual-orientation",
            SpecialCategory::Biometric => "biometric",
            SpecialCategory::Genetic => "genetic",
        }
    }

    pub fn parse(s: &str) -> Option<SpecialCategory> {
        SpecialCategory::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl std::fmt::Display for SpecialCategory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A value of a special category, always tied to the purpose that justifies
/// holding it. Only roles allowed to see special categories ever receive it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialCategoryRecord {
    pub category: SpecialCategory,
    pub purpose_id: PurposeId,
    pub value: String,
    #[serde(with = "crate::model::time::ts")]
    pub recorded_at: Timestamp,
    pub recorded_by: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ContactStatus {
    Active,
    Restricted,
    ErasureScheduled,
    Anonymised,
}

impl ContactStatus {
    /// The spelling in CSV and JSON output.
    pub fn key(self) -> &'static str {
        match self {
            ContactStatus::Active => "active",
            ContactStatus::Restricted => "restricted",
            ContactStatus::ErasureScheduled => "erasure-scheduled",
            ContactStatus::Anonymised => "anonymised",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ContactStatus::Active => "active",
            ContactStatus::Restricted => "restricted",
            ContactStatus::ErasureScheduled => "erasure scheduled",
            ContactStatus::Anonymised => "anonymised",
        }
    }
}

impl std::fmt::Display for ContactStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: ContactId,
    /// Bumped on every change; an update must name the version it edited.
    pub version: u32,
    pub given_name: String,
    pub family_name: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub organisation_id: Option<OrganisationId>,
    pub job_title: String,
    pub address: Address,
    pub tags: Vec<String>,
    pub notes: String,
    /// User name of the account owner (the sales rep responsible).
    pub owner: Option<String>,
    /// ISO 639-1 code for letters ("nl", "en"); empty means the default.
    pub language: String,
    #[serde(with = "crate::model::time::ts")]
    pub created_at: Timestamp,
    #[serde(with = "crate::model::time::ts")]
    pub updated_at: Timestamp,
    #[serde(with = "crate::model::time::opt_ts")]
    pub last_interaction_at: Option<Timestamp>,
    pub restriction: Option<Restriction>,
    pub erasure: Option<ScheduledErasure>,
    #[serde(with = "crate::model::time::opt_ts")]
    pub anonymised_at: Option<Timestamp>,
    pub legal_hold: Option<LegalHold>,
    pub retention_extension: Option<RetentionExtension>,
    /// Art. 21 objection to direct marketing.
    pub do_not_contact: bool,
    pub special: Vec<SpecialCategoryRecord>,
}

impl Contact {
    pub fn display_name(&self) -> String {
        match (self.given_name.is_empty(), self.family_name.is_empty()) {
            (false, false) => format!("{} {}", self.given_name, self.family_name),
            (false, true) => self.given_name.clone(),
            (true, false) => self.family_name.clone(),
            (true, true) => format!("contact #{}", self.id),
        }
    }

    /// Family name first, for sorting lists the way an address book does.
    /// A Dutch prefix written in lower case ("de Vries", "van den Berg")
    /// is not sorted on; a Belgian capitalised one ("De Smet") is part of the
    /// name and is.
    pub fn sort_name(&self) -> String {
        const PARTICLES: [&str; 14] = [
            "van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "in", "op", "von", "du",
            "le",
        ];
        let words: Vec<&str> = self.family_name.split_whitespace().collect();
        let skip = words
            .iter()
            .take(words.len().saturating_sub(1))
            .take_while(|w| PARTICLES.contains(w))
            .count();
        let family = words[skip..].join(" ");
        let particles = words[..skip].join(" ");
        format!("{family} {} {particles}", self.given_name)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }

    /// The contact's e-mail addresses and phone numbers (as stored:
    /// normalised) as the duplicates table keys them: a hash of `e:` + the address in lower case, or of
    /// `p:` + the E.164 digits. Hashed, so the table is not a second copy
    /// of everyone's addresses (the records hold them; the table finds
    /// them).
    pub fn duplicate_keys(&self, region: Option<super::phone::PhoneRegion>) -> Vec<Vec<u8>> {
        let hash = |s: String| blake3::hash(s.as_bytes()).as_bytes().to_vec();
        let mut keys: Vec<Vec<u8>> = Vec::new();
        for email in &self.emails {
            keys.push(hash(format!("e:{}", email.trim().to_lowercase())));
        }
        for number in &self.phones {
            let digits = super::phone::stored_e164_digits(number, region);
            if digits.len() >= 6 {
                keys.push(hash(format!("p:{digits}")));
            }
        }
        keys.sort();
        keys.dedup();
        keys
    }

    pub fn primary_email(&self) -> Option<&str> {
        self.emails.first().map(String::as_str)
    }

    pub fn primary_phone(&self) -> Option<&str> {
        self.phones.first().map(String::as_str)
    }

    pub fn is_anonymised(&self) -> bool {
        self.anonymised_at.is_some()
    }

    pub fn is_restricted(&self) -> bool {
        self.restriction.is_some()
    }

    /// The most significant state, for the status column.
    pub fn status(&self) -> ContactStatus {
        if self.anonymised_at.is_some() {
            ContactStatus::Anonymised
        } else if self.erasure.is_some() {
            ContactStatus::ErasureScheduled
        } else if self.restriction.is_some() {
            ContactStatus::Restricted
        } else {
            ContactStatus::Active
        }
    }

    pub fn draft(&self) -> ContactDraft {
        ContactDraft {
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            emails: self.emails.clone(),
            phones: self.phones.clone(),
            organisation_id: self.organisation_id,
            job_title: self.job_title.clone(),
            address: self.address.clone(),
            tags: self.tags.clone(),
            notes: self.notes.clone(),
            owner: self.owner.clone(),
            language: self.language.clone(),
        }
    }

    /// Names of the fields a draft would change; used for the audit trail,
    /// which records field names and never values.
    pub fn changed_fields(&self, draft: &ContactDraft) -> Vec<&'static str> {
        let mut fields = Vec::new();
        let old = self.draft();
        macro_rules! cmp {
            ($($f:ident),*) => {$(
                if old.$f != draft.$f { fields.push(stringify!($f)); }
            )*};
        }
        cmp!(
            given_name,
            family_name,
            emails,
            phones,
            organisation_id,
            job_title,
            address,
            tags,
            notes,
            owner,
            language
        );
        fields
    }

    /// A new contact from a validated draft.
    pub fn from_draft(id: ContactId, draft: ContactDraft, now: Timestamp) -> Contact {
        let mut contact = Contact {
            id,
            version: 1,
            given_name: String::new(),
            family_name: String::new(),
            emails: Vec::new(),
            phones: Vec::new(),
            organisation_id: None,
            job_title: String::new(),
            address: Address::default(),
            tags: Vec::new(),
            notes: String::new(),
            owner: None,
            language: String::new(),
            created_at: now,
            updated_at: now,
            last_interaction_at: None,
            restriction: None,
            erasure: None,
            anonymised_at: None,
            legal_hold: None,
            retention_extension: None,
            do_not_contact: false,
            special: Vec::new(),
        };
        contact.apply(draft);
        contact
    }

    pub fn apply(&mut self, draft: ContactDraft) {
        self.given_name = draft.given_name;
        self.family_name = draft.family_name;
        self.emails = draft.emails;
        self.phones = draft.phones;
        self.organisation_id = draft.organisation_id;
        self.job_title = draft.job_title;
        self.address = draft.address;
        self.tags = draft.tags;
        self.notes = draft.notes;
        self.owner = draft.owner;
        self.language = draft.language;
    }
}

/// The editable fields of a contact, as a form or the CLI sends them.
/// Status, holds and special categories change through their own requests.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDraft {
    pub given_name: String,
    pub family_name: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub organisation_id: Option<OrganisationId>,
    pub job_title: String,
    pub address: Address,
    pub tags: Vec<String>,
    pub notes: String,
    pub owner: Option<String>,
    pub language: String,
}

impl ContactDraft {
    /// Trims whitespace, drops empty and duplicate list entries, lower-cases
    /// tags and upper-cases the country code, so equal input compares equal.
    pub fn normalised(mut self) -> ContactDraft {
        self.given_name = self.given_name.trim().to_string();
        self.family_name = self.family_name.trim().to_string();
        self.emails = clean_list(self.emails);
        self.phones = clean_list(self.phones);
        self.job_title = self.job_title.trim().to_string();
        self.tags = clean_list(self.tags.into_iter().map(|t| t.to_lowercase()).collect());
        self.address.street = self.address.street.trim().to_string();
        self.address.postal_code = self.address.postal_code.trim().to_string();
        self.address.city = self.address.city.trim().to_string();
        self.address.country = self.address.country.trim().to_uppercase();
        self.owner = self
            .owner
            .map(|o| o.trim().to_string())
            .filter(|o| !o.is_empty());
        self.language = self.language.trim().to_lowercase();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(given: &str, family: &str) -> Contact {
        let draft = ContactDraft {
            given_name: given.into(),
            family_name: family.into(),
            ..ContactDraft::default()
        };
        Contact::from_draft(1, draft, chrono::DateTime::UNIX_EPOCH)
    }

    #[test]
    fn dutch_prefixes_are_not_sorted_on_but_belgian_ones_are() {
        assert_eq!(named("Jan", "de Vries").sort_name(), "vries jan de");
        assert_eq!(
            named("Piet", "van den Berg").sort_name(),
            "berg piet van den"
        );
        assert_eq!(named("An", "De Smet").sort_name(), "de smet an");
        assert_eq!(named("Kim", "de").sort_name(), "de kim");
    }

    #[test]
    fn status_shows_the_most_significant_state() {
        let mut c = named("Jan", "Jansen");
        assert_eq!(c.status(), ContactStatus::Active);
        c.restriction = Some(Restriction {
            since: c.created_at,
            reason: "Art. 18 request".into(),
            by: "petra".into(),
        });
        assert_eq!(c.status(), ContactStatus::Restricted);
        c.anonymised_at = Some(c.created_at);
        assert_eq!(c.status(), ContactStatus::Anonymised);
    }
}
