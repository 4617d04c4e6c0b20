//! Every DOCX and XLSX built from every example passes the ECMA-376 Transitional schema
//! validator with no schema, package or semantic errors and no orphan parts.
//! Needs python3 with lxml; skips with a note otherwise.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The shared validator, relative to the crate (the worktree lives beside `shared/`).
fn validator() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .map(|d| d.join("shared/tools/ooxml-validate/validate.py"))
        .find(|p| p.is_file())
}

fn python_with_lxml() -> bool {
    Command::new("python3")
        .args(["-c", "import lxml.etree"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn every_example_builds_valid_packages_without_orphans() {
    let Some(validator) = validator().filter(|_| python_with_lxml()) else {
        eprintln!(
            "note: python3 with lxml or shared/tools/ooxml-validate not found; OOXML validation skipped"
        );
        return;
    };
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    sources.sort();
    assert!(!sources.is_empty());
    let out = std::env::temp_dir().join(format!("nianbao-ooxml-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["build", "--force", "--format", "docx,xlsx", "-o"])
        .arg(&out)
        .args(&sources)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let mut packages: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx" || e == "xlsx"))
        .collect();
    packages.sort();
    assert_eq!(packages.len(), 2 * sources.len(), "{packages:?}");
    for package in &packages {
        let run = Command::new("python3")
            .arg(&validator)
            .arg(package)
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&run.stdout);
        assert!(run.status.success(), "{}:\n{report}", package.display());
        assert!(
            report.contains("schema errors 0, package errors 0, semantic errors 0"),
            "{}:\n{report}",
            package.display()
        );
        assert!(
            !report.contains("orphan part"),
            "{}:\n{report}",
            package.display()
        );
    }
    let _ = std::fs::remove_dir_all(&out);
}
