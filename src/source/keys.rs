//! The Chinese keys of the YAML source format, in one place (loader, schema and `init` use them).

/// 格式版本: version of the source format.
pub const FORMAT_VERSION: &str = "格式版本";
/// 模板: 2019 or 2021.
pub const TEMPLATE: &str = "模板";
/// 机关: full name of the organ.
pub const ORGAN: &str = "机关";
/// 年度: the year reported on.
pub const YEAR: &str = "年度";
/// 日期: date of the report.
pub const DATE: &str = "日期";
/// 署名: signing organ.
pub const SIGNER: &str = "署名";
/// 前言: preamble paragraphs.
pub const PREAMBLE: &str = "前言";
/// 联系方式: contact sentence at the end of the preamble.
pub const CONTACT: &str = "联系方式";
/// 字体: fonts per role.
pub const FONTS: &str = "字体";
/// 正文: the six sections.
pub const BODY: &str = "正文";
/// 汇总: the children an aggregate was compiled from (机关 and 哈希 of each).
pub const CHILDREN: &str = "汇总";
/// 哈希: content hash of a child file under 汇总.
pub const HASH: &str = "哈希";
/// The marker of text a person still has to write; `check` reports it as an error.
pub const PLACEHOLDER: &str = "【待填写】";
/// Heading keys inside a section, by level.
pub const HEADINGS: [(&str, u8); 4] = [
    ("一级标题", 1),
    ("小标题", 1),
    ("二级标题", 2),
    ("三级标题", 3),
];
/// Run-in text after a heading.
pub const HEADING_BODY: &str = "正文";
/// Font roles accepted under 字体.
pub const FONT_ROLES: [&str; 6] = crate::layout::FontRole::KEYS;
/// Metadata keys in the order `init` writes them.
pub const META: [&str; 9] = [
    FORMAT_VERSION,
    TEMPLATE,
    ORGAN,
    YEAR,
    DATE,
    SIGNER,
    PREAMBLE,
    CONTACT,
    FONTS,
];
