//! Reading the children: each file loaded, checked and reduced to its slot values, in parallel.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::check;
use crate::diag::{Diagnostic, Severity};
use crate::model::ChildRef;
use crate::source::{load_str, tree::MAX_SOURCE_BYTES};

use super::sum::{self, Kept};

/// One child report as the aggregate needs it (the report itself is not kept: memory stays flat).
#[derive(Debug, Clone, Default)]
pub struct Child {
    /// The file as given.
    pub path: PathBuf,
    /// The file's canonical path, when it exists.
    pub canonical: Option<PathBuf>,
    /// FNV-1a 64 of the file's bytes, 16 hex digits.
    pub hash: String,
    /// Could the file be read as a report at all?
    pub readable: bool,
    /// 机关.
    pub organ: String,
    /// 年度.
    pub year: i32,
    /// Template id.
    pub template: u16,
    /// The child's own errors and warnings (loader and `check`), with the file set.
    pub findings: Vec<Diagnostic>,
    /// How many of them are errors.
    pub errors: usize,
    /// Input values by slot of the child's template (packed) and its blank slots.
    pub values: Kept,
    /// The child's own `汇总:` list when it is an aggregate itself.
    pub refs: Vec<ChildRef>,
    /// 本年新收申请 总计 (表三), for the comment block.
    pub new_requests: Option<crate::amount::Amount>,
    /// Is it counted in the aggregate?
    pub included: bool,
}

/// FNV-1a, 64 bits: stable across runs, platforms and Rust versions.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Reads one child: bounded read, hash, load, check, values.
pub fn read_child(path: &Path) -> Child {
    let mut child = Child {
        path: path.to_path_buf(),
        canonical: std::fs::canonicalize(path).ok(),
        ..Default::default()
    };
    let fail = |mut child: Child, ds: Vec<Diagnostic>| {
        child.errors = ds.iter().filter(|d| d.severity == Severity::Error).count();
        child.findings = ds;
        child
    };
    let bytes = match crate::input::read_bounded(path, MAX_SOURCE_BYTES) {
        Ok(b) => b,
        Err(e) => {
            let d = Diagnostic::error(crate::diag::Rule::Unreadable, None, e.to_string());
            return fail(child, vec![d.in_file(path)]);
        }
    };
    child.hash = content_hash(&bytes);
    let text = match crate::input::decode_text(&bytes) {
        Ok((t, _)) => t,
        Err(m) => {
            let d = Diagnostic::error(
                crate::diag::Rule::Unreadable,
                None,
                format!("{}：{m}", path.display()),
            );
            return fail(child, vec![d.in_file(path)]);
        }
    };
    drop(bytes);
    let loaded = match load_str(&text) {
        Ok(l) => l,
        Err(e) => return fail(child, e.diagnostics(Some(path))),
    };
    drop(text);
    let report = loaded.report;
    let mut findings = loaded.diagnostics;
    findings.extend(check::check(&report));
    child.organ = report.meta.organ.clone();
    child.year = report.meta.year;
    child.template = report.meta.template;
    child.refs = report.children.clone();
    if let Some(slots) = sum::cached_slots(report.meta.template) {
        match sum::child_values(&report, slots) {
            Ok(v) => {
                // 本年新收 总计 is the sum of the row's input columns.
                child.new_requests = slots
                    .iter()
                    .zip(&v.values)
                    .filter(|(s, _)| s.table == "表三" && s.row == "本年新收")
                    .try_fold(crate::amount::Amount::ZERO, |a, (_, x)| a.checked_add(*x));
                child.values = Kept::keep(v);
            }
            Err(i) => findings.push(sum::overflow(&slots[i])),
        }
    }
    drop(report);
    // Only what the outputs show is kept: notes are never shown for a child.
    findings.retain(|d| d.severity != Severity::Note);
    let mut child = fail(
        child,
        findings.into_iter().map(|d| d.in_file(path)).collect(),
    );
    child.findings.shrink_to_fit();
    child.readable = true;
    child
}

/// Reads every child, in order, on up to `threads` threads. Each thread takes the next file
/// from a shared counter (a slow file does not hold up a fixed share of the others) and keeps
/// only the reduced [`Child`]: at most `threads` reports are in memory at any time.
pub fn read_all(paths: &[PathBuf], threads: usize) -> Vec<Child> {
    let threads = threads.clamp(1, 64).min(paths.len().max(1));
    if threads == 1 {
        return paths.iter().map(|p| read_child(p)).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, Child)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(p) = paths.get(i) else { break };
                        mine.push((i, read_child(p)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, c)| c).collect()
}
