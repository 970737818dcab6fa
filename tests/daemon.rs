//! `custos serve`: many clients at once, identity from the kernel, bad
//! frames, clean shutdown.

mod common;

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use common::*;
use custos::backend::Api;
use custos::clock::Clock;
use custos::model::{AuditOutcome, Role};
use custos::net::{Remote, Server, ServerOptions};
use custos::service::api::ContactQuery;
use custos::service::calls::*;
use custos::service::{Service, ServiceError};
use custos::store::Store;

struct Daemon {
    _dir: tempfile::TempDir,
    socket: PathBuf,
    db: PathBuf,
    service: Arc<Service>,
    server: Option<Server>,
}

impl Daemon {
    /// A daemon whose only user is the account running the tests, with `role`.
    fn start(role: Role) -> Daemon {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("custos.redb");
        let socket = dir.path().join("run/custos.sock");
        let service = Arc::new(Service::open(Store::open(&db).unwrap()).unwrap());
        let me = custos::os::current_user();
        service.bootstrap_admin("custos-test-admin", now()).unwrap();
        service
            .ask(&admin(), now(), AddUser { name: me, role })
            .unwrap();
        let server = Server::start(
            service.clone(),
            Clock::Fixed(now()),
            ServerOptions {
                socket: socket.clone(),
                group: None,
                verbose: false,
            },
        )
        .unwrap();
        Daemon {
            _dir: dir,
            socket,
            db,
            service,
            server: Some(server),
        }
    }

    fn client(&self) -> Remote {
        Remote::connect(&self.socket).unwrap()
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Some(s) = self.server.take() {
            s.stop();
        }
    }
}

#[test]
fn concurrent_clients_lose_nothing_and_see_conflicts() {
    let daemon = Daemon::start(Role::Sales);
    let socket = daemon.socket.clone();
    const CLIENTS: usize = 8;
    const EACH: usize = 25;
    let threads: Vec<_> = (0..CLIENTS)
        .map(|t| {
            let socket = socket.clone();
            std::thread::spawn(move || {
                let client = Remote::connect(&socket).unwrap();
                for i in 0..EACH {
                    let c = client
                        .create_contact(person(
                            "Kl",
                            &format!("Client{t}x{i}"),
                            &format!("c{t}.{i}@x.nl"),
                        ))
                        .unwrap();
                    // Mixed reads while others write.
                    client.contact(c.id).unwrap();
                    client
                        .list_contacts(ContactQuery {
                            query: format!("client{t}"),
                            ..Default::default()
                        })
                        .unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let client = daemon.client();
    let all = client.list_contacts(ContactQuery::default()).unwrap();
    assert_eq!(
        all.total,
        CLIENTS * EACH,
        "every write from every client is there"
    );

    // Two users edit the same contact from the same version: one wins, the
    // other gets a conflict, nobody's change is silently lost.
    let target = client
        .create_contact(person("Jan", "Gedeeld", "jan@gedeeld.nl"))
        .unwrap();
    let results: Vec<_> = (0..2)
        .map(|n| {
            let socket = socket.clone();
            let mut draft = target.draft();
            draft.notes = format!("edit {n}");
            std::thread::spawn(move || {
                Remote::connect(&socket)
                    .unwrap()
                    .update_contact(target.id, 1, draft, false)
            })
        })
        .map(|h| h.join().unwrap())
        .collect();
    let wins = results.iter().filter(|r| r.is_ok()).count();
    let conflicts = results
        .iter()
        .filter(|r| matches!(r, Err(ServiceError::Conflict { .. })))
        .count();
    assert_eq!((wins, conflicts), (1, 1), "{results:?}");
}

#[test]
fn identity_comes_from_peer_credentials_and_lands_in_the_audit_log() {
    let daemon = Daemon::start(Role::Sales);
    let client = daemon.client();
    let me = custos::os::current_user();
    assert_eq!(client.identity(), (me.as_str(), Role::Sales));
    let who = client.whoami().unwrap();
    assert_eq!((who.user.as_str(), who.role), (me.as_str(), Role::Sales));

    let c = client
        .create_contact(person("Audit", "Trail", "audit@trail.nl"))
        .unwrap();
    // The role from the users table applies: sales may not erase.
    assert!(matches!(
        client.delete_contact(c.id),
        Err(ServiceError::Denied { .. })
    ));
    let page = daemon
        .service
        .ask(
            &admin(),
            now(),
            ListAudit {
                before: None,
                limit: 10,
            },
        )
        .unwrap();
    let create = page
        .entries
        .iter()
        .find(|e| e.record.targets == vec![c.id] && e.record.outcome == AuditOutcome::Done)
        .unwrap();
    assert_eq!(create.record.actor, me);
    assert_eq!(create.record.role, Role::Sales);
    let denial = page
        .entries
        .iter()
        .find(|e| matches!(e.record.outcome, AuditOutcome::Denied { .. }))
        .unwrap();
    assert_eq!(denial.record.actor, me);
}

#[test]
fn role_changes_apply_to_connected_clients_at_once() {
    let daemon = Daemon::start(Role::ReadOnly);
    let client = daemon.client();
    assert!(matches!(
        client.create_contact(person("A", "B", "a@b.nl")),
        Err(ServiceError::Denied { .. })
    ));
    daemon
        .service
        .ask(
            &admin(),
            now(),
            SetRole {
                name: custos::os::current_user(),
                role: Role::Sales,
            },
        )
        .unwrap();
    client.create_contact(person("A", "B", "a@b.nl")).unwrap();
}

#[test]
fn unknown_users_are_refused_with_a_clear_message() {
    let daemon = Daemon::start(Role::Sales);
    daemon
        .service
        .ask(
            &admin(),
            now(),
            RemoveUser {
                name: custos::os::current_user(),
            },
        )
        .unwrap();
    let err = match Remote::connect(&daemon.socket) {
        Err(e) => e,
        Ok(_) => panic!("an unknown user was let in"),
    };
    let msg = err.to_string();
    assert!(msg.contains("is not a Custos user"), "{msg}");
    assert!(msg.contains("custos user add"), "{msg}");
    // The refusal is in the audit trail, under the account's name.
    let page = daemon
        .service
        .ask(
            &admin(),
            now(),
            ListAudit {
                before: None,
                limit: 5,
            },
        )
        .unwrap();
    let refusal = &page.entries[0].record;
    assert_eq!(refusal.actor, custos::os::current_user());
    assert!(matches!(refusal.outcome, AuditOutcome::Denied { .. }));
}

fn raw(socket: &Path) -> UnixStream {
    UnixStream::connect(socket).unwrap()
}

fn closed(mut s: UnixStream) -> bool {
    s.set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .unwrap();
    let mut buf = [0u8; 64];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(_) => return false,
        }
    }
}

#[test]
fn garbage_oversized_and_truncated_frames_close_only_that_connection() {
    let daemon = Daemon::start(Role::Sales);
    let good = daemon.client();
    good.create_contact(person("Still", "Here", "still@here.nl"))
        .unwrap();

    // Garbage instead of a handshake.
    let mut g = raw(&daemon.socket);
    g.write_all(&[0, 0, 0, 5, 0xde, 0xad, 0xbe, 0xef, 0x00])
        .unwrap();
    assert!(closed(g));

    // An oversized length prefix: refused before allocating.
    let mut o = raw(&daemon.socket);
    o.write_all(&u32::MAX.to_be_bytes()).unwrap();
    assert!(closed(o));

    // A valid handshake, then garbage as a request.
    let mut h = raw(&daemon.socket);
    custos::net::frame::write_frame(&mut h, &custos::net::Hello::new()).unwrap();
    let _greeting: custos::net::Greeting = custos::net::frame::read_frame(&mut h).unwrap();
    h.write_all(&[0, 0, 0, 3, 0xff, 0xff, 0xff]).unwrap();
    assert!(closed(h));

    // A request cut off mid-frame: the client vanished; nothing is written.
    let mut t = raw(&daemon.socket);
    custos::net::frame::write_frame(&mut t, &custos::net::Hello::new()).unwrap();
    let _greeting: custos::net::Greeting = custos::net::frame::read_frame(&mut t).unwrap();
    let mut body = Vec::new();
    custos::net::frame::write_frame(
        &mut body,
        &CreateContact {
            draft: person("Half", "Written", "half@written.nl"),
        },
    )
    .unwrap();
    t.write_all(&body[..body.len() / 2]).unwrap();
    drop(t);

    // The daemon keeps serving the well-behaved client.
    let page = good.list_contacts(ContactQuery::default()).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.rows[0].summary.name, "Still Here");
}

#[test]
fn a_wrong_protocol_version_is_refused_by_name() {
    let daemon = Daemon::start(Role::Sales);
    let mut s = raw(&daemon.socket);
    let mut hello = custos::net::Hello::new();
    hello.protocol = 999;
    custos::net::frame::write_frame(&mut s, &hello).unwrap();
    match custos::net::frame::read_frame::<custos::net::Greeting>(&mut s).unwrap() {
        custos::net::Greeting::Refused { reason } => assert!(reason.contains("protocol 999")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn live_updates_show_in_the_change_counter() {
    let daemon = Daemon::start(Role::Sales);
    let watcher = daemon.client();
    let writer = daemon.client();
    let before = watcher.changes().unwrap();
    writer
        .create_contact(person("New", "Person", "new@person.nl"))
        .unwrap();
    assert!(watcher.changes().unwrap() > before);
}

/// A sweep through the daemon commits in chunks (here of two contacts),
/// each audited, while another client keeps saving: the sweep's answer
/// covers every chunk and every save succeeds.
#[test]
fn a_sweep_through_the_daemon_commits_in_chunks_while_others_save() {
    use custos::model::{
        AuditAction, ConsentChannel, LegalBasis, PurposeDraft, RetentionAnchor, RetentionRule,
    };
    use custos::service::api::ConsentDraft;
    let daemon = Daemon::start(Role::Admin);
    daemon.service.sweep_in_chunks_of(2);
    let client = daemon.client();
    let mut draft = PurposeDraft::new(
        "Events",
        LegalBasis::Consent,
        RetentionRule {
            months: 12,
            anchor: RetentionAnchor::ConsentGiven,
        },
    );
    draft.auto_erase = true;
    let events = client.create_purpose(draft).unwrap();
    let mut expired = Vec::new();
    for i in 0..5 {
        let c = client
            .create_contact(person(
                "Oud",
                &format!("Contact{i}"),
                &format!("oud{i}@x.nl"),
            ))
            .unwrap();
        client
            .record_consent(ConsentDraft {
                contact_id: c.id,
                purpose_id: events.id,
                action: custos::model::ConsentAction::Given,
                at: Some(at(2024, 1, 10)),
                channel: ConsentChannel::Paper,
                evidence: "form".into(),
            })
            .unwrap();
        expired.push(c.id);
    }
    let socket = daemon.socket.clone();
    let saver = std::thread::spawn(move || {
        let client = Remote::connect(&socket).unwrap();
        (0..20)
            .map(|i| {
                client
                    .create_contact(person("Nieuw", &format!("Klant{i}"), &format!("n{i}@x.nl")))
                    .map(|c| c.id)
            })
            .collect::<Vec<_>>()
    });
    let swept = client.sweep(None, false).unwrap();
    assert_eq!(swept.anonymised, expired);
    let saved = saver.join().unwrap();
    assert!(saved.iter().all(Result::is_ok), "{saved:?}");
    let chunks: Vec<Vec<u64>> = client
        .audit(None, 200)
        .unwrap()
        .entries
        .into_iter()
        .filter(|e| e.record.action == AuditAction::Sweep)
        .map(|e| e.record.targets)
        .collect();
    assert_eq!(chunks.len(), 3, "{chunks:?}");
    let mut all: Vec<u64> = chunks.into_iter().flatten().collect();
    all.sort_unstable();
    assert_eq!(all, expired);
}

fn custos_bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_custos"));
    cmd.env_remove("CUSTOS_DB")
        .env_remove("CUSTOS_SOCKET")
        .env("CUSTOS_NOW", "2026-11-23T09:00:00Z");
    cmd
}

/// Reads the daemon's log until it says it listens (no sleeping).
fn wait_for_listening(log: &mut impl std::io::BufRead, socket: &Path) -> String {
    let mut seen = String::new();
    let mut line = String::new();
    while log.read_line(&mut line).unwrap() > 0 {
        seen.push_str(&line);
        if line.contains(&format!("on {}", socket.display())) {
            return seen;
        }
        line.clear();
    }
    panic!("daemon exited before listening: {seen}");
}

/// `custos serve` started as a user starts it (the binary in a process of
/// its own, its default socket under XDG_RUNTIME_DIR), listening.
struct Served {
    daemon: std::process::Child,
    db: PathBuf,
    runtime: PathBuf,
    socket: PathBuf,
    log: std::io::BufReader<std::process::ChildStderr>,
    /// What it logged up to "listening".
    seen: String,
}

fn serve(dir: &Path) -> Served {
    let db = dir.join("custos.redb");
    let runtime = dir.join("runtime");
    std::fs::create_dir(&runtime).unwrap();
    let me = custos::os::current_user();
    let mut daemon = custos_bin()
        .args(["serve", "--db"])
        .arg(&db)
        .args(["--admin", &me])
        .env("XDG_RUNTIME_DIR", &runtime)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let socket = runtime.join("custos/custos.sock");
    let mut log = std::io::BufReader::new(daemon.stderr.take().unwrap());
    let seen = wait_for_listening(&mut log, &socket);
    Served {
        daemon,
        db,
        runtime,
        socket,
        log,
        seen,
    }
}

#[test]
fn sigterm_stops_the_daemon_without_losing_committed_writes() {
    let dir = tempfile::tempdir().unwrap();
    let Served {
        mut daemon,
        db,
        runtime,
        socket,
        mut log,
        mut seen,
    } = serve(dir.path());

    // A plain `custos` finds the daemon through its default socket.
    for i in 0..5 {
        let out = custos_bin()
            .env("XDG_RUNTIME_DIR", &runtime)
            .args(["contact", "add", "--family", &format!("Persistent{i}")])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // While the daemon runs, the file is its own.
    let local = custos_bin()
        .arg("--db")
        .arg(&db)
        .args(["contact", "list"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&local.stderr).contains("in use"));

    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(daemon.id() as i32, libc::SIGTERM) };
    let status = daemon.wait().unwrap();
    assert!(status.success(), "daemon exit: {status:?}");
    log.read_to_string(&mut seen).unwrap();
    assert!(seen.contains("stopped"), "{seen}");
    assert!(!socket.exists(), "the socket is removed on a clean stop");
    assert!(
        !needs_recovery(&db),
        "a stopped daemon leaves a file that opens without recovery"
    );

    let out = custos_bin()
        .arg("--db")
        .arg(&db)
        .args(["contact", "list"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 5);
}

/// Run as root only: a client process under another account is identified
/// as that account, whatever it sends.
#[test]
fn another_account_is_identified_by_the_kernel() {
    if custos::os::current_uid() != 0 {
        eprintln!("skipped: needs root to run a client as another account");
        return;
    }
    let Some(nobody) = custos::os::user_id("nobody") else {
        eprintln!("skipped: no account named nobody");
        return;
    };
    let daemon = Daemon::start(Role::Admin);
    // Let other accounts reach the socket for this test.
    use std::os::unix::fs::PermissionsExt;
    let dir = daemon.socket.parent().unwrap();
    std::fs::set_permissions(daemon._dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&daemon.socket, std::fs::Permissions::from_mode(0o666)).unwrap();

    let run_as_nobody = |args: &[&str]| {
        use std::os::unix::process::CommandExt;
        custos_bin()
            .env("CUSTOS_SOCKET", &daemon.socket)
            .env("HOME", "/tmp")
            .uid(nobody)
            .gid(nobody)
            .args(args)
            .output()
            .unwrap()
    };
    let out = run_as_nobody(&["contact", "list"]);
    if !out.status.success() && String::from_utf8_lossy(&out.stderr).contains("Permission denied") {
        eprintln!("skipped: the test binary is not reachable for nobody");
        return;
    }
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("nobody is not a Custos user"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    daemon
        .service
        .ask(
            &admin(),
            now(),
            AddUser {
                name: "nobody".into(),
                role: Role::ReadOnly,
            },
        )
        .unwrap();
    assert!(run_as_nobody(&["contact", "list"]).status.success());
    let denied = run_as_nobody(&["contact", "add", "--family", "Sneaky"]);
    assert!(!denied.status.success());
    assert!(String::from_utf8_lossy(&denied.stderr).contains("read-only role may not"));
    let page = daemon
        .service
        .ask(
            &admin(),
            now(),
            ListAudit {
                before: None,
                limit: 5,
            },
        )
        .unwrap();
    assert_eq!(page.entries[0].record.actor, "nobody");
    let _ = &daemon.db;
}

/// Group commit: writes from many clients are made durable together, and a
/// client hears "done" only once its write is on disk. Killed mid-stream
/// (SIGKILL, no chance to tidy), the daemon leaves every acknowledged write
/// and nothing of the requests that failed beside them in the same groups.
#[test]
fn a_killed_daemon_keeps_every_acknowledged_write_and_nothing_of_failed_ones() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let Served {
        mut daemon,
        db,
        socket,
        ..
    } = serve(dir.path());

    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..8)
        .map(|c| {
            let socket = socket.clone();
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut acknowledged = Vec::new();
                let mut refused = 0;
                let Ok(client) = Remote::connect(&socket) else {
                    return (acknowledged, refused);
                };
                let mut last = None;
                for i in 0.. {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let family = format!("Acked{c}x{i}");
                    let result = match (i % 3, &last) {
                        // Refused after validation: a conflicting edit.
                        (1, Some(contact)) => {
                            let contact: &custos::model::Contact = contact;
                            let mut draft = contact.draft();
                            draft.family_name = format!("Conflict{c}x{i}");
                            match client.update_contact(
                                contact.id,
                                contact.version + 7,
                                draft,
                                false,
                            ) {
                                Err(ServiceError::Conflict { .. }) => {
                                    refused += 1;
                                    continue;
                                }
                                Err(_) => break, // the daemon is gone
                                Ok(c) => panic!("a stale version was accepted: {c:?}"),
                            }
                        }
                        // Refused by validation: an address that is none.
                        (2, _) => match client.create_contact(person(
                            "Bad",
                            &format!("Invalid{c}x{i}"),
                            "not an address",
                        )) {
                            Err(ServiceError::Invalid { .. }) => {
                                refused += 1;
                                continue;
                            }
                            Err(_) => break,
                            Ok(c) => panic!("an invalid address was accepted: {c:?}"),
                        },
                        _ => {
                            client.create_contact(person("Ria", &family, &format!("{family}@x.be")))
                        }
                    };
                    match result {
                        Ok(contact) => {
                            acknowledged.push(contact.family_name.clone());
                            last = Some(contact);
                        }
                        Err(_) => break,
                    }
                }
                (acknowledged, refused)
            })
        })
        .collect();
    // Enough writes for many groups, then the kill.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    daemon.kill().unwrap();
    daemon.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    let mut acknowledged = Vec::new();
    let mut refused = 0;
    for client in clients {
        let (a, r) = client.join().unwrap();
        acknowledged.extend(a);
        refused += r;
    }
    assert!(
        acknowledged.len() > 50,
        "too few writes to mean anything: {}",
        acknowledged.len()
    );
    assert!(refused > 10, "too few refused requests: {refused}");

    let service = Service::open(Store::open(&db).unwrap()).unwrap();
    let page = service
        .ask(
            &admin(),
            now(),
            ListContacts {
                query: ContactQuery {
                    limit: 100_000,
                    ..Default::default()
                },
            },
        )
        .unwrap();
    let stored: std::collections::HashSet<String> =
        page.rows.iter().map(|r| r.summary.name.clone()).collect();
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|family| !stored.contains(&format!("Ria {family}")))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged writes lost, among them {:?}",
        lost.len(),
        acknowledged.len(),
        &lost[..lost.len().min(5)]
    );
    assert!(
        !stored
            .iter()
            .any(|n| n.contains("Conflict") || n.contains("Invalid")),
        "a refused request left something behind"
    );
    let audit = service.ask(&admin(), now(), VerifyAudit).unwrap();
    assert!(
        audit.head_matches
            && matches!(
                audit.verdict,
                custos::model::audit::ChainVerdict::Intact { .. }
            ),
        "{audit:?}"
    );
}

/// The daemon closes a connection nothing came over for the idle timeout
/// (setting idle-timeout-minutes, 1 here; 30 by default), on the real
/// clock; the client's next request opens a new one and is answered.
#[test]
fn an_idle_connection_is_closed_after_the_timeout() {
    let daemon = Daemon::start(Role::Sales);
    let mut settings = daemon.service.settings().unwrap();
    settings.idle_timeout_minutes = 1;
    daemon
        .service
        .ask(&admin(), now(), UpdateSettings { settings })
        .unwrap();

    let mut idle = raw(&daemon.socket);
    custos::net::frame::write_frame(&mut idle, &custos::net::Hello::new()).unwrap();
    let _greeting: custos::net::Greeting = custos::net::frame::read_frame(&mut idle).unwrap();
    let opened = std::time::Instant::now();
    let client = daemon.client();
    client
        .create_contact(person("Before", "Pause", "before@pause.nl"))
        .unwrap();

    // Still open well within the minute...
    idle.set_read_timeout(Some(std::time::Duration::from_secs(50)))
        .unwrap();
    let mut buf = [0u8; 16];
    assert!(
        matches!(idle.read(&mut buf), Err(ref e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut)),
        "the connection was closed before its idle minute"
    );
    // ...and closed once it has passed.
    idle.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    assert_eq!(
        idle.read(&mut buf).unwrap(),
        0,
        "closed after the idle minute"
    );
    let waited = opened.elapsed();
    assert!(waited >= std::time::Duration::from_secs(60), "{waited:?}");

    // The client idled as long; its next request still goes through.
    let page = client.list_contacts(ContactQuery::default()).unwrap();
    assert_eq!(page.total, 1);
}
