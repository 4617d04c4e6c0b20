//! Cell formats and text measurement shared by every sheet.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

use crate::template::Kind;

/// Font used in every cell (tables in reports use 宋体 or 仿宋).
pub(crate) const FONT: &str = "宋体";
/// Font size of table cells, in points.
pub(crate) const SIZE: f64 = 11.0;
/// Height of one line of text, in points.
pub(crate) const LINE: f64 = 15.0;
/// Smallest row height, in points.
pub(crate) const MIN_ROW: f64 = 20.0;

/// The formats of the workbook, built once.
pub(crate) struct Styles {
    /// Sheet heading above a table.
    pub title: Format,
    /// Header cells (column headings, the corner note).
    pub header: Format,
    /// Row labels, left-aligned.
    pub label_left: Format,
    /// Row labels, centred (vertical headings).
    pub label_center: Format,
    /// Label of a check row.
    pub check_label: Format,
    /// Red look of a failing check cell (conditional).
    pub alarm: Format,
    /// Bold text on the metadata sheet.
    pub strong: Format,
    /// Bordered text cell of the findings list.
    pub cell: Format,
    /// Bordered heading of the findings list.
    pub cell_head: Format,
    /// An error line on the metadata sheet.
    pub error_text: Format,
}

fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(SIZE)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

fn boxed() -> Format {
    base().set_border(FormatBorder::Thin)
}

impl Styles {
    /// Builds the formats.
    pub(crate) fn new() -> Self {
        Styles {
            title: base()
                .set_bold()
                .set_font_size(14.0)
                .set_align(FormatAlign::Center),
            header: boxed().set_align(FormatAlign::Center),
            label_left: boxed().set_align(FormatAlign::Left),
            label_center: boxed().set_align(FormatAlign::Center),
            check_label: boxed()
                .set_align(FormatAlign::Left)
                .set_background_color(Color::RGB(0xF2F2F2)),
            alarm: Format::new()
                .set_font_color(Color::RGB(0x9C0006))
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_bold(),
            strong: base().set_align(FormatAlign::Left).set_bold(),
            cell: boxed().set_align(FormatAlign::Left),
            cell_head: boxed().set_align(FormatAlign::Center).set_bold(),
            error_text: base()
                .set_align(FormatAlign::Left)
                .set_bold()
                .set_font_color(Color::RGB(0xC00000)),
        }
    }

    /// Format of a number cell: an unlocked input or a locked formula.
    pub(crate) fn number(&self, kind: Kind, unit: Option<&str>, scale: u8, input: bool) -> Format {
        let f = boxed()
            .set_align(FormatAlign::Center)
            .set_num_format(number_format(kind, unit, scale));
        if input { f.set_unlocked() } else { f }
    }

    /// Format of a check-row cell.
    pub(crate) fn check(&self, kind: Kind, unit: Option<&str>, scale: u8) -> Format {
        self.number(kind, unit, scale, false)
            .set_background_color(Color::RGB(0xF2F2F2))
    }
}

/// Excel number format: whole numbers for counts, the unit shown after money.
pub(crate) fn number_format(kind: Kind, unit: Option<&str>, scale: u8) -> String {
    let digits = if kind == Kind::Money && scale > 0 {
        format!("0.{}", "0".repeat(usize::from(scale)))
    } else {
        "0".to_owned()
    };
    match unit {
        Some(u) if kind == Kind::Money && !u.is_empty() => {
            let u = u.replace('"', "");
            format!("{digits}\"{u}\";-{digits}\"{u}\";{digits}\"{u}\"")
        }
        _ => digits,
    }
}

/// Width of text in Excel column units (a CJK character counts about two digits).
pub(crate) fn text_units(text: &str) -> f64 {
    text.lines()
        .map(|l| l.chars().map(char_units).sum::<f64>())
        .fold(0.0, f64::max)
}

/// Lines of text when set in a column `width` units wide.
pub(crate) fn lines_in(text: &str, width: f64) -> usize {
    let usable = (width - 1.5).max(2.2);
    text.lines()
        .map(|l| {
            let w: f64 = l.chars().map(char_units).sum();
            ((w / usable).ceil() as usize).max(1)
        })
        .sum::<usize>()
        .max(1)
}

fn char_units(c: char) -> f64 {
    if c.is_ascii() { 1.15 } else { 2.2 }
}

/// Text cut to the 32 767 characters a cell can hold (Excel's limit).
pub(crate) fn clip(text: &str) -> String {
    const MAX: usize = 32_767;
    match text.char_indices().nth(MAX) {
        Some((at, _)) => text[..at].to_owned(),
        None => text.to_owned(),
    }
}
