//! The daemon: one thread accepting, one thread per connection.

use std::collections::HashMap;
use std::io;
use std::net::Shutdown;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::os::unix::io::AsRawFd;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use super::frame::{FrameError, read_frame, read_frame_limited, write_frame};
use super::{Greeting, Hello, MAGIC, PROTOCOL_VERSION};
use crate::clock::Clock;
use crate::service::{Actor, Request, Service, ServiceError};

#[derive(Debug, Clone)]
pub struct ServerOptions {
    pub socket: PathBuf,
    /// Members of this group may connect (socket mode 0660); without it only
    /// the daemon's own account can (0600).
    pub group: Option<String>,
    /// Log connections and refusals to stderr.
    pub verbose: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("a daemon already listens on {}", .0.display())]
    AlreadyRunning(PathBuf),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("no group named {0}")]
    UnknownGroup(String),
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> ServeError + '_ {
    move |source| ServeError::Io {
        path: path.to_path_buf(),
        source,
    }
}

pub(crate) fn log(message: &str) {
    eprintln!("custos serve: {message}");
}

/// The uid of the process at the other end of `stream`, from the kernel.
fn peer_uid(stream: &UnixStream) -> io::Result<u32> {
    let mut cred = libc::ucred {
        pid: 0,
        uid: 0,
        gid: 0,
    };
    let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: `cred` is a live ucred and `len` its size, as SO_PEERCRED
    // requires; the fd belongs to `stream` for the duration of the call.
    let rc = unsafe {
        libc::getsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            (&mut cred as *mut libc::ucred).cast(),
            &mut len,
        )
    };
    if rc == 0 {
        Ok(cred.uid)
    } else {
        Err(io::Error::last_os_error())
    }
}

fn group_id(name: &str) -> Option<u32> {
    let cname = std::ffi::CString::new(name).ok()?;
    let mut buf = vec![0 as libc::c_char; 4096];
    // SAFETY: zeroed is a valid `group` (pointers null, ids 0) to be filled in.
    let mut grp: libc::group = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::group = std::ptr::null_mut();
    // SAFETY: all pointers are to live buffers of the sizes passed.
    let rc = unsafe {
        libc::getgrnam_r(
            cname.as_ptr(),
            &mut grp,
            buf.as_mut_ptr(),
            buf.len(),
            &mut result,
        )
    };
    (rc == 0 && !result.is_null()).then_some(grp.gr_gid)
}

fn chown_group(path: &Path, gid: u32) -> io::Result<()> {
    std::os::unix::fs::chown(path, None, Some(gid))
}

struct Shared {
    service: Arc<Service>,
    clock: Clock,
    stop: AtomicBool,
    verbose: bool,
    next_id: AtomicU64,
    /// Open connections, so a stop can end their reads.
    connections: Mutex<HashMap<u64, UnixStream>>,
    workers: Mutex<Vec<JoinHandle<()>>>,
}

/// A running daemon. Dropping it without `stop` leaves the threads running.
pub struct Server {
    shared: Arc<Shared>,
    socket: PathBuf,
    acceptor: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds the socket and starts accepting.
    pub fn start(
        service: Arc<Service>,
        clock: Clock,
        options: ServerOptions,
    ) -> Result<Server, ServeError> {
        let socket = options.socket.clone();
        let gid = match &options.group {
            Some(g) => Some(group_id(g).ok_or_else(|| ServeError::UnknownGroup(g.clone()))?),
            None => None,
        };
        if let Some(dir) = socket.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.exists()
        {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(if gid.is_some() { 0o750 } else { 0o700 })
                .create(dir)
                .map_err(io_at(dir))?;
            if let Some(gid) = gid {
                chown_group(dir, gid).map_err(io_at(dir))?;
            }
        }
        if socket.exists() {
            if UnixStream::connect(&socket).is_ok() {
                return Err(ServeError::AlreadyRunning(socket));
            }
            // Left behind by a daemon that did not stop cleanly.
            std::fs::remove_file(&socket).map_err(io_at(&socket))?;
        }
        let listener = UnixListener::bind(&socket).map_err(io_at(&socket))?;
        let mode = if gid.is_some() { 0o660 } else { 0o600 };
        std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(mode))
            .map_err(io_at(&socket))?;
        if let Some(gid) = gid {
            chown_group(&socket, gid).map_err(io_at(&socket))?;
        }

        let shared = Arc::new(Shared {
            service,
            clock,
            stop: AtomicBool::new(false),
            verbose: options.verbose,
            next_id: AtomicU64::new(1),
            connections: Mutex::new(HashMap::new()),
            workers: Mutex::new(Vec::new()),
        });
        let accept_shared = shared.clone();
        let acceptor = std::thread::Builder::new()
            .name("custos-accept".into())
            .spawn(move || accept_loop(listener, accept_shared))
            .map_err(io_at(&socket))?;
        Ok(Server {
            shared,
            socket,
            acceptor: Some(acceptor),
        })
    }

    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// Stops accepting, lets every request in progress finish and answer,
    /// closes the connections and removes the socket. Committed writes are
    /// on disk already: redb commits are durable.
    pub fn stop(mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the acceptor, blocked in accept().
        let _ = UnixStream::connect(&self.socket);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
        for stream in lock(&self.shared.connections).values() {
            let _ = stream.shutdown(Shutdown::Read);
        }
        let workers = std::mem::take(&mut *lock(&self.shared.workers));
        for worker in workers {
            let _ = worker.join();
        }
        let _ = std::fs::remove_file(&self.socket);
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn accept_loop(listener: UnixListener, shared: Arc<Shared>) {
    for incoming in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let stream = match incoming {
            Ok(s) => s,
            Err(e) => {
                log(&format!("accept failed: {e}"));
                continue;
            }
        };
        if lock(&shared.connections).len() >= MAX_CONNECTIONS {
            log("refused a connection: too many open connections");
            let mut stream = stream;
            let _ = write_frame(
                &mut stream,
                &Greeting::Refused {
                    reason: "the daemon is serving too many connections; try again".to_string(),
                },
            );
            continue;
        }
        let id = shared.next_id.fetch_add(1, Ordering::Relaxed);
        if let Ok(clone) = stream.try_clone() {
            lock(&shared.connections).insert(id, clone);
        }
        let worker_shared = shared.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("custos-conn-{id}"))
            .spawn(move || {
                serve_connection(stream, &worker_shared);
                lock(&worker_shared.connections).remove(&id);
            });
        match spawned {
            Ok(handle) => {
                let mut workers = lock(&shared.workers);
                workers.retain(|w| !w.is_finished());
                workers.push(handle);
            }
            Err(e) => {
                log(&format!("cannot start a connection thread: {e}"));
                lock(&shared.connections).remove(&id);
            }
        }
    }
}

/// Who is at the other end, from the kernel and the users table. A refusal
/// names the account when there is one, for the audit trail.
fn identify(stream: &UnixStream, service: &Service) -> Result<Actor, (Option<String>, String)> {
    let uid = peer_uid(stream).map_err(|e| (None, format!("cannot read peer credentials: {e}")))?;
    let name = crate::os::user_name(uid)
        .ok_or_else(|| (None, format!("uid {uid} has no account name")))?;
    match service.user(&name) {
        Ok(Some(user)) => Ok(Actor::new(&user.name, user.role)),
        Ok(None) => Err((
            Some(name.clone()),
            format!(
                "{name} is not a Custos user; ask an admin to run `custos user add {name} \
                 --role ROLE`"
            ),
        )),
        Err(e) => Err((None, format!("cannot look up {name}: {e}"))),
    }
}

/// A handshake is a few dozen bytes; nothing bigger is read from a peer
/// that has not been identified yet.
const MAX_HELLO: usize = 4096;
/// Connections served at once; more are refused until some close.
const MAX_CONNECTIONS: usize = 256;

fn serve_connection(mut stream: UnixStream, shared: &Shared) {
    let refuse = |stream: &mut UnixStream, reason: String| {
        log(&format!("refused a connection: {reason}"));
        let _ = write_frame(stream, &Greeting::Refused { reason });
    };
    // Who it is, from the kernel, before reading anything it sends.
    let actor = match identify(&stream, &shared.service) {
        Ok(a) => a,
        Err((name, reason)) => {
            if let Some(name) = name {
                let _ = shared
                    .service
                    .record_refusal(&name, shared.clock.now(), "connect");
            }
            refuse(&mut stream, reason);
            return;
        }
    };
    // A client must say hello promptly; a silent one does not hold a
    // thread. A client that stops reading answers cannot either.
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
    let hello: Hello = match read_frame_limited(&mut stream, MAX_HELLO) {
        Ok(h) => h,
        Err(FrameError::Closed) => return,
        Err(e) => {
            log(&format!(
                "closing the connection of {} before its handshake: {e}",
                actor.name
            ));
            return;
        }
    };
    if hello.magic != MAGIC {
        refuse(&mut stream, "not a custos client".to_string());
        return;
    }
    if hello.protocol != PROTOCOL_VERSION {
        refuse(
            &mut stream,
            format!(
                "client speaks protocol {} (custos {}), this daemon {} (custos {}); upgrade the \
                 older one",
                hello.protocol,
                hello.client_version,
                PROTOCOL_VERSION,
                env!("CARGO_PKG_VERSION")
            ),
        );
        return;
    }
    if write_frame(
        &mut stream,
        &Greeting::Welcome {
            protocol: PROTOCOL_VERSION,
            server_version: env!("CARGO_PKG_VERSION").to_string(),
            user: actor.name.clone(),
            role: actor.role,
        },
    )
    .is_err()
    {
        return;
    }
    if shared.verbose {
        log(&format!("{} connected ({})", actor.name, actor.role));
    }
    let _ = stream.set_read_timeout(None);
    loop {
        let request: Request = match read_frame(&mut stream) {
            Ok(r) => r,
            Err(FrameError::Closed) => break,
            Err(e) => {
                log(&format!("closing the connection of {}: {e}", actor.name));
                break;
            }
        };
        let reply = answer(shared, &actor.name, request);
        if let Err(e) = write_frame(&mut stream, &reply) {
            if !matches!(e, FrameError::Io(_)) {
                log(&format!("cannot answer {}: {e}", actor.name));
            }
            break;
        }
    }
    if shared.verbose {
        log(&format!("{} disconnected", actor.name));
    }
}

/// The role is looked up again for every request, so a role change or a
/// removal takes effect at once, also for connected users.
fn answer(
    shared: &Shared,
    name: &str,
    request: Request,
) -> Result<crate::service::Response, ServiceError> {
    let Some(user) = shared.service.user(name)? else {
        let _ = shared
            .service
            .record_refusal(name, shared.clock.now(), "request after removal");
        return Err(ServiceError::Denied {
            role: "removed".to_string(),
            action: "use custos: the account was removed".to_string(),
        });
    };
    let actor = Actor::new(&user.name, user.role);
    shared.service.handle(&actor, shared.clock.now(), request)
}
