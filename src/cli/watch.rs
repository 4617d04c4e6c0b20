//! `nianbao watch`: rebuilds on save, one line per build, keeps running after errors.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use nianbao::pipeline::{BuildOptions, build_file};
use nianbao::watch::Watcher;

use super::EXIT_FATAL;

/// How often files are looked at.
const POLL: Duration = Duration::from_millis(100);
/// A save is handled once the file has been quiet this long (editors write in several steps).
const QUIET: Duration = Duration::from_millis(80);

fn clock() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let day = secs % 86_400;
    format!("{:02}:{:02}:{:02}", day / 3600, day / 60 % 60, day % 60)
}

/// Runs until interrupted.
pub fn run(inputs: Vec<PathBuf>, opts: BuildOptions) -> u8 {
    if inputs.iter().any(|p| !p.exists()) {
        eprintln!(
            "错误：找不到 {}",
            inputs
                .iter()
                .filter(|p| !p.exists())
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join("、")
        );
        return EXIT_FATAL;
    }
    let mut watcher = Watcher::new(inputs);
    // Notes (font stand-ins, …) are shown once per session, not on every rebuild.
    let mut shown = std::collections::HashSet::new();
    eprintln!("监视中（Ctrl+C 结束）……");
    loop {
        let mut changed = watcher.changed();
        if !changed.is_empty() {
            // Debounce: wait until nothing more changes for QUIET.
            let start = Instant::now();
            loop {
                std::thread::sleep(QUIET);
                let more = watcher.changed();
                if more.is_empty() || start.elapsed() > Duration::from_secs(2) {
                    break;
                }
                changed.extend(more);
            }
            changed.sort();
            changed.dedup();
            for file in changed {
                let r = build_file(&file, &opts);
                let ms = r.elapsed.as_millis();
                if r.succeeded() {
                    println!(
                        "[{}] {} → {} 个文件（{} 个警告），{ms} ms",
                        clock(),
                        file.display(),
                        r.outputs.len(),
                        r.warnings()
                    );
                } else {
                    let first = r
                        .findings
                        .iter()
                        .find(|d| d.is_error())
                        .map(|d| d.to_string())
                        .or_else(|| r.failures.first().map(|f| f.message.clone()))
                        .unwrap_or_default();
                    println!("[{}] {} 失败：{first}（{ms} ms）", clock(), file.display());
                }
                for n in &r.notes {
                    if shown.insert(n.message.clone()) {
                        eprintln!("  {}", n.message);
                    }
                }
            }
        }
        std::thread::sleep(POLL);
    }
}
