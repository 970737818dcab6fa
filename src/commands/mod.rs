//! What each subcommand does, on top of the `Backend`. `main` only parses
//! the command line and calls `run`.

mod audit;
mod backup;
mod consent;
mod contact;
mod demo;
mod import;
mod incident;
mod maintenance;
mod organisation;
pub mod output;
mod purpose;
mod request;
mod retention;
mod serve;
mod user;

use std::path::PathBuf;
use std::sync::Arc;

use crate::backend::{Backend, Local};
use crate::cli::{Cli, Command};
use crate::clock::Clock;
use crate::model::when::Zone;
use crate::model::{Role, Timestamp};
use crate::net::Remote;
use crate::service::{Actor, Service, ServiceError};
use crate::store::{Store, StoreError};

/// Why a command failed: printed as one line on stderr.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Service(#[from] ServiceError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    NotFound(String),
    /// The database is open in another process, with advice for the case.
    #[error("{0}")]
    InUse(String),
    /// The command ran and found a problem it reported itself (e.g. a broken
    /// audit chain); exit non-zero without another message.
    #[error("")]
    Reported,
}

impl CliError {
    /// The exit status for this failure (see `cli::EXIT_STATUSES`).
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Usage(_) => 2,
            CliError::NotFound(_) => 3,
            CliError::Store(StoreError::InUse(_)) | CliError::InUse(_) => 6,
            CliError::Store(_) | CliError::Io { .. } | CliError::Reported => 1,
            CliError::Service(e) => match e {
                ServiceError::Invalid { .. } => 2,
                ServiceError::NotFound { .. } => 3,
                ServiceError::Denied { .. } => 4,
                ServiceError::Conflict { .. } | ServiceError::NeedsConfirmation(_) => 5,
                ServiceError::Refused(_)
                | ServiceError::Storage { .. }
                | ServiceError::Transport(_) => 1,
            },
        }
    }

    pub fn io(context: impl Into<String>, source: std::io::Error) -> CliError {
        CliError::Io {
            context: context.into(),
            source,
        }
    }
}

pub type Result<T, E = CliError> = std::result::Result<T, E>;

/// The zone wall-clock times are typed and shown in: the service's (the
/// setting time-zone, or the server's zone).
pub(crate) fn zone(backend: &dyn Backend) -> Result<Zone> {
    let identity = crate::backend::Api::whoami(backend)?;
    Ok(Zone::named(&identity.time_zone).unwrap_or_default())
}

/// A date or time typed for `--flag`, read in `zone` (the one parser every
/// front-end uses: see `model::when`).
/// Says on stderr how it was read (the output stays for scripts), so a
/// wall-clock time taken in another zone than meant shows at once.
pub(crate) fn when(zone: &Zone, flag: &str, value: &str) -> Result<Timestamp> {
    let understood = zone
        .understand(value)
        .map_err(|e| CliError::Usage(format!("--{flag}: {e}")))?;
    eprintln!(
        "custos: --{flag} {value:?} read as {}{}",
        zone.describe(understood.at),
        if understood.date_only {
            ", the start of that day"
        } else {
            ""
        }
    );
    Ok(understood.at)
}

/// Where the database lives when neither `--db` nor `CUSTOS_DB` says.
pub fn default_db_path() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "custos").ok_or_else(|| {
        CliError::Usage(
            "cannot find your home directory for the database; pass --db PATH".to_string(),
        )
    })?;
    Ok(dirs.data_dir().join("custos.redb"))
}

fn db_path(cli: &Cli) -> Result<PathBuf> {
    match &cli.db {
        Some(p) => Ok(p.clone()),
        None => default_db_path(),
    }
}

/// An explicit `--db` (or `CUSTOS_DB`) must name a database that exists,
/// unless the command creates one: a typo must not start an empty
/// database. The default file is created on first use.
fn check_exists(cli: &Cli, creates: bool) -> Result<()> {
    match &cli.db {
        Some(path) if !creates && !cli.create && !path.exists() => {
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
            let also = match dir {
                Some(d) if !d.exists() => format!(" (nor the directory {})", d.display()),
                _ => String::new(),
            };
            Err(CliError::NotFound(format!(
                "no database at {}{also}; check the path, or create it with --create (or \
                 custos demo for demo data)",
                path.display()
            )))
        }
        _ => Ok(()),
    }
}

/// Opens the backend the command line asks for: the daemon when `--socket`
/// (or `CUSTOS_SOCKET`) names one; the database file when `--db` (or
/// `CUSTOS_DB`) names one; otherwise the daemon if its default socket
/// exists, else the default database file.
pub fn connect(cli: &Cli, clock: Clock) -> Result<Box<dyn Backend>> {
    let creates = matches!(cli.command, Some(Command::Demo(_)));
    connect_creating(cli, clock, creates)
}

fn connect_creating(cli: &Cli, clock: Clock, creates: bool) -> Result<Box<dyn Backend>> {
    if let Some(socket) = &cli.socket {
        return Ok(Box::new(Remote::connect(socket)?));
    }
    if cli.db.is_none() {
        let socket = crate::net::default_socket_path();
        if socket.exists() {
            return Ok(Box::new(Remote::connect(&socket)?));
        }
    }
    check_exists(cli, creates)?;
    let cache = match cli.command {
        None => crate::store::Cache::Resident,
        Some(_) => crate::store::Cache::OneShot,
    };
    let store = Store::open_with(&db_path(cli)?, cache)?;
    for notice in store.take_notices() {
        eprintln!("custos: {notice}");
    }
    let service = Arc::new(Service::open(store)?);
    if cli.command.is_none() {
        // The interface opens on the contact list: start on the index now,
        // in the background, while the first frame is drawn.
        service.warm_search();
    }
    // The OS user owns the file, so they are its admin.
    let actor = Actor::new(&crate::os::current_user(), Role::Admin);
    Ok(Box::new(Local::new(service, actor, clock)))
}

pub fn run(cli: Cli) -> Result<()> {
    let clock = Clock::from_env().map_err(CliError::Usage)?;
    let delimiter = u8::try_from(cli.delimiter)
        .ok()
        .filter(|d| d.is_ascii() && !d.is_ascii_alphanumeric() && *d != b'"' && *d != b'\n')
        .ok_or_else(|| {
            CliError::Usage(format!(
                "--delimiter: {:?} cannot separate CSV fields; use ; , or a tab",
                cli.delimiter
            ))
        })?;
    output::set_csv_style(crate::export::spreadsheet::CsvStyle {
        delimiter,
        bom: cli.bom,
    });
    match &cli.command {
        None => {
            use std::io::IsTerminal;
            if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
                return Err(CliError::Usage(
                    "custos needs a terminal; use a subcommand (custos --help)".to_string(),
                ));
            }
            let backend = connect(&cli, clock)?;
            crate::tui::run(backend, clock)
        }
        Some(Command::Completions { shell }) => {
            output::out!("{}", crate::cli::completions(*shell));
            Ok(())
        }
        Some(Command::Man) => {
            let page = crate::cli::man_page().map_err(|e| CliError::io("man page", e))?;
            output::out!("{page}");
            Ok(())
        }
        Some(Command::Demo(args)) => demo::run(&*connect(&cli, clock)?, clock, args),
        Some(Command::Import(args)) => import::run(&*connect(&cli, clock)?, args),
        Some(Command::Contact(cmd)) => contact::run(&*connect(&cli, clock)?, clock, cmd),
        Some(Command::Organisation(cmd)) => organisation::run(&*connect(&cli, clock)?, cmd),
        Some(Command::Audit(cmd)) => audit::run(&*connect(&cli, clock)?, cmd),
        Some(Command::Serve(args)) => serve::run(&cli, clock, args),
        Some(Command::Maintenance(args)) => maintenance::run(&*connect(&cli, clock)?, clock, args),
        Some(Command::Purpose(cmd)) => purpose::run(&*connect(&cli, clock)?, cmd),
        Some(Command::Consent(cmd)) => consent::run(&*connect(&cli, clock)?, cmd),
        Some(Command::Retention(cmd)) => retention::run(&*connect(&cli, clock)?, clock, cmd),
        Some(Command::Vacuum) => retention::vacuum(&*connect(&cli, clock)?),
        Some(Command::Backup(args)) => match (&args.check, &args.path) {
            (Some(crate::cli::BackupCommand::Verify { file }), _) => backup::verify(file),
            (None, Some(path)) => backup::write(&*connect(&cli, clock)?, path),
            (None, None) => Err(CliError::Usage("backup: name the new file".into())),
        },
        Some(Command::Restore { file }) => backup::restore(&cli, clock, file),
        Some(Command::Settings(cmd)) => retention::settings(&*connect(&cli, clock)?, cmd),
        Some(Command::Incident(cmd)) => incident::run(&*connect(&cli, clock)?, clock, cmd),
        Some(Command::User(cmd)) => user::run(&*connect(&cli, clock)?, cmd),
        Some(Command::Request(cmd)) => request::run(&*connect(&cli, clock)?, clock, cmd),
        Some(Command::Export(cmd)) => request::export(&*connect(&cli, clock)?, cmd),
    }
}
