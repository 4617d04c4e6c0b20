//! Escaping text and attribute values so the markup stays well-formed (HTML and XML alike).

/// Escapes text content: `&`, `<`, `>`; control characters other than tab and newline are dropped.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}') => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes an attribute value written between double quotes.
pub fn attr(s: &str) -> String {
    text(s).replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_characters_and_controls() {
        assert_eq!(super::text("a<b>&c\u{1}"), "a&lt;b&gt;&amp;c");
        assert_eq!(super::attr("x\"y"), "x&quot;y");
    }
}
