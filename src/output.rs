//! Writing output files atomically: a build never leaves a half-written or truncated file,
//! and never destroys the previous good output.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` via a temporary file in the same directory and a rename.
///
/// On any failure the temporary file is removed and `path` keeps its previous content.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |f| f.write_all(bytes))
}

/// Temporary files older than this are left over from a killed build and may be removed.
pub const STALE_TEMP_AGE: std::time::Duration = std::time::Duration::from_secs(3600);

/// The fixed part of the temporary names of one target: `.nb-{8 hex digits of the final name}-`.
///
/// Short (the whole temporary name is 34 bytes, whatever the length of the final name) and tied
/// to the target, so stale temporary files of exactly this output can be found and removed.
fn temp_prefix(name: &str) -> String {
    // FNV-1a: stable across runs and platforms (std's hasher is not).
    let mut h: u32 = 0x811c_9dc5;
    for b in name.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    format!(".nb-{h:08x}-")
}

/// 64 unpredictable bits: std's randomly keyed hasher over the time, process and a counter.
fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    h.write_u32(std::process::id());
    if let Ok(d) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(d.as_nanos());
    }
    h.finish()
}

/// Creates a new temporary file beside `path`: exclusively (never opening an existing file or
/// following a planted link), with an unpredictable name.
fn create_temp(dir: &Path, prefix: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut last = None;
    for _ in 0..16 {
        let tmp = dir.join(format!("{prefix}{:016x}.tmp", random_u64()));
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o644);
            #[cfg(target_os = "linux")]
            opts.custom_flags(0o400_000); // O_NOFOLLOW
        }
        match opts.open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("temporary file")))
}

/// Like [`write_atomic`], with the content written by `fill` (tests use it to simulate a full disk).
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let (tmp, mut f) = create_temp(dir, &temp_prefix(&name))?;
    let result = (|| {
        fill(&mut f)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Removes temporary files that a killed build of `path` left behind (older than
/// [`STALE_TEMP_AGE`], regular files only, never through a link); returns what was removed.
pub fn remove_stale_temps(path: &Path) -> Vec<PathBuf> {
    remove_stale_temps_older_than(path, STALE_TEMP_AGE)
}

/// [`remove_stale_temps`] with a chosen age (tests use zero).
pub fn remove_stale_temps_older_than(path: &Path, age: std::time::Duration) -> Vec<PathBuf> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let prefix = temp_prefix(&name);
    // Names used before version 0.2: `.{name}.{pid}-{n}.tmp`.
    let old_prefix = format!(".{name}.");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let now = std::time::SystemTime::now();
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let ours = file_name.ends_with(".tmp")
            && (file_name.starts_with(&prefix) || file_name.starts_with(&old_prefix));
        if !ours {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|d| d >= age);
        if meta.file_type().is_file() && old && std::fs::remove_file(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed.sort();
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temp_file() {
        let dir = std::env::temp_dir().join(format!("nianbao-output-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.docx");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        // A write into a missing directory fails and creates nothing.
        assert!(write_atomic(&dir.join("missing/b.docx"), b"x").is_err());
        // A full disk midway: the old file stays, no temporary file is left behind.
        let full = write_atomic_with(&path, |f| {
            f.write_all(b"half")?;
            Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "disk full",
            ))
        });
        assert_eq!(full.unwrap_err().kind(), std::io::ErrorKind::StorageFull);
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn planted_links_at_temp_names_are_never_followed() {
        let dir = std::env::temp_dir().join(format!("nianbao-plant-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let victim = dir.join("victim.txt");
        std::fs::write(&victim, b"keep me").unwrap();
        let path = dir.join("a.pdf");
        // An attacker who knows the target name plants links at every name of the old scheme
        // and at many names of the new prefix.
        let prefix = temp_prefix("a.pdf");
        for n in 0..200u32 {
            let _ = std::os::unix::fs::symlink(&victim, dir.join(format!(".a.pdf.{n}-0.tmp")));
            let _ = std::os::unix::fs::symlink(
                &victim,
                dir.join(format!("{prefix}{:016x}.tmp", u64::from(n))),
            );
        }
        write_atomic(&path, b"output").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
        assert_eq!(std::fs::read(&path).unwrap(), b"output");
        // The temporary name is short whatever the final name.
        let long = "长".repeat(80) + ".pdf";
        assert!(temp_prefix(&long).len() + 16 + 4 <= 40);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn stale_temps_of_this_output_are_removed_and_others_kept() {
        let dir = std::env::temp_dir().join(format!("nianbao-stale-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("b.docx");
        let stale = dir.join(format!("{}0123456789abcdef.tmp", temp_prefix("b.docx")));
        let legacy = dir.join(".b.docx.123-0.tmp");
        let other = dir.join(format!("{}0123456789abcdef.tmp", temp_prefix("c.docx")));
        for p in [&stale, &legacy, &other] {
            std::fs::write(p, b"half").unwrap();
        }
        // Younger than the safe age: kept.
        assert!(remove_stale_temps(&path).is_empty());
        let removed = remove_stale_temps_older_than(&path, std::time::Duration::ZERO);
        assert_eq!(removed.len(), 2, "{removed:?}");
        assert!(!stale.exists() && !legacy.exists());
        assert!(other.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
