//! Many sources at once: one job per file on all cores, and the checks that need every result
//! (two sources writing the same output file).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diag::{Diagnostic, Rule};

use super::{BuildOptions, BuildReport, build_file};

/// Applies `job` to every file in parallel; results come back in input order.
///
/// `progress(done, total, file)` is called after each file (from the worker that finished it),
/// so the caller can show progress; the library itself prints nothing.
pub fn run_all<T: Send>(
    files: &[PathBuf],
    job: impl Fn(&Path) -> T + Sync,
    progress: impl Fn(usize, usize, &Path) + Sync,
) -> Vec<T> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..files.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(file) = files.get(i) else { break };
                    let r = job(file);
                    if let Ok(mut all) = results.lock() {
                        all[i] = Some(r);
                    }
                    let n = done.fetch_add(1, Ordering::SeqCst) + 1;
                    progress(n, files.len(), file);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

/// Builds every source in parallel ([`build_file`] each), in input order. Sources that would
/// write the same output file as another source are not built at all (see [`output_clashes`]).
pub fn build_all(
    files: &[PathBuf],
    opts: &BuildOptions,
    progress: impl Fn(usize, usize, &Path) + Sync,
) -> Vec<BuildReport> {
    let clashes = output_clashes(files, opts);
    run_all(files, |f| build_or_refuse(f, opts, &clashes), progress)
}

/// [`build_file`], unless `clashes` names the file: then a report that says why nothing was built.
pub fn build_or_refuse(
    file: &Path,
    opts: &BuildOptions,
    clashes: &HashMap<PathBuf, Diagnostic>,
) -> BuildReport {
    match clashes.get(file) {
        Some(d) => BuildReport {
            source: file.to_path_buf(),
            failures: vec![d.clone()],
            ..Default::default()
        },
        None => build_file(file, opts),
    }
}

/// Sources of one batch whose outputs would land on the same path (two reports with the same
/// organ and year into one directory): each gets an error naming every source involved, and
/// none of them is built, so no report silently replaces another. Reading every source first
/// costs one extra load per file (about a millisecond); a single file is never looked at.
pub fn output_clashes(files: &[PathBuf], opts: &BuildOptions) -> HashMap<PathBuf, Diagnostic> {
    let mut out = HashMap::new();
    if files.len() < 2 {
        return out;
    }
    let formats = super::formats_of(opts);
    let targets = run_all(
        files,
        |f| match crate::source::load_file(f) {
            Ok(loaded) => formats
                .iter()
                .map(|&fmt| {
                    let t = super::output_path(&loaded.report, f, opts.out_dir.as_deref(), fmt);
                    (
                        std::fs::canonicalize(t.parent().unwrap_or(Path::new(".")))
                            .map(|d| d.join(t.file_name().unwrap_or_default()))
                            .unwrap_or(t),
                        fmt,
                    )
                })
                .collect::<Vec<_>>(),
            Err(_) => Vec::new(),
        },
        |_, _, _| {},
    );
    let mut by_target: HashMap<&Path, Vec<usize>> = HashMap::new();
    for (i, list) in targets.iter().enumerate() {
        for (t, _) in list {
            by_target.entry(t.as_path()).or_default().push(i);
        }
    }
    let mut shared: Vec<(&Path, &Vec<usize>)> = by_target
        .iter()
        .filter(|(_, v)| v.len() > 1)
        .map(|(t, v)| (*t, v))
        .collect();
    shared.sort();
    for (target, sources) in shared {
        let names: Vec<String> = sources
            .iter()
            .map(|&i| files[i].display().to_string())
            .collect();
        for &i in sources {
            out.entry(files[i].clone()).or_insert_with(|| {
                Diagnostic::error(
                    Rule::SameOutput,
                    None,
                    format!(
                        "{} 都会生成同一个文件 {}（机关和年度相同）；为免互相覆盖，这些报告都不生成。请核对是否重复，或用不同的 -o 目录分别生成",
                        names.join(" 和 "),
                        target.display()
                    ),
                )
                .in_file(&files[i])
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_input_order_and_progress_counts_every_file() {
        let files: Vec<PathBuf> = (0..37)
            .map(|i| PathBuf::from(format!("{i}.yaml")))
            .collect();
        let calls = AtomicUsize::new(0);
        let out = run_all(
            &files,
            |f| f.to_path_buf(),
            |_, total, _| {
                assert_eq!(total, 37);
                calls.fetch_add(1, Ordering::SeqCst);
            },
        );
        assert_eq!(out, files);
        assert_eq!(calls.load(Ordering::SeqCst), 37);
    }
}
