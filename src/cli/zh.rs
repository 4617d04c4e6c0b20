//! Chinese help, usage and argument errors for clap (whose own texts are English).

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

const TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// Applies Chinese headings, help/version flags and the `help` command to a command tree.
pub fn localize(cmd: Command) -> Command {
    let cmd = one(cmd, true).disable_help_subcommand(true).subcommand(
        Command::new("help")
            .about("显示某个命令的帮助，如 nianbao help check")
            .arg(Arg::new("command").value_name("命令").help("命令名")),
    );
    cmd.mut_subcommands(|s| one(s, false))
}

fn one(cmd: Command, root: bool) -> Command {
    let usage = cmd
        .clone()
        .render_usage()
        .to_string()
        .replace("Usage: ", "")
        .replace("[OPTIONS]", "[选项]");
    let mut cmd = cmd
        .override_usage(usage)
        .help_template(TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .mut_args(|a| {
            let heading = if a.is_positional() {
                "参数"
            } else {
                "选项"
            };
            let mut extra = Vec::new();
            let possible: Vec<String> = a
                .get_possible_values()
                .iter()
                .map(|v| v.get_name().to_owned())
                .collect();
            if !possible.is_empty() && a.get_action().takes_values() {
                extra.push(format!("可选：{}", possible.join("、")));
            }
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            if !defaults.is_empty() && a.get_action().takes_values() {
                extra.push(format!("默认：{}", defaults.join("、")));
            }
            let help = a.get_help().map(ToString::to_string).unwrap_or_default();
            let a = a.help_heading(heading);
            let a = if a.get_action().takes_values() {
                a.hide_possible_values(true).hide_default_value(true)
            } else {
                a
            };
            if extra.is_empty() {
                a
            } else {
                a.help(format!("{help}（{}）", extra.join("；")))
            }
        })
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助")
                .help_heading("选项"),
        );
    if root {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        );
    }
    cmd
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("、"),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Every command's name, as the help lists them (`check、build、…`).
pub fn command_names() -> String {
    use clap::CommandFactory;
    super::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .filter(|n| n != "help")
        .collect::<Vec<_>>()
        .join("、")
}

/// The Chinese message for an argument error, with the usage line and where to find help.
pub fn error_message(e: &clap::Error, usage: &str) -> String {
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    let what = match e.kind() {
        ErrorKind::UnknownArgument => format!("不认识的参数「{arg}」"),
        ErrorKind::InvalidSubcommand => {
            format!(
                "没有「{}」这个命令",
                context(e, ContextKind::InvalidSubcommand).unwrap_or(arg)
            )
        }
        ErrorKind::InvalidValue => {
            let valid = context(e, ContextKind::ValidValue)
                .map(|v| format!("，可用：{v}"))
                .unwrap_or_default();
            format!("参数「{arg}」的值「{value}」不可用{valid}")
        }
        ErrorKind::ValueValidation => {
            format!("参数「{arg}」的值「{value}」无效（应为数字等规定格式）")
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必填的参数：{arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            format!("缺少命令：请写 {} 之一", command_names())
        }
        ErrorKind::ArgumentConflict => format!("参数「{arg}」不能与其他参数同时使用"),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("参数「{arg}」的值个数不对")
        }
        ErrorKind::NoEquals => format!("参数「{arg}」要用等号写值，如 {arg}=…"),
        _ => "命令行参数有误".to_owned(),
    };
    let hint = match context(e, ContextKind::SuggestedArg)
        .or_else(|| context(e, ContextKind::SuggestedSubcommand))
    {
        Some(s) => format!("，是不是「{s}」？"),
        None => String::new(),
    };
    format!(
        "错误：{what}{hint}\n\n用法：{usage}\n\n查看帮助：nianbao --help 或 nianbao help 命令名\n"
    )
}
