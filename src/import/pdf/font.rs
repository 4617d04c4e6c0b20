//! Fonts of a PDF page: how a shown string splits into character codes, the Unicode text of
//! each code (ToUnicode CMap, predefined Chinese CMaps, simple encodings) and its advance width.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::cmap::CMap;
use super::extract::{Budget, deref, stream_bytes};

/// How codes of a composite (Type0) font are read without a ToUnicode map.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cid {
    /// `Identity-H`/`-V` or an embedded CMap: codes are glyph ids, no Unicode.
    Opaque,
    /// `UniGB-UCS2-H`, `UniGB-UTF16-H` and the like: codes are UTF-16BE.
    Utf16,
    /// `GBK-EUC-H`, `GB-EUC-H`, `GBpc-EUC-H`, `GBK2K-H`: codes are GBK bytes.
    Gbk,
    /// `B5pc-H`, `ETen-B5-H` and the like: codes are Big5 bytes.
    Big5,
}

/// A font as far as text extraction needs it.
#[derive(Debug, Clone)]
pub struct Font {
    /// Composite font (codes of one or two bytes, CIDs); `None` for a simple font.
    cid: Option<Cid>,
    /// Code space of an embedded encoding CMap.
    space: Option<CMap>,
    to_unicode: Option<CMap>,
    /// Unicode of each byte of a simple font (encoding and Differences).
    simple: Option<Box<[Option<char>; 256]>>,
    widths: HashMap<u32, f64>,
    default_width: f64,
    /// Glyph space to text space (0.001, or a Type3 FontMatrix).
    scale: f64,
}

/// One character code of a shown string.
#[derive(Debug, Clone)]
pub struct Code {
    /// Unicode text (`U+FFFD` when the font gives none).
    pub text: String,
    /// Advance width in text space units (before the font size).
    pub width: f64,
    /// A single-byte code 32 (word spacing applies).
    pub space: bool,
}

impl Font {
    /// Reads a font dictionary.
    pub fn read(doc: &Document, dict: &Dictionary, budget: &mut Budget) -> Font {
        let subtype = name(doc, dict.get(b"Subtype").ok());
        let to_unicode = dict
            .get(b"ToUnicode")
            .ok()
            .and_then(|o| stream_bytes(doc, o, budget))
            .map(|b| CMap::parse(&b))
            .filter(|m| !m.is_empty());
        let mut font = Font {
            cid: None,
            space: None,
            to_unicode,
            simple: None,
            widths: HashMap::new(),
            default_width: 0.0,
            scale: 0.001,
        };
        if subtype.as_deref() == Some("Type0") {
            let enc = dict.get(b"Encoding").ok();
            let enc_name = name(doc, enc).unwrap_or_default();
            font.cid = Some(if enc_name.contains("UCS2") || enc_name.contains("UTF16") {
                Cid::Utf16
            } else if enc_name.starts_with("GB") {
                Cid::Gbk
            } else if enc_name.starts_with("B5") || enc_name.starts_with("ETen") {
                Cid::Big5
            } else {
                Cid::Opaque
            });
            if enc_name.is_empty() {
                font.space = enc
                    .and_then(|o| stream_bytes(doc, o, budget))
                    .map(|b| CMap::parse(&b))
                    .filter(|m| !m.space.is_empty());
            }
            font.default_width = 1000.0;
            let desc = dict
                .get(b"DescendantFonts")
                .ok()
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_dict().ok());
            if let Some(desc) = desc {
                if let Some(dw) = desc.get(b"DW").ok().and_then(num) {
                    font.default_width = dw;
                }
                if let Some(w) = desc
                    .get(b"W")
                    .ok()
                    .and_then(|o| deref(doc, o))
                    .and_then(|o| o.as_array().ok())
                {
                    font.read_cid_widths(doc, w);
                }
            }
        } else {
            let first = dict.get(b"FirstChar").ok().and_then(num).unwrap_or(0.0) as u32;
            if let Some(w) = dict
                .get(b"Widths")
                .ok()
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_array().ok())
            {
                for (k, o) in w.iter().take(256).enumerate() {
                    if let Some(v) = deref(doc, o).and_then(num) {
                        font.widths.insert(first + k as u32, v);
                    }
                }
            }
            font.default_width = 500.0;
            if subtype.as_deref() == Some("Type3") {
                if let Some(m) = dict
                    .get(b"FontMatrix")
                    .ok()
                    .and_then(|o| deref(doc, o))
                    .and_then(|o| o.as_array().ok())
                    .and_then(|a| a.first())
                    .and_then(num)
                {
                    font.scale = m.abs().clamp(1e-6, 1.0);
                }
                font.default_width = 0.0;
            }
            font.simple = Some(simple_encoding(doc, dict.get(b"Encoding").ok()));
        }
        font
    }

    fn read_cid_widths(&mut self, doc: &Document, w: &[Object]) {
        let mut i = 0;
        while i + 1 < w.len() && self.widths.len() < 70_000 {
            let Some(first) = num(&w[i]) else { break };
            let first = first.max(0.0) as u32;
            match deref(doc, &w[i + 1]) {
                Some(Object::Array(list)) => {
                    for (k, o) in list.iter().take(70_000).enumerate() {
                        if let Some(v) = num(o) {
                            self.widths.insert(first.saturating_add(k as u32), v);
                        }
                    }
                    i += 2;
                }
                Some(o) => {
                    let (Some(last), Some(v)) = (num(o), w.get(i + 2).and_then(num)) else {
                        break;
                    };
                    let last = (last.max(0.0) as u32).min(first.saturating_add(70_000));
                    for c in first..=last {
                        self.widths.insert(c, v);
                    }
                    i += 3;
                }
                None => break,
            }
        }
    }

    /// Splits a shown string into its codes.
    pub fn decode(&self, bytes: &[u8]) -> Vec<Code> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let rest = &bytes[i..];
            let n = match self.cid {
                None => 1,
                Some(kind) => self
                    .space
                    .as_ref()
                    .and_then(|m| m.code_len(rest))
                    .or_else(|| self.to_unicode.as_ref().and_then(|m| m.code_len(rest)))
                    .unwrap_or(match kind {
                        Cid::Gbk | Cid::Big5 if rest[0] < 0x81 => 1,
                        _ => 2,
                    }),
            }
            .min(rest.len());
            let raw = &rest[..n];
            i += n;
            let code = raw.iter().fold(0u32, |a, b| a << 8 | u32::from(*b));
            let text = self
                .to_unicode
                .as_ref()
                .and_then(|m| m.lookup(n as u8, code))
                .or_else(|| self.fallback(raw, code))
                .unwrap_or_else(|| '\u{fffd}'.to_string());
            let w = match self.cid {
                Some(Cid::Opaque) | None => self.widths.get(&code).copied(),
                // CIDs of predefined CMaps are not the codes: no per-code widths.
                Some(_) => None,
            }
            .unwrap_or(if self.cid.is_some() && n == 1 {
                self.default_width / 2.0
            } else {
                self.default_width
            });
            out.push(Code {
                text,
                width: w * self.scale,
                space: n == 1 && code == 32,
            });
        }
        out
    }

    fn fallback(&self, raw: &[u8], code: u32) -> Option<String> {
        match self.cid {
            None => self.simple.as_ref()?[code as usize & 0xff].map(String::from),
            Some(Cid::Opaque) => None,
            Some(Cid::Utf16) => {
                let units: Vec<u16> = raw
                    .chunks(2)
                    .map(|c| u16::from(c[0]) << 8 | u16::from(*c.get(1).unwrap_or(&0)))
                    .collect();
                Some(String::from_utf16_lossy(&units))
            }
            Some(Cid::Gbk) => Some(
                encoding_rs::GBK
                    .decode_without_bom_handling(raw)
                    .0
                    .into_owned(),
            ),
            Some(Cid::Big5) => Some(
                encoding_rs::BIG5
                    .decode_without_bom_handling(raw)
                    .0
                    .into_owned(),
            ),
        }
    }
}

fn name(doc: &Document, o: Option<&Object>) -> Option<String> {
    match deref(doc, o?)? {
        Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    }
}

/// A number operand or value.
pub fn num(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) if r.is_finite() => Some(f64::from(*r)),
        _ => None,
    }
}

/// Unicode of each byte of a simple font: base encoding (WinAnsi for anything unnamed,
/// Latin-1 above 0x9f) with the `Differences` glyph names applied.
fn simple_encoding(doc: &Document, enc: Option<&Object>) -> Box<[Option<char>; 256]> {
    let mut table = Box::new([None; 256]);
    for (b, slot) in table.iter_mut().enumerate() {
        let byte = [b as u8];
        let (s, _, _) = encoding_rs::WINDOWS_1252.decode(&byte);
        *slot = s.chars().next().filter(|c| !c.is_control() || *c == ' ');
    }
    let dict = enc
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok());
    if let Some(diff) = dict
        .and_then(|d| d.get(b"Differences").ok())
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_array().ok())
    {
        let mut at = 0usize;
        for o in diff {
            match o {
                Object::Integer(i) => at = (*i).clamp(0, 255) as usize,
                Object::Name(n) if at < 256 => {
                    if let Some(c) = glyph_char(n) {
                        table[at] = Some(c);
                    }
                    at += 1;
                }
                _ => {}
            }
        }
    }
    table
}

/// Unicode of a glyph name: `uniXXXX`, `uXXXX[XX]`, single letters and the common names.
fn glyph_char(name: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(name).ok()?;
    let s = s.split('.').next().unwrap_or(s);
    if let Some(h) = s.strip_prefix("uni").filter(|h| h.len() == 4) {
        return u32::from_str_radix(h, 16).ok().and_then(char::from_u32);
    }
    if let Some(h) = s.strip_prefix('u').filter(|h| (4..=6).contains(&h.len())) {
        return u32::from_str_radix(h, 16).ok().and_then(char::from_u32);
    }
    let mut chars = s.chars();
    if let (Some(c), None) = (chars.next(), chars.clone().next())
        && c.is_ascii_alphabetic()
    {
        return Some(c);
    }
    const DIGITS: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    if let Some(d) = DIGITS.iter().position(|d| *d == s) {
        return char::from_digit(d as u32, 10);
    }
    Some(match s {
        "space" | "nbspace" => ' ',
        "period" => '.',
        "comma" => ',',
        "colon" => ':',
        "semicolon" => ';',
        "hyphen" | "minus" => '-',
        "parenleft" => '(',
        "parenright" => ')',
        "percent" => '%',
        "slash" => '/',
        "quotedbl" => '"',
        "quotesingle" => '\'',
        "underscore" => '_',
        "bracketleft" => '[',
        "bracketright" => ']',
        "endash" => '–',
        "emdash" => '—',
        _ => return None,
    })
}
