//! Company-wide settings, kept in the database so that every user of one
//! server sees the same rules.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub version: u32,
    /// The controller (the company), as named in letters and the Art. 30 register.
    pub controller_name: String,
    pub controller_address: String,
    pub controller_email: String,
    /// Data protection officer or privacy contact point.
    pub dpo_contact: String,
    /// Technical and organisational security measures (Art. 30(1)(g), 32).
    pub security_measures: String,
    /// Sales may see the incident register (default: no).
    pub incidents_visible_to_sales: bool,
    /// The retention sweep also erases expired records, for every purpose.
    pub auto_erase_expired: bool,
    /// A sendmail-compatible command for breach letters, e.g.
    /// "/usr/sbin/sendmail -t -i". Empty: letters are only written to files.
    pub sendmail_command: String,
    /// Letter language when a contact has none: "nl" or "en".
    pub default_language: String,
    /// How many different contacts a user without the export permission
    /// (sales, read-only) may see in lists and searches per day; beyond it,
    /// lists are refused until the next day. Bulk output is an export.
    pub daily_contact_ceiling: u32,
    /// Connections one user may hold to the daemon at once.
    pub max_connections_per_user: u32,
    /// A connection that sends nothing for this long is closed (the client
    /// reconnects on its next request).
    pub idle_timeout_minutes: u32,
    /// Memory the daemon holds at most for incoming requests larger than
    /// 64 KiB, across all connections.
    pub frame_memory_mib: u32,
    /// IANA time zone in which people type and read wall-clock times; empty:
    /// the server's zone, else Europe/Amsterdam.
    pub time_zone: String,
    /// Country whose national phone numbers are meant when a number has no
    /// +country code (ISO 3166 alpha-2: NL, BE).
    pub phone_region: String,
}

/// Defaults of the limits, as documented in the README.
pub const DEFAULT_DAILY_CONTACT_CEILING: u32 = 3_000;
pub const DEFAULT_MAX_CONNECTIONS_PER_USER: u32 = 16;
pub const DEFAULT_IDLE_TIMEOUT_MINUTES: u32 = 30;
pub const DEFAULT_FRAME_MEMORY_MIB: u32 = 64;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            version: 1,
            controller_name: String::new(),
            controller_address: String::new(),
            controller_email: String::new(),
            dpo_contact: String::new(),
            security_measures: "Access limited to named staff accounts on one server; database \
                file readable only by the service account; encrypted disk; daily encrypted \
                backups; audit trail of every change."
                .to_string(),
            incidents_visible_to_sales: false,
            auto_erase_expired: false,
            sendmail_command: String::new(),
            default_language: "en".to_string(),
            daily_contact_ceiling: DEFAULT_DAILY_CONTACT_CEILING,
            max_connections_per_user: DEFAULT_MAX_CONNECTIONS_PER_USER,
            idle_timeout_minutes: DEFAULT_IDLE_TIMEOUT_MINUTES,
            frame_memory_mib: DEFAULT_FRAME_MEMORY_MIB,
            time_zone: String::new(),
            phone_region: "NL".to_string(),
        }
    }
}
