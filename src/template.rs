//! The official table templates, read from the data files under `templates/`.
//!
//! A template says which sections a report has, and for each table its rows, columns,
//! labels, which cells are derived (sums) and which equations must hold. Layout, check,
//! the writers and the importers all read it from here; none of them hard-codes a label.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::amount::Amount;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/templates_embedded.rs"));
}

/// One template file (e.g. `templates/2021.yaml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// The number used in a report's `模板:` key (2019, 2021).
    pub id: u16,
    /// The document that defines it (国办公开办函〔2021〕30号).
    pub name: String,
    /// First report year the template is meant for.
    pub first_year: i32,
    /// The six fixed sections, in order.
    pub sections: Vec<SectionDef>,
    /// The statistical tables.
    pub tables: Vec<TableDef>,
}

/// A fixed section of the narrative.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionDef {
    /// Short key used in the YAML (without the `一、` numbering).
    pub key: String,
    /// The printed heading, numbering included.
    pub title: String,
    /// The table printed at the end of this section, if any.
    #[serde(default)]
    pub table: Option<String>,
}

/// A statistical table (表二, 表三, 表四).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    /// Key used in the YAML (`表三`).
    pub id: String,
    /// Short title, without numbering.
    pub title: String,
    /// Blocks printed one under the other (表二 has one per 第二十条 item).
    pub blocks: Vec<BlockDef>,
}

/// How a block is printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// Rows down, columns across.
    #[default]
    Grid,
    /// A single printed data row: each data row becomes a group of columns (表四).
    OneLine,
}

/// A rectangular part of a table with its own column headings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockDef {
    /// A heading row spanning the whole block (第二十条第（一）项).
    #[serde(default)]
    pub header: Option<String>,
    /// Heading of the label column (信息内容).
    #[serde(default)]
    pub label_header: Option<String>,
    /// Text of the merged top-left cell (the 勾稽 note of 表三).
    #[serde(default)]
    pub corner: Option<String>,
    /// Printing shape.
    #[serde(default)]
    pub shape: Shape,
    /// Column tree.
    pub columns: Vec<ColumnDef>,
    /// Row tree.
    pub rows: Vec<RowDef>,
    /// Equations that must hold in every column.
    #[serde(default)]
    pub equations: Vec<Equation>,
    /// Rules linking this year's values to last year's report.
    #[serde(default)]
    pub previous_year: Vec<PreviousYearRule>,
}

/// What a cell may hold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A count: whole number ≥ 0.
    #[default]
    Count,
    /// A change: whole number, may be negative (本年增/减).
    Signed,
    /// Money: decimal ≥ 0 with a unit.
    Money,
}

/// A column, or a heading over several columns.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    /// Key used by data; absent on pure headings.
    #[serde(default)]
    pub key: Option<String>,
    /// Exact printed label.
    pub label: String,
    /// Cell kind (default: count).
    #[serde(default)]
    pub kind: Kind,
    /// Units allowed for money; the first is the default when only one is allowed.
    #[serde(default)]
    pub units: Vec<String>,
    /// Columns this one is the sum of (a derived column).
    #[serde(default)]
    pub sum: Vec<String>,
    /// Columns under this heading.
    #[serde(default)]
    pub children: Vec<ColumnDef>,
}

/// A row, or a heading over several rows.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowDef {
    /// Key used by data and in the YAML; absent on pure headings.
    #[serde(default)]
    pub key: Option<String>,
    /// Exact printed label.
    pub label: String,
    /// Rows this one is the sum of (a derived row, printed).
    #[serde(default)]
    pub sum: Vec<String>,
    /// Sub-rows; a row with a key and children is their (unprinted) subtotal.
    #[serde(default)]
    pub children: Vec<RowDef>,
}

/// `left` rows summed equal `right` rows summed, in every column.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Equation {
    /// The rule whose findings this equation produces (its stable code in the template data).
    pub code: crate::diag::Rule,
    /// Rule name used in findings (勾稽关系).
    pub name: String,
    /// The rule in the template's words.
    pub rule: String,
    /// Row keys on the left side.
    pub left: Vec<String>,
    /// Row keys on the right side.
    pub right: Vec<String>,
}

/// Severity of a cross-year rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleSeverity {
    /// A broken rule is an error.
    Error,
    /// A broken rule is a warning.
    Warning,
}

/// A rule comparing this year's report with last year's.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviousYearRule {
    /// Per column: this year's `row` equals last year's `last_year_row`.
    #[serde(default)]
    pub row: Option<String>,
    /// See `row`.
    #[serde(default)]
    pub last_year_row: Option<String>,
    /// Per row: this year's `column` equals last year's `last_year_column` + `plus` − `minus` (this year's).
    #[serde(default)]
    pub column: Option<String>,
    /// See `column`.
    #[serde(default)]
    pub last_year_column: Option<String>,
    /// This year's columns added.
    #[serde(default)]
    pub plus: Vec<String>,
    /// This year's columns subtracted.
    #[serde(default)]
    pub minus: Vec<String>,
    /// Error or warning.
    pub severity: RuleSeverity,
}

/// What role a row plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowRole {
    /// Typed in the source.
    Input,
    /// Sum of its children; not printed as a row of numbers.
    Subtotal,
    /// Sum of named rows; printed (（七）总计).
    Total,
    /// A heading over rows; carries no values.
    Heading,
}

impl Equation {
    /// The sum of one side's rows, each valued by `value(row key)`; `None` when it overflows.
    pub fn sum(rows: &[String], value: impl Fn(&str) -> Amount) -> Option<Amount> {
        rows.iter()
            .try_fold(Amount::ZERO, |acc, r| acc.checked_add(value(r)))
    }

    /// Both sides' totals in one column, rows valued by `value(row key)`; `None` on overflow.
    /// The one evaluator of template equations: `check`, the XLSX check rows and the importer's
    /// consistency scoring all use it.
    pub fn sides(&self, value: impl Fn(&str) -> Amount) -> Option<(Amount, Amount)> {
        Some((
            Self::sum(&self.left, &value)?,
            Self::sum(&self.right, &value)?,
        ))
    }

    /// Left minus right in one column (0 when the equation holds); `None` on overflow.
    pub fn difference(&self, value: impl Fn(&str) -> Amount) -> Option<Amount> {
        let (l, r) = self.sides(value)?;
        l.checked_sub(r)
    }
}

impl RowDef {
    /// The role of this row.
    pub fn role(&self) -> RowRole {
        match (&self.key, self.children.is_empty(), self.sum.is_empty()) {
            (None, _, _) => RowRole::Heading,
            (Some(_), _, false) => RowRole::Total,
            (Some(_), false, true) => RowRole::Subtotal,
            (Some(_), true, true) => RowRole::Input,
        }
    }

    /// The rows a derived row adds up: its `sum` list or its children's keys.
    pub fn parts(&self) -> Vec<&str> {
        if !self.sum.is_empty() {
            self.sum.iter().map(String::as_str).collect()
        } else {
            self.children
                .iter()
                .filter_map(|c| c.key.as_deref())
                .collect()
        }
    }
}

impl ColumnDef {
    /// Is this a derived (sum) column?
    pub fn is_derived(&self) -> bool {
        !self.sum.is_empty()
    }
}

/// The labels of columns joined with `sep`, for messages, comments and the schema.
pub fn labels(cols: &[&ColumnDef], sep: &str) -> String {
    cols.iter()
        .map(|c| c.label.as_str())
        .collect::<Vec<_>>()
        .join(sep)
}

fn walk_rows<'a>(rows: &'a [RowDef], out: &mut Vec<&'a RowDef>) {
    for r in rows {
        out.push(r);
        walk_rows(&r.children, out);
    }
}

fn find_row<'a>(rows: &'a [RowDef], key: &str) -> Option<&'a RowDef> {
    rows.iter().find_map(|r| {
        if r.key.as_deref() == Some(key) {
            Some(r)
        } else {
            find_row(&r.children, key)
        }
    })
}

fn find_column<'a>(cols: &'a [ColumnDef], key: &str) -> Option<&'a ColumnDef> {
    cols.iter().find_map(|c| {
        if c.children.is_empty() {
            (c.key.as_deref() == Some(key)).then_some(c)
        } else {
            find_column(&c.children, key)
        }
    })
}

fn walk_columns<'a>(cols: &'a [ColumnDef], out: &mut Vec<&'a ColumnDef>) {
    for c in cols {
        if c.children.is_empty() {
            out.push(c);
        } else {
            walk_columns(&c.children, out);
        }
    }
}

impl BlockDef {
    /// Every row node in printed order (headings, subtotals and totals included).
    pub fn all_rows(&self) -> Vec<&RowDef> {
        let mut out = Vec::new();
        walk_rows(&self.rows, &mut out);
        out
    }

    /// Rows that have a key (input, subtotal, total), in printed order.
    pub fn keyed_rows(&self) -> Vec<&RowDef> {
        self.all_rows()
            .into_iter()
            .filter(|r| r.key.is_some())
            .collect()
    }

    /// Leaf columns in printed order.
    pub fn leaf_columns(&self) -> Vec<&ColumnDef> {
        let mut out = Vec::new();
        walk_columns(&self.columns, &mut out);
        out
    }

    /// Leaf columns typed in the source (not derived), in printed order.
    pub fn input_columns(&self) -> Vec<&ColumnDef> {
        self.leaf_columns()
            .into_iter()
            .filter(|c| !c.is_derived())
            .collect()
    }

    /// Finds a row by key (the first in printed order; nothing allocated: called per cell).
    pub fn row(&self, key: &str) -> Option<&RowDef> {
        find_row(&self.rows, key)
    }

    /// Finds a leaf column by key (the first in printed order; nothing allocated).
    pub fn column(&self, key: &str) -> Option<&ColumnDef> {
        find_column(&self.columns, key)
    }
}

impl TableDef {
    /// Finds the block holding the row `key`.
    pub fn block_of_row(&self, key: &str) -> Option<&BlockDef> {
        self.blocks.iter().find(|b| b.row(key).is_some())
    }
}

impl Template {
    /// Finds a table by id (`表三`).
    pub fn table(&self, id: &str) -> Option<&TableDef> {
        self.tables.iter().find(|t| t.id == id)
    }
}

/// Why the embedded templates are unusable (a packaging bug, caught by tests).
#[derive(Debug, Clone)]
pub struct TemplateError(pub String);

fn load_all() -> Result<Vec<Template>, TemplateError> {
    let mut out = Vec::new();
    for (name, text) in embedded::EMBEDDED {
        let t: Template = serde_saphyr::from_str(text)
            .map_err(|e| TemplateError(format!("templates/{name}: {e}")))?;
        validate(&t).map_err(|e| TemplateError(format!("templates/{name}: {e}")))?;
        out.push(t);
    }
    out.sort_by_key(|t| t.id);
    Ok(out)
}

/// Checks a template for internal consistency: unique keys, sums naming existing rows/columns.
pub fn validate(t: &Template) -> Result<(), String> {
    for table in &t.tables {
        let mut seen = std::collections::HashSet::new();
        for block in &table.blocks {
            for r in block.keyed_rows() {
                let k = r.key.as_deref().unwrap_or_default();
                if !seen.insert(k.to_owned()) {
                    return Err(format!("{}: row key {k} is used twice", table.id));
                }
                for p in r.parts() {
                    if block.row(p).is_none() {
                        return Err(format!("{}: row {k} sums unknown row {p}", table.id));
                    }
                }
            }
            let mut cols = std::collections::HashSet::new();
            for c in block.leaf_columns() {
                let Some(k) = c.key.as_deref() else {
                    return Err(format!("{}: leaf column {} has no key", table.id, c.label));
                };
                if !cols.insert(k) {
                    return Err(format!("{}: column key {k} is used twice", table.id));
                }
                for p in &c.sum {
                    if block.column(p).is_none() {
                        return Err(format!("{}: column {k} sums unknown column {p}", table.id));
                    }
                }
            }
            for eq in &block.equations {
                for k in eq.left.iter().chain(&eq.right) {
                    if block.row(k).is_none() {
                        return Err(format!("{}: equation names unknown row {k}", table.id));
                    }
                }
            }
        }
    }
    for s in &t.sections {
        if let Some(tid) = &s.table
            && t.table(tid).is_none()
        {
            return Err(format!("section {} names unknown table {tid}", s.key));
        }
    }
    Ok(())
}

static TEMPLATES: OnceLock<Result<Vec<Template>, TemplateError>> = OnceLock::new();

/// Every template known to this build, sorted by id.
pub fn all() -> Result<&'static [Template], TemplateError> {
    match TEMPLATES.get_or_init(load_all) {
        Ok(v) => Ok(v.as_slice()),
        Err(e) => Err(e.clone()),
    }
}

/// The template with this id, if there is one.
pub fn get(id: u16) -> Option<&'static Template> {
    all().ok()?.iter().find(|t| t.id == id)
}

/// The template normally used for a report year: the newest whose first year is not after it.
pub fn for_year(year: i32) -> Option<&'static Template> {
    all()
        .ok()?
        .iter()
        .filter(|t| t.first_year <= year)
        .max_by_key(|t| t.first_year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_templates_load_and_validate() {
        let all = all().expect("templates load");
        let ids: Vec<u16> = all.iter().map(|t| t.id).collect();
        assert_eq!(ids, vec![2019, 2021]);
        for t in all {
            assert_eq!(t.sections.len(), 6);
            let t3 = t.table("表三").unwrap();
            assert_eq!(t3.blocks[0].leaf_columns().len(), 7);
        }
    }

    #[test]
    fn result_rows_match_the_spec() {
        // 2019: 20 printed result rows; 2021: 22 (spec §3 and legacy INDEX).
        for (id, n) in [(2019, 20), (2021, 22)] {
            let t = get(id).unwrap();
            let b = &t.table("表三").unwrap().blocks[0];
            let results = b.rows.iter().find(|r| r.key.is_none()).unwrap();
            let mut all = Vec::new();
            walk_rows(&results.children, &mut all);
            let printed = all
                .iter()
                .filter(|r| matches!(r.role(), RowRole::Input | RowRole::Total))
                .count();
            assert_eq!(printed, n, "template {id}");
        }
    }

    #[test]
    fn template_for_year() {
        assert_eq!(for_year(2020).unwrap().id, 2019);
        assert_eq!(for_year(2021).unwrap().id, 2021);
        assert_eq!(for_year(2025).unwrap().id, 2021);
        assert!(for_year(2010).is_none());
    }
}
