//! Findings about a report: severity, place in the source, Chinese message, numbers involved.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Loc {
    /// Line, counting from 1.
    pub line: u32,
    /// Column in characters, counting from 1.
    pub column: u32,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The report is wrong: `check` exits 1 and `build` refuses without `--force`.
    Error,
    /// Worth a look; does not block a build.
    Warning,
}

impl Severity {
    /// The Chinese word printed before the message.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}

/// One finding, with everything needed to show it or serialise it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable rule name, e.g. `勾稽关系` or `未知键`.
    pub rule: String,
    /// The file the finding is about (set by the caller that knows it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    /// Position of the offending value, when it is in the file.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub loc: Option<Loc>,
    /// One-line Chinese message naming the values involved.
    pub message: String,
    /// The value found, as text, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
    /// The value expected, as text, when it is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
}

impl Diagnostic {
    /// An error about the value at `loc`.
    pub fn error(rule: &str, loc: Option<Loc>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, rule, loc, message)
    }

    /// A warning about the value at `loc`.
    pub fn warning(rule: &str, loc: Option<Loc>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, rule, loc, message)
    }

    fn new(severity: Severity, rule: &str, loc: Option<Loc>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            rule: rule.to_owned(),
            file: None,
            loc,
            message: message.into(),
            found: None,
            expected: None,
        }
    }

    /// Records the value found and the value expected.
    pub fn values(mut self, found: impl fmt::Display, expected: impl fmt::Display) -> Self {
        self.found = Some(found.to_string());
        self.expected = Some(expected.to_string());
        self
    }

    /// Sets the file the finding is about.
    pub fn in_file(mut self, file: &Path) -> Self {
        self.file = Some(file.to_path_buf());
        self
    }

    /// Is this an error (as opposed to a warning)?
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `file:line:column: 错误[rule]: message` — the form editors and terminals link to.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}:", file.display())?;
        }
        if let Some(loc) = self.loc {
            write!(f, "{}:{}:", loc.line, loc.column)?;
        }
        if self.file.is_some() || self.loc.is_some() {
            f.write_str(" ")?;
        }
        write!(
            f,
            "{}[{}]: {}",
            self.severity.label(),
            self.rule,
            self.message
        )
    }
}

/// Counts errors and warnings in a list of findings.
pub fn count(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    (errors, diags.len() - errors)
}

/// The one-line "did you mean" hint for an unknown name, from the names that are allowed.
pub fn suggest<'a>(wrong: &str, allowed: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(&str, usize)> = None;
    for name in allowed {
        let d = edit_distance(wrong, name);
        let contains = name.contains(wrong) || wrong.contains(name);
        let limit = (name.chars().count().max(wrong.chars().count()) / 2).max(1);
        if (d <= limit || contains) && best.is_none_or(|(_, bd)| d < bd) {
            best = Some((name, d));
        }
    }
    best.map(|(n, _)| n)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_key() {
        let keys = ["机关", "年度", "模板", "日期", "署名"];
        assert_eq!(suggest("年份", keys), Some("年度"));
        assert_eq!(suggest("机关名称", keys), Some("机关"));
        assert_eq!(suggest("完全无关的东西", keys), None);
    }

    #[test]
    fn display_is_file_line_column() {
        let d = Diagnostic::error("勾稽关系", Some(Loc { line: 3, column: 7 }), "不相等")
            .in_file(Path::new("a.yaml"));
        assert_eq!(d.to_string(), "a.yaml:3:7: 错误[勾稽关系]: 不相等");
    }
}
