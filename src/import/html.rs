//! HTML pages → [`Doc`]: a small tokenizer (entities, comments, `<br>`), data tables as rows
//! (cells covered by rowspan/colspan are simply absent), layout tables and page chrome
//! (`script`, `style`, navigation) reduced to paragraphs or dropped.

use super::doc::{Doc, Line};

/// Tags whose content is never report text.
const SKIP: [&str; 8] = [
    "script", "style", "noscript", "template", "select", "textarea", "svg", "object",
];

/// Tags that end a paragraph.
const BLOCK: [&str; 24] = [
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "dd",
    "dt",
    "dl",
    "center",
    "hr",
    "form",
    "pre",
];

#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
    row: Vec<String>,
    cell: Option<String>,
    layout: bool,
}

#[derive(Default)]
struct Builder {
    lines: Vec<Line>,
    para: String,
    tables: Vec<Table>,
    title: Option<String>,
}

impl Builder {
    fn in_data_cell(&self) -> bool {
        self.tables
            .last()
            .is_some_and(|t| !t.layout && t.cell.is_some())
    }

    fn text(&mut self, s: &str) {
        let target = if self.in_data_cell() {
            match self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                Some(c) => c,
                None => return,
            }
        } else {
            &mut self.para
        };
        for c in s.chars() {
            if c.is_ascii_whitespace() {
                if !target.ends_with(' ') && !target.is_empty() {
                    target.push(' ');
                }
            } else {
                target.push(c);
            }
        }
    }

    fn flush_para(&mut self) {
        let p = std::mem::take(&mut self.para);
        let t = p.trim_matches(|c: char| c.is_ascii_whitespace());
        if !t.is_empty() {
            self.lines.push(Line::Para(t.to_owned()));
        }
    }

    fn end_cell(&mut self) {
        if let Some(t) = self.tables.last_mut()
            && !t.layout
            && let Some(c) = t.cell.take()
        {
            t.row
                .push(c.trim_matches(|c: char| c.is_ascii_whitespace()).to_owned());
        }
    }

    fn end_row(&mut self) {
        self.end_cell();
        if let Some(t) = self.tables.last_mut()
            && !t.layout
            && !t.row.is_empty()
        {
            let r = std::mem::take(&mut t.row);
            t.rows.push(r);
        }
    }

    fn open(&mut self, name: &str) {
        match name {
            "table" => {
                self.flush_para();
                if let Some(top) = self.tables.last_mut()
                    && top.cell.is_some()
                    && !top.layout
                {
                    // A table inside a cell: the outer one is page layout.
                    top.layout = true;
                    let mut texts: Vec<String> = top.rows.drain(..).flatten().collect();
                    texts.append(&mut top.row);
                    texts.extend(top.cell.take());
                    top.cell = Some(String::new());
                    for t in texts {
                        let t = t.trim().to_owned();
                        if !t.is_empty() {
                            self.lines.push(Line::Para(t));
                        }
                    }
                }
                self.tables.push(Table::default());
            }
            "tr" => self.end_row(),
            "td" | "th" => {
                if self.tables.last().is_some_and(|t| t.layout) {
                    self.flush_para();
                } else {
                    self.end_cell();
                }
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(String::new());
                }
            }
            _ if BLOCK.contains(&name) && !self.in_data_cell() => self.flush_para(),
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        match name {
            "td" | "th" => {
                if self.tables.last().is_some_and(|t| t.layout) {
                    self.flush_para();
                } else {
                    self.end_cell();
                }
            }
            "tr" => self.end_row(),
            "table" => {
                self.end_row();
                self.flush_para();
                if let Some(t) = self.tables.pop()
                    && !t.layout
                {
                    self.lines.extend(t.rows.into_iter().map(Line::Row));
                }
            }
            _ if BLOCK.contains(&name) && !self.in_data_cell() => self.flush_para(),
            _ => {}
        }
    }
}

/// Decodes character references (`&nbsp;` → U+00A0, `&#12345;`, `&ldquo;` …).
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .char_indices()
            .take(10)
            .find(|(_, c)| *c == ';')
            .map(|(j, _)| j + 1);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = if let Some(num) = name.strip_prefix('#') {
                let v = match num.strip_prefix(['x', 'X']) {
                    Some(h) => u32::from_str_radix(h, 16).ok(),
                    None => num.parse().ok(),
                };
                v.and_then(char::from_u32)
            } else {
                Some(match name {
                    "nbsp" => '\u{a0}',
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    "ldquo" => '\u{201c}',
                    "rdquo" => '\u{201d}',
                    "lsquo" => '\u{2018}',
                    "rsquo" => '\u{2019}',
                    "mdash" => '\u{2014}',
                    "ndash" => '\u{2013}',
                    "hellip" => '\u{2026}',
                    "middot" => '\u{b7}',
                    "emsp" => '\u{2003}',
                    "ensp" => '\u{2002}',
                    "thinsp" => '\u{2009}',
                    "times" => '\u{d7}',
                    "yen" => '\u{a5}',
                    "copy" => '\u{a9}',
                    "reg" => '\u{ae}',
                    "bull" => '\u{2022}',
                    _ => return None,
                })
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                // Sloppy pages drop the semicolon: `&nbsp` `&amp`.
                let bare = [
                    ("&nbsp", '\u{a0}'),
                    ("&amp", '&'),
                    ("&lt", '<'),
                    ("&gt", '>'),
                ]
                .iter()
                .find(|(n, _)| rest.starts_with(n));
                match bare {
                    Some((n, c)) => {
                        out.push(*c);
                        rest = &rest[n.len()..];
                    }
                    None => {
                        out.push('&');
                        rest = &rest[1..];
                    }
                }
            }
        }
    }
    out.push_str(rest);
    out
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Parses an HTML page into paragraphs and table rows.
pub fn parse(s: &str) -> Doc {
    let mut b = Builder::default();
    let mut rest = s;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            b.text(&decode_entities(rest));
            break;
        };
        if lt > 0 {
            b.text(&decode_entities(&rest[..lt]));
        }
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map_or("", |e| &rest[e + 1..]);
            continue;
        }
        let closing = rest[1..].starts_with('/');
        let name_start = if closing { 2 } else { 1 };
        let name_len = rest[name_start..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len() - name_start);
        if name_len == 0 {
            // A lone `<` in text.
            b.text("<");
            rest = &rest[1..];
            continue;
        }
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        // End of the tag, skipping quoted attribute values.
        let mut quote: Option<char> = None;
        let mut end = None;
        for (i, c) in rest.char_indices().skip(name_start + name_len) {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '"' || c == '\'' => quote = Some(c),
                None if c == '>' => {
                    end = Some(i);
                    break;
                }
                None => {}
            }
        }
        let Some(end) = end else { break };
        rest = &rest[end + 1..];
        if !closing && (SKIP.contains(&name.as_str()) || name == "title") {
            let close = format!("</{name}");
            let stop = find_ci(rest, &close).unwrap_or(rest.len());
            if name == "title" {
                let t = decode_entities(&rest[..stop]);
                b.title = Some(t.trim().to_owned());
            }
            rest = &rest[stop..];
            rest = rest.find('>').map_or("", |e| &rest[e + 1..]);
            continue;
        }
        if closing {
            b.close(&name);
        } else {
            b.open(&name);
        }
    }
    while !b.tables.is_empty() {
        b.close("table");
    }
    b.flush_para();
    Doc {
        lines: b.lines,
        title_hint: b.title,
        origin: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_entities_and_chrome() {
        let d = parse(
            "<html><head><title>T</title><script>var a='<td>';</script></head><body>\
             <p>一、总体情况</p><table><tr><td rowspan=2>规章</td><td><p>&nbsp;0</p></td>\
             <td>&nbsp;</td></tr><tr><td>本年新<br/>公开</td></tr></table><!-- x --></body></html>",
        );
        assert_eq!(d.title_hint.as_deref(), Some("T"));
        assert_eq!(d.lines[0], Line::Para("一、总体情况".into()));
        assert_eq!(
            d.lines[1],
            Line::Row(vec!["规章".into(), "\u{a0}0".into(), "\u{a0}".into()])
        );
        assert_eq!(d.lines[2], Line::Row(vec!["本年新公开".into()]));
        assert_eq!(
            decode_entities("a&nbspb&#x4e00;&amp;&bogus;"),
            "a\u{a0}b一&&bogus;"
        );
    }
}
