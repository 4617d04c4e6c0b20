//! Who and when: organ and date from the signature block, a title without a year, the
//! contact line; each with a note saying where it came from.

use nianbao::import::{ImportOptions, Imported, import_bytes};
use nianbao::model::Date;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/legacy");

fn seed() -> String {
    std::fs::read_to_string(format!("{DIR}/zhangdian-minzheng-2020.txt")).unwrap()
}

fn import(text: &str) -> Imported {
    import_bytes(
        text.as_bytes(),
        Some("r.txt"),
        &ImportOptions { partial: true },
    )
    .unwrap()
}

fn noted(i: &Imported, words: &str) -> bool {
    i.notes.iter().any(|n| n.message.contains(words))
}

#[test]
fn signature_run_into_its_date_is_the_written_date() {
    // 03: 「…处理费。 平潭综合实验区金井片区管理局2021年1月26日」.
    let b = std::fs::read(format!("{DIR}/03_pingtan-jinjingpianqu-2020.txt")).unwrap();
    let i = import_bytes(&b, Some("03.txt"), &ImportOptions { partial: true }).unwrap();
    assert_eq!(
        i.report.meta.date,
        Some(Date {
            year: 2021,
            month: 1,
            day: 26
        })
    );
    assert!(noted(&i, "取自落款"));
    // The signature is not left in section 六.
    let last = i.report.sections.last().unwrap();
    let text = format!("{:?}", last.blocks);
    assert!(!text.contains("2021年1月26日"), "{text}");
}

#[test]
fn title_without_a_year_takes_the_year_from_the_signature() {
    let t = seed().replacen(
        "张店区民政局2020年政府信息公开工作年度报告",
        "张店区民政局政府信息公开工作年度报告",
        1,
    ) + "\n张店区民政局\n2021年1月28日\n";
    let i = import(&t);
    assert_eq!(i.report.meta.organ, "张店区民政局");
    assert_eq!(i.report.meta.year, 2020);
    assert_eq!(
        i.report.meta.date,
        Some(Date {
            year: 2021,
            month: 1,
            day: 28
        })
    );
    assert!(noted(&i, "标题中没有年度"));
    assert!(noted(&i, "按落款日期"));
    // A statistics period wins over the signature.
    let t = t.replacen(
        "一、总体情况",
        "本报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。\n一、总体情况",
        1,
    );
    let i = import(&t);
    assert_eq!(i.report.meta.year, 2020);
    assert!(noted(&i, "取自统计期限"));
}

#[test]
fn organ_from_the_contact_line() {
    let t = seed()
        .replacen("张店区民政局2020年政府信息公开工作年度报告\n", "", 1)
        .replace(
            "请与张店区民政局法制科联系（地址：新村西路226号政务中心一楼127房间，邮编：255000，电话：0533—2869904）",
            "请联系张店区民政局办公室，联系电话：0533—2869904",
        );
    let i = import(&t);
    assert_eq!(i.report.meta.organ, "张店区民政局");
    assert!(noted(&i, "联系电话或联系地址"));
}

#[test]
fn the_title_is_named_as_the_source() {
    let i = import(&seed());
    assert!(noted(&i, "机关「张店区民政局」和年度 2020 取自标题"));
}
