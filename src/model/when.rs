//! Wall-clock time as people type and read it: one parser and one
//! formatter for every front-end, in the zone the company set (the setting
//! time-zone; Europe/Amsterdam unless the server says otherwise). Instants
//! stay UTC inside; deadlines are computed on instants (72 hours are 72
//! hours, also across a change of the clocks) and only shown here.
//!
//! Accepted input, a date alone meaning the start of that day in the zone:
//! `2026-11-28`, `28-11-2026` (also with `/` or `.`), either followed by
//! ` 09:00` or ` 09:00:30` (or `T09:00`), and RFC 3339 or an explicit offset
//! (`2026-11-28T09:00+01:00`, `2026-11-28 09:00 +01:00`, `…Z`) for an exact
//! instant. A time the clocks skip or repeat is refused with what to write.

use chrono::{
    DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
};
use chrono_tz::Tz;

use super::Timestamp;

/// The zone Custos assumes when neither the setting nor the server names
/// one.
pub const DEFAULT_ZONE: Tz = chrono_tz::Europe::Amsterdam;

/// A time zone for reading and writing wall-clock times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zone(Tz);

impl Default for Zone {
    fn default() -> Self {
        Zone(DEFAULT_ZONE)
    }
}

const DATE_FORMATS: [&str; 4] = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"];
const TIME_FORMATS: [&str; 2] = ["%H:%M", "%H:%M:%S"];

/// What a typed date or time was understood as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Understood {
    pub at: Timestamp,
    /// Only a date was given (the start of that day in the zone).
    pub date_only: bool,
}

impl Zone {
    /// An IANA zone name such as `Europe/Brussels`.
    pub fn named(name: &str) -> Option<Zone> {
        name.trim().parse::<Tz>().ok().map(Zone)
    }

    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    pub fn tz(&self) -> Tz {
        self.0
    }

    /// The date it is in the zone at `t`.
    pub fn date_of(&self, t: Timestamp) -> NaiveDate {
        t.with_timezone(&self.0).date_naive()
    }

    /// `2026-11-28 09:00`, in the zone.
    pub fn datetime(&self, t: Timestamp) -> String {
        t.with_timezone(&self.0)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    /// `2026-11-28 09:00 CET`: with the zone's abbreviation, where a reader
    /// may be elsewhere (exports, letters, the command line).
    pub fn datetime_named(&self, t: Timestamp) -> String {
        t.with_timezone(&self.0)
            .format("%Y-%m-%d %H:%M %Z")
            .to_string()
    }

    /// `2026-11-28`, the date in the zone.
    pub fn date(&self, t: Timestamp) -> String {
        self.date_of(t).format("%Y-%m-%d").to_string()
    }

    /// `2026-11`, the month in the zone.
    pub fn month(&self, t: Timestamp) -> String {
        t.with_timezone(&self.0).format("%Y-%m").to_string()
    }

    /// An RFC 3339 instant with the zone's offset (`2026-11-28T09:00:00+01:00`),
    /// for CSV and JSON: exact, and readable where it happened.
    pub fn rfc3339(&self, t: Timestamp) -> String {
        t.with_timezone(&self.0)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }

    /// How an instant reads here and in UTC, to confirm what was typed:
    /// `Sat 28 Nov 2026 09:00 CET (08:00 UTC)`.
    pub fn describe(&self, t: Timestamp) -> String {
        format!(
            "{} ({} UTC)",
            t.with_timezone(&self.0).format("%a %-d %b %Y %H:%M %Z"),
            t.format("%H:%M")
        )
    }

    /// The instant the day begins in the zone.
    pub fn start_of(&self, day: NaiveDate) -> Timestamp {
        match self.0.from_local_datetime(&day.and_time(NaiveTime::MIN)) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
            // No zone Custos serves skips midnight; if one did, the day
            // starts at the first instant that exists.
            LocalResult::None => day.and_time(NaiveTime::MIN).and_utc(),
        }
    }

    /// A typed date or time, as an instant.
    pub fn parse(&self, text: &str) -> Result<Timestamp, String> {
        self.understand(text).map(|u| u.at)
    }

    /// A typed date or time, and whether only a date was given.
    pub fn understand(&self, text: &str) -> Result<Understood, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err(self.help("an empty text"));
        }
        if let Ok(t) = DateTime::parse_from_rfc3339(text) {
            return Ok(exact(t));
        }
        for date in DATE_FORMATS {
            for sep in [" ", "T"] {
                for time in TIME_FORMATS {
                    for zone in ["%:z", " %:z", "Z", " Z"] {
                        let format = format!("{date}{sep}{time}{zone}");
                        if let Some(t) = parse_offset(text, &format) {
                            return Ok(exact(t));
                        }
                    }
                    let format = format!("{date}{sep}{time}");
                    if let Ok(local) = NaiveDateTime::parse_from_str(text, &format) {
                        return self.local(local, text).map(|at| Understood {
                            at,
                            date_only: false,
                        });
                    }
                }
            }
            if let Ok(day) = NaiveDate::parse_from_str(text, date) {
                return Ok(Understood {
                    at: self.start_of(day),
                    date_only: true,
                });
            }
        }
        Err(self.help(&format!("{text:?}")))
    }

    /// A typed date (a request received on a day): `2026-11-28` or
    /// `28-11-2026`.
    pub fn parse_day(&self, text: &str) -> Result<NaiveDate, String> {
        let text = text.trim();
        DATE_FORMATS
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
            .ok_or_else(|| {
                format!("cannot read {text:?} as a date: write 2026-11-28 or 28-11-2026")
            })
    }

    fn local(&self, local: NaiveDateTime, text: &str) -> Result<Timestamp, String> {
        match self.0.from_local_datetime(&local) {
            LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
            LocalResult::Ambiguous(first, second) => Err(format!(
                "{text} happens twice in {} (the clocks go back that night): add {} for the \
                 first ({}) or {} for the second ({})",
                self.name(),
                offset(first.offset().fix()),
                first.format("%Z"),
                offset(second.offset().fix()),
                second.format("%Z"),
            )),
            LocalResult::None => {
                let after = (1..=180)
                    .map(|m| local + chrono::Duration::minutes(m))
                    .find(|l| self.0.from_local_datetime(l).single().is_some());
                Err(format!(
                    "{text} does not exist in {} (the clocks jump forward that night){}",
                    self.name(),
                    after
                        .map(|a| format!(": the first time after it is {}", a.format("%H:%M")))
                        .unwrap_or_default()
                ))
            }
        }
    }

    fn help(&self, what: &str) -> String {
        format!(
            "cannot read {what} as a date or time: write 2026-11-28, 28-11-2026, \
             2026-11-28 09:00 or 28-11-2026 09:00 ({} time), or with an offset, \
             2026-11-28T09:00+01:00",
            self.name()
        )
    }
}

fn exact(t: DateTime<FixedOffset>) -> Understood {
    Understood {
        at: t.with_timezone(&Utc),
        date_only: false,
    }
}

fn parse_offset(text: &str, format: &str) -> Option<DateTime<FixedOffset>> {
    if let Some(plain) = format.strip_suffix('Z').map(str::trim_end) {
        let body = text.strip_suffix('Z').or_else(|| text.strip_suffix('z'))?;
        return NaiveDateTime::parse_from_str(body.trim_end(), plain)
            .ok()
            .map(|n| n.and_utc().fixed_offset());
    }
    DateTime::parse_from_str(text, format).ok()
}

fn offset(o: FixedOffset) -> String {
    let secs = o.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    format!("{sign}{:02}:{:02}", secs / 3600, secs % 3600 / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> Timestamp {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn zones() -> [Zone; 2] {
        [
            Zone::named("Europe/Amsterdam").unwrap(),
            Zone::named("Europe/Brussels").unwrap(),
        ]
    }

    #[test]
    fn typed_times_are_wall_clock_times_in_the_zone() {
        for z in zones() {
            // Winter: UTC+1; summer: UTC+2.
            assert_eq!(
                z.parse("2026-11-28 09:00").unwrap(),
                utc(2026, 11, 28, 8, 0)
            );
            assert_eq!(
                z.parse("28-11-2026 09:00").unwrap(),
                utc(2026, 11, 28, 8, 0)
            );
            assert_eq!(
                z.parse("28/11/2026 09:00").unwrap(),
                utc(2026, 11, 28, 8, 0)
            );
            assert_eq!(z.parse("2026-07-01T09:00").unwrap(), utc(2026, 7, 1, 7, 0));
            // A date alone is the start of that day there, in every parser.
            assert_eq!(z.parse("2026-11-23").unwrap(), utc(2026, 11, 22, 23, 0));
            assert_eq!(z.parse("23-11-2026").unwrap(), utc(2026, 11, 22, 23, 0));
            assert!(z.understand("2026-11-23").unwrap().date_only);
            // An offset or Z is exact, whatever the zone.
            assert_eq!(
                z.parse("2026-11-28T09:00:00Z").unwrap(),
                utc(2026, 11, 28, 9, 0)
            );
            assert_eq!(
                z.parse("2026-11-28 09:00 +02:00").unwrap(),
                utc(2026, 11, 28, 7, 0)
            );
            assert_eq!(
                z.parse("2026-11-28 09:00Z").unwrap(),
                utc(2026, 11, 28, 9, 0)
            );
            assert_eq!(
                z.datetime_named(utc(2026, 11, 28, 8, 0)),
                "2026-11-28 09:00 CET"
            );
            assert_eq!(
                z.datetime_named(utc(2026, 7, 1, 7, 0)),
                "2026-07-01 09:00 CEST"
            );
        }
    }

    #[test]
    fn both_changes_of_the_clocks_in_2026_and_2027() {
        // Forward: 29 March 2026, 28 March 2027 (02:00 → 03:00).
        // Back: 25 October 2026, 31 October 2027 (03:00 → 02:00).
        for z in zones() {
            for (day, back) in [
                ("2026-03-29", false),
                ("2027-03-28", false),
                ("2026-10-25", true),
                ("2027-10-31", true),
            ] {
                let err = z.parse(&format!("{day} 02:30")).unwrap_err();
                if back {
                    assert!(
                        err.contains("happens twice")
                            && err.contains("+02:00")
                            && err.contains("+01:00"),
                        "{err}"
                    );
                    // Either meaning can be said exactly.
                    let first = z.parse(&format!("{day} 02:30 +02:00")).unwrap();
                    let second = z.parse(&format!("{day} 02:30 +01:00")).unwrap();
                    assert_eq!(second - first, chrono::Duration::hours(1));
                } else {
                    assert!(
                        err.contains("does not exist") && err.contains("03:00"),
                        "{err}"
                    );
                }
                // An hour later is unambiguous on both nights.
                assert!(z.parse(&format!("{day} 03:30")).is_ok());
            }
            // 72 hours across the change are 72 hours: aware on Friday
            // 23 October 2026 at 12:00 CEST, the deadline is Monday 11:00 CET.
            let aware = z.parse("2026-10-23 12:00").unwrap();
            let deadline = aware + chrono::Duration::hours(72);
            assert_eq!(z.datetime_named(deadline), "2026-10-26 11:00 CET");
            let aware = z.parse("2027-03-26 12:00").unwrap();
            assert_eq!(
                z.datetime_named(aware + chrono::Duration::hours(72)),
                "2027-03-29 13:00 CEST"
            );
        }
    }

    #[test]
    fn dates_are_the_dates_in_the_zone() {
        let z = Zone::default();
        // 23:30 UTC on the 27th is already the 28th in Amsterdam.
        assert_eq!(z.date(utc(2026, 11, 27, 23, 30)), "2026-11-28");
        assert_eq!(z.parse_day("28-11-2026").unwrap().to_string(), "2026-11-28");
        assert!(z.parse_day("2026-13-01").is_err());
    }

    #[test]
    fn what_cannot_be_read_says_what_can() {
        let err = Zone::default().parse("yesterday").unwrap_err();
        assert!(
            err.contains("28-11-2026 09:00") && err.contains("Europe/Amsterdam"),
            "{err}"
        );
        assert!(Zone::named("Mars/Olympus").is_none());
    }
}
