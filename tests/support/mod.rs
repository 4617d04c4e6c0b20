//! Shared test support: the binary, fresh temporary directories, ZIP parts and external tools.
//!
//! Each integration test that needs it says `mod support;`; not every test uses every helper.
#![allow(dead_code)]

use std::io::Read;
use std::path::PathBuf;
use std::process::Command;

/// The `nianbao` binary built for this test run.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
}

/// Runs the binary with `args`: exit code, standard output, standard error.
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = bin().args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fresh, empty directory for one test: `nianbao-{tag}-{pid}` under the system temp dir.
pub fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nianbao-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The text of one part of a ZIP package (DOCX/XLSX), e.g. `word/document.xml`.
pub fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut f = zip.by_name(name).expect(name);
    let mut s = String::new();
    f.read_to_string(&mut s).expect("utf8");
    s
}

/// Does `tool arg` run and succeed (e.g. `soffice --version`)?
pub fn have(tool: &str, arg: &str) -> bool {
    Command::new(tool)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Is `tool` installed? When not, prints a visible note that `what` is skipped.
pub fn need(tool: &str, arg: &str, what: &str) -> bool {
    let ok = have(tool, arg);
    if !ok {
        eprintln!("note: {tool} not installed; {what} skipped");
    }
    ok
}
