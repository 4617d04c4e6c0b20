//! What a clerk sees on the command line is Chinese: argument errors, help, `help SUBCOMMAND`,
//! and `init` without arguments writes a starter that `check` reports until filled.

use std::process::{Command, Stdio};

fn nianbao(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn no_english(text: &str) {
    for word in [
        "error:",
        "Usage:",
        "Print help",
        "Options:",
        "Commands:",
        "[OPTIONS]",
        "possible values",
        "default:",
    ] {
        assert!(!text.contains(word), "English `{word}` in:\n{text}");
    }
}

#[test]
fn unknown_flag_is_answered_in_chinese() {
    let (code, _, err) = nianbao(&["build", "--no-such-flag"]);
    assert_eq!(code, 2);
    assert!(err.contains("不认识的参数「--no-such-flag」"), "{err}");
    assert!(err.contains("用法："), "{err}");
    no_english(&err);
    let (code, _, err) = nianbao(&["chek", "a.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("check"), "{err}");
    no_english(&err);
}

#[test]
fn help_and_help_subcommand_are_chinese() {
    for args in [
        &["--help"][..],
        &["help"],
        &["help", "check"],
        &["build", "--help"],
    ] {
        let (code, out, err) = nianbao(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(out.contains("用法："), "{args:?}: {out}");
        no_english(&out);
    }
    let (_, out, _) = nianbao(&["help", "check"]);
    assert!(
        out.contains("--previous") && out.contains("显示帮助"),
        "{out}"
    );
}

#[test]
fn init_without_arguments_writes_a_starter_that_check_reports() {
    let (code, out, err) = nianbao(&["init"]);
    assert_eq!(code, 0, "{err}");
    let loaded = nianbao::source::load_str(&out).expect("starter loads");
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|d| d.rule == nianbao::diag::Rule::Organ && d.loc.is_some()),
        "{:#?}",
        loaded.diagnostics
    );
    // Every section a report must have is a marked placeholder, reported until written.
    let report = &loaded.report;
    let findings = nianbao::check::check(report);
    let placeholders = findings
        .iter()
        .filter(|d| d.rule == nianbao::diag::Rule::Placeholder && d.loc.is_some())
        .count();
    assert!(placeholders >= 4, "{findings:#?}");
    // Filled in, the placeholder findings go away and nothing else is an error.
    let filled = out.replace(nianbao::source::keys::PLACEHOLDER, "甲县乙局");
    let loaded = nianbao::source::load_str(&filled).unwrap();
    assert!(!loaded.diagnostics.iter().any(|d| d.is_error()));
    let findings = nianbao::check::check(&loaded.report);
    assert!(!findings.iter().any(|d| d.is_error()), "{findings:#?}");
}
