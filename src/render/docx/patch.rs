//! The one place that finishes docx-rs's output for what docx-rs lacks:
//!
//! - `word/styles.xml`, `word/settings.xml`, `word/fontTable.xml`, `docProps/*.xml` are
//!   replaced by our own (docx-rs has no `overflowPunct`, style-level `widowControl`,
//!   `w:lang`, core title/creator, and always adds a bare `Normal`);
//! - `document.xml`: `w:tblHeader` added to each table's header rows, docx-rs's element
//!   order fixed where Word is strict, and the body `w:sectPr` rewritten in schema order
//!   with the GB/T 9704 page and line grid;
//! - docx-rs's comments, commentsExtended, numbering and footnotes parts are left out
//!   (the report uses none; the document refers to none, so they would be orphans), with
//!   their content-type overrides and relationships;
//! - the ZIP is written deterministically: fixed order, deflated, timestamps from the
//!   report date, fixed permissions.

use std::io::{Cursor, Write};

use docx_rs::XMLDocx;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::layout::DocMeta;

use super::{DocxError, props, section, styles};

/// Row properties docx-rs writes for every table row ([`super::table`] sets `cantSplit`).
const ROW_MARK: &str = "<w:cantSplit />";
/// The same for a header row that repeats on every page.
const HEADER_ROW: &str = "<w:cantSplit /><w:tblHeader />";

/// Marks the first `header_rows[i]` rows of the i-th table as repeating header rows.
fn mark_header_rows(xml: &str, header_rows: &[usize]) -> Result<String, DocxError> {
    let mut parts = xml.split("<w:tbl>");
    let mut out = String::with_capacity(xml.len() + 512);
    out.push_str(parts.next().unwrap_or_default());
    let mut count = 0;
    for (table, &n) in parts.zip(header_rows.iter().chain(std::iter::repeat(&0))) {
        count += 1;
        out.push_str("<w:tbl>");
        let mut rest = table;
        for _ in 0..n {
            let i = rest
                .find(ROW_MARK)
                .ok_or_else(|| DocxError::Patch("表头行缺少 w:cantSplit".into()))?;
            out.push_str(&rest[..i]);
            out.push_str(HEADER_ROW);
            rest = &rest[i + ROW_MARK.len()..];
        }
        out.push_str(rest);
    }
    if count != header_rows.len() {
        return Err(DocxError::Patch(format!(
            "表格数不符：{count} / {}",
            header_rows.len()
        )));
    }
    Ok(out)
}

fn utf8(bytes: Vec<u8>, part: &str) -> Result<String, DocxError> {
    String::from_utf8(bytes).map_err(|_| DocxError::Patch(format!("{part} 不是 UTF-8")))
}

/// Puts docx-rs's output in schema order where Word is strict and it is not: drops the
/// empty `w:rPr` it writes first in every `w:pPr`/`w:r`, moves `w:tblStyle` to the front
/// of `w:tblPr`, and drops the `w:type` attribute `w:gridCol` does not have.
pub(crate) fn normalize(xml: &str) -> String {
    let xml = xml.replace("<w:rPr />", "");
    let xml = edit_elements(&xml, "<w:tblPr>", "</w:tblPr>", |props| {
        let Some(start) = props.find("<w:tblStyle ") else {
            return props.to_owned();
        };
        let Some(len) = props[start..].find("/>") else {
            return props.to_owned();
        };
        let end = start + len + 2;
        format!("{}{}{}", &props[start..end], &props[..start], &props[end..])
    });
    edit_elements(&xml, "<w:gridCol ", "/>", |attrs| {
        attrs.replacen(r#" w:type="dxa""#, "", 1)
    })
}

/// Applies `edit` to the text between every `open` and the next `close`.
fn edit_elements(xml: &str, open: &str, close: &str, edit: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(i) = rest.find(open) {
        let (head, tail) = rest.split_at(i + open.len());
        out.push_str(head);
        let end = tail.find(close).unwrap_or(tail.len());
        out.push_str(&edit(&tail[..end]));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Rewrites `document.xml`: header rows and the body section properties.
pub(crate) fn patch_document(xml: &str, header_rows: &[usize]) -> Result<String, DocxError> {
    let xml = normalize(&mark_header_rows(xml, header_rows)?);
    let start = xml
        .rfind("<w:sectPr")
        .ok_or_else(|| DocxError::Patch("缺少 w:sectPr".into()))?;
    let end = xml[start..]
        .find("</w:sectPr>")
        .map(|i| start + i + "</w:sectPr>".len())
        .ok_or_else(|| DocxError::Patch("w:sectPr 未闭合".into()))?;
    let old = &xml[start..end];
    let mut refs = Vec::new();
    let mut rest = old;
    while let Some(i) = rest.find("<w:headerReference") {
        let tail = &rest[i..];
        let close = tail
            .find("/>")
            .ok_or_else(|| DocxError::Patch("w:headerReference 未闭合".into()))?;
        refs.push(tail[..close + 2].to_owned());
        rest = &tail[close + 2..];
    }
    let mut rest = old;
    while let Some(i) = rest.find("<w:footerReference") {
        let tail = &rest[i..];
        let close = tail
            .find("/>")
            .ok_or_else(|| DocxError::Patch("w:footerReference 未闭合".into()))?;
        refs.push(tail[..close + 2].to_owned());
        rest = &tail[close + 2..];
    }
    let mut out = String::with_capacity(xml.len() + 256);
    out.push_str(&xml[..start]);
    out.push_str(&section::sect_pr(&refs));
    out.push_str(&xml[end..]);
    Ok(out)
}

/// ZIP timestamp of the document date (DOS time cannot hold dates before 1980).
fn zip_time(unix: i64) -> DateTime {
    let (y, mo, d, h, mi, s) = crate::model::civil_time(unix);
    u16::try_from(y)
        .ok()
        .and_then(|y| {
            DateTime::from_date_and_time(y, mo as u8, d as u8, h as u8, mi as u8, s as u8).ok()
        })
        .unwrap_or_default()
}

/// Parts docx-rs always writes that the report never uses.
const UNUSED_PARTS: [&str; 4] = [
    "comments.xml",
    "commentsExtended.xml",
    "numbering.xml",
    "footnotes.xml",
];

/// Removes every empty element (`<… />`) of `xml` that names one of [`UNUSED_PARTS`] in
/// `attr` (`PartName="/word/` in content types, `Target="` in relationships).
fn drop_unused_refs(xml: &str, attr: &str) -> String {
    let mut out = xml.to_owned();
    for part in UNUSED_PARTS {
        let needle = format!("{attr}{part}\"");
        while let Some(at) = out.find(&needle) {
            let (Some(start), Some(len)) = (out[..at].rfind('<'), out[at..].find("/>")) else {
                break;
            };
            out.replace_range(start..at + len + 2, "");
        }
    }
    out
}

/// Finishes docx-rs's parts and writes the archive.
pub(crate) fn package(
    xml: XMLDocx,
    meta: &DocMeta,
    header_rows: &[usize],
) -> Result<Vec<u8>, DocxError> {
    let document = patch_document(&utf8(xml.document, "document.xml")?, header_rows)?;
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        (
            "[Content_Types].xml".into(),
            drop_unused_refs(
                &utf8(xml.content_type, "[Content_Types].xml")?,
                "PartName=\"/word/",
            )
            .into_bytes(),
        ),
        ("_rels/.rels".into(), xml.rels),
        ("docProps/app.xml".into(), props::app_xml(meta).into_bytes()),
        (
            "docProps/core.xml".into(),
            props::core_xml(meta).into_bytes(),
        ),
        ("docProps/custom.xml".into(), xml.doc_props.custom),
        (
            "word/_rels/document.xml.rels".into(),
            drop_unused_refs(&utf8(xml.document_rels, "document.xml.rels")?, "Target=\"")
                .into_bytes(),
        ),
        ("word/document.xml".into(), document.into_bytes()),
        ("word/styles.xml".into(), styles::styles_xml().into_bytes()),
        (
            "word/settings.xml".into(),
            section::settings_xml().into_bytes(),
        ),
        (
            "word/fontTable.xml".into(),
            styles::font_table_xml().into_bytes(),
        ),
    ];
    for (i, footer) in xml.footers.into_iter().enumerate() {
        let footer = normalize(&utf8(footer, "footer.xml")?).into_bytes();
        parts.push((format!("word/footer{}.xml", i + 1), footer));
        if let Some(rels) = xml.footer_rels.get(i) {
            parts.push((format!("word/_rels/footer{}.xml.rels", i + 1), rels.clone()));
        }
    }
    for (i, header) in xml.headers.into_iter().enumerate() {
        let header = normalize(&utf8(header, "header.xml")?).into_bytes();
        parts.push((format!("word/header{}.xml", i + 1), header));
    }

    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(zip_time(meta.created_unix))
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(64 * 1024)));
    for (name, bytes) in &parts {
        zip.start_file(name.as_str(), options)
            .map_err(|e| DocxError::Zip(e.to_string()))?;
        zip.write_all(bytes)
            .map_err(|e| DocxError::Zip(e.to_string()))?;
    }
    let cursor = zip.finish().map_err(|e| DocxError::Zip(e.to_string()))?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::drop_unused_refs;

    #[test]
    fn unused_part_references_are_removed_and_others_kept() {
        let rels = r#"<Relationships><Relationship Id="rId1" Type="s" Target="styles.xml" /><Relationship Id="rId5" Type="c" Target="commentsExtended.xml" /><Relationship Id="rId6" Type="n" Target="numbering.xml" /></Relationships>"#;
        assert_eq!(
            drop_unused_refs(rels, "Target=\""),
            r#"<Relationships><Relationship Id="rId1" Type="s" Target="styles.xml" /></Relationships>"#
        );
        let types = r#"<Types><Override PartName="/word/comments.xml" ContentType="a" /><Override PartName="/word/document.xml" ContentType="b" /></Types>"#;
        assert_eq!(
            drop_unused_refs(types, "PartName=\"/word/"),
            r#"<Types><Override PartName="/word/document.xml" ContentType="b" /></Types>"#
        );
    }
}
