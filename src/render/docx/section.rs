//! Page setup: A4, GB/T 9704 margins, the 22-line grid, `— N —` page numbers on different
//! odd (right) and even (left) footers, and `word/settings.xml`.

use docx_rs::{FieldCharType, Footer, InstrPAGE, InstrText, Paragraph, Run};

use crate::layout::metrics::twips;

use super::styles::id;

/// Distance from the page's bottom edge to the footer's top, twips. Measured in LibreOffice:
/// the page number's top then lands 7 mm below the text block.
pub(crate) const FOOTER_DISTANCE: u32 = 1272;

/// Distance from the page's top edge to the header, twips (no header is written).
pub(crate) const HEADER_DISTANCE: u32 = 851;

/// The body `w:sectPr`, schema-ordered, with the footer references docx-rs assigned.
pub(crate) fn sect_pr(footer_refs: &[String]) -> String {
    let mut x = String::from("<w:sectPr>");
    for r in footer_refs {
        x.push_str(r);
    }
    x.push_str(&format!(
        concat!(
            r#"<w:pgSz w:w="{w}" w:h="{h}"/>"#,
            r#"<w:pgMar w:top="{t}" w:right="{r}" w:bottom="{b}" w:left="{l}" w:header="{hd}" w:footer="{ft}" w:gutter="0"/>"#,
            r#"<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{lp}"/>"#,
            "</w:sectPr>"
        ),
        w = twips::PAGE_WIDTH,
        h = twips::PAGE_HEIGHT,
        t = twips::MARGIN_TOP,
        r = twips::MARGIN_RIGHT,
        b = twips::MARGIN_BOTTOM,
        l = twips::MARGIN_LEFT,
        hd = HEADER_DISTANCE,
        ft = FOOTER_DISTANCE,
        lp = twips::LINE_PITCH,
    ));
    x
}

/// A footer holding `— PAGE —` in the given paragraph style.
fn page_number_footer(style: &str, para_id: &str) -> Footer {
    let field = Run::new()
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    Footer::new().add_paragraph(
        Paragraph::new()
            .id(para_id)
            .style(style)
            .add_run(Run::new().add_text("— "))
            .add_run(field)
            .add_run(Run::new().add_text(" —")),
    )
}

/// The draft mark ([`crate::layout::DRAFT_MARK`]) as a page header, 黑体, centred, for odd
/// and even pages alike.
pub(crate) fn draft_header(para_id: &str) -> docx_rs::Header {
    docx_rs::Header::new().add_paragraph(
        Paragraph::new().id(para_id).style(id::TABLE).add_run(
            Run::new()
                .style(super::styles::char_style_id(crate::layout::FontRole::Hei))
                .bold()
                .add_text(crate::layout::DRAFT_MARK),
        ),
    )
}

/// Odd-page (default) footer: page number at the right.
pub(crate) fn odd_footer() -> Footer {
    page_number_footer(id::FOOTER_ODD, "7FFFFFF0")
}

/// Even-page footer: page number at the left.
pub(crate) fn even_footer() -> Footer {
    page_number_footer(id::FOOTER_EVEN, "7FFFFFF1")
}

/// The complete `word/settings.xml`: different odd/even footers, Chinese typography.
pub(crate) fn settings_xml() -> String {
    concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
        r#"<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>"#,
        r#"<w:evenAndOddHeaders/><w:drawingGridVerticalSpacing w:val="579"/>"#,
        r#"<w:characterSpacingControl w:val="doNotCompress"/>"#,
        r#"<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>"#,
        r#"<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:useFELayout/>"#,
        r#"<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>"#,
        r#"</w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>"#,
        r#"<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>"#
    )
    .to_owned()
}
