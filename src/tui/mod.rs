//! The full-screen interface.

use crate::backend::Backend;
use crate::clock::Clock;
use crate::commands::{CliError, Result};

pub fn run(_backend: Box<dyn Backend>, _clock: Clock) -> Result<()> {
    Err(CliError::Usage(
        "the full-screen interface is not built yet; use the subcommands (custos --help)"
            .to_string(),
    ))
}
