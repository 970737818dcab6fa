//! The versioned envelope around every stored value.
//!
//! bincode is not self-describing: a struct with one more field reads older
//! bytes wrongly. So every value is written as
//!
//! ```text
//! [envelope format: u8][schema of the value's type: u16 LE][bincode payload]
//! ```
//!
//! and a type that changes shape bumps its `SCHEMA` and teaches `upgrade` to
//! read the payloads of earlier schemas. A release therefore reads every file
//! an earlier release wrote. The envelope format byte leaves room for changing
//! the framing itself (compression, say) without guessing.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The first (and so far only) envelope format.
pub const ENVELOPE_V1: u8 = 1;
const HEADER_LEN: usize = 3;

#[derive(Debug, thiserror::Error)]
pub enum EnvelopeError {
    #[error("value is {0} bytes long, shorter than the 3-byte envelope header")]
    Truncated(usize),
    #[error("unknown envelope format {0} (written by a newer custos?)")]
    UnknownFormat(u8),
    #[error("{type_name} schema {found} is newer than this build reads (up to {supported})")]
    NewerSchema {
        type_name: &'static str,
        found: u16,
        supported: u16,
    },
    #[error("{type_name} schema {found} has no upgrade path")]
    NoUpgrade { type_name: &'static str, found: u16 },
    #[error("cannot decode {type_name} (schema {schema}): {message}")]
    Decode {
        type_name: &'static str,
        schema: u16,
        message: String,
    },
    #[error("cannot encode {type_name}: {message}")]
    Encode {
        type_name: &'static str,
        message: String,
    },
    #[error("{type_name}: {trailing} unexpected bytes after the value")]
    Trailing {
        type_name: &'static str,
        trailing: usize,
    },
}

/// A type stored in an envelope.
pub trait Stored: Serialize + DeserializeOwned {
    /// Name used in error messages.
    const TYPE_NAME: &'static str;
    /// The schema this build writes. Bump it whenever the serialized shape
    /// changes, and extend `upgrade`.
    const SCHEMA: u16;

    /// Reads a payload written with an older `schema`. The default knows no
    /// older schemas.
    fn upgrade(schema: u16, payload: &[u8]) -> Result<Self, EnvelopeError> {
        let _ = payload;
        Err(EnvelopeError::NoUpgrade {
            type_name: Self::TYPE_NAME,
            found: schema,
        })
    }
}

/// No stored value is anywhere near this; the limit turns a corrupted length
/// prefix into an error instead of a huge allocation.
const MAX_VALUE_BYTES: usize = 64 * 1024 * 1024;

fn config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<MAX_VALUE_BYTES>()
}

pub fn encode<T: Stored>(value: &T) -> Result<Vec<u8>, EnvelopeError> {
    let mut out = Vec::with_capacity(64);
    out.push(ENVELOPE_V1);
    out.extend_from_slice(&T::SCHEMA.to_le_bytes());
    bincode::serde::encode_into_std_write(value, &mut out, config()).map_err(|e| {
        EnvelopeError::Encode {
            type_name: T::TYPE_NAME,
            message: e.to_string(),
        }
    })?;
    Ok(out)
}

/// Decodes a payload of exactly type `T` at the schema it was written with.
/// Used by `decode` for the current schema and by `upgrade` implementations
/// for the structs that describe older schemas.
pub fn decode_payload<P: DeserializeOwned>(
    type_name: &'static str,
    schema: u16,
    payload: &[u8],
) -> Result<P, EnvelopeError> {
    let (value, read) =
        bincode::serde::decode_from_slice::<P, _>(payload, config()).map_err(|e| {
            EnvelopeError::Decode {
                type_name,
                schema,
                message: e.to_string(),
            }
        })?;
    if read != payload.len() {
        return Err(EnvelopeError::Trailing {
            type_name,
            trailing: payload.len() - read,
        });
    }
    Ok(value)
}

pub fn decode<T: Stored>(bytes: &[u8]) -> Result<T, EnvelopeError> {
    if bytes.len() < HEADER_LEN {
        return Err(EnvelopeError::Truncated(bytes.len()));
    }
    match bytes[0] {
        ENVELOPE_V1 => {
            let schema = u16::from_le_bytes([bytes[1], bytes[2]]);
            let payload = &bytes[HEADER_LEN..];
            match schema.cmp(&T::SCHEMA) {
                std::cmp::Ordering::Equal => decode_payload(T::TYPE_NAME, schema, payload),
                std::cmp::Ordering::Less => T::upgrade(schema, payload),
                std::cmp::Ordering::Greater => Err(EnvelopeError::NewerSchema {
                    type_name: T::TYPE_NAME,
                    found: schema,
                    supported: T::SCHEMA,
                }),
            }
        }
        other => Err(EnvelopeError::UnknownFormat(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    /// The shape a type had when first released.
    #[derive(Debug, Serialize, Deserialize)]
    struct NoteV1 {
        id: u64,
        text: String,
    }

    /// Today's shape: a field was added.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Note {
        id: u64,
        text: String,
        pinned: bool,
    }

    impl Stored for NoteV1 {
        const TYPE_NAME: &'static str = "note";
        const SCHEMA: u16 = 1;
    }

    impl Stored for Note {
        const TYPE_NAME: &'static str = "note";
        const SCHEMA: u16 = 2;

        fn upgrade(schema: u16, payload: &[u8]) -> Result<Self, EnvelopeError> {
            match schema {
                1 => {
                    let old: NoteV1 = decode_payload(Self::TYPE_NAME, schema, payload)?;
                    Ok(Note {
                        id: old.id,
                        text: old.text,
                        pinned: false,
                    })
                }
                found => Err(EnvelopeError::NoUpgrade {
                    type_name: Self::TYPE_NAME,
                    found,
                }),
            }
        }
    }

    #[test]
    fn round_trip_at_current_schema() {
        let note = Note {
            id: 7,
            text: "héllo".into(),
            pinned: true,
        };
        let bytes = encode(&note).unwrap();
        assert_eq!(&bytes[..3], &[1, 2, 0]);
        assert_eq!(decode::<Note>(&bytes).unwrap(), note);
    }

    #[test]
    fn bytes_written_by_the_first_envelope_version_still_decode() {
        // Written by envelope format 1, schema 1 of `note` (bytes frozen here
        // so that a change to the framing cannot go unnoticed).
        let frozen: &[u8] = &[1, 1, 0, 42, 3, b'a', b'b', b'c'];
        let note = decode::<Note>(frozen).unwrap();
        assert_eq!(
            note,
            Note {
                id: 42,
                text: "abc".into(),
                pinned: false
            }
        );
        // And what schema 1 writes today is still exactly those bytes.
        let v1 = NoteV1 {
            id: 42,
            text: "abc".into(),
        };
        assert_eq!(encode(&v1).unwrap(), frozen);
    }

    #[test]
    fn newer_schema_is_refused_with_a_clear_error() {
        let bytes = [1, 9, 0, 1];
        let err = decode::<Note>(&bytes).unwrap_err();
        assert!(err.to_string().contains("newer than this build"), "{err}");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(matches!(
            decode::<Note>(&[1]),
            Err(EnvelopeError::Truncated(1))
        ));
        assert!(matches!(
            decode::<Note>(&[7, 1, 0]),
            Err(EnvelopeError::UnknownFormat(7))
        ));
        assert!(decode::<Note>(&[1, 2, 0, 0xff, 0xff, 0xff]).is_err());
        assert!(matches!(
            decode::<Note>(&[1, 2, 0, 1, 0, 0, 9]),
            Err(EnvelopeError::Trailing { .. })
        ));
    }
}
