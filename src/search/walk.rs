//! The greedy walk of a query through one contact's folded text: whether the
//! query is a subsequence of it, where its leftmost match ends (so that a
//! longer query resumes there), and a cheap estimate of its rank.
//!
//! A short query matches most of a million contacts and is walked through
//! each of their texts per keystroke. On x86-64 the walk compares 16 bytes
//! at a time (SSE2, part of every x86-64 processor): one comparison finds a
//! character among 16, where calling memchr per character cost more than
//! the search itself on texts of 60-80 bytes (a fresh two-character query
//! over a million contacts: 22 ms, of which half in memchr's calls). Other
//! processors take the same walk with memchr; a property test holds the two
//! to the same answers.

/// Where a greedy match ended, and its estimate so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Walk {
    pub end: usize,
    pub estimate: u32,
}

/// Where the greedy leftmost match of `needle` in `hay` ends, and a cheap
/// estimate of its rank shaped like skim's bonuses: query characters found
/// at the start of a word count most (the first one most of all),
/// consecutive ones some. `None` if `needle` is not a subsequence. One walk
/// for both, while the text is in the cache.
#[inline]
pub(super) fn greedy_match(needle: &[u8], hay: &[u8]) -> Option<Walk> {
    greedy_resume(needle, 0, hay, Walk::default())
}

/// The estimate of `greedy_match`; 0 if `needle` does not match.
pub(super) fn text_estimate(needle: &[u8], hay: &[u8]) -> u32 {
    greedy_match(needle, hay).map_or(0, |walk| walk.estimate)
}

/// `greedy_match` of `needle`, resuming after its first `done` bytes, whose
/// match `so_far` was. Greedy is exact for this: if a prefix matches ending
/// at p, the next character matches iff it occurs after p, which is what
/// lets a longer query resume where a shorter ended, with the same end and
/// estimate as a walk from the start.
#[inline]
pub(super) fn greedy_resume(needle: &[u8], done: usize, hay: &[u8], so_far: Walk) -> Option<Walk> {
    #[cfg(target_arch = "x86_64")]
    return sse2::greedy_resume(needle, done, hay, so_far);
    #[cfg(not(target_arch = "x86_64"))]
    return by_memchr(needle, done, hay, so_far);
}

/// What finding the `n`th query byte at `at`, after the previous match
/// ended at `end`, adds to the estimate.
#[inline]
fn bonus(n: usize, at: usize, end: usize, hay: &[u8]) -> u32 {
    if at == 0 {
        8
    } else if !hay[at - 1].is_ascii_alphanumeric() {
        if n == 0 { 4 } else { 2 }
    } else if n > 0 && at == end {
        1
    } else {
        0
    }
}

/// The walk one memchr call per query byte: the reference the fast walk is
/// tested against, and the walk where there is no SSE2.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn by_memchr(needle: &[u8], done: usize, hay: &[u8], so_far: Walk) -> Option<Walk> {
    let Walk {
        mut end,
        mut estimate,
    } = so_far;
    for (n, &b) in needle.iter().enumerate().skip(done) {
        let at = end + memchr::memchr(b, hay.get(end..)?)?;
        estimate += bonus(n, at, end, hay);
        end = at + 1;
    }
    Some(Walk { end, estimate })
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
    };

    use super::{Walk, bonus};

    /// Sixteen bytes of a text from `start`, and a bit per byte that is
    /// part of the text (the last block of a text is shorter).
    #[inline]
    fn block(hay: &[u8], start: usize) -> (__m128i, u32) {
        match hay.get(start..start + 16) {
            Some(bytes) => {
                // SAFETY: `bytes` is 16 readable bytes; an unaligned load
                // asks for no alignment.
                let v = unsafe { _mm_loadu_si128(bytes.as_ptr().cast()) };
                (v, 0xFFFF)
            }
            None => {
                let rest = hay.get(start..).unwrap_or_default();
                let mut padded = [0u8; 16];
                padded[..rest.len()].copy_from_slice(rest);
                // SAFETY: as above, on a local array of 16 bytes.
                let v = unsafe { _mm_loadu_si128(padded.as_ptr().cast()) };
                (v, (1u32 << rest.len()) - 1)
            }
        }
    }

    /// A bit per byte of `block` equal to `b`.
    #[inline]
    fn hits(block: __m128i, b: u8) -> u32 {
        // SAFETY: SSE2 is part of every x86-64 processor.
        unsafe { _mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8(b as i8))) as u32 }
    }

    #[inline]
    pub(super) fn greedy_resume(
        needle: &[u8],
        done: usize,
        hay: &[u8],
        so_far: Walk,
    ) -> Option<Walk> {
        let Walk {
            mut end,
            mut estimate,
        } = so_far;
        let mut start = end / 16 * 16;
        let (mut bytes, mut valid) = block(hay, start);
        for (n, &b) in needle.iter().enumerate().skip(done) {
            let at = loop {
                if start >= hay.len() {
                    return None;
                }
                // Only bytes from `end` on: 0..=16 of this block are behind.
                let behind = (1u32 << end.saturating_sub(start)) - 1;
                let found = hits(bytes, b) & valid & !behind;
                if found != 0 {
                    break start + found.trailing_zeros() as usize;
                }
                start += 16;
                (bytes, valid) = block(hay, start);
            };
            estimate += bonus(n, at, end, hay);
            end = at + 1;
        }
        Some(Walk { end, estimate })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn walks_resume_where_the_shorter_query_ended() {
        let hay = b"jan vries";
        let jv = greedy_match(b"jv", hay);
        assert_eq!(jv.map(|w| w.end), Some(5));
        assert_eq!(greedy_match(b"jx", hay), None);
        let Some(jv) = jv else { return };
        // Resuming gives what a walk from the start gives, estimate and all.
        assert_eq!(greedy_resume(b"jvr", 2, hay, jv), greedy_match(b"jvr", hay));
        assert_eq!(greedy_resume(b"jvr", 2, hay, jv).map(|w| w.end), Some(6));
        assert_eq!(greedy_resume(b"jvx", 2, hay, jv), None);
        assert_eq!(greedy_resume(b"jv", 2, hay, jv), Some(jv));
    }

    #[test]
    fn estimates_prefer_word_starts() {
        assert!(text_estimate(b"jv", b"jan vries") > text_estimate(b"jv", b"xjxxvx"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]
        /// The walk 16 bytes at a time gives what one memchr per character
        /// gives, from the start and resumed, on texts across block edges,
        /// with bytes 0 and non-ASCII in them.
        #[test]
        fn the_fast_walk_agrees_with_memchr(
            hay in proptest::collection::vec(
                prop_oneof![Just(0u8), Just(b' '), Just(0xC3), b'a'..b'e'],
                0..70,
            ),
            needle in proptest::collection::vec(
                prop_oneof![Just(0u8), Just(b' '), Just(0xC3), b'a'..b'e'],
                0..6,
            ),
            done in 0usize..6,
        ) {
            let done = done.min(needle.len());
            let whole = by_memchr(&needle, 0, &hay, Walk::default());
            proptest::prop_assert_eq!(greedy_match(&needle, &hay), whole);
            if let Some(so_far) = by_memchr(&needle[..done], 0, &hay, Walk::default()) {
                proptest::prop_assert_eq!(greedy_resume(&needle, done, &hay, so_far), whole);
            }
        }
    }
}
