//! The contact summaries the search index holds, packed: their text in one
//! buffer and a few fixed-size columns, rather than five heap strings per
//! contact. The index keeps each contact's searched line folded (lower case,
//! no accents) in its arena anyway; when the shown line is plain ASCII it is
//! that folded line with some letters in upper case, so only a bitmap of
//! those is kept here instead of the text a second time. At a million
//! contacts that is about 60 MB instead of 120 MB (and 450 MB as separate
//! strings) of the interface's and the daemon's memory.

use std::borrow::Cow;

use super::{ContactSummary, fold_char};
use crate::model::{ContactId, ContactStatus, Timestamp};

/// A shown field of a summary, in the order the searched line joins them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Name = 0,
    Organisation = 1,
    Email = 2,
    Phone = 3,
}

const SORT_KEY: usize = 4;

/// Where one summary's text is: its start in the buffer and the byte
/// length of each field (name, organisation, e-mail, phone, then the sort
/// key). A field is at most 1 016 bytes (254 characters, the longest the
/// model accepts), so 16 bits hold it; longer text is cut at a character
/// boundary rather than wrapping. The buffer holds the sort key, then either
/// the four fields as they are (`verbatim`) or the bitmap of the upper-case
/// letters of the folded line.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: u32,
    lens: [u16; 5],
    verbatim: bool,
}

impl Span {
    fn len(&self, field: usize) -> usize {
        self.lens[field] as usize
    }

    /// Bytes of the line the fields make, joined by single spaces.
    fn line_len(&self) -> usize {
        (0..4).map(|f| self.len(f)).sum::<usize>() + 3
    }

    /// Bytes this summary takes in the buffer.
    fn stored_len(&self) -> usize {
        self.len(SORT_KEY)
            + if self.verbatim {
                (0..4).map(|f| self.len(f)).sum()
            } else {
                self.line_len().div_ceil(8)
            }
    }

    /// Where `field` is within the line.
    fn line_range(&self, field: Field) -> std::ops::Range<usize> {
        let i = field as usize;
        let start = (0..i).map(|f| self.len(f) + 1).sum::<usize>();
        start..start + self.len(i)
    }

    /// Where a verbatim `field` is in the buffer: after the sort key, the
    /// fields stored without the spaces that join them in the line.
    fn stored_range(&self, field: Field) -> std::ops::Range<usize> {
        let line = self.line_range(field);
        let start = self.start as usize + self.len(SORT_KEY) + line.start - field as usize;
        start..start + line.len()
    }
}

#[derive(Debug, Default)]
pub(super) struct Packed {
    text: Vec<u8>,
    spans: Vec<Span>,
    ids: Vec<ContactId>,
    statuses: Vec<ContactStatus>,
    updated: Vec<Timestamp>,
    /// Bytes of `text` no span points to any more (wiped).
    garbage: usize,
}

/// The longest prefix of `s` of at most `max` bytes that ends on a
/// character boundary.
fn clamp(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The shown fields of a summary, in line order.
fn shown(s: &ContactSummary) -> [&str; 4] {
    [&s.name, &s.organisation, &s.email, &s.phone]
}

/// The bitmap of the upper-case letters of the line `fields` make, if that
/// line is `folded` with only those letters changed (plain ASCII text).
fn case_bitmap(fields: [&str; 4], folded: &[u8]) -> Option<Vec<u8>> {
    let mut bitmap = Vec::with_capacity(folded.len().div_ceil(8));
    let mut at = 0;
    for (i, field) in fields.into_iter().enumerate() {
        let separator = if i < 3 { &b" "[..] } else { &[] };
        for &b in field.as_bytes().iter().chain(separator) {
            if !b.is_ascii() || folded.get(at) != Some(&b.to_ascii_lowercase()) {
                return None;
            }
            if at % 8 == 0 {
                bitmap.push(0);
            }
            if b.is_ascii_uppercase() {
                *bitmap.last_mut()? |= 1 << (at % 8);
            }
            at += 1;
        }
    }
    (at == folded.len()).then_some(bitmap)
}

/// A field as search compares and sorts it: folded, either read from the
/// folded line or folded character by character from the shown text.
pub(super) enum Folded<'a> {
    Line(&'a [u8]),
    Shown(&'a str),
}

impl Folded<'_> {
    pub(super) fn chars(&self) -> impl Iterator<Item = char> + '_ {
        let (line, shown) = match self {
            Folded::Line(bytes) => (Some(bytes.iter().map(|&b| char::from(b))), None),
            Folded::Shown(text) => (None, Some(text.chars().map(fold_char))),
        };
        line.into_iter()
            .flatten()
            .chain(shown.into_iter().flatten())
    }
}

impl Packed {
    pub(super) fn len(&self) -> usize {
        self.spans.len()
    }

    /// Bytes of text no summary uses any more.
    pub(super) fn garbage(&self) -> usize {
        self.garbage
    }

    pub(super) fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Stores `s`, whose line folds to `folded`.
    fn append(&mut self, s: &ContactSummary, folded: &[u8]) -> Span {
        let start = self.text.len() as u32;
        let fields = shown(s).map(|f| clamp(f, u16::MAX as usize));
        let sort_key = clamp(&s.sort_key, u16::MAX as usize);
        let mut lens = [0u16; 5];
        for (len, field) in lens.iter_mut().zip(fields.iter().chain([&sort_key])) {
            *len = field.len() as u16;
        }
        self.text.extend_from_slice(sort_key.as_bytes());
        // A field cut short no longer folds to the line.
        let whole = fields
            .iter()
            .zip(shown(s))
            .all(|(kept, f)| kept.len() == f.len());
        let bitmap = case_bitmap(fields, folded).filter(|_| whole);
        let verbatim = bitmap.is_none();
        match bitmap {
            Some(bitmap) => self.text.extend_from_slice(&bitmap),
            None => {
                for field in fields {
                    self.text.extend_from_slice(field.as_bytes());
                }
            }
        }
        Span {
            start,
            lens,
            verbatim,
        }
    }

    /// Room for `n` more summaries' fixed-size columns.
    pub(super) fn reserve(&mut self, n: usize) {
        self.spans.reserve_exact(n);
        self.ids.reserve_exact(n);
        self.statuses.reserve_exact(n);
        self.updated.reserve_exact(n);
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.spans.shrink_to_fit();
        self.ids.shrink_to_fit();
        self.statuses.shrink_to_fit();
        self.updated.shrink_to_fit();
    }

    /// Adds a summary, whose line folds to `folded`, in a new slot; returns
    /// the slot.
    pub(super) fn push(&mut self, s: &ContactSummary, folded: &[u8]) -> u32 {
        let span = self.append(s, folded);
        self.spans.push(span);
        self.ids.push(s.id);
        self.statuses.push(s.status);
        self.updated.push(s.updated_at);
        (self.spans.len() - 1) as u32
    }

    /// Replaces the summary in `slot`; its old text is wiped.
    pub(super) fn set(&mut self, slot: u32, s: &ContactSummary, folded: &[u8]) {
        self.wipe(slot);
        let span = self.append(s, folded);
        let i = slot as usize;
        self.spans[i] = span;
        self.ids[i] = s.id;
        self.statuses[i] = s.status;
        self.updated[i] = s.updated_at;
    }

    /// Empties `slot`: its text is overwritten (an erased person's values
    /// must not linger in memory), its id and date stay.
    pub(super) fn clear(&mut self, slot: u32) {
        self.wipe(slot);
        let i = slot as usize;
        // Nothing stored: an empty verbatim span takes no bytes.
        self.spans[i] = Span {
            verbatim: true,
            ..Span::default()
        };
        self.statuses[i] = ContactStatus::Anonymised;
    }

    fn wipe(&mut self, slot: u32) {
        let span = self.spans[slot as usize];
        let range = span.start as usize..span.start as usize + span.stored_len();
        if let Some(bytes) = self.text.get_mut(range) {
            bytes.fill(0);
        }
        self.garbage += span.stored_len();
    }

    /// Text stored after the sort key, as UTF-8 (only whole `str`s cut at
    /// character boundaries are appended).
    fn stored_str(&self, range: std::ops::Range<usize>) -> &str {
        self.text
            .get(range)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }

    /// "family given", lower-cased.
    pub(super) fn sort_key(&self, slot: u32) -> &str {
        let span = self.spans[slot as usize];
        let start = span.start as usize;
        self.stored_str(start..start + span.len(SORT_KEY))
    }

    /// A shown field as search compares and sorts it; `folded` is the
    /// slot's folded line.
    pub(super) fn folded<'a>(&'a self, slot: u32, field: Field, folded: &'a [u8]) -> Folded<'a> {
        let span = self.spans[slot as usize];
        if span.verbatim {
            Folded::Shown(self.stored_str(span.stored_range(field)))
        } else {
            Folded::Line(folded.get(span.line_range(field)).unwrap_or_default())
        }
    }

    /// The shown fields of `slot`, whose folded line is `folded`.
    fn fields<'a>(&'a self, slot: u32, folded: &[u8]) -> [Cow<'a, str>; 4] {
        let span = self.spans[slot as usize];
        let all = [Field::Name, Field::Organisation, Field::Email, Field::Phone];
        if span.verbatim {
            return all.map(|f| Cow::Borrowed(self.stored_str(span.stored_range(f))));
        }
        let after_key = span.start as usize + span.len(SORT_KEY);
        let bitmap = self.text.get(after_key..).unwrap_or_default();
        let upper = |i: usize| bitmap.get(i / 8).is_some_and(|b| b & (1 << (i % 8)) != 0);
        all.map(|f| {
            let range = span.line_range(f);
            let bytes = folded.get(range.clone()).unwrap_or_default();
            let text = bytes
                .iter()
                .zip(range)
                .map(|(&b, i)| char::from(if upper(i) { b.to_ascii_uppercase() } else { b }))
                .collect();
            Cow::Owned(text)
        })
    }

    /// The summary in `slot`, whose folded line is `folded`, unpacked.
    pub(super) fn get(&self, slot: u32, folded: &[u8]) -> ContactSummary {
        let [name, organisation, email, phone] = self.fields(slot, folded);
        ContactSummary {
            id: self.id(slot),
            name: name.into_owned(),
            sort_key: self.sort_key(slot).to_string(),
            organisation: organisation.into_owned(),
            email: email.into_owned(),
            phone: phone.into_owned(),
            status: self.status(slot),
            updated_at: self.updated(slot),
        }
    }

    pub(super) fn id(&self, slot: u32) -> ContactId {
        self.ids[slot as usize]
    }

    pub(super) fn status(&self, slot: u32) -> ContactStatus {
        self.statuses[slot as usize]
    }

    pub(super) fn updated(&self, slot: u32) -> Timestamp {
        self.updated[slot as usize]
    }

    /// Whether `needle` occurs anywhere in the packed text (for tests of
    /// what an erasure leaves in memory).
    #[cfg(test)]
    pub(super) fn contains(&self, needle: &str) -> bool {
        self.text
            .windows(needle.len())
            .any(|w| w == needle.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn summary(id: u64, name: &str) -> ContactSummary {
        ContactSummary {
            id,
            name: name.into(),
            sort_key: name.to_lowercase(),
            organisation: "Café Ørsted".into(),
            email: "anais@x.be".into(),
            phone: "+32 470 12 34 56".into(),
            status: ContactStatus::Active,
            updated_at: Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap(),
        }
    }

    fn folded_line(s: &ContactSummary) -> Vec<u8> {
        crate::search::fold(&shown(s).join(" ")).into_bytes()
    }

    fn push(p: &mut Packed, s: &ContactSummary) -> u32 {
        p.push(s, &folded_line(s))
    }

    fn get(p: &Packed, slot: u32, as_of: &ContactSummary) -> ContactSummary {
        p.get(slot, &folded_line(as_of))
    }

    #[test]
    fn summaries_come_back_as_they_went_in() {
        let mut p = Packed::default();
        let a = summary(7, "Anaïs Müller-IJsselmeer");
        let b = ContactSummary {
            organisation: "Bakkerij De Vries BV".into(),
            email: "Jan.de.Vries@Example.NL".into(),
            ..summary(9, "Jan de Vries")
        };
        let slot_a = push(&mut p, &a);
        let slot_b = push(&mut p, &b);
        assert!(
            p.spans[slot_a as usize].verbatim,
            "accents are kept as typed"
        );
        assert!(
            !p.spans[slot_b as usize].verbatim,
            "plain text is the folded line"
        );
        assert_eq!(get(&p, slot_a, &a), a);
        assert_eq!(get(&p, slot_b, &b), b);
        assert!(!p.contains("Vries"), "plain text is not kept twice");
        let c = ContactSummary {
            email: String::new(),
            ..summary(7, "Anaïs Janssens")
        };
        p.set(slot_a, &c, &folded_line(&c));
        assert_eq!(get(&p, slot_a, &c), c);
        assert!(!p.contains("Müller"), "replaced text is wiped");
        assert_eq!(get(&p, slot_b, &b), b);
        p.clear(slot_b);
        assert_eq!(p.sort_key(slot_b), "");
        assert!(!p.contains("jan de vries"), "cleared text is wiped");
        assert_eq!(p.id(slot_b), 9);
        let garbage = p.garbage();
        p.clear(slot_b);
        assert_eq!(p.garbage(), garbage, "an emptied slot holds nothing more");
    }

    #[test]
    fn fields_fold_for_sorting_from_either_form() {
        let mut p = Packed::default();
        let a = summary(1, "Élodie Dupont");
        let b = ContactSummary {
            organisation: "Ørsted".into(),
            ..summary(2, "Ed Smit")
        };
        let c = ContactSummary {
            organisation: "Orsted Groep".into(),
            ..summary(3, "Ed Smit")
        };
        let slots = [&a, &b, &c].map(|s| push(&mut p, s));
        let folded = |slot: u32, s: &ContactSummary, field| {
            p.folded(slot, field, &folded_line(s))
                .chars()
                .collect::<String>()
        };
        assert_eq!(folded(slots[0], &a, Field::Organisation), "cafe orsted");
        assert_eq!(folded(slots[0], &a, Field::Name), "elodie dupont");
        assert_eq!(folded(slots[1], &b, Field::Organisation), "orsted");
        assert_eq!(folded(slots[2], &c, Field::Organisation), "orsted groep");
        assert_eq!(folded(slots[2], &c, Field::Phone), "+32 470 12 34 56");
    }

    #[test]
    fn overlong_fields_are_cut_at_a_character_boundary() {
        for long in ["é".repeat(40_000), "e".repeat(70_000)] {
            let mut p = Packed::default();
            let s = summary(1, &long);
            let slot = push(&mut p, &s);
            let back = get(&p, slot, &s);
            assert!(back.name.len() <= u16::MAX as usize && long.starts_with(&back.name));
            assert_eq!(back.email, "anais@x.be");
            assert_eq!(back.organisation, "Café Ørsted");
        }
    }
}
