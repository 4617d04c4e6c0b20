//! `nianbao import`: a legacy report (web text, HTML, DOCX, XLSX) into the YAML source.

use std::path::Path;

use nianbao::diag::count;
use nianbao::import::{ImportOptions, MAX_INPUT_BYTES, import_bytes};
use nianbao::source::write::{WriteOptions, round_trip_difference, to_yaml};

use super::{EXIT_ERRORS, EXIT_FATAL, EXIT_OK};

fn read_input(input: &Path) -> Result<Vec<u8>, String> {
    nianbao::input::read_path_or_stdin(input, MAX_INPUT_BYTES).map_err(|e| e.to_string())
}

/// Runs the command.
pub fn run(input: &Path, output: Option<&Path>, partial: bool, overwrite: bool) -> u8 {
    let bytes = match read_input(input) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_FATAL;
        }
    };
    if let Some(out) = output
        && out.exists()
        && !overwrite
    {
        eprintln!("错误：{} 已存在；如要覆盖请加 --overwrite", out.display());
        return EXIT_ERRORS;
    }
    let name = input.file_name().map(|n| n.to_string_lossy().into_owned());
    let opts = ImportOptions { partial };
    let imported = match import_bytes(&bytes, name.as_deref(), &opts) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{}：错误：{e}", input.display());
            return u8::try_from(e.exit_code()).unwrap_or(EXIT_FATAL);
        }
    };
    // A partial import (parts missing) still writes what was found, with exit code 1.
    let code = if imported.missing.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERRORS
    };
    for note in &imported.notes {
        eprintln!("{}", note.clone().in_file(input));
    }
    let yaml = to_yaml(&imported.report, WriteOptions::default());
    // Check the YAML as written, so findings point at lines of the output file.
    let shown = output.map_or_else(|| Path::new("<标准输出>").to_path_buf(), Path::to_path_buf);
    match nianbao::source::load_str(&yaml) {
        Ok(loaded) => {
            // Nothing may change on the way through the loader (text read as a number …).
            if let Some((line, text)) =
                round_trip_difference(&yaml, &loaded.report, WriteOptions::default())
            {
                eprintln!(
                    "错误：导入结果读回后第 {line} 行「{}」有变化，未写出。请把原文件和这条信息一起报告给维护者",
                    text.chars().take(60).collect::<String>()
                );
                return EXIT_FATAL;
            }
            let mut findings = loaded.diagnostics;
            findings.extend(nianbao::check::check(&loaded.report));
            for d in &findings {
                eprintln!("{}", d.clone().in_file(&shown));
            }
            let (errors, warnings) = count(&findings);
            let kind = imported.format.name();
            let unresolved = findings
                .iter()
                .filter(|d| d.rule == nianbao::diag::Rule::UnresolvedImport)
                .count();
            let own = errors - unresolved.min(errors);
            let mut why = Vec::new();
            if unresolved > 0 {
                why.push(format!(
                    "{unresolved} 个是导入未能确定、写为「待核」的单元格，请对照原件填写"
                ));
            }
            if own > 0 {
                why.push(format!("{own} 个是原报告本身的问题，数字按原文保留"));
            }
            eprintln!(
                "导入完成（{kind}）：检查发现 {errors} 个错误、{warnings} 个警告{}",
                if why.is_empty() {
                    String::new()
                } else {
                    format!("——{}", why.join("；"))
                }
            );
        }
        Err(e) => {
            for d in e.diagnostics(Some(&shown)) {
                eprintln!("{d}");
            }
            eprintln!(
                "错误：导入结果无法作为源文件读回（见上），未写出。请把原文件和这条信息一起报告给维护者"
            );
            return EXIT_FATAL;
        }
    }
    match output {
        None => print!("{yaml}"),
        Some(out) => {
            if let Err(e) = nianbao::output::write_atomic(out, yaml.as_bytes()) {
                eprintln!("错误：{}", nianbao::source::load::write_message(out, &e));
                return EXIT_ERRORS;
            }
            eprintln!("已写出 {}", out.display());
        }
    }
    code
}
