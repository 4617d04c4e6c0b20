//! The HTML page and fragment: parsed back (they are well-formed XML), checked for structure,
//! accessibility links, self-containedness and the same text and numbers as the layout; imported
//! back; rendered in headless Chromium at 1280 and 375 px (skipped with a note when absent).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use nianbao::import::{ImportOptions, import_bytes};
use nianbao::layout::{self, Item, ParaStyle};
use nianbao::model::Report;
use nianbao::render::html;
use quick_xml::Reader;
use quick_xml::events::Event;

/// A parsed element.
#[derive(Debug, Clone, Default)]
struct El {
    name: String,
    attrs: BTreeMap<String, String>,
    children: Vec<Node>,
}

#[derive(Debug, Clone)]
enum Node {
    El(El),
    Text(String),
}

impl El {
    fn text(&self) -> String {
        let mut s = String::new();
        for c in &self.children {
            match c {
                Node::Text(t) => s.push_str(t),
                Node::El(e) => s.push_str(&e.text()),
            }
        }
        s
    }
    fn attr(&self, k: &str) -> Option<&str> {
        self.attrs.get(k).map(String::as_str)
    }
    /// Every element below (depth first, document order), self included.
    fn all(&self) -> Vec<&El> {
        let mut out = vec![self];
        for c in &self.children {
            if let Node::El(e) = c {
                out.extend(e.all());
            }
        }
        out
    }
    fn find(&self, name: &str) -> Vec<&El> {
        self.all().into_iter().filter(|e| e.name == name).collect()
    }
}

/// Parses well-formed markup into a tree under a synthetic root.
fn parse(markup: &str) -> El {
    let mut reader = Reader::from_str(markup);
    let mut stack = vec![El {
        name: "#root".into(),
        ..Default::default()
    }];
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => stack.push(element(&e)),
            Ok(Event::Empty(e)) => {
                let el = element(&e);
                stack.last_mut().unwrap().children.push(Node::El(el));
            }
            Ok(Event::End(_)) => {
                let el = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(Node::El(el));
            }
            Ok(Event::Text(t)) => {
                let s = t
                    .xml_content(quick_xml::XmlVersion::Implicit1_0)
                    .into_owned();
                stack.last_mut().unwrap().children.push(Node::Text(s));
            }
            Ok(Event::GeneralRef(r)) => {
                let name = r.into_inner().to_string();
                let c = match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    other => panic!("entity {other}"),
                };
                stack
                    .last_mut()
                    .unwrap()
                    .children
                    .push(Node::Text(c.into()));
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}", reader.buffer_position()),
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    stack.pop().unwrap()
}

fn element(e: &quick_xml::events::BytesStart) -> El {
    let mut attrs = BTreeMap::new();
    for a in e.attributes() {
        let a = a.unwrap();
        let k: &str = a.key.as_ref();
        let k = k.to_owned();
        let v = quick_xml::escape::unescape(&a.value).unwrap().into_owned();
        assert!(
            attrs.insert(k.clone(), v).is_none(),
            "duplicate attribute {k}"
        );
    }
    El {
        name: {
            let q = e.name();
            let n: &str = q.as_ref();
            n.to_owned()
        },
        attrs,
        children: Vec::new(),
    }
}

fn examples() -> Vec<(PathBuf, Report, layout::Document)> {
    let mut v: Vec<PathBuf> = std::fs::read_dir("examples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    v.sort();
    assert!(v.len() >= 2);
    v.into_iter()
        .map(|p| {
            let r = nianbao::source::load_file(&p).unwrap().report;
            let d = layout::document(&r);
            (p, r, d)
        })
        .collect()
}

/// Text blocks the layout gives (paragraphs in order), to compare with the HTML's.
fn layout_blocks(doc: &layout::Document) -> Vec<String> {
    doc.items
        .iter()
        .filter_map(|i| match i {
            Item::Para(p) => Some(p.text()),
            _ => None,
        })
        .collect()
}

fn is_block(e: &El) -> bool {
    matches!(
        e.name.as_str(),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "p"
    )
}

/// Text of the HTML's block elements (h1–h6, p), in order; a run-in heading (a `div` holding
/// a heading and its paragraph) counts as one block, like the layout's one paragraph.
fn html_blocks(root: &El) -> Vec<String> {
    fn walk(e: &El, out: &mut Vec<String>) {
        let kids: Vec<&El> = e
            .children
            .iter()
            .filter_map(|c| match c {
                Node::El(x) => Some(x),
                Node::Text(_) => None,
            })
            .collect();
        let run_in = e.name == "div"
            && kids.len() == 2
            && kids[0].name.starts_with('h')
            && kids[1].name == "p";
        if is_block(e) || run_in {
            out.push(e.text());
        } else {
            for k in kids {
                walk(k, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(root, &mut out);
    out
}

/// The checks that hold for page and fragment alike: three captioned tables, every th scoped,
/// every data cell linked to existing column and row headers, texts and numbers as laid out.
fn check_common(root: &El, doc: &layout::Document, what: &str) {
    assert_eq!(html_blocks(root), layout_blocks(doc), "{what}: paragraphs");
    let ids: HashMap<&str, &El> = root
        .all()
        .into_iter()
        .filter_map(|e| e.attr("id").map(|id| (id, e)))
        .collect();
    assert_eq!(
        ids.len(),
        root.all().iter().filter(|e| e.attr("id").is_some()).count(),
        "{what}: ids unique"
    );
    let tables = root.find("table");
    let laid: Vec<&layout::TableLayout> = doc
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(tables.len(), 3, "{what}");
    assert_eq!(laid.len(), 3);
    for (table, t) in tables.iter().zip(&laid) {
        let caption = table.find("caption");
        assert_eq!(caption.len(), 1, "{what}");
        assert!(!caption[0].text().trim().is_empty());
        for th in table.find("th") {
            assert!(
                matches!(
                    th.attr("scope"),
                    Some("col" | "colgroup" | "row" | "rowgroup")
                ),
                "{what}: th {:?}",
                th.text()
            );
        }
        let tds = table.find("td");
        let data: Vec<&layout::LCell> = t
            .rows
            .iter()
            .flatten()
            .filter(|c| c.data.is_some())
            .collect();
        assert_eq!(tds.len(), data.len(), "{what} {}", t.id);
        let has_labels = t
            .rows
            .iter()
            .flatten()
            .any(|c| !c.is_header && c.data.is_none());
        for (td, cell) in tds.iter().zip(&data) {
            assert_eq!(td.text(), cell.text, "{what} {}", t.id);
            assert!(!td.text().trim().is_empty(), "{what}: blank cell");
            let headers: Vec<&El> = td
                .attr("headers")
                .unwrap_or_else(|| panic!("{what}: td without headers"))
                .split(' ')
                .map(|id| *ids.get(id).unwrap_or_else(|| panic!("{what}: no id {id}")))
                .collect();
            assert!(headers.iter().all(|h| h.name == "th"));
            assert!(
                headers
                    .iter()
                    .any(|h| matches!(h.attr("scope"), Some("col" | "colgroup"))),
                "{what}: {} cell without column header",
                t.id
            );
            if has_labels {
                assert!(
                    headers
                        .iter()
                        .any(|h| matches!(h.attr("scope"), Some("row" | "rowgroup"))),
                    "{what}: {} cell without row header",
                    t.id
                );
            }
        }
    }
    // 表三: 「予以公开，商业企业，n」 through three column levels.
    let t3 = tables[1];
    let (td, cell) = t3
        .find("td")
        .into_iter()
        .zip(laid[1].rows.iter().flatten().filter(|c| c.data.is_some()))
        .find(|(_, c)| {
            let d = c.data.as_ref().unwrap();
            d.row == "予以公开" && d.col == "商业企业"
        })
        .unwrap();
    let names: Vec<String> = td
        .attr("headers")
        .unwrap()
        .split(' ')
        .map(|id| ids[id].text())
        .collect();
    assert_eq!(
        names,
        [
            "申请人情况",
            "法人或其他组织",
            "商业企业",
            "三、本年度办理结果",
            "（一）予以公开"
        ],
        "{what}"
    );
    assert_eq!(td.text(), cell.text);
    // Headings in order: h1 first, never a level skipped.
    let mut last = 0;
    for e in root.all() {
        let level = match e.name.as_str() {
            "h1" => Some(1),
            "h2" => Some(2),
            "h3" => Some(3),
            "h4" => Some(4),
            "h5" => Some(5),
            "h6" => Some(6),
            _ => None,
        };
        if let Some(l) = level {
            assert!(
                l <= last + 1,
                "{what}: heading level {l} after {last}: {}",
                e.text()
            );
            last = l;
        }
    }
    assert!(last >= 2);
}

/// No scripts, no external resources, no event handlers.
fn check_self_contained(root: &El, what: &str) {
    for e in root.all() {
        assert!(
            !matches!(
                e.name.as_str(),
                "script"
                    | "link"
                    | "img"
                    | "iframe"
                    | "object"
                    | "embed"
                    | "base"
                    | "audio"
                    | "video"
            ),
            "{what}: <{}>",
            e.name
        );
        for (k, v) in &e.attrs {
            assert!(
                !matches!(k.as_str(), "src" | "href" | "srcset" | "action"),
                "{what}: {k}"
            );
            assert!(!k.starts_with("on"), "{what}: {k}");
            assert!(!v.contains("url(") && !v.contains("://"), "{what}: {k}={v}");
        }
        if e.name == "style" {
            let css = e.text();
            assert!(!css.contains("url(") && !css.contains("@import"), "{what}");
        }
    }
}

/// Relative luminance of `#rgb` / `#rrggbb` (WCAG 2).
fn luminance(hex: &str) -> f64 {
    let h = hex.trim_start_matches('#');
    let h: String = if h.len() == 3 {
        h.chars().flat_map(|c| [c, c]).collect()
    } else {
        h.to_owned()
    };
    let ch = |i: usize| {
        let v = f64::from(u8::from_str_radix(&h[i..i + 2], 16).unwrap()) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(0) + 0.7152 * ch(2) + 0.0722 * ch(4)
}

/// 适老化: the article's text is ≥ 16 px, lines ≥ 1.5, contrast ≥ 4.5 : 1 (also on header cells).
fn check_readable(css: &str) {
    let rule = |class: &str| -> Vec<(String, String)> {
        let start = css.find(&format!(".{class}{{")).unwrap() + class.len() + 2;
        let end = start + css[start..].find('}').unwrap();
        css[start..end]
            .split(';')
            .filter_map(|d| d.split_once(':'))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect()
    };
    let get = |decls: &[(String, String)], key: &str| {
        decls
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no {key}"))
    };
    let article = rule("nb-article");
    let size: f64 = get(&article, "font-size")
        .trim_end_matches("px")
        .parse()
        .unwrap();
    let line: f64 = get(&article, "line-height").parse().unwrap();
    assert!(size >= 16.0 && line >= 1.5, "{size} px, {line}");
    let table = rule("nb-table");
    let tsize: f64 = get(&table, "font-size")
        .trim_end_matches("px")
        .parse()
        .unwrap();
    assert!(tsize >= 16.0);
    let fg = luminance(&get(&article, "color"));
    for bg in [
        get(&article, "background"),
        get(&rule("nb-th"), "background"),
    ] {
        let bl = luminance(&bg);
        let ratio = (bl.max(fg) + 0.05) / (bl.min(fg) + 0.05);
        assert!(ratio >= 4.5, "contrast {ratio:.1} on {bg}");
    }
}

#[test]
fn page_is_self_contained_accessible_and_equal_to_the_layout() {
    for (path, _, doc) in examples() {
        let out = html::render(&doc);
        let what = format!("{} page", path.display());
        assert!(out.page.starts_with("<!DOCTYPE html>"));
        let root = parse(&out.page);
        let html_el = &root.find("html")[0];
        assert_eq!(html_el.attr("lang"), Some("zh-CN"));
        assert!(
            root.find("meta")
                .iter()
                .any(|m| m.attr("charset") == Some("utf-8"))
        );
        assert_eq!(root.find("title")[0].text(), doc.meta.title);
        assert_eq!(root.find("h1").len(), 1);
        check_self_contained(&root, &what);
        check_common(&root, &doc, &what);
        let css = root.find("style")[0].text();
        assert!(css.contains("@media print") && css.contains("break-inside:avoid"));
        assert!(css.contains("overflow-x:auto"));
        check_readable(&css);
    }
}

#[test]
fn fragment_has_inline_styles_only() {
    for (path, _, doc) in examples() {
        let out = html::render(&doc);
        let what = format!("{} fragment", path.display());
        assert!(!out.fragment.contains("<style") && !out.fragment.contains("<html"));
        let root = parse(&out.fragment);
        check_self_contained(&root, &what);
        check_common(&root, &doc, &what);
        for e in root.all().into_iter().skip(1) {
            assert!(e.attr("class").is_none(), "{what}: class on {}", e.name);
            if let Some(s) = e.attr("style") {
                let bad = s.split(';').any(|d| {
                    let d = d.trim();
                    (d.starts_with("width:") || d.starts_with("min-width:"))
                        && d.ends_with("px")
                        && d != "width:1px"
                });
                assert!(!bad, "{what}: pixel width {s}");
            }
        }
        // Borders and alignment survive without any stylesheet.
        for cell in root.find("td").into_iter().chain(root.find("th")) {
            let s = cell.attr("style").unwrap_or_default();
            assert!(
                s.contains("border:1px solid") && s.contains("text-align:"),
                "{what}: {s}"
            );
        }
        assert!(root.find("article")[0].attr("lang") == Some("zh-CN"));
    }
}

/// Every printed value of the layout, by (table, row, column).
fn values(doc: &layout::Document) -> BTreeMap<(String, String, String), String> {
    let mut m = BTreeMap::new();
    for i in &doc.items {
        if let Item::Table(t) = i {
            for c in t.rows.iter().flatten() {
                if let Some(d) = &c.data {
                    m.insert(
                        (d.table.clone(), d.row.clone(), d.col.clone()),
                        c.text.clone(),
                    );
                }
            }
        }
    }
    m
}

fn headings(doc: &layout::Document) -> Vec<String> {
    doc.items
        .iter()
        .filter_map(|i| match i {
            Item::Para(p) if matches!(p.style, ParaStyle::Heading(_)) => {
                Some(p.runs[0].text.clone())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn page_and_fragment_import_back_to_the_same_numbers_and_headings() {
    for (path, report, doc) in examples() {
        let out = html::render(&doc);
        for (name, bytes) in [("page.html", &out.page), ("fragment.html", &out.fragment)] {
            let what = format!("{} {name}", path.display());
            let imported = import_bytes(bytes.as_bytes(), Some(name), &ImportOptions::default())
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            let r = imported.report;
            assert_eq!(r.meta.organ, report.meta.organ, "{what}");
            assert_eq!(r.meta.year, report.meta.year, "{what}");
            assert_eq!(r.meta.template, report.meta.template, "{what}");
            assert_eq!(r.meta.date, report.meta.date, "{what}");
            let back = layout::document(&r);
            assert_eq!(values(&back), values(&doc), "{what}: numbers");
            assert_eq!(headings(&back), headings(&doc), "{what}: headings");
        }
    }
}

/// Chromium, when installed.
fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

fn run_chromium(bin: &Path, profile: &Path, args: &[String], url: &str) -> String {
    let out = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A test-only wrapper page (the outputs have no script): the page under test in a 375 px wide
/// `srcdoc` frame (same origin as the wrapper), measured after load: the frame's document and
/// body widths against its viewport, the number of data cells, and header links that do not
/// resolve to a `th` in the browser's DOM.
fn probe_page(markup: &str) -> String {
    let srcdoc = markup.replace('&', "&amp;").replace('"', "&quot;");
    format!(
        "<!DOCTYPE html><html><body style=\"margin:0\"><iframe id=\"f\" style=\"width:375px;height:2000px;border:0\" \
         srcdoc=\"{srcdoc}\"></iframe><script>document.getElementById('f').addEventListener('load',function(){{\
         var w=this.contentWindow,doc=w.document,d=doc.documentElement,bad=0,cells=0;\
         doc.querySelectorAll('td').forEach(function(td){{cells++;\
         (td.getAttribute('headers')||'').split(' ').forEach(function(id){{var h=doc.getElementById(id);\
         if(!h||h.tagName!=='TH')bad++;}});}});var p=document.createElement('pre');\
         p.textContent='PRO'+'BE '+d.scrollWidth+' '+w.innerWidth+' '+doc.body.scrollWidth+' '+cells+' '+bad;\
         document.body.appendChild(p);}});</script></body></html>"
    )
}

#[test]
fn chromium_shows_the_page_without_horizontal_scroll_on_a_phone() {
    let Some(bin) = chromium() else {
        eprintln!("注意：未安装 chromium，跳过浏览器测试");
        return;
    };
    let dir = std::env::temp_dir().join(format!("nianbao-html-{}", std::process::id()));
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("html-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::create_dir_all(&shots).unwrap();
    let (path, _, doc) = examples().remove(0);
    let out = html::render(&doc);
    let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
    let pages = [
        ("page", out.page.clone()),
        (
            "fragment",
            format!(
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
                 content=\"width=device-width, initial-scale=1\"></head><body>{}</body></html>",
                out.fragment
            ),
        ),
    ];
    for (kind, markup) in pages {
        let file = dir.join(format!("{kind}.html"));
        std::fs::write(&file, &markup).unwrap();
        for width in [1280, 375] {
            let profile = dir.join(format!("profile-{kind}-{width}"));
            let png = shots.join(format!("{stem}-{kind}-{width}.png"));
            run_chromium(
                &bin,
                &profile,
                &[
                    format!("--screenshot={}", png.display()),
                    format!("--window-size={width},3000"),
                ],
                &format!("file://{}", file.display()),
            );
            assert!(png.exists(), "no screenshot {}", png.display());
            eprintln!("截图：{}", png.display());
        }
        let probe = dir.join(format!("{kind}-probe.html"));
        std::fs::write(&probe, probe_page(&markup)).unwrap();
        let dom = run_chromium(
            &bin,
            &dir.join(format!("profile-{kind}-probe")),
            &[
                "--window-size=800,2200".into(),
                "--virtual-time-budget=5000".into(),
                "--dump-dom".into(),
            ],
            &format!("file://{}", probe.display()),
        );
        let line = dom
            .lines()
            .find_map(|l| l.split("PROBE ").nth(1))
            .unwrap_or_else(|| panic!("{kind}: no probe output in {} bytes of DOM", dom.len()));
        let n: Vec<i64> = line
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .take(5)
            .map(|s| s.parse().unwrap())
            .collect();
        let (page_w, view_w, body_w, cells, bad) = (n[0], n[1], n[2], n[3], n[4]);
        eprintln!(
            "{kind}: page {page_w} px, body {body_w} px, viewport {view_w} px, {cells} cells, {bad} broken links"
        );
        assert_eq!(view_w, 375, "{kind}");
        assert!(
            page_w <= view_w && body_w <= view_w,
            "{kind}: page {page_w} px, body {body_w} px wide at {view_w} px"
        );
        assert!(cells > 150, "{kind}: {cells} cells");
        assert_eq!(bad, 0, "{kind}: unresolved header links");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn build_writes_page_fragment_and_a_manifest_whose_hashes_match() {
    let dir = std::env::temp_dir().join(format!("nianbao-manifest-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args([
            "build",
            "examples/shili-jiaoyuju-2024.yaml",
            "--format",
            "html,docx",
            "--manifest",
            "-o",
        ])
        .arg(&dir)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stem = "示例县教育局2024年政府信息公开工作年度报告";
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join(format!("{stem}.manifest.json"))).unwrap())
            .unwrap();
    let source = std::fs::read("examples/shili-jiaoyuju-2024.yaml").unwrap();
    assert_eq!(
        json["source"]["sha256"],
        nianbao::manifest::sha256_hex(&source)
    );
    let outputs = json["outputs"].as_array().unwrap();
    let files: Vec<&str> = outputs
        .iter()
        .map(|o| o["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            format!("{stem}.docx"),
            format!("{stem}.html"),
            format!("{stem}.fragment.html")
        ]
    );
    for o in outputs {
        let bytes = std::fs::read(dir.join(o["file"].as_str().unwrap())).unwrap();
        assert_eq!(o["sha256"], nianbao::manifest::sha256_hex(&bytes));
        assert_eq!(o["bytes"], bytes.len());
    }
    // The written page is what the library renders.
    let report = nianbao::source::load_file(Path::new("examples/shili-jiaoyuju-2024.yaml"))
        .unwrap()
        .report;
    let mut doc = layout::document(&report);
    doc.meta.created_unix = 1_700_000_000;
    assert_eq!(
        std::fs::read_to_string(dir.join(format!("{stem}.html"))).unwrap(),
        html::page(&doc)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
