//! Round-trip latency and throughput of `custos serve` with 1, 8 and 32
//! concurrent clients, with group commit and without (every write waiting
//! for its own durable commit: the baseline, in the same run). Run:
//! `cargo bench --bench daemon`.
//!
//! Each client repeats a realistic mix: open a contact (70 %), fetch a page
//! of the contact list (20 %), log an interaction (10 %, a durable write).
//! The contacts have consent histories, as `custos demo` makes them.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use custos::backend::{Api, Local};
use custos::clock::Clock;
use custos::demo::Demo;
use custos::model::{InteractionDraft, InteractionKind, Role};
use custos::net::{Remote, Server, ServerOptions};
use custos::service::api::{ContactQuery, ImportBatch};
use custos::service::calls::*;
use custos::service::{Actor, Service};
use custos::store::Store;

const CONTACTS: usize = 10_000;
const REQUESTS_PER_CLIENT: usize = 400;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("bench.redb")).expect("store");
    let service = Arc::new(Service::open(store).expect("service"));
    let stats_of = service.clone();
    let me = custos::os::current_user();
    service.bootstrap_admin(&me, now).expect("admin");
    let admin = Actor::new(&me, Role::Admin);
    // All the clients run as this one account.
    let mut settings = service.ask(&admin, now, GetSettings).expect("settings");
    settings.max_connections_per_user = 64;
    service
        .ask(&admin, now, UpdateSettings { settings })
        .expect("settings");

    let mut demo = Demo::new(1, now, vec![me.clone()]);
    let orgs = demo.organisations(CONTACTS / 8);
    let batch = ImportBatch {
        organisations: orgs,
        contacts: vec![],
        ..Default::default()
    };
    let report = service
        .ask(&admin, now, Import { batch })
        .expect("import orgs");
    demo.set_organisation_ids(&report.organisation_ids);
    // Consent histories as `custos demo` makes them: a list row shows each
    // contact's consent picture and retention hint.
    let local = Local::new(service.clone(), admin.clone(), Clock::Fixed(now));
    let purposes = custos::demo::purposes(&local).expect("purposes");
    let batch = ImportBatch {
        organisations: vec![],
        contacts: demo.contacts(CONTACTS, &purposes),
        ..Default::default()
    };
    service
        .ask(&admin, now, Import { batch })
        .expect("import contacts");

    // As `custos serve` does: the search index built in the background,
    // here waited for, so the figures are the daemon's steady state.
    service.warm_search();
    while !service.search_ready() {
        std::thread::sleep(Duration::from_millis(10));
    }
    let socket = dir.path().join("bench.sock");
    let server = Server::start(
        service,
        Clock::Fixed(now),
        ServerOptions {
            socket: socket.clone(),
            group: None,
            verbose: false,
        },
    )
    .expect("server");

    println!(
        "custos serve round trips over a Unix socket ({CONTACTS} contacts, {REQUESTS_PER_CLIENT} requests per client)"
    );
    println!(
        "{:>14} {:>8} {:>10} {:>10} {:>10} {:>12} {:>16}",
        "commit", "clients", "median", "p95", "p99", "req/s", "writes per fsync"
    );
    for (mode, grouped, clients) in [
        ("one by one", false, 1usize),
        ("group", true, 1),
        ("one by one", false, 8),
        ("group", true, 8),
        ("one by one", false, 32),
        ("group", true, 32),
    ] {
        stats_of.store().set_group_commit(grouped);
        let before = stats_of.store().commit_stats();
        let started = Instant::now();
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                let socket = socket.clone();
                std::thread::spawn(move || {
                    let client = Remote::connect(&socket).expect("connect");
                    let mut latencies = Vec::with_capacity(REQUESTS_PER_CLIENT);
                    let mut x: u64 = 0x9e37_79b9_7f4a_7c15 ^ (c as u64 + 1);
                    for i in 0..REQUESTS_PER_CLIENT {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        let id = x % CONTACTS as u64 + 1;
                        let t = Instant::now();
                        match i % 10 {
                            0 => {
                                client
                                    .create_interaction(InteractionDraft {
                                        contact_id: id,
                                        kind: InteractionKind::Call,
                                        at: None,
                                        summary: "benchmark call".into(),
                                    })
                                    .expect("write");
                            }
                            1 | 2 => {
                                client
                                    .list_contacts(ContactQuery {
                                        offset: (id as usize) % (CONTACTS - 60),
                                        limit: 50,
                                        ..Default::default()
                                    })
                                    .expect("page");
                            }
                            _ => {
                                client.contact(id).expect("read");
                            }
                        }
                        latencies.push(t.elapsed());
                    }
                    latencies
                })
            })
            .collect();
        let mut all: Vec<Duration> = handles
            .into_iter()
            .flat_map(|h| h.join().expect("client thread"))
            .collect();
        let elapsed = started.elapsed();
        all.sort();
        let after = stats_of.store().commit_stats();
        let writes = after.writes - before.writes;
        let fsyncs = (after.durable_commits - before.durable_commits).max(1);
        println!(
            "{:>14} {:>8} {:>8.2}ms {:>8.2}ms {:>8.2}ms {:>12.0} {:>16.1}",
            mode,
            clients,
            percentile(&all, 0.5).as_secs_f64() * 1e3,
            percentile(&all, 0.95).as_secs_f64() * 1e3,
            percentile(&all, 0.99).as_secs_f64() * 1e3,
            all.len() as f64 / elapsed.as_secs_f64(),
            writes as f64 / fsyncs as f64
        );
    }
    server.stop();
}
