//! `nianbao fonts`: what each font role resolves to on this machine.

use std::collections::BTreeMap;

use super::{EXIT_FATAL, EXIT_OK, build};

/// Runs the command.
pub fn run(values: &[String]) -> u8 {
    let config: BTreeMap<String, String> = match build::parse_fonts(values) {
        Ok(v) => v.into_iter().collect(),
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_FATAL;
        }
    };
    let set = nianbao::fonts::resolve(&config);
    for r in &set.roles {
        println!("{r}");
    }
    for w in set.warnings() {
        eprintln!("{w}");
    }
    EXIT_OK
}
