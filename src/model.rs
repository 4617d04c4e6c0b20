//! The report as one document model: metadata, narrative and table values.
//!
//! Readers (`source` for YAML, `import` for legacy files) produce a [`Report`]; `check`,
//! `layout` and the writers consume it. Positions of values in the source are kept beside
//! the values so findings can point at them.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::amount::Amount;
use crate::diag::Loc;
use crate::template::{self, Template};

/// Report years the tool accepts (loader, `init`, importer): one range for all of them.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Version of the YAML source format this build reads and writes (`格式版本`).
pub const FORMAT_VERSION: u32 = 1;

/// A calendar date (成文日期).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day, 1–31.
    pub day: u32,
}

impl Date {
    /// Parses `2021-01-20`, `2021/1/20`, `2021.1.20` or `2021年1月20日`.
    pub fn parse(text: &str) -> Option<Date> {
        let parts: Vec<&str> = text
            .trim()
            .split(['-', '/', '.', '年', '月', '日'])
            .filter(|p| !p.is_empty())
            .collect();
        let [y, m, d] = parts.as_slice() else {
            return None;
        };
        let date = Date {
            year: y.trim().parse().ok()?,
            month: m.trim().parse().ok()?,
            day: d.trim().parse().ok()?,
        };
        date.is_valid().then_some(date)
    }

    /// Does the day exist in the calendar?
    pub fn is_valid(&self) -> bool {
        let leap = (self.year % 4 == 0 && self.year % 100 != 0) || self.year % 400 == 0;
        let days = match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        (1000..=9999).contains(&self.year) && (1..=days).contains(&self.day)
    }

    /// Seconds since 1970-01-01T00:00:00Z at midnight of this date (for file timestamps).
    pub fn unix_seconds(&self) -> i64 {
        // Days from civil, after H. Hinnant.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        (era * 146_097 + doe - 719_468) * 86_400
    }
}

/// Civil date and time (UTC) of Unix seconds: (year, month, day, hour, minute, second).
pub fn civil_time(unix: i64) -> (i64, u32, u32, u32, u32, u32) {
    // Civil from days, after H. Hinnant.
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        month,
        day,
        (secs / 3600) as u32,
        (secs % 3600 / 60) as u32,
        (secs % 60) as u32,
    )
}

/// Printed the official way: Arabic numerals, no leading zeros (2021年1月20日).
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}年{}月{}日", self.year, self.month, self.day)
    }
}

/// Who, when, which template.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meta {
    /// 机关全称, e.g. 张店区民政局.
    pub organ: String,
    /// The year reported on.
    pub year: i32,
    /// Template id (2019 or 2021).
    pub template: u16,
    /// 成文日期, printed under the signature.
    pub date: Option<Date>,
    /// 署名 (signing organ); the organ when absent.
    pub signer: Option<String>,
    /// 联系方式: the contact sentence that ends the preamble.
    pub contact: Option<String>,
    /// Font per role (标题, 正文, 黑体, 楷体, 表格, 页码): a family name or a font file path.
    pub fonts: BTreeMap<String, String>,
}

impl Meta {
    /// `{机关全称}{YYYY}年政府信息公开工作年度报告`.
    pub fn title(&self) -> String {
        format!("{}{}年政府信息公开工作年度报告", self.organ, self.year)
    }

    /// The signing organ as printed.
    pub fn signer(&self) -> &str {
        self.signer.as_deref().unwrap_or(&self.organ)
    }
}

/// A block of narrative inside a section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Block {
    /// A body paragraph.
    Paragraph(String),
    /// A numbered sub-heading; the number is added by layout.
    Heading {
        /// 1 = `（一）`, 2 = `1.`, 3 = `（1）`.
        level: u8,
        /// Heading text without its number.
        text: String,
        /// Text that runs on after the heading in the same paragraph.
        body: Option<String>,
    },
}

/// One of the six fixed sections.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// Section key from the template (总体情况).
    pub key: String,
    /// Narrative blocks, in order.
    pub blocks: Vec<Block>,
    /// Where each block starts in the source (same length as `blocks` when known).
    #[serde(skip)]
    pub locs: Vec<Loc>,
}

/// A value in a table cell as given by the source (typed or printed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// The number; `None` for a cell printed empty.
    pub value: Option<Amount>,
    /// Unit written with a money value (元, 万元).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Position in the source.
    #[serde(skip)]
    pub loc: Option<Loc>,
}

/// The values given for one table: input cells and any printed derived cells.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TableValues {
    /// Cells by (row key, column key).
    pub cells: BTreeMap<(String, String), Cell>,
    /// Where each row's entry starts in the source.
    #[serde(skip)]
    pub row_locs: BTreeMap<String, Loc>,
    /// Where the table's key is in the source.
    #[serde(skip)]
    pub loc: Option<Loc>,
    /// Cells the source gives but that could not be read (already reported): rules that
    /// depend on them are not run, so no made-up 0 causes a cascade of findings.
    #[serde(skip)]
    pub unreadable: std::collections::BTreeSet<(String, String)>,
    /// Comment lines written above a row (the importer's original text and readings).
    #[serde(skip)]
    pub comments: BTreeMap<String, Vec<String>>,
}

/// The marker a source carries in a cell the importer did not read for certain: `check`
/// reports it as an error until a person types the number (it never counts as 0).
pub const UNRESOLVED: &str = "待核";

impl TableValues {
    /// The cell at (row, column), if the source has it.
    pub fn get(&self, row: &str, col: &str) -> Option<&Cell> {
        self.cells.get(&(row.to_owned(), col.to_owned()))
    }

    /// Was the cell given but unreadable?
    pub fn is_unreadable(&self, row: &str, col: &str) -> bool {
        !self.unreadable.is_empty() && self.unreadable.contains(&(row.to_owned(), col.to_owned()))
    }

    /// Sets a cell.
    pub fn set(&mut self, row: &str, col: &str, cell: Cell) {
        self.cells.insert((row.to_owned(), col.to_owned()), cell);
    }
}

/// A child an aggregate was compiled from (the `汇总:` list of a source).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChildRef {
    /// The child's organ.
    pub organ: String,
    /// Content hash of the child's source file (16 hex digits).
    pub hash: String,
}

/// A whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Metadata.
    pub meta: Meta,
    /// Preamble paragraphs (before 一、总体情况).
    pub preamble: Vec<String>,
    /// The six sections, in template order.
    pub sections: Vec<Section>,
    /// Table values by table id (表二, 表三, 表四).
    pub tables: BTreeMap<String, TableValues>,
    /// Positions of metadata values by key (机关, 年度, 模板, 日期 …).
    #[serde(skip)]
    pub locs: BTreeMap<String, Loc>,
    /// For an aggregate: the children it was compiled from (`汇总:`); empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<ChildRef>,
}

impl Report {
    /// The template this report uses (always known once loaded).
    pub fn template(&self) -> &'static Template {
        template::get(self.meta.template)
            .or_else(|| template::all().ok().and_then(|a| a.last()))
            .expect("templates are embedded")
    }

    /// An empty report for a template and year, with the six sections and no values.
    pub fn empty(template: &Template, organ: &str, year: i32) -> Report {
        Report {
            meta: Meta {
                organ: organ.to_owned(),
                year,
                template: template.id,
                date: None,
                signer: None,
                contact: None,
                fonts: BTreeMap::new(),
            },
            preamble: Vec::new(),
            sections: template
                .sections
                .iter()
                .map(|s| Section {
                    key: s.key.clone(),
                    blocks: Vec::new(),
                    locs: Vec::new(),
                })
                .collect(),
            tables: BTreeMap::new(),
            locs: BTreeMap::new(),
            children: Vec::new(),
        }
    }

    /// Position of a metadata value.
    pub fn loc(&self, key: &str) -> Option<Loc> {
        self.locs.get(key).copied()
    }
}

/// The key under which [`Report::loc`] finds a section's heading in the source (`正文.总体情况`).
pub fn section_loc_key(section: &str) -> String {
    format!("{}.{section}", crate::source::keys::BODY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_print_officially() {
        let d = Date::parse("2021-01-20").unwrap();
        assert_eq!(d.to_string(), "2021年1月20日");
        assert_eq!(Date::parse("2021年1月20日"), Some(d));
        assert_eq!(Date::parse("2021/1/20"), Some(d));
        assert_eq!(Date::parse("2021-02-30"), None);
        assert_eq!(Date::parse("明天"), None);
        assert_eq!(d.unix_seconds(), 1_611_100_800);
    }
}
