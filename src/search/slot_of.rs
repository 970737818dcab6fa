//! Which slot of the search index holds a contact. The store hands out
//! contact ids one after another, so a vector indexed by id answers with
//! 4 bytes per contact where a hash map takes about 34 (30 MB at a million
//! contacts); an id far beyond those seen, which the store does not hand
//! out, goes to a small map rather than growing the vector.

use std::collections::HashMap;

use crate::model::ContactId;

const NONE: u32 = u32::MAX;

/// How far past the entries held an id may be and still grow the vector.
const DENSE_SLACK: usize = 1 << 16;

#[derive(Debug, Default)]
pub(super) struct SlotOf {
    dense: Vec<u32>,
    sparse: HashMap<ContactId, u32>,
    len: usize,
}

impl SlotOf {
    fn dense_index(&self, id: ContactId) -> Option<usize> {
        let i = usize::try_from(id).ok()?;
        (i < self.dense.len() || i <= self.len.saturating_mul(2).saturating_add(DENSE_SLACK))
            .then_some(i)
    }

    pub(super) fn get(&self, id: ContactId) -> Option<u32> {
        usize::try_from(id)
            .ok()
            .and_then(|i| self.dense.get(i))
            .copied()
            .filter(|&s| s != NONE)
            .or_else(|| self.sparse.get(&id).copied())
    }

    pub(super) fn insert(&mut self, id: ContactId, slot: u32) {
        if self.get(id).is_none() {
            self.len += 1;
        }
        match self
            .dense_index(id)
            .filter(|_| !self.sparse.contains_key(&id))
        {
            Some(i) => {
                if i >= self.dense.len() {
                    self.dense.resize(i + 1, NONE);
                }
                self.dense[i] = slot;
            }
            None => {
                self.sparse.insert(id, slot);
            }
        }
    }

    pub(super) fn remove(&mut self, id: ContactId) -> Option<u32> {
        let removed = match self.sparse.remove(&id) {
            Some(slot) => Some(slot),
            None => usize::try_from(id)
                .ok()
                .and_then(|i| self.dense.get_mut(i))
                .map(|s| std::mem::replace(s, NONE))
                .filter(|&s| s != NONE),
        };
        if removed.is_some() {
            self.len -= 1;
        }
        removed
    }

    /// Room for ids up to `n` (the store's are 1, 2, 3, …).
    pub(super) fn reserve(&mut self, n: usize) {
        self.dense.reserve_exact(n.saturating_add(1));
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.dense.shrink_to_fit();
        self.sparse.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_and_far_ids_alike() {
        let mut slots = SlotOf::default();
        for id in 1..=1000u64 {
            slots.insert(id, id as u32 * 2);
        }
        slots.insert(u64::MAX, 7);
        slots.insert(1 << 40, 8);
        assert!(slots.dense.len() <= 1001, "far ids do not grow the vector");
        assert_eq!(slots.get(500), Some(1000));
        assert_eq!(slots.get(u64::MAX), Some(7));
        assert_eq!(slots.get(1 << 40), Some(8));
        assert_eq!(slots.get(0), None);
        assert_eq!(slots.get(1001), None);
        assert_eq!(slots.remove(500), Some(1000));
        assert_eq!(slots.remove(500), None);
        assert_eq!(slots.get(500), None);
        assert_eq!(slots.remove(u64::MAX), Some(7));
        assert_eq!(slots.get(u64::MAX), None);
        slots.insert(500, 3);
        slots.insert(500, 4);
        assert_eq!(slots.get(500), Some(4));
        assert_eq!(slots.len, 1001, "1 000 dense and 1 << 40");
    }

    #[test]
    fn an_id_first_seen_far_stays_found_once_the_vector_reaches_it() {
        let mut slots = SlotOf::default();
        slots.insert(200_000, 1);
        for id in 1..=150_000u64 {
            slots.insert(id, 0);
        }
        assert_eq!(slots.get(200_000), Some(1));
        slots.insert(200_000, 2);
        assert_eq!(slots.get(200_000), Some(2));
        assert_eq!(slots.remove(200_000), Some(2));
        assert_eq!(slots.get(200_000), None);
    }
}
