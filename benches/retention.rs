//! The import of generated contacts, and the retention report and sweep
//! over 100 000 and 1 000 000 of them. Run: `cargo bench --bench retention`
//! (add `-- 100000` for one size). Prints the time of each step, and the
//! report by the retention index beside a full recomputation (the way it
//! was made before the index) in the same run.

use std::time::Instant;

use chrono::{TimeZone, Utc};
use custos::backend::Local;
use custos::clock::Clock;
use custos::demo::Demo;
use custos::model::Role;
use custos::service::api::ImportBatch;
use custos::service::calls::*;
use custos::service::{Actor, Service};
use custos::store::Store;

fn main() {
    let sizes: Vec<usize> = match std::env::args().skip(1).find_map(|a| a.parse().ok()) {
        Some(n) => vec![n],
        None => vec![100_000, 1_000_000],
    };
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let admin = Actor::new("bench", Role::Admin);
    println!("retention report and sweep (release build, 2 cores)");
    println!(
        "{:>10} {:>10} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12} {:>10}",
        "contacts",
        "consents",
        "import/s",
        "index",
        "report",
        "full scan",
        "dry run",
        "sweep",
        "erased"
    );
    for n in sizes {
        let dir = tempfile::tempdir().expect("tempdir");
        let service = std::sync::Arc::new(
            Service::open(Store::open(&dir.path().join("b.redb")).expect("store"))
                .expect("service"),
        );
        let call = |batch| import(&service, &admin, now, batch);
        let local = Local::new(service.clone(), admin.clone(), Clock::Fixed(now));
        let purposes = custos::demo::purposes(&local).expect("purposes");
        let mut demo = Demo::new(7, now, vec!["bench".into()]);
        let orgs = demo.organisations((n / 8).min(20_000));
        let ids = call(ImportBatch {
            organisations: orgs,
            contacts: vec![],
            ..Default::default()
        })
        .organisation_ids;
        demo.set_organisation_ids(&ids);
        let mut consents = 0;
        let mut done = 0;
        let imported = Instant::now();
        while done < n {
            let k = 20_000.min(n - done);
            consents += call(ImportBatch {
                organisations: vec![],
                contacts: demo.contacts(k, &purposes),
                ..Default::default()
            })
            .consents;
            done += k;
        }

        let import_rate = n as f64 / imported.elapsed().as_secs_f64();
        // The index of a file from before it existed: derived once.
        service
            .store()
            .write(|tx| tx.set_meta("retention.index", 0))
            .expect("reset");
        let report = || {
            service
                .ask(
                    &admin,
                    now,
                    GetRetentionReport {
                        as_of: None,
                        state: None,
                        offset: 0,
                        limit: 50,
                    },
                )
                .expect("report")
        };
        let t = Instant::now();
        report();
        let derive = t.elapsed();
        let t = Instant::now();
        let first = report();
        let indexed = t.elapsed();
        let t = Instant::now();
        let scanned = service
            .retention_report_recomputed(now, None, 0, 50)
            .expect("recomputed");
        let full = t.elapsed();
        assert_eq!(first, scanned, "the index and the full assessment disagree");
        let t = Instant::now();
        let sweep = |dry_run| {
            service
                .ask(
                    &admin,
                    now,
                    Sweep {
                        as_of: None,
                        dry_run,
                    },
                )
                .expect("sweep")
        };
        sweep(true);
        let dry = t.elapsed();
        let t = Instant::now();
        let swept = sweep(false);
        let erased = swept.anonymised.len() + swept.deleted.len();
        let sweep = t.elapsed();
        let counts: Vec<String> = first
            .counts
            .iter()
            .map(|(k, c)| format!("{} {c}", k.key()))
            .collect();
        eprintln!("  {n}: {}", counts.join(", "));
        println!(
            "{n:>10} {consents:>10} {import_rate:>12.0} {:>10.2} s {:>9.1} ms {:>10.2} s {:>10.2} s {:>10.2} s {erased:>10}",
            derive.as_secs_f64(),
            indexed.as_secs_f64() * 1e3,
            full.as_secs_f64(),
            dry.as_secs_f64(),
            sweep.as_secs_f64()
        );
        println!(
            "{:>10} full scan / index for one report page: {:.0}x",
            "",
            full.as_secs_f64() / indexed.as_secs_f64()
        );
    }
}

/// Imports `batch` as the admin.
fn import(
    service: &Service,
    admin: &Actor,
    now: custos::model::Timestamp,
    batch: ImportBatch,
) -> custos::service::api::ImportReport {
    service.ask(admin, now, Import { batch }).expect("import")
}
