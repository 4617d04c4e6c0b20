//! Directory walks that visit each real file once: symbolic-link loops end, and a file or
//! directory reached by several paths (links, `a/../a`) is listed only the first time.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Real (canonical) paths already visited during one walk.
#[derive(Debug, Default)]
pub struct Seen(HashSet<PathBuf>);

impl Seen {
    /// Is this the first visit of the real file or directory behind `path`?
    pub fn first(&mut self, path: &Path) -> bool {
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.0.insert(real)
    }
}

/// One directory walk: which files to keep, how deep to go, what was already visited.
pub struct Walk<'a> {
    /// Keep a file (e.g. by extension)?
    pub keep: &'a dyn Fn(&Path) -> bool,
    /// Levels of subdirectories to enter below each root.
    pub max_depth: usize,
    /// Enter subdirectories whose name starts with `.`?
    pub hidden: bool,
    /// Real paths visited so far (shared across roots).
    pub seen: Seen,
}

impl Walk<'_> {
    /// Appends the kept files under `dir` to `out` (sorted by name within each directory, each
    /// real file once); a directory that cannot be listed goes to `unreadable`.
    pub fn files(&mut self, dir: &Path, out: &mut Vec<PathBuf>, unreadable: &mut Vec<PathBuf>) {
        self.dir(dir, 0, out, unreadable);
    }

    fn dir(
        &mut self,
        dir: &Path,
        depth: usize,
        out: &mut Vec<PathBuf>,
        unreadable: &mut Vec<PathBuf>,
    ) {
        if !self.seen.first(dir) {
            return;
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            unreadable.push(dir.to_path_buf());
            return;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if p.is_dir() {
                let hidden = p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                if depth < self.max_depth && (self.hidden || !hidden) {
                    self.dir(&p, depth + 1, out, unreadable);
                }
            } else if (self.keep)(&p) && self.seen.first(&p) {
                out.push(p);
            }
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn symlink_loops_end_and_each_file_is_listed_once() {
        let root = std::env::temp_dir().join(format!("nianbao-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/a.ttf"), "x").unwrap();
        std::fs::write(root.join("b.ttf"), "x").unwrap();
        std::os::unix::fs::symlink(root.join("b.ttf"), root.join("c.ttf")).unwrap();
        // Ten self-links at two levels: 20^8 paths without the seen set.
        for i in 0..10 {
            std::os::unix::fs::symlink(&root, root.join(format!("loop{i}"))).unwrap();
            std::os::unix::fs::symlink(&root, root.join(format!("sub/up{i}"))).unwrap();
        }
        let keep = |p: &Path| p.extension().is_some_and(|e| e == "ttf");
        let mut walk = Walk {
            keep: &keep,
            max_depth: 8,
            hidden: true,
            seen: Seen::default(),
        };
        let (mut out, mut bad) = (Vec::new(), Vec::new());
        walk.files(&root, &mut out, &mut bad);
        walk.files(&root.join("sub"), &mut out, &mut bad);
        assert_eq!(out, vec![root.join("b.ttf"), root.join("sub/a.ttf")]);
        assert!(bad.is_empty());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
