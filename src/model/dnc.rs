//! The do-not-contact list (Art. 21): who objected to direct marketing,
//! kept as keyed fingerprints of their e-mail addresses and phone numbers so
//! the list survives erasing the person and recognises them when they are
//! imported again, without holding the addresses themselves.

use super::Contact;

/// Lower-case e-mail, or the digits of a phone number.
fn normalise(value: &str) -> Option<String> {
    let value = value.trim();
    if value.contains('@') {
        Some(value.to_lowercase())
    } else {
        let digits: String = value.chars().filter(char::is_ascii_digit).collect();
        (digits.len() >= 4).then_some(digits)
    }
}

/// A keyed blake3 hash: without the database's key it cannot be matched
/// against a guessed address.
pub fn fingerprint(key: &[u8; 32], value: &str) -> Option<[u8; 32]> {
    normalise(value).map(|v| *blake3::keyed_hash(key, v.as_bytes()).as_bytes())
}

/// Fingerprints of every address and number of a contact.
pub fn fingerprints(key: &[u8; 32], contact_emails: &[String], phones: &[String]) -> Vec<[u8; 32]> {
    contact_emails
        .iter()
        .chain(phones)
        .filter_map(|v| fingerprint(key, v))
        .collect()
}

pub fn of_contact(key: &[u8; 32], contact: &Contact) -> Vec<[u8; 32]> {
    fingerprints(key, &contact.emails, &contact.phones)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_address_written_differently_matches() {
        let key = [7u8; 32];
        assert_eq!(
            fingerprint(&key, " Jan@Vries.NL "),
            fingerprint(&key, "jan@vries.nl")
        );
        assert_eq!(
            fingerprint(&key, "+31 6 1234 5678"),
            fingerprint(&key, "+31-6-12345678")
        );
        assert_ne!(
            fingerprint(&key, "jan@vries.nl"),
            fingerprint(&[8u8; 32], "jan@vries.nl")
        );
        assert_eq!(fingerprint(&key, "12"), None);
    }
}
