//! The `Backend`: one method, `call(Request) -> Result<Response>`, over the
//! Service in-process (`Local`) or a daemon (`net::Remote`). Front-ends use
//! the typed calls of `Api` (`ask(request)` and the named helpers, made from
//! the request list in `service/registry.rs`) and never see which one they
//! hold.

use std::sync::Arc;

use crate::clock::Clock;
pub use crate::service::Api;
use crate::service::{Actor, Request, Response, Result, Service};

pub trait Backend: Send + Sync {
    fn call(&self, request: Request) -> Result<Response>;
    /// Where requests go, for the status line: a file path or a socket.
    fn location(&self) -> String;
}

/// The Service in this process, over a database file this process owns.
pub struct Local {
    service: Arc<Service>,
    actor: Actor,
    clock: Clock,
}

impl Local {
    pub fn new(service: Arc<Service>, actor: Actor, clock: Clock) -> Local {
        Local {
            service,
            actor,
            clock,
        }
    }

    pub fn service(&self) -> &Arc<Service> {
        &self.service
    }
}

impl Backend for Local {
    fn call(&self, request: Request) -> Result<Response> {
        self.service.handle(&self.actor, self.clock.now(), request)
    }

    fn location(&self) -> String {
        self.service.store().path().display().to_string()
    }
}
