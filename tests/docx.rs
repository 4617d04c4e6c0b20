//! DOCX writer: read the generated file back (unzip + XML) and check page setup, styles,
//! tables with the official merges, labels, numbers, properties and determinism.

use std::collections::BTreeSet;
use std::path::Path;

use nianbao::layout::{self, Document, Item, TableLayout};
use nianbao::model::Report;
use nianbao::render::docx;
use nianbao::template::{ColumnDef, RowDef};
use quick_xml::events::Event;

fn fixture_report() -> Report {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/zhangdian-minzheng-2020.yaml");
    nianbao::source::load_file(&path)
        .expect("fixture loads")
        .report
}

/// A minimal report on the 2021 template (tables empty, so derived zeros are shown).
fn report_2021() -> Report {
    let yaml = "格式版本: 1\n模板: 2021\n机关: 某某市某某局\n年度: 2021\n日期: 2022-01-20\n";
    nianbao::source::load_str(yaml)
        .expect("minimal 2021 report loads")
        .report
}

mod support;
use support::zip_part as part;

fn build(report: &Report) -> (Document, Vec<u8>) {
    let doc = layout::document(report);
    let bytes = docx::render(&doc).expect("renders");
    if let Ok(dir) = std::env::var("NIANBAO_DOCX_OUT") {
        let name = format!("{}-{}.docx", report.meta.year, report.template().id);
        std::fs::write(Path::new(&dir).join(name), &bytes).expect("write");
    }
    (doc, bytes)
}

/// One `w:tc` read back.
#[derive(Debug, Clone, Default)]
struct Tc {
    span: usize,
    /// None: no vMerge; Some(true): restart; Some(false): continue.
    vmerge: Option<bool>,
    text: String,
    /// First grid column.
    col: usize,
}

#[derive(Debug, Default)]
struct Tr {
    header: bool,
    cells: Vec<Tc>,
}

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.to_string())
}

/// Every body table of `document.xml`, rows of cells with spans and text.
fn tables(xml: &str) -> Vec<Vec<Tr>> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out: Vec<Vec<Tr>> = Vec::new();
    let mut in_t = false;
    let mut in_tc = false;
    loop {
        match reader.read_event().expect("xml") {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "w:tbl" => out.push(Vec::new()),
                "w:tr" => {
                    if let Some(t) = out.last_mut() {
                        t.push(Tr::default());
                    }
                }
                "w:tblHeader" => {
                    if let Some(r) = out.last_mut().and_then(|t| t.last_mut()) {
                        r.header = true;
                    }
                }
                "w:tc" => {
                    in_tc = true;
                    if let Some(r) = out.last_mut().and_then(|t| t.last_mut()) {
                        let col = r.cells.iter().map(|c| c.span).sum();
                        r.cells.push(Tc {
                            span: 1,
                            col,
                            ..Tc::default()
                        });
                    }
                }
                "w:gridSpan" => {
                    if let Some(c) = out
                        .last_mut()
                        .and_then(|t| t.last_mut())
                        .and_then(|r| r.cells.last_mut())
                    {
                        c.span = attr(&e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(1);
                    }
                }
                "w:vMerge" => {
                    if let Some(c) = out
                        .last_mut()
                        .and_then(|t| t.last_mut())
                        .and_then(|r| r.cells.last_mut())
                    {
                        c.vmerge = Some(attr(&e, "w:val").as_deref() == Some("restart"));
                    }
                }
                "w:t" => in_t = true,
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == "w:t" => in_t = false,
            Event::End(e) if e.name().as_ref() == "w:tc" => in_tc = false,
            Event::Text(t) if in_t && in_tc => {
                let text = t.into_inner().into_owned();
                if let Some(c) = out
                    .last_mut()
                    .and_then(|t| t.last_mut())
                    .and_then(|r| r.cells.last_mut())
                {
                    c.text.push_str(&text);
                }
            }
            Event::GeneralRef(r) if in_t && in_tc => {
                let s = match r.into_inner().as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                };
                if let Some(c) = out
                    .last_mut()
                    .and_then(|t| t.last_mut())
                    .and_then(|r| r.cells.last_mut())
                {
                    c.text.push_str(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn layout_tables(doc: &Document) -> Vec<&TableLayout> {
    doc.items
        .iter()
        .filter_map(|i| match i {
            Item::Table(t) => Some(t),
            _ => None,
        })
        .collect()
}

fn table_by_id<'a>(
    doc: &'a Document,
    xml: &'a [Vec<Tr>],
    id: &str,
) -> (&'a TableLayout, Vec<&'a Tr>) {
    let lts = layout_tables(doc);
    let i = lts.iter().position(|t| t.id == id).expect(id);
    (lts[i], xml[i].iter().collect())
}

fn find<'a>(rows: &[&'a Tr], text: &str) -> (usize, &'a Tc) {
    rows.iter()
        .enumerate()
        .find_map(|(r, row)| row.cells.iter().find(|c| c.text == text).map(|c| (r, c)))
        .unwrap_or_else(|| panic!("no cell {text}"))
}

/// Rows a restarted vertical merge covers: itself plus the continuations below it.
fn vmerge_rows(rows: &[&Tr], start: usize, col: usize) -> usize {
    1 + rows[start + 1..]
        .iter()
        .take_while(|r| {
            r.cells
                .iter()
                .any(|c| c.col == col && c.vmerge == Some(false))
        })
        .count()
}

fn labels_of_rows(rows: &[RowDef], out: &mut BTreeSet<String>) {
    for r in rows {
        out.insert(r.label.clone());
        labels_of_rows(&r.children, out);
    }
}

fn labels_of_cols(cols: &[ColumnDef], out: &mut BTreeSet<String>) {
    for c in cols {
        out.insert(c.label.clone());
        labels_of_cols(&c.children, out);
    }
}

#[test]
fn page_setup_is_gbt9704_with_the_measured_grid() {
    let (_, bytes) = build(&fixture_report());
    let doc = part(&bytes, "word/document.xml");
    assert!(doc.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#));
    assert!(doc.contains(
        r#"<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="1272" w:gutter="0"/>"#
    ));
    assert!(doc.contains(r#"<w:docGrid w:type="lines" w:linePitch="579"/>"#));
    assert!(
        !doc.contains("charSpace"),
        "Word's char grid gives 14 chars/line in LibreOffice"
    );
    assert_eq!(doc.matches("<w:sectPr>").count(), 1);
    assert!(doc.contains(r#"<w:footerReference w:type="default""#));
    assert!(doc.contains(r#"<w:footerReference w:type="even""#));

    let settings = part(&bytes, "word/settings.xml");
    assert!(settings.contains("<w:evenAndOddHeaders/>"));

    let odd = part(&bytes, "word/footer1.xml");
    let even = part(&bytes, "word/footer2.xml");
    for (f, style) in [(&odd, "NbFooterOdd"), (&even, "NbFooterEven")] {
        assert!(f.contains(style), "{f}");
        assert!(f.contains("<w:instrText>PAGE</w:instrText>"));
        assert!(f.contains(">— <") && f.contains("> —<"));
    }
    let styles = part(&bytes, "word/styles.xml");
    let odd_style = &styles[styles
        .find(r#"w:styleId="NbFooterOdd""#)
        .expect("odd footer style")..];
    let odd_style = &odd_style[..odd_style.find("</w:style>").expect("style end")];
    for needle in [
        r#"<w:ind w:right="280" w:firstLine="0"/><w:jc w:val="right"/>"#,
        r#"<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>"#,
        r#"w:eastAsia="宋体""#,
        r#"<w:sz w:val="28"/>"#,
    ] {
        assert!(
            odd_style.contains(needle),
            "odd footer style lacks {needle}"
        );
    }
    assert!(styles.contains(r#"<w:ind w:left="280" w:firstLine="0"/><w:jc w:val="left"/>"#));
}

#[test]
fn styles_carry_fonts_grid_and_language() {
    let (_, bytes) = build(&fixture_report());
    let styles = part(&bytes, "word/styles.xml");
    for needle in [
        r#"w:eastAsia="仿宋_GB2312""#,
        r#"w:eastAsia="方正小标宋简体""#,
        r#"w:eastAsia="黑体""#,
        r#"w:eastAsia="楷体_GB2312""#,
        r#"w:eastAsia="宋体""#,
        r#"<w:lang w:val="zh-CN" w:eastAsia="zh-CN""#,
        r#"<w:widowControl w:val="0"/><w:overflowPunct w:val="1"/>"#,
        r#"<w:spacing w:val="-5"/><w:sz w:val="32"/>"#,
        r#"<w:sz w:val="44"/>"#,
        r#"<w:ind w:firstLine="630"/>"#,
        r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="579" w:lineRule="exact"/>"#,
        r#"<w:jc w:val="both"/>"#,
    ] {
        assert!(styles.contains(needle), "styles.xml lacks {needle}");
    }
    let doc = part(&bytes, "word/document.xml");
    // Styles, not direct formatting: runs carry no fonts or sizes of their own.
    let tables = doc.matches("<w:tbl>").count();
    assert_eq!(doc.matches("<w:jc ").count(), tables, "jc only on tables");
    for direct in ["<w:rFonts", "<w:sz ", "<w:b />", "<w:spacing "] {
        let in_runs = doc.matches(direct).count();
        assert_eq!(in_runs, 0, "direct formatting {direct} in document.xml");
    }
    assert!(doc.contains(r#"<w:pStyle w:val="NbTitle" />"#));
    assert!(doc.contains(r#"<w:pStyle w:val="NbHeading1" />"#));
    assert!(doc.contains(r#"<w:pStyle w:val="NbHeading2" />"#));
    assert!(doc.contains(r#"<w:pStyle w:val="NbSignOrgan" />"#));
    // A 1. heading followed by body text switches fonts with a character style only.
    assert!(doc.contains(r#"<w:pStyle w:val="NbHeading3" />"#));
}

#[test]
fn every_official_label_and_number_is_in_its_cell() {
    for report in [fixture_report(), report_2021()] {
        let (doc, bytes) = build(&report);
        let xml = part(&bytes, "word/document.xml");
        let read = tables(&xml);
        let lts = layout_tables(&doc);
        assert_eq!(read.len(), lts.len());
        let template = report.template();
        for (lt, rows) in lts.iter().zip(&read) {
            assert_eq!(rows.len(), lt.rows.len(), "{}", lt.id);
            // Every cell the layout starts in a row is there, at the same grid column, with its text.
            for (r, (lrow, row)) in lt.rows.iter().zip(rows).enumerate() {
                let width: usize = row.cells.iter().map(|c| c.span).sum();
                assert_eq!(width, lt.columns(), "{} row {r} is not rectangular", lt.id);
                for lc in lrow {
                    let tc = row
                        .cells
                        .iter()
                        .find(|c| c.col == lc.col)
                        .unwrap_or_else(|| panic!("{} row {r} col {}", lt.id, lc.col));
                    assert_eq!(tc.text, lc.text, "{} row {r} col {}", lt.id, lc.col);
                    assert_eq!(tc.span, lc.col_span, "{} {}", lt.id, lc.text);
                    assert_eq!(
                        tc.vmerge,
                        (lc.row_span > 1).then_some(true),
                        "{} {}",
                        lt.id,
                        lc.text
                    );
                    if lc.row_span > 1 {
                        assert_eq!(
                            vmerge_rows(rows.iter().collect::<Vec<_>>().as_slice(), r, lc.col),
                            lc.row_span
                        );
                    }
                    // Numbers from the YAML are printed in their cell.
                    if let Some(d) = &lc.data {
                        let given = report
                            .tables
                            .get(&d.table)
                            .and_then(|v| v.get(&d.row, &d.col))
                            .and_then(|c| c.value);
                        if let Some(v) = given {
                            assert!(
                                tc.text.starts_with(&v.to_string()),
                                "{} {}/{}: {}",
                                lt.id,
                                d.row,
                                d.col,
                                tc.text
                            );
                        }
                    }
                }
            }
            // Every official row and column label of the template, verbatim.
            let def = template.table(&lt.id).expect("table in template");
            let mut labels = BTreeSet::new();
            for b in &def.blocks {
                labels_of_rows(&b.rows, &mut labels);
                labels_of_cols(&b.columns, &mut labels);
                labels.extend(b.header.clone());
                labels.extend(b.corner.clone().or_else(|| b.label_header.clone()));
            }
            let texts: BTreeSet<&str> = rows
                .iter()
                .flat_map(|r| r.cells.iter().map(|c| c.text.as_str()))
                .collect();
            for l in &labels {
                assert!(texts.contains(l.as_str()), "{} lacks label {l}", lt.id);
            }
        }
    }
}

#[test]
fn fixture_numbers_land_in_the_right_cells() {
    let (doc, bytes) = build(&fixture_report());
    let read = tables(&part(&bytes, "word/document.xml"));
    let (_, rows) = table_by_id(&doc, &read, "表二");
    let row = rows
        .iter()
        .find(|r| r.cells.first().is_some_and(|c| c.text == "规范性文件"))
        .expect("规范性文件 row");
    assert_eq!(
        row.cells
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>(),
        ["规范性文件", "1", "1", "1"]
    );
}

#[test]
fn table_three_and_four_have_the_official_merges() {
    for (report, result_rows) in [(fixture_report(), 20), (report_2021(), 22)] {
        let (doc, bytes) = build(&report);
        let read = tables(&part(&bytes, "word/document.xml"));
        let (lt, rows) = table_by_id(&doc, &read, "表三");
        // Corner: 3 columns × 3 rows holding the 勾稽 note.
        let corner = &rows[0].cells[0];
        assert!(
            corner.text.starts_with("（本列数据的勾稽关系为"),
            "{}",
            corner.text
        );
        assert_eq!((corner.span, corner.vmerge), (3, Some(true)));
        for row in &rows[1..3] {
            let c = &row.cells[0];
            assert_eq!((c.col, c.span, c.vmerge), (0, 3, Some(false)));
        }
        assert_eq!(vmerge_rows(&rows, 0, 0), 3);
        // Header rows repeat on each page.
        assert_eq!(lt.header_rows, 3);
        assert!(rows[..3].iter().all(|r| r.header));
        assert!(rows[3..].iter().all(|r| !r.header));
        let (r, c) = find(&rows, "三、本年度办理结果");
        assert_eq!(c.vmerge, Some(true));
        assert_eq!(vmerge_rows(&rows, r, c.col), result_rows);
        let (r, c) = find(&rows, "（三）不予公开");
        assert_eq!(vmerge_rows(&rows, r, c.col), 8);
        let applicant = find(&rows, "申请人情况").1;
        assert_eq!(applicant.span, 7);
    }
    let report = report_2021();
    let (doc, bytes) = build(&report);
    let read = tables(&part(&bytes, "word/document.xml"));
    let (_, rows) = table_by_id(&doc, &read, "表四");
    let data = rows.last().expect("data row");
    assert_eq!(data.cells.len(), 15);
    assert!(data.cells.iter().all(|c| c.span == 1 && c.vmerge.is_none()));
    assert!(
        data.cells.iter().all(|c| !c.text.is_empty()),
        "{:?}",
        data.cells
    );
    assert_eq!(find(&rows, "行政复议").1.span, 5);
    assert!(rows[..3].iter().all(|r| r.header));
}

#[test]
fn properties_come_from_the_report_and_output_is_reproducible() {
    let report = report_2021();
    let (doc, a) = build(&report);
    let b = docx::render(&doc).expect("renders");
    assert_eq!(a, b, "same input, same bytes");
    let core = part(&a, "docProps/core.xml");
    assert!(core.contains(&format!("<dc:title>{}</dc:title>", doc.meta.title)));
    assert!(core.contains("<dc:creator>某某市某某局</dc:creator>"));
    assert!(core.contains(">2022-01-20T00:00:00Z</dcterms:created>"));
    assert!(core.contains("<dc:language>zh-CN</dc:language>"));

    let mut later = doc.clone();
    later.meta.created_unix = 1_700_000_000;
    let c = docx::render(&later).expect("renders");
    assert!(part(&c, "docProps/core.xml").contains(">2023-11-14T22:13:20Z</dcterms:created>"));

    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&a[..])).expect("zip");
    assert_eq!(
        zip.by_index(0).expect("first").name().expect("name"),
        "[Content_Types].xml"
    );
    for i in 0..zip.len() {
        let f = zip.by_index(i).expect("entry");
        assert_eq!(
            f.compression(),
            zip::CompressionMethod::Deflated,
            "{:?}",
            f.name()
        );
        let t = f.last_modified().expect("time");
        assert_eq!(
            (t.year(), t.month(), t.day()),
            (2022, 1, 20),
            "{:?}",
            f.name()
        );
    }
}

#[test]
fn signature_block_ends_the_document() {
    let (doc, bytes) = build(&report_2021());
    let xml = part(&bytes, "word/document.xml");
    let organ = xml
        .rfind(r#"<w:pStyle w:val="NbSignOrgan" />"#)
        .expect("organ");
    let date = xml
        .rfind(r#"<w:pStyle w:val="NbSignDate" />"#)
        .expect("date");
    assert!(organ < date);
    assert!(xml[date..].contains("2022年1月20日"));
    assert!(!xml[date..].contains("<w:tbl>"));
    assert_eq!(doc.meta.author, "某某市某某局");
}

#[test]
fn docx_rs_reads_the_output_back() {
    let (doc, bytes) = build(&fixture_report());
    let read = docx_rs::read_docx(&bytes).expect("docx-rs parses the package");
    // Every paragraph and table of the layout comes back, in order, with its text.
    let mut paras = Vec::new();
    let mut tables = 0;
    for child in &read.document.children {
        match child {
            // The title's line breaks come back as `\n`; the layout holds them as separate runs.
            docx_rs::DocumentChild::Paragraph(p) => paras.push(p.raw_text().replace('\n', "")),
            docx_rs::DocumentChild::Table(_) => tables += 1,
            _ => {}
        }
    }
    let expected: Vec<String> = doc
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Para(p) => Some(p.text()),
            Item::Blank => Some(String::new()),
            Item::Table(_) => None,
        })
        .collect();
    assert_eq!(paras, expected);
    let layout_tables = doc
        .items
        .iter()
        .filter(|i| matches!(i, Item::Table(_)))
        .count();
    assert_eq!(tables, layout_tables);
    assert!(tables >= 3, "表二、表三、表四");
}
