//! Runs one job per source file on all cores, with a progress line on a terminal.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Applies `job` to every file in parallel; results come back in input order.
pub fn run_all<T: Send>(
    files: &[PathBuf],
    verb: &str,
    job: impl Fn(&PathBuf) -> T + Sync,
) -> Vec<T> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..files.len()).map(|_| None).collect());
    let show = files.len() > 1 && std::io::stderr().is_terminal();
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
                    if show {
                        let width = 30;
                        let filled = n * width / files.len();
                        let mut err = std::io::stderr().lock();
                        let _ = write!(
                            err,
                            "\r{verb} [{}{}] {n}/{} {}\x1b[K",
                            "#".repeat(filled),
                            " ".repeat(width - filled),
                            files.len(),
                            file.display()
                        );
                        let _ = err.flush();
                    }
                }
            });
        }
    });
    if show {
        eprintln!();
    }
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}
