//! Anonymisation (Art. 17, 5(1)(e)): every personal value is replaced by a
//! non-identifying placeholder; what statistics need stays (organisation
//! link, interaction counts and dates, consent states and dates, purposes).
//!
//! Each function destructures its record without `..`: a field added to a
//! record about a person does not compile until its line here says what
//! anonymisation does with it. Free text of every kind goes, including the
//! names of the staff who wrote it (the audit trail keeps who did what, by
//! record id, without the person's data). `tests/erasure_markers.rs` fills
//! every string field with a marker, erases, and finds none anywhere.

use super::{
    Address, ConsentEvent, Contact, Interaction, NotificationEntry, RequestStatus, SubjectRequest,
    Timestamp,
};

/// What replaces free text that may hold personal data.
pub const PLACEHOLDER: &str = "[anonymised]";

/// Replaces non-empty text by the placeholder (empty stays empty, so a
/// reader can still tell "there was a note" from "there was none").
fn blank(text: &mut String) {
    if !text.is_empty() {
        *text = PLACEHOLDER.to_string();
    }
}

pub fn anonymise_contact(c: &mut Contact, now: Timestamp) {
    let Contact {
        id,
        version,
        given_name,
        family_name,
        emails,
        phones,
        organisation_id: _, // kept: statistics per organisation
        job_title,
        address,
        tags,
        notes,
        owner,
        language,
        created_at: _, // kept: a date, not a value about them
        updated_at,
        last_interaction_at: _, // kept: a date
        restriction,
        erasure,
        anonymised_at,
        legal_hold,
        retention_extension,
        do_not_contact: _, // kept: nobody may contact the record anyway
        special,
    } = c;
    given_name.clear();
    *family_name = format!("Anonymised #{id}");
    emails.clear();
    phones.clear();
    job_title.clear();
    *address = Address::default();
    tags.clear();
    notes.clear();
    *owner = None;
    language.clear();
    special.clear();
    *restriction = None;
    *erasure = None;
    // Callers refuse to anonymise a held contact; no reason text survives.
    *legal_hold = None;
    *retention_extension = None;
    *anonymised_at = Some(now);
    *updated_at = now;
    *version += 1;
}

pub fn anonymise_interaction(i: &mut Interaction) {
    let Interaction {
        id: _,
        version,
        contact_id: _,
        kind: _,
        at: _,
        by,
        summary,
        created_at: _,
    } = i;
    blank(by);
    blank(summary);
    *version += 1;
}

pub fn anonymise_consent_event(e: &mut ConsentEvent) {
    let ConsentEvent {
        id: _,
        contact_id: _,
        purpose_id: _,
        action: _,
        at: _,
        recorded_at: _,
        channel: _,
        evidence,
        recorded_by,
    } = e;
    blank(evidence);
    blank(recorded_by);
}

/// The entry stays (the incident's record of how many were affected) but
/// names no one and can no longer be notified.
pub fn anonymise_notification(n: &mut NotificationEntry) {
    let NotificationEntry {
        incident_id: _,
        contact_id: _,
        name,
        channel: _,
        destination,
        language,
        anonymised,
        notified_at: _,
        notified_by,
    } = n;
    *name = PLACEHOLDER.to_string();
    destination.clear();
    language.clear();
    *anonymised = true;
    if let Some(by) = notified_by {
        blank(by);
    }
}

/// Blanks the free text of a request about an erased person: what it keeps
/// is its kind, dates, status and outcome, the proof it was handled.
pub fn anonymise_request(r: &mut SubjectRequest) {
    let SubjectRequest {
        id: _,
        version,
        kind: _,
        contact_id: _, // the caller decides: kept on anonymisation, cut on deletion
        requester,
        received_on: _,
        due_on: _,
        extension,
        status,
        notes,
        handled_by,
        created_by,
        created_at: _,
        updated_at: _,
        closed_at: _,
    } = r;
    // Always the placeholder, also where it was empty: it is how a scrubbed
    // request is recognised (no note may be added to it again).
    *requester = PLACEHOLDER.to_string();
    if let Some(extension) = extension {
        blank(&mut extension.reason);
        blank(&mut extension.by);
    }
    if let RequestStatus::Refused { reason } = status {
        blank(reason);
    }
    for note in notes {
        blank(&mut note.by);
        blank(&mut note.text);
    }
    if let Some(by) = handled_by {
        blank(by);
    }
    blank(created_by);
    *version += 1;
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
            "anna",
        ] {
            assert!(!text.contains(value), "{value} survived: {text}");
        }
        assert_eq!(c.organisation_id, Some(3), "the organisation link stays");
        assert!(c.is_anonymised());
        assert_eq!(c.display_name(), "Anonymised #7");
    }
}
