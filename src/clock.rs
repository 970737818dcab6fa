//! The only place that reads the wall clock (and the machine's time zone).
//! `main` and the daemon build a clock and hand `now` down; everything
//! below takes time as a parameter.

use chrono::Utc;

use crate::model::Timestamp;
use crate::model::when::Zone;

/// The zone wall-clock times are typed and read in: the setting
/// `time-zone` when it names one, else the zone of the machine this runs on
/// (the server's, for a daemon: `TZ`, then /etc/localtime), else
/// Europe/Amsterdam. A machine left on UTC, as most server images are,
/// counts as not set: Custos's users are in the Netherlands and Belgium.
pub fn zone(setting: &str) -> Zone {
    if let Some(zone) = Zone::named(setting) {
        return zone;
    }
    // Looked up once: the machine's zone does not change under a running
    // process, and reading it (`TZ`, /etc/localtime) for every request was
    // 2 % of a daemon's time.
    static MACHINE: std::sync::OnceLock<Zone> = std::sync::OnceLock::new();
    *MACHINE.get_or_init(machine_zone)
}

fn machine_zone() -> Zone {
    let from_env = std::env::var("TZ")
        .ok()
        .and_then(|tz| Zone::named(tz.trim_start_matches(':')));
    from_env
        .or_else(|| {
            iana_time_zone::get_timezone()
                .ok()
                .and_then(|name| Zone::named(&name))
        })
        .filter(|z| {
            !matches!(
                z.name(),
                "UTC"
                    | "Etc/UTC"
                    | "Etc/Universal"
                    | "Universal"
                    | "Zulu"
                    | "Etc/Zulu"
                    | "GMT"
                    | "Etc/GMT"
            )
        })
        .unwrap_or_default()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    /// A pinned instant: tests, demos, and "what if it were this date".
    Fixed(Timestamp),
}

impl Clock {
    /// `CUSTOS_NOW` (a date or time as typed anywhere, in the machine's
    /// zone, or RFC 3339) pins the clock; otherwise the system clock.
    pub fn from_env() -> Result<Clock, String> {
        match std::env::var("CUSTOS_NOW") {
            Ok(v) if !v.trim().is_empty() => {
                let at = zone("").parse(&v).map_err(|e| format!("CUSTOS_NOW: {e}"))?;
                crate::model::plausible::clock("CUSTOS_NOW", at).map_err(|e| {
                    format!(
                        "CUSTOS_NOW: {} is {}",
                        v.trim(),
                        e.message.split_once(" is ").map_or("", |(_, why)| why)
                    )
                })?;
                Ok(Clock::Fixed(at))
            }
            _ => Ok(Clock::System),
        }
    }

    /// Now, at the precision the store keeps: an instant handed out here
    /// is stored, read back and hashed unchanged.
    pub fn now(&self) -> Timestamp {
        crate::model::time::at_storage_precision(match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => *t,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_wins_then_the_machine_then_amsterdam() {
        assert_eq!(zone("Europe/Brussels").name(), "Europe/Brussels");
        // Whatever the machine says, an unusable setting never panics.
        assert!(!zone("Not/AZone").name().is_empty());
    }

    #[test]
    fn now_is_at_storage_precision() {
        let t = Clock::System.now();
        assert_eq!(t.timestamp_subsec_nanos() % 1000, 0);
    }
}
