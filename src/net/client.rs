//! The client side: a `Backend` that forwards every request to the daemon.

use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::frame::{FrameError, read_frame, write_frame};
use super::{Greeting, Hello};
use crate::backend::Backend;
use crate::model::Role;
use crate::service::{Request, Response, Result, ServiceError};

pub struct Remote {
    socket: PathBuf,
    stream: Mutex<UnixStream>,
    user: String,
    role: Role,
}

fn transport(socket: &Path, e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Transport(format!("daemon at {}: {e}", socket.display()))
}

/// Opens a connection and shakes hands; the daemon tells us who we are.
fn handshake(socket: &Path) -> Result<(UnixStream, String, Role)> {
    let mut stream = UnixStream::connect(socket).map_err(|e| transport(socket, e))?;
    write_frame(&mut stream, &Hello::new()).map_err(|e| transport(socket, e))?;
    match read_frame::<Greeting>(&mut stream).map_err(|e| transport(socket, e))? {
        Greeting::Welcome { user, role, .. } => Ok((stream, user, role)),
        Greeting::Refused { reason } => Err(ServiceError::Denied {
            role: "unknown".to_string(),
            action: format!("connect: {reason}"),
        }),
    }
}

/// Whether the daemon has closed this connection (between answers it
/// never sends anything, so readable data or end-of-file both mean that).
fn closed_by_peer(stream: &UnixStream) -> bool {
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

impl Remote {
    pub fn connect(socket: &Path) -> Result<Remote> {
        let (stream, user, role) = handshake(socket)?;
        Ok(Remote {
            socket: socket.to_path_buf(),
            stream: Mutex::new(stream),
            user,
            role,
        })
    }

    /// The identity the daemon derived from this process's credentials.
    pub fn identity(&self) -> (&str, Role) {
        (&self.user, self.role)
    }
}

impl Backend for Remote {
    fn call(&self, request: Request) -> Result<Response> {
        let mut stream = self.stream.lock().unwrap_or_else(|p| p.into_inner());
        // The daemon closes connections that stayed idle (or restarted):
        // notice it before sending, when the request surely did not run.
        if closed_by_peer(&stream) {
            let (fresh, _, _) = handshake(&self.socket)?;
            *stream = fresh;
        }
        if let Err(e) = write_frame(&mut *stream, &request) {
            // The request never left: reconnect once (the daemon may have
            // been restarted) and send it again.
            if !matches!(e, FrameError::Io(_)) {
                return Err(transport(&self.socket, e));
            }
            let (fresh, _, _) = handshake(&self.socket)?;
            *stream = fresh;
            write_frame(&mut *stream, &request).map_err(|e| transport(&self.socket, e))?;
        }
        // Once sent, a lost answer is not retried: the request may have run.
        read_frame::<Result<Response>>(&mut *stream).map_err(|e| match e {
            FrameError::Closed => transport(
                &self.socket,
                "the daemon closed the connection before answering; the request may or may \
                     not have been carried out",
            ),
            e => transport(&self.socket, e),
        })?
    }

    fn location(&self) -> String {
        format!("daemon {}", self.socket.display())
    }
}
