//! Intake checks before anything is summed: child errors, duplicates, year, template, double
//! counting and organs expected but missing. Each finding carries its own rule.

use std::collections::{BTreeMap, HashMap};

use crate::diag::{Diagnostic, Rule, Severity};

use super::read::Child;

/// What the intake decided.
#[derive(Debug, Clone, Default)]
pub struct Intake {
    /// Findings about the set of children (each with the child's file when about one child).
    pub findings: Vec<Diagnostic>,
    /// Organs on the `--expect` list with no report.
    pub missing: Vec<String>,
    /// The template all included children share, when they do.
    pub template: Option<u16>,
}

impl Intake {
    /// Does an intake error stop the aggregate?
    pub fn blocks(&self) -> bool {
        self.findings.iter().any(|d| d.severity == Severity::Error)
    }
}

/// Runs the intake checks and marks which children are included.
pub fn run(children: &mut [Child], year: i32, force: bool, expect: &[String]) -> Intake {
    let mut out = Intake::default();
    let mut by_path: HashMap<std::path::PathBuf, usize> = HashMap::new();
    let mut by_hash: HashMap<String, usize> = HashMap::new();
    let mut by_organ: HashMap<String, usize> = HashMap::new();
    for i in 0..children.len() {
        let c = &children[i];
        let file = c.path.clone();
        let mut push = |d: Diagnostic| out.findings.push(d.in_file(&file));
        let mut included = true;
        if !c.readable {
            push(Diagnostic::new(
                Rule::ChildErrors,
                None,
                format!("{} 无法读取，不能计入汇总", c.path.display()),
            ));
            children[i].included = false;
            continue;
        }
        if let Some(p) = &c.canonical {
            if let Some(&j) = by_path.get(p) {
                push(Diagnostic::new(
                    Rule::DuplicateFile,
                    None,
                    format!(
                        "{} 与 {} 是同一个文件，只计一次",
                        c.path.display(),
                        children[j].path.display()
                    ),
                ));
                children[i].included = false;
                continue;
            }
            by_path.insert(p.clone(), i);
        }
        if let Some(&j) = by_hash.get(&c.hash) {
            push(Diagnostic::new(
                Rule::DuplicateFile,
                None,
                format!(
                    "{} 与 {} 内容完全相同（重复提交），只计一次",
                    c.path.display(),
                    children[j].path.display()
                ),
            ));
            children[i].included = false;
            continue;
        }
        by_hash.insert(c.hash.clone(), i);
        if let Some(&j) = by_organ.get(&c.organ) {
            push(Diagnostic::new(
                Rule::DuplicateOrgan,
                None,
                format!(
                    "「{}」出现两次：{} 和 {}，请只保留一份",
                    c.organ,
                    children[j].path.display(),
                    c.path.display()
                ),
            ));
            included = false;
        } else {
            by_organ.insert(c.organ.clone(), i);
        }
        if c.year != year {
            push(Diagnostic::new(
                Rule::ChildYear,
                None,
                format!(
                    "「{}」的报告是 {} 年度的，汇总的是 {year} 年度，请换成 {year} 年度的报告",
                    c.organ, c.year
                ),
            ));
            included = false;
        }
        if c.errors > 0 {
            let d = Diagnostic::new(
                Rule::ChildErrors,
                None,
                if force {
                    format!(
                        "「{}」的报告有 {} 个错误，按 --force 仍计入汇总，汇总结果不能作为正式数据",
                        c.organ, c.errors
                    )
                } else {
                    format!(
                        "「{}」的报告有 {} 个错误，请该单位改正后重新报送（或用 --force 强制计入）",
                        c.organ, c.errors
                    )
                },
            );
            push(if force {
                d.with_severity(Severity::Warning)
            } else {
                d
            });
        }
        children[i].included = included;
    }
    // Mixed templates: list which child uses which.
    let mut templates: BTreeMap<u16, Vec<&str>> = BTreeMap::new();
    for c in children.iter().filter(|c| c.included) {
        templates.entry(c.template).or_default().push(&c.organ);
    }
    if templates.len() > 1 {
        let list: Vec<String> = templates
            .iter()
            .map(|(t, organs)| format!("模板 {t}：{}", organs.join("、")))
            .collect();
        out.findings.push(Diagnostic::new(
            Rule::MixedTemplate,
            None,
            format!(
                "下级报告使用了不同的表格模板，不能相加（{}）；请统一为 {year} 年度应使用的模板",
                list.join("；")
            ),
        ));
    } else {
        out.template = templates.keys().next().copied();
    }
    // Double counting: a child that already contains another given child.
    for c in children.iter().filter(|c| c.included && !c.refs.is_empty()) {
        for r in &c.refs {
            let inner = children.iter().find(|o| {
                o.included && o.path != c.path && (o.hash == r.hash || o.organ == r.organ)
            });
            if let Some(o) = inner {
                out.findings.push(
                    Diagnostic::new(
                        Rule::DoubleCount,
                        None,
                        format!(
                            "「{}」本身是汇总报告，已包含「{}」（{}），两者同时计入会重复计算；请去掉其中一个",
                            c.organ,
                            o.organ,
                            o.path.display()
                        ),
                    )
                    .in_file(&c.path),
                );
            }
        }
    }
    // Expected but missing.
    for name in expect {
        let name = name.trim();
        if name.is_empty() || name.starts_with('#') {
            continue;
        }
        if !children.iter().any(|c| c.readable && c.organ == name) {
            out.missing.push(name.to_owned());
            out.findings.push(Diagnostic::new(
                Rule::NotSubmitted,
                None,
                format!("「{name}」在应报送名单中，但没有收到它的报告"),
            ));
        }
    }
    out
}

/// Reads an `--expect` list: one organ a line; blank lines and `#` comments skipped.
pub fn read_expect(path: &std::path::Path) -> Result<Vec<String>, String> {
    let bytes = crate::input::read_bounded(path, 1024 * 1024).map_err(|e| e.to_string())?;
    let (text, _) =
        crate::input::decode_text(&bytes).map_err(|m| format!("{}：{m}", path.display()))?;
    Ok(text
        .lines()
        .map(|l| l.trim().trim_start_matches('\u{feff}').trim().to_owned())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect())
}
