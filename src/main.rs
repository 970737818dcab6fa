use clap::Parser;

use custos::cli::Cli;
use custos::commands::{self, CliError};

fn main() {
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(()) => {}
        Err(CliError::Reported) => std::process::exit(1),
        Err(e) => {
            eprintln!("custos: {e}");
            std::process::exit(1);
        }
    }
}
