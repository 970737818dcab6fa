//! The client side: a `Backend` that forwards every request to the daemon.
//!
//! It keeps a few connections, each carrying one request at a time, so a
//! long request (the retention report of a million contacts) does not hold
//! up the interface's next ones: the change poll, another screen's list.

use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};

use super::frame::{FrameError, read_frame, write_frame};
use super::{Greeting, Hello};
use crate::backend::Backend;
use crate::model::Role;
use crate::service::{Request, Response, Result, ServiceError};

/// Connections one client opens at most; the daemon allows 16 per user
/// (setting max-connections-per-user), so a few clients of one user fit.
const MAX_CONNECTIONS: usize = 4;

pub struct Remote {
    socket: PathBuf,
    pool: Mutex<Pool>,
    /// Signalled when a connection goes back to the pool.
    returned: Condvar,
    user: String,
    role: Role,
}

#[derive(Default)]
struct Pool {
    idle: Vec<UnixStream>,
    /// Connections open, idle or carrying a request.
    open: usize,
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

impl Remote {
    pub fn connect(socket: &Path) -> Result<Remote> {
        let (stream, user, role) = handshake(socket)?;
        Ok(Remote {
            socket: socket.to_path_buf(),
            pool: Mutex::new(Pool {
                idle: vec![stream],
                open: 1,
            }),
            returned: Condvar::new(),
            user,
            role,
        })
    }

    /// An idle connection that is still open, or a new one while fewer than
    /// `MAX_CONNECTIONS` are open; otherwise waits for one to come back.
    fn take(&self) -> Result<UnixStream> {
        let mut pool = self.pool.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            while let Some(stream) = pool.idle.pop() {
                // The daemon closes connections that stayed idle (or
                // restarted): notice it before sending, when the request
                // surely did not run.
                if !super::has_input(&stream) {
                    return Ok(stream);
                }
                pool.open -= 1;
            }
            if pool.open < MAX_CONNECTIONS {
                pool.open += 1;
                drop(pool);
                return handshake(&self.socket)
                    .map(|(stream, _, _)| stream)
                    .inspect_err(|_| {
                        self.forget();
                    });
            }
            pool = self.returned.wait(pool).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Puts a connection whose exchange completed back into the pool.
    fn give_back(&self, stream: UnixStream) {
        let mut pool = self.pool.lock().unwrap_or_else(|p| p.into_inner());
        pool.idle.push(stream);
        self.returned.notify_one();
    }

    /// A connection was dropped (broken, or its exchange failed halfway).
    fn forget(&self) {
        let mut pool = self.pool.lock().unwrap_or_else(|p| p.into_inner());
        pool.open = pool.open.saturating_sub(1);
        self.returned.notify_one();
    }

    /// Sends `request` on `stream` and reads the answer.
    fn exchange(&self, stream: &mut UnixStream, request: &Request) -> Result<Result<Response>> {
        if let Err(e) = write_frame(&mut *stream, request) {
            // The request never left: reconnect once (the daemon may have
            // been restarted) and send it again.
            if !matches!(e, FrameError::Io(_)) {
                return Err(transport(&self.socket, e));
            }
            let (fresh, _, _) = handshake(&self.socket)?;
            *stream = fresh;
            write_frame(&mut *stream, request).map_err(|e| transport(&self.socket, e))?;
        }
        let answer = match read_frame::<Result<Response>>(&mut *stream) {
            // The daemon closed the connection with our request unread in
            // it (Linux resets the peer exactly then), typically its idle
            // timeout firing as the request arrived: the request did not
            // run, so it is sent once more on a fresh connection.
            Err(FrameError::Io(e)) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                let (fresh, _, _) = handshake(&self.socket)?;
                *stream = fresh;
                write_frame(&mut *stream, request).map_err(|e| transport(&self.socket, e))?;
                read_frame::<Result<Response>>(&mut *stream)
            }
            answer => answer,
        };
        // Once read, a lost answer is not retried: the request may have run.
        answer.map_err(|e| match e {
            FrameError::Closed => transport(
                &self.socket,
                "the daemon closed the connection before answering; the request may or may \
                     not have been carried out",
            ),
            e => transport(&self.socket, e),
        })
    }

    /// The identity the daemon derived from this process's credentials.
    pub fn identity(&self) -> (&str, Role) {
        (&self.user, self.role)
    }
}

impl Backend for Remote {
    fn call(&self, request: Request) -> Result<Response> {
        let mut stream = self.take()?;
        match self.exchange(&mut stream, &request) {
            Ok(answer) => {
                self.give_back(stream);
                answer
            }
            Err(e) => {
                drop(stream);
                self.forget();
                Err(e)
            }
        }
    }

    fn location(&self) -> String {
        format!("daemon {}", self.socket.display())
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::net::UnixListener;
    use std::time::Duration;

    use super::*;
    use crate::net::PROTOCOL_VERSION;
    use crate::service::Api;

    fn welcome(stream: &mut UnixStream) {
        let _: Hello = read_frame(stream).unwrap();
        let greeting = Greeting::Welcome {
            protocol: PROTOCOL_VERSION,
            server_version: "test".to_string(),
            user: "ana".to_string(),
            role: Role::Sales,
        };
        write_frame(stream, &greeting).unwrap();
    }

    /// A daemon that closes a connection as a request arrives on it (its
    /// idle timeout firing at that moment) has not run the request: the
    /// client sends it again on a new connection, once, and gets its answer.
    #[test]
    fn a_request_the_daemon_dropped_unread_is_sent_again() {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("custos.sock");
        let listener = UnixListener::bind(&socket).unwrap();
        let daemon = std::thread::spawn(move || {
            // The connection the client keeps in its pool.
            let (mut first, _) = listener.accept().unwrap();
            welcome(&mut first);
            while !crate::net::has_input(&first) {
                std::thread::sleep(Duration::from_millis(1));
            }
            drop(first); // closed with the request unread: a reset
            let (mut second, _) = listener.accept().unwrap();
            welcome(&mut second);
            let request: Request = read_frame(&mut second).unwrap();
            assert_eq!(request.name(), "Changes");
            let answer: Result<Response> = Ok(Response::Changes(7));
            write_frame(&mut second, &answer).unwrap();
            // Stay open until the client is done reading.
            let _ = read_frame::<Request>(&mut second);
        });
        let client = Remote::connect(&socket).unwrap();
        assert_eq!(client.changes().unwrap(), 7);
        drop(client);
        daemon.join().unwrap();
    }
}
