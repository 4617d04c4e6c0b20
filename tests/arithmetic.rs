//! Property tests: derived totals always satisfy the rules; the YAML writer and loader agree.

use nianbao::amount::Amount;
use nianbao::check;
use nianbao::derive::compute;
use nianbao::diag::Rule;
use nianbao::model::{Cell, Report, TableValues};
use nianbao::source::load_str;
use nianbao::source::write::{WriteOptions, to_yaml};
use nianbao::template;
use proptest::prelude::*;

/// A report whose input cells of every table are the given numbers (cycled).
fn report_with(template_id: u16, numbers: &[u32]) -> Report {
    let t = template::get(template_id).unwrap();
    let mut r = Report::empty(t, "某局", if template_id == 2019 { 2020 } else { 2023 });
    let mut i = 0;
    for table in &t.tables {
        let mut values = TableValues::default();
        for block in &table.blocks {
            for row in block.keyed_rows() {
                if row.role() != template::RowRole::Input {
                    continue;
                }
                for col in block.input_columns() {
                    let n = numbers[i % numbers.len()];
                    i += 1;
                    let cell = Cell {
                        value: Some(Amount::int(i64::from(n))),
                        unit: None,
                        loc: None,
                    };
                    values.set(
                        row.key.as_deref().unwrap(),
                        col.key.as_deref().unwrap(),
                        cell,
                    );
                }
            }
        }
        r.tables.insert(table.id.clone(), values);
    }
    r
}

proptest! {
    #[test]
    fn derived_totals_add_up(numbers in prop::collection::vec(0u32..5000, 1..80), id in prop::sample::select(vec![2019u16, 2021])) {
        let report = report_with(id, &numbers);
        let grids = compute(&report).unwrap();
        let t = report.template();
        let b = &t.table("表三").unwrap().blocks[0];
        let g = &grids["表三"];
        for row in b.keyed_rows() {
            let rk = row.key.as_deref().unwrap();
            // 总计 column = sum of the six applicant columns.
            let sum: i64 = b.input_columns().iter().map(|c| g.get(rk, c.key.as_deref().unwrap()).units).sum();
            prop_assert_eq!(g.get(rk, "总计").units, sum);
        }
        // （七）总计 = sum of every printed result leaf.
        let leaves = ["予以公开", "部分公开", "属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
            "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项", "本机关不掌握相关政府信息",
            "没有现成信息需要另行制作", "补正后申请内容仍不明确", "信访举报投诉类申请", "重复申请", "要求提供公开出版物",
            "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息"];
        let other: &[&str] = if id == 2019 { &["其他处理"] } else { &["申请人无正当理由逾期不补正", "申请人逾期未按收费通知要求缴纳费用", "其他情形"] };
        let total: i64 = leaves.iter().chain(other).map(|k| g.get(k, "总计").units).sum();
        prop_assert_eq!(g.get("总计", "总计").units, total);
        // 表四: each 总计 = the four results.
        let g4 = &grids["表四"];
        for row in ["行政复议", "未经复议直接起诉", "复议后起诉"] {
            let s: i64 = ["结果维持", "结果纠正", "其他结果", "尚未审结"].iter().map(|c| g4.get(row, c).units).sum();
            prop_assert_eq!(g4.get(row, "总计").units, s);
        }
    }

    #[test]
    fn balanced_reports_pass_and_unbalanced_fail(numbers in prop::collection::vec(0u32..100, 1..80), bump in 1i64..50) {
        let mut report = report_with(2021, &numbers);
        let grids = compute(&report).unwrap();
        let g = &grids["表三"];
        // Choose 本年新收 so that 新收 + 结转 = 总计 + 结转下年度 in every column.
        let t3 = report.tables.get_mut("表三").unwrap();
        for col in ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"] {
            let need = g.get("总计", col).units + g.get("结转下年度", col).units - g.get("上年结转", col).units;
            let (new, carry) = if need >= 0 { (need, g.get("上年结转", col).units) } else { (0, g.get("上年结转", col).units - need) };
            t3.set("本年新收", col, Cell { value: Some(Amount::int(new)), unit: None, loc: None });
            t3.set("上年结转", col, Cell { value: Some(Amount::int(carry)), unit: None, loc: None });
        }
        let findings = check::check(&report);
        prop_assert!(!findings.iter().any(|d| d.rule == Rule::Balance), "{:?}", findings);
        // Any change to one side breaks the rule in that column and in 总计.
        let t3 = report.tables.get_mut("表三").unwrap();
        let v = t3.get("本年新收", "科研机构").unwrap().value.unwrap();
        t3.set("本年新收", "科研机构", Cell { value: Some(Amount::int(v.units + bump)), unit: None, loc: None });
        let broken: Vec<_> = check::check(&report).into_iter().filter(|d| d.rule == Rule::Balance).collect();
        prop_assert_eq!(broken.len(), 2);
    }

    #[test]
    fn writer_and_loader_round_trip(numbers in prop::collection::vec(0u32..1_000_000, 1..80), id in prop::sample::select(vec![2019u16, 2021])) {
        let report = report_with(id, &numbers);
        let text = to_yaml(&report, WriteOptions::default());
        let loaded = load_str(&text).unwrap();
        prop_assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let again = loaded.report;
        for (id, table) in &report.tables {
            let other = &again.tables[id];
            for (key, cell) in &table.cells {
                prop_assert_eq!(other.cells.get(key).and_then(|c| c.value), cell.value, "{} {:?}", id, key);
            }
        }
    }

    #[test]
    fn amounts_print_what_they_parse(units in -10_000_000_000i64..10_000_000_000, scale in 0u8..4) {
        let a = Amount { units, scale };
        prop_assert_eq!(Amount::parse(&a.to_string()).unwrap(), a);
    }
}

#[test]
fn examples_round_trip_through_the_writer() {
    for f in [
        "examples/zhangdian-minzheng-2020.yaml",
        "examples/shili-jiaoyuju-2024.yaml",
        "tests/fixtures/zhangdian-minzheng-2020.yaml",
    ] {
        let original = nianbao::source::load_file(std::path::Path::new(f))
            .unwrap()
            .report;
        let text = to_yaml(&original, WriteOptions::default());
        let again = load_str(&text).unwrap().report;
        assert_eq!(again.meta, original.meta, "{f}");
        assert_eq!(again.preamble, original.preamble, "{f}");
        for (a, b) in again.sections.iter().zip(&original.sections) {
            assert_eq!(a.blocks, b.blocks, "{f}");
        }
        for (id, t) in &original.tables {
            let cells: Vec<_> = t
                .cells
                .iter()
                .map(|(k, c)| (k.clone(), c.value, c.unit.clone()))
                .collect();
            let back: Vec<_> = again.tables[id]
                .cells
                .iter()
                .map(|(k, c)| (k.clone(), c.value, c.unit.clone()))
                .collect();
            assert_eq!(back, cells, "{f} {id}");
        }
    }
}
