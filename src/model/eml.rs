//! RFC 5322 messages, one per person, built with lettre (which encodes
//! non-ASCII names and subjects and folds long headers correctly).

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use lettre::Message;
use lettre::message::Mailbox;
use lettre::message::header::ContentType;

use crate::model::letters::render;
use crate::model::{Incident, NotificationEntry, Settings, Timestamp};

/// The values a breach letter is filled with.
pub fn breach_values<'a>(
    settings: &Settings,
    incident: &Incident,
    entry: &NotificationEntry,
) -> BTreeMap<&'a str, String> {
    let controller = if settings.controller_name.is_empty() {
        "our organisation".to_string()
    } else {
        settings.controller_name.clone()
    };
    let contact_point = [
        &incident.contact_point,
        &settings.dpo_contact,
        &settings.controller_email,
    ]
    .into_iter()
    .find(|c| !c.trim().is_empty())
    .cloned()
    .unwrap_or_default();
    let mut values = BTreeMap::new();
    values.insert("name", entry.name.clone());
    values.insert("controller", controller);
    values.insert("what_happened", incident.description.clone());
    values.insert(
        "aware_date",
        // The date in the company's zone: what the person would call it.
        crate::clock::zone(&settings.time_zone).date(incident.aware_at),
    );
    values.insert("consequences", incident.consequences.clone());
    values.insert("measures", incident.measures.clone());
    values.insert("contact_point", contact_point);
    values
}

/// One letter to `entry`'s e-mail address.
pub fn breach_message(
    settings: &Settings,
    incident: &Incident,
    entry: &NotificationEntry,
    template: &str,
    now: Timestamp,
) -> Result<Vec<u8>, String> {
    if settings.controller_email.trim().is_empty() {
        return Err(
            "set the sender first: custos settings set controller-email privacy@yourcompany.eu"
                .into(),
        );
    }
    let from: Mailbox = format!(
        "{} <{}>",
        quote(&settings.controller_name),
        settings.controller_email.trim()
    )
    .parse()
    .or_else(|_| settings.controller_email.trim().parse())
    .map_err(|e| format!("controller e-mail: {e}"))?;
    let address = entry
        .destination
        .parse()
        .map_err(|e| format!("contact #{}: e-mail address: {e}", entry.contact_id))?;
    let to = Mailbox::new(Some(entry.name.clone()), address);
    let letter = render(template, &breach_values(settings, incident, entry))?;
    let date = SystemTime::UNIX_EPOCH + Duration::from_secs(now.timestamp().max(0) as u64);
    let domain = settings
        .controller_email
        .rsplit_once('@')
        .map_or("custos.local", |(_, d)| d.trim());
    Message::builder()
        .from(from)
        .to(to)
        .subject(letter.subject)
        .date(date)
        .message_id(Some(format!(
            "<incident-{}-contact-{}@{domain}>",
            incident.id, entry.contact_id
        )))
        .header(ContentType::TEXT_PLAIN)
        .body(crlf(&letter.body))
        .map(|m| m.formatted())
        .map_err(|e| format!("contact #{}: {e}", entry.contact_id))
}

/// The body with CRLF line endings, as mail wants them. Done here in one
/// pass: lettre 0.11 would insert each missing CR into the string one at a
/// time, which is quadratic in the length of the letter (a 4 MB template
/// took over five seconds per person).
fn crlf(body: &str) -> String {
    let mut out = String::with_capacity(body.len() + body.len() / 32);
    let mut previous = '\0';
    for c in body.chars() {
        if c == '\n' && previous != '\r' {
            out.push('\r');
        }
        out.push(c);
        previous = c;
    }
    out
}

/// A display name safe inside a mailbox string.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace(['"', '\\'], ""))
}

/// The file name of a person's letter: `0042-jan-de-vries.eml`.
pub fn file_name(entry: &NotificationEntry) -> String {
    let slug = crate::model::fold_ascii(&entry.name)
        .split('.')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!("{:06}-{}.eml", entry.contact_id, slug)
}

#[cfg(test)]
mod crlf_tests {
    use super::crlf;

    #[test]
    fn every_line_ends_in_crlf_once() {
        assert_eq!(crlf("a\nb\r\nc\n"), "a\r\nb\r\nc\r\n");
        assert_eq!(crlf("\nx"), "\r\nx");
        assert_eq!(crlf("café\nMüller"), "café\r\nMüller");
    }
}
