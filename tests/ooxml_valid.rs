//! Every DOCX and XLSX that `build` writes for every example passes the OOXML validator
//! (`/work/shared/tools/ooxml-validate/validate.py`): 0 schema errors and no orphan parts.

use std::path::{Path, PathBuf};
use std::process::Command;

const VALIDATOR: &str = "/work/shared/tools/ooxml-validate/validate.py";

/// Is python3 with lxml and the validator here? Prints why not when absent.
fn validator_available() -> bool {
    if !Path::new(VALIDATOR).exists() {
        eprintln!("跳过：未找到 {VALIDATOR}");
        return false;
    }
    let lxml = Command::new("python3")
        .args(["-c", "import lxml"])
        .status()
        .is_ok_and(|s| s.success());
    if !lxml {
        eprintln!("跳过：需要 python3 与 lxml");
    }
    lxml
}

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_package_of_every_example_is_valid() {
    if !validator_available() {
        return;
    }
    let out = std::env::temp_dir().join(format!("nianbao-ooxml-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let examples = examples();
    assert!(!examples.is_empty());
    let mut packages = Vec::new();
    for (i, example) in examples.iter().enumerate() {
        let dir = out.join(i.to_string());
        let status = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(["build", "--format", "all", "--force", "-o"])
            .arg(&dir)
            .arg(example)
            .status()
            .unwrap();
        assert!(status.success(), "build {}", example.display());
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "docx" || e == "xlsx") {
                packages.push(path);
            }
        }
    }
    // Both formats of every example.
    assert_eq!(packages.len(), examples.len() * 2, "{packages:?}");
    let result = Command::new("python3")
        .arg(VALIDATOR)
        .args(&packages)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&result.stdout);
    assert!(!report.contains("orphan part"), "{report}");
    assert!(result.status.success(), "{report}");
    let _ = std::fs::remove_dir_all(&out);
}
