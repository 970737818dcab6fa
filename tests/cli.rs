//! The command line, run as a user would: the built binary on a temporary
//! database.

use std::path::Path;
use std::process::{Command, Output};

fn custos(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_custos"))
        .args(args)
        .env("TZ", "Europe/Amsterdam")
        .env("CUSTOS_DB", db)
        .env("CUSTOS_NOW", "2026-11-23T09:00:00Z")
        .env_remove("CUSTOS_SOCKET")
        .output()
        .expect("run custos")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = custos(db, args);
    assert!(
        out.status.success(),
        "custos {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn contact_lifecycle_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.redb");
    let org = ok(
        &db,
        &[
            "--create",
            "org",
            "add",
            "--name",
            "Bakkerij Vries",
            "--country",
            "NL",
        ],
    );
    let org = org.trim();
    let id = ok(
        &db,
        &[
            "contact",
            "add",
            "--given",
            "Jan",
            "--family",
            "de Vries",
            "--email",
            "jan@vries.nl",
            "--phone",
            "+31 6 1234 5678",
            "--org",
            org,
            "--tag",
            "customer",
        ],
    );
    let id = id.trim();
    assert_eq!(id, "1");

    let shown = ok(&db, &["contact", "show", id]);
    assert!(shown.contains("Jan de Vries"), "{shown}");
    assert!(shown.contains("Bakkerij Vries"), "{shown}");
    assert!(shown.contains("jan@vries.nl"), "{shown}");

    ok(
        &db,
        &[
            "contact", "edit", id, "--title", "Eigenaar", "--city", "Utrecht",
        ],
    );
    let json = ok(&db, &["contact", "show", id, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["contact"]["job_title"], "Eigenaar");
    assert_eq!(v["contact"]["address"]["city"], "Utrecht");
    assert_eq!(v["contact"]["version"], 2);

    // A stale --expect-version is refused.
    let stale = custos(
        &db,
        &[
            "contact",
            "edit",
            id,
            "--title",
            "X",
            "--expect-version",
            "1",
        ],
    );
    assert!(!stale.status.success());
    assert!(String::from_utf8_lossy(&stale.stderr).contains("changed by someone else"));

    ok(
        &db,
        &[
            "contact",
            "log",
            id,
            "--kind",
            "call",
            "--summary",
            "called about bread",
        ],
    );
    assert!(ok(&db, &["contact", "show", id]).contains("called about bread"));

    let listed = ok(&db, &["contact", "list"]);
    assert_eq!(listed.lines().count(), 1, "no header when piped: {listed}");
    // Spreadsheet-ready by default (a byte-order mark, semicolons), plain
    // for scripts.
    let csv = ok(&db, &["contact", "list", "--format", "csv"]);
    assert!(
        csv.starts_with("\u{feff}id;given_name;family_name;name;emails;phones;"),
        "{csv}"
    );
    let plain = ok(
        &db,
        &[
            "contact",
            "list",
            "--format",
            "csv",
            "--delimiter",
            ",",
            "--bom",
            "false",
        ],
    );
    assert!(
        plain.starts_with("id,given_name,family_name,name,emails,phones,"),
        "{plain}"
    );

    ok(&db, &["contact", "rm", id, "--yes"]);
    assert_eq!(ok(&db, &["contact", "list"]).lines().count(), 0);

    let verify = ok(&db, &["audit", "verify"]);
    assert!(verify.starts_with("OK:"), "{verify}");
    let audit = ok(&db, &["audit", "list"]);
    assert!(audit.contains("delete"), "{audit}");
    assert!(!audit.contains("jan@vries.nl"));
}

#[test]
fn errors_are_one_line_on_stderr_with_a_non_zero_exit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.redb");
    let out = custos(
        &db,
        &[
            "--create",
            "contact",
            "add",
            "--family",
            "Jansen",
            "--email",
            "jansen-at-home",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("custos: emails: is not a valid e-mail address"),
        "{err}"
    );

    let out = custos(&db, &["contact", "show", "77"]);
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "custos: contact #77 not found"
    );

    // Deleting without --yes from a script refuses instead of hanging.
    ok(&db, &["contact", "add", "--family", "Jansen"]);
    let out = custos(&db, &["contact", "rm", "1"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    assert_eq!(ok(&db, &["contact", "list"]).lines().count(), 1);
}

#[test]
fn demo_fills_the_database_and_reports_its_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.redb");
    let out = ok(&db, &["demo", "--contacts", "300"]);
    assert!(out.contains("300 contacts"), "{out}");
    assert!(out.contains(" s"), "prints the time it took: {out}");
    assert_eq!(ok(&db, &["contact", "list"]).lines().count(), 300);
    let some = ok(
        &db,
        &["contact", "list", "--query", "vries", "--limit", "3"],
    );
    assert!(some.lines().count() <= 3);
    assert!(ok(&db, &["audit", "verify"]).starts_with("OK"));
}

#[test]
fn a_database_open_elsewhere_is_reported_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.redb");
    let _held = custos::store::Store::open(&db).unwrap();
    let out = custos(&db, &["--create", "contact", "list"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("in use") && err.contains("custos serve"),
        "{err}"
    );
}

#[test]
fn man_page_is_current() {
    let generated = custos::cli::man_page().unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("man/custos.1");
    if std::env::var_os("CUSTOS_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "man/custos.1 is out of date: run `CUSTOS_BLESS=1 cargo test --test cli man_page` \
         or `cargo run -- man > man/custos.1`"
    );
}

#[test]
fn purposes_and_consent_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.redb");
    let templates = ok(&db, &["--create", "purpose", "templates"]);
    assert!(templates.contains("newsletter"), "{templates}");
    let loaded = ok(
        &db,
        &[
            "purpose",
            "templates",
            "--load",
            "newsletter",
            "--load",
            "invoicing",
        ],
    );
    assert_eq!(loaded.lines().count(), 2, "{loaded}");
    let id = ok(
        &db,
        &[
            "purpose",
            "add",
            "--name",
            "Webinars",
            "--basis",
            "a",
            "--months",
            "6",
            "--from",
            "consent-given",
            "--data-category",
            "name",
            "--data-category",
            "e-mail",
            "--transfer",
            "US — Zoom=scc",
            "--marketing",
            "true",
        ],
    );
    assert_eq!(id.trim(), "3");
    let shown = ok(&db, &["purpose", "show", "webinars"]);
    assert!(shown.contains("6 months after consent given"), "{shown}");
    assert!(shown.contains("standard contractual clauses"), "{shown}");

    let contact = ok(
        &db,
        &["contact", "add", "--family", "Visser", "--email", "v@x.nl"],
    );
    let contact = contact.trim();
    // Consent without proof is refused.
    let out = custos(&db, &["consent", "give", contact, "newsletter"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("evidence"));
    ok(
        &db,
        &[
            "consent",
            "give",
            contact,
            "Newsletter",
            "--channel",
            "web-form",
            "--evidence",
            "Ticked box on form v3",
            "--at",
            "2026-10-01",
        ],
    );
    assert_eq!(
        ok(&db, &["purpose", "audience", "newsletter"])
            .lines()
            .count(),
        1
    );
    ok(
        &db,
        &[
            "consent",
            "withdraw",
            contact,
            "newsletter",
            "--evidence",
            "Phoned us",
        ],
    );
    let history = ok(&db, &["consent", "history", contact, "newsletter"]);
    assert!(history.contains(": withdrawn"), "{history}");
    assert!(history.contains("Ticked box on form v3"));
    assert_eq!(
        ok(&db, &["purpose", "audience", "newsletter"])
            .lines()
            .count(),
        0
    );

    // In use: archive, not delete.
    let out = custos(&db, &["purpose", "rm", "newsletter"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("archive it instead"));
    ok(&db, &["purpose", "archive", "newsletter"]);
    ok(&db, &["purpose", "rm", "webinars"]);
    let list = ok(&db, &["purpose", "list"]);
    assert!(
        list.contains("archived") && !list.contains("Webinars"),
        "{list}"
    );
}

#[test]
fn retention_report_sweep_and_vacuum_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.redb");
    ok(
        &db,
        &[
            "--create",
            "purpose",
            "templates",
            "--load",
            "event-invitations",
        ],
    );
    ok(
        &db,
        &[
            "purpose",
            "edit",
            "Event invitations",
            "--auto-erase",
            "true",
        ],
    );
    let unique = "sweep-me-5521@example.org";
    let id = ok(
        &db,
        &["contact", "add", "--family", "Old", "--email", unique],
    );
    let id = id.trim();
    ok(
        &db,
        &[
            "consent",
            "give",
            id,
            "Event invitations",
            "--channel",
            "paper",
            "--evidence",
            "card",
            "--at",
            "2024-01-01",
        ],
    );
    ok(&db, &["contact", "add", "--family", "Nobasis"]);

    let csv = ok(
        &db,
        &["retention", "report", "--format", "csv", "--delimiter", ","],
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("expired,") && l.contains(unique)),
        "{csv}"
    );
    assert!(csv.lines().any(|l| l.starts_with("no-basis,")), "{csv}");
    let json = ok(
        &db,
        &[
            "retention",
            "report",
            "--format",
            "json",
            "--state",
            "expired",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{v}");
    assert_eq!(v[0]["state"], "expired");

    let dry = ok(&db, &["retention", "sweep", "--dry-run"]);
    assert!(dry.contains("would anonymise 1"), "{dry}");
    let done = ok(&db, &["retention", "sweep"]);
    assert!(
        done.contains("anonymise 1") && done.contains(&format!("#{id}")),
        "{done}"
    );
    assert!(
        ok(&db, &["retention", "sweep"]).contains("nothing due"),
        "idempotent"
    );

    let vacuum = ok(&db, &["vacuum"]);
    assert!(vacuum.starts_with("vacuum:"), "{vacuum}");
    let bytes = std::fs::read(&db).unwrap();
    assert!(
        !bytes.windows(unique.len()).any(|w| w == unique.as_bytes()),
        "the swept e-mail is gone from the file"
    );
    let backup = dir.path().join("backup.redb");
    ok(&db, &["backup", backup.to_str().unwrap()]);
    assert!(backup.exists());
    let again = custos(&db, &["backup", backup.to_str().unwrap()]);
    assert!(!again.status.success(), "a backup never overwrites a file");
    assert!(ok(&db, &["audit", "verify"]).starts_with("OK"));
}

#[test]
fn incidents_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.redb");
    ok(
        &db,
        &[
            "--create",
            "settings",
            "set",
            "controller-email",
            "privacy@firma.nl",
        ],
    );
    ok(&db, &["settings", "set", "controller-name", "Firma BV"]);
    for (family, email, tag) in [
        ("Alfa", "alfa@x.nl", "webshop"),
        ("Bravo", "bravo@x.nl", "webshop"),
        ("Charlie", "charlie@x.nl", "offline"),
    ] {
        ok(
            &db,
            &[
                "contact", "add", "--family", family, "--email", email, "--tag", tag,
            ],
        );
    }
    let id = ok(
        &db,
        &[
            "incident",
            "add",
            "--title",
            "Webshop breach",
            "--aware",
            "2026-11-22T15:00:00Z",
            "--description",
            "Database copied",
            "--nature",
            "confidentiality",
            "--risk",
            "high",
            "--people",
            "2",
        ],
    );
    let id = id.trim();
    let list = ok(&db, &["incident", "list"]);
    assert!(
        list.contains("Webshop breach") && list.contains("2d 06h left"),
        "{list}"
    );
    let preview = ok(
        &db,
        &[
            "incident",
            "notify-list",
            id,
            "--tag",
            "webshop",
            "--preview",
        ],
    );
    assert!(preview.starts_with("2 contact(s) selected"), "{preview}");
    let frozen = ok(&db, &["incident", "notify-list", id, "--tag", "webshop"]);
    assert!(frozen.starts_with("2 added"), "{frozen}");
    assert_eq!(ok(&db, &["incident", "notify-list", id]).lines().count(), 2);

    let letters = dir.path().join("letters");
    let out = ok(
        &db,
        &[
            "incident",
            "export",
            id,
            "--format",
            "eml",
            "-o",
            letters.to_str().unwrap(),
        ],
    );
    assert!(out.starts_with("2 letters"), "{out}");
    let files: Vec<_> = std::fs::read_dir(&letters).unwrap().collect();
    assert_eq!(files.len(), 2);
    let md = dir.path().join("doc.md");
    ok(
        &db,
        &[
            "incident",
            "export",
            id,
            "--format",
            "md",
            "-o",
            md.to_str().unwrap(),
        ],
    );
    assert!(
        std::fs::read_to_string(&md)
            .unwrap()
            .contains("# Personal-data breach #1")
    );

    ok(&db, &["incident", "mark", id, "--all"]);
    ok(
        &db,
        &[
            "incident",
            "edit",
            id,
            "--authority-notified",
            "2026-11-23T08:00:00Z",
            "--authority-reference",
            "AP-77",
        ],
    );
    let shown = ok(&db, &["incident", "show", id]);
    assert!(shown.contains("reference AP-77"), "{shown}");
    assert!(shown.contains("2 notified"), "{shown}");
    assert!(shown.contains("Deadline: reported"), "{shown}");
    ok(
        &db,
        &["incident", "note", id, "Called the hosting provider"],
    );
    assert!(ok(&db, &["incident", "show", id]).contains("Called the hosting provider"));
}

#[test]
fn requests_and_exports_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.redb");
    ok(
        &db,
        &["--create", "purpose", "templates", "--load", "newsletter"],
    );
    let jan = ok(
        &db,
        &[
            "contact",
            "add",
            "--given",
            "Jan",
            "--family",
            "de Vries",
            "--email",
            "jan@vries.nl",
        ],
    );
    let jan = jan.trim();
    // 31 October: due 30 November, not 1 December.
    let id = ok(
        &db,
        &[
            "request",
            "add",
            "--kind",
            "access",
            "--contact",
            jan,
            "--received",
            "2026-10-31",
            "--note",
            "by e-mail",
        ],
    );
    let id = id.trim();
    let listed = ok(&db, &["request", "list"]);
    assert!(
        listed.contains("access")
            && listed.contains("2026-11-30")
            && listed.contains("7 days left"),
        "{listed}"
    );
    // Not before the identity is checked.
    let out = custos(&db, &["request", "done", id, "-o", "x.json"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("verify"));
    ok(
        &db,
        &[
            "request",
            "status",
            id,
            "identity-verified",
            "--note",
            "ID card",
        ],
    );
    // A path that cannot be written fails before the request is closed.
    let nowhere = dir.path().join("no-such-dir").join("jan.json");
    let out = custos(
        &db,
        &["request", "done", id, "-o", nowhere.to_str().unwrap()],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-dir"));
    assert!(ok(&db, &["request", "list"]).contains("identity-verified"));
    let xlsx = dir.path().join("jan.xlsx");
    let done = ok(&db, &["request", "done", id, "-o", xlsx.to_str().unwrap()]);
    assert!(done.contains("personal data exported"), "{done}");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let contact = calamine::Reader::worksheet_range(&mut book, "contact").unwrap();
    assert!(
        contact
            .cells()
            .any(|(_, _, c)| *c == calamine::Data::String("jan@vries.nl".into()))
    );
    let shown = ok(&db, &["request", "show", id, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(json["request"]["status"], "Done");

    // The export without a request, in each format.
    for (name, check) in [
        ("jan.json", "custos.subject-export/1"),
        ("jan.csv", "section;row;field;value"),
    ] {
        let path = dir.path().join(name);
        ok(
            &db,
            &["export", "subject", jan, "-o", path.to_str().unwrap()],
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(check), "{name}: {text}");
        assert!(text.contains("jan@vries.nl"));
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{name} is private");
    }
    let zip = dir.path().join("jan.zip");
    ok(
        &db,
        &[
            "export",
            "subject",
            jan,
            "--format",
            "csv",
            "-o",
            zip.to_str().unwrap(),
        ],
    );
    let archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().to_string())
        .collect();
    assert!(
        names.iter().any(|n| n == "cover.txt") && names.iter().any(|n| n == "consents.csv"),
        "{names:?}"
    );
    // An existing file is never overwritten.
    let again = custos(
        &db,
        &["export", "subject", jan, "-o", zip.to_str().unwrap()],
    );
    assert!(!again.status.success());

    // Unmatched, then linked, then refused with a reason.
    let other = ok(
        &db,
        &[
            "request",
            "add",
            "--kind",
            "erasure",
            "--requester",
            "caller on the phone",
        ],
    );
    let other = other.trim();
    // Carrying out needs the person; closing it unmatched is a status.
    let out = custos(&db, &["request", "done", other, "--delete"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("link it first"));
    let out = custos(&db, &["request", "status", other, "refused"]);
    assert!(!out.status.success());
    ok(
        &db,
        &[
            "request",
            "status",
            other,
            "refused",
            "--reason",
            "could not identify the caller",
        ],
    );
    let all = ok(&db, &["request", "list", "--all"]);
    assert!(all.contains("refused"), "{all}");

    // The Art. 30 register in its three formats.
    for (format, name) in [
        ("md", "ropa.md"),
        ("csv", "ropa.csv"),
        ("xlsx", "ropa.xlsx"),
    ] {
        let path = dir.path().join(name);
        ok(
            &db,
            &[
                "export",
                "ropa",
                "--format",
                format,
                "-o",
                path.to_str().unwrap(),
            ],
        );
        assert!(std::fs::metadata(&path).unwrap().len() > 100, "{name}");
    }
    let md = std::fs::read_to_string(dir.path().join("ropa.md")).unwrap();
    assert!(md.contains("Newsletter"), "{md}");
}

#[test]
fn importing_contacts_from_a_spreadsheet() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.redb");
    let org = ok(&db, &["--create", "org", "add", "--name", "Bakkerij Vries"]);
    ok(
        &db,
        &[
            "contact",
            "add",
            "--given",
            "Jan",
            "--family",
            "de Vries",
            "--email",
            "jan@vries.nl",
        ],
    );
    // A Dutch spreadsheet: semicolons, a byte-order mark, Dutch headers.
    let file = dir.path().join("klanten.csv");
    std::fs::write(
        &file,
        "\u{feff}Voornaam;Achternaam;E-mail;Telefoon;Bedrijf;Tags;Plaats\n\
         Marie;Dubois;marie@dubois.fr;+33 1 23 45 67 89;Bakkerij vries;klant, kerst;Lille\n\
         Jan;de Vries;JAN@vries.nl;;;;\n\
         Piet;Peeters;piet@acme.be;+32 3 555 66 77;Acme NV;;Antwerpen\n\
         Lotte;Jansen;lotte@acme.be;;acme nv;;\n\
         ;;;;;;\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    // Jan is known already: nothing is imported until told what to do.
    let out = custos(&db, &["import", path]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 3: jan@vries.nl is contact #1 already"),
        "{err}"
    );
    assert_eq!(ok(&db, &["contact", "list"]).lines().count(), 1);
    let dry = ok(&db, &["import", path, "--skip-existing", "--dry-run"]);
    assert!(
        dry.contains("would import 3 contacts and 1 new organisation;"),
        "{dry}"
    );
    assert_eq!(ok(&db, &["contact", "list"]).lines().count(), 1);
    let done = ok(&db, &["import", path, "--skip-existing"]);
    assert!(
        done.contains("imported 3 contacts and 1 new organisation "),
        "{done}"
    );
    let list = ok(&db, &["contact", "list", "--format", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&list).unwrap();
    assert_eq!(rows.len(), 4);
    let marie = rows.iter().find(|r| r["name"] == "Marie Dubois").unwrap();
    let shown = ok(
        &db,
        &[
            "contact",
            "show",
            &marie["id"].to_string(),
            "--format",
            "json",
        ],
    );
    let detail: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(
        detail["contact"]["organisation_id"].to_string(),
        org.trim(),
        "linked to the existing organisation by name"
    );
    assert_eq!(
        detail["contact"]["tags"],
        serde_json::json!(["klant", "kerst"])
    );
    assert_eq!(detail["contact"]["address"]["city"], "Lille");
    // Piet and Lotte share the one new organisation.
    let orgs = ok(&db, &["org", "list", "--format", "json"]);
    let orgs: Vec<serde_json::Value> = serde_json::from_str(&orgs).unwrap();
    assert_eq!(orgs.len(), 2, "{orgs:?}");

    // A bad row names its line, and nothing of the file is written.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "name,email\nEva Visser,eva@visser.nl\nKees Bos,not-an-address\n",
    )
    .unwrap();
    let out = custos(&db, &["import", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3: emails"), "{err}");
    assert_eq!(ok(&db, &["contact", "list"]).lines().count(), 4);
    // Unknown columns are refused unless left out on purpose.
    let odd = dir.path().join("odd.csv");
    std::fs::write(&odd, "name,shoe size\nEva Visser,41\n").unwrap();
    let out = custos(&db, &["import", odd.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown column shoe size"));
    ok(&db, &["import", odd.to_str().unwrap(), "--ignore-unknown"]);
    assert_eq!(ok(&db, &["contact", "list"]).lines().count(), 5);
    // Text that is not UTF-8 (a Latin-1 export) is named, not garbled.
    let latin1 = dir.path().join("latin1.csv");
    std::fs::write(&latin1, b"name,email\nJos\xe9 Garc\xeda,jose@example.es\n").unwrap();
    let out = custos(&db, &["import", latin1.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2 is not UTF-8"));
}

/// The binary as a user runs it: the real clock (no `CUSTOS_NOW`), the
/// Amsterdam zone. A whole day's work ends in an intact audit trail.
fn real(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_custos"))
        .args(args)
        .env("CUSTOS_DB", db)
        .env("TZ", "Europe/Amsterdam")
        .env_remove("CUSTOS_NOW")
        .env_remove("CUSTOS_SOCKET")
        .output()
        .expect("run custos");
    assert!(
        out.status.success(),
        "custos {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_day_on_the_real_clock_ends_in_an_intact_audit_trail() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("real.redb");
    real(&db, &["demo", "--contacts", "60"]);
    let id = real(
        &db,
        &[
            "contact",
            "add",
            "--given",
            "Anaïs",
            "--family",
            "Müller-IJsselmeer",
            "--email",
            "anais@example.be",
            "--phone",
            "0470 12 34 56",
        ],
    );
    let id = id.trim();
    // A Belgian mobile number typed nationally under the default (Dutch)
    // phone region is no Dutch number: it is stored as the Belgian one.
    let shown = real(&db, &["contact", "show", id]);
    assert!(shown.contains("+32 470 12 34 56"), "{shown}");
    real(
        &db,
        &[
            "contact",
            "log",
            id,
            "--kind",
            "call",
            "--summary",
            "Offerte besproken",
        ],
    );
    real(
        &db,
        &[
            "consent",
            "give",
            id,
            "1",
            "--channel",
            "web-form",
            "--evidence",
            "Vinkje op het formulier",
        ],
    );
    real(
        &db,
        &["request", "add", "--kind", "access", "--contact", id],
    );
    real(
        &db,
        &["retention", "hold", id, "--reason", "geschil over factuur"],
    );
    real(&db, &["vacuum"]);
    let verdict = real(&db, &["audit", "verify"]);
    assert!(verdict.starts_with("OK: "), "{verdict}");
}

#[test]
fn implausible_dates_are_refused_naming_the_field_and_the_range() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.redb");
    ok(&db, &["demo", "--contacts", "20"]);
    let refused = |args: &[&str], field: &str, range: &str| {
        let out = custos(&db, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} was accepted");
        assert!(
            err.contains(field) && err.contains(range),
            "{args:?}: {err}"
        );
    };
    refused(
        &[
            "retention",
            "schedule",
            "3",
            "--on",
            "1900-01-01",
            "--reason",
            "x",
        ],
        "due",
        "after now",
    );
    refused(
        &[
            "consent",
            "give",
            "3",
            "1",
            "--evidence",
            "form",
            "--at",
            "0000-01-01",
        ],
        "at",
        "1970-01-01 to now",
    );
    refused(
        &[
            "contact",
            "log",
            "3",
            "--summary",
            "call",
            "--at",
            "0000-01-01",
        ],
        "at",
        "1970-01-01 to now",
    );
    refused(
        &[
            "request",
            "add",
            "--kind",
            "access",
            "--contact",
            "3",
            "--received",
            "0000-01-01",
        ],
        "received_on",
        "2018-05-25 to today",
    );
    refused(
        &[
            "incident",
            "add",
            "--title",
            "Lost laptop",
            "--aware",
            "0000-01-01",
            "--nature",
            "confidentiality",
        ],
        "aware_at",
        "2018-05-25 to now",
    );
    refused(
        &["retention", "report", "--as-of", "0000-01-01"],
        "as_of",
        "1970-01-01 to",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_custos"))
        .args(["contact", "list"])
        .env("CUSTOS_DB", &db)
        .env("CUSTOS_NOW", "0000-01-01")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(
            "CUSTOS_NOW: 0000-01-01 is outside the accepted range, 1970-01-01 to 2199-12-31"
        ),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Nothing was written by any of them: the trail still verifies and
    // holds no new entry beyond the demo's.
    let verdict = ok(&db, &["audit", "verify"]);
    assert!(verdict.starts_with("OK"), "{verdict}");
}

/// Files and directories that hold or name personal data are owner-only,
/// even for a user whose umask is 000.
#[test]
fn what_custos_writes_is_owner_only_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new/dir/u.redb");
    let run = |args: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_custos"));
        cmd.args(args)
            .env("CUSTOS_DB", &db)
            .env("CUSTOS_NOW", "2026-11-23T09:00:00Z")
            .env_remove("CUSTOS_SOCKET");
        // SAFETY: umask is async-signal-safe and touches nothing else.
        unsafe {
            cmd.pre_exec(|| {
                libc::umask(0);
                Ok(())
            });
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&["demo", "--contacts", "60"]);
    run(&[
        "settings",
        "set",
        "controller-email",
        "privacy@bakkerij.example",
    ]);
    let letters = dir.path().join("letters");
    let subject = dir.path().join("subject.json");
    let backup = dir.path().join("backup.redb");
    let list = dir.path().join("list.csv");
    run(&[
        "incident",
        "export",
        "2",
        "--format",
        "eml",
        "-o",
        letters.to_str().unwrap(),
    ]);
    run(&[
        "incident",
        "export",
        "2",
        "--format",
        "csv",
        "-o",
        list.to_str().unwrap(),
    ]);
    run(&["export", "subject", "3", "-o", subject.to_str().unwrap()]);
    run(&["backup", backup.to_str().unwrap()]);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&letters), 0o700, "letters directory");
    let mut n = 0;
    for letter in std::fs::read_dir(&letters).unwrap() {
        assert_eq!(mode(&letter.unwrap().path()), 0o600);
        n += 1;
    }
    assert!(n > 0, "no letters written");
    for file in [&db, &subject, &backup, &list] {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }
    assert_eq!(mode(db.parent().unwrap()), 0o700, "database directory");
    // An existing directory others can list is refused for letters.
    let open = dir.path().join("open");
    std::fs::create_dir(&open).unwrap();
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = custos(
        &db,
        &[
            "--create",
            "incident",
            "export",
            "2",
            "--format",
            "eml",
            "-o",
            open.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("can be listed by other users"));
}

#[test]
fn an_import_dry_run_checks_every_row_as_the_import_would() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("i.redb");
    ok(
        &db,
        &[
            "--create",
            "contact",
            "add",
            "--family",
            "Bestaand",
            "--phone",
            "+31 6 1234 5678",
        ],
    );
    let file = dir.path().join("in.csv");
    let long = "x".repeat(250);
    std::fs::write(
        &file,
        format!(
            "given name;family name;email;phone\n\
             Eva;Visser;eva@visser.nl;\n\
             Kees;{long};kees@bos.nl;\n\
             Bert;Bos;bad@@x;\n\
             Nina;Nationaal;nina@x.nl;06 12345678\n"
        ),
    )
    .unwrap();
    let out = custos(&db, &["import", file.to_str().unwrap(), "--dry-run"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("line 3: family_name"), "{err}");
    assert!(err.contains("line 4: emails"), "{err}");
    // Every bad row, not only the first; nothing written.
    assert!(err.contains("2 problems"), "{err}");
    assert_eq!(ok(&db, &["contact", "list"]).lines().count(), 1);
    // A number written nationally is the number already known.
    std::fs::write(
        &file,
        "given name;family name;email;phone\nEva;Visser;eva@visser.nl;\nNina;Nationaal;nina@x.nl;06 12345678\n",
    )
    .unwrap();
    let out = custos(&db, &["import", file.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("line 3: 06 12345678 is contact #1 already"),
        "{err}"
    );
    let done = ok(&db, &["import", file.to_str().unwrap(), "--skip-existing"]);
    assert!(done.contains("imported 1 contact"), "{done}");
}

/// `| head` on every listing and show command in every format: the output
/// ends quietly (exit 0, nothing on stderr), never a panic.
#[test]
fn every_output_format_ends_quietly_into_head() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.redb");
    ok(&db, &["demo", "--contacts", "400"]);
    let commands: &[&[&str]] = &[
        &["contact", "list"],
        &["contact", "show", "3"],
        &["org", "list"],
        &["purpose", "list"],
        &["purpose", "show", "1"],
        &["purpose", "audience", "1"],
        &["consent", "history", "3", "1"],
        &["retention", "report"],
        &["incident", "list"],
        &["incident", "show", "2"],
        &["request", "list", "--all"],
        &["request", "show", "1"],
        &["audit", "list", "--limit", "1000"],
        &["user", "list"],
        &["settings", "show"],
    ];
    for command in commands {
        for format in ["table", "csv", "json"] {
            let mut child = Command::new(env!("CARGO_BIN_EXE_custos"))
                .args(*command)
                .args(["--format", format])
                .env("CUSTOS_DB", &db)
                .env("CUSTOS_NOW", "2026-11-23T09:00:00Z")
                .env("TZ", "Europe/Amsterdam")
                .env_remove("CUSTOS_SOCKET")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            // Read the first bytes, as `head -c 10` does, and go away.
            let mut first = [0u8; 10];
            let _ = child.stdout.take().unwrap().read(&mut first);
            let out = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.code() == Some(0) && err.is_empty(),
                "{command:?} --format {format}: {:?} {err}",
                out.status
            );
        }
    }
}

#[test]
fn each_failure_has_its_documented_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.redb");
    ok(&db, &["demo", "--contacts", "20"]);
    let code = |args: &[&str]| custos(&db, args).status.code();
    assert_eq!(code(&["contact", "list"]), Some(0));
    assert_eq!(
        code(&["contact", "list", "--sort", "shoe-size"]),
        Some(2),
        "usage"
    );
    assert_eq!(
        code(&["contact", "add", "--family", "X", "--email", "bad@@x"]),
        Some(2),
        "invalid input"
    );
    assert_eq!(code(&["no-such-command"]), Some(2), "usage (clap)");
    assert_eq!(code(&["contact", "show", "999"]), Some(3), "not found");
    let stale = custos(
        &db,
        &[
            "contact",
            "edit",
            "3",
            "--title",
            "x",
            "--expect-version",
            "99",
        ],
    );
    assert_eq!(stale.status.code(), Some(5), "conflict");
    // A typo in --db: refused, nothing created, and told how to create one.
    let typo = dir.path().join("typo/custos.redb");
    let out = custos(&typo, &["contact", "list"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--create"));
    assert!(!typo.exists() && !dir.path().join("typo").exists());
    // In use by another process.
    let held = custos::store::Store::open(&db).unwrap();
    assert_eq!(code(&["contact", "list"]), Some(6), "database in use");
    drop(held);
    // No terminal for the interface: a clear message, not an OS error.
    let out = custos(&db, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "custos: custos needs a terminal; use a subcommand (custos --help)"
    );
    // The help and the man page list every status.
    let help = String::from_utf8_lossy(&custos(&db, &["--help"]).stdout).into_owned();
    let man =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/man/custos.1")).unwrap();
    for (status, _) in custos::cli::EXIT_STATUSES {
        assert!(
            help.contains(&format!("{status} ")),
            "--help lacks {status}"
        );
        assert!(
            man.contains(&format!("\\fB{status}\\fR")),
            "man page lacks {status}"
        );
    }
}

/// A contact named like a formula cannot run in a spreadsheet, and what
/// `contact list --format csv` writes, `import` reads back field for field.
#[test]
fn csv_is_safe_in_a_spreadsheet_and_round_trips_through_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.redb");
    ok(
        &db,
        &[
            "--create",
            "contact",
            "add",
            "--given",
            "=HYPERLINK(\"http://evil.test\",\"x\")",
            "--family",
            "Müller-IJsselmeer",
            "--email",
            "anais@example.be",
            "--phone",
            "06 12345678",
            "--phone",
            "+32 470 12 34 56",
            "--title",
            "Inkoper",
            "--street",
            "Markt 1",
            "--postal-code",
            "3511 AA",
            "--city",
            "Liège",
            "--country",
            "BE",
            "--tag",
            "vip",
            "--tag",
            "klant",
            "--notes=-5% korting",
            "--language",
            "nl",
        ],
    );
    let csv = ok(&db, &["contact", "list", "--format", "csv"]);
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"x\"\")\""),
        "{csv}"
    );
    assert!(csv.contains("'+31 6 12345678"), "{csv}");
    assert!(csv.contains("'-5% korting"), "{csv}");
    // The other CSV files custos writes carry the same guard: the
    // notification list of a breach and the flat subject export.
    let incident = ok(
        &db,
        &[
            "incident",
            "add",
            "--title",
            "Webshop breach",
            "--aware",
            "2026-11-22T15:00:00Z",
            "--description",
            "Database copied",
            "--nature",
            "confidentiality",
            "--risk",
            "high",
            "--people",
            "1",
        ],
    );
    let incident = incident.trim();
    ok(&db, &["incident", "notify-list", incident, "--tag", "vip"]);
    let list = dir.path().join("notify.csv");
    ok(
        &db,
        &[
            "incident",
            "export",
            incident,
            "--format",
            "csv",
            "-o",
            list.to_str().unwrap(),
        ],
    );
    let flat = dir.path().join("subject.csv");
    ok(
        &db,
        &[
            "export",
            "subject",
            "1",
            "--flat",
            "-o",
            flat.to_str().unwrap(),
        ],
    );
    for file in [&list, &flat] {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(text.contains("'=HYPERLINK("), "{}: {text}", file.display());
        assert!(
            !text.contains(";=HYPERLINK(")
                && !text.contains("\"=HYPERLINK(")
                && !text.contains("\n=HYPERLINK("),
            "{}: an unguarded formula: {text}",
            file.display()
        );
    }
    let file = dir.path().join("out.csv");
    std::fs::write(&file, &csv).unwrap();
    let other = dir.path().join("b.redb");
    ok(&other, &["--create", "import", file.to_str().unwrap()]);
    let field_set = |db: &Path| -> serde_json::Value {
        let json = ok(db, &["contact", "list", "--format", "json"]);
        let mut rows: serde_json::Value = serde_json::from_str(&json).unwrap();
        for row in rows.as_array_mut().unwrap() {
            let row = row.as_object_mut().unwrap();
            row.remove("id");
            row.remove("created");
            row.remove("owner");
        }
        rows
    };
    assert_eq!(field_set(&db), field_set(&other));
    let again = field_set(&other);
    assert_eq!(
        again[0]["given_name"],
        "=HYPERLINK(\"http://evil.test\",\"x\")"
    );
    assert_eq!(
        again[0]["phones"],
        serde_json::json!(["+31 6 12345678", "+32 470 12 34 56"])
    );
}

/// Times typed on the command line are wall-clock times in the company's
/// zone, in winter and summer, in Amsterdam and in Brussels.
#[test]
fn typed_times_are_read_and_shown_in_the_company_zone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.redb");
    ok(
        &db,
        &[
            "--create",
            "settings",
            "set",
            "controller-email",
            "privacy@firma.nl",
        ],
    );
    for zone in ["Europe/Amsterdam", "Europe/Brussels"] {
        ok(&db, &["settings", "set", "time-zone", zone]);
        for (typed, utc, shown) in [
            (
                "2026-11-20 09:00",
                "2026-11-20T08:00:00Z",
                "2026-11-20 09:00",
            ),
            (
                "20-11-2026 09:00",
                "2026-11-20T08:00:00Z",
                "2026-11-20 09:00",
            ),
            (
                "2026-07-01 09:00",
                "2026-07-01T07:00:00Z",
                "2026-07-01 09:00",
            ),
        ] {
            let id = ok(
                &db,
                &[
                    "incident",
                    "add",
                    "--title",
                    "Lek",
                    "--nature",
                    "confidentiality",
                    "--aware",
                    typed,
                ],
            );
            let id = id.trim();
            let json = ok(&db, &["incident", "show", id, "--format", "json"]);
            let v: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(v["incident"]["aware_at"], utc, "{zone}: {typed}");
            let list = ok(&db, &["incident", "list"]);
            assert!(list.contains(shown), "{zone}: {list}");
        }
    }
    // The deadline of a breach found on a Friday before the clocks went
    // back: 72 hours, shown on the wall clock after the change.
    let id = ok(
        &db,
        &[
            "incident",
            "add",
            "--title",
            "Herfst",
            "--nature",
            "integrity",
            "--aware",
            "2026-10-23 12:00",
        ],
    );
    let shown = ok(&db, &["incident", "show", id.trim()]);
    assert!(shown.contains("2026-10-26 11:00 CET"), "{shown}");
    // How a typed time was read is said on stderr, in the zone and in UTC
    // (stdout keeps only the id, for scripts).
    let out = custos(
        &db,
        &[
            "incident",
            "add",
            "--title",
            "Winter",
            "--nature",
            "integrity",
            "--aware",
            "20-11-2026 09:00",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("--aware \"20-11-2026 09:00\" read as Fri 20 Nov 2026 09:00 CET (08:00 UTC)"),
        "{said}"
    );
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse::<u64>()
            .is_ok()
    );
    // A time the clocks skip is refused with what to write instead.
    let out = custos(
        &db,
        &[
            "incident",
            "add",
            "--title",
            "X",
            "--nature",
            "integrity",
            "--aware",
            "2026-03-29 02:30",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
}

#[test]
fn completions_are_current() {
    use clap_complete::Shell;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let bless = std::env::var_os("CUSTOS_BLESS").is_some();
    for (shell, file) in [
        (Shell::Bash, "custos.bash"),
        (Shell::Zsh, "_custos"),
        (Shell::Fish, "custos.fish"),
    ] {
        let generated = custos::cli::completions(shell);
        let path = dir.join(file);
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "completions/{file} is out of date: run `CUSTOS_BLESS=1 cargo test --test cli completions`"
        );
    }
    // And the command prints the same script.
    let out = Command::new(env!("CARGO_BIN_EXE_custos"))
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        custos::cli::completions(Shell::Bash)
    );
}

/// Every argument of every subcommand says what it is for: `custos X
/// --help` never shows a bare `<ID>` or `-o`.
#[test]
fn every_argument_has_help_text() {
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            let builtin = matches!(arg.get_id().as_str(), "help" | "version");
            if !builtin && !arg.is_hide_set() && arg.get_help().is_none() {
                missing.push(format!("{path} {}", arg.get_id()));
            }
        }
        for sub in cmd.get_subcommands() {
            if sub.get_about().is_none() && !sub.is_hide_set() {
                missing.push(format!("{path} {} (no about)", sub.get_name()));
            }
            walk(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
    let mut missing = Vec::new();
    walk(&custos::cli::Cli::command(), "custos", &mut missing);
    assert!(missing.is_empty(), "arguments without help: {missing:#?}");
}

/// `--version` names the schema and protocol this build reads and speaks.
#[test]
fn the_long_version_names_schema_and_protocol() {
    let expected = format!(
        "database schema {}\ndaemon protocol {}",
        custos::store::SCHEMA_VERSION,
        custos::net::PROTOCOL_VERSION
    );
    assert!(
        custos::cli::LONG_VERSION.ends_with(&expected),
        "update cli::LONG_VERSION to say:\n{expected}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_custos"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains(&expected));
}

/// Every `CUSTOS_*` variable the code reads is documented in the man
/// page's ENVIRONMENT (and so in `--help`).
#[test]
fn every_environment_variable_read_is_documented() {
    fn scan(dir: &Path, found: &mut std::collections::BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                scan(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for (i, _) in text.match_indices("\"CUSTOS_") {
                    let name: String = text[i + 1..]
                        .chars()
                        .take_while(|c| c.is_ascii_uppercase() || *c == '_')
                        .collect();
                    found.insert(name);
                }
            }
        }
    }
    let mut found = std::collections::BTreeSet::new();
    scan(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
    );
    assert!(found.contains("CUSTOS_LETTERS"), "{found:?}");
    let documented: Vec<&str> = custos::cli::ENVIRONMENT.iter().map(|(n, _)| *n).collect();
    let undocumented: Vec<_> = found
        .iter()
        .filter(|n| !documented.contains(&n.as_str()))
        .collect();
    assert!(
        undocumented.is_empty(),
        "document in cli::ENVIRONMENT: {undocumented:?}"
    );
    let page = custos::cli::man_page().unwrap();
    for section in [
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH EXAMPLES",
        ".SH \"EXIT STATUS\"",
    ] {
        assert!(page.contains(section), "man page lacks {section}");
    }
    for sub in custos::cli::Cli::command().get_subcommands() {
        let reference = format!("custos\\-{}(1)", sub.get_name());
        assert!(
            !page.contains(&reference),
            "the man page refers to {reference}, which does not exist"
        );
    }
}

/// `purpose edit` changing a retention rule: the command itself re-derives
/// every contact's retention (no daemon runs it in the background) before
/// it exits, so the next report is right without waiting; quietly when
/// stderr is not a terminal.
#[test]
fn a_purpose_edit_leaves_no_rederivation_behind() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.redb");
    ok(&db, &["demo", "--contacts", "2500"]);
    let expired = |report: &str| -> u64 {
        let first = report.lines().next().unwrap_or_default();
        first
            .split(", ")
            .find_map(|part| {
                part.rsplit_once("expired ")
                    .and_then(|(_, n)| n.parse().ok())
            })
            .unwrap_or_else(|| panic!("no expired count in {first:?}"))
    };
    let before = expired(&ok(&db, &["retention", "report"]));
    let out = custos(&db, &["purpose", "edit", "1", "--months", "1"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    {
        let store = custos::store::Store::open(&db).unwrap();
        let service = custos::service::Service::open(store).unwrap();
        let now = chrono::Utc::now();
        let admin = custos::service::Actor::new("root", custos::model::Role::Admin);
        let left = service
            .ask(
                &admin,
                now,
                custos::service::calls::RetentionUpdate { work: false },
            )
            .unwrap();
        assert_eq!(left.left, None, "the command finished the re-derivation");
        service.close(std::time::Duration::from_secs(3));
    }
    let after = expired(&ok(&db, &["retention", "report"]));
    assert!(after > before, "{before} expired before, {after} after");
}
