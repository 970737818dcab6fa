use std::sync::Arc;

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use super::{CliError, Result, db_path};
use crate::cli::{Cli, ServeArgs};
use crate::clock::Clock;
use crate::net::{Server, ServerOptions, default_socket_path};
use crate::service::Service;
use crate::store::Store;

pub fn run(cli: &Cli, clock: Clock, args: &ServeArgs) -> Result<()> {
    let path = db_path(cli)?;
    // A fresh database is made only when its first admin is named.
    super::check_exists(cli, args.admin.is_some())?;
    let store = Store::open(&path)?;
    for notice in store.take_notices() {
        eprintln!("custos serve: {notice}");
    }
    let service = Arc::new(Service::open(store)?);
    // Everyone connecting will search: the index is built in the
    // background while the daemon already answers (a search waits for it,
    // nothing else does).
    service.warm_search();
    if let Some(admin) = &args.admin
        && service.bootstrap_admin(admin, clock.now())?
    {
        eprintln!(
            "custos serve: {admin} is the first admin of {}",
            path.display()
        );
    }
    if !service.has_users()? {
        return Err(CliError::Usage(format!(
            "{} has no users yet: start the daemon once with --admin NAME (an OS account)",
            path.display()
        )));
    }
    let socket = cli.socket.clone().unwrap_or_else(default_socket_path);
    let mut signals = Signals::new([SIGTERM, SIGINT])
        .map_err(|e| CliError::io("installing signal handlers", e))?;
    let server = Server::start(
        Arc::clone(&service),
        clock,
        ServerOptions {
            socket: socket.clone(),
            group: args.group.clone(),
            verbose: args.verbose,
        },
    )
    .map_err(|e| CliError::Usage(e.to_string()))?;
    eprintln!(
        "custos serve: {} on {} (pid {})",
        path.display(),
        socket.display(),
        std::process::id()
    );
    if let Some(signal) = signals.forever().next() {
        eprintln!("custos serve: signal {signal}, finishing requests in progress");
    }
    server.stop();
    // Clean, so the next start needs no recovery of the file.
    if !service.close(std::time::Duration::from_secs(10)) {
        eprintln!(
            "custos serve: a request was still running; the file will be checked at the next start"
        );
    }
    eprintln!("custos serve: stopped");
    Ok(())
}
