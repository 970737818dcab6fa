//! Anonymisation (Art. 17, 5(1)(e)): every personal value is replaced by a
//! non-identifying placeholder; what statistics need stays (organisation
//! link, interaction counts and dates, consent states and dates, purposes).

use super::{Address, ConsentEvent, Contact, Interaction, NotificationEntry, Timestamp};

/// What replaces free text that may hold personal data.
pub const PLACEHOLDER: &str = "[anonymised]";

pub fn anonymise_contact(c: &mut Contact, now: Timestamp) {
    c.given_name = String::new();
    c.family_name = format!("Anonymised #{}", c.id);
    c.emails.clear();
    c.phones.clear();
    c.job_title.clear();
    c.address = Address::default();
    c.tags.clear();
    c.notes.clear();
    c.language.clear();
    c.special.clear();
    c.restriction = None;
    c.erasure = None;
    c.retention_extension = None;
    c.anonymised_at = Some(now);
    c.updated_at = now;
    c.version += 1;
}

pub fn anonymise_interaction(i: &mut Interaction) {
    if !i.summary.is_empty() {
        i.summary = PLACEHOLDER.to_string();
    }
}

pub fn anonymise_consent_event(e: &mut ConsentEvent) {
    if !e.evidence.is_empty() {
        e.evidence = PLACEHOLDER.to_string();
    }
}

/// The entry stays (the incident's record of how many were affected) but
/// names no one and can no longer be notified.
pub fn anonymise_notification(n: &mut NotificationEntry) {
    n.name = PLACEHOLDER.to_string();
    n.destination.clear();
    n.anonymised = true;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ContactDraft;
    use chrono::{TimeZone, Utc};

    #[test]
    fn no_personal_field_survives() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
        let mut c = Contact::from_draft(
            7,
            ContactDraft {
                given_name: "Jan".into(),
                family_name: "de Vries".into(),
                emails: vec!["jan@vries.nl".into()],
                phones: vec!["+31 6 1234 5678".into()],
                organisation_id: Some(3),
                job_title: "Eigenaar".into(),
                address: Address {
                    street: "Markt 1".into(),
                    postal_code: "3511 AA".into(),
                    city: "Utrecht".into(),
                    country: "NL".into(),
                },
                tags: vec!["vip".into()],
                notes: "Allergic to nuts".into(),
                owner: Some("anna".into()),
                language: "nl".into(),
            },
            now,
        );
        anonymise_contact(&mut c, now);
        let text = format!("{c:?}");
        for value in [
            "Jan", "Vries", "jan@", "+31", "Eigenaar", "Markt", "3511", "Utrecht", "vip", "nuts",
        ] {
            assert!(!text.contains(value), "{value} survived: {text}");
        }
        assert_eq!(c.organisation_id, Some(3), "the organisation link stays");
        assert!(c.is_anonymised());
        assert_eq!(c.display_name(), "Anonymised #7");
    }
}
