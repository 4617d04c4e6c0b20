//! `nianbao init`: writes a commented starter source file.

use std::path::Path;

use nianbao::source::write::{WriteOptions, to_yaml};
use nianbao::{model::Report, template};

use super::{EXIT_ERRORS, EXIT_FATAL, EXIT_OK};

/// Runs the command.
pub fn run(
    organ: &str,
    year: i32,
    template_id: Option<u16>,
    output: Option<&Path>,
    overwrite: bool,
) -> u8 {
    let chosen = match template_id {
        Some(id) => template::get(id),
        None => template::for_year(year),
    };
    let Some(t) = chosen else {
        eprintln!("错误：没有适用的模板（可用：2019、2021；2019 模板用于 2019、2020 年度）");
        return EXIT_FATAL;
    };
    if !nianbao::model::YEARS.contains(&year) {
        eprintln!("错误：年度 {year} 不合理");
        return EXIT_FATAL;
    }
    let organ = organ.trim();
    if organ
        .chars()
        .any(|c| c.is_control() || nianbao::source::clean::is_unprintable(c))
    {
        eprintln!("错误：机关名称中不能有换行、制表符或其他控制字符，请只写机关全称");
        return EXIT_FATAL;
    }
    let report = Report::empty(t, organ, year);
    let text = to_yaml(
        &report,
        WriteOptions {
            all_rows: true,
            hints: true,
        },
    );
    match output {
        None => {
            print!("{text}");
            EXIT_OK
        }
        Some(path) => {
            if path.exists() && !overwrite {
                eprintln!("错误：{} 已存在；如要覆盖请加 --overwrite", path.display());
                return EXIT_ERRORS;
            }
            match nianbao::output::write_atomic(path, text.as_bytes()) {
                Ok(()) => {
                    eprintln!("已写出 {}（{} 模板，{} 年度）", path.display(), t.id, year);
                    EXIT_OK
                }
                Err(e) => {
                    eprintln!("错误：{}", nianbao::source::load::write_message(path, &e));
                    EXIT_ERRORS
                }
            }
        }
    }
}
