//! The daemon: one thread accepting, one thread per connection.

use std::collections::HashMap;
use std::io::{self, Read};
use std::net::Shutdown;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::os::unix::io::AsRawFd;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::frame::{FrameError, read_frame_limited, write_frame};
use super::limits::{self, FrameBudget};
use super::{Greeting, Hello, MAGIC, PROTOCOL_VERSION};
use crate::clock::Clock;
use crate::model::Role;
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

struct Connection {
    stream: UnixStream,
    user: String,
}

struct Shared {
    service: Arc<Service>,
    clock: Clock,
    stop: AtomicBool,
    verbose: bool,
    next_id: AtomicU64,
    /// Open connections and whose they are, so a stop can end their reads
    /// and the limits can count them.
    connections: Mutex<HashMap<u64, Connection>>,
    workers: Mutex<Vec<JoinHandle<()>>>,
    /// Memory held for large incoming requests, across connections.
    budget: FrameBudget,
}

/// A running daemon. Dropping it without `stop` leaves the threads running.
pub struct Server {
    shared: Arc<Shared>,
    socket: PathBuf,
    acceptor: Option<JoinHandle<()>>,
    ticker: Option<(std::sync::mpsc::Sender<()>, JoinHandle<()>)>,
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

        let frame_memory = service
            .settings()
            .map(|s| s.frame_memory_mib)
            .unwrap_or(crate::model::settings::DEFAULT_FRAME_MEMORY_MIB);
        let shared = Arc::new(Shared {
            service,
            clock,
            stop: AtomicBool::new(false),
            verbose: options.verbose,
            next_id: AtomicU64::new(1),
            connections: Mutex::new(HashMap::new()),
            workers: Mutex::new(Vec::new()),
            budget: FrameBudget::new(frame_memory as usize * 1024 * 1024),
        });
        let accept_shared = shared.clone();
        let acceptor = std::thread::Builder::new()
            .name("custos-accept".into())
            .spawn(move || accept_loop(listener, accept_shared))
            .map_err(io_at(&socket))?;
        // Once a minute, the refusals repeated in the minute gone by are
        // written as one audit entry each.
        let (tick_stop, ticks) = std::sync::mpsc::channel::<()>();
        let tick_shared = shared.clone();
        let ticker = std::thread::Builder::new()
            .name("custos-tick".into())
            .spawn(move || {
                while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                    ticks.recv_timeout(Duration::from_secs(60))
                {
                    let now = tick_shared.clock.now();
                    if let Err(e) = tick_shared.service.flush_refusals(Some(now)) {
                        log(&format!("cannot audit refusals: {e}"));
                    }
                }
            })
            .map_err(io_at(&socket))?;
        Ok(Server {
            shared,
            socket,
            acceptor: Some(acceptor),
            ticker: Some((tick_stop, ticker)),
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
        for conn in lock(&self.shared.connections).values() {
            let _ = conn.stream.shutdown(Shutdown::Read);
        }
        let workers = std::mem::take(&mut *lock(&self.shared.workers));
        for worker in workers {
            let _ = worker.join();
        }
        if let Some((stop, ticker)) = self.ticker.take() {
            let _ = stop.send(());
            let _ = ticker.join();
        }
        if let Err(e) = self.shared.service.flush_refusals(None) {
            log(&format!("cannot audit refusals: {e}"));
        }
        let _ = std::fs::remove_file(&self.socket);
    }

    /// Bytes currently held for large incoming requests (for tests and
    /// monitoring).
    pub fn frame_memory_in_use(&self) -> usize {
        self.shared.budget.in_use()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Tells a client it is refused, without ever waiting on it: the frame is
/// a few dozen bytes and the socket's buffer takes it, or it is dropped.
fn refuse(mut stream: UnixStream, reason: String) {
    let _ = stream.set_nonblocking(true);
    let _ = write_frame(&mut stream, &Greeting::Refused { reason });
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
        // Who it is, from the kernel, before reading anything it sends.
        let actor = match identify(&stream, &shared.service) {
            Ok(a) => a,
            Err((account, reason)) => {
                let _ = shared.service.record_refusal(
                    &account,
                    shared.clock.now(),
                    "connect: not a user",
                );
                if shared.verbose {
                    log(&format!("refused a connection: {reason}"));
                }
                refuse(stream, reason);
                continue;
            }
        };
        let per_user = shared
            .service
            .settings()
            .map(|s| s.max_connections_per_user as usize)
            .unwrap_or(crate::model::settings::DEFAULT_MAX_CONNECTIONS_PER_USER as usize);
        let admitted = {
            let connections = lock(&shared.connections);
            let mine = connections
                .values()
                .filter(|c| c.user == actor.name)
                .count();
            limits::admit(connections.len(), mine, per_user, actor.role == Role::Admin)
        };
        if let Err(reason) = admitted {
            let _ = shared.service.record_refusal(
                &actor.name,
                shared.clock.now(),
                "connect: connection limit",
            );
            if shared.verbose {
                log(&format!("refused a connection of {}: {reason}", actor.name));
            }
            refuse(stream, reason);
            continue;
        }
        let id = shared.next_id.fetch_add(1, Ordering::Relaxed);
        match stream.try_clone() {
            Ok(clone) => {
                lock(&shared.connections).insert(
                    id,
                    Connection {
                        stream: clone,
                        user: actor.name.clone(),
                    },
                );
            }
            Err(e) => {
                log(&format!("cannot keep track of a connection: {e}"));
                continue;
            }
        }
        let worker_shared = shared.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("custos-conn-{id}"))
            .spawn(move || {
                serve_connection(stream, actor, &worker_shared);
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
/// names the account (or the uid) for the audit trail.
fn identify(stream: &UnixStream, service: &Service) -> Result<Actor, (String, String)> {
    let uid = peer_uid(stream).map_err(|e| {
        (
            "unknown".to_string(),
            format!("cannot read peer credentials: {e}"),
        )
    })?;
    let name = crate::os::user_name(uid).ok_or_else(|| {
        (
            format!("uid {uid}"),
            format!("uid {uid} has no account name"),
        )
    })?;
    match service.user(&name) {
        Ok(Some(user)) => Ok(Actor::new(&user.name, user.role)),
        Ok(None) => Err((
            name.clone(),
            format!(
                "{name} is not a Custos user; ask an admin to run `custos user add {name} \
                 --role ROLE`"
            ),
        )),
        Err(e) => Err((name.clone(), format!("cannot look up {name}: {e}"))),
    }
}

/// A handshake is a few dozen bytes; nothing bigger is read before it.
const MAX_HELLO: usize = 4096;

/// What reading the next request found.
enum Incoming {
    Request(Box<Request>),
    /// The client closed the connection between requests.
    Closed,
    /// Nothing came for the idle timeout.
    Idle,
    /// A reason to close the connection, for the log.
    Bad(String),
}

fn timed_out(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

/// Reads the next request: the length first (waiting up to `idle`), then
/// the body, which must arrive within `BODY_TIMEOUT` and, when large, fit
/// into the shared budget. Bytes are held only as they arrive.
fn read_request(stream: &mut UnixStream, budget: &FrameBudget, idle: Duration) -> Incoming {
    let mut header = [0u8; 4];
    let _ = stream.set_read_timeout(Some(idle));
    let mut got = 0;
    while got < 4 {
        match stream.read(&mut header[got..]) {
            Ok(0) if got == 0 => return Incoming::Closed,
            Ok(0) => return Incoming::Bad("closed in the middle of a frame".to_string()),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if timed_out(&e) && got == 0 => return Incoming::Idle,
            Err(e) => return Incoming::Bad(e.to_string()),
        }
    }
    let len = u32::from_be_bytes(header) as usize;
    if len > limits::MAX_REQUEST {
        return Incoming::Bad(format!(
            "a request of {len} bytes exceeds the {}-byte limit",
            limits::MAX_REQUEST
        ));
    }
    let _reservation = if len > limits::SMALL_REQUEST {
        match budget.reserve(len, limits::BUDGET_WAIT) {
            Some(r) => Some(r),
            None => {
                return Incoming::Bad(format!(
                    "no memory free for a request of {len} bytes (setting frame-memory-mib)"
                ));
            }
        }
    } else {
        None
    };
    let deadline = Instant::now() + limits::BODY_TIMEOUT;
    let mut body = Vec::with_capacity(len.min(limits::SMALL_REQUEST));
    let mut chunk = vec![0u8; len.min(limits::SMALL_REQUEST)];
    while body.len() < len {
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            return Incoming::Bad("a request did not arrive in time".to_string());
        };
        let _ = stream.set_read_timeout(Some(left.max(Duration::from_millis(1))));
        let want = (len - body.len()).min(chunk.len());
        match stream.read(&mut chunk[..want]) {
            Ok(0) => return Incoming::Bad("closed in the middle of a frame".to_string()),
            Ok(n) => body.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if timed_out(&e) => {
                return Incoming::Bad("a request did not arrive in time".to_string());
            }
            Err(e) => return Incoming::Bad(e.to_string()),
        }
    }
    match super::frame::decode::<Request>(&body) {
        Ok(r) => Incoming::Request(Box::new(r)),
        Err(e) => Incoming::Bad(e.to_string()),
    }
}

fn serve_connection(mut stream: UnixStream, actor: Actor, shared: &Shared) {
    // A client must say hello promptly; a silent one does not hold a
    // thread. A client that stops reading answers cannot either.
    let _ = stream.set_read_timeout(Some(limits::HANDSHAKE_TIMEOUT));
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
        refuse(stream, "not a custos client".to_string());
        return;
    }
    if hello.protocol != PROTOCOL_VERSION {
        refuse(
            stream,
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
    let idle = shared
        .service
        .settings()
        .map(|s| s.idle_timeout_minutes)
        .unwrap_or(crate::model::settings::DEFAULT_IDLE_TIMEOUT_MINUTES);
    let idle = Duration::from_secs(u64::from(idle.max(1)) * 60);
    loop {
        let request = match read_request(&mut stream, &shared.budget, idle) {
            Incoming::Request(r) => *r,
            Incoming::Closed => break,
            // A request that arrived as the timeout fired is answered
            // rather than dropped unread (the client would see a reset).
            Incoming::Idle if super::has_input(&stream) => continue,
            Incoming::Idle => {
                if shared.verbose {
                    log(&format!("closing the idle connection of {}", actor.name));
                }
                break;
            }
            Incoming::Bad(reason) => {
                log(&format!(
                    "closing the connection of {}: {reason}",
                    actor.name
                ));
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
