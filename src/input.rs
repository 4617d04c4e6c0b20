//! Reading input files with a hard cap: sources, last year's report, imported files, fonts.
//!
//! Every path a user or a source names is read through [`read_bounded`]: it refuses directories,
//! FIFOs, devices and sockets before reading (a FIFO would block, `/dev/zero` never ends), and it
//! never reads more than the limit plus one byte, whatever size the file system reports.

use std::io::Read;
use std::path::Path;

/// Why an input could not be read; `Display` is the Chinese message naming the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// The file does not exist.
    NotFound(String),
    /// No permission to read it.
    Denied(String),
    /// A directory, FIFO, device or socket.
    NotAFile(String),
    /// Larger than the limit (in bytes).
    TooLarge(String, usize),
    /// Any other I/O error.
    Other(String, String),
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::NotFound(p) => write!(f, "找不到文件 {p}"),
            InputError::Denied(p) => write!(f, "没有权限读取 {p}"),
            InputError::NotAFile(p) => write!(
                f,
                "{p} 不是普通文件（目录、管道或设备），请给出报告文件本身"
            ),
            InputError::TooLarge(p, limit) => {
                write!(f, "{p} 过大，超过上限 {}", human_bytes(*limit))
            }
            InputError::Other(p, e) => write!(f, "无法读取 {p}：{e}"),
        }
    }
}

impl std::error::Error for InputError {}

/// `4 MB`, `512 KB`, `300 字节`.
pub fn human_bytes(n: usize) -> String {
    if n >= 1024 * 1024 && n.is_multiple_of(1024 * 1024) {
        format!("{} MB", n / 1024 / 1024)
    } else if n >= 1024 && n.is_multiple_of(1024) {
        format!("{} KB", n / 1024)
    } else {
        format!("{n} 字节")
    }
}

fn classify(path: &Path, e: &std::io::Error) -> InputError {
    let p = path.display().to_string();
    match e.kind() {
        std::io::ErrorKind::NotFound => InputError::NotFound(p),
        std::io::ErrorKind::PermissionDenied => InputError::Denied(p),
        _ => InputError::Other(p, crate::text::io_error_text(e)),
    }
}

/// Opens a regular file for reading without blocking on a FIFO, refusing anything else.
pub fn open_regular(path: &Path) -> Result<std::fs::File, InputError> {
    let meta = std::fs::metadata(path).map_err(|e| classify(path, &e))?;
    if !meta.is_file() {
        return Err(InputError::NotAFile(path.display().to_string()));
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: if the path was swapped for a FIFO after the check, open does not hang.
        opts.custom_flags(0o4000);
    }
    let file = opts.open(path).map_err(|e| classify(path, &e))?;
    // Check the opened file itself, not the name (it may have changed in between).
    let meta = file.metadata().map_err(|e| classify(path, &e))?;
    if !meta.is_file() {
        return Err(InputError::NotAFile(path.display().to_string()));
    }
    Ok(file)
}

/// Reads a regular file of at most `limit` bytes.
pub fn read_bounded(path: &Path, limit: usize) -> Result<Vec<u8>, InputError> {
    let file = open_regular(path)?;
    read_capped(file, limit).map_err(|e| match e {
        InputError::TooLarge(_, l) => InputError::TooLarge(path.display().to_string(), l),
        InputError::Other(_, m) => InputError::Other(path.display().to_string(), m),
        other => other,
    })
}

/// Reads any stream (standard input included) up to `limit` bytes.
pub fn read_capped(reader: impl Read, limit: usize) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    reader
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::Other("输入".into(), crate::text::io_error_text(&e)))?;
    if bytes.len() > limit {
        return Err(InputError::TooLarge("输入".into(), limit));
    }
    Ok(bytes)
}

/// Reads a path, or standard input when the path is `-`.
pub fn read_path_or_stdin(path: &Path, limit: usize) -> Result<Vec<u8>, InputError> {
    if path == Path::new("-") {
        read_capped(std::io::stdin().lock(), limit).map_err(|e| match e {
            InputError::TooLarge(_, l) => InputError::TooLarge("标准输入".into(), l),
            other => other,
        })
    } else {
        read_bounded(path, limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_directories_are_refused_without_reading() {
        assert!(matches!(
            read_bounded(Path::new("/dev/zero"), 10),
            Err(InputError::NotAFile(_))
        ));
        assert!(matches!(
            read_bounded(Path::new("/"), 10),
            Err(InputError::NotAFile(_))
        ));
        assert!(matches!(
            read_bounded(Path::new("/no/such/file"), 10),
            Err(InputError::NotFound(_))
        ));
    }

    #[test]
    fn reads_at_most_the_limit() {
        let endless = std::io::repeat(b'a');
        assert!(matches!(
            read_capped(endless, 1000),
            Err(InputError::TooLarge(_, 1000))
        ));
        assert_eq!(read_capped(&b"abc"[..], 3).unwrap(), b"abc");
    }
}
