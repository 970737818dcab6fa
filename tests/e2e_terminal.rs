//! The main flows in a real terminal: the built binary in a pseudo-terminal,
//! keys typed, the screen read back, the result checked with the CLI.

mod common;

use common::pty::{Terminal, custos, custos_real_clock};

#[test]
fn search_open_edit_save_quit_then_check_with_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("custos.redb");
    custos(&db, &["demo", "--contacts", "300"]);
    let id = custos(
        &db,
        &[
            "contact",
            "add",
            "--given",
            "Xaviera",
            "--family",
            "Testpersoon",
            "--email",
            "xaviera@testpersoon.nl",
            "--title",
            "Inkoper",
        ],
    );
    let id = id.trim().to_string();

    let mut t = Terminal::start(&db, &[], 120, 36);
    t.wait_for("301 contacts");
    t.send("/");
    t.send("xavtest");
    // " 1": "301 contacts · by relevance" shows while the search is in flight.
    t.wait_for(" 1 contacts · by relevance");
    t.enter(); // leave the search box for the list
    t.enter(); // open the contact
    t.wait_for(&format!("#{id} · version 1"));
    t.send("e");
    t.wait_for("Edit Xaviera Testpersoon");
    for _ in 0..5 {
        t.tab(); // to "Job title"
    }
    t.ctrl('u');
    t.send("Hoofd inkoop");
    t.ctrl('s');
    t.wait_for("saved Xaviera Testpersoon");
    t.wait_for(&format!("#{id} · version 2"));
    t.send("q");
    assert!(t.wait_exit(), "custos exits cleanly");
    assert!(!t.in_alternate_screen(), "the terminal is restored");

    let shown = custos(&db, &["contact", "show", &id]);
    assert!(shown.contains("Hoofd inkoop"), "{shown}");
    assert!(shown.contains("version 2"), "{shown}");
}

#[test]
fn an_invalid_field_is_reported_in_the_form_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("custos.redb");
    let mut t = Terminal::start(&db, &[], 100, 30);
    t.wait_for("No contacts yet");
    t.send("n");
    t.wait_for("New contact");
    t.send("Eva");
    t.tab();
    t.send("Visser");
    t.tab();
    t.send("eva-at-visser");
    t.ctrl('s');
    t.wait_for("is not a valid e-mail address");
    t.esc();
    t.wait_gone("New contact");
    t.send("q");
    assert!(t.wait_exit());
    assert_eq!(custos(&db, &["contact", "list"]).lines().count(), 0);
}

#[test]
fn ctrl_c_quits_from_inside_a_form_and_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("custos.redb");
    let mut t = Terminal::start(&db, &[], 80, 24);
    t.wait_for("No contacts yet");
    t.send("n");
    t.wait_for("New contact");
    t.ctrl('c');
    assert!(t.wait_exit());
    assert!(!t.in_alternate_screen());
}

#[test]
fn give_and_withdraw_consent_through_the_keys() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("custos.redb");
    custos(&db, &["demo", "--contacts", "50"]);
    let id = custos(
        &db,
        &[
            "contact",
            "add",
            "--given",
            "Yuna",
            "--family",
            "Consentia",
            "--email",
            "yuna@c.nl",
        ],
    );
    let id = id.trim().to_string();

    let mut t = Terminal::start(&db, &[], 120, 40);
    t.wait_for("51 contacts");
    t.send("/");
    t.send("yuna cons");
    // " 1": "301 contacts · by relevance" shows while the search is in flight.
    t.wait_for(" 1 contacts · by relevance");
    t.enter();
    t.enter();
    t.wait_for("Consent and legal basis");
    // Purposes are listed by name: move to the newsletter.
    for _ in 0..4 {
        t.send("j");
    }
    t.wait_for("▶ Newsletter");
    t.send("c");
    t.wait_for("Newsletter — given");
    t.tab();
    t.tab();
    t.send("Ticked the newsletter box on the web form");
    t.ctrl('s');
    t.wait_for("consent given recorded");
    t.send("w");
    t.wait_for("Newsletter — withdrawn");
    t.ctrl('s');
    t.wait_for("withdrawn 2026-11-23");
    t.send("q");
    assert!(t.wait_exit());

    let history = custos(&db, &["consent", "history", &id, "newsletter"]);
    assert!(history.contains(": withdrawn"), "{history}");
    let lines: Vec<&str> = history.lines().skip(1).collect();
    assert_eq!(lines.len(), 2, "{history}");
    assert!(lines[0].contains("given") && lines[0].contains("Ticked the newsletter box"));
    assert!(lines[1].contains("withdrawn"));
}

#[test]
fn anonymise_an_expired_contact_from_the_dashboard() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("custos.redb");
    custos(
        &db,
        &["purpose", "templates", "--load", "event-invitations"],
    );
    let id = custos(
        &db,
        &[
            "contact",
            "add",
            "--given",
            "Erna",
            "--family",
            "Expired",
            "--email",
            "erna.expired@example.org",
            "--phone",
            "+31 6 9999 0000",
        ],
    );
    let id = id.trim().to_string();
    custos(
        &db,
        &[
            "consent",
            "give",
            &id,
            "Event invitations",
            "--channel",
            "paper",
            "--evidence",
            "Signed the guest list",
            "--at",
            "2024-05-01",
        ],
    );
    let fine = custos(
        &db,
        &["contact", "add", "--family", "Kept", "--email", "kept@x.nl"],
    );
    custos(
        &db,
        &[
            "consent",
            "give",
            fine.trim(),
            "Event invitations",
            "--channel",
            "paper",
            "--evidence",
            "Signed",
            "--at",
            "2026-10-01",
        ],
    );

    let mut t = Terminal::start(&db, &[], 120, 30);
    t.wait_for("2 contacts");
    t.send("3");
    t.wait_for("Expired 1");
    t.wait_for("Erna Expired");
    t.send("a");
    t.wait_for("Anonymise 1 contact?");
    t.send("y");
    t.wait_for("anonymise: 1 done");
    t.wait_for("1 anonymised");
    t.send("q");
    assert!(t.wait_exit());

    let shown = custos(&db, &["contact", "show", &id]);
    assert!(shown.contains("anonymised"), "{shown}");
    assert!(!shown.contains("erna.expired@example.org"), "{shown}");
    assert!(!shown.contains("Erna"), "{shown}");
    assert!(custos(&db, &["contact", "show", fine.trim()]).contains("kept@x.nl"));
}

#[test]
fn register_an_incident_select_people_by_tag_and_export_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("custos.redb");
    for (family, email, tag) in [
        ("Alfa", "alfa@x.nl", "webshop"),
        ("Bravo", "bravo@x.nl", "webshop"),
        ("Charlie", "charlie@x.nl", "offline"),
    ] {
        custos(
            &db,
            &[
                "contact", "add", "--family", family, "--email", email, "--tag", tag,
            ],
        );
    }
    let mut t = Terminal::start(&db, &[], 120, 40);
    t.wait_for("3 contacts");
    t.send("4");
    t.wait_for("No breaches registered");
    t.send("n");
    t.wait_for("Register a breach");
    t.send("Webshop database copied");
    t.ctrl('s');
    t.wait_for("saved \"Webshop database copied\"");
    t.wait_for("3d 00h left");
    t.send("p");
    t.wait_for("Who is affected");
    t.tab();
    t.send("webshop");
    t.wait_for("2 people match");
    t.ctrl('s');
    t.wait_for("2 added to the list");
    t.wait_for("Notification list: 0/2 notified");
    t.send("x");
    t.wait_for("Export incident #1");
    t.tab();
    t.ctrl('u');
    let csv = dir.path().join("notify.csv");
    t.send(csv.to_str().unwrap());
    t.enter();
    t.wait_for("2 people written to");
    t.send("\x1b");
    t.wait_for("72-hour deadline");
    t.send("q");
    assert!(t.wait_exit());

    // Spreadsheet-ready: a byte-order mark and semicolons.
    let text = std::fs::read_to_string(&csv).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    let mut rows = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let emails: Vec<String> = rows.records().map(|r| r.unwrap()[3].to_string()).collect();
    assert_eq!(emails, vec!["alfa@x.nl", "bravo@x.nl"]);
    let listed = custos(&db, &["incident", "list"]);
    assert!(
        listed.contains("Webshop database copied") && listed.contains("0/2"),
        "{listed}"
    );
}

#[test]
fn file_an_access_request_and_export_the_persons_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("custos.redb");
    custos(
        &db,
        &[
            "contact",
            "add",
            "--given",
            "Greta",
            "--family",
            "Grünwald",
            "--email",
            "greta@gruenwald.de",
        ],
    );
    let mut t = Terminal::start(&db, &[], 120, 40);
    t.wait_for("1 contacts");
    t.send("5");
    t.wait_for("No open requests");
    t.send("n");
    t.wait_for("File a data-subject request");
    // Kind stays "access"; find the person by name.
    t.tab();
    t.send("greta");
    t.wait_for("contact → Greta Grünwald #1");
    t.tab();
    t.tab();
    t.tab();
    t.send("asked by e-mail");
    t.ctrl('s');
    t.wait_for("request #1 filed: due 2026-12-23");
    t.wait_for("30 days left");
    t.send("\r");
    t.wait_for("#1 access (Art. 15)");
    // Not before the identity is verified.
    t.send("c");
    t.wait_for("verify the requester's identity first");
    t.send("s");
    t.wait_for("Status of request #1");
    t.send("\x1b[C");
    t.tab();
    t.send("ID card checked");
    t.ctrl('s');
    t.wait_for("status new → identity-verified: ID card checked");
    t.send("c");
    t.wait_for("Export Greta Grünwald's data (request #1)");
    // XLSX, to a file of our choosing.
    for _ in 0..3 {
        t.send("\x1b[C");
    }
    t.wait_for("XLSX, one sheet per section");
    t.tab();
    t.ctrl('u');
    let out = dir.path().join("greta");
    t.send(out.to_str().unwrap());
    t.ctrl('s');
    t.wait_for("data written to");
    t.wait_for("carried out: personal data exported");
    t.send("\x1b");
    t.wait_for("0 open requests");
    t.send("q");
    assert!(t.wait_exit());

    let bytes = std::fs::read(dir.path().join("greta.xlsx")).unwrap();
    let mut book: calamine::Xlsx<_> = calamine::Reader::new(std::io::Cursor::new(bytes)).unwrap();
    let contact = calamine::Reader::worksheet_range(&mut book, "contact").unwrap();
    let cells: Vec<String> = contact.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(
        cells.contains(&"greta@gruenwald.de".to_string()),
        "{cells:?}"
    );
    let listed = custos(&db, &["request", "list", "--all"]);
    assert!(listed.contains("done"), "{listed}");
}

/// As a user runs it: the real clock, Amsterdam, an 80×24 terminal. A
/// contact edited in the interface, then the audit trail verified on the
/// Audit screen and by the command line.
#[test]
fn on_the_real_clock_the_audit_screen_verifies_the_trail() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("custos.redb");
    custos_real_clock(&db, &["demo", "--contacts", "50"]);
    let mut t = Terminal::start_real_clock(&db, &[], 80, 24);
    t.wait_for("50 contacts");
    t.enter(); // open the first contact
    t.wait_for("version 1");
    t.send("e");
    t.wait_for("Edit ");
    for _ in 0..5 {
        t.tab(); // to "Job title"
    }
    t.ctrl('u');
    t.send("Hoofd inkoop");
    t.ctrl('s');
    t.wait_for("version 2");
    t.send("6");
    t.wait_for("v to verify");
    t.send("v");
    t.wait_for("OK: ");
    t.send("q");
    assert!(t.wait_exit());
    let verdict = custos_real_clock(&db, &["audit", "verify"]);
    assert!(verdict.starts_with("OK: "), "{verdict}");
}

/// Through the daemon, a slow request does not hold up the keys: the user
/// opens the retention dashboard, whose report the daemon takes three
/// seconds over, and goes back to Contacts, which answers at once.
#[test]
fn through_the_daemon_keys_are_answered_while_a_slow_report_is_in_flight() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("custos.redb");
    custos(&db, &["demo", "--contacts", "40"]);
    custos(
        &db,
        &["contact", "add", "--given", "Zoë", "--family", "Zwart"],
    );
    let runtime = dir.path().join("runtime");
    std::fs::create_dir(&runtime).unwrap();
    let socket = runtime.join("custos/custos.sock");
    /// Stopped however the test ends.
    struct Daemon(std::process::Child);
    impl Drop for Daemon {
        fn drop(&mut self) {
            // SAFETY: signalling our own child process.
            unsafe { libc::kill(self.0.id() as i32, libc::SIGTERM) };
            let _ = self.0.wait();
        }
    }
    let mut daemon = std::process::Command::new(env!("CARGO_BIN_EXE_custos"))
        .args(["serve", "--db"])
        .arg(&db)
        .args(["--admin", &custos::os::current_user()])
        .env("XDG_RUNTIME_DIR", &runtime)
        .env("CUSTOS_NOW", "2026-11-23T09:00:00Z")
        .env("CUSTOS_FAILPOINT", "slow:retention-report")
        .env_remove("CUSTOS_SOCKET")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut log = std::io::BufReader::new(daemon.stderr.take().unwrap());
    let _daemon = Daemon(daemon);
    let mut line = String::new();
    while !line.contains("listening") && !line.contains(&socket.display().to_string()) {
        line.clear();
        assert!(log.read_line(&mut line).unwrap() > 0, "the daemon stopped");
    }

    let socket_arg = socket.display().to_string();
    let mut t = Terminal::start(&db, &["--socket", &socket_arg], 100, 30);
    t.wait_for("41 contacts");
    t.send("3");
    t.wait_for("loading…");
    // Back to Contacts and a search: new requests, answered on another
    // connection while the report still runs.
    let asked = std::time::Instant::now();
    t.send("1");
    t.send("/zwart");
    t.wait_for("Zoë Zwart");
    let answered = asked.elapsed();
    assert!(
        answered < std::time::Duration::from_millis(2500),
        "the search was answered after {answered:?}, behind the report"
    );
    // The report still arrives, and is shown when the user returns.
    t.enter();
    t.send("3");
    t.wait_for("Expired 4");
    t.wait_gone("loading…");
    t.send("q");
    assert!(t.wait_exit());
}

/// Quitting the interface closes the database cleanly, although its
/// watcher and loader threads still hold the service: the next command
/// opens the file without redb's recovery (a full read of the file, seconds
/// at a million contacts). The control: a daemon killed outright does leave
/// the file for recovery, so the check can tell the two apart.
#[test]
fn quitting_leaves_a_file_that_opens_without_recovery() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("custos.redb");
    custos_real_clock(&db, &["demo", "--contacts", "300"]);
    let mut t = Terminal::start_real_clock(&db, &[], 80, 24);
    t.wait_for("300 contacts");
    // Another screen's load in flight as the user quits.
    t.send("3");
    t.send("q");
    assert!(t.wait_exit());
    assert!(
        !common::needs_recovery(&db),
        "quitting left the file unclean"
    );

    // A dropped SSH connection (SIGHUP) or a kill (SIGTERM) while another
    // screen loads.
    for signal in [libc::SIGHUP, libc::SIGTERM] {
        let mut t = Terminal::start_real_clock(&db, &[], 80, 24);
        t.wait_for("300 contacts");
        t.send("3");
        t.signal(signal);
        t.wait_exit();
        assert!(
            !common::needs_recovery(&db),
            "signal {signal} left the file unclean"
        );
    }

    let mut daemon = std::process::Command::new(env!("CARGO_BIN_EXE_custos"))
        .arg("serve")
        .arg("--db")
        .arg(&db)
        .arg("--socket")
        .arg(dir.path().join("s.sock"))
        .args(["--admin", "control"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    while !dir.path().join("s.sock").exists() {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    daemon.kill().unwrap();
    daemon.wait().unwrap();
    assert!(
        common::needs_recovery(&db),
        "the control: a killed daemon leaves it unclean"
    );
}

/// A sweep on a terminal lists the first ids and says how many more (at a
/// million contacts a sweep erases tens of thousands); piped, as from
/// cron, every id. On the real clock, in Amsterdam.
#[test]
fn a_sweep_on_a_terminal_shows_the_first_ids_and_how_many_more() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("custos.redb");
    custos_real_clock(&db, &["demo", "--contacts", "2000"]);
    let piped = custos_real_clock(&db, &["retention", "sweep", "--dry-run"]);
    let listed: usize = piped
        .lines()
        .filter(|l| l.trim_start().starts_with("anonymise:"))
        .map(|l| l.matches('#').count())
        .sum();
    assert!(listed > 20, "{piped}");
    assert!(!piped.contains("more"), "{piped}");
    let mut t = Terminal::start_real_clock(&db, &["retention", "sweep", "--dry-run"], 300, 24);
    let screen = t.wait_for("more (all of them when piped");
    assert!(
        screen.contains(&format!("and {} more", listed - 20)),
        "{screen}"
    );
    assert!(t.wait_exit());
}
