//! One rule for plausible dates, applied by the service to every date a
//! user can type, whichever front-end they type it in: a date before the
//! record could have happened, or absurdly far ahead, is refused with a
//! message naming the field and the range it accepts. (`1900-01-01` for an
//! erasure "said 1 done"; year 0000 became a request "due 0000-02-01".)

use chrono::{Months, NaiveDate};

use super::Timestamp;
use super::validate::FieldError;

/// Nothing Custos keeps happened before this.
pub const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => unreachable!(),
};

/// The day the GDPR applied: no data-subject request or breach under it
/// can be older.
pub const GDPR_APPLIES: NaiveDate = match NaiveDate::from_ymd_opt(2018, 5, 25) {
    Some(d) => d,
    None => unreachable!(),
};

/// How far ahead anything may be planned (erasures, extensions) or asked
/// about ("as of").
pub const HORIZON_YEARS: u32 = 100;

/// The latest instant a clock may be pinned to (`CUSTOS_NOW`).
pub const LATEST_CLOCK: NaiveDate = match NaiveDate::from_ymd_opt(2199, 12, 31) {
    Some(d) => d,
    None => unreachable!(),
};

fn horizon(now: Timestamp) -> Timestamp {
    now.checked_add_months(Months::new(12 * HORIZON_YEARS))
        .unwrap_or(now)
}

fn start_of(day: NaiveDate) -> Timestamp {
    day.and_time(chrono::NaiveTime::MIN).and_utc()
}

fn outside(field: &str, at: impl std::fmt::Display, range: String) -> FieldError {
    FieldError::new(
        field,
        format!("{at} is outside the accepted range, {range}"),
    )
}

/// Something that has happened: on or after `earliest`, and not later than
/// `now`.
pub fn happened(
    field: &str,
    at: Timestamp,
    earliest: NaiveDate,
    now: Timestamp,
) -> Result<(), FieldError> {
    if at < start_of(earliest) || at > now {
        return Err(outside(
            field,
            at.format("%Y-%m-%d %H:%M UTC"),
            format!("{earliest} to now"),
        ));
    }
    Ok(())
}

/// A day on which something happened (a request received): on or after
/// `earliest`, not after `today`.
pub fn happened_on(
    field: &str,
    day: NaiveDate,
    earliest: NaiveDate,
    today: NaiveDate,
) -> Result<(), FieldError> {
    if day < earliest || day > today {
        return Err(outside(
            field,
            day,
            format!("{earliest} to today ({today})"),
        ));
    }
    Ok(())
}

/// Something planned (an erasure, a retention extension): after `now`, at
/// most `HORIZON_YEARS` ahead. A past date is refused, never taken as
/// "now".
pub fn planned(field: &str, at: Timestamp, now: Timestamp) -> Result<(), FieldError> {
    let latest = horizon(now);
    if at <= now || at > latest {
        return Err(outside(
            field,
            at.format("%Y-%m-%d %H:%M UTC"),
            format!(
                "after now and no later than {} ({HORIZON_YEARS} years ahead)",
                latest.date_naive()
            ),
        ));
    }
    Ok(())
}

/// A date to evaluate "as of" (reports, selections): from `EARLIEST` to
/// `HORIZON_YEARS` ahead.
pub fn as_of(field: &str, at: Timestamp, now: Timestamp) -> Result<(), FieldError> {
    let latest = horizon(now);
    if at < start_of(EARLIEST) || at > latest {
        return Err(outside(
            field,
            at.format("%Y-%m-%d"),
            format!("{EARLIEST} to {}", latest.date_naive()),
        ));
    }
    Ok(())
}

/// A pinned clock (`CUSTOS_NOW`): from `EARLIEST` to `LATEST_CLOCK`.
pub fn clock(field: &str, at: Timestamp) -> Result<(), FieldError> {
    if at < start_of(EARLIEST) || at.date_naive() > LATEST_CLOCK {
        return Err(outside(
            field,
            at.format("%Y-%m-%d"),
            format!("{EARLIEST} to {LATEST_CLOCK}"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn now() -> Timestamp {
        Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> Timestamp {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
    }

    #[test]
    fn what_happened_lies_between_the_earliest_day_and_now() {
        assert!(happened("at", day(1970, 1, 1), EARLIEST, now()).is_ok());
        assert!(happened("at", now(), EARLIEST, now()).is_ok());
        let err = happened("at", day(1900, 1, 1), EARLIEST, now()).unwrap_err();
        assert_eq!(err.field, "at");
        assert!(err.message.contains("1970-01-01 to now"), "{err}");
        assert!(happened("at", now() + chrono::Duration::seconds(1), EARLIEST, now()).is_err());
        let year_zero = Utc.with_ymd_and_hms(0, 1, 1, 0, 0, 0).unwrap();
        assert!(happened("at", year_zero, EARLIEST, now()).is_err());
        let today = now().date_naive();
        assert!(happened_on("received_on", GDPR_APPLIES, GDPR_APPLIES, today).is_ok());
        assert!(
            happened_on(
                "received_on",
                NaiveDate::from_ymd_opt(2018, 5, 24).unwrap(),
                GDPR_APPLIES,
                today
            )
            .is_err()
        );
    }

    #[test]
    fn what_is_planned_lies_ahead_but_not_absurdly() {
        assert!(planned("on", day(1900, 1, 1), now()).is_err());
        assert!(
            planned("on", now(), now()).is_err(),
            "now is not in the future"
        );
        assert!(planned("on", day(2027, 1, 1), now()).is_ok());
        assert!(planned("on", day(2126, 11, 30), now()).is_ok());
        let err = planned("on", day(2127, 1, 1), now()).unwrap_err();
        assert!(err.message.contains("2126-11-30"), "{err}");
    }

    #[test]
    fn as_of_and_the_clock_have_wide_but_finite_ranges() {
        assert!(as_of("as_of", day(2027, 6, 1), now()).is_ok());
        assert!(as_of("as_of", day(1969, 12, 31), now()).is_err());
        assert!(clock("CUSTOS_NOW", day(2026, 1, 1)).is_ok());
        assert!(
            clock(
                "CUSTOS_NOW",
                Utc.with_ymd_and_hms(0, 1, 1, 0, 0, 0).unwrap()
            )
            .is_err()
        );
        assert!(clock("CUSTOS_NOW", day(2200, 1, 1)).is_err());
    }
}
