use std::sync::Arc;

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
    /// The database failed (disk, corruption, another process). In this
    /// process the store's error stays attached as the source; over the
    /// wire only the message travels.
    #[error("{message}")]
    Storage {
        message: String,
        #[serde(skip)]
        #[source]
        source: Option<StoreSource>,
    },
    /// The connection to the daemon failed.
    #[error("{0}")]
    Transport(String),
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        ServiceError::Storage {
            message: e.to_string(),
            source: Some(StoreSource(Arc::new(e))),
        }
    }
}

/// The store's error behind `ServiceError::Storage`: shared, so the error
/// stays `Clone`; errors compare by their messages, so two storage errors
/// with the same message are equal whatever their causes.
#[derive(Debug, Clone)]
pub struct StoreSource(pub Arc<StoreError>);

impl PartialEq for StoreSource {
    fn eq(&self, _: &StoreSource) -> bool {
        true
    }
}

impl Eq for StoreSource {}

impl std::fmt::Display for StoreSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for StoreSource {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
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
