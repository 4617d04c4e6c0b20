//! `nianbao schema`: prints the JSON Schema of the source format.

use super::{EXIT_FATAL, EXIT_OK};

/// Runs the command.
pub fn run() -> u8 {
    match serde_json::to_string_pretty(&nianbao::schema::json_schema()) {
        Ok(s) => {
            println!("{s}");
            EXIT_OK
        }
        Err(e) => {
            eprintln!("错误：{e}");
            EXIT_FATAL
        }
    }
}
