//! `nianbao check`: findings as lines or JSON, exit code 0/1/2.

use std::path::{Path, PathBuf};

use serde::Serialize;

use nianbao::check::Selection;
use nianbao::check::audit::{self, AuditEntry};
use nianbao::diag::{Diagnostic, count};
use nianbao::output::write_atomic;
use nianbao::pipeline::{check_for_build, collect_sources};

use super::{EXIT_ERRORS, EXIT_FATAL, EXIT_OK, OutputFormat, batch};

#[derive(Serialize)]
struct FileResult<'a> {
    file: &'a Path,
    errors: usize,
    warnings: usize,
    could_not_run: bool,
    diagnostics: &'a [Diagnostic],
}

/// What to report and where: `--only`, `--skip`, `--report`.
pub struct Choice {
    /// Rule codes to report (comma-separated).
    pub only: Option<String>,
    /// Rule codes not to report (comma-separated).
    pub skip: Option<String>,
    /// The audit workbook to write (`--report audit.xlsx`).
    pub report: Option<PathBuf>,
}

/// Runs the command.
pub fn run(
    inputs: &[PathBuf],
    previous: Option<&Path>,
    children: &[PathBuf],
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
    let mut results = batch::run_all(&files, "检查", |f| check_for_build(f, previous));
    // Two reports of one organ and year next to each other: `build` would refuse both.
    let clashes = nianbao::pipeline::output_clashes(&files, &Default::default());
    for (f, r) in files.iter().zip(results.iter_mut()) {
        if let Some(d) = clashes.get(f) {
            // A warning here (the reports themselves may be fine); `build` refuses them.
            let mut d = d.clone();
            d.severity = nianbao::diag::Severity::Warning;
            r.findings.push(d);
        }
    }
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
    for r in &mut results {
        r.findings.retain(|d| selection.keeps(d.rule));
    }
    if let Some(path) = &choice.report {
        let entries: Vec<AuditEntry> = files
            .iter()
            .zip(&results)
            .map(|(f, r)| AuditEntry {
                file: f,
                organ: r.report.as_ref().map(|x| x.meta.organ.as_str()),
                year: r.report.as_ref().map(|x| x.meta.year),
                findings: &r.findings,
                fatal: r.fatal,
            })
            .collect();
        let written = audit::workbook(&entries)
            .and_then(|bytes| write_atomic(path, &bytes).map_err(|e| e.to_string()));
        match written {
            Ok(()) => eprintln!("审核工作簿：{}（{} 份报告）", path.display(), files.len()),
            Err(e) => {
                eprintln!("错误：无法写出 {}：{e}", path.display());
                return EXIT_FATAL;
            }
        }
    }
    // One named file that cannot be read: the command could not run (2). In a batch (several
    // files or a directory) it is one failed report among others (1).
    let batch_run = files.len() > 1 || inputs.iter().any(|p| p.is_dir());
    let mut code = EXIT_OK;
    for r in &results {
        let (errors, _) = count(&r.findings);
        if r.fatal && !batch_run {
            code = EXIT_FATAL;
        } else if (r.fatal || errors > 0) && code == EXIT_OK {
            code = EXIT_ERRORS;
        }
    }
    let summary = {
        let failed = results
            .iter()
            .filter(|r| r.fatal || count(&r.findings).0 > 0)
            .count();
        let (errors, warnings) = results.iter().fold((0, 0), |(e, w), r| {
            let (a, b) = count(&r.findings);
            (e + a, w + b)
        });
        serde_json::json!({
            "files": results.len(),
            "passed": results.len() - failed,
            "failed": failed,
            "unreadable": results.iter().filter(|r| r.fatal).count(),
            "errors": errors,
            "warnings": warnings,
        })
    };
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
                &serde_json::json!({ "exit_code": code, "summary": summary, "files": out }),
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
            if batch_run {
                println!(
                    "共 {} 份：通过 {}，未通过 {}（其中无法读取 {}）",
                    summary["files"], summary["passed"], summary["failed"], summary["unreadable"]
                );
            }
        }
    }
    code
}
