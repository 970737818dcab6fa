//! The only place that reads the wall clock. `main` and the daemon build a
//! clock and hand `now` down; everything below takes time as a parameter.

use chrono::{DateTime, NaiveDate, Utc};

use crate::model::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    /// A pinned instant: tests, demos, and "what if it were this date".
    Fixed(Timestamp),
}

impl Clock {
    /// `CUSTOS_NOW` (RFC 3339 or YYYY-MM-DD) pins the clock; otherwise the
    /// system clock.
    pub fn from_env() -> Result<Clock, String> {
        match std::env::var("CUSTOS_NOW") {
            Ok(v) if !v.trim().is_empty() => {
                let at = parse_instant(&v).ok_or_else(|| {
                    format!("CUSTOS_NOW: cannot read {v:?} as a date or RFC 3339 time")
                })?;
                crate::model::plausible::clock("CUSTOS_NOW", at).map_err(|e| e.to_string())?;
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

/// "2026-11-23" (midnight UTC) or "2026-11-23T14:05:00+01:00".
pub fn parse_instant(s: &str) -> Option<Timestamp> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_times() {
        assert_eq!(
            parse_instant("2026-11-23").unwrap().to_rfc3339(),
            "2026-11-23T00:00:00+00:00"
        );
        assert_eq!(
            parse_instant("2026-03-29T02:30:00+02:00")
                .unwrap()
                .to_rfc3339(),
            "2026-03-29T00:30:00+00:00"
        );
        assert!(parse_instant("yesterday").is_none());
    }
}
