//! Input validation and sheet protection: the form can be filled but not broken.

use std::collections::BTreeMap;

use rust_xlsxwriter::{
    DataValidation, DataValidationRule, ProtectionOptions, Worksheet, XlsxError,
};

use super::formulas::ranges;

use crate::template::Kind;

/// Input cells grouped by what they may hold, for one validation rule per group.
#[derive(Debug, Default)]
pub(crate) struct InputCells {
    groups: BTreeMap<(u8, String), Vec<(u32, u16)>>,
}

fn kind_order(kind: Kind) -> u8 {
    match kind {
        Kind::Count => 0,
        Kind::Signed => 1,
        Kind::Money => 2,
    }
}

fn kind_of(order: u8) -> Kind {
    match order {
        1 => Kind::Signed,
        2 => Kind::Money,
        _ => Kind::Count,
    }
}

impl InputCells {
    /// Records an input cell.
    pub(crate) fn add(&mut self, kind: Kind, unit: Option<&str>, at: (u32, u16)) {
        self.groups
            .entry((kind_order(kind), unit.unwrap_or_default().to_owned()))
            .or_default()
            .push(at);
    }

    /// Adds one validation rule with a Chinese input message per group of cells.
    pub(crate) fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for ((order, unit), cells) in &self.groups {
            let Some(&(r, c)) = cells.first() else {
                continue;
            };
            let kind = kind_of(*order);
            let range = ranges(cells).join(" ");
            let (title, message) = messages(kind, unit);
            let rule = match kind {
                Kind::Count => DataValidation::new()
                    .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)),
                Kind::Signed => DataValidation::new()
                    .allow_whole_number(DataValidationRule::Between(-999_999_999, 999_999_999)),
                Kind::Money => DataValidation::new()
                    .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
            };
            let rule = rule
                .set_input_title(title)?
                .set_input_message(&message)?
                .set_error_title("数值不符合要求")?
                .set_error_message(&message)?
                .set_multi_range(range);
            ws.add_data_validation(r, c, r, c, &rule)?;
        }
        Ok(())
    }
}

fn messages(kind: Kind, unit: &str) -> (&'static str, String) {
    const TAIL: &str = "空白按 0 计算；合计、总计和勾稽检查由公式自动计算。";
    match kind {
        Kind::Count => ("填写件数", format!("请填写不小于 0 的整数。{TAIL}")),
        Kind::Signed => (
            "填写增减数",
            format!("请填写整数：增加填正数，减少填负数（如 -2）。{TAIL}"),
        ),
        Kind::Money => {
            let unit = if unit.is_empty() {
                String::new()
            } else {
                format!("，单位：{unit}")
            };
            (
                "填写金额",
                format!("请填写不小于 0 的金额，可带小数{unit}。{TAIL}"),
            )
        }
    }
}

/// Protects the sheet without a password: input cells (unlocked) stay editable; labels and
/// formulas are locked. Column widths and row heights may still be changed for printing.
pub(crate) fn protect(ws: &mut Worksheet) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
}
