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

/// Opens a regular file of at most `limit` bytes (by its size on disk); returns it and its
/// size. For readers that map a file instead of reading it (fonts): the same cap applies.
pub fn open_bounded(path: &Path, limit: usize) -> Result<(std::fs::File, u64), InputError> {
    let file = open_regular(path)?;
    let len = file.metadata().map_err(|e| classify(path, &e))?.len();
    if len > limit as u64 {
        return Err(InputError::TooLarge(path.display().to_string(), limit));
    }
    Ok((file, len))
}

/// Reads a regular file of at most `limit` bytes.
pub fn read_bounded(path: &Path, limit: usize) -> Result<Vec<u8>, InputError> {
    let (file, _) = open_bounded(path, limit)?;
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

/// The encoding a text was in, when it was not UTF-8 (for a warning).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16, little-endian.
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// GBK / GB2312 / GB18030 (Notepad's 「ANSI」 on Chinese Windows).
    Gb18030,
}

impl Encoding {
    /// Chinese name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf16Le | Encoding::Utf16Be => "UTF-16",
            Encoding::Gb18030 => "GBK/GB18030",
        }
    }
}

/// UTF-16 without a byte-order mark: ASCII characters (keys' colons, digits, line ends) leave
/// zero bytes on one side of each pair and none on the other.
fn sniff_utf16(bytes: &[u8]) -> Option<Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let zeros_even = head.iter().step_by(2).filter(|b| **b == 0).count();
    let zeros_odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if zeros_odd * 10 >= pairs && zeros_even * 50 <= zeros_odd {
        Some(Encoding::Utf16Le)
    } else if zeros_even * 10 >= pairs && zeros_odd * 50 <= zeros_even {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// Decodes text in UTF-8 (with or without BOM), UTF-16 (with or without BOM) or GB18030;
/// says which encoding it was when not UTF-8. The error is a Chinese sentence.
pub fn decode_text(bytes: &[u8]) -> Result<(String, Option<Encoding>), String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let utf16 = |rest: &[u8], enc: Encoding| {
        let read = if enc == Encoding::Utf16Le {
            u16::from_le_bytes
        } else {
            u16::from_be_bytes
        };
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| read([c[0], c[1]])).collect();
        String::from_utf16(&units)
            .map(|s| (s, Some(enc)))
            .map_err(|_| "UTF-16 文字中有无效字符".to_owned())
    };
    if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        return utf16(rest, Encoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        return utf16(rest, Encoding::Utf16Be);
    }
    if let Some(enc) = sniff_utf16(bytes) {
        return utf16(bytes, enc);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_owned(), None)),
        Err(e) => {
            let (s, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                let line = bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count()
                    + 1;
                Err(format!(
                    "第 {line} 行起既不是 UTF-8/UTF-16，也不是 GBK/GB18030 编码的文字，请在编辑器中另存为 UTF-8"
                ))
            } else {
                Ok((s.into_owned(), Some(Encoding::Gb18030)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_every_encoding_a_chinese_editor_saves() {
        let text = "模板: 2021\n机关: 某局\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(
            decode_text(text.as_bytes()).unwrap(),
            (text.to_owned(), None)
        );
        assert_eq!(
            decode_text(&le).unwrap(),
            (text.to_owned(), Some(Encoding::Utf16Le))
        );
        assert_eq!(
            decode_text(&be).unwrap(),
            (text.to_owned(), Some(Encoding::Utf16Be))
        );
        assert_eq!(
            decode_text(&gbk).unwrap(),
            (text.to_owned(), Some(Encoding::Gb18030))
        );
        assert!(decode_text(&[0xff, 0xff, 0x81, 0x20, 0xfe]).is_err());
    }

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
    fn a_file_over_the_cap_is_refused_by_its_size() {
        let dir = std::env::temp_dir().join(format!("nianbao-bounded-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("big.ttf");
        // Sparse: 1 GB on paper, nothing on disk; refused without reading a byte.
        std::fs::File::create(&p).unwrap().set_len(1 << 30).unwrap();
        assert!(matches!(
            open_bounded(&p, 1024),
            Err(InputError::TooLarge(_, 1024))
        ));
        assert!(matches!(
            read_bounded(&p, 1024),
            Err(InputError::TooLarge(_, 1024))
        ));
        std::fs::write(&p, b"abcd").unwrap();
        assert_eq!(open_bounded(&p, 4).unwrap().1, 4);
        std::fs::remove_dir_all(&dir).unwrap();
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
