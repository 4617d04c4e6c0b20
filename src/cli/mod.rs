//! Command-line interface: argument definitions and one module per command.

mod aggregate;
mod batch;
mod build;
mod check;
mod fonts;
mod import;
mod init;
mod schema;
mod watch;
mod zh;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// Exit code: everything fine.
pub const EXIT_OK: u8 = 0;
/// Exit code: the report has errors (or an output could not be made).
pub const EXIT_ERRORS: u8 = 1;
/// Exit code: could not run (unreadable file, malformed YAML, bad arguments).
pub const EXIT_FATAL: u8 = 2;

/// 政府信息公开工作年度报告：一个 YAML 源文件，检查勾稽关系，生成 DOCX、XLSX、PDF。
#[derive(Parser, Debug)]
#[command(name = "nianbao", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Output style of findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// 每条一行：文件:行:列: 错误[规则]: 说明
    Text,
    /// JSON，供程序读取
    Json,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 检查报告：勾稽关系、合计、非负数、模板与年度等，指出文件中的行和列
    Check {
        /// 报告源文件（.yaml）或目录，可写多个
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 上一年度的报告，用于跨年度衔接检查（上年结转 = 上年结转下年度）
        #[arg(long, value_name = "LAST_YEAR.yaml")]
        previous: Option<PathBuf>,
        /// 输出格式
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
        /// 只报告这些规则，写规则代码，用逗号分隔（如 balance,narrative-figure）
        #[arg(long, value_name = "CODE,…")]
        only: Option<String>,
        /// 不报告这些规则，写规则代码，用逗号分隔
        #[arg(long, value_name = "CODE,…")]
        skip: Option<String>,
        /// 把检查结果写成审核工作簿（.xlsx）：每份报告一行、各规则计数，另有全部问题清单
        #[arg(long, value_name = "AUDIT.xlsx")]
        report: Option<PathBuf>,
        /// 下级单位的报告（文件或目录）：逐格比对汇总报告与下级报告之和
        #[arg(long, num_args = 1.., value_name = "SOURCES")]
        children: Vec<PathBuf>,
    },
    /// 生成 DOCX、XLSX、PDF
    Build(build::Args),
    /// 写出一个带注释的新报告源文件（所有表格行为 0，六个部分附填写提示）
    Init {
        /// 机关全称（不写时：在终端上询问，否则写占位文字，由 check 提示填写）
        #[arg(long)]
        organ: Option<String>,
        /// 报告年度（如 2025；不写时：在终端上询问，否则取上一年）
        #[arg(long)]
        year: Option<i32>,
        /// 模板：2019 或 2021（默认按年度选择）
        #[arg(long)]
        template: Option<u16>,
        /// 写入的文件（默认：输出到屏幕）
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// 覆盖已存在的文件
        #[arg(long)]
        overwrite: bool,
    },
    /// 输出源文件格式的 JSON Schema（供编辑器补全和校验）
    Schema {
        /// 写入的文件，如 nianbao.schema.json（默认：输出到屏幕）
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// 导入旧报告（网页复制的文字、HTML、DOCX、XLSX、PDF），转成 YAML 源文件
    Import {
        /// 旧报告文件，或一个机关各年度旧报告所在的目录（按年度依次导入，每年用上一年拆分数字）；- 表示从标准输入读取
        input: PathBuf,
        /// 写入的 YAML 文件（默认：输出到屏幕）；导入目录时是写入的目录
        #[arg(short, long, value_name = "OUT.yaml")]
        output: Option<PathBuf>,
        /// 报告不完整时也导入已找到的部分（退出码 1）
        #[arg(long)]
        partial: bool,
        /// 覆盖已存在的文件
        #[arg(long)]
        overwrite: bool,
        /// 本机关上一年度的报告（源文件或旧报告），帮助拆分连写的数字（上年现行有效 + 本年制发 − 本年废止 = 现行有效）
        #[arg(long, value_name = "LAST")]
        previous: Option<PathBuf>,
    },
    /// 列出各字体角色（标题、正文、黑体、楷体、表格、页码）在本机实际使用的字体
    Fonts {
        /// 指定字体：角色=字体名或字体文件路径，可写多次
        #[arg(long = "font", value_name = "ROLE=PATH|FAMILY")]
        fonts: Vec<String>,
    },
    /// 汇总下级单位的报告：表格逐格相加，写出本级报告源文件（正文留待填写）
    Aggregate(aggregate::Args),
    /// 监视源文件，保存后自动重新生成（出错时继续监视）
    Watch(build::Args),
}

/// Parses the command line and runs the command; returns the process exit code.
pub fn run() -> ExitCode {
    let mut cmd = zh::localize(Cli::command());
    let fail = |e: clap::Error, cmd: &mut clap::Command| {
        if e.use_stderr() {
            // The usage of the subcommand the user typed, if any.
            let sub = std::env::args().skip(1).find(|a| !a.starts_with('-'));
            let usage = sub
                .and_then(|n| {
                    cmd.find_subcommand_mut(&n)
                        .map(|s| s.render_usage().to_string())
                })
                .unwrap_or_else(|| cmd.render_usage().to_string());
            let usage = usage
                .trim_start_matches("Usage:")
                .trim()
                .replace("[OPTIONS]", "[选项]");
            let usage = usage.as_str();
            eprint!("{}", zh::error_message(&e, usage));
            ExitCode::from(EXIT_FATAL)
        } else {
            let _ = e.print();
            ExitCode::from(EXIT_OK)
        }
    };
    let matches = match cmd.try_get_matches_from_mut(std::env::args_os()) {
        Ok(m) => m,
        Err(e) => return fail(e, &mut cmd),
    };
    if let Some(("help", sub)) = matches.subcommand() {
        let name = sub.get_one::<String>("command").cloned();
        let target = match &name {
            None => Some(&mut cmd),
            Some(n) => cmd.find_subcommand_mut(n),
        };
        return match target {
            Some(t) => {
                let _ = t.print_help();
                ExitCode::from(EXIT_OK)
            }
            None => {
                eprintln!(
                    "错误：没有「{}」这个命令；可用：{}",
                    name.unwrap_or_default(),
                    zh::command_names()
                );
                ExitCode::from(EXIT_FATAL)
            }
        };
    }
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => return fail(e, &mut cmd),
    };
    let code = match cli.command {
        Command::Check {
            files,
            previous,
            format,
            only,
            skip,
            report,
            children,
        } => check::run(
            &files,
            previous.as_deref(),
            &children,
            format,
            &check::Choice { only, skip, report },
        ),
        Command::Aggregate(args) => aggregate::run(args),
        Command::Build(args) => build::run(args),
        Command::Init {
            organ,
            year,
            template,
            output,
            overwrite,
        } => init::run(organ, year, template, output.as_deref(), overwrite),
        Command::Schema { output } => schema::run(output.as_deref()),
        Command::Fonts { fonts } => fonts::run(&fonts),
        Command::Import {
            input,
            output,
            partial,
            overwrite,
            previous,
        } => import::run(
            &input,
            output.as_deref(),
            partial,
            overwrite,
            previous.as_deref(),
        ),
        Command::Watch(args) => match build::options(&args) {
            Ok(opts) => watch::run(args.files, opts),
            Err(e) => {
                eprintln!("错误：{e}");
                EXIT_FATAL
            }
        },
    };
    ExitCode::from(code)
}
