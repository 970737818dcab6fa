use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use super::Result;
use crate::backend::{Api, Backend};
use crate::cli::DemoArgs;
use crate::clock::Clock;
use crate::demo::{Demo, DemoPurpose};
use crate::service::api::ImportBatch;

/// Contacts per transaction: big enough to be fast, small enough that the
/// progress bar moves and a daemon never holds one huge frame.
const BATCH: usize = 5_000;

pub fn run(backend: &dyn Backend, clock: Clock, args: &DemoArgs) -> Result<()> {
    let started = Instant::now();
    let me = backend.whoami()?;
    let now = clock.now();
    let total = args.contacts as usize;
    let mut demo = Demo::new(
        args.seed,
        now,
        vec![
            me.user.clone(),
            "sales.anna".to_string(),
            "sales.pieter".to_string(),
        ],
    );

    // Purposes to record consent for: the templates, loaded once.
    if backend.purposes()?.is_empty() {
        let keys = backend
            .purpose_templates()?
            .into_iter()
            .map(|t| t.key)
            .collect();
        if let Err(e) = backend.load_templates(keys) {
            eprintln!("custos: no purposes loaded ({e}); contacts get no consent history");
        }
    }
    let purposes: Vec<DemoPurpose> = backend
        .purposes()?
        .into_iter()
        .filter(|o| o.purpose.is_active() && o.purpose.special_categories.is_empty())
        .map(|o| DemoPurpose {
            id: o.purpose.id,
            basis: o.purpose.legal_basis,
            marketing: o.purpose.marketing,
        })
        .collect();

    let organisations = (total / 8).clamp(5, 20_000);
    let report = backend.import(ImportBatch {
        organisations: demo.organisations(organisations),
        contacts: Vec::new(),
    })?;
    demo.set_organisation_ids(&report.organisation_ids);

    let bar = ProgressBar::new(total as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} contacts  {elapsed_precise}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let (mut contacts, mut interactions, mut consents) = (0, 0, 0);
    while contacts < total {
        let n = BATCH.min(total - contacts);
        let batch = ImportBatch {
            organisations: Vec::new(),
            contacts: demo.contacts(n, &purposes),
        };
        let report = backend.import(batch)?;
        contacts += report.contacts;
        interactions += report.interactions;
        consents += report.consents;
        bar.inc(n as u64);
    }
    bar.finish_and_clear();
    println!(
        "demo data: {contacts} contacts, {organisations} organisations, {interactions} \
         interactions, {consents} consent events in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
