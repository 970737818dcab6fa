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
    /// Called once as the front-end exits: a database file this process
    /// owns is closed cleanly even while other threads still hold the
    /// backend, so the next open needs no recovery.
    fn close(&self) {}
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

    fn close(&self) {
        // A read still running after this long (a report at a million
        // contacts) is abandoned; the file then recovers at the next open.
        self.service.close(std::time::Duration::from_secs(3));
    }
}
