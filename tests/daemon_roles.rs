//! What each role may take out of a shared server, tried as users would:
//! a daemon on a temporary socket, and the built binary run under real OS
//! accounts (created as root; without root the tests say they are
//! skipped). Then hostile clients: one holds every connection it can,
//! one streams oversized requests, one hammers connect/close, while an
//! admin works.

mod common;

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::accounts::{self, OFFICER, READER, SALES, STRANGER, custos_as};
use common::*;
use custos::backend::Api;
use custos::clock::Clock;
use custos::model::{AuditEntry, AuditOutcome, Role};
use custos::net::{Remote, Server, ServerOptions};
use custos::service::Service;
use custos::service::api::ContactQuery;
use custos::service::calls::*;
use custos::store::Store;

struct Shared {
    dir: tempfile::TempDir,
    socket: PathBuf,
    service: Arc<Service>,
    server: Option<Server>,
}

impl Drop for Shared {
    fn drop(&mut self) {
        if let Some(s) = self.server.take() {
            s.stop();
        }
    }
}

/// A daemon with `contacts` demo contacts; the test runner is its admin,
/// the test accounts have their roles, the group may connect.
fn shared_server(contacts: u32) -> Shared {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("custos.redb");
    let socket = dir.path().join("run/custos.sock");
    // Demo data through the binary, as an admin would fill a test server.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_custos"))
        .args(["demo", "--contacts", &contacts.to_string()])
        .env("CUSTOS_DB", &db)
        .env_remove("CUSTOS_SOCKET")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let service = Arc::new(Service::open(Store::open(&db).unwrap()).unwrap());
    let me = custos::os::current_user();
    service.bootstrap_admin(&me, now()).unwrap();
    for (name, role) in [
        (SALES, Role::Sales),
        (READER, Role::ReadOnly),
        (OFFICER, Role::PrivacyOfficer),
    ] {
        service
            .ask(
                &admin(),
                now(),
                AddUser {
                    name: name.into(),
                    role,
                },
            )
            .unwrap();
    }
    let server = Server::start(
        service.clone(),
        Clock::System,
        ServerOptions {
            socket: socket.clone(),
            group: Some(accounts::GROUP.into()),
            verbose: false,
        },
    )
    .unwrap();
    accounts::open_path_to(dir.path());
    Shared {
        dir,
        socket,
        service,
        server: Some(server),
    }
}

fn audit(service: &Service) -> Vec<AuditEntry> {
    audit_newest_first(service)
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn refused(out: &std::process::Output, what: &str) {
    assert!(!out.status.success(), "{what} was allowed: {}", text(out));
    assert!(
        text(out).contains("permission denied"),
        "{what}: {}",
        text(out)
    );
}

#[test]
fn each_role_takes_out_only_what_the_readme_says() {
    if !accounts::available() {
        return;
    }
    let server = shared_server(400);
    let socket = &server.socket;
    let csv = server.dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "given name,family name,email\nImke,Import,imke@import.nl\n",
    )
    .unwrap();
    accounts::open_path_to(&csv);
    let csv = csv.to_str().unwrap();

    for user in [SALES, READER] {
        for format in ["csv", "json"] {
            let out = custos_as(user, socket, &["contact", "list", "--format", format]);
            refused(&out, format);
            // Not even the header (or the opening bracket) before the refusal.
            assert!(
                out.stdout.is_empty(),
                "{format}: {}",
                String::from_utf8_lossy(&out.stdout)
            );
        }
        refused(
            &custos_as(
                user,
                socket,
                &["purpose", "audience", "1", "--format", "csv"],
            ),
            "an audience",
        );
        refused(
            &custos_as(user, socket, &["demo", "--contacts", "10"]),
            "demo data",
        );
        refused(&custos_as(user, socket, &["import", csv]), "an import");
        refused(
            &custos_as(
                user,
                socket,
                &["export", "subject", "1", "-o", "/tmp/x.json"],
            ),
            "a subject export",
        );
    }
    // The officer exports, and every export is in the trail with its size.
    let before = audit(&server.service).len();
    let out = custos_as(OFFICER, socket, &["contact", "list", "--format", "csv"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 401);
    let out = custos_as(
        OFFICER,
        socket,
        &["purpose", "audience", "1", "--format", "csv"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = custos_as(OFFICER, socket, &["import", csv]);
    assert!(out.status.success(), "{}", text(&out));
    refused(
        &custos_as(OFFICER, socket, &["demo", "--contacts", "10"]),
        "demo data by an officer",
    );
    let entries = audit(&server.service);
    let exports: Vec<&AuditEntry> = entries
        .iter()
        .filter(|e| {
            e.record.actor == OFFICER && e.record.action == custos::model::AuditAction::Export
        })
        .collect();
    assert!(
        exports
            .iter()
            .any(|e| e.record.detail.contains("contacts export (csv): 400 rows")),
        "{exports:#?}"
    );
    assert!(
        exports
            .iter()
            .any(|e| e.record.detail.contains("audience of purpose #1"))
    );
    // Every kind of refusal above is in the trail, under the real account
    // (repeats of one kind within a minute are summed up in one entry).
    for user in [SALES, READER] {
        let denials = entries
            .iter()
            .filter(|e| {
                e.record.actor == user && matches!(e.record.outcome, AuditOutcome::Denied { .. })
            })
            .count();
        assert!(denials >= 4, "{user}: {denials} denials audited");
    }
    assert!(entries.len() > before);
}

#[test]
fn a_script_paging_as_sales_stops_at_the_daily_ceiling() {
    if !accounts::available() {
        return;
    }
    let server = shared_server(500);
    let socket = &server.socket;
    let mut settings = server.service.ask(&admin(), now(), GetSettings).unwrap();
    settings.daily_contact_ceiling = 150;
    server
        .service
        .ask(&admin(), now(), UpdateSettings { settings })
        .unwrap();

    // Paging through the table as a script would: refused past 150.
    let out = custos_as(SALES, socket, &["contact", "list"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("more than 150 different contacts a day"),
        "{}",
        text(&out)
    );
    // Small pages, searches: the same ceiling, however they come.
    let mut seen = std::collections::HashSet::new();
    for page in 0..20 {
        let out = custos_as(
            SALES,
            socket,
            &["contact", "list", "--limit", "20", "-q", &format!("{page}")],
        );
        if out.status.success() {
            for line in String::from_utf8_lossy(&out.stdout).lines() {
                seen.insert(
                    line.split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                );
            }
        }
    }
    assert!(
        !seen.is_empty() && seen.len() <= 150,
        "{} different contacts listed",
        seen.len()
    );
    // What was seen today can be opened again; the reader has their own.
    let out = custos_as(READER, socket, &["contact", "list", "--limit", "100"]);
    assert!(out.status.success(), "{}", text(&out));
    // The refusals are audited, summed up, not one entry each.
    let entries = audit(&server.service);
    let ceiling: Vec<_> = entries
        .iter()
        .filter(|e| matches!(&e.record.outcome, AuditOutcome::Denied { permission } if permission == "DailyContactCeiling"))
        .collect();
    assert!(!ceiling.is_empty() && ceiling.len() <= 3, "{ceiling:#?}");
}

#[test]
fn who_did_it_comes_from_the_account_not_the_client() {
    if !accounts::available() {
        return;
    }
    let server = shared_server(20);
    let socket = &server.socket;
    let out = custos_as(
        SALES,
        socket,
        &[
            "contact",
            "log",
            "3",
            "--kind",
            "call",
            "--summary",
            "Belde terug",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = custos_as(
        SALES,
        socket,
        &[
            "contact",
            "add",
            "--family",
            "Nieuw",
            "--email",
            "n@nieuw.nl",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let id: u64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    let client = Remote::connect(&server.socket).unwrap();
    let detail = client.contact(3).unwrap();
    let call = detail
        .interactions
        .iter()
        .find(|i| i.summary == "Belde terug")
        .unwrap();
    assert_eq!(call.by, SALES);
    assert_eq!(
        client.contact(id).unwrap().contact.owner.as_deref(),
        Some(SALES)
    );
    // Demo data on a database with real contacts needs --force, also for
    // an admin.
    let err = client
        .import(custos::service::api::ImportBatch {
            kind: custos::service::api::ImportKind::Demo { force: false },
            ..Default::default()
        })
        .unwrap_err();
    assert!(err.to_string().contains("not demo data"), "{err}");
}

/// One hostile client, run as another account: this same test binary,
/// started with `CUSTOS_HOSTILE=MODE:SOCKET:SECONDS`. Without it, nothing.
#[test]
fn hostile_client() {
    let Ok(spec) = std::env::var("CUSTOS_HOSTILE") else {
        return;
    };
    let mut parts = spec.splitn(3, ':');
    let (mode, socket, seconds) = (
        parts.next().unwrap().to_string(),
        PathBuf::from(parts.next().unwrap()),
        parts.next().unwrap().parse::<u64>().unwrap(),
    );
    let until = Instant::now() + Duration::from_secs(seconds);
    let hello = || {
        let h = custos::net::Hello::new();
        let body = bincode::serde::encode_to_vec(&h, bincode::config::standard()).unwrap();
        let mut frame = (body.len() as u32).to_be_bytes().to_vec();
        frame.extend(body);
        frame
    };
    match mode.as_str() {
        // As many connections as the daemon gives, each past the handshake.
        "hold" => {
            let mut held = Vec::new();
            for _ in 0..300 {
                if let Ok(mut s) = UnixStream::connect(&socket) {
                    let _ = s.write_all(&hello());
                    held.push(s);
                }
            }
            std::thread::sleep(until.saturating_duration_since(Instant::now()));
            drop(held);
        }
        // Large requests announced and sent slowly, on many connections.
        "oversize" => {
            let mut held = Vec::new();
            for _ in 0..30 {
                if let Ok(mut s) = UnixStream::connect(&socket) {
                    let _ = s.write_all(&hello());
                    let mut greeting = [0u8; 256];
                    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
                    let _ = s.read(&mut greeting);
                    let _ = s.write_all(&(8u32 * 1024 * 1024).to_be_bytes());
                    let _ = s.set_nonblocking(true);
                    held.push(s);
                }
            }
            let chunk = vec![7u8; 256 * 1024];
            while Instant::now() < until {
                for s in &mut held {
                    let _ = s.write(&chunk);
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        }
        // Connect and close, as fast as it can.
        "hammer" => {
            while Instant::now() < until {
                if let Ok(s) = UnixStream::connect(&socket) {
                    drop(s);
                }
            }
        }
        other => panic!("unknown mode {other}"),
    }
}

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn spawn_hostile(account: &str, mode: &str, socket: &Path, seconds: u64) -> std::process::Child {
    use std::os::unix::process::CommandExt;
    let (uid, gid) = accounts::ids(account);
    std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "hostile_client",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(
            "CUSTOS_HOSTILE",
            format!("{mode}:{}:{seconds}", socket.display()),
        )
        .current_dir("/tmp")
        .uid(uid)
        .gid(gid)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// The daemon's memory for requests is capped by `frame-memory-mib`
/// (64 MiB); this is what the test allows the whole process to grow by.
const MEMORY_CEILING_KIB: u64 = 160 * 1024;

#[test]
fn hostile_clients_cannot_lock_out_an_admin_or_flood_memory_and_the_trail() {
    if !accounts::available() {
        return;
    }
    let server = shared_server(200);
    accounts::open_path_to(&std::env::current_exe().unwrap());
    let socket = server.socket.clone();
    let entries_before = audit(&server.service).len();
    let rss_before = rss_kib();
    const SECONDS: u64 = 6;
    let mut hostile = vec![
        spawn_hostile(READER, "hold", &socket, SECONDS),
        spawn_hostile(SALES, "oversize", &socket, SECONDS),
        spawn_hostile(STRANGER, "hammer", &socket, SECONDS),
    ];
    // Meanwhile the admin works: new connections and a long-lived one.
    let started = Instant::now();
    let mut slowest = Duration::ZERO;
    let mut requests = 0;
    let mut peak = rss_before;
    let long_lived = Remote::connect(&socket).unwrap();
    while started.elapsed() < Duration::from_secs(SECONDS) {
        let t = Instant::now();
        let fresh = Remote::connect(&socket).expect("the admin gets in");
        fresh.whoami().expect("answered");
        long_lived
            .list_contacts(ContactQuery {
                limit: 20,
                ..Default::default()
            })
            .expect("answered");
        slowest = slowest.max(t.elapsed());
        requests += 2;
        peak = peak.max(rss_kib());
        std::thread::sleep(Duration::from_millis(50));
    }
    for child in &mut hostile {
        let _ = child.wait();
    }
    let grown = peak.saturating_sub(rss_before);
    assert!(requests > 20, "{requests}");
    assert!(
        slowest < Duration::from_secs(2),
        "an admin request took {slowest:?}"
    );
    assert!(
        grown < MEMORY_CEILING_KIB,
        "the daemon grew by {} MiB",
        grown / 1024
    );
    // Bounded growth of the trail: the refusals are summed up.
    drop(long_lived);
    let mut server = server;
    if let Some(s) = server.server.take() {
        s.stop();
    }
    let after = audit(&server.service);
    let added = after.len() - entries_before;
    eprintln!(
        "hostile clients: {requests} admin requests, slowest {slowest:?}; memory +{} MiB; \
         {added} audit entries",
        grown / 1024
    );
    for e in &after[..added] {
        eprintln!(
            "  {} {} {:?} {}",
            e.record.actor, e.record.action, e.record.outcome, e.record.detail
        );
    }
    assert!(added <= 12, "{added} audit entries for the whole attack");
    // The attack was real: the hammer and the hold were refused.
    assert!(after[..added].iter().any(|e| e.record.actor == STRANGER));
    assert!(after[..added].iter().any(|e| e.record.actor == READER));
}
