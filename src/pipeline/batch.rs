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

/// Builds every source in parallel ([`build_file`] each), in input order.
pub fn build_all(
    files: &[PathBuf],
    opts: &BuildOptions,
    progress: impl Fn(usize, usize, &Path) + Sync,
) -> Vec<BuildReport> {
    run_all(files, |f| build_file(f, opts), progress)
}

/// Outputs written by two sources to the same path (the later one replaced the earlier), one
/// finding each with rule `same-output`, set on the later source.
pub fn same_outputs(reports: &[BuildReport]) -> Vec<Diagnostic> {
    let mut targets: HashMap<&Path, &Path> = HashMap::new();
    let mut out = Vec::new();
    for r in reports {
        for o in &r.outputs {
            if let Some(first) = targets.insert(&o.path, &r.source) {
                out.push(
                    Diagnostic::new(
                        Rule::SameOutput,
                        None,
                        format!(
                            "{} 和 {} 生成同名文件 {}，只保留了其中一个（请用不同的 -o 目录分别生成）",
                            first.display(),
                            r.source.display(),
                            o.path.display()
                        ),
                    )
                    .in_file(&r.source)
                    .in_output(o.format.extension()),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{Format, Output};
    use std::time::Duration;

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

    #[test]
    fn two_sources_writing_one_file_are_reported_once() {
        let report = |src: &str, out: &str| BuildReport {
            source: PathBuf::from(src),
            outputs: vec![Output {
                format: Format::Pdf,
                path: PathBuf::from(out),
                bytes: 1,
                elapsed: Duration::ZERO,
            }],
            ..Default::default()
        };
        let found = same_outputs(&[
            report("a.yaml", "x.pdf"),
            report("b.yaml", "y.pdf"),
            report("c.yaml", "x.pdf"),
        ]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, Rule::SameOutput);
        assert_eq!(found[0].file.as_deref(), Some(Path::new("c.yaml")));
    }
}
