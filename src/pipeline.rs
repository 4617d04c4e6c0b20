//! One report from source file to output files: load → check → layout → render → atomic write.
//!
//! `build`, batch builds and `watch` all go through [`build_file`]; it returns what happened
//! (outputs, findings, timings) and leaves printing to the caller.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::check;
use crate::diag::{Diagnostic, Rule};
use crate::layout;
use crate::manifest::{Entry, Manifest};
use crate::model::Report;
use crate::output::write_atomic;
use crate::source;

mod batch;
mod glyphs;

pub use crate::render::Format;
pub use batch::{build_all, build_or_refuse, output_clashes, run_all};
pub use glyphs::missing_glyphs;

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Formats to write; the registry's default set when empty.
    pub formats: Vec<Format>,
    /// Output directory; the source file's directory when `None`.
    pub out_dir: Option<PathBuf>,
    /// Build even when `check` finds errors.
    pub force: bool,
    /// Creation time override (`SOURCE_DATE_EPOCH`).
    pub epoch: Option<i64>,
    /// Font choices from the command line (role → family or path), over the YAML's `字体`.
    pub fonts: Vec<(String, String)>,
    /// PDF/A-2b with tags.
    pub pdfa: bool,
    /// Last year's report for the cross-year rules.
    pub previous: Option<PathBuf>,
    /// Also write `{title}.manifest.json` (SHA-256 of the source and of every output).
    pub manifest: bool,
}

/// One file written.
#[derive(Debug, Clone)]
pub struct Output {
    /// Format.
    pub format: Format,
    /// Where it was written.
    pub path: PathBuf,
    /// Size in bytes.
    pub bytes: usize,
    /// Time to render and write it.
    pub elapsed: Duration,
}

/// What a build of one source did.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    /// The source file.
    pub source: PathBuf,
    /// Findings (load + check), with the file set.
    pub findings: Vec<Diagnostic>,
    /// Files written.
    pub outputs: Vec<Output>,
    /// The manifest written, when one was asked for.
    pub manifest: Option<PathBuf>,
    /// Notes for the user (font stand-ins, forced build, shortened names), as findings.
    pub notes: Vec<Diagnostic>,
    /// Why nothing (or not everything) was written, one finding each.
    pub failures: Vec<Diagnostic>,
    /// Could the source not be read at all?
    pub fatal: bool,
    /// Total time.
    pub elapsed: Duration,
}

impl BuildReport {
    /// Number of error findings.
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warning findings.
    pub fn warnings(&self) -> usize {
        self.findings.len() - self.errors()
    }

    /// Did the build write every requested output?
    pub fn succeeded(&self) -> bool {
        !self.fatal && self.failures.is_empty()
    }
}

/// The derived totals of a report, or the total too large to compute.
pub type Derived =
    Result<std::collections::BTreeMap<String, crate::derive::TableGrid>, crate::derive::Overflow>;

/// What `check` found in one file.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The report, when it could be read.
    pub report: Option<Report>,
    /// Its derived totals (computed once, for the rules and for layout).
    pub derived: Option<Derived>,
    /// Findings with the file set, in file order.
    pub findings: Vec<Diagnostic>,
    /// Could the file not be read at all (exit code 2)?
    pub fatal: bool,
}

/// Loads and checks one file (and the cross-year rules when `previous` is given).
pub fn check_file(path: &Path, previous: Option<&Path>) -> Checked {
    match source::load_file(path) {
        Ok(loaded) => {
            let derived = crate::derive::compute(&loaded.report);
            let mut findings = loaded.diagnostics;
            findings.extend(check::check_with(&loaded.report, &derived));
            let mut fatal = false;
            if let Some(prev) = previous {
                // A source, or any legacy report imported in memory (its notes are about it).
                match crate::import::last_year::load(prev) {
                    Ok(last) => {
                        if last.imported {
                            findings.extend(last.findings);
                        }
                        findings.extend(check::check_previous(&loaded.report, &last.report))
                    }
                    Err((diags, is_fatal)) => {
                        fatal |= is_fatal;
                        findings.extend(diags);
                    }
                }
            }
            // In file order (line, then column); findings without a place keep their order last.
            crate::diag::sort_by_place(&mut findings);
            Checked {
                report: Some(loaded.report),
                derived: Some(derived),
                findings: findings
                    .into_iter()
                    .map(|d| if d.file.is_none() { d.in_file(path) } else { d })
                    .collect(),
                fatal,
            }
        }
        Err(e) => Checked {
            report: None,
            derived: None,
            findings: e.diagnostics(Some(path)),
            fatal: e.is_fatal(),
        },
    }
}

/// [`check_file`], and also what only the PDF writer would find: characters no font has. This
/// is what `check` runs, so that everything `build` would fail on is reported first.
pub fn check_for_build(path: &Path, previous: Option<&Path>) -> Checked {
    let mut checked = check_file(path, previous);
    if let (Some(report), Some(derived)) = (&checked.report, &checked.derived) {
        checked.findings.extend(
            missing_glyphs(report, derived)
                .into_iter()
                .map(|d| d.in_file(path)),
        );
        crate::diag::sort_by_place(&mut checked.findings);
    }
    checked
}

/// A title as a file name: characters not allowed on Windows or Unix become `_`, invisible and
/// bidirectional-control characters are dropped, and leading dots or trailing dots/spaces go.
fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|&c| {
            !crate::source::clean::is_invisible(c) && !crate::source::clean::is_unprintable(c)
                || c == '\t'
                || c == '\n'
        })
        .map(|c| {
            if "/\\:*?\"<>|".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' ']);
    if trimmed.is_empty() {
        "报告".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// The longest file name written, in bytes (file systems allow 255; room for `.fragment.html`).
pub const MAX_NAME_BYTES: usize = 200;

/// Shortens an over-long file stem to `MAX_NAME_BYTES - ext`: keeps the start of the organ, then
/// `…`, then the tail (year and 政府信息公开工作年度报告), so the name still says what it is.
fn shorten_stem(stem: &str, ext_len: usize) -> Option<String> {
    let budget = MAX_NAME_BYTES.saturating_sub(ext_len + 1);
    if stem.len() <= budget {
        return None;
    }
    let chars: Vec<char> = stem.chars().collect();
    // The tail from the year on (four digits then 年), or the last 20 characters.
    let tail_start = (0..chars.len().saturating_sub(4))
        .rev()
        .find(|&i| {
            chars[i..i + 4].iter().all(char::is_ascii_digit) && chars.get(i + 4) == Some(&'年')
        })
        .unwrap_or(chars.len().saturating_sub(20));
    let mut tail: String = chars[tail_start..].iter().collect();
    while tail.len() > budget / 2 {
        tail.remove(0);
    }
    let mut head = String::new();
    for c in &chars[..tail_start] {
        if head.len() + c.len_utf8() + '…'.len_utf8() + tail.len() > budget {
            break;
        }
        head.push(*c);
    }
    Some(format!("{head}…{tail}"))
}

/// The output path of a report in a format: `{title}.{ext}` in the output directory.
pub fn output_path(
    report: &Report,
    source: &Path,
    out_dir: Option<&Path>,
    format: Format,
) -> PathBuf {
    output_path_noted(report, source, out_dir, format).0
}

/// [`output_path`], and whether the title had to be shortened for the file name.
pub fn output_path_noted(
    report: &Report,
    source: &Path,
    out_dir: Option<&Path>,
    format: Format,
) -> (PathBuf, bool) {
    let dir = out_dir
        .map(Path::to_path_buf)
        .or_else(|| source.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    let stem = safe_file_name(&report.meta.title());
    let ext = format.extension();
    let (stem, shortened) = match shorten_stem(&stem, ext.len()) {
        Some(short) => (short, true),
        None => (stem, false),
    };
    (dir.join(format!("{stem}.{ext}")), shortened)
}

/// Is `a` the same file as `b` (both existing), or the same path?
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Renders one format to bytes through the writer registry; notes (e.g. font stand-ins) go
/// to `notes`.
pub fn render(
    format: Format,
    report: &Report,
    doc: &layout::Document,
    findings: &[Diagnostic],
    opts: &BuildOptions,
    notes: &mut Vec<Diagnostic>,
) -> Result<Vec<u8>, String> {
    let input = crate::render::RenderInput {
        report,
        doc,
        findings,
        pdfa: opts.pdfa,
    };
    let out = crate::render::render(format, &input)?;
    notes.extend(out.notes);
    Ok(out.bytes)
}

/// A build failure about one output (or the whole build when `format` is `None`).
fn failure(format: Option<Format>, message: String) -> Diagnostic {
    let d = Diagnostic::new(Rule::OutputFailed, None, message);
    match format {
        Some(f) => d.in_output(f.extension()),
        None => d,
    }
}

/// A note about the build.
fn note(rule: Rule, format: Option<Format>, message: String) -> Diagnostic {
    let d = Diagnostic::note(rule, message);
    match format {
        Some(f) => d.in_output(f.extension()),
        None => d,
    }
}

/// `path` with its extension replaced by `suffix` (`a.html` → `a.fragment.html`).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!("{stem}.{suffix}"))
}

/// The file name of `path` as text.
fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// The formats a build writes: the requested ones or the defaults; the portal page always comes
/// with its CMS-safe fragment.
fn formats_of(opts: &BuildOptions) -> Vec<Format> {
    let mut formats = if opts.formats.is_empty() {
        Format::defaults()
    } else {
        opts.formats.clone()
    };
    if formats.contains(&Format::Html) && !formats.contains(&Format::HtmlFragment) {
        formats.push(Format::HtmlFragment);
        formats.sort();
    }
    formats
}

/// Builds one source file into the requested formats.
pub fn build_file(path: &Path, opts: &BuildOptions) -> BuildReport {
    let start = Instant::now();
    let checked = check_file(path, opts.previous.as_deref());
    let mut out = BuildReport {
        source: path.to_path_buf(),
        findings: checked.findings,
        fatal: checked.fatal,
        ..Default::default()
    };
    let (Some(report), Some(derived)) = (checked.report, checked.derived) else {
        out.failures
            .push(failure(None, "无法读取源文件，未生成任何文件".into()));
        out.elapsed = start.elapsed();
        return out;
    };
    if out.errors() > 0 {
        if opts.force {
            let mut kinds: Vec<&str> = Vec::new();
            for d in out.findings.iter().filter(|d| d.is_error()) {
                if !kinds.contains(&d.rule.name()) {
                    kinds.push(d.rule.name());
                }
            }
            out.notes.push(note(
                Rule::ForcedBuild,
                None,
                format!(
                    "注意：{} 有 {} 个错误（{}），未通过检查；按 --force 仍然生成，每页标有「{}」，不能作为正式报告",
                    path.display(),
                    out.errors(),
                    kinds.join("、"),
                    crate::layout::DRAFT_MARK
                ),
            ));
        } else {
            out.failures.push(failure(
                None,
                format!(
                    "报告有 {} 个错误，未生成文件（改正后重试，或用 --force 强制生成）",
                    out.errors()
                ),
            ));
            out.elapsed = start.elapsed();
            return out;
        }
    }
    let mut report = report;
    for (role, font) in &opts.fonts {
        report.meta.fonts.insert(role.clone(), font.clone());
    }
    let mut doc = layout::document_with(&report, derived);
    doc.meta.draft = out.errors() > 0;
    if let Some(epoch) = opts.epoch {
        doc.meta.created_unix = epoch;
    }
    let formats = formats_of(opts);
    if let Some(dir) = &opts.out_dir
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        out.failures.push(failure(
            None,
            format!(
                "无法创建输出目录 {}：{}",
                dir.display(),
                crate::text::io_error_text(&e)
            ),
        ));
        out.elapsed = start.elapsed();
        return out;
    }
    let mut entries = Vec::new();
    for format in formats {
        let t = Instant::now();
        let (target, shortened) = output_path_noted(&report, path, opts.out_dir.as_deref(), format);
        if shortened {
            out.notes.push(note(
                Rule::OutputName,
                Some(format),
                format!(
                    "标题过长，{format} 文件名缩短为 {}",
                    target.file_name().unwrap_or_default().to_string_lossy()
                ),
            ));
        }
        // Neither the source nor last year's report is ever replaced by an output.
        if let Some(input) = std::iter::once(path)
            .chain(opts.previous.as_deref())
            .find(|input| same_file(&target, input))
        {
            out.failures.push(failure(
                Some(format),
                format!(
                    "输出文件 {} 就是源文件 {}，为免覆盖源文件未生成 {format}；请用 -o 指定其他输出目录，或给源文件改名",
                    target.display(),
                    input.display()
                ),
            ));
            continue;
        }
        for stale in crate::output::remove_stale_temps(&target) {
            out.notes.push(note(
                Rule::StaleTemp,
                Some(format),
                format!("已删除上次中断的生成留下的临时文件 {}", stale.display()),
            ));
        }
        match render(format, &report, &doc, &out.findings, opts, &mut out.notes) {
            Ok(bytes) => match write_atomic(&target, &bytes) {
                Ok(()) => {
                    if opts.manifest {
                        entries.push(Entry::new(file_name(&target), format.extension(), &bytes));
                    }
                    out.outputs.push(Output {
                        format,
                        path: target,
                        bytes: bytes.len(),
                        elapsed: t.elapsed(),
                    })
                }
                Err(e) => out.failures.push(failure(
                    Some(format),
                    format!(
                        "{}（原有文件保持不变）",
                        crate::source::load::write_message(&target, &e)
                    ),
                )),
            },
            Err(e) => out
                .failures
                .push(failure(Some(format), format!("{format}：{e}"))),
        }
    }
    if opts.manifest {
        write_manifest(path, &report, &doc, opts, entries, &mut out);
    }
    out.elapsed = start.elapsed();
    out
}

/// Writes `{title}.manifest.json` listing the source and `entries` with their SHA-256.
fn write_manifest(
    path: &Path,
    report: &Report,
    doc: &layout::Document,
    opts: &BuildOptions,
    outputs: Vec<Entry>,
    out: &mut BuildReport,
) {
    let source = match crate::input::read_bounded(path, crate::source::tree::MAX_SOURCE_BYTES) {
        Ok(bytes) => Entry::new(path.display().to_string(), "yaml", &bytes),
        Err(e) => {
            out.failures.push(failure(
                None,
                format!("无法为清单读取源文件 {}：{e}", path.display()),
            ));
            return;
        }
    };
    let manifest = Manifest {
        title: doc.meta.title.clone(),
        generator: format!("nianbao {}", env!("CARGO_PKG_VERSION")),
        created_unix: doc.meta.created_unix,
        source,
        outputs,
    };
    let target = with_suffix(
        &output_path(report, path, opts.out_dir.as_deref(), Format::Html),
        "manifest.json",
    );
    let json = manifest.to_json();
    match write_atomic(&target, json.as_bytes()) {
        Ok(()) => out.manifest = Some(target),
        Err(e) => out.failures.push(failure(
            None,
            format!(
                "{}（原有文件保持不变）",
                crate::source::load::write_message(&target, &e)
            ),
        )),
    }
}

/// Expands files and directories into the YAML sources they hold (directories recursively, sorted).
///
/// Each real file is listed once, however many links lead to it, and symbolic-link loops end.
pub fn collect_sources(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let keep = |p: &Path| p.extension().is_some_and(|e| e == "yaml" || e == "yml");
    let mut walk = crate::walk::Walk {
        keep: &keep,
        max_depth: 8,
        hidden: false,
        seen: Default::default(),
    };
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            // A folder that cannot be listed is kept, so that loading it says why.
            let mut unreadable = Vec::new();
            walk.files(input, &mut out, &mut unreadable);
            out.extend(unreadable);
        } else if input == Path::new("-") || walk.seen.first(input) {
            out.push(input.clone());
        }
    }
    out
}
