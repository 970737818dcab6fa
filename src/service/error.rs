use serde::{Deserialize, Serialize};

use crate::model::EntityKind;
use crate::model::validate::FieldError;
use crate::store::StoreError;

/// Everything a request can fail with. Serializable, because the daemon sends
/// it to clients unchanged; messages say what and where, never echo personal
/// values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum ServiceError {
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("{kind} #{id} not found")]
    NotFound { kind: EntityKind, id: u64 },
    #[error(
        "{kind} #{id} was changed by someone else meanwhile (you edited version {expected}, \
         it is now version {actual}); reload it and apply your change again"
    )]
    Conflict {
        kind: EntityKind,
        id: u64,
        expected: u32,
        actual: u32,
    },
    #[error("permission denied: the {role} role may not {action}")]
    Denied { role: String, action: String },
    /// A business rule refuses the request ("purpose in use: archive it instead").
    #[error("{0}")]
    Refused(String),
    /// The request is allowed but needs the user's explicit confirmation
    /// first (editing a restricted contact); resend it confirmed.
    #[error("{0}")]
    NeedsConfirmation(String),
    #[error("{0}")]
    Storage(String),
    /// The connection to the daemon failed.
    #[error("{0}")]
    Transport(String),
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        ServiceError::Storage(e.to_string())
    }
}

impl From<FieldError> for ServiceError {
    fn from(e: FieldError) -> Self {
        ServiceError::Invalid {
            field: e.field,
            message: e.message,
        }
    }
}

impl ServiceError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> ServiceError {
        ServiceError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// Prefixes the field with where it came from: "contacts[3].emails".
    pub fn within(self, prefix: &str) -> ServiceError {
        match self {
            ServiceError::Invalid { field, message } => ServiceError::Invalid {
                field: format!("{prefix}.{field}"),
                message,
            },
            other => other,
        }
    }
}

pub type Result<T, E = ServiceError> = std::result::Result<T, E>;
