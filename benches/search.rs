//! Per-keystroke latency of the contact search, typing realistic queries one
//! character at a time, over 100 000 and 1 000 000 generated contacts.
//! Run: `cargo bench --bench search` (add `-- 100000` for one size only,
//! `--no-naive` to skip the naive scan, `--each` to print every keystroke,
//! `--repeat QUERY` to search for QUERY over and over, for a profiler).
//!
//! "index" is what the service does per keystroke: the subsequence
//! prefilter over the arena, narrowing from the previous keystroke's result,
//! skim scoring across cores, and the highlights of the first page.
//! "naive" scores every contact with fuzzy-matcher on one core and sorts;
//! "nucleo" does the same with nucleo-matcher (what helix uses), to decide
//! between the two matchers on figures: `top-1 agree` is how often both put
//! the same contact first.

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use custos::demo::Demo;
use custos::model::ContactStatus;
use custos::search::{ContactSummary, SearchIndex, SearchResult, normalise_query};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

const QUERIES: &[&str] = &[
    "jan de vries",
    "peeters",
    "marie dubois",
    "sophie van den berg",
    "gent logistics",
    "@telenet.be",
    "+32 47",
    "muller",
    "bakkerij",
    "lotte jansen",
    "schelde nv",
    "anna.janssens",
];
const PAGE: usize = 50;

fn summaries(n: usize) -> Vec<ContactSummary> {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let mut demo = Demo::new(42, now, vec!["bench".into()]);
    let orgs = demo.organisations((n / 8).clamp(5, 20_000));
    let ids: Vec<u64> = (1..=orgs.len() as u64).collect();
    demo.set_organisation_ids(&ids);
    let mut out = Vec::with_capacity(n);
    let mut id = 0;
    while out.len() < n {
        for c in demo.contacts(10_000.min(n - out.len()), &[]) {
            id += 1;
            let d = c.draft;
            let organisation = d
                .organisation_id
                .and_then(|o| orgs.get(o as usize - 1))
                .map(|o| o.name.clone())
                .unwrap_or_default();
            out.push(ContactSummary {
                id,
                name: format!("{} {}", d.given_name, d.family_name),
                sort_key: format!("{} {}", d.family_name, d.given_name).to_lowercase(),
                organisation,
                email: d.emails.first().cloned().unwrap_or_default(),
                phone: d.phones.first().cloned().unwrap_or_default(),
                status: ContactStatus::Active,
                updated_at: now,
            });
        }
    }
    out
}

/// What the user has typed after each keystroke.
fn prefixes(query: &str) -> impl Iterator<Item = &str> {
    query
        .char_indices()
        .map(|(i, c)| &query[..i + c.len_utf8()])
}

fn stats(mut samples: Vec<Duration>) -> (f64, f64, f64) {
    samples.sort();
    let at =
        |p: f64| samples[((samples.len() - 1) as f64 * p).round() as usize].as_secs_f64() * 1e3;
    (at(0.5), at(0.95), at(1.0))
}

/// How many contacts match, and which comes first.
fn naive(all: &[ContactSummary], query: &str) -> (usize, Option<u64>) {
    let matcher = SkimMatcherV2::default().ignore_case();
    let needle = normalise_query(query);
    let mut hits: Vec<(i64, u64)> = all
        .iter()
        .filter_map(|s| {
            let line = format!("{} {} {} {}", s.name, s.organisation, s.email, s.phone);
            matcher
                .fuzzy_match(&line, &needle)
                .map(|score| (-score, s.id))
        })
        .collect();
    hits.sort_unstable();
    (hits.len(), hits.first().map(|h| h.1))
}

/// The naive scan with nucleo-matcher instead of fuzzy-matcher.
fn naive_nucleo(all: &[ContactSummary], query: &str) -> (usize, Option<u64>) {
    use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
    use nucleo_matcher::{Config, Matcher, Utf32Str};
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut buf = Vec::new();
    let mut hits: Vec<(i64, u64)> = all
        .iter()
        .filter_map(|s| {
            let line = format!("{} {} {} {}", s.name, s.organisation, s.email, s.phone);
            pattern
                .score(Utf32Str::new(&line, &mut buf), &mut matcher)
                .map(|score| (-i64::from(score), s.id))
        })
        .collect();
    hits.sort_unstable();
    (hits.len(), hits.first().map(|h| h.1))
}

/// The query after `--repeat`, if any.
fn repeated() -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    let at = args.iter().position(|a| a == "--repeat")?;
    args.get(at + 1).cloned()
}

/// Searches for `query` (typed at once) 200 times and prints the median.
fn repeat(index: &SearchIndex, query: &str) {
    let samples: Vec<Duration> = (0..200)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(index.search(query, None));
            t.elapsed()
        })
        .collect();
    let (median, p95, max) = stats(samples);
    println!("{query:?}: median {median:.2}ms, p95 {p95:.2}ms, max {max:.2}ms");
}

fn main() {
    let with_naive = !std::env::args().any(|a| a == "--no-naive");
    let verbose = std::env::args().any(|a| a == "--each");
    let sizes: Vec<usize> = match std::env::args().skip(1).find_map(|a| a.parse().ok()) {
        Some(n) => vec![n],
        None => vec![100_000, 1_000_000],
    };
    println!(
        "per-keystroke search latency, {} queries typed one character at a time, {} cores",
        QUERIES.len(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "{:>10} {:>8} | {:>9} {:>9} {:>9} | {:>9} {:>9} {:>9}",
        "contacts",
        "strokes",
        "idx med",
        "idx p95",
        "idx max",
        "naive med",
        "naive p95",
        "naive max"
    );
    let mut comparisons = Vec::new();
    for n in sizes {
        let all = summaries(n);
        let started = Instant::now();
        let index = SearchIndex::build(all.iter().cloned());
        let build = started.elapsed();
        if let Some(query) = repeated() {
            repeat(&index, &query);
            return;
        }

        // The index first, then the naive scan, so that neither runs with
        // the other's data in the caches.
        let mut fast = Vec::new();
        for query in QUERIES {
            let mut previous: Option<SearchResult> = None;
            for typed in prefixes(query) {
                let t = Instant::now();
                let result = index.search(typed, previous.as_ref());
                for slot in result.page(&index, 0, PAGE) {
                    std::hint::black_box(index.highlights(slot, typed));
                }
                let took = t.elapsed();
                if verbose {
                    println!(
                        "{typed:>22} {:>8} {:>7.2}ms",
                        result.len(),
                        took.as_secs_f64() * 1e3
                    );
                }
                fast.push(took);
                previous = Some(result);
            }
        }
        let mut slow = Vec::new();
        let mut nucleo = Vec::new();
        let mut agree = 0;
        for query in QUERIES.iter().filter(|_| with_naive) {
            for typed in prefixes(query) {
                let t = Instant::now();
                let skim_first = std::hint::black_box(naive(&all, typed)).1;
                slow.push(t.elapsed());
                let t = Instant::now();
                let nucleo_first = std::hint::black_box(naive_nucleo(&all, typed)).1;
                nucleo.push(t.elapsed());
                agree += usize::from(skim_first == nucleo_first);
            }
        }
        if !nucleo.is_empty() {
            let strokes = nucleo.len();
            comparisons.push((n, stats(nucleo), agree, strokes));
        }
        let strokes = fast.len();
        let (fm, fp, fx) = stats(fast);
        let (sm, sp, sx) = if slow.is_empty() {
            (f64::NAN, f64::NAN, f64::NAN)
        } else {
            stats(slow)
        };
        println!(
            "{n:>10} {strokes:>8} | {fm:>7.2}ms {fp:>7.2}ms {fx:>7.2}ms | {sm:>7.1}ms {sp:>7.1}ms {sx:>7.1}ms   (index built in {:.2} s)",
            build.as_secs_f64()
        );
    }
    for (n, (m, p, x), agree, strokes) in comparisons {
        println!(
            "{n:>10} nucleo-matcher naive scan: {m:.1}ms median, {p:.1}ms p95, {x:.1}ms max; \
             top-1 agrees with fuzzy-matcher on {agree} of {strokes} keystrokes"
        );
    }
}
