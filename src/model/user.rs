//! People who use Custos, and what their role lets them do.

use serde::{Deserialize, Serialize};

use super::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    Admin,
    PrivacyOfficer,
    Sales,
    ReadOnly,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Admin,
        Role::PrivacyOfficer,
        Role::Sales,
        Role::ReadOnly,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::PrivacyOfficer => "privacy-officer",
            Role::Sales => "sales",
            Role::ReadOnly => "read-only",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        let s = s.trim().to_lowercase().replace([' ', '_'], "-");
        let s = match s.as_str() {
            "po" | "dpo" | "privacy" => "privacy-officer".to_string(),
            "readonly" | "ro" => "read-only".to_string(),
            _ => s,
        };
        Role::ALL.into_iter().find(|r| r.key() == s)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The operating-system account name: the daemon identifies callers by
    /// their uid, never by anything they send.
    pub name: String,
    pub role: Role,
    #[serde(with = "crate::model::time::ts")]
    pub created_at: Timestamp,
    pub created_by: String,
}
