//! The progress line of a batch (`build`, `check` over many files) on a terminal.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Runs `job` over every file with [`nianbao::pipeline::run_all`], drawing a progress bar on
/// standard error when it is a terminal and there is more than one file.
pub fn run_all<T: Send>(files: &[PathBuf], verb: &str, job: impl Fn(&Path) -> T + Sync) -> Vec<T> {
    let show = files.len() > 1 && std::io::stderr().is_terminal();
    let results = nianbao::pipeline::run_all(files, job, |n, total, file| {
        if show {
            let width = 30;
            let filled = n * width / total;
            let mut err = std::io::stderr().lock();
            let _ = write!(
                err,
                "\r{verb} [{}{}] {n}/{total} {}\x1b[K",
                "#".repeat(filled),
                " ".repeat(width - filled),
                file.display()
            );
            let _ = err.flush();
        }
    });
    if show {
        eprintln!();
    }
    results
}
