//! How instants and dates are written. In the database and on the wire
//! (bincode, not human-readable) an instant is its microseconds since the
//! epoch and a date its day number: compact, and decoded without parsing.
//! In JSON exports they stay RFC 3339 and ISO 8601 text.

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An instant cut to the precision the store keeps (microseconds), so that
/// what is handed out, compared, hashed and stored is one and the same value.
/// The clock hands out instants through this; the service applies it to the
/// `now` of every request.
pub fn at_storage_precision(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(6)
}

pub mod ts {
    use super::*;

    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            t.serialize(s)
        } else {
            s.serialize_i64(t.timestamp_micros())
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        if d.is_human_readable() {
            DateTime::deserialize(d)
        } else {
            let micros = i64::deserialize(d)?;
            DateTime::from_timestamp_micros(micros)
                .ok_or_else(|| D::Error::custom(format!("instant {micros} out of range")))
        }
    }
}

pub mod opt_ts {
    use super::*;

    #[derive(Serialize, Deserialize)]
    struct Wrapped(#[serde(with = "super::ts")] DateTime<Utc>);

    pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        t.map(Wrapped).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        Ok(Option::<Wrapped>::deserialize(d)?.map(|w| w.0))
    }
}

pub mod date {
    use super::*;

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            d.serialize(s)
        } else {
            s.serialize_i32(d.to_epoch_days())
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        if d.is_human_readable() {
            NaiveDate::deserialize(d)
        } else {
            let days = i32::deserialize(d)?;
            NaiveDate::from_epoch_days(days)
                .ok_or_else(|| D::Error::custom(format!("day {days} out of range")))
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use serde::{Deserialize, Serialize};

    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Sample {
        #[serde(with = "ts")]
        at: DateTime<Utc>,
        #[serde(with = "opt_ts")]
        maybe: Option<DateTime<Utc>>,
        #[serde(with = "date")]
        day: NaiveDate,
    }

    fn sample() -> Sample {
        Sample {
            at: Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 15).unwrap()
                + chrono::Duration::microseconds(7),
            maybe: Some(Utc.with_ymd_and_hms(2024, 2, 29, 0, 0, 0).unwrap()),
            day: NaiveDate::from_ymd_opt(2028, 2, 29).unwrap(),
        }
    }

    #[test]
    fn json_stays_readable() {
        let json = serde_json::to_string(&sample()).unwrap();
        assert_eq!(
            json,
            r#"{"at":"2026-11-23T09:30:15.000007Z","maybe":"2024-02-29T00:00:00Z","day":"2028-02-29"}"#
        );
        assert_eq!(serde_json::from_str::<Sample>(&json).unwrap(), sample());
    }

    #[test]
    fn bincode_is_compact_and_exact() {
        let config = bincode::config::standard();
        let bytes = bincode::serde::encode_to_vec(sample(), config).unwrap();
        assert!(bytes.len() < 24, "{} bytes", bytes.len());
        let (back, _): (Sample, _) = bincode::serde::decode_from_slice(&bytes, config).unwrap();
        assert_eq!(back, sample());
        let none = Sample {
            maybe: None,
            ..sample()
        };
        let bytes = bincode::serde::encode_to_vec(&none, config).unwrap();
        let (back, _): (Sample, _) = bincode::serde::decode_from_slice(&bytes, config).unwrap();
        assert_eq!(back, none);
    }
}

/// An optional range of instants, as two instants.
pub mod opt_range {
    use super::*;

    type Span = Option<(DateTime<Utc>, DateTime<Utc>)>;

    #[derive(Serialize, Deserialize)]
    struct Range(
        #[serde(with = "super::ts")] DateTime<Utc>,
        #[serde(with = "super::ts")] DateTime<Utc>,
    );

    pub fn serialize<S: Serializer>(r: &Span, s: S) -> Result<S::Ok, S::Error> {
        r.map(|(a, b)| Range(a, b)).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Span, D::Error> {
        Ok(Option::<Range>::deserialize(d)?.map(|r| (r.0, r.1)))
    }
}
