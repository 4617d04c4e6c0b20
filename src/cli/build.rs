//! `nianbao build`: builds every report, prints one line per output and a summary table.

use std::path::PathBuf;

use nianbao::pipeline::{BuildOptions, BuildReport, Format, collect_sources};

use super::{EXIT_ERRORS, EXIT_FATAL, EXIT_OK, batch};

/// Arguments of `build` and `watch` (the help text is what `nianbao build --help` shows).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// 报告源文件（.yaml）或目录，可写多个
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// 输出目录（默认：源文件所在目录）
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// 要生成的格式，逗号分隔，或 all（默认：全部）；格式名写错时会列出所有可选格式
    #[arg(long = "format", value_delimiter = ',', value_name = "FORMAT,…")]
    pub formats: Vec<String>,
    /// 即使检查发现错误也生成（会明确提示有哪些错误，每页标「未通过检查」）
    #[arg(long)]
    pub force: bool,
    /// 指定字体：角色=字体名或字体文件路径（角色：标题、正文、黑体、楷体、表格、页码），可写多次
    #[arg(long = "font", value_name = "ROLE=PATH|FAMILY")]
    pub fonts: Vec<String>,
    /// 生成 PDF/A-2b（带标签）
    #[arg(long)]
    pub pdfa: bool,
    /// 上一年度的报告，用于跨年度衔接检查
    #[arg(long, value_name = "LAST_YEAR.yaml")]
    pub previous: Option<PathBuf>,
    /// 同时写出「标题.manifest.json」：源文件和每个生成文件的 SHA-256，用于证明发布内容未被改动
    #[arg(long)]
    pub manifest: bool,
}

/// `SOURCE_DATE_EPOCH`, when set to a number.
pub fn source_date_epoch() -> Result<Option<i64>, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| format!("SOURCE_DATE_EPOCH=「{v}」不是整数秒数")),
        Err(_) => Ok(None),
    }
}

/// Parses `--font ROLE=PATH|FAMILY` values.
pub fn parse_fonts(values: &[String]) -> Result<Vec<(String, String)>, String> {
    values
        .iter()
        .map(|v| {
            let (role, font) = v
                .split_once('=')
                .ok_or_else(|| format!("--font「{v}」应写成 角色=字体，如 正文=仿宋_GB2312"))?;
            let role = role.trim();
            let Some(r) = nianbao::layout::FontRole::from_key(role) else {
                return Err(format!(
                    "--font 的角色「{role}」不存在，可用：{}",
                    nianbao::layout::FontRole::names()
                ));
            };
            nianbao::fonts::check_choice(r, font).map_err(|e| format!("--font {e}"))?;
            Ok((role.to_owned(), font.trim().to_owned()))
        })
        .collect()
}

pub fn options(args: &Args) -> Result<BuildOptions, String> {
    let mut formats = Vec::new();
    for f in args.formats.iter().filter(|f| !f.trim().is_empty()) {
        if f.trim().eq_ignore_ascii_case("all") {
            formats.extend(Format::all());
        } else {
            formats.push(f.parse::<Format>()?);
        }
    }
    formats.sort();
    formats.dedup();
    Ok(BuildOptions {
        formats,
        out_dir: args.output.clone(),
        force: args.force,
        epoch: source_date_epoch()?,
        fonts: parse_fonts(&args.fonts)?,
        pdfa: args.pdfa,
        previous: args.previous.clone(),
        manifest: args.manifest,
    })
}

/// Display width of text in a terminal: CJK characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if c as u32 >= 0x1100 { 2 } else { 1 })
        .sum()
}

/// Pads `s` with spaces to `w` terminal columns.
fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

/// Prints a report's findings, outputs and failures; notes already shown for an earlier report
/// (the same font stand-in for every file of a batch) are not repeated.
fn print_report(r: &BuildReport, shown: &mut std::collections::HashSet<String>) {
    for d in &r.findings {
        println!("{d}");
    }
    for n in &r.notes {
        if shown.insert(n.message.clone()) {
            eprintln!("{}", n.message);
        }
    }
    for o in &r.outputs {
        println!(
            "已生成 {}（{} KB，{} ms）",
            o.path.display(),
            o.bytes.div_ceil(1024),
            o.elapsed.as_millis()
        );
    }
    if let Some(m) = &r.manifest {
        println!("已生成清单 {}", m.display());
    }
    for f in &r.failures {
        eprintln!("{}：{}", r.source.display(), f.message);
    }
}

/// Runs the command.
pub fn run(args: Args) -> u8 {
    let opts = match options(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_FATAL;
        }
    };
    let files = collect_sources(&args.files);
    if files.is_empty() {
        eprintln!("错误：没有找到 .yaml 源文件");
        return EXIT_FATAL;
    }
    let clashes = nianbao::pipeline::output_clashes(&files, &opts);
    let reports = batch::run_all(&files, "生成", |f| {
        nianbao::pipeline::build_or_refuse(f, &opts, &clashes)
    });
    let mut shown = std::collections::HashSet::new();
    for r in &reports {
        print_report(r, &mut shown);
    }
    if reports.len() > 1 {
        let w = reports
            .iter()
            .map(|r| width(&r.source.display().to_string()))
            .max()
            .unwrap_or(4);
        println!("\n{}  错误  警告  输出  结果", pad("文件", w));
        for r in &reports {
            println!(
                "{}  {:>4}  {:>4}  {:>4}  {}",
                pad(&r.source.display().to_string(), w),
                r.errors(),
                r.warnings(),
                r.outputs.len(),
                if r.succeeded() { "成功" } else { "失败" }
            );
        }
        let ok = reports.iter().filter(|r| r.succeeded()).count();
        println!(
            "共 {} 个报告：{ok} 个成功，{} 个失败",
            reports.len(),
            reports.len() - ok
        );
    }
    if reports.iter().any(|r| r.fatal) {
        EXIT_FATAL
    } else if reports.iter().any(|r| !r.succeeded()) {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}
