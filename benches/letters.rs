//! Breach letters from templates of growing size: the time per letter must
//! grow with the template, not with its square. Run: `cargo bench --bench
//! letters`. Prints each size's time and its ratio to the 1 MB time (about
//! the size ratio when linear; custos 0.1 took 1.6 s at 2 MB, 8.4 s at 4 MB).

use std::time::Instant;

use chrono::{TimeZone, Utc};
use custos::model::eml::breach_message;
use custos::model::{Incident, IncidentDraft, NotificationChannel, NotificationEntry, Settings};

fn main() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let settings = Settings {
        controller_name: "Bakkerij de Vries BV".into(),
        controller_email: "privacy@bakkerij.example".into(),
        ..Settings::default()
    };
    let incident = Incident::from_draft(1, IncidentDraft::new("Lost laptop", now), "bench", now);
    let entry = NotificationEntry {
        incident_id: 1,
        contact_id: 7,
        name: "Anaïs Müller".into(),
        channel: NotificationChannel::Email,
        destination: "anais@example.be".into(),
        language: "nl".into(),
        anonymised: false,
        notified_at: None,
        notified_by: None,
    };
    let line = "Beste {{name}}, op {{aware_date}} ontdekten wij een datalek bij café Müller.\n";
    println!("breach letter per person, by template size (release build)");
    println!("{:>8} {:>12} {:>10}", "template", "time", "vs 1 MB");
    let mut base = None;
    for mb in [1usize, 2, 4, 8] {
        let template = format!(
            "Subject: Datalek\n\n{}",
            line.repeat(mb * 1024 * 1024 / line.len())
        );
        let started = Instant::now();
        let eml = breach_message(&settings, &incident, &entry, &template, now).expect("letter");
        let took = started.elapsed().as_secs_f64();
        let base = *base.get_or_insert(took);
        println!(
            "{:>6} MB {:>10.1} ms {:>9.1}x   ({} bytes)",
            mb,
            took * 1000.0,
            took / base,
            eml.len()
        );
    }
}
