//! Input rules shared by every front-end. The service applies them before
//! anything is written; the TUI uses them to show messages next to fields.

use super::{ContactDraft, OrganisationDraft, PurposeDraft};

pub const MAX_NAME: usize = 200;
pub const MAX_SHORT: usize = 200;
pub const MAX_TEXT: usize = 20_000;
pub const MAX_LIST: usize = 50;
pub const MAX_EMAIL: usize = 254;
pub const MAX_PHONE: usize = 32;
pub const MAX_TAG: usize = 50;

/// A validation failure: which field, and what is wrong with it. Never echoes
/// the value, because messages can end up in logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

pub fn max_len(field: &str, value: &str, max: usize) -> Result<(), FieldError> {
    let len = value.chars().count();
    if len > max {
        Err(FieldError::new(
            field,
            format!("is {len} characters long; at most {max} allowed"),
        ))
    } else {
        Ok(())
    }
}

pub fn required(field: &str, value: &str) -> Result<(), FieldError> {
    if value.trim().is_empty() {
        Err(FieldError::new(field, "is required"))
    } else {
        Ok(())
    }
}

/// Control characters in a single-line field would garble tables and letters.
pub fn single_line(field: &str, value: &str) -> Result<(), FieldError> {
    if value.chars().any(char::is_control) {
        Err(FieldError::new(field, "must be a single line of text"))
    } else {
        Ok(())
    }
}

/// RFC 5322 addr-spec syntax (via the email_address crate) with a top-level
/// domain required: an address without one is almost always a typo here.
pub fn email(field: &str, value: &str) -> Result<(), FieldError> {
    max_len(field, value, MAX_EMAIL)?;
    let options = email_address::Options::default()
        .without_display_text()
        .without_domain_literal()
        .with_required_tld();
    email_address::EmailAddress::parse_with_options(value, options)
        .map(|_| ())
        .map_err(|e| FieldError::new(field, format!("is not a valid e-mail address ({e})")))
}

/// Digits with the usual separators and an optional leading +.
pub fn phone(field: &str, value: &str) -> Result<(), FieldError> {
    max_len(field, value, MAX_PHONE)?;
    let body = value.strip_prefix('+').unwrap_or(value);
    let allowed = |c: char| c.is_ascii_digit() || " -./()".contains(c);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    if !body.chars().all(allowed) || digits < 4 {
        return Err(FieldError::new(
            field,
            "is not a valid phone number (digits, spaces, + - . ( ) only)",
        ));
    }
    Ok(())
}

fn list<'a>(
    field: &str,
    values: impl IntoIterator<Item = &'a String>,
    check: impl Fn(&str, &str) -> Result<(), FieldError>,
) -> Result<(), FieldError> {
    for (i, value) in values.into_iter().enumerate() {
        if i >= MAX_LIST {
            return Err(FieldError::new(
                field,
                format!("at most {MAX_LIST} entries"),
            ));
        }
        check(field, value)?;
    }
    Ok(())
}

pub fn contact(draft: &ContactDraft) -> Result<(), FieldError> {
    if draft.given_name.trim().is_empty() && draft.family_name.trim().is_empty() {
        return Err(FieldError::new(
            "family_name",
            "a contact needs a given or a family name",
        ));
    }
    for (field, value) in [
        ("given_name", &draft.given_name),
        ("family_name", &draft.family_name),
        ("job_title", &draft.job_title),
        ("street", &draft.address.street),
        ("city", &draft.address.city),
    ] {
        max_len(field, value, MAX_NAME)?;
        single_line(field, value)?;
    }
    max_len("postal_code", &draft.address.postal_code, 16)?;
    single_line("postal_code", &draft.address.postal_code)?;
    country("country", &draft.address.country)?;
    list("emails", &draft.emails, email)?;
    list("phones", &draft.phones, phone)?;
    list("tags", &draft.tags, |field, tag| {
        max_len(field, tag, MAX_TAG)?;
        if tag.chars().any(|c| c.is_whitespace() || c == ',') {
            return Err(FieldError::new(
                field,
                "a tag cannot contain spaces or commas",
            ));
        }
        Ok(())
    })?;
    max_len("notes", &draft.notes, MAX_TEXT)?;
    if let Some(owner) = &draft.owner {
        max_len("owner", owner, 64)?;
        single_line("owner", owner)?;
    }
    if !draft.language.is_empty()
        && (draft.language.len() != 2 || !draft.language.chars().all(|c| c.is_ascii_lowercase()))
    {
        return Err(FieldError::new(
            "language",
            "must be a two-letter ISO 639-1 code such as nl or en",
        ));
    }
    Ok(())
}

pub fn country(field: &str, value: &str) -> Result<(), FieldError> {
    if !value.is_empty() && (value.len() != 2 || !value.chars().all(|c| c.is_ascii_uppercase())) {
        return Err(FieldError::new(
            field,
            "must be a two-letter ISO 3166 code such as NL or BE",
        ));
    }
    Ok(())
}

pub fn organisation(draft: &OrganisationDraft) -> Result<(), FieldError> {
    required("name", &draft.name)?;
    for (field, value) in [
        ("name", &draft.name),
        ("vat_number", &draft.vat_number),
        ("website", &draft.website),
        ("street", &draft.address.street),
        ("city", &draft.address.city),
    ] {
        max_len(field, value, MAX_SHORT)?;
        single_line(field, value)?;
    }
    if !draft.phone.is_empty() {
        phone("phone", &draft.phone)?;
    }
    country("country", &draft.address.country)?;
    max_len("notes", &draft.notes, MAX_TEXT)?;
    Ok(())
}

pub fn purpose(draft: &PurposeDraft) -> Result<(), FieldError> {
    required("name", &draft.name)?;
    max_len("name", &draft.name, MAX_SHORT)?;
    single_line("name", &draft.name)?;
    max_len("description", &draft.description, MAX_TEXT)?;
    if draft.retention.months == 0 || draft.retention.months > 12 * 100 {
        return Err(FieldError::new(
            "retention",
            "must be between 1 month and 100 years",
        ));
    }
    if draft.legal_basis == super::LegalBasis::LegitimateInterest
        && draft.legitimate_interest.trim().is_empty()
    {
        return Err(FieldError::new(
            "legitimate_interest",
            "name the legitimate interest pursued (Art. 6(1)(f))",
        ));
    }
    if !draft.special_categories.is_empty() && draft.special_condition.trim().is_empty() {
        return Err(FieldError::new(
            "special_condition",
            "special-category data needs its Art. 9(2) condition recorded",
        ));
    }
    for (field, values) in [
        ("data_categories", &draft.data_categories),
        ("subject_categories", &draft.subject_categories),
        ("recipients", &draft.recipients),
    ] {
        list(field, values, |f, v| max_len(f, v, MAX_SHORT))?;
    }
    for transfer in &draft.transfers {
        required("transfers", &transfer.destination)?;
        max_len("transfers", &transfer.destination, MAX_SHORT)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses() {
        for ok in [
            "jan@example.nl",
            "an.de.smet+crm@telenet.be",
            "o'brien@firma.eu",
        ] {
            assert!(email("emails", ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn rejects_malformed_addresses() {
        for bad in [
            "",
            "jan",
            "jan@",
            "@example.nl",
            "jan@@example.nl",
            "jan@localhost",
            "Jan <jan@example.nl>",
            "jan @example.nl",
        ] {
            assert!(email("emails", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phone_rules() {
        assert!(phone("phones", "+31 6 1234 5678").is_ok());
        assert!(phone("phones", "(09) 223.45.67").is_ok());
        assert!(phone("phones", "call me").is_err());
        assert!(phone("phones", "12").is_err());
    }

    #[test]
    fn contact_needs_a_name() {
        let err = contact(&ContactDraft::default()).unwrap_err();
        assert_eq!(err.field, "family_name");
    }

    #[test]
    fn messages_do_not_echo_the_value() {
        let err = email("emails", "secret-value-xyz").unwrap_err();
        assert!(!err.message.contains("secret-value-xyz"));
    }
}
