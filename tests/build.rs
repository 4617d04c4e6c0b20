//! `nianbao build` and `watch` end to end: determinism, refusal on errors, broken output
//! directories, interrupted builds, and rebuild on save.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

mod support;
use support::bin;

fn temp(name: &str) -> PathBuf {
    support::temp_dir(&format!("build-{name}"))
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

/// Is the file a complete output: a zip with its end record, or a PDF ending in %%EOF?
fn complete(path: &Path) -> bool {
    let bytes = std::fs::read(path).unwrap();
    match path.extension().and_then(|e| e.to_str()) {
        Some("pdf") => bytes.starts_with(b"%PDF") && bytes.trim_ascii_end().ends_with(b"%%EOF"),
        Some("docx" | "xlsx") => zip::ZipArchive::new(std::io::Cursor::new(bytes)).is_ok(),
        Some("html") => {
            bytes.trim_ascii_end().ends_with(b"</html>")
                || bytes.trim_ascii_end().ends_with(b"</article>")
        }
        _ => false,
    }
}

#[test]
fn same_input_and_epoch_give_identical_bytes_in_every_format() {
    let (a, b) = (temp("det-a"), temp("det-b"));
    for dir in [&a, &b] {
        let out = bin()
            .args(["build", "examples", "-o"])
            .arg(dir)
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (fa, fb) = (files(&a), files(&b));
    let sources = nianbao::pipeline::collect_sources(&[PathBuf::from("examples")]).len();
    let formats = nianbao::render::Format::all().len();
    assert!(sources >= 2);
    assert_eq!(
        fa.len(),
        sources * formats,
        "every example in every format: {fa:?}"
    );
    assert_eq!(fa.len(), fb.len());
    for (x, y) in fa.iter().zip(&fb) {
        assert_eq!(
            std::fs::read(x).unwrap(),
            std::fs::read(y).unwrap(),
            "{}",
            x.display()
        );
    }
    // The epoch is what the files say (PDF dates), not "now".
    let pdf = fa
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    let text = String::from_utf8_lossy(&std::fs::read(pdf).unwrap()).into_owned();
    assert!(
        text.contains("D:20231114"),
        "creation date from SOURCE_DATE_EPOCH"
    );
    let _ = std::fs::remove_dir_all(&a);
    let _ = std::fs::remove_dir_all(&b);
}

#[test]
fn errors_refuse_the_build_unless_forced() {
    let dir = temp("force");
    let fixture = "tests/fixtures/zhangdian-minzheng-2020.yaml";
    let out = bin()
        .args(["build", fixture, "-o"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("未生成文件"));
    assert!(files(&dir).is_empty());
    let out = bin()
        .args(["build", fixture, "--force", "--format", "xlsx,docx", "-o"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("未通过检查") && err.contains("勾稽关系"),
        "{err}"
    );
    assert_eq!(files(&dir).len(), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unusable_output_directory_is_a_clear_error() {
    let dir = temp("notdir");
    let file = dir.join("a-file");
    std::fs::write(&file, "x").unwrap();
    let out = bin()
        .args(["build", "examples/shili-jiaoyuju-2024.yaml", "-o"])
        .arg(file.join("out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("无法创建输出目录"), "{err}");
    assert!(!err.contains("panicked"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_arguments_exit_2() {
    let code = |args: &[&str]| bin().args(args).output().unwrap().status.code();
    assert_eq!(code(&["build", "examples", "--format", "odt"]), Some(2));
    assert_eq!(code(&["build", "examples", "--font", "正文"]), Some(2));
    assert_eq!(code(&["build", "no-such.yaml"]), Some(2));
}

#[test]
fn an_interrupted_build_leaves_previous_outputs_intact() {
    let dir = temp("kill");
    let src = dir.join("src");
    let out = dir.join("out");
    std::fs::create_dir_all(&src).unwrap();
    let text = std::fs::read_to_string("examples/shili-jiaoyuju-2024.yaml").unwrap();
    for i in 0..12 {
        std::fs::write(
            src.join(format!("r{i}.yaml")),
            text.replace("示例县教育局", &format!("示例县{i}局")),
        )
        .unwrap();
    }
    let first = bin()
        .args(["build"])
        .arg(&src)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        first.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&first.stdout),
        String::from_utf8_lossy(&first.stderr)
    );
    let before = files(&out);
    assert_eq!(before.len(), 60, "12 reports × 5 files");
    // Rebuild with changed numbers and kill it midway, several times at different moments.
    for (i, delay) in [5u64, 40, 120, 300].into_iter().enumerate() {
        for j in 0..12 {
            let changed = text.replace(
                "行政许可: 1260",
                &format!("行政许可: {}", 2000 + i * 12 + j),
            );
            std::fs::write(
                src.join(format!("r{j}.yaml")),
                changed.replace("示例县教育局", &format!("示例县{j}局")),
            )
            .unwrap();
        }
        let mut child = bin()
            .args(["build"])
            .arg(&src)
            .arg("-o")
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        for f in before.iter() {
            assert!(
                complete(f),
                "{} is complete after a kill at {delay} ms",
                f.display()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Starts `watch` on `src` writing `format` into `dir/out`; its standard output line by line.
fn watch(
    dir: &std::path::Path,
    src: &std::path::Path,
    format: &str,
    stderr: Stdio,
) -> (std::process::Child, mpsc::Receiver<String>) {
    let mut child = bin()
        .args(["watch", "--format", format, "-o"])
        .arg(dir.join("out"))
        .arg(src)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    (child, rx)
}

#[test]
fn watch_rebuilds_on_save_and_survives_broken_yaml() {
    let dir = temp("watch");
    let src = dir.join("r.yaml");
    let text = std::fs::read_to_string("examples/shili-jiaoyuju-2024.yaml").unwrap();
    std::fs::write(&src, &text).unwrap();
    let (mut child, rx) = watch(&dir, &src, "xlsx", Stdio::null());
    let next = |what: &str| -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) if line.contains(what) => return line,
                Ok(_) => continue,
                Err(_) => panic!("no line with {what}"),
            }
        }
    };
    next("1 个文件");
    let xlsx = files(&dir.join("out"))[0].clone();
    let first = std::fs::read(&xlsx).unwrap();
    std::thread::sleep(Duration::from_millis(1100)); // distinct mtime on coarse file systems
    std::fs::write(&src, text.replace("行政许可: 1260", "行政许可: 1300")).unwrap();
    next("1 个文件");
    assert_ne!(
        std::fs::read(&xlsx).unwrap(),
        first,
        "rebuilt with the new value"
    );
    std::fs::write(&src, "模板: 2021\n机关: [未闭合\n").unwrap();
    let failed = next("失败");
    assert!(failed.contains("YAML"), "{failed}");
    std::fs::write(&src, &text).unwrap();
    next("1 个文件");
    assert!(child.try_wait().unwrap().is_none(), "still running");
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn watch_says_each_font_stand_in_once_per_session() {
    let dir = temp("watch-notes");
    let src = dir.join("r.yaml");
    let text = std::fs::read_to_string("examples/shili-jiaoyuju-2024.yaml").unwrap();
    std::fs::write(&src, &text).unwrap();
    let (mut child, rx) = watch(&dir, &src, "pdf", Stdio::piped());
    let built = || {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("a build line");
        assert!(line.contains("1 个文件"), "{line}");
    };
    built();
    for n in [1300, 1400] {
        std::thread::sleep(Duration::from_millis(1100));
        std::fs::write(
            &src,
            text.replace("行政许可: 1260", &format!("行政许可: {n}")),
        )
        .unwrap();
        built();
    }
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    // Three builds; whatever stand-in notes this machine gives appear once each.
    let mut lines: Vec<&str> = err.lines().filter(|l| l.contains("改用")).collect();
    let all = lines.len();
    lines.sort();
    lines.dedup();
    assert_eq!(all, lines.len(), "repeated notes:\n{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
