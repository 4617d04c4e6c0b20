//! The `nianbao` command: parses arguments and calls the library; the only place that prints or exits.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
