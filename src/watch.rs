//! Change detection for `watch`: which source files changed since the last look.
//!
//! Polls modification time and size (no platform notification API, so it behaves the same
//! on every system and on network drives); the caller decides how often and debounces.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::SystemTime;

use crate::pipeline::collect_sources;

/// What a file looked like when last seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
}

/// Watches files and directories (new `.yaml` files in a directory are picked up).
#[derive(Debug, Clone)]
pub struct Watcher {
    inputs: Vec<PathBuf>,
    seen: BTreeMap<PathBuf, Stamp>,
}

impl Watcher {
    /// Starts watching; the first [`Watcher::changed`] reports every source as changed.
    pub fn new(inputs: Vec<PathBuf>) -> Self {
        Watcher {
            inputs,
            seen: BTreeMap::new(),
        }
    }

    /// Sources that appeared or changed since the last call, sorted.
    pub fn changed(&mut self) -> Vec<PathBuf> {
        let mut now = BTreeMap::new();
        for path in collect_sources(&self.inputs) {
            let stamp = std::fs::metadata(&path).map_or(
                Stamp {
                    modified: None,
                    len: 0,
                },
                |m| Stamp {
                    modified: m.modified().ok(),
                    len: m.len(),
                },
            );
            now.insert(path, stamp);
        }
        let changed = now
            .iter()
            .filter(|(p, s)| self.seen.get(*p) != Some(s))
            .map(|(p, _)| p.clone())
            .collect();
        self.seen = now;
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_new_and_changed_files_once() {
        let dir = std::env::temp_dir().join(format!("nianbao-watch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let a = dir.join("a.yaml");
        std::fs::write(&a, "x").unwrap();
        let mut w = Watcher::new(vec![dir.clone()]);
        assert_eq!(w.changed(), vec![a.clone()]);
        assert!(w.changed().is_empty());
        std::fs::write(&a, "xy").unwrap();
        let b = dir.join("b.yaml");
        std::fs::write(&b, "x").unwrap();
        assert_eq!(w.changed(), vec![a, b]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
