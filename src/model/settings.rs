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
}

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
        }
    }
}
