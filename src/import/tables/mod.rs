//! Reading the statistical tables: template row labels are found in the document (tolerant
//! match), the printed values after each label are read as cells, and digit runs of flattened
//! text are split by the column count and the table's own arithmetic.

mod cells;
mod labels;
mod plausible;
mod reader;
mod score;
mod solve;

use std::collections::{BTreeMap, BTreeSet};

use crate::template::{ColumnDef, Template};
use crate::text::normalize_label;

pub use plausible::Hints;
pub use reader::read;

/// Every label of a template (rows, columns, block headers), normalised, for template guessing.
pub fn template_labels(t: &Template) -> Vec<String> {
    let mut out = BTreeSet::new();
    for table in &t.tables {
        for block in &table.blocks {
            if let Some(h) = &block.header {
                out.insert(normalize_label(h));
            }
            for r in block.all_rows() {
                out.insert(normalize_label(&r.label));
            }
            let mut stack: Vec<&ColumnDef> = block.columns.iter().collect();
            while let Some(c) = stack.pop() {
                out.insert(normalize_label(&c.label));
                stack.extend(c.children.iter());
            }
        }
    }
    out.into_iter().filter(|l| !l.is_empty()).collect()
}

/// What the table reader found.
#[derive(Debug, Clone, Default)]
pub struct TablesFound {
    /// Ids of tables with at least one row read.
    pub ids: BTreeSet<String>,
    /// Byte offset where each table starts in the index text.
    pub starts: BTreeMap<String, usize>,
}

#[cfg(test)]
mod tests {
    use super::cells::*;
    use super::solve::*;
    use crate::amount::Amount;
    use crate::template::{ColumnDef, Kind};

    fn col(key: &str, kind: Kind, sum: &[&str]) -> ColumnDef {
        ColumnDef {
            key: Some(key.into()),
            label: key.into(),
            kind,
            units: Vec::new(),
            sum: sum.iter().map(|s| s.to_string()).collect(),
            children: Vec::new(),
        }
    }

    #[test]
    fn splits_by_arithmetic() {
        let defs: Vec<ColumnDef> = ["a", "b", "c", "d", "e", "f"]
            .iter()
            .map(|k| col(k, Kind::Count, &[]))
            .chain([col("t", Kind::Count, &["a", "b", "c", "d", "e", "f"])])
            .collect();
        let cols: Vec<&ColumnDef> = defs.iter().collect();
        let runs = runs_of(&[Tok::Text("230000023".into())]);
        let g = [group_of(&cols, 0)];
        let (all, _, _) = enumerate(&runs, &cols, None, MAX_READINGS);
        assert!(all.len() > 1);
        let (ok, _, _) = enumerate(&runs, &cols, Some(&g), MAX_READINGS);
        assert_eq!(ok, vec![vec!["23", "0", "0", "0", "0", "0", "23"]]);
    }

    #[test]
    fn placeholders_and_signed_runs() {
        let t = tokens("\u{1f}—\u{1f}3\u{1f}/");
        assert_eq!(
            as_cells(&t, 3),
            Some(vec![None, Some((Amount::int(3), None)), None])
        );
        let defs = [
            col("a", Kind::Count, &[]),
            col("b", Kind::Signed, &[]),
            col("c", Kind::Count, &[]),
        ];
        let cols: Vec<&ColumnDef> = defs.iter().collect();
        let runs = runs_of(&[Tok::Text("10-25".into())]);
        let (all, _, _) = enumerate(&runs, &cols, None, MAX_READINGS);
        assert!(all.contains(&vec!["10".to_owned(), "-2".to_owned(), "5".to_owned()]));
        assert!(all.iter().all(|r| r.iter().all(|p| p != "-")));
    }

    #[test]
    fn cells_with_breaks_and_padding() {
        let t = tokens("\u{1f}\u{1e}\u{1f}2\n\n\u{1e}\n");
        assert_eq!(
            as_cells(&t, 2),
            Some(vec![None, Some((Amount::int(2), None))])
        );
        assert_eq!(single_number("1,234"), Some(Amount::int(1234)));
        assert_eq!(single_number("0 0"), None);
    }
}
