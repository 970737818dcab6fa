use clap::Parser;

use custos::cli::Cli;
use custos::commands::{self, CliError};

fn main() {
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(()) => {}
        Err(e @ CliError::Reported) => std::process::exit(e.exit_code()),
        Err(e) => {
            eprintln!("custos: {e}");
            std::process::exit(e.exit_code());
        }
    }
}
