//! Summing: the input cells of a template as slots, a child's values read into them (money in 元,
//! exactly), the totals, and the aggregate report built from the totals.

use std::sync::OnceLock;

use crate::amount::Amount;
use crate::diag::{Diagnostic, Rule};
use crate::model::{Cell, Report};
use crate::template::{Kind, RowRole, Template};

/// One input cell of a template: where it is and whether it holds money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// Table id (表二).
    pub table: String,
    /// Row key.
    pub row: String,
    /// Column key.
    pub col: String,
    /// Printed column label (for the detail workbook).
    pub label: String,
    /// Units the column allows when it holds money (empty for counts).
    pub units: Vec<String>,
}

impl Slot {
    /// Does the cell hold money?
    pub fn is_money(&self) -> bool {
        !self.units.is_empty()
    }
}

/// The slots of an embedded template (by id), computed once for the whole run: every child of
/// a template shares them.
pub fn cached_slots(template: u16) -> Option<&'static [Slot]> {
    static CACHE: OnceLock<Vec<(u16, Vec<Slot>)>> = OnceLock::new();
    CACHE
        .get_or_init(|| {
            crate::template::all()
                .map(|ts| ts.iter().map(|t| (t.id, slots(t))).collect())
                .unwrap_or_default()
        })
        .iter()
        .find(|(id, _)| *id == template)
        .map(|(_, s)| s.as_slice())
}

/// Every input cell of a template, in table, block, row and column order (derived cells excluded).
pub fn slots(template: &Template) -> Vec<Slot> {
    let mut out = Vec::new();
    for table in &template.tables {
        for block in &table.blocks {
            let inputs = block.input_columns();
            for row in block.keyed_rows() {
                if row.role() != RowRole::Input {
                    continue;
                }
                let rk = row.key.as_deref().unwrap_or_default();
                for col in &inputs {
                    out.push(Slot {
                        table: table.id.clone(),
                        row: rk.to_owned(),
                        col: col.key.clone().unwrap_or_default(),
                        label: col.label.clone(),
                        units: if col.kind == Kind::Money {
                            col.units.clone()
                        } else {
                            Vec::new()
                        },
                    });
                }
            }
        }
    }
    out
}

/// `value × 10^shift`, exactly, or `None` on overflow.
fn shift(v: Amount, by: u8) -> Option<Amount> {
    if v.scale >= by {
        Some(Amount {
            units: v.units,
            scale: v.scale - by,
        })
    } else {
        let f = 10i64.checked_pow(u32::from(by - v.scale))?;
        Some(Amount::int(v.units.checked_mul(f)?))
    }
}

/// Drops trailing decimal zeros (`12.3500` → `12.35`).
pub fn trim(mut v: Amount) -> Amount {
    while v.scale > 0 && v.units % 10 == 0 {
        v.units /= 10;
        v.scale -= 1;
    }
    v
}

/// A money cell in 元: 万元 multiplied by 10,000; no unit means the column's only unit, else 万元.
fn to_yuan(cell: &Cell, slot: &Slot) -> Option<Amount> {
    let v = cell.value?;
    let unit = cell
        .unit
        .as_deref()
        .or_else(|| (slot.units.len() == 1).then(|| slot.units[0].as_str()))
        .unwrap_or("万元");
    if unit == "万元" {
        shift(v, 4)
    } else {
        Some(v)
    }
}

/// One child's values by slot (money in 元, blank = 0) and the slots left blank (`~`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChildValues {
    /// Values by slot index.
    pub values: Vec<Amount>,
    /// Indexes of slots the child printed empty (`~`), counted as 0.
    pub blanks: Vec<u32>,
}

/// Slot values packed a few bytes each (a zigzag varint of the digits, a flag for a decimal
/// scale) instead of 16: the aggregate keeps one per child, so thousands of children stay small.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Packed {
    bytes: Vec<u8>,
    len: usize,
}

impl Packed {
    /// Packs values, exactly.
    pub fn pack(values: &[Amount]) -> Packed {
        let mut bytes = Vec::with_capacity(values.len() + 8);
        for v in values {
            let zigzag = ((v.units << 1) ^ (v.units >> 63)) as u64;
            let mut head = (u128::from(zigzag) << 1) | u128::from(v.scale != 0);
            loop {
                let low = (head & 0x7f) as u8;
                head >>= 7;
                if head == 0 {
                    bytes.push(low);
                    break;
                }
                bytes.push(low | 0x80);
            }
            if v.scale != 0 {
                bytes.push(v.scale);
            }
        }
        bytes.shrink_to_fit();
        Packed {
            bytes,
            len: values.len(),
        }
    }

    /// How many values.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Are there no values?
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The values in slot order.
    pub fn iter(&self) -> impl Iterator<Item = Amount> + '_ {
        let mut at = 0usize;
        (0..self.len).map(move |_| {
            let mut head: u128 = 0;
            let mut shift = 0;
            while let Some(&b) = self.bytes.get(at) {
                at += 1;
                head |= u128::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 || shift >= 128 {
                    break;
                }
            }
            let zigzag = (head >> 1) as u64;
            let units = ((zigzag >> 1) as i64) ^ -((zigzag & 1) as i64);
            let scale = if head & 1 == 1 {
                at += 1;
                self.bytes.get(at - 1).copied().unwrap_or(0)
            } else {
                0
            };
            Amount { units, scale }
        })
    }

    /// The values in slot order, unpacked.
    pub fn unpack(&self) -> Vec<Amount> {
        self.iter().collect()
    }
}

/// One child's values as the aggregate keeps them: packed, with the slots left blank.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kept {
    /// Values by slot (money in 元, blank = 0).
    pub packed: Packed,
    /// Indexes of slots the child printed empty (`~`), counted as 0.
    pub blanks: Vec<u32>,
}

impl Kept {
    /// Keeps a child's values compactly.
    pub fn keep(v: ChildValues) -> Kept {
        let mut blanks = v.blanks;
        blanks.shrink_to_fit();
        Kept {
            packed: Packed::pack(&v.values),
            blanks,
        }
    }
}

/// Reads a report's input cells into slots; `Err` names the cell too large to convert.
pub fn child_values(report: &Report, slots: &[Slot]) -> Result<ChildValues, usize> {
    let mut out = ChildValues {
        values: Vec::with_capacity(slots.len()),
        blanks: Vec::new(),
    };
    for (i, slot) in slots.iter().enumerate() {
        let cell = report
            .tables
            .get(&slot.table)
            .and_then(|t| t.get(&slot.row, &slot.col));
        let v = match cell {
            None => Amount::ZERO,
            Some(c) if c.value.is_none() => {
                out.blanks.push(u32::try_from(i).map_err(|_| i)?);
                Amount::ZERO
            }
            Some(c) if slot.is_money() => to_yuan(c, slot).ok_or(i)?,
            Some(c) => c.value.unwrap_or(Amount::ZERO),
        };
        out.values.push(v);
    }
    Ok(out)
}

/// Adds a child's values into the running totals; `Err` names the slot that overflowed.
pub fn add_into(totals: &mut [Amount], values: &[Amount]) -> Result<(), usize> {
    for (i, (t, v)) in totals.iter_mut().zip(values).enumerate() {
        *t = t.checked_add(*v).ok_or(i)?;
    }
    Ok(())
}

/// A money total (in 元) as written: in 万元 when exact within 6 decimals, else in 元.
pub fn money_cell(total_yuan: Amount, slot: &Slot) -> Cell {
    let wan = trim(Amount {
        units: total_yuan.units,
        scale: total_yuan.scale.saturating_add(4),
    });
    let allows_yuan = slot.units.iter().any(|u| u == "元");
    let (value, unit) = if wan.scale <= 6 || !allows_yuan {
        (wan, "万元")
    } else {
        (trim(total_yuan), "元")
    };
    Cell {
        value: Some(value),
        unit: (slot.units.len() > 1).then(|| unit.to_owned()),
        loc: None,
    }
}

/// The aggregate's tables: every input cell set to its total (derived cells stay derived).
pub fn fill_tables(report: &mut Report, slots: &[Slot], totals: &[Amount]) {
    for (slot, total) in slots.iter().zip(totals) {
        let cell = if slot.is_money() {
            money_cell(*total, slot)
        } else {
            Cell {
                value: Some(*total),
                unit: None,
                loc: None,
            }
        };
        report
            .tables
            .entry(slot.table.clone())
            .or_default()
            .set(&slot.row, &slot.col, cell);
    }
}

/// The finding for a sum too large to compute.
pub fn overflow(slot: &Slot) -> Diagnostic {
    Diagnostic::error(
        Rule::TooLarge,
        None,
        format!(
            "{}「{}」行「{}」列的合计超出可计算范围",
            slot.table, slot.row, slot.label
        ),
    )
    .cell(&slot.table, Some(&slot.row), Some(&slot.col))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money_slot(units: &[&str]) -> Slot {
        Slot {
            table: "表二".into(),
            row: "r".into(),
            col: "c".into(),
            label: "c".into(),
            units: units.iter().map(|u| u.to_string()).collect(),
        }
    }

    #[test]
    fn packed_values_unpack_exactly() {
        let values: Vec<Amount> = [
            (0, 0),
            (1, 0),
            (-1, 0),
            (63, 0),
            (64, 0),
            (-65, 0),
            (1_234_567, 2),
            (i64::MAX, 0),
            (i64::MIN, 0),
            (i64::MIN, 9),
            (i64::MAX, 255),
            (10, 1),
        ]
        .into_iter()
        .map(|(units, scale)| Amount { units, scale })
        .collect();
        let p = Packed::pack(&values);
        assert_eq!(p.len(), values.len());
        assert_eq!(p.unpack(), values);
        // Small counts take one byte each.
        let small = Packed::pack(&vec![Amount::int(5); 300]);
        assert_eq!(small.bytes.len(), 300);
        assert!(Packed::pack(&[]).is_empty());
    }

    #[test]
    fn money_is_summed_exactly_across_units() {
        let slot = money_slot(&["元", "万元"]);
        let yuan = Cell {
            value: Some(Amount::parse("5000").unwrap()),
            unit: Some("元".into()),
            loc: None,
        };
        let wan = Cell {
            value: Some(Amount::parse("1.25").unwrap()),
            unit: Some("万元".into()),
            loc: None,
        };
        let mut t = vec![Amount::ZERO];
        add_into(&mut t, &[to_yuan(&yuan, &slot).unwrap()]).unwrap();
        add_into(&mut t, &[to_yuan(&wan, &slot).unwrap()]).unwrap();
        let c = money_cell(t[0], &slot);
        assert_eq!(c.value.unwrap().to_string(), "1.75");
        assert_eq!(c.unit.as_deref(), Some("万元"));
        // 0.123 元 is 0.0000123 万元: too precise for 万元, written in 元.
        let c = money_cell(Amount::parse("0.123").unwrap(), &slot);
        assert_eq!(
            (c.value.unwrap().to_string(), c.unit.as_deref()),
            ("0.123".into(), Some("元"))
        );
    }
}
