//! Last year's report for `--previous`: a nianbao source as it is, or any legacy report
//! (portal text, HTML, DOCX, XLSX …) imported in memory, with what the import noticed kept
//! as notes about that file.

use std::path::Path;

use super::{ImportOptions, MAX_INPUT_BYTES, import_bytes, sniff};
use crate::diag::{Diagnostic, Rule, Severity};
use crate::model::Report;
use crate::source::{self, LoadError};

/// Last year's report and the findings about its own file (already carrying that file).
#[derive(Debug, Clone)]
pub struct LastYear {
    /// The report.
    pub report: Report,
    /// Findings about last year's file: import notes (as notes) or load diagnostics.
    pub findings: Vec<Diagnostic>,
    /// Was it a legacy report imported in memory (not a nianbao source)?
    pub imported: bool,
}

/// Reads last year's report from `path`: a nianbao source is loaded, anything else is imported
/// in memory (partial reports accepted). `Err` carries the findings (with the file set) and
/// whether the tool could not run at all.
pub fn load(path: &Path) -> Result<LastYear, (Vec<Diagnostic>, bool)> {
    let bytes = crate::input::read_path_or_stdin(path, MAX_INPUT_BYTES).map_err(|e| {
        (
            vec![Diagnostic::error(Rule::Unreadable, None, e.to_string()).in_file(path)],
            true,
        )
    })?;
    let is_yaml = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    if is_yaml || sniff::is_nianbao_source(&bytes) {
        return match source::load_file(path) {
            Ok(l) => Ok(LastYear {
                report: l.report,
                findings: l.diagnostics.into_iter().map(|d| d.in_file(path)).collect(),
                imported: false,
            }),
            Err(e) => Err((e.diagnostics(Some(path)), LoadError::is_fatal(&e))),
        };
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    match import_bytes(&bytes, name.as_deref(), &ImportOptions { partial: true }) {
        Ok(i) => {
            let mut findings = vec![
                Diagnostic::note(
                    Rule::ImportNote,
                    format!(
                        "上年报告不是 nianbao 源文件，已按旧报告导入（{}）后对比；下面是导入时关于该文件的说明",
                        i.format.name()
                    ),
                )
                .in_file(path),
            ];
            // The import's doubts are about last year's file, not this report: notes only.
            findings.extend(
                i.notes
                    .into_iter()
                    .map(|n| n.with_severity(Severity::Note).in_file(path)),
            );
            Ok(LastYear {
                report: i.report,
                findings,
                imported: true,
            })
        }
        Err(e) => Err((
            vec![
                Diagnostic::error(Rule::PreviousReport, None, format!("上年报告无法读取：{e}"))
                    .in_file(path),
            ],
            true,
        )),
    }
}

pub use crate::check::previous::same_organ;

#[cfg(test)]
mod tests {
    use crate::check::previous::same_organ;

    #[test]
    fn organ_equality_is_lenient() {
        assert!(same_organ("平潭综合实验区财政金融局", "财政金融局"));
        assert!(same_organ(
            "平潭综合实验区 财政金融局",
            "平潭综合实验区财政金融局"
        ));
        assert!(same_organ("ＡＢ市教育局", "AB市教育局"));
        assert!(!same_organ(
            "平潭综合实验区财政金融局",
            "平潭综合实验区公安局"
        ));
        assert!(!same_organ("张店区民政局", "平潭综合实验区社会事业局"));
    }
}
