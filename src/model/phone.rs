//! Phone numbers as people write them in the Netherlands and Belgium
//! (`06 12345678`, `0470 12 34 56`, `+31 6 1234 5678`, `0031 6 …`), read
//! with the `phonenumber` crate (libphonenumber's metadata) and a default
//! region for numbers without a country code. What is stored is the
//! international form (`+31 6 12345678`), readable and the same however it
//! was typed; comparisons (do-not-contact, duplicates) use E.164 digits.

use phonenumber::country::{Id, Source};
use phonenumber::{Mode, PhoneNumber};

/// A country whose national numbers are meant without a country code.
pub type PhoneRegion = Id;

/// The region meant by a number without a country code: an ISO 3166
/// alpha-2 code such as "NL"; `None` when it is not one libphonenumber
/// knows.
pub fn region(code: &str) -> Option<Id> {
    code.trim().to_ascii_uppercase().parse::<Id>().ok()
}

/// Numbers with fewer digits than this after the country code are not
/// taken for phone numbers (extensions, short codes): NL and BE numbers
/// have 8 or 9.
const MIN_NATIONAL_DIGITS: usize = 6;

fn parse(value: &str, region: Option<Id>) -> Option<PhoneNumber> {
    let n = phonenumber::parse(region, value.trim()).ok()?;
    if n.national().to_string().len() < MIN_NATIONAL_DIGITS {
        return None;
    }
    // Dutch and Belgian offices deal with both countries: a national
    // number that is no number in the company's country but is one in the
    // neighbour's (`0470 12 34 56` under NL) is the neighbour's. Only a
    // number read with the default region can be the neighbour's; one with
    // its country code (every stored number) skips the validity check,
    // which is most of the cost of reading a number.
    if n.country().source() == Source::Default
        && !phonenumber::is_valid(&n)
        && let Some(other) = neighbour(region)
        && let Ok(there) = phonenumber::parse(Some(other), value.trim())
        && phonenumber::is_valid(&there)
    {
        return Some(there);
    }
    Some(n)
}

/// The other country of the Benelux pair custos is made for.
fn neighbour(region: Option<Id>) -> Option<Id> {
    match region? {
        Id::NL => Some(Id::BE),
        Id::BE => Some(Id::NL),
        _ => None,
    }
}

/// The form a number is stored in: international (`+31 6 12345678`) when
/// it can be read as a phone number, else as written (trimmed).
pub fn normalise(value: &str, region: Option<Id>) -> String {
    match parse(value, region) {
        Some(n) => n.format().mode(Mode::International).to_string(),
        None => value.trim().to_string(),
    }
}

/// The digits of the E.164 form (`31612345678`), the key numbers are
/// compared by; the digits as written when it cannot be read.
pub fn e164_digits(value: &str, region: Option<Id>) -> String {
    match parse(value, region) {
        Some(n) => n
            .format()
            .mode(Mode::E164)
            .to_string()
            .chars()
            .filter(char::is_ascii_digit)
            .collect(),
        None => value.chars().filter(char::is_ascii_digit).collect(),
    }
}

/// `e164_digits` of a number as stored (what `normalise` wrote): the
/// international form is its E.164 digits with spaces, read here without
/// the parser, which was most of the cost of keying a contact for the
/// duplicates table on every import and erasure. Anything else (an
/// extension, a national prefix after the country code, a form not
/// written by `normalise`) goes through the parser as before.
pub fn stored_e164_digits(stored: &str, region: Option<Id>) -> String {
    if let Some(rest) = stored.strip_prefix('+') {
        let mut groups = rest.split(' ');
        let spaced_digits = rest
            .split(' ')
            .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()));
        let national_prefix = groups.nth(1).is_none_or(|g| g.starts_with('0'));
        if spaced_digits && !national_prefix {
            return rest.chars().filter(char::is_ascii_digit).collect();
        }
    }
    e164_digits(stored, region)
}

/// The digits as the number is dialled within its own country
/// (`0612345678`): how custos 0.1 keyed numbers typed nationally.
pub fn national_digits(value: &str, region: Option<Id>) -> Option<String> {
    let n = parse(value, region)?;
    let national: String = n
        .format()
        .mode(Mode::National)
        .to_string()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    (!national.is_empty()).then_some(national)
}

/// The country calling code of a region (31 for NL, 32 for BE).
pub fn calling_code(region: Option<Id>) -> Option<u16> {
    let region = region?;
    phonenumber::metadata::DATABASE
        .by_id(region.as_ref())
        .map(|m| m.country_code())
}

/// An e-mail address as stored and compared: trimmed, the domain in lower
/// case (the local part is the mailbox owner's and left as written).
pub fn normalise_email(value: &str) -> String {
    let value = value.trim();
    match value.rsplit_once('@') {
        Some((local, domain)) => format!("{local}@{}", domain.to_lowercase()),
        None => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_numbers_written_any_way_are_the_same_number() {
        let nl = region("NL");
        let forms = [
            "06 12345678",
            "06-12345678",
            "+31 6 1234 5678",
            "+31612345678",
            "0031 6 12345678",
            "(06) 1234 5678",
        ];
        for form in forms {
            assert_eq!(e164_digits(form, nl), "31612345678", "{form}");
            assert_eq!(normalise(form, nl), "+31 6 12345678", "{form}");
        }
        assert_eq!(
            national_digits("+31 6 1234 5678", nl).as_deref(),
            Some("0612345678")
        );
        assert_eq!(normalise("020 123 4567", nl), "+31 20 123 4567");
    }

    #[test]
    fn belgian_numbers_work_with_the_belgian_region_and_when_written_internationally() {
        let be = region("BE");
        assert_eq!(e164_digits("0470 12 34 56", be), "32470123456");
        assert_eq!(normalise("0470 12 34 56", be), "+32 470 12 34 56");
        assert_eq!(normalise("09 223 45 67", be), "+32 9 223 45 67");
        // Written with its country code, a Belgian number is Belgian under
        // the Dutch region too.
        assert_eq!(e164_digits("+32 470 12 34 56", region("NL")), "32470123456");
        // Written nationally, a Belgian mobile number is no Dutch number,
        // so under the Dutch region it is read as Belgian; and the other
        // way round. A number valid in the company's country stays there.
        assert_eq!(normalise("0470 12 34 56", region("NL")), "+32 470 12 34 56");
        assert_eq!(normalise("06 12345678", region("BE")), "+31 6 12345678");
        assert_eq!(normalise("020 123 4567", region("NL")), "+31 20 123 4567");
        assert_eq!(normalise("09 223 45 67", be), "+32 9 223 45 67");
    }

    #[test]
    fn what_is_not_a_number_stays_as_written() {
        assert_eq!(normalise(" 12 ", region("NL")), "12");
        assert_eq!(e164_digits("ext. 12", region("NL")), "12");
        assert_eq!(region("XX"), None);
    }

    #[test]
    fn calling_codes_of_the_regions() {
        assert_eq!(calling_code(region("NL")), Some(31));
        assert_eq!(calling_code(region("BE")), Some(32));
        assert_eq!(calling_code(None), None);
    }

    proptest::proptest! {
        /// Whatever form a Dutch or Belgian number is typed in, under
        /// either region: its stored form reads back as itself and keys
        /// like the typed form (the stored form skips the neighbour check).
        #[test]
        fn the_stored_form_is_the_same_number(
            country in proptest::sample::select(vec!["31", "32"]),
            national in "[1-9][0-9]{7,8}",
            written in 0..5usize,
            home in proptest::sample::select(vec!["NL", "BE"]),
        ) {
            let typed = match written {
                0 => format!("0{national}"),
                1 => format!("+{country} {national}"),
                2 => format!("00{country}{national}"),
                3 => format!("+{country} (0){national}"),
                _ => format!("0{} {}", &national[..2], &national[2..]),
            };
            let home = region(home);
            let stored = normalise(&typed, home);
            proptest::prop_assert_eq!(&normalise(&stored, home), &stored);
            proptest::prop_assert_eq!(e164_digits(&stored, home), e164_digits(&typed, home));
            for other in [region("NL"), region("BE")] {
                proptest::prop_assert_eq!(e164_digits(&stored, other), e164_digits(&typed, home));
                proptest::prop_assert_eq!(stored_e164_digits(&stored, other), e164_digits(&typed, home));
            }
        }

        /// Whatever was typed, the shortcut for stored numbers keys the
        /// stored form exactly as the parser does: a key written at
        /// creation is found again at erasure.
        #[test]
        fn the_stored_shortcut_agrees_with_the_parser(
            typed in "[+]?[0-9 ()+-]{0,18}|\\+(1|31|32|33|39|44|49|352) ?0?[0-9]{4,11}",
            home in proptest::sample::select(vec!["NL", "BE", "DE"]),
        ) {
            let home = region(home);
            let stored = normalise(&typed, home);
            for other in [region("NL"), region("BE"), None] {
                proptest::prop_assert_eq!(stored_e164_digits(&stored, other), e164_digits(&stored, other), "{}", stored);
            }
        }
    }

    #[test]
    fn e_mail_domains_are_case_folded_only() {
        assert_eq!(
            normalise_email("  Jan.Vries@Example.NL "),
            "Jan.Vries@example.nl"
        );
    }
}
