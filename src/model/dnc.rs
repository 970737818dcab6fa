//! The do-not-contact list (Art. 21): who objected to direct marketing,
//! kept as keyed fingerprints of their e-mail addresses and phone numbers so
//! the list survives erasing the person and recognises them when they are
//! imported again, without holding the addresses themselves.

use phonenumber::country::Id;

use super::Contact;
use super::phone;

fn keyed(key: &[u8; 32], value: &str) -> [u8; 32] {
    *blake3::keyed_hash(key, value.as_bytes()).as_bytes()
}

/// The forms an address or number is fingerprinted in: an e-mail address
/// lower-cased whole (a do-not-contact entry errs on the side of the
/// person); a phone number as E.164 digits, and as dialled nationally
/// (`0612345678`: how custos 0.1 keyed numbers typed that way), so a
/// number matches however it was written, then or now.
fn forms(value: &str, region: Option<Id>) -> Vec<String> {
    let value = value.trim();
    if value.contains('@') {
        return vec![value.to_lowercase()];
    }
    let mut out = Vec::new();
    let digits = phone::e164_digits(value, region);
    if digits.len() >= 4 {
        out.push(digits);
    }
    if let Some(national) = phone::national_digits(value, region)
        && !out.contains(&national)
    {
        out.push(national);
    }
    out
}

/// A keyed blake3 hash of each form: without the database's key it cannot
/// be matched against a guessed address.
pub fn fingerprints_of(key: &[u8; 32], value: &str, region: Option<Id>) -> Vec<[u8; 32]> {
    forms(value, region).iter().map(|f| keyed(key, f)).collect()
}

/// Fingerprints of every address and number of a contact.
pub fn fingerprints(
    key: &[u8; 32],
    emails: &[String],
    phones: &[String],
    region: Option<Id>,
) -> Vec<[u8; 32]> {
    emails
        .iter()
        .chain(phones)
        .flat_map(|v| fingerprints_of(key, v, region))
        .collect()
}

pub fn of_contact(key: &[u8; 32], contact: &Contact, region: Option<Id>) -> Vec<[u8; 32]> {
    fingerprints(key, &contact.emails, &contact.phones, region)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_address_written_differently_matches() {
        let key = [7u8; 32];
        let nl = phone::region("NL");
        let fp = |v: &str| fingerprints_of(&key, v, nl);
        assert_eq!(fp(" Jan@Vries.NL "), fp("jan@vries.nl"));
        for same in [
            "+31-6-12345678",
            "06 12345678",
            "0031 6 1234 5678",
            "(06)12345678",
        ] {
            assert_eq!(fp("+31 6 1234 5678"), fp(same), "{same}");
        }
        assert_ne!(
            fingerprints_of(&key, "jan@vries.nl", nl),
            fingerprints_of(&[8u8; 32], "jan@vries.nl", nl)
        );
        assert!(fp("12").is_empty());
        // A Belgian mobile under the Belgian region, however written.
        let be = phone::region("BE");
        assert_eq!(
            fingerprints_of(&key, "0470 12 34 56", be),
            fingerprints_of(&key, "+32 470 12 34 56", be)
        );
    }

    #[test]
    fn entries_made_by_custos_0_1_are_still_found() {
        // 0.1 keyed the digits as typed: "06 12345678" became 0612345678,
        // "+31 6 1234 5678" became 31612345678. Both are among the forms.
        let key = [7u8; 32];
        let nl = phone::region("NL");
        let new = fingerprints_of(&key, "+31612345678", nl);
        assert!(new.contains(&keyed(&key, "0612345678")));
        assert!(new.contains(&keyed(&key, "31612345678")));
    }
}
