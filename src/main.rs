//! The `nianbao` command: parses arguments and calls the library; the only place that prints or exits.

mod cli;

use std::process::ExitCode;

/// Exit code when stdout was closed early (`nianbao check … | head`), as a shell reports SIGPIPE.
const EXIT_BROKEN_PIPE: i32 = 141;

fn main() -> ExitCode {
    // No stack traces for users: a closed pipe ends quietly, anything else is one line.
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("未知原因");
        if message.contains("Broken pipe") {
            std::process::exit(EXIT_BROKEN_PIPE);
        }
        let place = info
            .location()
            .map(|l| format!("（{}:{}）", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("nianbao 内部错误，请将此行报告给维护者：{message}{place}");
        std::process::exit(i32::from(cli::EXIT_FATAL));
    }));
    cli::run()
}
