//! The contact summaries the search index holds, packed: their text in one
//! buffer and a few fixed-size columns, rather than five heap strings per
//! contact. At a million contacts that is the difference between about
//! 100 MB and 450 MB of the interface's (and the daemon's) memory.

use super::ContactSummary;
use crate::model::{ContactId, ContactStatus, Timestamp};

/// A text field of a summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Name = 0,
    Organisation = 1,
    Email = 2,
    Phone = 3,
    /// "family given", lower-cased.
    SortKey = 4,
}

/// Where one summary's text is: its start in the buffer and the byte
/// length of each field, in `Field` order. A field is at most 1 016 bytes
/// (254 characters, the longest the model accepts), so 16 bits hold it;
/// longer text is cut at a character boundary rather than wrapping.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: u32,
    lens: [u16; 5],
}

impl Span {
    fn len(&self) -> usize {
        self.lens.iter().map(|&l| l as usize).sum()
    }

    fn field(&self, field: Field) -> std::ops::Range<usize> {
        let i = field as usize;
        let start = self.start as usize + self.lens[..i].iter().map(|&l| l as usize).sum::<usize>();
        start..start + self.lens[i] as usize
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

    fn append(&mut self, s: &ContactSummary) -> Span {
        let start = self.text.len() as u32;
        let mut lens = [0u16; 5];
        let fields = [&s.name, &s.organisation, &s.email, &s.phone, &s.sort_key];
        for (len, field) in lens.iter_mut().zip(fields) {
            let kept = clamp(field, u16::MAX as usize);
            self.text.extend_from_slice(kept.as_bytes());
            *len = kept.len() as u16;
        }
        Span { start, lens }
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.spans.shrink_to_fit();
        self.ids.shrink_to_fit();
        self.statuses.shrink_to_fit();
        self.updated.shrink_to_fit();
    }

    /// Adds a summary in a new slot; returns the slot.
    pub(super) fn push(&mut self, s: &ContactSummary) -> u32 {
        let span = self.append(s);
        self.spans.push(span);
        self.ids.push(s.id);
        self.statuses.push(s.status);
        self.updated.push(s.updated_at);
        (self.spans.len() - 1) as u32
    }

    /// Replaces the summary in `slot`; its old text is wiped.
    pub(super) fn set(&mut self, slot: u32, s: &ContactSummary) {
        self.wipe(slot);
        let span = self.append(s);
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
        self.spans[i] = Span::default();
        self.statuses[i] = ContactStatus::Anonymised;
    }

    fn wipe(&mut self, slot: u32) {
        let span = self.spans[slot as usize];
        let range = span.start as usize..span.start as usize + span.len();
        if let Some(bytes) = self.text.get_mut(range) {
            bytes.fill(0);
        }
        self.garbage += span.len();
    }

    pub(super) fn field(&self, slot: u32, field: Field) -> &str {
        let range = self.spans[slot as usize].field(field);
        // Only whole `str`s cut at character boundaries are appended.
        self.text
            .get(range)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
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

    /// The summary in `slot`, unpacked.
    pub(super) fn get(&self, slot: u32) -> ContactSummary {
        let text = |f| self.field(slot, f).to_string();
        ContactSummary {
            id: self.id(slot),
            name: text(Field::Name),
            sort_key: text(Field::SortKey),
            organisation: text(Field::Organisation),
            email: text(Field::Email),
            phone: text(Field::Phone),
            status: self.status(slot),
            updated_at: self.updated(slot),
        }
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

    #[test]
    fn summaries_come_back_as_they_went_in() {
        let mut p = Packed::default();
        let a = summary(7, "Anaïs Müller-IJsselmeer");
        let b = summary(9, "Jan de Vries");
        let slot_a = p.push(&a);
        let slot_b = p.push(&b);
        assert_eq!(p.get(slot_a), a);
        assert_eq!(p.get(slot_b), b);
        let c = ContactSummary {
            email: String::new(),
            ..summary(7, "Anaïs Janssens")
        };
        p.set(slot_a, &c);
        assert_eq!(p.get(slot_a), c);
        assert_eq!(p.field(slot_b, Field::Organisation), "Café Ørsted");
        assert!(!p.contains("Müller"), "replaced text is wiped");
        p.clear(slot_b);
        assert_eq!(p.field(slot_b, Field::Name), "");
        assert!(!p.contains("Vries"), "cleared text is wiped");
        assert_eq!(p.id(slot_b), 9);
    }

    #[test]
    fn overlong_fields_are_cut_at_a_character_boundary() {
        let long = "é".repeat(40_000);
        let mut p = Packed::default();
        let slot = p.push(&summary(1, &long));
        let name = p.field(slot, Field::Name);
        assert!(name.len() <= u16::MAX as usize && long.starts_with(name));
        assert_eq!(p.field(slot, Field::Email), "anais@x.be");
    }
}
