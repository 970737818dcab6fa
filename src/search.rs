//! In-memory fuzzy index over contact summaries (name, organisation, e-mail,
//! phone). The service builds it at open and updates it on every write.
//!
//! A keystroke must be answered within a frame even with a million contacts:
//! - every summary's lower-cased text sits in one contiguous arena, and a
//!   subsequence test over those bytes (the prefilter) rejects most entries
//!   at a few nanoseconds each;
//! - when the query only grew, only the previous query's matches are tested
//!   (every match of "jans" is a match of "jan");
//! - survivors are scored with fuzzy-matcher's skim algorithm, split across
//!   cores; when very many survive (a one-letter query), only the best
//!   `SCORE_BUDGET` by a cheap word-start estimate are scored exactly and the
//!   rest follow in estimate order, so the visible top of the list is always
//!   exactly ranked.

use std::cmp::Reverse;
use std::collections::HashMap;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::{ContactId, ContactStatus, Timestamp};

/// How many candidates are scored exactly at most per query.
pub const SCORE_BUDGET: usize = 20_000;

/// What the index knows of one contact: enough to draw a table row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactSummary {
    pub id: ContactId,
    pub name: String,
    /// "family given", lower-cased: the address-book order.
    pub sort_key: String,
    pub organisation: String,
    pub email: String,
    pub phone: String,
    pub status: ContactStatus,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum SortKey {
    #[default]
    Name,
    Organisation,
    Email,
    Phone,
    Status,
    Updated,
}

impl SortKey {
    pub const ALL: [SortKey; 6] = [
        SortKey::Name,
        SortKey::Organisation,
        SortKey::Email,
        SortKey::Phone,
        SortKey::Status,
        SortKey::Updated,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Organisation => "organisation",
            SortKey::Email => "email",
            SortKey::Phone => "phone",
            SortKey::Status => "status",
            SortKey::Updated => "updated",
        }
    }

    pub fn parse(s: &str) -> Option<SortKey> {
        let s = s.trim().to_lowercase();
        SortKey::ALL
            .into_iter()
            .find(|k| k.key() == s || (s == "org" && *k == SortKey::Organisation))
    }
}

/// Character positions matched by the query, per field, for highlighting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlights {
    pub name: Vec<usize>,
    pub organisation: Vec<usize>,
    pub email: Vec<usize>,
    pub phone: Vec<usize>,
}

struct Entry {
    summary: ContactSummary,
    /// Byte range of the lower-cased text in the arena.
    start: u32,
    len: u32,
    alive: bool,
}

/// The text matched and scored (lower-cased): the four fields separated by
/// spaces. Match positions are character indices into it.
fn line(s: &ContactSummary) -> String {
    format!("{} {} {} {}", s.name, s.organisation, s.email, s.phone)
}

/// Spaces carry no meaning in a subsequence query ("de vries" finds
/// "de Vries" and "Devries"); case neither.
pub fn normalise_query(query: &str) -> String {
    query
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

#[inline]
fn is_subsequence(needle: &[u8], hay: &[u8]) -> bool {
    let mut rest = hay;
    for &b in needle {
        match memchr::memchr(b, rest) {
            Some(i) => rest = &rest[i + 1..],
            None => return false,
        }
    }
    true
}

/// A cheap ranking for huge candidate sets: query characters found at the
/// start of a word, greedily, plus a bonus when the first one starts the text.
fn estimate(needle: &[u8], hay: &[u8]) -> u32 {
    let mut score = 0;
    let mut rest = 0;
    for (n, &b) in needle.iter().enumerate() {
        let Some(i) = memchr::memchr(b, &hay[rest..]) else {
            return score;
        };
        let at = rest + i;
        if at == 0 || !hay[at - 1].is_ascii_alphanumeric() {
            score += if n == 0 { 4 } else { 2 };
        } else if n > 0 && at == rest {
            score += 1;
        }
        rest = at + 1;
    }
    score
}

pub struct SearchIndex {
    entries: Vec<Entry>,
    slot_of: HashMap<ContactId, u32>,
    arena: Vec<u8>,
    dead: usize,
    garbage_bytes: usize,
    /// Bumped on every change; cached results of an older generation are stale.
    generation: u64,
    matcher: SkimMatcherV2,
}

impl Default for SearchIndex {
    fn default() -> Self {
        SearchIndex::new()
    }
}

/// A query's matches in rank order, kept for narrowing and paging.
#[derive(Debug, Clone)]
pub struct SearchResult {
    pub query: String,
    pub generation: u64,
    /// Slots in rank order.
    pub slots: Vec<u32>,
}

impl SearchIndex {
    pub fn new() -> SearchIndex {
        SearchIndex {
            entries: Vec::new(),
            slot_of: HashMap::new(),
            arena: Vec::new(),
            dead: 0,
            garbage_bytes: 0,
            generation: 0,
            matcher: SkimMatcherV2::default().ignore_case(),
        }
    }

    pub fn build(summaries: impl IntoIterator<Item = ContactSummary>) -> SearchIndex {
        let mut index = SearchIndex::new();
        for s in summaries {
            index.upsert(s);
        }
        index
    }

    pub fn len(&self) -> usize {
        self.entries.len() - self.dead
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn get(&self, id: ContactId) -> Option<&ContactSummary> {
        self.slot_of
            .get(&id)
            .map(|&slot| &self.entries[slot as usize].summary)
    }

    pub fn summary_at(&self, slot: u32) -> Option<&ContactSummary> {
        self.entries
            .get(slot as usize)
            .filter(|e| e.alive)
            .map(|e| &e.summary)
    }

    fn text(&self, entry: &Entry) -> &[u8] {
        &self.arena[entry.start as usize..(entry.start + entry.len) as usize]
    }

    /// The arena holds whole `String`s, so every entry's bytes are UTF-8.
    fn text_str(&self, entry: &Entry) -> &str {
        std::str::from_utf8(self.text(entry)).unwrap_or_default()
    }

    fn push_text(&mut self, summary: &ContactSummary) -> (u32, u32) {
        let lower = line(summary).to_lowercase();
        let start = self.arena.len() as u32;
        self.arena.extend_from_slice(lower.as_bytes());
        (start, lower.len() as u32)
    }

    pub fn upsert(&mut self, summary: ContactSummary) {
        self.generation += 1;
        let (start, len) = self.push_text(&summary);
        match self.slot_of.get(&summary.id) {
            Some(&slot) => {
                let entry = &mut self.entries[slot as usize];
                self.garbage_bytes += entry.len as usize;
                *entry = Entry {
                    summary,
                    start,
                    len,
                    alive: true,
                };
            }
            None => {
                self.slot_of.insert(summary.id, self.entries.len() as u32);
                self.entries.push(Entry {
                    summary,
                    start,
                    len,
                    alive: true,
                });
            }
        }
        self.maybe_compact();
    }

    pub fn remove(&mut self, id: ContactId) {
        if let Some(slot) = self.slot_of.remove(&id) {
            self.generation += 1;
            let entry = &mut self.entries[slot as usize];
            entry.alive = false;
            self.garbage_bytes += entry.len as usize;
            self.dead += 1;
            self.maybe_compact();
        }
    }

    /// Rebuilds the arena and slots once a quarter of them is garbage, so
    /// edits over a long-running daemon's life do not grow memory unbounded.
    fn maybe_compact(&mut self) {
        let garbage = self.garbage_bytes > 4096 && self.garbage_bytes * 4 > self.arena.len();
        let dead = self.dead > 64 && self.dead * 4 > self.entries.len();
        if !(garbage || dead) {
            return;
        }
        let entries = std::mem::take(&mut self.entries);
        let generation = self.generation;
        *self = SearchIndex::build(entries.into_iter().filter(|e| e.alive).map(|e| e.summary));
        self.generation = generation + 1;
    }

    /// Slots matching `query` (already normalised), testing only `within`
    /// when given.
    fn prefilter(&self, needle: &[u8], within: Option<&[u32]>) -> Vec<u32> {
        let test = |slot: u32| {
            let e = &self.entries[slot as usize];
            e.alive && is_subsequence(needle, self.text(e))
        };
        match within {
            Some(slots) => slots.par_iter().copied().filter(|&s| test(s)).collect(),
            None => (0..self.entries.len() as u32)
                .into_par_iter()
                .filter(|&s| test(s))
                .collect(),
        }
    }

    /// Ranks a query. `previous` is the result of an earlier query; when the
    /// new query extends it and nothing changed since, only its matches are
    /// tested.
    pub fn search(&self, query: &str, previous: Option<&SearchResult>) -> SearchResult {
        let needle = normalise_query(query);
        let within = previous
            .filter(|p| p.generation == self.generation && needle.starts_with(&p.query))
            .map(|p| p.slots.as_slice());
        if needle.is_empty() {
            return SearchResult {
                query: needle,
                generation: self.generation,
                slots: self.sorted(SortKey::Name, false),
            };
        }
        let candidates = self.prefilter(needle.as_bytes(), within);
        let slots = self.rank(&needle, candidates);
        SearchResult {
            query: needle,
            generation: self.generation,
            slots,
        }
    }

    fn rank(&self, needle: &str, mut candidates: Vec<u32>) -> Vec<u32> {
        let bytes = needle.as_bytes();
        let mut rest = Vec::new();
        if candidates.len() > SCORE_BUDGET {
            // Keep the most promising for exact scoring; the others follow
            // in estimate order.
            let mut estimated: Vec<(Reverse<u32>, u32)> = candidates
                .par_iter()
                .map(|&s| {
                    let e = &self.entries[s as usize];
                    (Reverse(estimate(bytes, self.text(e))), s)
                })
                .collect();
            estimated.select_nth_unstable(SCORE_BUDGET);
            rest = estimated.split_off(SCORE_BUDGET);
            rest.par_sort_unstable();
            candidates = estimated.into_iter().map(|(_, s)| s).collect();
        }
        let mut scored: Vec<(Reverse<i64>, &str, u32)> = candidates
            .par_iter()
            .filter_map(|&slot| {
                let e = &self.entries[slot as usize];
                self.matcher
                    .fuzzy_match(self.text_str(e), needle)
                    .map(|score| (Reverse(score), e.summary.sort_key.as_str(), slot))
            })
            .collect();
        scored.par_sort_unstable();
        scored
            .into_iter()
            .map(|(_, _, s)| s)
            .chain(rest.into_iter().map(|(_, s)| s))
            .collect()
    }

    /// Every live slot in the order of `key`.
    pub fn sorted(&self, key: SortKey, descending: bool) -> Vec<u32> {
        let mut slots: Vec<u32> = (0..self.entries.len() as u32)
            .filter(|&s| self.entries[s as usize].alive)
            .collect();
        let s = |slot: &u32| &self.entries[*slot as usize].summary;
        match key {
            SortKey::Name => slots.par_sort_by(|a, b| s(a).sort_key.cmp(&s(b).sort_key)),
            SortKey::Organisation => slots.par_sort_by(|a, b| {
                (s(a).organisation.to_lowercase(), &s(a).sort_key)
                    .cmp(&(s(b).organisation.to_lowercase(), &s(b).sort_key))
            }),
            SortKey::Email => slots.par_sort_by(|a, b| s(a).email.cmp(&s(b).email)),
            SortKey::Phone => slots.par_sort_by(|a, b| s(a).phone.cmp(&s(b).phone)),
            SortKey::Status => slots.par_sort_by(|a, b| {
                (s(a).status, &s(a).sort_key).cmp(&(s(b).status, &s(b).sort_key))
            }),
            SortKey::Updated => slots.par_sort_by(|a, b| s(b).updated_at.cmp(&s(a).updated_at)),
        }
        if descending {
            slots.reverse();
        }
        slots
    }

    /// Which characters of each field the query matched.
    pub fn highlights(&self, slot: u32, query: &str) -> Highlights {
        let needle = normalise_query(query);
        let Some(entry) = self.entries.get(slot as usize).filter(|e| e.alive) else {
            return Highlights::default();
        };
        if needle.is_empty() {
            return Highlights::default();
        }
        let Some((_, positions)) = self.matcher.fuzzy_indices(self.text_str(entry), &needle) else {
            return Highlights::default();
        };
        // Character lengths of the lower-cased fields, in which the positions
        // are counted; fields are separated by one space.
        let s = &entry.summary;
        let lens = [&s.name, &s.organisation, &s.email, &s.phone]
            .map(|f| f.chars().flat_map(char::to_lowercase).count());
        let mut starts = [0usize; 4];
        for i in 1..4 {
            starts[i] = starts[i - 1] + lens[i - 1] + 1;
        }
        let mut out = Highlights::default();
        for pos in positions {
            let field = starts.iter().rposition(|&st| pos >= st).unwrap_or(0);
            let local = pos - starts[field];
            if local >= lens[field] {
                continue;
            }
            match field {
                0 => out.name.push(local),
                1 => out.organisation.push(local),
                2 => out.email.push(local),
                _ => out.phone.push(local),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn summary(id: u64, name: &str, org: &str, email: &str, phone: &str) -> ContactSummary {
        let mut parts = name.rsplitn(2, ' ');
        let family = parts.next().unwrap_or_default();
        let given = parts.next().unwrap_or_default();
        ContactSummary {
            id,
            name: name.into(),
            sort_key: format!("{family} {given}").to_lowercase(),
            organisation: org.into(),
            email: email.into(),
            phone: phone.into(),
            status: ContactStatus::Active,
            updated_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
                + chrono::Duration::days(id as i64),
        }
    }

    fn sample() -> SearchIndex {
        SearchIndex::build([
            summary(
                1,
                "Jan de Vries",
                "Bakkerij Vries",
                "jan@vries.nl",
                "+31 6 1111 2222",
            ),
            summary(
                2,
                "Anna Janssens",
                "Gent Logistics",
                "anna@gentlog.be",
                "+32 470 12 34 56",
            ),
            summary(
                3,
                "Pieter Peeters",
                "Acme NV",
                "pp@acme.be",
                "+32 3 555 66 77",
            ),
            summary(
                4,
                "Marie Dubois",
                "Acme NV",
                "marie.dubois@acme.be",
                "+32 2 123 45 67",
            ),
        ])
    }

    fn ids(index: &SearchIndex, result: &SearchResult) -> Vec<u64> {
        result
            .slots
            .iter()
            .map(|&s| index.summary_at(s).unwrap().id)
            .collect()
    }

    #[test]
    fn finds_across_fields() {
        let index = sample();
        assert_eq!(ids(&index, &index.search("acme", None)), vec![4, 3]);
        assert_eq!(ids(&index, &index.search("gentlog", None)), vec![2]);
        assert_eq!(ids(&index, &index.search("+32470", None)), vec![2]);
        assert!(index.search("zzz", None).slots.is_empty());
    }

    #[test]
    fn best_match_first() {
        let index = sample();
        let result = index.search("jan", None);
        assert_eq!(ids(&index, &result)[0], 1, "a word start beats a substring");
        assert!(ids(&index, &result).contains(&2));
    }

    #[test]
    fn spaces_and_case_do_not_matter() {
        let index = sample();
        assert_eq!(
            ids(&index, &index.search("DE VRIES", None)),
            ids(&index, &index.search("devries", None))
        );
    }

    #[test]
    fn narrowing_gives_the_same_result_as_a_fresh_search() {
        let index = sample();
        let mut previous: Option<SearchResult> = None;
        for end in 1..="acme nv".len() {
            let q = &"acme nv"[..end];
            let narrowed = index.search(q, previous.as_ref());
            assert_eq!(narrowed.slots, index.search(q, None).slots, "{q}");
            previous = Some(narrowed);
        }
    }

    #[test]
    fn a_stale_previous_result_is_not_used() {
        let mut index = sample();
        let before = index.search("acme", None);
        index.upsert(summary(5, "Acme Fan", "", "", ""));
        let after = index.search("acmef", Some(&before));
        assert_eq!(ids(&index, &after), vec![5]);
    }

    #[test]
    fn updates_and_removals_are_seen() {
        let mut index = sample();
        index.upsert(summary(
            3,
            "Pieter Peeters",
            "Nieuwe Firma",
            "pp@firma.be",
            "",
        ));
        assert!(index.search("acmenv", None).slots.len() == 1);
        index.remove(4);
        assert!(index.search("acme", None).slots.is_empty());
        assert_eq!(index.len(), 3);
        assert!(index.get(4).is_none());
    }

    #[test]
    fn highlights_point_into_each_field() {
        let index = sample();
        let slot = index.search("vriesjan@", None).slots[0];
        let h = index.highlights(slot, "vries jan@");
        let summary = index.summary_at(slot).unwrap();
        for &i in &h.name {
            assert!(i < summary.name.chars().count());
        }
        for &i in &h.email {
            assert!(i < summary.email.chars().count());
        }
        assert!(!h.email.is_empty());
    }

    #[test]
    fn sorting() {
        let index = sample();
        let by_name: Vec<u64> = index
            .sorted(SortKey::Name, false)
            .iter()
            .map(|&s| index.summary_at(s).unwrap().id)
            .collect();
        assert_eq!(by_name, vec![4, 2, 3, 1]);
        let newest: Vec<u64> = index
            .sorted(SortKey::Updated, false)
            .iter()
            .map(|&s| index.summary_at(s).unwrap().id)
            .collect();
        assert_eq!(newest, vec![4, 3, 2, 1]);
    }

    #[test]
    fn estimate_prefers_word_starts() {
        assert!(estimate(b"jv", b"jan vries") > estimate(b"jv", b"xjxxvx"));
    }

    #[test]
    fn compaction_keeps_everything_findable() {
        let mut index = SearchIndex::new();
        for round in 0..20 {
            for id in 1..=200 {
                index.upsert(summary(id, &format!("Person{id} R{round}"), "", "", ""));
            }
        }
        assert_eq!(index.len(), 200);
        let result = index.search("person17 r19", None);
        assert_eq!(index.summary_at(result.slots[0]).unwrap().id, 17);
        assert!(index.arena.len() < 200 * 40 * 3);
    }
}
