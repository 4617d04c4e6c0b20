//! Guessing the input format from its bytes (and file name).

/// An input format the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Text copied from a portal page (any of its shapes).
    Text,
    /// An HTML page.
    Html,
    /// A Word document (.docx).
    Docx,
    /// An Excel workbook (.xlsx).
    Xlsx,
    /// A PDF with a text layer.
    Pdf,
}

impl Format {
    /// Short Chinese name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "网页文字",
            Format::Html => "HTML 网页",
            Format::Docx => "DOCX",
            Format::Xlsx => "XLSX",
            Format::Pdf => "PDF",
        }
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Guesses the format from content first, then the file name; `None` for binary junk.
pub fn sniff(bytes: &[u8], file_name: Option<&str>) -> Option<Format> {
    if bytes.starts_with(b"PK\x03\x04") {
        // The central directory lists entry names near the end; look at the whole archive.
        if contains(bytes, b"word/document.xml") {
            return Some(Format::Docx);
        }
        if contains(bytes, b"xl/workbook.xml") {
            return Some(Format::Xlsx);
        }
        let ext = file_name
            .and_then(|n| n.rsplit('.').next())
            .map(str::to_ascii_lowercase);
        return match ext.as_deref() {
            Some("docx") => Some(Format::Docx),
            Some("xlsx") => Some(Format::Xlsx),
            _ => None,
        };
    }
    // The header may follow a little junk (mail gateways, download wrappers).
    if contains(&bytes[..bytes.len().min(1024)], b"%PDF-") {
        return Some(Format::Pdf);
    }
    if bytes.starts_with(b"\xd0\xcf\x11\xe0") {
        return None;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let is_utf16 = bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff");
    if !is_utf16 {
        let controls = head
            .iter()
            .filter(|b| **b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
            .count();
        if controls * 20 > head.len().max(1) || head.contains(&0) {
            return None;
        }
    }
    if contains(&lower, b"<html")
        || contains(&lower, b"<!doctype html")
        || contains(&lower, b"<table")
        || contains(&lower, b"<body")
        || contains(&lower, b"<div")
        || contains(&lower, b"<p>")
    {
        return Some(Format::Html);
    }
    if let Some(n) = file_name {
        let n = n.to_ascii_lowercase();
        if n.ends_with(".html") || n.ends_with(".htm") {
            return Some(Format::Html);
        }
    }
    Some(Format::Text)
}

/// Is this already a nianbao source (YAML with `格式版本:`/`模板:` and `机关:` keys)?
pub fn is_nianbao_source(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(8192)]);
    let key = |k: &str| {
        head.lines().any(|l| {
            l.strip_prefix(k)
                .is_some_and(|r| r.starts_with([':', '：']))
        })
    };
    (key("格式版本") || key("模板")) && key("机关")
}

/// Says what an unreadable input looks like.
pub fn describe_unknown(bytes: &[u8]) -> String {
    if bytes.starts_with(b"\xd0\xcf\x11\xe0") {
        "这是旧版 Office 文件（.doc/.xls），无法直接导入：请用 Word/WPS 打开后「另存为」DOCX（表格另存为 XLSX），再导入".into()
    } else if bytes.starts_with(b"PK\x03\x04") {
        "这是 ZIP 压缩包，但其中没有 Word 文档（word/document.xml）或 Excel 工作簿（xl/workbook.xml）".into()
    } else if bytes.is_empty() {
        "输入为空".into()
    } else {
        "输入是二进制数据，不是文字、网页、DOCX、XLSX 或 PDF".into()
    }
}
