//! Length-prefixed bincode frames.

use std::io::{self, Read, Write};

use serde::Serialize;
use serde::de::DeserializeOwned;

/// No legitimate message comes near this (an import batch of 5 000 contacts
/// is about 3 MiB); anything larger is refused before allocating.
pub const MAX_FRAME: usize = 32 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// The peer closed the connection between frames.
    #[error("connection closed")]
    Closed,
    #[error("connection closed in the middle of a frame ({got} of {expected} bytes)")]
    Truncated { got: usize, expected: usize },
    /// `limit` is the one that applied: a handshake's is far below
    /// `MAX_FRAME`, and the log must name the one that was exceeded.
    #[error("frame of {size} bytes exceeds the {limit}-byte limit")]
    TooLarge { size: usize, limit: usize },
    #[error("malformed frame: {0}")]
    Malformed(String),
    #[error("cannot encode frame: {0}")]
    Encode(String),
    #[error("{0}")]
    Io(#[from] io::Error),
}

fn config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<MAX_FRAME>()
}

pub fn write_frame<T: Serialize>(w: &mut impl Write, value: &T) -> Result<(), FrameError> {
    let body = bincode::serde::encode_to_vec(value, config())
        .map_err(|e| FrameError::Encode(e.to_string()))?;
    if body.len() > MAX_FRAME {
        return Err(FrameError::TooLarge {
            size: body.len(),
            limit: MAX_FRAME,
        });
    }
    let mut buf = Vec::with_capacity(4 + body.len());
    buf.extend_from_slice(&(body.len() as u32).to_be_bytes());
    buf.extend_from_slice(&body);
    w.write_all(&buf)?;
    w.flush()?;
    Ok(())
}

/// Reads exactly `buf.len()` bytes; how many arrived before EOF otherwise.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> Result<usize, io::Error> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

pub fn read_frame<T: DeserializeOwned>(r: &mut impl Read) -> Result<T, FrameError> {
    read_frame_limited(r, MAX_FRAME)
}

/// Reads a frame of at most `max` bytes (a handshake needs far fewer than a
/// request, and is read before the peer is known to be a user).
pub fn read_frame_limited<T: DeserializeOwned>(
    r: &mut impl Read,
    max: usize,
) -> Result<T, FrameError> {
    let mut len = [0u8; 4];
    match read_full(r, &mut len)? {
        0 => return Err(FrameError::Closed),
        4 => {}
        got => return Err(FrameError::Truncated { got, expected: 4 }),
    }
    let len = u32::from_be_bytes(len) as usize;
    let limit = max.min(MAX_FRAME);
    if len > limit {
        return Err(FrameError::TooLarge { size: len, limit });
    }
    let mut body = vec![0u8; len];
    let got = read_full(r, &mut body)?;
    if got != len {
        return Err(FrameError::Truncated { got, expected: len });
    }
    decode(&body)
}

/// Decodes one frame's body; every byte must belong to the message.
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, FrameError> {
    let (value, read) = bincode::serde::decode_from_slice::<T, _>(body, config())
        .map_err(|e| FrameError::Malformed(e.to_string()))?;
    if read != body.len() {
        return Err(FrameError::Malformed(format!(
            "{} unexpected bytes after the message",
            body.len() - read
        )));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::Request;

    #[test]
    fn round_trip() {
        let mut buf = Vec::new();
        write_frame(&mut buf, &Request::from(crate::service::calls::Whoami)).unwrap();
        let back: Request = read_frame(&mut buf.as_slice()).unwrap();
        assert_eq!(back, Request::from(crate::service::calls::Whoami));
    }

    #[test]
    fn bad_frames_are_errors_not_panics() {
        assert!(matches!(
            read_frame::<Request>(&mut [].as_slice()),
            Err(FrameError::Closed)
        ));
        assert!(matches!(
            read_frame::<Request>(&mut [0u8, 0].as_slice()),
            Err(FrameError::Truncated { .. })
        ));
        let huge = (MAX_FRAME as u32 + 1).to_be_bytes();
        assert!(matches!(
            read_frame::<Request>(&mut huge.as_slice()),
            Err(FrameError::TooLarge { .. })
        ));
        // A handshake's own, smaller limit is the one named.
        let big = 5000u32.to_be_bytes();
        let e = read_frame_limited::<Request>(&mut big.as_slice(), 4096).unwrap_err();
        assert_eq!(
            e.to_string(),
            "frame of 5000 bytes exceeds the 4096-byte limit"
        );
        let garbage = [0, 0, 0, 3, 0xff, 0xfe, 0xfd];
        assert!(matches!(
            read_frame::<Request>(&mut garbage.as_slice()),
            Err(FrameError::Malformed(_))
        ));
        let cut = [0, 0, 0, 10, 1, 2];
        assert!(matches!(
            read_frame::<Request>(&mut cut.as_slice()),
            Err(FrameError::Truncated {
                got: 2,
                expected: 10
            })
        ));
    }
}
