//! In-memory fuzzy index over contact summaries (name, organisation, e-mail,
//! phone). The service builds it at open and updates it on every write.
//!
//! A keystroke must be answered within a frame even with a million contacts:
//! - every summary's lower-cased text sits in one contiguous arena; beside
//!   it, per slot, a 16-byte entry: a 64-bit mask of the characters the
//!   text contains and where the text is. The prefilter rejects an entry
//!   lacking a query character with one AND, and walks the rest for the
//!   query as a subsequence of their bytes (`walk`, 16 bytes at a time);
//!   for a one-character query the mask alone decides;
//! - a query's matches are a bitset over slots with, per match, where its
//!   greedy walk ended and its estimate: chunks of slots are tested in
//!   parallel, each filling its own words, so a query matching most of a
//!   million contacts costs no more than one that matches few;
//! - when the query only grew, only the previous query's matches are tested,
//!   each resuming where its walk ended (every match of "jans" is a match
//!   of "jan"), their entries and texts fetched from memory a few
//!   candidates ahead;
//! - the walk also gives a cheap word-start estimate of each match's rank;
//!   the same pass keeps the best `SCORE_BUDGET` by it in a bounded heap per
//!   thread, and those are scored exactly with fuzzy-matcher's skim
//!   algorithm, split across cores; the rest follow in estimate order
//!   (sorted only if someone scrolls that far), so the visible top of the
//!   list is exactly ranked.

use std::cmp::Reverse;
use std::sync::OnceLock;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::{ContactId, ContactStatus, Timestamp};

mod packed;
mod slot_of;
mod walk;
use packed::{Field, Packed};
use slot_of::SlotOf;
use walk::{Walk, greedy_match, greedy_resume, text_estimate};

/// How many candidates are scored exactly at most per query.
pub const SCORE_BUDGET: usize = 200;

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

/// The fields of the searched text, separated by spaces: name,
/// organisation, e-mail, phone (stored international: a query written
/// nationally is rewritten instead, see `SearchIndex::needle`).
fn fields(s: &ContactSummary) -> [&str; 4] {
    [&s.name, &s.organisation, &s.email, &s.phone]
}

/// The text matched and scored (before folding, see `fold`). Match
/// positions are character indices into it.
fn line(s: &ContactSummary) -> String {
    fields(s).join(" ")
}

/// One character as search compares it: without accents (ï → i, ü → u,
/// é → e, ø → o, as nucleo-matcher folds Latin letters) and in lower case.
/// One character always gives one, so a match position in folded text is
/// the same position in the original.
pub fn fold_char(c: char) -> char {
    nucleo_matcher::chars::to_lower_case(nucleo_matcher::chars::normalize(c))
}

/// Text as search compares it: `Anaïs Müller-IJsselmeer` is
/// `anais muller-ijsselmeer`.
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// Spaces carry no meaning in a subsequence query ("de vries" finds
/// "de Vries" and "Devries"); case and accents neither.
pub fn normalise_query(query: &str) -> String {
    query
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(fold_char)
        .collect()
}

/// One bit per letter, digit and common punctuation (other bytes share the
/// remaining bits): if an entry lacks a bit the query has, it cannot match,
/// and one AND tells so without touching the text.
fn char_bit(b: u8) -> u64 {
    let bit = match b {
        b'a'..=b'z' => b - b'a',
        b'0'..=b'9' => 26 + b - b'0',
        b'@' => 36,
        b'.' => 37,
        b'+' => 38,
        b'-' => 39,
        b'_' => 40,
        other => 41 + other % 22,
    };
    1 << bit
}

/// Whether `b` has a bit of its own, so that the mask alone tells whether a
/// text contains it.
fn char_bit_is_exact(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'@' | b'.' | b'+' | b'-' | b'_')
}

fn char_mask(text: &[u8]) -> u64 {
    text.iter().fold(0, |m, &b| m | char_bit(b))
}

/// The characters in `text`, and those that start a word in it.
fn char_masks(text: &[u8]) -> (u64, u64) {
    let mut all = 0;
    let mut starts = 0;
    let mut prev_alnum = false;
    for &b in text {
        let bit = char_bit(b);
        all |= bit;
        if !prev_alnum {
            starts |= bit;
        }
        prev_alnum = b.is_ascii_alphanumeric() || b >= 0x80;
    }
    (all, starts)
}

/// Whether a query is decided by the character masks alone, without reading
/// any text: one character with a bit of its own.
fn mask_decides(needle: &[u8]) -> bool {
    needle.len() == 1 && char_bit_is_exact(needle[0])
}

/// fuzzy-matcher 0.3's skim matcher keeps a score matrix per thread and
/// reuses it without resetting every cell it reads (a matched cell's
/// consecutive-bonus), so a score depends on what that thread scored before
/// (and `use_cache(false)`, meant to avoid that, panics on a RefCell).
/// Shrinking the matrix to one row with a one-character match before each
/// call makes the real call's cells fresh defaults, apart from the first row,
/// which skim resets itself. `scores_do_not_depend_on_earlier_calls` holds
/// this to account.
struct Skim(SkimMatcherV2);

impl Skim {
    fn new() -> Skim {
        Skim(SkimMatcherV2::default().ignore_case())
    }

    fn clear(&self) {
        self.0.fuzzy_match(" ", " ");
    }

    fn score(&self, text: &str, needle: &str) -> Option<i64> {
        self.clear();
        self.0.fuzzy_match(text, needle)
    }

    fn indices(&self, text: &str, needle: &str) -> Option<(i64, Vec<usize>)> {
        self.clear();
        self.0.fuzzy_indices(text, needle)
    }
}

/// Slots per unit of parallel work: 64 words of a match bitset.
const CHUNK_WORDS: usize = 64;
const CHUNK_SLOTS: usize = CHUNK_WORDS * 64;

/// The slots a query matched, one bit per slot, and for each match where its
/// greedy match ended and its estimate, so that a longer query resumes
/// there. A bitset rather
/// than a list: a short query matches most of a million contacts, and
/// filling disjoint words in parallel costs a fraction of collecting a list.
#[derive(Debug, Clone, Default)]
struct Matches {
    bits: Vec<u64>,
    /// Per slot, the greedy walk; end 0 when not computed (a one-character
    /// query, where the mask alone decides) or beyond what a byte holds.
    ends: Vec<SmallWalk>,
    len: usize,
}

/// A `Walk` in two bytes: a million of them are written per keystroke.
#[derive(Debug, Clone, Copy, Default)]
struct SmallWalk {
    end: u8,
    estimate: u8,
}

impl SmallWalk {
    fn new(walk: Walk) -> SmallWalk {
        match (u8::try_from(walk.end), u8::try_from(walk.estimate)) {
            (Ok(end), Ok(estimate)) => SmallWalk { end, estimate },
            _ => SmallWalk::default(),
        }
    }
}

impl Matches {
    fn walk(&self, slot: u32) -> Option<Walk> {
        match self.ends.get(slot as usize) {
            Some(w) if w.end > 0 => Some(Walk {
                end: usize::from(w.end),
                estimate: u32::from(w.estimate),
            }),
            _ => None,
        }
    }
}

/// The slots whose bits are set in one word of a bitset.
#[derive(Clone)]
struct SetBits {
    word: u64,
    base: u32,
}

impl SetBits {
    fn new(word: u64, word_index: usize) -> SetBits {
        SetBits {
            word,
            base: (word_index * 64) as u32,
        }
    }
}

impl Iterator for SetBits {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        if self.word == 0 {
            return None;
        }
        let bit = self.word.trailing_zeros();
        self.word &= self.word - 1;
        Some(self.base + bit)
    }
}

/// What a scan found: every match, and the most promising of them.
struct Scanned {
    matches: Matches,
    /// In estimate order, best first.
    best: Vec<u32>,
}

/// Asks the processor to fetch the cache line holding `item`.
#[inline]
fn prefetch<T>(item: Option<&T>) {
    #[cfg(target_arch = "x86_64")]
    if let Some(item) = item {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: a prefetch is only a hint; it never faults and reads
        // nothing the program sees.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(item).cast::<i8>()) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = item;
}

/// The `k` smallest keys offered: a max-heap whose top is the worst kept.
struct TopK {
    k: usize,
    heap: std::collections::BinaryHeap<u64>,
    /// Keys from here up cannot get in: the worst kept once full. Most of
    /// a million offers stop at this one comparison.
    bar: u64,
}

impl TopK {
    fn new(k: usize) -> TopK {
        TopK {
            k,
            heap: std::collections::BinaryHeap::with_capacity(k + 1),
            bar: if k == 0 { 0 } else { u64::MAX },
        }
    }

    #[inline]
    fn offer(&mut self, key: u64) {
        if key < self.bar {
            self.admit(key);
        }
    }

    fn admit(&mut self, key: u64) {
        if self.heap.len() < self.k {
            self.heap.push(key);
        } else if let Some(mut worst) = self.heap.peek_mut() {
            *worst = key;
        }
        if self.heap.len() == self.k {
            self.bar = self.heap.peek().copied().unwrap_or(0);
        }
    }

    fn merge(mut self, other: TopK) -> TopK {
        for key in other.heap {
            self.offer(key);
        }
        self
    }

    fn into_sorted(self) -> Vec<u64> {
        self.heap.into_sorted_vec()
    }
}

/// How many candidates ahead of the one tested their entry, and their text,
/// are asked for from memory: the entry first, so that it has arrived by
/// the time the text it points to is asked for.
const ENTRY_AHEAD: usize = 16;
const TEXT_AHEAD: usize = 8;

/// What a keystroke tests of one slot besides its text, together in a
/// quarter of a cache line: a candidate scattered among a million then
/// costs one fetch from memory instead of one per column (with a vector per
/// field, a narrowing keystroke over 50 000 candidates waited on two misses
/// each), and a scan of every slot reads 16 bytes per slot.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(16))]
struct Entry {
    /// The characters of the text; 0 marks a removed slot.
    mask: u64,
    /// The byte range of the lower-cased text in the arena.
    start: u32,
    len: u32,
}

/// What ranks a one-character query, which reads no text: the characters
/// that start a word, and the text's first byte (the name's initial).
/// Packed: nine bytes rather than sixteen per slot, read for every slot.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, packed)]
struct Starts {
    words: u64,
    first: u8,
}

impl Entry {
    /// The slot's lower-cased text.
    fn text<'a>(&self, arena: &'a [u8]) -> &'a [u8] {
        &arena[self.start as usize..(self.start + self.len) as usize]
    }
}

pub struct SearchIndex {
    /// Per slot: the summary (packed) and what a scan tests. Separate, so
    /// a scan reads only the entries and the texts.
    summaries: Packed,
    entries: Vec<Entry>,
    starts: Vec<Starts>,
    slot_of: SlotOf,
    arena: Vec<u8>,
    dead: usize,
    garbage_bytes: usize,
    /// Bumped on every change; cached results of an older generation are stale.
    generation: u64,
    /// Per sort key (`SortKey as usize`), bumped only when that order may
    /// have changed: a contact added or removed, slots renumbered, or a
    /// field it sorts by edited. Logging an interaction changes only the
    /// "updated" order, so the list by name needs no new sort after it
    /// (two seconds at a million contacts, after every colleague's save).
    orders: [u64; SortKey::ALL.len()],
    /// Live slots in name order, sorted once when first asked for and then
    /// kept in order by every change (a binary search and a move of at
    /// most a few megabytes), so adding or renaming a contact does not
    /// sort a million again. Empty until asked for: a build adds contacts
    /// one by one and sorts once at the end.
    by_name: OnceLock<Vec<u32>>,
    matcher: Skim,
    /// The calling code of the phone region ("31"): a query written as a
    /// national number (`06 1234`) looks for `+31 6 1234`.
    calling_code: Option<String>,
}

impl Default for SearchIndex {
    fn default() -> Self {
        SearchIndex::new()
    }
}

/// A query's matches, kept for paging and for narrowing the next keystroke.
#[derive(Debug)]
pub struct SearchResult {
    pub query: String,
    pub generation: u64,
    matches: Matches,
    /// The best matches, exactly ranked by skim score.
    ranked: Vec<u32>,
    /// The other matches in estimate order, sorted only when someone
    /// scrolls past `ranked`.
    rest: OnceLock<Vec<u32>>,
}

impl SearchResult {
    pub fn len(&self) -> usize {
        self.matches.len
    }

    pub fn is_empty(&self) -> bool {
        self.matches.len == 0
    }

    /// Slots `offset..offset + limit` in rank order.
    pub fn page(&self, index: &SearchIndex, offset: usize, limit: usize) -> Vec<u32> {
        let end = offset.saturating_add(limit).min(self.len());
        if end <= self.ranked.len() {
            return self.ranked[offset.min(end)..end].to_vec();
        }
        let rest = self.rest.get_or_init(|| index.rest_order(self));
        (offset..end)
            .filter_map(|i| {
                if i < self.ranked.len() {
                    Some(self.ranked[i])
                } else {
                    rest.get(i - self.ranked.len()).copied()
                }
            })
            .collect()
    }

    /// Every slot in rank order.
    pub fn slots(&self, index: &SearchIndex) -> Vec<u32> {
        self.page(index, 0, self.len())
    }
}

impl SearchIndex {
    pub fn new() -> SearchIndex {
        SearchIndex {
            summaries: Packed::default(),
            entries: Vec::new(),
            starts: Vec::new(),
            slot_of: SlotOf::default(),
            arena: Vec::new(),
            dead: 0,
            garbage_bytes: 0,
            generation: 0,
            orders: [0; SortKey::ALL.len()],
            by_name: OnceLock::new(),
            matcher: Skim::new(),
            calling_code: None,
        }
    }

    /// Numbers without a country code mean this country (setting
    /// phone-region).
    pub fn set_calling_code(&mut self, code: Option<u16>) {
        let code = code.map(|c| c.to_string());
        if code != self.calling_code {
            self.calling_code = code;
            self.generation += 1;
        }
    }

    /// A query as the index compares it (see `normalise_query`), a phone
    /// number typed the national way (`06 1234`, `0031 6…`) written the
    /// international way the index holds (`+3161234`).
    pub fn needle(&self, query: &str) -> String {
        let needle = normalise_query(query);
        let digit_at = |s: &str, n: usize| s.as_bytes().get(n).is_some_and(u8::is_ascii_digit);
        if let Some(rest) = needle.strip_prefix("00").filter(|r| digit_at(r, 0)) {
            return format!("+{rest}");
        }
        match (&self.calling_code, needle.strip_prefix('0')) {
            (Some(code), Some(rest)) if digit_at(rest, 0) => format!("+{code}{rest}"),
            _ => needle,
        }
    }

    /// An empty index with room for `contacts` (their fixed-size columns;
    /// text grows): building a million without outgrowing, and leaving
    /// behind, buffer after buffer.
    pub fn with_capacity(contacts: usize) -> SearchIndex {
        let mut index = SearchIndex::new();
        index.summaries.reserve(contacts);
        index.entries.reserve_exact(contacts);
        index.starts.reserve_exact(contacts);
        index.slot_of.reserve(contacts);
        index
    }

    pub fn build(summaries: impl IntoIterator<Item = ContactSummary>) -> SearchIndex {
        let mut index = SearchIndex::new();
        for s in summaries {
            index.upsert(s);
        }
        index
    }

    pub fn len(&self) -> usize {
        self.summaries.len() - self.dead
    }

    /// Gives back what growing left unused, once a build is done.
    pub fn shrink_to_fit(&mut self) {
        self.summaries.shrink_to_fit();
        self.entries.shrink_to_fit();
        self.starts.shrink_to_fit();
        self.arena.shrink_to_fit();
        self.slot_of.shrink_to_fit();
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Changes when the order by `key` may have; a list sorted at the same
    /// value is still in order (its rows read fresh from the slots).
    pub fn order_generation(&self, key: SortKey) -> u64 {
        self.orders[key as usize]
    }

    fn reorder_all(&mut self) {
        for g in &mut self.orders {
            *g += 1;
        }
    }

    /// Bumps the orders an edit from `old` to `new` may have changed.
    fn reorder_edited(&mut self, old: &ContactSummary, new: &ContactSummary) {
        let mut bump = |key: SortKey| self.orders[key as usize] += 1;
        if old.sort_key != new.sort_key {
            // The name breaks ties in the orders by organisation and status.
            bump(SortKey::Name);
            bump(SortKey::Organisation);
            bump(SortKey::Status);
        }
        if old.organisation != new.organisation {
            bump(SortKey::Organisation);
        }
        if old.email != new.email {
            bump(SortKey::Email);
        }
        if old.phone != new.phone {
            bump(SortKey::Phone);
        }
        if old.status != new.status {
            bump(SortKey::Status);
        }
        if old.updated_at != new.updated_at {
            bump(SortKey::Updated);
        }
    }

    fn alive(&self, slot: u32) -> bool {
        self.entries.get(slot as usize).is_some_and(|e| e.mask != 0)
    }

    pub fn get(&self, id: ContactId) -> Option<ContactSummary> {
        self.slot_of
            .get(id)
            .map(|slot| self.summaries.get(slot, self.text(slot)))
    }

    pub fn summary_at(&self, slot: u32) -> Option<ContactSummary> {
        self.alive(slot)
            .then(|| self.summaries.get(slot, self.text(slot)))
    }

    /// The id of the contact in a live slot.
    pub fn id_at(&self, slot: u32) -> Option<ContactId> {
        self.alive(slot).then(|| self.summaries.id(slot))
    }

    /// Calls `f` on each slot; when the slots are scattered (a narrowing
    /// keystroke), the entries and texts of the next few are asked for while
    /// it works. Scattered
    /// candidates are in no cache: overlapping their fetches from memory,
    /// instead of waiting for each in turn, more than halved the prefilter
    /// of a narrowing keystroke over a million contacts ("jan": 16 → 7 ms);
    /// fetching the entry before the text it points to, rather than both at
    /// once, took most of the rest.
    #[inline]
    fn each_slot(
        &self,
        slots: impl Iterator<Item = u32> + Clone,
        scattered: bool,
        mut f: impl FnMut(u32),
    ) {
        // Every slot in turn needs no hints: the processor sees the stream.
        if !scattered {
            slots.for_each(f);
            return;
        }
        let mut entries_ahead = slots.clone();
        for slot in entries_ahead.by_ref().take(ENTRY_AHEAD) {
            prefetch(self.entries.get(slot as usize));
        }
        let mut texts_ahead = slots.clone();
        for slot in texts_ahead.by_ref().take(TEXT_AHEAD) {
            self.prefetch_text(slot);
        }
        for slot in slots {
            if let Some(next) = entries_ahead.next() {
                prefetch(self.entries.get(next as usize));
            }
            if let Some(next) = texts_ahead.next() {
                self.prefetch_text(next);
            }
            f(slot);
        }
    }

    /// Asks for the first two cache lines of a slot's text.
    #[inline]
    fn prefetch_text(&self, slot: u32) {
        if let Some(entry) = self.entries.get(slot as usize) {
            let start = entry.start as usize;
            prefetch(self.arena.get(start));
            prefetch(self.arena.get(start + 64));
        }
    }

    fn text(&self, slot: u32) -> &[u8] {
        self.entries[slot as usize].text(&self.arena)
    }

    /// The arena holds whole `String`s, so every entry's bytes are UTF-8.
    fn text_str(&self, slot: u32) -> &str {
        std::str::from_utf8(self.text(slot)).unwrap_or_default()
    }

    /// Appends the summary's text to the arena; returns its entry.
    fn push_text(&mut self, summary: &ContactSummary) -> (Entry, Starts) {
        let lower = fold(&line(summary));
        let start = self.arena.len() as u32;
        self.arena.extend_from_slice(lower.as_bytes());
        let (all, words) = char_masks(lower.as_bytes());
        let entry = Entry {
            // Never 0, which marks a removed slot: the separating spaces count.
            mask: all | char_bit(b' '),
            start,
            len: lower.len() as u32,
        };
        let first = lower.as_bytes().first().copied().unwrap_or(b' ');
        (entry, Starts { words, first })
    }

    pub fn upsert(&mut self, summary: ContactSummary) {
        self.generation += 1;
        let (entry, starts) = self.push_text(&summary);
        match self.slot_of.get(summary.id) {
            Some(slot) => {
                let renamed = match self.summary_at(slot) {
                    Some(old) => {
                        self.reorder_edited(&old, &summary);
                        old.sort_key != summary.sort_key
                    }
                    None => false,
                };
                if renamed {
                    self.leave_name_order(slot);
                }
                self.summaries.set(slot, &summary, entry.text(&self.arena));
                if renamed {
                    self.enter_name_order(slot);
                }
                let slot = slot as usize;
                self.wipe_text(slot);
                self.garbage_bytes += self.entries[slot].len as usize;
                self.entries[slot] = entry;
                self.starts[slot] = starts;
            }
            None => {
                self.reorder_all();
                let slot = self.summaries.push(&summary, entry.text(&self.arena));
                self.slot_of.insert(summary.id, slot);
                self.entries.push(entry);
                self.starts.push(starts);
                self.enter_name_order(slot);
            }
        }
        self.maybe_compact();
    }

    /// Where `slot` goes in the name order: by sort key, then id (the
    /// order of the `contacts_by_name` table).
    fn name_position(&self, order: &[u32], slot: u32) -> usize {
        let p = &self.summaries;
        let key = (p.sort_key(slot), p.id(slot));
        order.partition_point(|&s| (p.sort_key(s), p.id(s)) < key)
    }

    fn enter_name_order(&mut self, slot: u32) {
        if let Some(mut order) = self.by_name.take() {
            let at = self.name_position(&order, slot);
            order.insert(at, slot);
            let _ = self.by_name.set(order);
        }
    }

    /// Before the slot's sort key changes or it is cleared.
    fn leave_name_order(&mut self, slot: u32) {
        if let Some(mut order) = self.by_name.take() {
            let at = self.name_position(&order, slot);
            if order.get(at) == Some(&slot) {
                order.remove(at);
                let _ = self.by_name.set(order);
            }
            // Not where it belongs (cannot happen): left unset, sorted
            // afresh when next asked for.
        }
    }

    pub fn remove(&mut self, id: ContactId) {
        if let Some(slot) = self.slot_of.remove(id) {
            self.generation += 1;
            self.reorder_all();
            self.leave_name_order(slot);
            let slot = slot as usize;
            self.entries[slot].mask = 0;
            self.starts[slot] = Starts::default();
            self.wipe_text(slot);
            // An erased person's values must not linger in memory either.
            self.summaries.clear(slot as u32);
            self.garbage_bytes += self.entries[slot].len as usize;
            self.dead += 1;
            self.maybe_compact();
        }
    }

    /// Overwrites the slot's old text in the arena: what an edit replaced or
    /// an erasure removed is gone from memory, not merely unreferenced.
    fn wipe_text(&mut self, slot: usize) {
        let Entry { start, len, .. } = self.entries[slot];
        if let Some(bytes) = self.arena.get_mut(start as usize..(start + len) as usize) {
            bytes.fill(0);
        }
    }

    /// Rebuilds the arena and slots once a quarter of them is garbage, so
    /// edits over a long-running daemon's life do not grow memory unbounded.
    fn maybe_compact(&mut self) {
        let packed = self.summaries.garbage();
        let garbage = (self.garbage_bytes > 4096 && self.garbage_bytes * 4 > self.arena.len())
            || (packed > 4096 && packed * 4 > self.summaries.text_len());
        let dead = self.dead > 64 && self.dead * 4 > self.summaries.len();
        if !(garbage || dead) {
            return;
        }
        let live: Vec<ContactSummary> = (0..self.summaries.len() as u32)
            .filter_map(|slot| self.summary_at(slot))
            .collect();
        let generation = self.generation;
        let orders = self.orders;
        let calling_code = self.calling_code.take();
        *self = SearchIndex::build(live);
        self.generation = generation + 1;
        // Slots are renumbered: every order is new.
        self.orders = orders.map(|g| g + 1);
        self.calling_code = calling_code;
    }

    /// Tests the candidates (every slot without `within`) in parallel, each
    /// chunk of slots filling its own words of the result. `test` gets a
    /// slot and where the previous query's match in it ended, and says where
    /// the new one ends (0 for not computed) and its estimate; the `keep`
    /// matches with the best estimates come back beside the matches, picked
    /// in the same pass (a second pass over 900 000 matches to pick them
    /// cost a third of a short query's time).
    fn scan<F>(&self, within: Option<&Matches>, reads_text: bool, keep: usize, test: F) -> Scanned
    where
        F: Fn(u32, Option<Walk>) -> Option<Walk> + Sync,
    {
        let slots = self.entries.len();
        let words = slots.div_ceil(64);
        let mut bits = vec![0u64; words];
        let mut ends = vec![SmallWalk::default(); slots];
        let every = |w: usize| {
            let base = w * 64;
            if base + 64 <= slots {
                u64::MAX
            } else {
                (1u64 << (slots - base)) - 1
            }
        };
        let (len, best) = bits
            .par_chunks_mut(CHUNK_WORDS)
            .zip(ends.par_chunks_mut(CHUNK_SLOTS))
            .enumerate()
            // One heap per stretch of chunks a thread takes, not per chunk:
            // each new heap admits its first few hundred offers.
            .fold(
                || (0, TopK::new(keep)),
                |(mut count, mut best), (chunk, (bits, ends))| {
                    let first = chunk * CHUNK_WORDS;
                    let slots = (first..first + bits.len()).flat_map(|w| {
                        let candidates = match within {
                            Some(m) => m.bits.get(w).copied().unwrap_or(0),
                            None => every(w),
                        };
                        SetBits::new(candidates, w)
                    });
                    self.each_slot(slots, reads_text && within.is_some(), |slot| {
                        let previous = within.and_then(|m| m.walk(slot));
                        if let Some(walk) = test(slot, previous) {
                            bits[slot as usize / 64 - first] |= 1 << (slot % 64);
                            ends[slot as usize - chunk * CHUNK_SLOTS] = SmallWalk::new(walk);
                            count += 1;
                            best.offer(self.order_key(walk.estimate, slot));
                        }
                    });
                    (count, best)
                },
            )
            .reduce(
                || (0, TopK::new(keep)),
                |(n, a), (m, b)| (n + m, a.merge(b)),
            );
        Scanned {
            matches: Matches { bits, ends, len },
            best: best
                .into_sorted()
                .into_iter()
                .map(|key| key as u32)
                .collect(),
        }
    }

    /// Every match of `needle` (normalised), and the `SCORE_BUDGET` most
    /// promising of them. With `within`, the result of a query `needle`
    /// extends, only its matches are tested, each resuming where it ended.
    fn prefilter(&self, needle: &[u8], within: Option<&SearchResult>) -> Scanned {
        let want = char_mask(needle);
        // Letters, digits and @.+-_ have a bit of their own: for a query of
        // one such character the mask test is exact, and where it occurs is
        // left for the next keystroke to find.
        if mask_decides(needle) && within.is_none() {
            return self.scan(None, false, SCORE_BUDGET, |slot, _| {
                let entry = &self.entries[slot as usize];
                (entry.mask & want == want).then(|| Walk {
                    end: 0,
                    estimate: self.mask_estimate(needle, slot),
                })
            });
        }
        let done = within.map_or(0, |prev| prev.query.len());
        // Bytes of a multi-byte character can be found inside other
        // characters; for such queries confirm the match character-wise.
        let chars: Option<Vec<char>> =
            (!needle.is_ascii()).then(|| String::from_utf8_lossy(needle).chars().collect());
        let within = within.map(|prev| &prev.matches);
        self.scan(within, true, SCORE_BUDGET, |slot, previous| {
            let entry = &self.entries[slot as usize];
            if entry.mask & want != want {
                return None;
            }
            let text = entry.text(&self.arena);
            let walk = match previous {
                Some(so_far) => greedy_resume(needle, done, text, so_far)?,
                None => greedy_match(needle, text)?,
            };
            if let Some(chars) = &chars {
                let mut text = self.text_str(slot).chars();
                if !chars.iter().all(|c| text.any(|t| t == *c)) {
                    return None;
                }
            }
            Some(walk)
        })
    }

    /// An estimate from the masks alone: the query's first character
    /// starting the text (a name) or a word, and how many of the others
    /// start a word somewhere.
    fn mask_estimate(&self, needle: &[u8], slot: u32) -> u32 {
        let Some(&first) = needle.first() else {
            return 0;
        };
        let Starts {
            words,
            first: initial,
        } = self.starts[slot as usize];
        let mut score = if initial == first {
            8
        } else if words & char_bit(first) != 0 {
            4
        } else {
            0
        };
        for &b in &needle[1..] {
            if words & char_bit(b) != 0 {
                score += 1;
            }
        }
        score
    }

    /// How a query's matches are pre-ranked: as `prefilter` picks them.
    fn estimate(&self, needle: &[u8], slot: u32) -> u32 {
        if mask_decides(needle) {
            self.mask_estimate(needle, slot)
        } else {
            text_estimate(needle, self.text(slot))
        }
    }

    /// The key candidates are pre-ranked by, packed so that smaller is
    /// better: estimate (higher first), then shorter texts (fzf's
    /// tie-break), then slot.
    fn order_key(&self, estimate: u32, slot: u32) -> u64 {
        let estimate = u64::from(estimate.min(0xFFF));
        let len = u64::from(self.entries[slot as usize].len.min(0xF_FFFF));
        ((0xFFF - estimate) << 52) | (len << 32) | u64::from(slot)
    }

    /// Ranks a query. `previous` is the result of an earlier query; when the
    /// new query extends it and nothing changed since, only its matches are
    /// tested.
    pub fn search(&self, query: &str, previous: Option<&SearchResult>) -> SearchResult {
        let needle = self.needle(query);
        if needle.is_empty() {
            let every = self.scan(None, false, 0, |slot, _| {
                self.alive(slot).then_some(Walk::default())
            });
            return SearchResult {
                query: needle,
                generation: self.generation,
                matches: every.matches,
                ranked: self.sorted(SortKey::Name, false),
                rest: OnceLock::new(),
            };
        }
        let within = previous.filter(|p| {
            p.generation == self.generation
                && !p.query.is_empty()
                && needle.starts_with(&p.query)
                && p.matches.bits.len() == self.entries.len().div_ceil(64)
        });
        // A space typed adds nothing to the query.
        if let Some(same) = within.filter(|p| p.query == needle) {
            return SearchResult {
                query: needle,
                generation: self.generation,
                matches: same.matches.clone(),
                ranked: same.ranked.clone(),
                rest: same.rest.clone(),
            };
        }
        let scanned = self.prefilter(needle.as_bytes(), within);
        let ranked = self.rank(&needle, &scanned.best);
        SearchResult {
            query: needle,
            generation: self.generation,
            matches: scanned.matches,
            ranked,
            rest: OnceLock::new(),
        }
    }

    /// Ranks the most promising matches exactly with skim (score, then name).
    fn rank(&self, needle: &str, picked: &[u32]) -> Vec<u32> {
        let mut scored: Vec<(Reverse<i64>, &str, u32)> = picked
            .par_iter()
            .with_min_len(32)
            .filter_map(|&slot| {
                self.matcher
                    .score(self.text_str(slot), needle)
                    .map(|score| (Reverse(score), self.summaries.sort_key(slot), slot))
            })
            .collect();
        scored.sort_unstable();
        scored.into_iter().map(|(_, _, s)| s).collect()
    }

    /// The matches not exactly ranked, in estimate order.
    fn rest_order(&self, result: &SearchResult) -> Vec<u32> {
        let ranked: std::collections::HashSet<u32> = result.ranked.iter().copied().collect();
        let bytes = result.query.as_bytes();
        let mut keyed: Vec<u64> = result
            .matches
            .bits
            .par_iter()
            .enumerate()
            .flat_map_iter(|(w, &word)| SetBits::new(word, w))
            .filter(|s| !ranked.contains(s))
            .map(|slot| self.order_key(self.estimate(bytes, slot), slot))
            .collect();
        keyed.par_sort_unstable();
        keyed.into_iter().map(|key| key as u32).collect()
    }

    /// Every live slot in the order of `key`.
    pub fn sorted(&self, key: SortKey, descending: bool) -> Vec<u32> {
        if key == SortKey::Name {
            let mut slots = self.name_order().clone();
            if descending {
                slots.reverse();
            }
            return slots;
        }
        self.sort_slots(key, descending)
    }

    /// The name order, sorted now if it was not yet: a build in the
    /// background calls it, so the first list does not wait for it.
    pub fn name_order(&self) -> &Vec<u32> {
        self.by_name
            .get_or_init(|| self.sort_slots(SortKey::Name, false))
    }

    /// `sorted`, by sorting every live slot.
    fn sort_slots(&self, key: SortKey, descending: bool) -> Vec<u32> {
        let mut slots: Vec<u32> = (0..self.summaries.len() as u32)
            .filter(|&s| self.alive(s))
            .collect();
        let p = &self.summaries;
        let name = |slot: &u32| (p.sort_key(*slot), p.id(*slot));
        // Organisation, e-mail and phone compare folded (case and accents
        // aside), read in place rather than lower-cased per comparison.
        let by = |field: Field| {
            move |a: &u32, b: &u32| {
                let folded = |s: &u32| p.folded(*s, field, self.text(*s));
                folded(a).chars().cmp(folded(b).chars())
            }
        };
        match key {
            // Ties by id: the order of the `contacts_by_name` table, which
            // answers the same list before the index is built.
            SortKey::Name => slots.par_sort_by(|a, b| name(a).cmp(&name(b))),
            SortKey::Organisation => {
                let org = by(Field::Organisation);
                slots.par_sort_by(|a, b| org(a, b).then_with(|| name(a).cmp(&name(b))))
            }
            SortKey::Email => slots.par_sort_by(by(Field::Email)),
            SortKey::Phone => slots.par_sort_by(by(Field::Phone)),
            SortKey::Status => {
                slots.par_sort_by(|a, b| (p.status(*a), name(a)).cmp(&(p.status(*b), name(b))))
            }
            SortKey::Updated => slots.par_sort_by(|a, b| p.updated(*b).cmp(&p.updated(*a))),
        }
        if descending {
            slots.reverse();
        }
        slots
    }

    /// Which characters of each field the query matched.
    pub fn highlights(&self, slot: u32, query: &str) -> Highlights {
        let needle = self.needle(query);
        if needle.is_empty() || !self.alive(slot) {
            return Highlights::default();
        }
        let s = self.summaries.get(slot, self.text(slot));
        // A query that fits within one field is shown there, the name first:
        // "vries" lights up "Jan de Vries" rather than "Bakkerij de Vries".
        let shown = [&s.name, &s.organisation, &s.email, &s.phone];
        for (field, text) in shown.iter().enumerate() {
            if let Some((_, positions)) = self.matcher.indices(&fold(text), &needle) {
                let mut out = Highlights::default();
                *match field {
                    0 => &mut out.name,
                    1 => &mut out.organisation,
                    2 => &mut out.email,
                    _ => &mut out.phone,
                } = positions;
                return out;
            }
        }
        let Some((_, positions)) = self.matcher.indices(self.text_str(slot), &needle) else {
            return Highlights::default();
        };
        // Character lengths of the fields (folding keeps them), in which the
        // positions are counted; fields are separated by one space.
        let lens = fields(&s).map(|f| f.chars().count());
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
            .slots(index)
            .iter()
            .map(|&s| index.summary_at(s).unwrap().id)
            .collect()
    }

    #[test]
    fn accents_and_national_numbers_do_not_hide_anyone() {
        let mut index = SearchIndex::build([
            summary(
                1,
                "Anaïs Müller-IJsselmeer",
                "Café Ørsted",
                "anais@x.be",
                "+32 470 12 34 56",
            ),
            summary(
                2,
                "Jan de Vries",
                "Bakkerij",
                "jan@vries.nl",
                "+31 6 12345678",
            ),
        ]);
        // Found, and first (the search is fuzzy: others may follow).
        let first = |q: &str| ids(&index, &index.search(q, None)).first().copied();
        for query in ["anais", "ANAÏS", "muller", "mullerijs", "cafe orsted"] {
            assert_eq!(first(query), Some(1), "{query}");
        }
        assert_eq!(first("0032 470 12"), Some(1));
        assert_eq!(first("+31 6 1234"), Some(2));
        // National numbers are read as numbers of the company's country.
        index.set_calling_code(Some(31));
        let first = |q: &str| ids(&index, &index.search(q, None)).first().copied();
        assert_eq!(first("06 1234"), Some(2));
        index.set_calling_code(Some(32));
        let first = |q: &str| ids(&index, &index.search(q, None)).first().copied();
        assert_eq!(first("0470 12"), Some(1));
        // The highlight lands on the letters as written, accents and all.
        let slot = index.search("anais", None).page(&index, 0, 1)[0];
        assert_eq!(index.highlights(slot, "anais").name, vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn finds_across_fields() {
        let index = sample();
        assert_eq!(ids(&index, &index.search("acme", None)), vec![4, 3]);
        assert_eq!(ids(&index, &index.search("gentlog", None)), vec![2]);
        assert_eq!(ids(&index, &index.search("+32470", None)), vec![2]);
        assert!(index.search("zzz", None).is_empty());
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
            assert_eq!(
                narrowed.slots(&index),
                index.search(q, None).slots(&index),
                "{q}"
            );
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
        assert!(index.search("acmenv", None).len() == 1);
        index.remove(4);
        assert!(index.search("acme", None).is_empty());
        assert_eq!(index.len(), 3);
        assert!(index.get(4).is_none());
    }

    #[test]
    fn highlights_point_into_each_field() {
        let index = sample();
        let slot = index.search("vriesjan@", None).page(&index, 0, 1)[0];
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
    fn a_query_within_one_field_is_highlighted_in_the_first_such_field() {
        let index = SearchIndex::build([summary(
            1,
            "Jan de Vries",
            "Bakkerij de Vries",
            "jan@vries.nl",
            "",
        )]);
        let h = index.highlights(0, "vries");
        assert_eq!(h.name, vec![7, 8, 9, 10, 11]);
        assert!(h.organisation.is_empty());
        // A query spanning fields lights up each part.
        let h = index.highlights(0, "jan bakkerij");
        assert!(!h.name.is_empty() && !h.organisation.is_empty());
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
    fn organisation_email_and_phone_sort_without_case_or_accents() {
        let index = SearchIndex::build([
            summary(1, "Zoë Aerts", "Écluse BV", "Zoe@x.be", "+32 9"),
            summary(2, "Bram Aerts", "eclair NV", "bram@x.be", "+32 1"),
            summary(3, "Anaïs Dubois", "Delta", "anais@x.be", "+31 6"),
            summary(4, "Cas Aerts", "ECLUSE BV", "cas@x.be", "+32 5"),
        ]);
        let order = |key| -> Vec<u64> {
            let slots = index.sorted(key, false);
            slots.iter().filter_map(|&s| index.id_at(s)).collect()
        };
        // "eclair" < "ecluse"; the two "ecluse" by name (Aerts Cas, Aerts Zoë).
        assert_eq!(order(SortKey::Organisation), vec![3, 2, 4, 1]);
        assert_eq!(order(SortKey::Email), vec![3, 2, 4, 1]);
        assert_eq!(order(SortKey::Phone), vec![3, 2, 4, 1]);
    }

    #[test]
    fn huge_candidate_sets_keep_the_best_on_top_and_every_match_once() {
        let mut all: Vec<ContactSummary> = (1..=3000)
            .map(|i| summary(i, &format!("Raj Filler{i}"), "", "", ""))
            .collect();
        all.push(summary(5000, "Jan Smit", "", "", ""));
        let index = SearchIndex::build(all);
        let result = index.search("j", None);
        assert_eq!(result.len(), 3001);
        assert_eq!(
            index.summary_at(result.page(&index, 0, 1)[0]).unwrap().id,
            5000
        );
        let mut every: Vec<u32> = result.slots(&index);
        every.sort_unstable();
        every.dedup();
        assert_eq!(
            every.len(),
            3001,
            "pages past the ranked part hold the rest"
        );
    }

    #[test]
    fn removed_and_replaced_text_is_wiped_from_memory() {
        let mut index = sample();
        index.upsert(summary(1, "Jan de Vries", "", "renamed@vries.nl", ""));
        index.remove(2);
        let arena = String::from_utf8_lossy(&index.arena);
        assert!(!arena.contains("jan@vries.nl"), "old e-mail lingers");
        assert!(!arena.contains("janssens"), "removed person lingers");
        assert!(!index.summaries.contains("Anna Janssens"));
        assert!(!index.summaries.contains("jan@vries.nl"));
    }

    #[test]
    fn non_ascii_queries_match_characters_not_bytes() {
        // "ğ" is C4 9F; "ą" is C4 85 and "ß" is C3 9F: the bytes of "ğ" occur
        // in order in "ąß", the character does not.
        let index = SearchIndex::build([
            summary(1, "Ąß Test", "", "", ""),
            summary(2, "Doğan Yılmaz", "", "", ""),
        ]);
        assert_eq!(ids(&index, &index.search("ğ", None)), vec![2]);
        assert_eq!(ids(&index, &index.search("ğa", None)), vec![2]);
    }

    #[test]
    fn estimates_prefer_word_starts() {
        let index = SearchIndex::build([
            summary(1, "Xander Jansen", "", "", ""),
            summary(2, "Jan Smit", "", "", ""),
            summary(3, "Raj Filler", "", "", ""),
        ]);
        let e = |slot| index.estimate(b"j", slot);
        assert!(e(1) > e(0) && e(0) > e(2));
    }

    #[test]
    fn scores_do_not_depend_on_earlier_calls() {
        let texts = [
            "ss+ aa jjnvv",
            "ss+b asnv jajj",
            "jan de vries bakkerij vries jan@vries.nl +31 6 1111 2222",
            "s.ss@+ nvj",
            "anna janssens gent logistics anna@gentlog.be",
            "ssn+@",
        ];
        let needles = ["ss+", "s", "jv", "ann", "ssnv"];
        // A matcher that never scored anything else gives the reference.
        let fresh = |text: &str, needle: &str| Skim::new().score(text, needle);
        let fresh_indices = |text: &str, needle: &str| Skim::new().indices(text, needle);
        let shared = Skim::new();
        let mut compared = 0;
        for needle in needles {
            for before in texts {
                for text in texts {
                    shared.score(before, needle);
                    shared.indices(before, "sv");
                    assert_eq!(
                        shared.score(text, needle),
                        fresh(text, needle),
                        "{text} / {needle} after {before}"
                    );
                    shared.score(before, needle);
                    assert_eq!(shared.indices(text, needle), fresh_indices(text, needle));
                    compared += 1;
                }
            }
        }
        assert_eq!(compared, needles.len() * texts.len() * texts.len());
        // Without the clearing, the shared matrix does leak between calls:
        // if this stops failing, fuzzy-matcher fixed it and `Skim` can go.
        let raw = SkimMatcherV2::default().ignore_case();
        let leaks = needles.iter().any(|needle| {
            texts.iter().any(|before| {
                texts.iter().any(|text| {
                    raw.fuzzy_match(before, needle);
                    raw.fuzzy_match(text, needle) != fresh(text, needle)
                })
            })
        });
        assert!(leaks, "fuzzy-matcher no longer leaks state between calls");
    }

    /// Whether `needle`'s characters occur in order in `text`: what a match
    /// means, written the slow and obvious way.
    fn is_subsequence(needle: &str, text: &str) -> bool {
        let mut text = text.chars();
        needle.chars().all(|c| text.any(|t| t == c))
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(24))]

        /// Typed one character at a time, each keystroke narrowing the last,
        /// the index finds exactly the contacts the query is a subsequence
        /// of, each once; across bitset words and parallel chunks (5 000
        /// slots), removed slots, texts longer than a byte can point into,
        /// and non-ASCII text.
        #[test]
        fn narrowed_results_are_exactly_the_subsequence_matches(
            names in proptest::collection::vec("[abjnsv@.+ğ]{1,6}( [abjnsv]{1,5}){0,2}", 5000),
            long in proptest::collection::vec(0usize..5000, 5),
            removed in proptest::collection::vec(0usize..5000, 40),
            query in "[abjnsv@.+ğ ]{1,6}",
        ) {
            let filler = "x".repeat(300);
            let mut all: Vec<ContactSummary> = names
                .iter()
                .enumerate()
                .map(|(i, name)| summary(i as u64 + 1, name, "", "", ""))
                .collect();
            for &i in &long {
                all[i].organisation = format!("{filler} {}", names[(i + 1) % names.len()]);
            }
            let mut index = SearchIndex::build(all.iter().cloned());
            for &i in &removed {
                index.remove(i as u64 + 1);
            }
            let mut previous: Option<SearchResult> = None;
            for end in query.char_indices().map(|(i, c)| i + c.len_utf8()) {
                let typed = &query[..end];
                let result = index.search(typed, previous.as_ref());
                let needle = normalise_query(typed);
                let mut expected: Vec<u64> = all
                    .iter()
                    .filter(|s| index.get(s.id).is_some())
                    .filter(|s| is_subsequence(&needle, &fold(&line(s))))
                    .map(|s| s.id)
                    .collect();
                let mut found = ids(&index, &result);
                proptest::prop_assert_eq!(found.len(), result.len());
                found.sort_unstable();
                expected.sort_unstable();
                proptest::prop_assert_eq!(&found, &expected, "query {:?}", typed);
                let fresh = index.search(typed, None);
                proptest::prop_assert_eq!(
                    result.page(&index, 0, 20),
                    fresh.page(&index, 0, 20),
                    "narrowed and fresh rank alike for {:?}", typed
                );
                previous = Some(result);
            }
        }

        /// Whatever its text, a summary comes back exactly as it went in,
        /// also after edits and removals around it: the shown text kept as
        /// a case bitmap over the folded line (plain ASCII) and the text
        /// kept as typed (anything else) both round-trip.
        #[test]
        fn summaries_come_back_exactly(
            people in proptest::collection::vec(
                ("[A-Za-z .'-]{0,12}|[A-Za-zéÉïØßİ .-]{0,12}|\\PC{0,6}", "[A-Za-z &.]{0,10}|\\PC{0,4}",
                 "[A-Za-z0-9.@]{0,12}", "[+0-9 ]{0,10}"),
                1..40,
            ),
            edits in proptest::collection::vec((0usize..40, "[A-Za-zé ]{0,8}"), 0..10),
            removed in proptest::collection::vec(0usize..40, 0..5),
        ) {
            let mut expected: Vec<Option<ContactSummary>> = people
                .iter()
                .enumerate()
                .map(|(i, (name, org, email, phone))| Some(summary(i as u64 + 1, name, org, email, phone)))
                .collect();
            let mut index = SearchIndex::build(expected.iter().flatten().cloned());
            for (i, name) in &edits {
                if let Some(Some(s)) = expected.get_mut(*i) {
                    s.name = name.clone();
                    index.upsert(s.clone());
                }
            }
            for i in &removed {
                if let Some(slot) = expected.get_mut(*i) && let Some(s) = slot.take() {
                    index.remove(s.id);
                }
            }
            for (i, want) in expected.iter().enumerate() {
                proptest::prop_assert_eq!(index.get(i as u64 + 1), want.clone());
            }
        }
    }

    #[test]
    fn an_edit_that_keeps_the_name_keeps_the_name_order() {
        let mut index = sample();
        let name = index.order_generation(SortKey::Name);
        let updated = index.order_generation(SortKey::Updated);
        let mut s = index.get(1).unwrap();
        s.updated_at += chrono::Duration::days(400);
        index.upsert(s.clone());
        assert_eq!(index.order_generation(SortKey::Name), name);
        assert_ne!(index.order_generation(SortKey::Updated), updated);
        s.sort_key = "aaa first".into();
        index.upsert(s);
        assert_ne!(index.order_generation(SortKey::Name), name);
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(64))]
        /// After any edits, additions, removals and compactions, an order
        /// sorted while `order_generation` has not changed since is the
        /// order a fresh sort gives, for every key and direction: a cached
        /// list is never out of order.
        #[test]
        fn an_order_kept_at_the_same_generation_is_still_in_order(
            ops in proptest::collection::vec(
                (0u64..40, 0usize..8, "[a-d]{1,2}", 0u8..4, 0i64..3),
                1..400,
            ),
        ) {
            let mut index = SearchIndex::new();
            let mut cached: Vec<Option<(u64, Vec<u32>)>> = vec![None; SortKey::ALL.len() * 2];
            for (id, what, text, status, day) in ops {
                if what == 0 {
                    index.remove(id);
                } else {
                    let mut s = index.get(id).unwrap_or_else(|| summary(id, "Jan Jansen", "", "", ""));
                    match what {
                        1 => s.sort_key = text,
                        2 => s.organisation = text,
                        3 => s.email = text,
                        4 => s.phone = text,
                        5 => {
                            s.status = [
                                ContactStatus::Active,
                                ContactStatus::Restricted,
                                ContactStatus::ErasureScheduled,
                                ContactStatus::Anonymised,
                            ][status as usize];
                        }
                        6 => s.updated_at += chrono::Duration::days(day),
                        _ => s.name = text,
                    }
                    index.upsert(s);
                }
                for (k, key) in SortKey::ALL.into_iter().enumerate() {
                    for descending in [false, true] {
                        let fresh = index.sort_slots(key, descending);
                        proptest::prop_assert_eq!(&index.sorted(key, descending), &fresh, "{:?} {}", key, descending);
                        let generation = index.order_generation(key);
                        let slot = &mut cached[k * 2 + usize::from(descending)];
                        if let Some((at, order)) = slot.as_ref() && *at == generation {
                            proptest::prop_assert_eq!(order, &fresh, "{:?} {}", key, descending);
                        }
                        *slot = Some((generation, fresh));
                    }
                }
            }
        }
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
        assert_eq!(
            index.summary_at(result.page(&index, 0, 1)[0]).unwrap().id,
            17
        );
        assert!(index.arena.len() < 200 * 40 * 3);
    }
}
