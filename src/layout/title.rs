//! Breaking the title over lines, once for every writer (GB/T 9704-2012 7.3.1: a long title
//! breaks between words, keeping the lines balanced).
//!
//! Preferred breaks are after the organ, after the year's 年, and before 政府信息公开 or
//! 工作年度报告; inside an organ longer than a line, after its natural joints (区、县、局、
//! 委员会 …); anywhere else only when nothing better fits. Digit runs stay whole and no line starts
//! with closing punctuation. The search is a dynamic programme over break positions with at
//! most one line's width of look-back: linear in the title's length.

use super::metrics::{GBT9704, twips};

/// Cost of breaking at a position that is not a word boundary.
const ANYWHERE: u64 = 400;
/// Cost of breaking after a joint inside the organ's name.
const JOINT: u64 = 40;
/// Cost of one line more than needed: always dominates balance and word costs.
const EXTRA_LINE: u64 = 1 << 40;

/// Suffixes after which an organ's name may break (longest first).
const JOINTS: &[&str] = &[
    "委员会",
    "办公室",
    "管委会",
    "管理局",
    "实验区",
    "开发区",
    "片区",
    "街道",
    "中心",
    "政府",
    "省",
    "市",
    "区",
    "县",
    "州",
    "盟",
    "旗",
    "乡",
    "镇",
    "局",
    "委",
    "办",
    "厅",
    "部",
    "院",
    "所",
    "站",
    "队",
    "处",
    "科",
    "署",
    "会",
    "室",
    "馆",
    "社",
];

/// Width in half-ems at the title size: CJK one em, ASCII half.
fn width(c: char) -> u64 {
    if c.is_ascii() { 1 } else { 2 }
}

/// Half-ems that fit on one title line.
pub fn capacity() -> u64 {
    let em = (GBT9704.title_size_pt * 20.0) as u64;
    u64::from(twips::TEXT_WIDTH) * 2 / em
}

/// The title's lines for a line of `capacity` half-ems; `organ` is the title's leading organ name.
pub fn title_lines(title: &str, organ: &str, capacity: u64) -> Vec<String> {
    let chars: Vec<char> = title.chars().collect();
    let n = chars.len();
    let total: u64 = chars.iter().map(|&c| width(c)).sum();
    if total <= capacity || n < 2 {
        return vec![title.to_owned()];
    }
    let cost = break_costs(&chars, organ);
    // prefix widths
    let mut pre = vec![0u64; n + 1];
    for (i, &c) in chars.iter().enumerate() {
        pre[i + 1] = pre[i] + width(c);
    }
    let lines_needed = min_lines(&pre, &cost, capacity);
    let ideal = total / lines_needed.max(1) as u64;
    // best[i]: cheapest layout of chars[..i] with a break at i.
    let mut best = vec![u64::MAX; n + 1];
    let mut from = vec![0usize; n + 1];
    best[0] = 0;
    for i in 1..=n {
        let Some(break_cost) = (if i == n { Some(0) } else { cost[i] }) else {
            continue;
        };
        let mut j = i;
        while j > 0 {
            j -= 1;
            let w = pre[i] - pre[j];
            if w > capacity {
                break;
            }
            if best[j] == u64::MAX {
                continue;
            }
            let d = w.abs_diff(ideal);
            let c = best[j]
                .saturating_add(EXTRA_LINE)
                .saturating_add(d * d)
                .saturating_add(break_cost);
            if c < best[i] {
                best[i] = c;
                from[i] = j;
            }
        }
    }
    if best[n] == u64::MAX {
        // Nothing fits (a single character wider than a line): one line as it is.
        return vec![title.to_owned()];
    }
    let mut cuts = vec![n];
    let mut i = n;
    while i > 0 {
        i = from[i];
        cuts.push(i);
    }
    cuts.reverse();
    cuts.windows(2)
        .map(|w| chars[w[0]..w[1]].iter().collect())
        .collect()
}

/// The fewest lines any allowed set of breaks gives (greedy longest fit is optimal for this).
fn min_lines(pre: &[u64], cost: &[Option<u64>], capacity: u64) -> usize {
    let n = pre.len() - 1;
    let mut start = 0;
    let mut lines = 0;
    while start < n {
        let mut end = None;
        let mut i = start + 1;
        while i <= n && pre[i] - pre[start] <= capacity {
            if i == n || cost[i].is_some() {
                end = Some(i);
            }
            i += 1;
        }
        let Some(e) = end else {
            return lines + 1;
        };
        start = e;
        lines += 1;
    }
    lines
}

/// For each position i in 1..n: the cost of breaking before chars[i], or `None` if forbidden.
fn break_costs(chars: &[char], organ: &str) -> Vec<Option<u64>> {
    let n = chars.len();
    let organ: Vec<char> = organ.chars().collect();
    let organ_len = if chars.starts_with(&organ) {
        organ.len()
    } else {
        0
    };
    let mut preferred = vec![false; n + 1];
    if organ_len > 0 {
        preferred[organ_len] = true;
    }
    for phrase in ["政府信息公开", "工作年度报告"] {
        let p: Vec<char> = phrase.chars().collect();
        for i in organ_len..n {
            if chars[i..].starts_with(&p) {
                preferred[i] = true;
            }
        }
    }
    // After the year's 年: four digits then 年, after the organ.
    for i in organ_len..n.saturating_sub(4) {
        if chars[i..i + 4].iter().all(char::is_ascii_digit) && chars[i + 4] == '年' {
            preferred[i + 5] = true;
        }
    }
    let mut joint = vec![false; n + 1];
    for end in 1..organ_len {
        if JOINTS.iter().any(|j| {
            let j: Vec<char> = j.chars().collect();
            end >= j.len() && chars[end - j.len()..end] == j[..]
        }) {
            joint[end] = true;
        }
    }
    let mut out = vec![None; n + 1];
    for i in 1..n {
        let (a, b) = (chars[i - 1], chars[i]);
        let inside_run = a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric();
        let closing_next = "，。、；：？！）》”」』".contains(b);
        let opening_before = "（《“「『".contains(a);
        if inside_run || closing_next || opening_before {
            continue;
        }
        out[i] = Some(if preferred[i] {
            0
        } else if joint[i] {
            JOINT
        } else {
            ANYWHERE
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(organ: &str, year: i32) -> Vec<String> {
        let title = format!("{organ}{year}年政府信息公开工作年度报告");
        title_lines(&title, organ, capacity())
    }

    #[test]
    fn a_line_holds_twenty_title_characters() {
        assert_eq!(capacity(), 40);
    }

    #[test]
    fn short_titles_stay_on_one_line() {
        assert_eq!(lines("某局", 2024), ["某局2024年政府信息公开工作年度报告"]);
    }

    #[test]
    fn breaks_between_words_never_inside_the_organ() {
        assert_eq!(
            lines("平潭综合实验区自然资源与生态环境局", 2023),
            [
                "平潭综合实验区自然资源与生态环境局",
                "2023年政府信息公开工作年度报告"
            ]
        );
        assert_eq!(
            lines("张店区民政局", 2020),
            ["张店区民政局2020年", "政府信息公开工作年度报告"]
        );
    }

    #[test]
    fn a_long_organ_breaks_at_its_joints() {
        let organ = "福建省平潭综合实验区管理委员会办公室下属某某事务服务中心";
        let got = lines(organ, 2024);
        assert!(got.len() >= 2);
        let first_break = got[0].chars().count();
        let prefix: String = organ.chars().take(first_break).collect();
        assert!(
            JOINTS.iter().any(|j| prefix.ends_with(j)),
            "{got:?} breaks the organ after「{prefix}」"
        );
        assert_eq!(
            got.concat(),
            format!("{organ}2024年政府信息公开工作年度报告")
        );
    }

    #[test]
    fn every_line_fits_and_nothing_is_lost() {
        for len in [1, 10, 17, 30, 61, 200] {
            let organ = "某".repeat(len);
            let got = lines(&organ, 2024);
            assert_eq!(
                got.concat(),
                format!("{organ}2024年政府信息公开工作年度报告")
            );
            for l in &got {
                assert!(l.chars().map(width).sum::<u64>() <= capacity(), "{l}");
            }
        }
    }
}
