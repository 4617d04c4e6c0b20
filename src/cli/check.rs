//! `nianbao check`: findings as lines or JSON, exit code 0/1/2.

use std::path::{Path, PathBuf};

use serde::Serialize;

use nianbao::check::Selection;
use nianbao::diag::{Diagnostic, count};
use nianbao::pipeline::{check_file, collect_sources};

use super::{EXIT_ERRORS, EXIT_FATAL, EXIT_OK, OutputFormat, batch};

#[derive(Serialize)]
struct FileResult<'a> {
    file: &'a Path,
    errors: usize,
    warnings: usize,
    could_not_run: bool,
    diagnostics: &'a [Diagnostic],
}

/// What to report: `--only`, `--skip`.
pub struct Choice {
    /// Rule codes to report (comma-separated).
    pub only: Option<String>,
    /// Rule codes not to report (comma-separated).
    pub skip: Option<String>,
}

/// Runs the command.
pub fn run(
    inputs: &[PathBuf],
    previous: Option<&Path>,
    format: OutputFormat,
    choice: &Choice,
) -> u8 {
    let selection = match Selection::parse(choice.only.as_deref(), choice.skip.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_FATAL;
        }
    };
    let files = collect_sources(inputs);
    if files.is_empty() {
        eprintln!(
            "错误：{} 中没有 .yaml 文件",
            inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join("、")
        );
        return EXIT_FATAL;
    }
    let mut results = batch::run_all(&files, "检查", |f| check_file(f, previous));
    for r in &mut results {
        r.findings.retain(|d| selection.keeps(d.rule));
    }
    let mut code = EXIT_OK;
    for r in &results {
        let (errors, _) = count(&r.findings);
        if r.fatal {
            code = EXIT_FATAL;
        } else if errors > 0 && code == EXIT_OK {
            code = EXIT_ERRORS;
        }
    }
    match format {
        OutputFormat::Json => {
            let out: Vec<FileResult> = files
                .iter()
                .zip(&results)
                .map(|(f, r)| {
                    let (errors, warnings) = count(&r.findings);
                    FileResult {
                        file: f,
                        errors,
                        warnings,
                        could_not_run: r.fatal,
                        diagnostics: &r.findings,
                    }
                })
                .collect();
            match serde_json::to_string_pretty(
                &serde_json::json!({ "exit_code": code, "files": out }),
            ) {
                Ok(s) => println!("{s}"),
                Err(e) => {
                    eprintln!("错误：无法生成 JSON：{e}");
                    return EXIT_FATAL;
                }
            }
        }
        OutputFormat::Text => {
            for (f, r) in files.iter().zip(&results) {
                for d in &r.findings {
                    println!("{d}");
                }
                let (errors, warnings) = count(&r.findings);
                let verdict = if r.fatal {
                    "无法检查".to_owned()
                } else if errors == 0 {
                    format!("通过（{warnings} 个警告）")
                } else {
                    format!("{errors} 个错误，{warnings} 个警告")
                };
                println!("{}：{verdict}", f.display());
            }
        }
    }
    code
}
