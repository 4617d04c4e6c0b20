//! `nianbao check`: findings as lines or JSON, exit code 0/1/2.

use std::path::{Path, PathBuf};

use serde::Serialize;

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

/// Runs the command.
pub fn run(
    inputs: &[PathBuf],
    previous: Option<&Path>,
    children: &[PathBuf],
    format: OutputFormat,
) -> u8 {
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
    if !children.is_empty() {
        let kids = collect_sources(children);
        for (f, r) in files.iter().zip(results.iter_mut()) {
            if let Some(report) = &r.report {
                let found = nianbao::aggregate::compare::compare(report, &kids);
                r.findings.extend(found.into_iter().map(|d| match d.file {
                    Some(_) => d,
                    None => d.in_file(f),
                }));
            }
        }
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
