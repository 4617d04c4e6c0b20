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
    // Each role once: the line already says which font stands in for which (（替代字体）).
    for r in &set.roles {
        println!("{r}");
    }
    EXIT_OK
}
