//! `nianbao import`: a legacy report (web text, HTML, DOCX, XLSX) into the YAML source.

use std::path::Path;

use nianbao::diag::count;
use nianbao::import::{ImportOptions, MAX_INPUT_BYTES, import_bytes_with};
use nianbao::model::Report;
use nianbao::source::write::{WriteOptions, round_trip_difference, to_yaml};

use super::{EXIT_ERRORS, EXIT_FATAL, EXIT_OK};

fn read_input(input: &Path) -> Result<Vec<u8>, String> {
    nianbao::input::read_path_or_stdin(input, MAX_INPUT_BYTES).map_err(|e| e.to_string())
}

/// Runs the command: one file, or a directory of one organ's years (`-o` a directory).
pub fn run(
    input: &Path,
    output: Option<&Path>,
    partial: bool,
    overwrite: bool,
    previous: Option<&Path>,
) -> u8 {
    let last = match previous {
        None => None,
        Some(p) => match nianbao::import::last_year::load(p) {
            Ok(l) => {
                for d in &l.findings {
                    eprintln!("{d}");
                }
                Some(l.report)
            }
            Err((diags, _)) => {
                for d in diags {
                    eprintln!("{d}");
                }
                return EXIT_FATAL;
            }
        },
    };
    if input.is_dir() {
        return run_dir(input, output, partial, overwrite, last);
    }
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
    import_one(input, &bytes, output, partial, last.as_ref()).0
}

/// Imports every report of a directory in year order, each year with the one before as
/// last year's report; writes `NAME.yaml` for each into `output`.
fn run_dir(
    dir: &Path,
    output: Option<&Path>,
    partial: bool,
    overwrite: bool,
    mut last: Option<Report>,
) -> u8 {
    let Some(out_dir) = output else {
        eprintln!("错误：导入目录时请用 -o 指定写入的目录（每份报告写成同名的 .yaml）");
        return EXIT_FATAL;
    };
    if out_dir.exists() && !out_dir.is_dir() {
        eprintln!(
            "错误：{} 不是目录；导入目录时 -o 应是目录",
            out_dir.display()
        );
        return EXIT_FATAL;
    }
    let mut files: Vec<std::path::PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && is_report_file(p))
            .collect(),
        Err(e) => {
            eprintln!("错误：无法读取目录 {}：{e}", dir.display());
            return EXIT_FATAL;
        }
    };
    files.sort();
    // First pass: the year of each (a file that does not import stays in name order at the end).
    let mut years: Vec<(i32, std::path::PathBuf, Vec<u8>)> = Vec::new();
    for f in files {
        let Ok(bytes) = read_input(&f) else {
            years.push((i32::MAX, f, Vec::new()));
            continue;
        };
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned());
        let year = nianbao::import::import_bytes(
            &bytes,
            name.as_deref(),
            &ImportOptions { partial: true },
        )
        .map_or(i32::MAX, |i| {
            if i.report.meta.year == 0 {
                i32::MAX
            } else {
                i.report.meta.year
            }
        });
        years.push((year, f, bytes));
    }
    years.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    if years.is_empty() {
        eprintln!(
            "错误：{} 中没有可导入的旧报告（.txt .html .docx .xlsx .pdf）",
            dir.display()
        );
        return EXIT_FATAL;
    }
    if let Err(e) = std::fs::create_dir_all(out_dir) {
        eprintln!("错误：无法创建目录 {}：{e}", out_dir.display());
        return EXIT_FATAL;
    }
    let mut worst = EXIT_OK;
    for (year, f, bytes) in years {
        let stem = f
            .file_stem()
            .map_or_else(|| "报告".into(), |s| s.to_string_lossy().into_owned());
        let out = out_dir.join(format!("{stem}.yaml"));
        if out.exists() && !overwrite {
            eprintln!("错误：{} 已存在；如要覆盖请加 --overwrite", out.display());
            worst = worst.max(EXIT_ERRORS);
            continue;
        }
        // Last year's report helps only when it is this organ's report of the year before.
        let prev = last.as_ref().filter(|l| l.meta.year + 1 == year);
        if let Some(p) = prev {
            eprintln!(
                "{}：用上一年（{} 年度）的报告帮助拆分连写的数字",
                f.display(),
                p.meta.year
            );
        }
        let (code, report) = import_one(&f, &bytes, Some(&out), partial, prev);
        worst = worst.max(code);
        if let Some(r) = report {
            let same = last
                .as_ref()
                .is_none_or(|l| nianbao::check::previous::same_organ(&l.meta.organ, &r.meta.organ));
            if !same {
                eprintln!(
                    "{}：机关「{}」与上一份「{}」不同，不用它帮助下一年",
                    f.display(),
                    r.meta.organ,
                    last.as_ref().map_or("", |l| l.meta.organ.as_str())
                );
            }
            last = Some(r);
        }
    }
    worst
}

/// Does this file look like a report to import (by its extension)?
fn is_report_file(p: &Path) -> bool {
    let hidden = p
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'));
    let ext = p
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    !hidden
        && matches!(
            ext.as_deref(),
            Some("txt" | "html" | "htm" | "docx" | "xlsx" | "pdf")
        )
}

/// Imports one file and writes (or prints) its YAML; returns the exit code and the report.
fn import_one(
    input: &Path,
    bytes: &[u8],
    output: Option<&Path>,
    partial: bool,
    last: Option<&Report>,
) -> (u8, Option<Report>) {
    let name = input.file_name().map(|n| n.to_string_lossy().into_owned());
    let opts = ImportOptions { partial };
    let imported = match import_bytes_with(bytes, name.as_deref(), &opts, last) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{}：错误：{e}", input.display());
            return (u8::try_from(e.exit_code()).unwrap_or(EXIT_FATAL), None);
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
                return (EXIT_FATAL, None);
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
            return (EXIT_FATAL, None);
        }
    }
    match output {
        None => print!("{yaml}"),
        Some(out) => {
            if let Err(e) = nianbao::output::write_atomic(out, yaml.as_bytes()) {
                eprintln!("错误：{}", nianbao::source::load::write_message(out, &e));
                return (EXIT_ERRORS, None);
            }
            eprintln!("已写出 {}", out.display());
        }
    }
    (code, Some(imported.report))
}
