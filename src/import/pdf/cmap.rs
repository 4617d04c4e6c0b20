//! CMap streams: `ToUnicode` maps (character code → Unicode text) and the code space ranges
//! of embedded encoding CMaps (how many bytes each character code takes).

use std::collections::HashMap;

/// Most mappings (single codes plus ranges) one CMap may declare.
const MAX_ENTRIES: usize = 200_000;

/// Where a `bfrange` maps its first code.
#[derive(Debug, Clone)]
enum Dest {
    /// UTF-16BE text of the first code; later codes increment its last unit.
    Start(Vec<u16>),
    /// One text per code of the range.
    List(Vec<String>),
}

/// A parsed CMap: code space ranges and code → Unicode mappings.
#[derive(Debug, Clone, Default)]
pub struct CMap {
    /// Code space ranges: (byte length, low, high).
    pub space: Vec<(u8, u32, u32)>,
    single: HashMap<(u8, u32), String>,
    ranges: Vec<(u8, u32, u32, Dest)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Hex(Vec<u8>),
    Word(String),
    Open,
    Close,
}

/// Splits CMap text into hex strings, words (operators, names, numbers) and brackets.
fn tokens(data: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        match b {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if data.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                let mut hex = Vec::new();
                let mut nib: Option<u8> = None;
                i += 1;
                while i < data.len() && data[i] != b'>' {
                    if let Some(v) = (data[i] as char).to_digit(16) {
                        let v = v as u8;
                        match nib.take() {
                            Some(h) => hex.push(h << 4 | v),
                            None => nib = Some(v),
                        }
                    }
                    i += 1;
                }
                if let Some(h) = nib {
                    hex.push(h << 4);
                }
                out.push(Tok::Hex(hex));
                i += 1;
            }
            b'[' => {
                out.push(Tok::Open);
                i += 1;
            }
            b']' => {
                out.push(Tok::Close);
                i += 1;
            }
            b'(' => {
                // Literal strings (CMap names in comments of some producers): skip.
                let mut depth = 0usize;
                while i < data.len() {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            _ if b.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < data.len()
                    && !data[i].is_ascii_whitespace()
                    && !matches!(data[i], b'<' | b'>' | b'[' | b']' | b'(' | b'%')
                {
                    i += 1;
                }
                if i == start {
                    i += 1;
                    continue;
                }
                out.push(Tok::Word(
                    String::from_utf8_lossy(&data[start..i]).into_owned(),
                ));
            }
        }
    }
    out
}

fn code(hex: &[u8]) -> Option<(u8, u32)> {
    if hex.is_empty() || hex.len() > 4 {
        return None;
    }
    Some((
        hex.len() as u8,
        hex.iter().fold(0u32, |a, b| a << 8 | u32::from(*b)),
    ))
}

fn utf16(hex: &[u8]) -> Vec<u16> {
    hex.chunks(2)
        .map(|c| u16::from(c[0]) << 8 | u16::from(*c.get(1).unwrap_or(&0)))
        .collect()
}

fn text(units: &[u16]) -> String {
    String::from_utf16_lossy(units)
        .chars()
        .filter(|c| *c != '\0')
        .collect()
}

impl CMap {
    /// Parses a CMap stream (decoded bytes); unknown parts are skipped.
    pub fn parse(data: &[u8]) -> CMap {
        let toks = tokens(data);
        let mut map = CMap::default();
        let mut entries = 0usize;
        let mut i = 0;
        while i < toks.len() && entries < MAX_ENTRIES {
            let Tok::Word(w) = &toks[i] else {
                i += 1;
                continue;
            };
            i += 1;
            match w.as_str() {
                "begincodespacerange" => {
                    while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) =
                        (toks.get(i), toks.get(i + 1))
                    {
                        if let (Some((n, lo)), Some((_, hi))) = (code(lo), code(hi)) {
                            map.space.push((n, lo, hi));
                        }
                        i += 2;
                    }
                }
                "beginbfchar" => {
                    while let (Some(Tok::Hex(src)), Some(Tok::Hex(dst))) =
                        (toks.get(i), toks.get(i + 1))
                    {
                        if let Some(c) = code(src) {
                            map.single.insert(c, text(&utf16(dst)));
                            entries += 1;
                        }
                        i += 2;
                    }
                }
                "beginbfrange" => {
                    while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) =
                        (toks.get(i), toks.get(i + 1))
                    {
                        let (Some((n, lo)), Some((_, hi))) = (code(lo), code(hi)) else {
                            i += 2;
                            continue;
                        };
                        match toks.get(i + 2) {
                            Some(Tok::Hex(dst)) => {
                                if hi >= lo {
                                    map.ranges.push((n, lo, hi, Dest::Start(utf16(dst))));
                                    entries += 1;
                                }
                                i += 3;
                            }
                            Some(Tok::Open) => {
                                let mut list = Vec::new();
                                i += 3;
                                while let Some(Tok::Hex(d)) = toks.get(i) {
                                    if list.len() < MAX_ENTRIES {
                                        list.push(text(&utf16(d)));
                                    }
                                    i += 1;
                                }
                                if toks.get(i) == Some(&Tok::Close) {
                                    i += 1;
                                }
                                entries += list.len();
                                if hi >= lo {
                                    map.ranges.push((n, lo, hi, Dest::List(list)));
                                }
                            }
                            _ => break,
                        }
                    }
                }
                _ => {}
            }
        }
        map
    }

    /// Is a mapping declared at all?
    pub fn is_empty(&self) -> bool {
        self.single.is_empty() && self.ranges.is_empty()
    }

    /// Unicode text of one character code of `len` bytes.
    pub fn lookup(&self, len: u8, code: u32) -> Option<String> {
        if let Some(s) = self.single.get(&(len, code)) {
            return Some(s.clone());
        }
        for (n, lo, hi, dest) in &self.ranges {
            if *n != len || code < *lo || code > *hi {
                continue;
            }
            let k = (code - lo) as usize;
            return match dest {
                Dest::Start(units) => {
                    let mut units = units.clone();
                    let last = units.last_mut()?;
                    *last = last.wrapping_add(k as u16);
                    Some(text(&units))
                }
                Dest::List(list) => list.get(k).cloned(),
            };
        }
        None
    }

    /// Byte length of the code starting at `bytes` by the code space ranges, if declared.
    pub fn code_len(&self, bytes: &[u8]) -> Option<usize> {
        for n in 1..=4usize {
            if bytes.len() < n {
                break;
            }
            let c = bytes[..n].iter().fold(0u32, |a, b| a << 8 | u32::from(*b));
            if self
                .space
                .iter()
                .any(|(len, lo, hi)| *len as usize == n && c >= *lo && c <= *hi)
            {
                return Some(n);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bfchar_bfrange_and_arrays() {
        let src = b"/CIDInit /ProcSet findresource begin\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            2 beginbfchar <0003> <0020> <0048> <5E74> endbfchar\n\
            2 beginbfrange <0010> <0012> <0030> <0020> <0021> [<62A5> <544A>] endbfrange\n";
        let m = CMap::parse(src);
        assert_eq!(m.lookup(2, 0x48).as_deref(), Some("年"));
        assert_eq!(m.lookup(2, 0x11).as_deref(), Some("1"));
        assert_eq!(m.lookup(2, 0x21).as_deref(), Some("告"));
        assert_eq!(m.lookup(2, 0x13), None);
        assert_eq!(m.code_len(&[0, 0x48]), Some(2));
    }
}
