//! `nianbao init`: writes a commented starter source file.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use nianbao::source::write::{WriteOptions, to_yaml};
use nianbao::{model::Report, template};

use super::{EXIT_ERRORS, EXIT_FATAL, EXIT_OK};

/// Runs the command.
pub fn run(
    organ: Option<String>,
    year: Option<i32>,
    template_id: Option<u16>,
    output: Option<&Path>,
    overwrite: bool,
) -> u8 {
    let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let organ = match organ {
        Some(o) => o,
        None if terminal => ask("机关全称（如 某某县教育局）：").unwrap_or_default(),
        None => String::new(),
    };
    let organ = if organ.trim().is_empty() {
        nianbao::source::keys::PLACEHOLDER.to_owned()
    } else {
        organ
    };
    let last_year = last_year();
    let year = match year {
        Some(y) => y,
        None if terminal => {
            let answer = ask(&format!("报告年度（直接回车为 {last_year}）：")).unwrap_or_default();
            match answer.trim() {
                "" => last_year,
                a => match a.parse() {
                    Ok(y) => y,
                    Err(_) => {
                        eprintln!("错误：年度「{a}」不是数字，请写四位年份，如 {last_year}");
                        return EXIT_FATAL;
                    }
                },
            }
        }
        None => last_year,
    };
    let organ = organ.as_str();
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
                    write_schema_beside(path);
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

/// Writes the schema the starter's editor line names next to it, unless one is already there,
/// so VS Code (YAML extension) checks and completes the file at once.
fn write_schema_beside(source: &Path) {
    let dir = source.parent().unwrap_or(Path::new("."));
    let target = dir.join(nianbao::schema::FILE_NAME);
    if target.exists() {
        return;
    }
    let written = super::schema::text()
        .map_err(|e| e.to_string())
        .and_then(|s| {
            nianbao::output::write_atomic(&target, s.as_bytes())
                .map_err(|e| nianbao::source::load::write_message(&target, &e))
        });
    match written {
        Ok(()) => eprintln!(
            "已写出 {}（编辑器据此检查和补全源文件，见 README）",
            target.display()
        ),
        Err(e) => eprintln!("注意：未能写出 {}：{e}", target.display()),
    }
}

/// Asks one question on the terminal; the answer without the line end.
fn ask(question: &str) -> Option<String> {
    eprint!("{question}");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).ok()?;
    Some(line.trim().to_owned())
}

/// The year before the current one (reports are written early in the next year).
fn last_year() -> i32 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, ..) = nianbao::model::civil_time(i64::try_from(now).unwrap_or(0));
    i32::try_from(y).unwrap_or(2025) - 1
}
