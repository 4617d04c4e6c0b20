//! Page, grid and font metrics of GB/T 9704-2012 (spec §6), defined once for every writer.

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// Page geometry and type sizes of an official document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageMetrics {
    /// A4 width.
    pub page_width_pt: f32,
    /// A4 height.
    pub page_height_pt: f32,
    /// 天头: top margin.
    pub margin_top_pt: f32,
    /// 订口: left margin.
    pub margin_left_pt: f32,
    /// Width of the text block (版心), 156 mm.
    pub text_width_pt: f32,
    /// Height of the text block, 225 mm.
    pub text_height_pt: f32,
    /// Lines per full page.
    pub lines_per_page: u32,
    /// Characters per full body line.
    pub chars_per_line: u32,
    /// Distance between body baselines.
    pub line_pitch_pt: f32,
    /// Advance of one body character.
    pub char_pitch_pt: f32,
    /// 3号 body size.
    pub body_size_pt: f32,
    /// 2号 title size.
    pub title_size_pt: f32,
    /// Table text size.
    pub table_size_pt: f32,
    /// 4号 page-number size.
    pub page_number_size_pt: f32,
    /// Gap between the text block's bottom and the page number's top (7 mm).
    pub page_number_gap_pt: f32,
    /// First-line indent of body paragraphs, in characters.
    pub indent_chars: u32,
}

/// The GB/T 9704-2012 page: A4, 37/28 mm margins, 22 lines × 28 characters of 3号.
pub const GBT9704: PageMetrics = PageMetrics {
    page_width_pt: 210.0 * PT_PER_MM,
    page_height_pt: 297.0 * PT_PER_MM,
    margin_top_pt: 37.0 * PT_PER_MM,
    margin_left_pt: 28.0 * PT_PER_MM,
    text_width_pt: 156.0 * PT_PER_MM,
    text_height_pt: 225.0 * PT_PER_MM,
    lines_per_page: 22,
    chars_per_line: 28,
    line_pitch_pt: 225.0 * PT_PER_MM / 22.0,
    char_pitch_pt: 156.0 * PT_PER_MM / 28.0,
    body_size_pt: 16.0,
    title_size_pt: 22.0,
    table_size_pt: 12.0,
    page_number_size_pt: 14.0,
    page_number_gap_pt: 7.0 * PT_PER_MM,
    indent_chars: 2,
};

impl PageMetrics {
    /// Right margin (≈ 26 mm).
    pub fn margin_right_pt(&self) -> f32 {
        self.page_width_pt - self.margin_left_pt - self.text_width_pt
    }

    /// Bottom margin (≈ 35 mm).
    pub fn margin_bottom_pt(&self) -> f32 {
        self.page_height_pt - self.margin_top_pt - self.text_height_pt
    }
}

/// Word's units for the same page (twentieths of a point), as used in DOCX `sectPr`.
pub mod twips {
    /// A4 width.
    pub const PAGE_WIDTH: u32 = 11906;
    /// A4 height.
    pub const PAGE_HEIGHT: u32 = 16838;
    /// Top margin, 37 mm.
    pub const MARGIN_TOP: u32 = 2098;
    /// Bottom margin, 35 mm.
    pub const MARGIN_BOTTOM: u32 = 1984;
    /// Left margin, 28 mm.
    pub const MARGIN_LEFT: u32 = 1588;
    /// Right margin, 26 mm.
    pub const MARGIN_RIGHT: u32 = 1474;
    /// Line grid pitch that gives 22 lines in LibreOffice and Word (580 gives 21).
    pub const LINE_PITCH: u32 = 579;
    /// Text block width: 156 mm.
    pub const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
}

/// What a piece of text is set in; each writer maps a role to a real font.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FontRole {
    /// 小标宋: the title.
    Title,
    /// 仿宋: body text, `1.` and `（1）` headings.
    Body,
    /// 黑体: `一、` headings.
    Hei,
    /// 楷体: `（一）` headings.
    Kai,
    /// Table text.
    Table,
    /// 宋体 page numbers.
    PageNumber,
}

impl FontRole {
    /// Every role, in the order `nianbao fonts` lists them.
    pub const ALL: [FontRole; 6] = [
        FontRole::Title,
        FontRole::Body,
        FontRole::Hei,
        FontRole::Kai,
        FontRole::Table,
        FontRole::PageNumber,
    ];

    /// Every role's Chinese name (`字体:` keys, `--font ROLE=…`), in declaration order: the one
    /// list of role names.
    pub const KEYS: [&'static str; 6] = ["标题", "正文", "黑体", "楷体", "表格", "页码"];

    /// The Chinese name used in `字体:` and `--font ROLE=…`.
    pub fn key(self) -> &'static str {
        Self::KEYS[self as usize]
    }

    /// Every role's name, `、`-separated (for messages).
    pub fn names() -> String {
        Self::KEYS.join("、")
    }

    /// The role for a Chinese name.
    pub fn from_key(key: &str) -> Option<FontRole> {
        FontRole::ALL.into_iter().find(|r| r.key() == key)
    }

    /// The official Windows families, preferred first; DOCX names the first.
    pub fn official_families(self) -> &'static [&'static str] {
        match self {
            FontRole::Title => &["方正小标宋简体", "方正小标宋_GBK", "华文中宋"],
            FontRole::Body | FontRole::Table => &["仿宋_GB2312", "仿宋", "FangSong"],
            FontRole::Hei => &["黑体", "SimHei"],
            FontRole::Kai => &["楷体_GB2312", "楷体", "KaiTi"],
            FontRole::PageNumber => &["宋体", "SimSun"],
        }
    }

    /// Open fonts that stand in when the official ones are missing, preferred first.
    pub fn stand_ins(self) -> &'static [&'static str] {
        match self {
            FontRole::Title | FontRole::Body | FontRole::Table | FontRole::PageNumber => &[
                "Noto Serif CJK SC",
                "Source Han Serif SC",
                "AR PL UMing CN",
                "Noto Sans CJK SC",
            ],
            FontRole::Hei => &[
                "Noto Sans CJK SC",
                "Source Han Sans SC",
                "WenQuanYi Zen Hei",
            ],
            // No serif here: without a Kai font the bundled WenKai subset keeps （一） headings visible.
            FontRole::Kai => &["LXGW WenKai", "AR PL UKai CN"],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_has_its_own_name_and_reads_back() {
        assert_eq!(FontRole::ALL.len(), FontRole::KEYS.len());
        for role in FontRole::ALL {
            assert_eq!(FontRole::from_key(role.key()), Some(role));
        }
        assert_eq!(FontRole::Kai.key(), "楷体");
        assert_eq!(FontRole::PageNumber.key(), "页码");
    }
}
