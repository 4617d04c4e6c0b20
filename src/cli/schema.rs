//! `nianbao schema`: prints (or writes) the JSON Schema of the source format.

use std::path::Path;

use super::{EXIT_ERRORS, EXIT_FATAL, EXIT_OK};

/// The schema as pretty JSON text.
pub fn text() -> Result<String, String> {
    serde_json::to_string_pretty(&nianbao::schema::json_schema())
        .map(|s| s + "\n")
        .map_err(|e| e.to_string())
}

/// Runs the command.
pub fn run(output: Option<&Path>) -> u8 {
    let s = match text() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_FATAL;
        }
    };
    match output {
        None => {
            print!("{s}");
            EXIT_OK
        }
        Some(path) => match nianbao::output::write_atomic(path, s.as_bytes()) {
            Ok(()) => {
                eprintln!("已写出 {}", path.display());
                EXIT_OK
            }
            Err(e) => {
                eprintln!("错误：{}", nianbao::source::load::write_message(path, &e));
                EXIT_ERRORS
            }
        },
    }
}
