//! Command-line definitions. The man page in `man/` is generated from these
//! (`cargo run -- man > man/custos.1`; a test checks it is current).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// What each exit status means; `--help`, the man page and the README say
/// the same (a test holds them together).
pub const EXIT_STATUSES: [(i32, &str); 7] = [
    (0, "success"),
    (
        1,
        "failure: a rule refused it, the audit chain is broken, the daemon cannot be reached",
    ),
    (
        2,
        "usage: a wrong argument or value, input that is not valid, or no terminal",
    ),
    (
        3,
        "not found: no such record, or no database at the --db path",
    ),
    (4, "permission denied: your role may not do it"),
    (
        5,
        "conflict: someone changed it meanwhile, or it needs confirming",
    ),
    (
        6,
        "database in use by another process (run custos serve for several users)",
    ),
];

/// The environment variables Custos reads.
pub const ENVIRONMENT: [(&str, &str); 8] = [
    ("CUSTOS_DB", "the database file (as --db)"),
    ("CUSTOS_SOCKET", "the daemon's socket (as --socket)"),
    (
        "CUSTOS_CONFIG",
        "the interface's config file (default ~/.config/custos/config.toml)",
    ),
    (
        "CUSTOS_LETTERS",
        "a directory of breach letter templates that replace the shipped ones",
    ),
    (
        "CUSTOS_NOW",
        "pin the clock to a date or time, for 'what if' reports and tests (1970 to 2199)",
    ),
    (
        "TZ",
        "the zone wall-clock times are read in when the time-zone setting is empty",
    ),
    (
        "CUSTOS_CACHE_MB",
        "megabytes of the database file a process keeps in memory (default 64 for the \
         interface and the daemon, 512 for other commands); more makes full reports faster",
    ),
    (
        "CUSTOS_FAILPOINT",
        "for crash tests only: abort at the named point",
    ),
];

const AFTER_HELP: &str = "Exit status: 0 success, 1 failure, 2 usage or invalid input, \
    3 not found, 4 permission denied, 5 conflict, 6 database in use (see the man page).\n\
    Environment: CUSTOS_DB, CUSTOS_SOCKET, CUSTOS_CONFIG, CUSTOS_LETTERS, CUSTOS_NOW, TZ, \
    CUSTOS_CACHE_MB.";

/// `--version`: the release, and what it reads and speaks, so an admin
/// can tell whether a client and a daemon (or a backup) go together. The
/// numbers are checked against `SCHEMA_VERSION` and `PROTOCOL_VERSION` by
/// a test.
pub const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\ndatabase schema 6\ndaemon protocol 5"
);

#[derive(Debug, Parser)]
#[command(
    name = "custos",
    version,
    long_version = LONG_VERSION,
    disable_help_subcommand = true,
    about = "A GDPR-first CRM for the terminal",
    long_about = "Custos keeps contacts, consent, retention, breaches and data-subject requests \
        in one embedded database on your own server. Run without a subcommand to open the \
        full-screen interface.",
    after_help = AFTER_HELP
)]
pub struct Cli {
    /// Database file (default: custos.redb in your data directory). A
    /// file that does not exist is refused (a typo must not start an empty
    /// database) unless --create, or demo or serve --admin
    #[arg(long, global = true, env = "CUSTOS_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Create the database named by --db if it does not exist yet
    #[arg(long, global = true)]
    pub create: bool,

    /// The daemon's socket: where `serve` listens, and where every other
    /// command finds the daemon instead of opening a database file
    /// (default: the daemon's socket when it exists)
    #[arg(long, global = true, env = "CUSTOS_SOCKET", value_name = "PATH")]
    pub socket: Option<PathBuf>,

    /// CSV output: the separator (default ; as Dutch and Belgian Excel
    /// expect; , for scripts)
    #[arg(long, global = true, value_name = "CHAR", default_value_t = ';')]
    pub delimiter: char,

    /// CSV output: start with a byte-order mark, so Excel reads the text as
    /// UTF-8 (default true; false for scripts)
    #[arg(long, global = true, value_name = "BOOL", default_value_t = true, action = clap::ArgAction::Set)]
    pub bom: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill the database with realistic demo data
    Demo(DemoArgs),
    /// Import contacts from a CSV file (a spreadsheet or another system's
    /// export), all or nothing
    Import(ImportArgs),
    /// Scriptable access to contacts
    #[command(subcommand)]
    Contact(ContactCommand),
    /// Organisations contacts belong to
    #[command(subcommand, name = "org")]
    Organisation(OrganisationCommand),
    /// The tamper-evident audit trail
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Processing purposes: legal basis, retention, recipients
    #[command(subcommand)]
    Purpose(PurposeCommand),
    /// Record and inspect consent per contact and purpose
    #[command(subcommand)]
    Consent(ConsentCommand),
    /// Retention: who must be anonymised or erased, and acting on it
    #[command(subcommand)]
    Retention(RetentionCommand),
    /// Rewrite the database into a fresh file so erased data does not
    /// linger in free pages
    Vacuum,
    /// Write a consistent, verified copy of the database to a new file, or
    /// check a backup file (backup verify FILE)
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Backup(BackupArgs),
    /// Put a backup in place of the database. Refused while the daemon or
    /// anyone else has it open; the replaced database is kept beside it
    Restore {
        /// The backup file (checked before anything is replaced)
        file: PathBuf,
    },
    /// The breach register: incidents, the 72-hour deadline, notification
    #[command(subcommand)]
    Incident(IncidentCommand),
    /// Company-wide settings (admin)
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Run the daemon that owns the database, for several users at once
    Serve(ServeArgs),
    /// The nightly round: the retention sweep, a verified backup with
    /// rotation, and a vacuum after erasures; prints a summary (counts, not
    /// ids) for the journal. The package runs it from a systemd timer
    Maintenance(MaintenanceArgs),
    /// Who may use a shared database, and with which role (admin only)
    #[command(subcommand)]
    User(UserCommand),
    /// Data-subject requests: access, rectification, erasure, restriction,
    /// objection, portability, consent withdrawal
    #[command(subcommand)]
    Request(RequestCommand),
    /// Personal-data exports of one person and the Art. 30 register
    #[command(subcommand)]
    Export(ExportCommand),
    /// Print the shell completion script for bash, zsh, fish, elvish or
    /// powershell (the package installs them)
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) generated from these definitions
    #[command(hide = true)]
    Man,
}

#[derive(Debug, Args)]
pub struct MaintenanceArgs {
    /// Write a backup into this directory (on the daemon's machine), named
    /// custos-DATE-TIME.redb; without it, no backup is made
    #[arg(long, value_name = "DIR")]
    pub backup_dir: Option<PathBuf>,
    /// Keep the newest backup of each of this many most recent days that
    /// have one
    #[arg(long, default_value_t = 7, value_name = "N")]
    pub keep_daily: usize,
    /// Also keep the newest backup of each of this many most recent ISO
    /// weeks that have one
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub keep_weekly: usize,
    /// Vacuum even when the sweep erased nobody
    #[arg(long)]
    pub always_vacuum: bool,
    /// Also write the backup encrypted to this age public key (age1…), as
    /// FILE.age, for a copy that leaves the server; repeat for several keys.
    /// Keep the matching private key off the server
    #[arg(long, value_name = "AGE_PUBLIC_KEY")]
    pub offsite_recipient: Vec<String>,
    /// Send the encrypted copy off the server with this shell command, which
    /// gets the file's path as its last argument (e.g. "rclone copy --
    /// remote:custos", or a script); the .age file is removed once it
    /// succeeded
    #[arg(long, value_name = "COMMAND", requires = "offsite_recipient")]
    pub offsite_command: Option<String>,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    #[command(subcommand)]
    pub check: Option<BackupCommand>,
    /// The new file (on the daemon's machine when using a daemon); it must
    /// not exist yet
    #[arg(required = true)]
    pub path: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Read a backup file without changing it: every record decoded and
    /// the audit chain verified
    Verify {
        /// The backup file
        file: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many contacts to generate
    #[arg(long, default_value_t = 500)]
    pub contacts: u32,
    /// Seed of the generator: the same seed gives the same people
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// Add demo data even though the database holds real contacts
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// CSV with a header row, comma- or semicolon-separated, UTF-8. Columns
    /// (any case; English or Dutch names): given name, family name (or one
    /// name column), email, phone (several separated by ;), organisation
    /// (linked by name, created when new), job title, street, postal code,
    /// city, country, tags (separated by ; or ,), notes, owner, language,
    /// created (YYYY-MM-DD)
    pub file: PathBuf,
    /// Read and check the file, say what would be imported, write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Import the other rows when some name an e-mail address that is
    /// already on a contact (or earlier in the file); without it, such rows
    /// stop the import
    #[arg(long)]
    pub skip_existing: bool,
    /// Leave out columns Custos does not know instead of refusing the file
    #[arg(long)]
    pub ignore_unknown: bool,
}

/// The one spelling of output formats, on every list and show command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ListFormat {
    /// Aligned columns (a header line when writing to a terminal), or the
    /// record as text for a show command
    #[default]
    Table,
    /// Spreadsheet-ready CSV (see --delimiter and --bom)
    Csv,
    /// JSON: values spelled as in the CSV
    Json,
}

#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// List contacts, optionally matching a fuzzy query
    List {
        /// Fuzzy query over name, organisation, e-mail and phone
        #[arg(long, short)]
        query: Option<String>,
        /// Sort column: name, organisation, email, phone, status, updated
        #[arg(long, default_value = "name")]
        sort: String,
        /// Reverse the order
        #[arg(long)]
        desc: bool,
        /// Print at most this many
        #[arg(long)]
        limit: Option<usize>,
        /// How to print it: table (aligned columns), csv or json
        #[arg(long, value_enum, default_value_t)]
        format: ListFormat,
    },
    /// Show everything about one contact
    Show {
        /// The contact's id (the first column of contact list)
        id: u64,
        /// How to print it: table (aligned columns), csv or json
        #[arg(long, value_enum, default_value_t)]
        format: ListFormat,
    },
    /// Add a contact; prints its id
    Add(ContactFields),
    /// Change fields of a contact
    Edit {
        /// The contact's id (the first column of contact list)
        id: u64,
        #[command(flatten)]
        fields: ContactFields,
        /// Fail instead of editing if the contact is no longer at this version
        #[arg(long)]
        expect_version: Option<u32>,
        /// Edit even though processing is restricted (Art. 18): to rectify,
        /// or as the person asked
        #[arg(long)]
        confirm_restricted: bool,
    },
    /// Restrict processing (Art. 18): the contact is kept but left out of
    /// every mailing and notification export
    Restrict {
        /// The contact's id (the first column of contact list)
        id: u64,
        /// Why (e.g. "accuracy contested, request #12")
        #[arg(long)]
        reason: String,
    },
    /// Lift a restriction (tell the person first, Art. 18(3))
    Unrestrict {
        /// The contact's id (the first column of contact list)
        id: u64,
    },
    /// Delete a contact and everything about them (an erasure)
    Rm {
        /// The contact's id (the first column of contact list)
        id: u64,
        /// Do not ask for confirmation
        #[arg(long, short)]
        yes: bool,
    },
    /// Log an interaction (call, email, meeting, order, note)
    Log {
        /// The contact's id (the first column of contact list)
        id: u64,
        /// call, email, meeting, order or note
        #[arg(long, default_value = "note")]
        kind: String,
        /// What happened
        #[arg(long, short)]
        summary: String,
        /// When it happened (YYYY-MM-DD or RFC 3339; default now)
        #[arg(long)]
        at: Option<String>,
    },
}

/// Contact fields. On `edit`, only the options given change; list options
/// replace the whole list, and an empty value clears a field.
#[derive(Debug, Args, Default)]
pub struct ContactFields {
    /// Given name
    #[arg(long)]
    pub given: Option<String>,
    /// Family name, with any prefix ("van den Berg")
    #[arg(long)]
    pub family: Option<String>,
    /// E-mail address (repeat for several)
    #[arg(long = "email")]
    pub emails: Vec<String>,
    /// Phone number (repeat for several)
    #[arg(long = "phone")]
    pub phones: Vec<String>,
    /// Organisation id (0 removes the link)
    #[arg(long = "org")]
    pub organisation: Option<u64>,
    /// Job title
    #[arg(long)]
    pub title: Option<String>,
    /// Street and number
    #[arg(long)]
    pub street: Option<String>,
    /// Postal code
    #[arg(long)]
    pub postal_code: Option<String>,
    /// City
    #[arg(long)]
    pub city: Option<String>,
    /// Two-letter country code
    #[arg(long)]
    pub country: Option<String>,
    /// Tag (repeat for several)
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// Free text; never put special-category data (health, religion…) here
    #[arg(long)]
    pub notes: Option<String>,
    /// User responsible for the contact
    #[arg(long)]
    pub owner: Option<String>,
    /// Letter language (ISO 639-1, e.g. nl, en)
    #[arg(long)]
    pub language: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum OrganisationCommand {
    /// List organisations
    List {
        /// How to print it: table (aligned columns), csv or json
        #[arg(long, value_enum, default_value_t)]
        format: ListFormat,
    },
    /// Add an organisation; prints its id
    Add(OrganisationFields),
    /// Change fields of an organisation
    Edit {
        /// The organisation's id (the first column of org list)
        id: u64,
        #[command(flatten)]
        fields: OrganisationFields,
    },
    /// Delete an organisation that no contact belongs to
    Rm {
        /// The organisation's id (the first column of org list)
        id: u64,
    },
}

#[derive(Debug, Args, Default)]
pub struct OrganisationFields {
    /// The organisation's name
    #[arg(long)]
    pub name: Option<String>,
    /// VAT number (e.g. NL123456789B01, BE0123456789)
    #[arg(long)]
    pub vat: Option<String>,
    /// Website address
    #[arg(long)]
    pub website: Option<String>,
    /// Switchboard phone number
    #[arg(long)]
    pub phone: Option<String>,
    /// City
    #[arg(long)]
    pub city: Option<String>,
    /// Two-letter country code
    #[arg(long)]
    pub country: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain; exits non-zero at the first broken entry
    Verify,
    /// Show audit entries, newest first
    List {
        /// How many entries, newest first
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// How to print it: table (aligned columns), csv or json
        #[arg(long, value_enum, default_value_t)]
        format: ListFormat,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Make this OS account the first admin of a database without users
    #[arg(long, value_name = "NAME")]
    pub admin: Option<String>,
    /// Members of this group may connect (socket mode 0660)
    #[arg(long, value_name = "GROUP")]
    pub group: Option<String>,
    /// Log every connection, not only refusals and errors
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// List users and their roles
    List {
        /// How to print it: table (aligned columns), csv or json
        #[arg(long, value_enum, default_value_t)]
        format: ListFormat,
    },
    /// Give an OS account access with a role
    Add {
        /// The OS account name (as `id -un` prints it)
        name: String,
        /// admin, privacy-officer, sales or read-only
        #[arg(long)]
        role: String,
    },
    /// Change a user's role
    Role {
        /// The OS account name (as `id -un` prints it)
        name: String,
        /// admin, privacy-officer, sales or read-only
        role: String,
    },
    /// Take a user's access away
    Remove {
        /// The OS account name (as `id -un` prints it)
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum PurposeCommand {
    /// List purposes with how many contacts hold each consent state
    List {
        /// How to print it: table (aligned columns), csv or json
        #[arg(long, value_enum, default_value_t)]
        format: ListFormat,
    },
    /// Show one purpose (by id or name)
    Show {
        /// Purpose id or name
        purpose: String,
        /// How to print it: table (aligned columns), csv or json
        #[arg(long, value_enum, default_value_t)]
        format: ListFormat,
    },
    /// Add a purpose; prints its id
    Add(PurposeFields),
    /// Change a purpose
    Edit {
        /// Purpose id or name
        purpose: String,
        #[command(flatten)]
        fields: PurposeFields,
    },
    /// Archive a purpose: no new consent, history kept
    Archive {
        /// Purpose id or name
        purpose: String,
    },
    /// Delete a purpose no consent refers to
    Rm {
        /// Purpose id or name
        purpose: String,
    },
    /// List the shipped templates, or load some (--load KEY, or --all)
    Templates {
        /// Load the template with this key (repeat for several)
        #[arg(long = "load", value_name = "KEY")]
        load: Vec<String>,
        /// Load every template
        #[arg(long)]
        all: bool,
    },
    /// Who may be contacted for a purpose now (consent or other basis,
    /// not restricted, not objected)
    Audience {
        /// Purpose id or name
        purpose: String,
        /// How to print it: table (aligned columns), csv or json
        #[arg(long, value_enum, default_value_t)]
        format: ListFormat,
    },
}

/// Purpose fields. On `edit`, only the options given change; list options
/// replace the whole list.
#[derive(Debug, Args, Default)]
pub struct PurposeFields {
    /// The purpose's name, as people will read it
    #[arg(long)]
    pub name: Option<String>,
    /// What the data is used for, in plain words (shown in exports and the Art. 30 register)
    #[arg(long)]
    pub description: Option<String>,
    /// consent, contract, legal-obligation, vital-interests, public-task,
    /// legitimate-interest (or the Art. 6(1) letter)
    #[arg(long)]
    pub basis: Option<String>,
    /// For legitimate interest: the interest pursued
    #[arg(long)]
    pub interest: Option<String>,
    /// Retention period in months
    #[arg(long)]
    pub months: Option<u32>,
    /// What retention runs from: consent-given, last-interaction,
    /// end-of-contract, creation
    #[arg(long)]
    pub from: Option<String>,
    /// Category of personal data processed (repeat for several)
    #[arg(long = "data-category")]
    pub data_categories: Vec<String>,
    /// Category of people concerned, e.g. customers (repeat for several)
    #[arg(long = "subject-category")]
    pub subject_categories: Vec<String>,
    /// Recipient or processor the data goes to (repeat for several)
    #[arg(long = "recipient")]
    pub recipients: Vec<String>,
    /// A transfer outside the EEA: "DESTINATION=SAFEGUARD" (adequacy, scc,
    /// bcr, derogation, other)
    #[arg(long = "transfer")]
    pub transfers: Vec<String>,
    /// An Art. 9 category this purpose may hold (health, religion, …)
    #[arg(long = "special")]
    pub special: Vec<String>,
    /// The Art. 9(2) condition for special categories
    #[arg(long)]
    pub condition: Option<String>,
    /// Direct marketing (an objection ends it)
    #[arg(long)]
    pub marketing: Option<bool>,
    /// Let the retention sweep erase expired records of this purpose
    #[arg(long)]
    pub auto_erase: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub enum ConsentCommand {
    /// Record that CONTACT gave consent for PURPOSE
    Give(ConsentArgs),
    /// Record that CONTACT withdrew consent for PURPOSE
    Withdraw(ConsentArgs),
    /// Record that CONTACT refused when asked
    Refuse(ConsentArgs),
    /// The full history of CONTACT's consent for PURPOSE
    History {
        /// The contact's id
        contact: u64,
        /// Purpose id or name
        purpose: String,
        /// How to print it: table (aligned columns), csv or json
        #[arg(long, value_enum, default_value_t)]
        format: ListFormat,
    },
}

#[derive(Debug, Args)]
pub struct ConsentArgs {
    /// The contact's id
    pub contact: u64,
    /// Purpose id or name
    pub purpose: String,
    /// phone, web-form, email, paper, in-person, import
    #[arg(long, default_value = "email")]
    pub channel: String,
    /// What was asked and how (required to give consent)
    #[arg(long, default_value = "")]
    pub evidence: String,
    /// When the person decided (YYYY-MM-DD or RFC 3339; default now)
    #[arg(long)]
    pub at: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// Counts per state and the contacts that need attention
    Report {
        /// Evaluate as of this date ("what expires next month")
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Only this state: no-basis, expired, expiring-30, expiring-90,
        /// scheduled, legal-hold, fine, anonymised
        #[arg(long)]
        state: Option<String>,
        /// How to print it: table (aligned columns), csv or json
        #[arg(long, value_enum, default_value_t)]
        format: ListFormat,
    },
    /// Carry out the erasures that are due; for a nightly cron job
    Sweep {
        /// Sweep as if it were this date (YYYY-MM-DD; default now)
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Only say what would be done
        #[arg(long)]
        dry_run: bool,
    },
    /// Anonymise contacts now (keeps statistics, removes every personal value)
    Anonymise {
        /// Contact ids (several allowed)
        #[arg(required = true)]
        ids: Vec<u64>,
        /// Do not ask for confirmation
        #[arg(long, short)]
        yes: bool,
    },
    /// Schedule erasure of contacts on a date
    Schedule {
        /// Contact ids (several allowed)
        #[arg(required = true)]
        ids: Vec<u64>,
        /// The date the erasure happens (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        on: String,
        /// Delete instead of anonymising
        #[arg(long)]
        delete: bool,
        /// Why, for the record (shown in the audit trail and the dashboard)
        #[arg(long)]
        reason: String,
    },
    /// Cancel a scheduled erasure
    Cancel {
        /// Contact ids (several allowed)
        #[arg(required = true)]
        ids: Vec<u64>,
    },
    /// Keep contacts until a date, for a recorded reason
    Extend {
        /// Contact ids (several allowed)
        #[arg(required = true)]
        ids: Vec<u64>,
        /// Keep until this date (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        until: String,
        /// Why, for the record (shown in the audit trail and the dashboard)
        #[arg(long)]
        reason: String,
    },
    /// Put contacts on legal hold (suspends every erasure)
    Hold {
        /// Contact ids (several allowed)
        #[arg(required = true)]
        ids: Vec<u64>,
        /// Why, for the record (shown in the audit trail and the dashboard)
        #[arg(long)]
        reason: String,
    },
    /// Take contacts off legal hold
    Release {
        /// Contact ids (several allowed)
        #[arg(required = true)]
        ids: Vec<u64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Show the settings
    Show {
        /// How to print it: table (aligned columns), csv or json
        #[arg(long, value_enum, default_value_t)]
        format: ListFormat,
    },
    /// Change one setting: controller-name, controller-address,
    /// controller-email, dpo-contact, security-measures,
    /// incidents-visible-to-sales, auto-erase-expired, sendmail-command,
    /// default-language, time-zone (an IANA name such as Europe/Brussels;
    /// empty: the server's zone, else Europe/Amsterdam), phone-region (the
    /// country of numbers written without +country code: NL, BE),
    /// daily-contact-ceiling (3000), max-connections-per-user (16),
    /// idle-timeout-minutes (30), frame-memory-mib (64)
    Set {
        /// The setting's name, as settings show lists it
        key: String,
        /// The new value (an empty string clears a text setting)
        value: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum IncidentCommand {
    /// List incidents with their deadline
    List {
        /// How to print it: table (aligned columns), csv or json
        #[arg(long, value_enum, default_value_t)]
        format: ListFormat,
    },
    /// Show one incident (the Art. 33(5) documentation)
    Show {
        /// The incident's id (the first column of incident list)
        id: u64,
        /// How to print it: table (aligned columns), csv or json
        #[arg(long, value_enum, default_value_t)]
        format: ListFormat,
    },
    /// Register a breach; prints its id
    Add(IncidentFields),
    /// Change an incident: facts, the authority's notification, status
    Edit {
        /// The incident's id (the first column of incident list)
        id: u64,
        #[command(flatten)]
        fields: IncidentFields,
    },
    /// Add a note to the incident's timeline
    Note {
        /// The incident's id (the first column of incident list)
        id: u64,
        /// The note
        text: String,
    },
    /// Add the people a rule selects to the notification list (frozen as
    /// they are now); without a rule, show the list
    NotifyList {
        /// The incident's id (the first column of incident list)
        id: u64,
        #[command(flatten)]
        rule: RuleArgs,
        /// Only count who the rule selects
        #[arg(long)]
        preview: bool,
    },
    /// Mark people on the list as notified (or, with --undo, not)
    Mark {
        /// The incident's id (the first column of incident list)
        id: u64,
        /// Contact ids to mark (or --all)
        contacts: Vec<u64>,
        /// Everyone on the list
        #[arg(long)]
        all: bool,
        /// Mark as not notified instead
        #[arg(long)]
        undo: bool,
    },
    /// Export the notification list (csv), letters (eml: a directory with
    /// one letter per person), or the documentation (md, json)
    Export {
        /// The incident's id (the first column of incident list)
        id: u64,
        /// csv (the list), eml (letters), md or json (the documentation)
        #[arg(long, value_enum)]
        format: IncidentFormat,
        /// File, or directory for eml
        #[arg(long, short)]
        output: PathBuf,
    },
    /// Send the letters through the configured sendmail command
    Send {
        /// The incident's id (the first column of incident list)
        id: u64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IncidentFormat {
    Csv,
    Eml,
    Md,
    Json,
}

#[derive(Debug, Args, Default)]
pub struct IncidentFields {
    /// A short title
    #[arg(long)]
    pub title: Option<String>,
    /// What happened
    #[arg(long)]
    pub description: Option<String>,
    /// When it happened (YYYY-MM-DD or RFC 3339)
    #[arg(long, value_name = "DATE")]
    pub occurred: Option<String>,
    /// When the company became aware: the 72 hours start here (default now)
    #[arg(long, value_name = "DATE")]
    pub aware: Option<String>,
    /// confidentiality, integrity, availability (repeat for several)
    #[arg(long)]
    pub nature: Vec<String>,
    /// Category of personal data concerned (repeat for several)
    #[arg(long = "data-category")]
    pub data_categories: Vec<String>,
    /// Category of people concerned (repeat for several)
    #[arg(long = "subject-category")]
    pub subject_categories: Vec<String>,
    /// Approximate number of people affected
    #[arg(long)]
    pub people: Option<u64>,
    /// Approximate number of records affected
    #[arg(long)]
    pub records: Option<u64>,
    /// Likely consequences for the people (Art. 33(3)(c))
    #[arg(long)]
    pub consequences: Option<String>,
    /// Measures taken or proposed (Art. 33(3)(d))
    #[arg(long)]
    pub measures: Option<String>,
    /// none, risk, high
    #[arg(long)]
    pub risk: Option<String>,
    /// Whom people and the authority can contact
    #[arg(long)]
    pub contact_point: Option<String>,
    /// When the authority was notified
    #[arg(long, value_name = "DATE")]
    pub authority_notified: Option<String>,
    /// The supervisory authority's reference for the notification
    #[arg(long)]
    pub authority_reference: Option<String>,
    /// The authority notified (e.g. Autoriteit Persoonsgegevens, GBA/APD)
    #[arg(long)]
    pub authority_name: Option<String>,
    /// Why the authority was told after more than 72 hours
    #[arg(long)]
    pub delay_reason: Option<String>,
    /// Must the people be told: yes, no (with --why), undecided
    #[arg(long)]
    pub tell_people: Option<String>,
    /// Why the authority or the people are not notified, or late (Art. 33(1), 34(3))
    #[arg(long)]
    pub why: Option<String>,
    /// open, notified, closed
    #[arg(long)]
    pub status: Option<String>,
}

/// Who an incident affects. Filters combine (all must hold); --contact adds
/// people by hand.
#[derive(Debug, Args, Default)]
pub struct RuleArgs {
    /// Every contact
    #[arg(long)]
    pub everyone: bool,
    /// Contacts with this tag (repeat for several)
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// Contacts of this organisation id (repeat for several)
    #[arg(long = "org")]
    pub organisations: Vec<u64>,
    /// Purpose id or name
    #[arg(long)]
    pub purpose: Option<String>,
    /// Created between FROM..TO (YYYY-MM-DD..YYYY-MM-DD)
    #[arg(long, value_name = "FROM..TO")]
    pub created: Option<String>,
    /// Had an interaction between FROM..TO
    #[arg(long, value_name = "FROM..TO")]
    pub interacted: Option<String>,
    /// Add this contact id by hand (repeat for several)
    #[arg(long = "contact")]
    pub contacts: Vec<u64>,
}

#[derive(Debug, Subcommand)]
pub enum RequestCommand {
    /// The queue: open requests, nearest deadline first
    List {
        /// Closed requests too
        #[arg(long)]
        all: bool,
        /// How to print it: table (aligned columns), csv or json
        #[arg(long, value_enum, default_value_t)]
        format: ListFormat,
    },
    /// File a request; prints its id. The deadline is one month from receipt.
    Add {
        /// access, rectification, erasure, restriction, objection,
        /// portability, consent-withdrawal
        #[arg(long)]
        kind: String,
        /// The contact it is about
        #[arg(long)]
        contact: Option<u64>,
        /// Who asked, as they identified themselves, when not yet matched
        #[arg(long)]
        requester: Option<String>,
        /// When it was received (YYYY-MM-DD; default today)
        #[arg(long, value_name = "DATE")]
        received: Option<String>,
        /// A note for the record (how it arrived, what exactly was asked)
        #[arg(long)]
        note: Option<String>,
    },
    /// Show one request with its notes
    Show {
        /// The request's id (the first column of request list)
        id: u64,
        /// How to print it: table (aligned columns), csv or json
        #[arg(long, value_enum, default_value_t)]
        format: ListFormat,
    },
    /// Set the status: new, identity-verified, in-progress, refused (with
    /// --reason), done (with --note, closing it by hand)
    Status {
        /// The request's id (the first column of request list)
        id: u64,
        /// new, identity-verified, in-progress, refused or done
        status: String,
        /// A note for the record
        #[arg(long)]
        note: Option<String>,
        /// Why the request is refused (told to the person, Art. 12(4))
        #[arg(long)]
        reason: Option<String>,
    },
    /// Extend the deadline by two months, with the reason the person is told
    Extend {
        /// The request's id (the first column of request list)
        id: u64,
        /// Why more time is needed (the person is told, Art. 12(3))
        #[arg(long)]
        reason: String,
    },
    /// Match the request to a contact
    Link {
        /// The request's id (the first column of request list)
        id: u64,
        /// The contact's id
        contact: u64,
    },
    /// Add a note
    Note {
        /// The request's id (the first column of request list)
        id: u64,
        /// The note
        text: String,
    },
    /// Carry the request out and close it: access and portability write the
    /// export to --output; erasure anonymises (or --delete), now or --on a
    /// date; restriction needs --reason; objection and consent withdrawal
    /// withdraw; rectification records the correction. A request that
    /// matches no contact is closed with --note.
    Done {
        /// The request's id (the first column of request list)
        id: u64,
        /// Where the export goes (access, portability)
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Default: from the output's extension (.json, .zip, .csv, .xlsx)
        #[arg(long, value_enum)]
        format: Option<SubjectFormat>,
        /// One flat CSV instead of a zip with a file per section
        #[arg(long)]
        flat: bool,
        /// Erasure: delete the record instead of anonymising it
        #[arg(long)]
        delete: bool,
        /// Erasure: on this date, by the retention sweep (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// Restriction: why
        #[arg(long)]
        reason: Option<String>,
        /// A note for the record
        #[arg(long)]
        note: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SubjectFormat {
    Json,
    /// A zip with cover.txt and one CSV per section; one flat file with
    /// --flat or an output ending in .csv
    Csv,
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RopaFormat {
    Md,
    Csv,
    Xlsx,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Everything stored about one person (Art. 15, 20), with a cover
    /// explaining purposes and rights
    Subject {
        /// The contact's id
        contact: u64,
        /// Default: from the output's extension (.json, .zip, .csv, .xlsx)
        #[arg(long, value_enum)]
        format: Option<SubjectFormat>,
        /// One flat CSV instead of a zip with a file per section
        #[arg(long)]
        flat: bool,
        /// The file to write
        #[arg(long, short)]
        output: PathBuf,
    },
    /// The records of processing activities (Art. 30) from the purposes
    Ropa {
        /// md, csv or xlsx
        #[arg(long, value_enum)]
        format: RopaFormat,
        /// The file to write
        #[arg(long, short)]
        output: PathBuf,
    },
}

impl Cli {
    pub fn command() -> clap::Command {
        <Cli as clap::CommandFactory>::command()
    }
}

/// The man page: the main page followed by a section per subcommand, so one
/// `man custos` documents everything.
pub fn man_page() -> Result<String, std::io::Error> {
    let cmd = Cli::command();
    let mut out = Vec::new();
    let man = clap_mangen::Man::new(cmd.clone()).date("2026-11-23");
    man.render(&mut out)?;
    // Each subcommand gets a section; clap_mangen writes its parts as
    // sections too, which become subsections here.
    fn walk(cmd: &clap::Command, prefix: &str, out: &mut Vec<u8>) -> Result<(), std::io::Error> {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let name = format!("{prefix} {}", sub.get_name());
            let sub = sub.clone().name(name.clone());
            let mut part = Vec::new();
            let man = clap_mangen::Man::new(sub.clone());
            man.render_description_section(&mut part)?;
            man.render_synopsis_section(&mut part)?;
            if sub.get_arguments().any(|a| !a.is_hide_set()) {
                man.render_options_section(&mut part)?;
            }
            let part = String::from_utf8_lossy(&part)
                .lines()
                .filter(|l| !l.starts_with(".ie ") && !l.starts_with(".el "))
                .map(|l| match l.strip_prefix(".SH ") {
                    Some(title) => format!(".SS {title}\n"),
                    None => format!("{l}\n"),
                })
                .collect::<String>();
            out.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
            out.extend_from_slice(part.as_bytes());
            walk(&sub, &name, out)?;
        }
        Ok(())
    }
    walk(&cmd, "custos", &mut out)?;
    let mut page = String::from_utf8_lossy(&out).into_owned();
    // clap_mangen names a page per subcommand (custos-demo(1)); there is
    // one page, with a section per subcommand.
    for sub in cmd.get_subcommands() {
        page = page.replace(
            &format!("\ncustos\\-{}(1)\n", sub.get_name()),
            &format!(
                "\n\\fBcustos {}\\fR (see its section below)\n",
                sub.get_name()
            ),
        );
    }
    page.push_str(".SH EXAMPLES\n");
    for (example, meaning) in EXAMPLES {
        page.push_str(&format!(
            ".TP\n\\fB{}\\fR\n{}\n",
            roff(example),
            roff(meaning)
        ));
    }
    page.push_str(".SH FILES\n");
    for (file, meaning) in FILES {
        page.push_str(&format!(".TP\n\\fI{}\\fR\n{}\n", roff(file), roff(meaning)));
    }
    page.push_str(".SH \"EXIT STATUS\"\n");
    for (code, meaning) in EXIT_STATUSES {
        page.push_str(&format!(".TP\n\\fB{code}\\fR\n{}\n", roff(meaning)));
    }
    page.push_str(".SH ENVIRONMENT\n");
    for (name, meaning) in ENVIRONMENT {
        page.push_str(&format!(".TP\n\\fB{name}\\fR\n{}\n", roff(meaning)));
    }
    Ok(page)
}

/// The completion script for `shell`, generated from these definitions.
pub fn completions(shell: clap_complete::Shell) -> String {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "custos", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Where the files the package installs live, for the man page's FILES.
pub const FILES: [(&str, &str); 6] = [
    (
        "~/.local/share/custos/custos.redb",
        "the database when no daemon runs and no --db is given",
    ),
    (
        "/var/lib/custos/custos.redb",
        "the database the packaged daemon owns (readable only by the custos account)",
    ),
    (
        "/run/custos/custos.sock",
        "the daemon's socket; members of the custos group may connect",
    ),
    (
        "/var/backups/custos/",
        "where the packaged daemon's backups are written",
    ),
    (
        "~/.config/custos/config.toml",
        "personal key map and theme (see CUSTOS_CONFIG)",
    ),
    (
        "/usr/share/custos/letters/",
        "the shipped breach letter templates (see CUSTOS_LETTERS)",
    ),
];

/// Worked examples for the man page.
pub const EXAMPLES: [(&str, &str); 7] = [
    (
        "custos demo --db /tmp/demo.redb && custos --db /tmp/demo.redb",
        "try it on demo data",
    ),
    (
        "custos contact list --query \"de vries\" --format csv > vries.csv",
        "contacts as a spreadsheet",
    ),
    (
        "custos retention report --as-of 2027-01-01",
        "what will be due at the new year",
    ),
    (
        "custos retention sweep",
        "carry out the erasures that are due (nightly)",
    ),
    (
        "custos incident list",
        "the breach register with the 72-hour deadlines",
    ),
    (
        "custos backup /var/backups/custos/custos-$(date +%F).redb && custos backup verify /var/backups/custos/custos-$(date +%F).redb",
        "a copy, checked",
    ),
    (
        "custos audit verify",
        "check that the audit trail was not edited",
    ),
];

/// Text safe in a roff paragraph: no leading dot or quote, backslashes
/// doubled, dashes as hyphens.
fn roff(text: &str) -> String {
    let text = text.replace('\\', "\\\\").replace('-', "\\-");
    if text.starts_with('.') || text.starts_with('\'') {
        format!("\\&{text}")
    } else {
        text
    }
}
