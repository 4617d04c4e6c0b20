//! Shared by the XLSX tests: a consistent report on the 2021 template.

use std::fmt::Write as _;

use nianbao::template::{self, RowRole};

/// A consistent report on the 2021 template: every input cell filled, totals printed and right,
/// money in 万元 with decimals, a negative-free 表二.
pub fn consistent_yaml() -> String {
    let t = template::get(2021).unwrap();
    let mut y = String::from(
        "格式版本: 1\n模板: 2021\n机关: 某某市某某局\n年度: 2021\n日期: 2022-01-20\n正文:\n",
    );
    for s in &t.sections {
        let _ = writeln!(y, "  {}: [无。]", s.title);
    }
    y.push_str("表二:\n  规章: [1, 0, 3]\n  行政规范性文件: [4, 1, 12]\n  行政许可: [25]\n  行政处罚: [7]\n  行政强制: [0]\n  行政事业性收费: [12.35]\n");
    let b = &t.table("表三").unwrap().blocks[0];
    let cols = b.input_columns().len();
    let mut results = vec![0i64; cols];
    let mut rows = String::new();
    let mut seed = 1i64;
    let row_line = |k: &str, v: &[i64]| {
        let total: i64 = v.iter().sum();
        let list: Vec<String> = v.iter().map(i64::to_string).collect();
        format!("  {k}: [{}, {total}]\n", list.join(", "))
    };
    for r in b.keyed_rows() {
        let k = r.key.as_deref().unwrap();
        if r.role() != RowRole::Input || ["本年新收", "上年结转", "结转下年度"].contains(&k)
        {
            continue;
        }
        let v: Vec<i64> = (0..cols as i64).map(|c| (seed + c) % 4).collect();
        seed += 1;
        for (acc, x) in results.iter_mut().zip(&v) {
            *acc += x;
        }
        rows.push_str(&row_line(k, &v));
    }
    let carry_in: Vec<i64> = (0..cols as i64).map(|c| c % 2).collect();
    let carry_out: Vec<i64> = (0..cols as i64).map(|c| (c + 1) % 2).collect();
    let new: Vec<i64> = (0..cols)
        .map(|c| results[c] + carry_out[c] - carry_in[c])
        .collect();
    y.push_str("表三:\n");
    y.push_str(&row_line("本年新收", &new));
    y.push_str(&row_line("上年结转", &carry_in));
    y.push_str(&rows);
    y.push_str(&row_line("总计", &results));
    y.push_str(&row_line("结转下年度", &carry_out));
    y.push_str("表四:\n  行政复议: [1, 2, 0, 1, 4]\n  未经复议直接起诉: [0, 1, 0, 0, 1]\n  复议后起诉: [0, 0, 0, 0, 0]\n");
    y
}
