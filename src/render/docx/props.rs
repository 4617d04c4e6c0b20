//! Document properties (`docProps/core.xml`, `docProps/app.xml`): title, author and dates
//! from the report, never "now".

use crate::layout::DocMeta;

/// Escapes text for XML character data and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// W3CDTF timestamp (`2021-01-20T00:00:00Z`) of a Unix time.
pub(crate) fn w3cdtf(unix: i64) -> String {
    let (y, mo, d, h, mi, s) = crate::model::civil_time(unix);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// `docProps/core.xml`: title, creator (机关全称), language, created = modified.
pub(crate) fn core_xml(meta: &DocMeta) -> String {
    let when = w3cdtf(meta.created_unix);
    let author = escape(&meta.author);
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            r#"<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator>"#,
            r#"<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>"#,
            r#"<dc:language>{lang}</dc:language>"#,
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>"#,
            r#"</cp:coreProperties>"#
        ),
        title = escape(&meta.title),
        author = author,
        lang = escape(meta.lang),
        when = when,
    )
}

/// `docProps/app.xml`: the producing application and the company (机关全称).
pub(crate) fn app_xml(meta: &DocMeta) -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" "#,
            r#"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#,
            r#"<Application>nianbao {version}</Application><Company>{company}</Company>"#,
            r#"</Properties>"#
        ),
        version = env!("CARGO_PKG_VERSION"),
        company = escape(&meta.author),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil_utc() {
        assert_eq!(w3cdtf(0), "1970-01-01T00:00:00Z");
        assert_eq!(w3cdtf(1_611_100_800), "2021-01-20T00:00:00Z");
        assert_eq!(w3cdtf(951_782_400 + 3661), "2000-02-29T01:01:01Z");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
    }
}
