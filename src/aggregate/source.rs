//! The aggregate's YAML source: the report written by `source::write`, then a comment block
//! listing the children and the `汇总:` list (organ and content hash of each child).

use std::fmt::Write as _;

use crate::diag::Rule;
use crate::source::keys as k;
use crate::source::write::{WriteOptions, scalar, to_yaml};

use super::Aggregate;

/// One line of comment text: no line breaks or control characters.
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The aggregate as YAML source text; `None` when intake errors stopped it.
pub fn yaml(agg: &Aggregate) -> Option<String> {
    let report = agg.report.as_ref()?;
    let mut out = to_yaml(
        report,
        WriteOptions {
            all_rows: true,
            hints: false,
        },
    );
    let included: Vec<_> = agg.children.iter().filter(|c| c.included).collect();
    let _ = writeln!(
        out,
        "\n# 本报告表格由 {} 个下级单位的报告汇总而来（nianbao aggregate），正文「{}」处须由人工填写。",
        included.len(),
        k::PLACEHOLDER
    );
    for (i, c) in included.iter().enumerate() {
        let blanks = if c.values.blanks.is_empty() {
            String::new()
        } else {
            format!("；空白按0计 {} 格", c.values.blanks.len())
        };
        let forced = if c.errors > 0 {
            format!("；有 {} 个错误，按 --force 计入", c.errors)
        } else {
            String::new()
        };
        let requests = c
            .new_requests
            .map(|v| format!("；本年新收申请 {v} 件"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "#   {}. {}（{}）{requests}{blanks}{forced}",
            i + 1,
            comment(&c.organ),
            comment(&c.path.display().to_string())
        );
    }
    for d in agg.findings.iter().filter(|d| d.rule == Rule::NotSubmitted) {
        let _ = writeln!(out, "# 未报送：{}", comment(&d.message));
    }
    let _ = writeln!(out, "{}:", k::CHILDREN);
    for c in included {
        let _ = writeln!(out, "  - {}: {}", k::ORGAN, scalar(&c.organ));
        let _ = writeln!(out, "    {}: {}", k::HASH, scalar(&c.hash));
    }
    Some(out)
}
