//! Realistic, varied demo data: Dutch, Belgian and other European people and
//! organisations with histories. Deterministic for a given seed, and pure:
//! `now` is a parameter and nothing is written here; the `demo` command sends
//! the batches through the Service like any import.

use std::collections::HashSet;

use chrono::Duration;
use rand::prelude::*;

use crate::model::fold_ascii as ascii_fold;
use crate::model::{
    Address, ConsentAction, ConsentChannel, ContactDraft, InteractionKind, LegalBasis,
    OrganisationDraft, PurposeId, Timestamp,
};
use crate::service::api::{ImportConsent, ImportContact, ImportInteraction};

struct Country {
    code: &'static str,
    given: Vec<&'static str>,
    family: Vec<&'static str>,
    cities: Vec<(&'static str, &'static str)>,
    streets: Vec<&'static str>,
    org_words: Vec<&'static str>,
    org_suffixes: Vec<&'static str>,
    mail_domains: &'static [&'static str],
    /// Share of contacts from this country, in percent.
    weight: u32,
}

fn lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn countries() -> Vec<Country> {
    let cities = include_str!("../assets/demo/cities.txt");
    let streets = include_str!("../assets/demo/streets.txt");
    let orgs = include_str!("../assets/demo/organisations.txt");
    let per = |code: &'static str,
               given: &'static str,
               family: &'static str,
               mail_domains: &'static [&'static str],
               weight: u32| {
        let cities = lines(cities)
            .filter_map(|l| {
                let mut p = l.split('|');
                (p.next()? == code).then_some((p.next()?, p.next()?))
            })
            .collect();
        let streets = lines(streets)
            .filter_map(|l| l.strip_prefix(code).and_then(|r| r.strip_prefix('|')))
            .collect();
        let (org_words, org_suffixes) = lines(orgs)
            .find_map(|l| {
                let mut p = l.split('|');
                if p.next()? != code {
                    return None;
                }
                Some((
                    p.next()?.split(',').collect(),
                    p.next()?.split(',').collect(),
                ))
            })
            .unwrap_or_default();
        Country {
            code,
            given: lines(given).collect(),
            family: lines(family).collect(),
            cities,
            streets,
            org_words,
            org_suffixes,
            mail_domains,
            weight,
        }
    };
    vec![
        per(
            "NL",
            include_str!("../assets/demo/given_nl.txt"),
            include_str!("../assets/demo/family_nl.txt"),
            &[
                "gmail.com",
                "ziggo.nl",
                "kpnmail.nl",
                "outlook.com",
                "hotmail.nl",
                "xs4all.nl",
            ],
            48,
        ),
        per(
            "BE",
            include_str!("../assets/demo/given_be.txt"),
            include_str!("../assets/demo/family_be.txt"),
            &[
                "gmail.com",
                "telenet.be",
                "skynet.be",
                "proximus.be",
                "outlook.com",
            ],
            34,
        ),
        per(
            "DE",
            include_str!("../assets/demo/given_de.txt"),
            include_str!("../assets/demo/family_de.txt"),
            &["gmx.de", "web.de", "t-online.de", "gmail.com"],
            8,
        ),
        per(
            "FR",
            include_str!("../assets/demo/given_fr.txt"),
            include_str!("../assets/demo/family_fr.txt"),
            &["orange.fr", "free.fr", "gmail.com", "laposte.net"],
            7,
        ),
        per(
            "LU",
            include_str!("../assets/demo/given_fr.txt"),
            include_str!("../assets/demo/family_de.txt"),
            &["pt.lu", "gmail.com"],
            3,
        ),
    ]
}

/// A purpose the generator may record consents for.
#[derive(Debug, Clone)]
pub struct DemoPurpose {
    pub id: PurposeId,
    pub basis: LegalBasis,
    pub marketing: bool,
}

/// The purposes demo contacts get consent histories for: the templates,
/// loaded first if the file has no purposes (a failure to load them is
/// said on stderr, and the contacts then get none), leaving out those for
/// special categories of data.
pub fn purposes(backend: &dyn crate::backend::Backend) -> crate::service::Result<Vec<DemoPurpose>> {
    use crate::backend::Api;
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
    Ok(backend
        .purposes()?
        .into_iter()
        .filter(|o| o.purpose.is_active() && o.purpose.special_categories.is_empty())
        .map(|o| DemoPurpose {
            id: o.purpose.id,
            basis: o.purpose.legal_basis,
            marketing: o.purpose.marketing,
        })
        .collect())
}

struct DemoOrganisation {
    id: Option<u64>,
    domain: String,
    country: usize,
}

pub struct Demo {
    rng: StdRng,
    now: Timestamp,
    countries: Vec<Country>,
    titles: Vec<&'static str>,
    interactions: Vec<(InteractionKind, &'static str)>,
    organisations: Vec<DemoOrganisation>,
    emails: HashSet<String>,
    domains: HashSet<String>,
    users: Vec<String>,
}

impl Demo {
    /// `users` are the account names interactions are logged by.
    pub fn new(seed: u64, now: Timestamp, users: Vec<String>) -> Demo {
        let interactions = lines(include_str!("../assets/demo/interactions.txt"))
            .filter_map(|l| {
                let (kind, text) = l.split_once('|')?;
                Some((InteractionKind::parse(kind)?, text))
            })
            .collect();
        Demo {
            rng: StdRng::seed_from_u64(seed),
            now,
            countries: countries(),
            titles: lines(include_str!("../assets/demo/job_titles.txt")).collect(),
            interactions,
            organisations: Vec::new(),
            emails: HashSet::new(),
            domains: HashSet::new(),
            users: if users.is_empty() {
                vec!["demo".to_string()]
            } else {
                users
            },
        }
    }

    fn pick_country(&mut self) -> usize {
        let total: u32 = self.countries.iter().map(|c| c.weight).sum();
        let mut roll = self.rng.random_range(0..total.max(1));
        for (i, c) in self.countries.iter().enumerate() {
            if roll < c.weight {
                return i;
            }
            roll -= c.weight;
        }
        0
    }

    fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> Option<&'a T> {
        items.choose(rng)
    }

    fn postal_code(&mut self, pattern: &str) -> String {
        pattern
            .chars()
            .map(|c| match c {
                '#' => char::from(b'0' + self.rng.random_range(0..10u8)),
                'A' => char::from(b'A' + self.rng.random_range(0..26u8)),
                c => c,
            })
            .collect()
    }

    fn address(&mut self, country: usize) -> Address {
        let c = &self.countries[country];
        let (city, pattern) = Self::pick(&mut self.rng, &c.cities)
            .copied()
            .unwrap_or(("", ""));
        let street = Self::pick(&mut self.rng, &c.streets).copied().unwrap_or("");
        let number = self.rng.random_range(1..240);
        let code = c.code.to_string();
        Address {
            street: format!("{street} {number}"),
            postal_code: self.postal_code(pattern),
            city: city.to_string(),
            country: code,
        }
    }

    fn phone(&mut self, country: usize) -> String {
        let r = &mut self.rng;
        let mut d = |n: usize| -> String {
            (0..n)
                .map(|_| char::from(b'0' + r.random_range(0..10u8)))
                .collect()
        };
        match self.countries[country].code {
            "NL" => format!("+31 6 {} {}", d(4), d(4)),
            "BE" => format!("+32 4{} {} {} {}", d(2), d(2), d(2), d(2)),
            "DE" => format!("+49 151 {}", d(8)),
            "FR" => format!("+33 6 {} {} {} {}", d(2), d(2), d(2), d(2)),
            _ => format!("+352 621 {} {}", d(3), d(3)),
        }
    }

    /// Generates `n` organisations (remember to hand their ids back with
    /// `set_organisation_ids` before generating contacts).
    pub fn organisations(&mut self, n: usize) -> Vec<OrganisationDraft> {
        let mut names = HashSet::new();
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            let country = self.pick_country();
            let c = &self.countries[country];
            let word = Self::pick(&mut self.rng, &c.org_words)
                .copied()
                .unwrap_or("Acme");
            let family = Self::pick(&mut self.rng, &c.family).copied().unwrap_or("");
            let suffix = Self::pick(&mut self.rng, &c.org_suffixes)
                .copied()
                .unwrap_or("BV");
            let name = if self.rng.random_bool(0.5) {
                format!("{word} {suffix}")
            } else {
                // "de Vries Makelaardij" starts a sentence: "De Vries …".
                let mut chars = family.chars();
                let family: String = chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default();
                format!("{family} {suffix}")
            };
            // Once the combinations run out, number the names: a big demo
            // has more organisations than words.
            let name = if names.contains(&name) {
                format!("{name} {}", out.len() + 1)
            } else {
                name
            };
            if !names.insert(name.clone()) {
                continue;
            }
            out.push(self.organisation(country, name));
        }
        out
    }

    fn organisation(&mut self, country: usize, name: String) -> OrganisationDraft {
        // "De Backer Boekhouding" → debackerboekhouding.be; numbered when
        // two organisations would share a domain.
        let stem: String = ascii_fold(&name)
            .replace('.', "")
            .chars()
            .take(24)
            .collect();
        let tld = self.countries[country].code.to_lowercase();
        let mut domain = format!("{stem}.{tld}");
        let mut n = 2;
        while !self.domains.insert(domain.clone()) {
            domain = format!("{stem}{n}.{tld}");
            n += 1;
        }
        let code = self.countries[country].code;
        let digits: String = (0..9)
            .map(|_| char::from(b'0' + self.rng.random_range(0..10u8)))
            .collect();
        let vat = match code {
            "NL" => format!("NL{digits}B01"),
            "BE" => format!("BE0{digits}"),
            "DE" => format!("DE{digits}"),
            "FR" => format!("FR{}{digits}", self.rng.random_range(10..99)),
            _ => format!("LU{}", &digits[..8]),
        };
        let phone = self.phone(country);
        let address = self.address(country);
        self.organisations.push(DemoOrganisation {
            id: None,
            domain: domain.clone(),
            country,
        });
        OrganisationDraft {
            name,
            vat_number: vat,
            website: format!("https://www.{domain}"),
            phone,
            address,
            notes: String::new(),
        }
    }

    pub fn set_organisation_ids(&mut self, ids: &[u64]) {
        for (org, id) in self.organisations.iter_mut().zip(ids) {
            org.id = Some(*id);
        }
    }

    fn unique_email(&mut self, local: &str, domain: &str) -> String {
        let mut candidate = format!("{local}@{domain}");
        let mut n = 2;
        while !self.emails.insert(candidate.clone()) {
            candidate = format!("{local}{n}@{domain}");
            n += 1;
        }
        candidate
    }

    fn instant_between(&mut self, from: Timestamp, to: Timestamp) -> Timestamp {
        let span = (to - from).num_seconds().max(1);
        from + Duration::seconds(self.rng.random_range(0..span))
    }

    /// Generates `n` contacts with interactions and, for the purposes given,
    /// consent histories.
    pub fn contacts(&mut self, n: usize, purposes: &[DemoPurpose]) -> Vec<ImportContact> {
        (0..n).map(|_| self.contact(purposes)).collect()
    }

    fn contact(&mut self, purposes: &[DemoPurpose]) -> ImportContact {
        let employed = !self.organisations.is_empty() && self.rng.random_bool(0.75);
        let org_index = employed.then(|| self.rng.random_range(0..self.organisations.len()));
        let country = match org_index {
            Some(i) if self.rng.random_bool(0.85) => self.organisations[i].country,
            _ => self.pick_country(),
        };
        let c = &self.countries[country];
        let mail_domains = c.mail_domains;
        let given = Self::pick(&mut self.rng, &c.given)
            .copied()
            .unwrap_or("Alex");
        let family = Self::pick(&mut self.rng, &c.family)
            .copied()
            .unwrap_or("Jansen");
        let local = format!("{}.{}", ascii_fold(given), ascii_fold(family)).replace("..", ".");
        let email = match org_index {
            Some(i) => {
                let domain = self.organisations[i].domain.clone();
                self.unique_email(&local, &domain)
            }
            None => {
                let domain = Self::pick(&mut self.rng, mail_domains)
                    .copied()
                    .unwrap_or("example.com");
                self.unique_email(&local, domain)
            }
        };
        let mut emails = vec![email];
        if self.rng.random_bool(0.1) {
            let domain = Self::pick(&mut self.rng, mail_domains)
                .copied()
                .unwrap_or("example.com");
            let private = self.unique_email(&local, domain);
            emails.push(private);
        }
        let mut phones = vec![self.phone(country)];
        if self.rng.random_bool(0.2) {
            phones.push(self.phone(country));
        }
        let language = match self.countries[country].code {
            "NL" => "nl",
            "BE" if self.rng.random_bool(0.7) => "nl",
            "BE" | "FR" | "LU" => "fr",
            "DE" => "de",
            _ => "en",
        };
        let tags_pool = [
            "prospect",
            "customer",
            "partner",
            "supplier",
            "vip",
            "newsletter",
            "event-2026",
            "reseller",
            "press",
        ];
        let mut tags: Vec<String> = Vec::new();
        for _ in 0..self.rng.random_range(0..3) {
            if let Some(t) = Self::pick(&mut self.rng, &tags_pool) {
                tags.push(t.to_string());
            }
        }
        let title = if employed {
            Self::pick(&mut self.rng, &self.titles)
                .copied()
                .unwrap_or("")
                .to_string()
        } else {
            String::new()
        };
        let notes = if self.rng.random_bool(0.15) {
            [
                "Met at the Horecava trade fair.",
                "Referred by an existing customer.",
                "Prefers calls in the morning.",
                "Interested in the premium plan next year.",
            ]
            .choose(&mut self.rng)
            .copied()
            .unwrap_or("")
            .to_string()
        } else {
            String::new()
        };
        let owner = Self::pick(&mut self.rng, &self.users).cloned();
        let address = self.address(country);
        let created = self.now - Duration::days(self.rng.random_range(20..1500));

        let mut interactions = Vec::new();
        let count = [0, 0, 1, 1, 2, 2, 3, 4, 6, 8]
            .choose(&mut self.rng)
            .copied()
            .unwrap_or(0);
        for _ in 0..count {
            if let Some(&(kind, text)) = self.interactions.choose(&mut self.rng) {
                let at = self.instant_between(created, self.now);
                interactions.push(ImportInteraction {
                    kind,
                    at,
                    summary: text.to_string(),
                });
            }
        }

        let mut consents = Vec::new();
        for purpose in purposes {
            let roll: f64 = self.rng.random();
            let at = self.instant_between(created, self.now);
            let channel = *[
                ConsentChannel::WebForm,
                ConsentChannel::Email,
                ConsentChannel::Phone,
                ConsentChannel::Paper,
                ConsentChannel::InPerson,
            ]
            .choose(&mut self.rng)
            .unwrap_or(&ConsentChannel::WebForm);
            let evidence = match channel {
                ConsentChannel::WebForm => {
                    "Unticked checkbox on sign-up form v3, ticked by the person; IP logged by the form"
                }
                ConsentChannel::Email => {
                    "Reply to opt-in e-mail of the campaign, kept in the shared mailbox"
                }
                ConsentChannel::Phone => "Asked during a call, answer noted by the caller",
                ConsentChannel::Paper => "Signed paper form, scanned into the archive",
                _ => "Asked in person at the stand, written down on the visitor card",
            };
            let (action, chance) = if purpose.basis.is_consent() {
                (
                    ConsentAction::Given,
                    if purpose.marketing { 0.45 } else { 0.3 },
                )
            } else {
                (ConsentAction::Given, 0.35)
            };
            if roll < chance {
                consents.push(ImportConsent {
                    purpose_id: purpose.id,
                    action,
                    at,
                    channel,
                    evidence: evidence.to_string(),
                });
                // Some contracts have ended (retention runs from then).
                if !purpose.basis.is_consent() && self.rng.random_bool(0.3) {
                    let ended = self.instant_between(at, self.now);
                    consents.push(ImportConsent {
                        purpose_id: purpose.id,
                        action: ConsentAction::Withdrawn,
                        at: ended,
                        channel: ConsentChannel::Paper,
                        evidence: "Contract ended; final invoice settled".to_string(),
                    });
                }
                // Some withdraw later; some of those give again.
                if purpose.basis.is_consent() && self.rng.random_bool(0.15) {
                    let later = self.instant_between(at, self.now);
                    consents.push(ImportConsent {
                        purpose_id: purpose.id,
                        action: ConsentAction::Withdrawn,
                        at: later,
                        channel: ConsentChannel::Email,
                        evidence: "Unsubscribe link in the newsletter footer".to_string(),
                    });
                }
            } else if purpose.basis.is_consent() && roll < chance + 0.05 {
                consents.push(ImportConsent {
                    purpose_id: purpose.id,
                    action: ConsentAction::Refused,
                    at,
                    channel,
                    evidence: "Declined when asked".to_string(),
                });
            }
        }

        ImportContact {
            draft: ContactDraft {
                given_name: given.to_string(),
                family_name: family.to_string(),
                emails,
                phones,
                organisation_id: org_index.and_then(|i| self.organisations[i].id),
                job_title: title,
                address,
                tags,
                notes,
                owner,
                language: language.to_string(),
            },
            organisation: None,
            created_at: Some(created),
            interactions,
            consents,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validate;
    use chrono::TimeZone;

    fn now() -> Timestamp {
        chrono::Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
    }

    #[test]
    fn same_seed_same_people() {
        let a = Demo::new(7, now(), vec![]).contacts(20, &[]);
        let b = Demo::new(7, now(), vec![]).contacts(20, &[]);
        assert_eq!(a, b);
    }

    #[test]
    fn generated_contacts_are_valid_and_unique() {
        let mut demo = Demo::new(1, now(), vec!["anna".into()]);
        let orgs = demo.organisations(50);
        for o in &orgs {
            validate::organisation(&o.clone().normalised()).unwrap();
        }
        demo.set_organisation_ids(&(1..=50).collect::<Vec<_>>());
        let contacts = demo.contacts(2000, &[]);
        let mut emails = HashSet::new();
        for c in &contacts {
            validate::contact(&c.draft.clone().normalised())
                .unwrap_or_else(|e| panic!("{e}: {:?}", c.draft));
            for e in &c.draft.emails {
                assert!(emails.insert(e.clone()), "duplicate {e}");
            }
            for i in &c.interactions {
                assert!(i.at <= now());
            }
        }
        let countries: HashSet<_> = contacts
            .iter()
            .map(|c| c.draft.address.country.clone())
            .collect();
        assert!(countries.contains("NL") && countries.contains("BE"));
    }

    #[test]
    fn more_organisations_than_name_combinations() {
        let orgs = Demo::new(3, now(), vec![]).organisations(6000);
        let names: HashSet<_> = orgs.iter().map(|o| o.name.clone()).collect();
        assert_eq!(names.len(), 6000);
    }

    #[test]
    fn ascii_fold_handles_accents_and_particles() {
        assert_eq!(ascii_fold("Müller"), "muller");
        assert_eq!(ascii_fold("van den Berg"), "van.den.berg");
        assert_eq!(ascii_fold("Lefèvre"), "lefevre");
    }
}
