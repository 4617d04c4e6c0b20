//! `word/styles.xml` and `word/fontTable.xml`: every look is a named style, so the text
//! itself carries no direct formatting. Values follow spec §6 and the LibreOffice
//! measurements in `docx-grid-in-libreoffice.md` (−0.25 pt character spacing, no
//! widow control, `overflowPunct` on, titles off the grid with an exact 579-twip line).

use crate::layout::{FontRole, GBT9704, ParaStyle};

use super::props::escape;

/// Latin face for digits and letters; LibreOffice maps it to a metric twin (Liberation Serif).
pub(crate) const LATIN: &str = "Times New Roman";

/// Character spacing of body text, twips (−0.25 pt): 28 characters of 3号 fill 156 mm.
pub(crate) const BODY_CHAR_SPACING: i32 = -5;

/// First-line indent of two body characters (2 × 15.75 pt), twips.
pub(crate) const INDENT_2_CHARS: u32 = 630;

/// Width of one body character including spacing, twips.
pub(crate) const BODY_CHAR_TWIPS: u32 = 315;

/// Style ids used in `document.xml` and the footers.
pub(crate) mod id {
    /// Normal: the base of every paragraph style (blank lines use it directly).
    pub const NORMAL: &str = "Normal";
    /// 2号 小标宋 title.
    pub const TITLE: &str = "NbTitle";
    /// 3号 仿宋 body paragraph.
    pub const BODY: &str = "NbBody";
    /// Signing organ.
    pub const SIGN_ORGAN: &str = "NbSignOrgan";
    /// Date under the organ.
    pub const SIGN_DATE: &str = "NbSignDate";
    /// Centred table text.
    pub const TABLE: &str = "NbTable";
    /// Left-aligned table text (long row labels).
    pub const TABLE_LEFT: &str = "NbTableLeft";
    /// Centred table text of a compact table (五号).
    pub const TABLE_COMPACT: &str = "NbTableCompact";
    /// Left-aligned table text of a compact table (五号).
    pub const TABLE_COMPACT_LEFT: &str = "NbTableCompactLeft";
    /// Odd-page footer (right).
    pub const FOOTER_ODD: &str = "NbFooterOdd";
    /// Even-page footer (left).
    pub const FOOTER_EVEN: &str = "NbFooterEven";
    /// Table style: single borders, vertically centred cells.
    pub const TABLE_GRID: &str = "NbTableGrid";
}

/// Paragraph style id of a layout style.
pub(crate) fn para_style_id(style: ParaStyle) -> &'static str {
    match style {
        ParaStyle::Title => id::TITLE,
        ParaStyle::Body => id::BODY,
        ParaStyle::Heading(0) => "NbHeading1",
        ParaStyle::Heading(1) => "NbHeading2",
        ParaStyle::Heading(2) => "NbHeading3",
        ParaStyle::Heading(_) => "NbHeading4",
        ParaStyle::SignatureOrgan => id::SIGN_ORGAN,
        ParaStyle::SignatureDate => id::SIGN_DATE,
    }
}

/// The font role a paragraph style sets by itself.
pub(crate) fn para_style_role(style: ParaStyle) -> FontRole {
    match style {
        ParaStyle::Title => FontRole::Title,
        ParaStyle::Heading(level) => crate::layout::heading_role(level),
        _ => FontRole::Body,
    }
}

/// Character style that switches a run to `role` inside a paragraph of another role.
pub(crate) fn char_style_id(role: FontRole) -> &'static str {
    match role {
        FontRole::Title => "NbCharTitle",
        FontRole::Hei => "NbCharHei",
        FontRole::Kai => "NbCharKai",
        FontRole::PageNumber => "NbCharSong",
        FontRole::Body | FontRole::Table => "NbCharFang",
    }
}

/// The family DOCX names for a role (the first official one).
pub(crate) fn family(role: FontRole) -> &'static str {
    role.official_families()
        .first()
        .copied()
        .unwrap_or("仿宋_GB2312")
}

fn fonts(role: FontRole) -> String {
    let ea = escape(family(role));
    let latin = if role == FontRole::PageNumber {
        ea.clone()
    } else {
        LATIN.to_owned()
    };
    format!(r#"<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{ea}" w:cs="{latin}"/>"#)
}

fn half_points(pt: f32) -> u32 {
    (pt * 2.0).round() as u32
}

/// One paragraph style: (id, name, basedOn, pPr body, rPr body, outline level).
struct ParaDef {
    id: &'static str,
    name: &'static str,
    ppr: String,
    rpr: String,
}

fn para_defs() -> Vec<ParaDef> {
    let m = GBT9704;
    let indent = format!(r#"<w:ind w:firstLine="{INDENT_2_CHARS}"/>"#);
    let heading = |id: &'static str, name: &'static str, level: u8| ParaDef {
        id,
        name,
        ppr: format!(r#"{indent}<w:outlineLvl w:val="{level}"/>"#),
        rpr: fonts(crate::layout::heading_role(level)),
    };
    let table_ppr = |jc: &str| {
        format!(
            r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:left="0" w:right="0" w:firstLine="0"/><w:jc w:val="{jc}"/>"#
        )
    };
    let table_rpr = format!(
        r#"{}<w:spacing w:val="0"/><w:sz w:val="{s}"/><w:szCs w:val="{s}"/>"#,
        fonts(FontRole::Table),
        s = half_points(m.table_size_pt)
    );
    let compact_rpr = format!(
        r#"{}<w:spacing w:val="0"/><w:sz w:val="{s}"/><w:szCs w:val="{s}"/>"#,
        fonts(FontRole::Table),
        s = half_points(crate::layout::table::COMPACT_TABLE_PT)
    );
    let footer_rpr = format!(
        r#"{}<w:spacing w:val="0"/><w:sz w:val="{s}"/><w:szCs w:val="{s}"/>"#,
        fonts(FontRole::PageNumber),
        s = half_points(m.page_number_size_pt)
    );
    let footer_ppr = |side: &str, jc: &str| {
        format!(
            r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:{side}="280" w:firstLine="0"/><w:jc w:val="{jc}"/>"#
        )
    };
    vec![
        ParaDef {
            id: id::TITLE,
            name: "报告标题",
            ppr: format!(
                r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="{}" w:lineRule="exact"/><w:ind w:firstLine="0"/><w:jc w:val="center"/>"#,
                crate::layout::metrics::twips::LINE_PITCH
            ),
            rpr: format!(
                r#"{}<w:spacing w:val="0"/><w:sz w:val="{s}"/><w:szCs w:val="{s}"/>"#,
                fonts(FontRole::Title),
                s = half_points(m.title_size_pt)
            ),
        },
        ParaDef {
            id: id::BODY,
            name: "报告正文",
            ppr: indent.clone(),
            rpr: String::new(),
        },
        heading("NbHeading1", "报告一级标题", 0),
        heading("NbHeading2", "报告二级标题", 1),
        heading("NbHeading3", "报告三级标题", 2),
        heading("NbHeading4", "报告四级标题", 3),
        ParaDef {
            id: id::SIGN_ORGAN,
            name: "落款机关",
            ppr: format!(
                r#"<w:ind w:right="{INDENT_2_CHARS}" w:firstLine="0"/><w:jc w:val="right"/>"#
            ),
            rpr: String::new(),
        },
        ParaDef {
            id: id::SIGN_DATE,
            name: "落款日期",
            ppr: format!(
                r#"<w:ind w:right="{INDENT_2_CHARS}" w:firstLine="0"/><w:jc w:val="right"/>"#
            ),
            rpr: String::new(),
        },
        ParaDef {
            id: id::TABLE,
            name: "表格文字",
            ppr: table_ppr("center"),
            rpr: table_rpr.clone(),
        },
        ParaDef {
            id: id::TABLE_LEFT,
            name: "表格文字左",
            ppr: table_ppr("left"),
            rpr: table_rpr,
        },
        ParaDef {
            id: id::TABLE_COMPACT,
            name: "表格文字五号",
            ppr: table_ppr("center"),
            rpr: compact_rpr.clone(),
        },
        ParaDef {
            id: id::TABLE_COMPACT_LEFT,
            name: "表格文字五号左",
            ppr: table_ppr("left"),
            rpr: compact_rpr,
        },
        ParaDef {
            id: id::FOOTER_ODD,
            name: "页码奇数页",
            ppr: footer_ppr("right", "right"),
            rpr: footer_rpr.clone(),
        },
        ParaDef {
            id: id::FOOTER_EVEN,
            name: "页码偶数页",
            ppr: footer_ppr("left", "left"),
            rpr: footer_rpr,
        },
    ]
}

/// The complete `word/styles.xml`.
pub(crate) fn styles_xml() -> String {
    let m = GBT9704;
    let body_sz = half_points(m.body_size_pt);
    let mut x = String::with_capacity(8192);
    x.push_str(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#
    ));
    // Defaults: Chinese language and the body font everywhere.
    x.push_str(&format!(
        concat!(
            r#"<w:docDefaults><w:rPrDefault><w:rPr>{fonts}<w:sz w:val="{s}"/><w:szCs w:val="{s}"/>"#,
            r#"<w:lang w:val="zh-CN" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>"#,
            r#"<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr></w:pPrDefault></w:docDefaults>"#
        ),
        fonts = fonts(FontRole::Body),
        s = body_sz
    ));
    // Normal: on the line grid, justified, no widow control, no hanging punctuation in LibreOffice.
    x.push_str(&format!(
        concat!(
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="{id}"><w:name w:val="Normal"/><w:qFormat/>"#,
            r#"<w:pPr><w:widowControl w:val="0"/><w:overflowPunct w:val="1"/>"#,
            r#"<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr>"#,
            r#"<w:rPr>{fonts}<w:spacing w:val="{cs}"/><w:sz w:val="{s}"/><w:szCs w:val="{s}"/>"#,
            r#"<w:lang w:val="zh-CN" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:style>"#
        ),
        id = id::NORMAL,
        fonts = fonts(FontRole::Body),
        cs = BODY_CHAR_SPACING,
        s = body_sz
    ));
    x.push_str(concat!(
        r#"<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">"#,
        r#"<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"#
    ));
    for d in para_defs() {
        x.push_str(&format!(
            concat!(
                r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="{id}"><w:name w:val="{name}"/>"#,
                r#"<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>{ppr}</w:pPr>{rpr}</w:style>"#
            ),
            id = d.id,
            name = d.name,
            ppr = d.ppr,
            rpr = if d.rpr.is_empty() {
                String::new()
            } else {
                format!("<w:rPr>{}</w:rPr>", d.rpr)
            }
        ));
    }
    for (role, name) in [
        (FontRole::Title, "小标宋字"),
        (FontRole::Hei, "黑体字"),
        (FontRole::Kai, "楷体字"),
        (FontRole::Body, "仿宋字"),
        (FontRole::PageNumber, "宋体字"),
    ] {
        x.push_str(&format!(
            concat!(
                r#"<w:style w:type="character" w:customStyle="1" w:styleId="{id}"><w:name w:val="{name}"/>"#,
                r#"<w:basedOn w:val="DefaultParagraphFont"/><w:rPr>{fonts}</w:rPr></w:style>"#
            ),
            id = char_style_id(role),
            name = name,
            fonts = fonts(role)
        ));
    }
    x.push_str(&format!(
        concat!(
            r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>"#,
            r#"<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>"#,
            r#"<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>"#,
            r#"<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#,
            r#"<w:style w:type="table" w:customStyle="1" w:styleId="{id}"><w:name w:val="报告表格"/>"#,
            r#"<w:basedOn w:val="TableNormal"/><w:pPr><w:snapToGrid w:val="0"/></w:pPr><w:tblPr><w:jc w:val="center"/>"#,
            r#"<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#,
            r#"<w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#,
            r#"<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#,
            r#"<w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#,
            r#"<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#,
            r#"<w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders>"#,
            r#"<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="57" w:type="dxa"/>"#,
            r#"<w:bottom w:w="28" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr>"#,
            r#"<w:tcPr><w:vAlign w:val="center"/></w:tcPr></w:style>"#
        ),
        id = id::TABLE_GRID
    ));
    x.push_str("</w:styles>");
    x
}

/// `word/fontTable.xml`: the official families with their GB2312 charset and kind, so a
/// substitute of the right kind can be chosen where they are missing.
pub(crate) fn font_table_xml() -> String {
    // (name, altName, panose, family, pitch)
    const FONTS: [(&str, &str, &str, &str, &str); 6] = [
        (LATIN, "", "02020603050405020304", "roman", "variable"),
        (
            "仿宋_GB2312",
            "仿宋",
            "02010609030101010101",
            "modern",
            "fixed",
        ),
        (
            "方正小标宋简体",
            "华文中宋",
            "02000000000000000000",
            "auto",
            "variable",
        ),
        ("黑体", "SimHei", "02010609060101010101", "modern", "fixed"),
        (
            "楷体_GB2312",
            "楷体",
            "02010609030101010101",
            "modern",
            "fixed",
        ),
        ("宋体", "SimSun", "02010600030101010101", "auto", "variable"),
    ];
    let mut x = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#
    ));
    for (name, alt, panose, family, pitch) in FONTS {
        let charset = if name == LATIN { "00" } else { "86" };
        x.push_str(&format!(r#"<w:font w:name="{}">"#, escape(name)));
        if !alt.is_empty() {
            x.push_str(&format!(r#"<w:altName w:val="{}"/>"#, escape(alt)));
        }
        x.push_str(&format!(
            r#"<w:panose1 w:val="{panose}"/><w:charset w:val="{charset}"/><w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>"#
        ));
    }
    x.push_str("</w:fonts>");
    x
}
