//! `custos serve`: a daemon that owns the database and answers the same
//! `Request`/`Response` as the local backend, over a Unix socket.
//!
//! Wire format: every message is a frame, a 4-byte big-endian length followed
//! by that many bytes of bincode (standard configuration). The client opens
//! with `Hello`; the daemon answers `Welcome` (with the identity it derived
//! from the kernel) or `Refused`. After that each `Request` frame gets one
//! `Result<Response, ServiceError>` frame.

mod client;
pub mod frame;
pub mod limits;
mod server;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use client::Remote;
pub use server::{Server, ServerOptions};

use crate::model::Role;

/// Bumped whenever `Request`, `Response` or the handshake change shape.
/// 3: export requests, demo imports, audit verdicts with legacy seals.
/// 4: contact pages continue from a cursor (`ContactQuery::after`, `next`).
/// 5: retention re-derived in the background after a purpose change
///    (`RetentionReport::updating`, `RetentionUpdate`).
pub const PROTOCOL_VERSION: u32 = 5;
const MAGIC: [u8; 6] = *b"custos";

/// The first frame a client sends. It says nothing about who the client is:
/// the daemon learns that from the socket's peer credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    pub magic: [u8; 6],
    pub protocol: u32,
    pub client_version: String,
}

impl Hello {
    pub fn new() -> Hello {
        Hello {
            magic: MAGIC,
            protocol: PROTOCOL_VERSION,
            client_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

impl Default for Hello {
    fn default() -> Self {
        Hello::new()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Greeting {
    Welcome {
        protocol: u32,
        server_version: String,
        user: String,
        role: Role,
    },
    Refused {
        reason: String,
    },
}

/// Where the daemon listens when not told otherwise: /run/custos when run as
/// a system service (the directory exists), otherwise the user's runtime
/// directory.
pub fn default_socket_path() -> PathBuf {
    let system = PathBuf::from("/run/custos");
    if system.is_dir() {
        return system.join("custos.sock");
    }
    if let Some(dir) = std::env::var_os("XDG_RUNTIME_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join("custos").join("custos.sock");
    }
    std::env::temp_dir()
        .join(format!("custos-{}", crate::os::current_uid()))
        .join("custos.sock")
}

/// Whether something is waiting to be read on `stream` right now, without
/// taking it: data, the peer's end-of-file, or an error. Between answers the
/// daemon sends nothing, so for the client this means the daemon closed the
/// connection; for the daemon, that a request arrived just as it was about
/// to close an idle connection.
pub(crate) fn has_input(stream: &std::os::unix::net::UnixStream) -> bool {
    use std::os::unix::io::AsRawFd;
    let mut byte = 0u8;
    // SAFETY: recv writes at most one byte into `byte`, which lives for the
    // call; MSG_PEEK leaves it in the socket, MSG_DONTWAIT never blocks.
    let n = unsafe {
        libc::recv(
            stream.as_raw_fd(),
            (&mut byte as *mut u8).cast(),
            1,
            libc::MSG_PEEK | libc::MSG_DONTWAIT,
        )
    };
    if n < 0 {
        let e = std::io::Error::last_os_error();
        return !matches!(
            e.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::Interrupted
        );
    }
    true
}
