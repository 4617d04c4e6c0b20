//! `nianbao aggregate`: compiles children's sources into one source for the compiling organ.

use std::path::PathBuf;

use nianbao::aggregate::{self, Options, detail, source};
use nianbao::diag::{Rule, count};
use nianbao::output::write_atomic;
use nianbao::pipeline::collect_sources;

use super::{EXIT_ERRORS, EXIT_FATAL, EXIT_OK};

/// Arguments of `aggregate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// 下级单位的报告源文件（.yaml）或目录，可写多个
    #[arg(required = true)]
    pub sources: Vec<PathBuf>,
    /// 汇总单位（本级机关）全称
    #[arg(long)]
    pub organ: String,
    /// 汇总的年度
    #[arg(long)]
    pub year: i32,
    /// 写入的汇总源文件（默认：输出到屏幕）
    #[arg(short, long, value_name = "OUT.yaml")]
    pub output: Option<PathBuf>,
    /// 下级报告有错误时仍计入汇总（结果会注明，不能作为正式数据）
    #[arg(long)]
    pub force: bool,
    /// 应报送单位名单（文本文件，每行一个机关全称），列出未报送的单位
    #[arg(long, value_name = "LIST.txt")]
    pub expect: Option<PathBuf>,
    /// 写出汇总明细工作簿（每个下级单位一行，合计行为公式）
    #[arg(long, value_name = "OUT.xlsx")]
    pub detail: Option<PathBuf>,
    /// 覆盖已存在的输出文件
    #[arg(long)]
    pub overwrite: bool,
}

/// Runs the command.
pub fn run(args: Args) -> u8 {
    let files = collect_sources(&args.sources);
    if files.is_empty() {
        eprintln!("错误：没有找到下级单位的 .yaml 报告");
        return EXIT_FATAL;
    }
    for out in [&args.output, &args.detail].into_iter().flatten() {
        if out.exists() && !args.overwrite {
            eprintln!("错误：{} 已存在；要覆盖请加 --overwrite", out.display());
            return EXIT_FATAL;
        }
    }
    let expect = match &args.expect {
        Some(p) => match aggregate::intake::read_expect(p) {
            Ok(list) => list,
            Err(e) => {
                eprintln!("错误：{e}");
                return EXIT_FATAL;
            }
        },
        None => Vec::new(),
    };
    let opts = Options {
        organ: args.organ.trim().to_owned(),
        year: args.year,
        force: args.force,
        expect,
        threads: 0,
    };
    let agg = aggregate::aggregate(&files, &opts);
    for d in agg
        .findings
        .iter()
        .filter(|d| d.rule != Rule::BlankChildCell)
    {
        eprintln!("{d}");
    }
    let blanks: usize = agg
        .children
        .iter()
        .filter(|c| c.included)
        .map(|c| c.values.blanks.len())
        .sum();
    for c in agg.children.iter().filter(|c| c.errors > 0) {
        for d in c.findings.iter().filter(|d| d.is_error()) {
            eprintln!("{d}");
        }
    }
    if blanks > 0 {
        eprintln!("提示：下级报告中有 {blanks} 个空白单元格按 0 计入（明细见 --detail 工作簿）");
    }
    let mut code = EXIT_OK;
    if let Some(path) = &args.detail {
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => std::path::Path::new("."),
        };
        match detail::workbook_in(&agg, Some(folder))
            .map_err(|e| format!("无法生成 {}：{e}", path.display()))
            .and_then(|b| {
                write_atomic(path, &b).map_err(|e| nianbao::source::load::write_message(path, &e))
            }) {
            Ok(()) => eprintln!("已写出汇总明细 {}", path.display()),
            Err(e) => {
                eprintln!("错误：{e}");
                code = EXIT_ERRORS;
            }
        }
    }
    let counted = agg.children.iter().filter(|c| c.included).count();
    let Some(yaml) = source::yaml(&agg) else {
        let (errors, _) = count(&agg.findings);
        eprintln!(
            "未生成汇总：收到 {} 份报告，发现 {errors} 个问题需先解决（见上）",
            agg.children.len()
        );
        return EXIT_ERRORS;
    };
    match &args.output {
        Some(path) => match write_atomic(path, yaml.as_bytes()) {
            Ok(()) => eprintln!(
                "已写出汇总源文件 {}（{counted} 个单位）；正文「{}」处请人工填写",
                path.display(),
                nianbao::source::keys::PLACEHOLDER
            ),
            Err(e) => {
                eprintln!("错误：{}", nianbao::source::load::write_message(path, &e));
                return EXIT_ERRORS;
            }
        },
        None => print!("{yaml}"),
    }
    if agg.children.iter().any(|c| c.included && c.errors > 0) {
        code = EXIT_ERRORS;
    }
    code
}
