//! The outline of a report: title (organ and year), the six section headings, the signature
//! block (signer and date), where the body ends, and page chrome (breadcrumbs, 当前位置,
//! 附件下载, crawler headers) to leave out.

use super::Note;
use super::doc::{CELL, EMPTY, Hit, Index, fold_str, is_space};
use crate::model::Date;
use crate::template::Template;
use crate::text::han_number;

/// The words report titles end with (the official one first).
pub(super) const TITLE_TAILS: [&str; 3] = [
    "政府信息公开工作年度报告",
    "政府信息公开年度报告",
    "政务公开工作年度报告",
];

/// The earliest title ending at or after skeleton index `at`.
pub(super) fn find_title(ix: &Index, at: usize) -> Option<Hit> {
    TITLE_TAILS
        .iter()
        .filter_map(|t| ix.find(t, at))
        .min_by_key(|h| h.s0)
}

/// Words that mark page chrome after the body.
pub(super) const TAIL_CHROME: [&str; 9] = [
    "附件下载",
    "相关附件",
    "附件：",
    "打印本页",
    "关闭窗口",
    "【打印】",
    "【关闭】",
    "分享到",
    "扫一扫",
];

/// What was found outside the tables.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// 机关 from the title (or signature/text).
    pub organ: String,
    /// Report year.
    pub year: i32,
    /// Title occurrence that starts the body.
    pub title: Option<Hit>,
    /// Heading of each template section, when found.
    pub sections: Vec<Option<Hit>>,
    /// Skeleton index where the body ends (signature or chrome).
    pub body_end_skel: Option<usize>,
    /// Byte offset where the body ends.
    pub body_end: usize,
    /// Signing organ, when printed and different from the organ.
    pub signer: Option<String>,
    /// Date under the signature.
    pub date: Option<Date>,
}

/// Organ and year from one title string (`张店区民政局2020年政府信息公开工作年度报告`).
pub(super) fn parse_title(s: &str) -> Option<(String, i32)> {
    let folded: String = s
        .chars()
        .map(|c| {
            if is_space(c) {
                c
            } else {
                super::doc::fold(c).unwrap_or(c)
            }
        })
        .collect();
    let s = folded.as_str();
    let pos = TITLE_TAILS.iter().filter_map(|t| s.find(t)).min()?;
    let head = s[..pos].trim_end_matches(is_space);
    let head = head.strip_suffix("关于").unwrap_or(head);
    let head = head.strip_suffix('度').unwrap_or(head);
    let Some(head) = head.strip_suffix('年') else {
        return year_first(head);
    };
    let year_start = head.char_indices().rev().take(4).last()?.0;
    let year: i32 = head[year_start..].parse().ok()?;
    if !crate::model::YEARS.contains(&year) {
        return None;
    }
    let organ_part = head[..year_start].trim_end_matches(is_space);
    let organ: String = organ_part
        .rsplit(|c: char| {
            is_space(c)
                || matches!(
                    c,
                    CELL | EMPTY | '：' | ':' | '>' | '|' | '】' | '」' | '》' | '\n'
                )
        })
        .next()
        .unwrap_or_default()
        .chars()
        .rev()
        .take(40)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if organ.contains(['《', '》', '，', '。', '、', '“', '”']) {
        return None;
    }
    let organ = organ.trim();
    let organ = organ.strip_suffix("关于").unwrap_or(organ);
    Some((organ.to_owned(), year))
}

/// `2023年度XX局政府信息公开工作年度报告`: the year before the organ.
pub(super) fn year_first(head: &str) -> Option<(String, i32)> {
    let chars: Vec<char> = head.chars().collect();
    let tail_start = chars.len().saturating_sub(46);
    for i in (tail_start..chars.len().saturating_sub(5)).rev() {
        if chars[i..i + 4].iter().all(char::is_ascii_digit)
            && chars[i + 4] == '年'
            && (i == 0 || !chars[i - 1].is_ascii_digit())
        {
            let year: i32 = chars[i..i + 4].iter().collect::<String>().parse().ok()?;
            let mut j = i + 5;
            if chars.get(j) == Some(&'度') {
                j += 1;
            }
            let organ: String = chars[j..].iter().collect();
            let organ = organ.trim_matches(is_space);
            let n = organ.chars().count();
            if (2..=40).contains(&n)
                && crate::model::YEARS.contains(&year)
                && !organ.contains(['《', '》', '，', '。', '“', '”', '：', ' '])
            {
                return Some((organ.to_owned(), year));
            }
            return None;
        }
    }
    None
}

/// A plausible report year from the text: the statistics period, else the most common year.
pub fn guess_year(ix: &Index) -> Option<i32> {
    if let Some(h) = &ix.title_hint
        && let Some((_, y)) = parse_title(h)
    {
        return Some(y);
    }
    let mut at = 0;
    while let Some(h) = find_title(ix, at) {
        let from = ix.skel_at(h.b0.saturating_sub(200));
        let s: String = ix.skel_str(from, h.s1);
        if let Some((_, y)) = parse_title(&s) {
            return Some(y);
        }
        at = h.s1;
    }
    let mut counts: std::collections::BTreeMap<i32, usize> = Default::default();
    let chars: Vec<char> = ix.skel.iter().map(|x| x.0).collect();
    for w in chars.windows(5) {
        if w[4] == '年' && w[..4].iter().all(char::is_ascii_digit) {
            let y: String = w[..4].iter().collect();
            if let Ok(y) = y.parse::<i32>()
                && crate::model::YEARS.contains(&y)
            {
                *counts.entry(y).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(y, n)| (*n, *y))
        .map(|(y, _)| y)
}

/// Does the text have at least three of the six section titles?
pub fn has_sections(ix: &Index, template: Option<&Template>) -> bool {
    let Some(t) = template else { return false };
    find_sections(ix, t, 0).iter().flatten().count() >= 3
}

/// Share of the characters of `a` that `b` also has (each used once).
pub(super) fn recall(a: &[char], b: &[char]) -> f64 {
    let mut pool: Vec<char> = b.to_vec();
    let mut common = 0;
    for c in a {
        if let Some(i) = pool.iter().position(|p| p == c) {
            pool.swap_remove(i);
            common += 1;
        }
    }
    common as f64 / a.len().max(1) as f64
}

/// Finds the six section headings in order, tolerating missing `、`, typos and variants.
pub(super) fn find_sections(ix: &Index, template: &Template, from: usize) -> Vec<Option<Hit>> {
    let mut out = Vec::new();
    let mut cursor = from;
    let row_starts: Vec<Vec<char>> = template
        .tables
        .iter()
        .flat_map(|t| t.blocks.iter())
        .flat_map(|b| b.all_rows())
        .map(|r| fold_str(&crate::text::normalize_label(&r.label)))
        .collect();
    for (i, sec) in template.sections.iter().enumerate() {
        let num: Vec<char> = han_number(i + 1).chars().collect();
        let body = fold_str(&sec.key);
        let full = fold_str(&sec.title);
        let mut hit = ix.find_chars(&full, cursor, ix.skel.len());
        if hit.is_none() {
            let mut p: Vec<char> = num.clone();
            p.extend(&body);
            hit = ix.find_chars(&p, cursor, ix.skel.len());
        }
        if hit.is_none() {
            // The numeral, a separator, then a heading that shares most characters.
            let mut j = cursor;
            while let Some(h) = ix.find_chars(&num, j, ix.skel.len()) {
                j = h.s1;
                let prev = h.s0.checked_sub(1).map(|k| ix.skel[k].0);
                if matches!(prev, Some('（' | '(')) || prev.is_some_and(|c| num.contains(&c)) {
                    continue;
                }
                let q = h.s1;
                if ix.skel.get(q).map(|x| x.0) != Some('.') {
                    continue;
                }
                // Share of the heading's characters found in the window, a little less for
                // each extra character (variants add words: 政府信息公开工作存在的主要问题…).
                let mut best: Option<(f64, f64, usize)> = None;
                for len in body.len().saturating_sub(1)..=body.len() + 8 {
                    let end = (q + 1 + len).min(ix.skel.len());
                    let window: Vec<char> = ix.skel[q + 1..end].iter().map(|x| x.0).collect();
                    let recall = recall(&body, &window);
                    let score = recall - 0.01 * len.saturating_sub(body.len()) as f64;
                    if best.is_none_or(|(b, _, _)| score > b) {
                        best = Some((score, recall, end));
                    }
                }
                let best = best.map(|(_, r, e)| (r, e));
                // A table row label (二、上年结转…) is not a section heading.
                let is_row_label = row_starts.iter().any(|r| {
                    r.len() >= 4
                        && ix.skel.len() >= q + 1 + 4
                        && ix.skel[q + 1..q + 5]
                            .iter()
                            .map(|x| x.0)
                            .eq(r[..4].iter().copied())
                });
                if let Some((score, end)) = best
                    && score >= 0.75
                    && !is_row_label
                {
                    hit = Some(extend_to_line_end(ix, ix.hit(h.s0, end)));
                    break;
                }
            }
        }
        if let Some(h) = hit {
            let h = extend_to_line_end(ix, h);
            cursor = h.s1;
            out.push(Some(h));
        } else {
            out.push(None);
        }
    }
    out
}

/// A heading followed by a short remark on the same line (`（有关情况附表）`) takes it in.
pub(super) fn extend_to_line_end(ix: &Index, h: Hit) -> Hit {
    let Some(li) = ix.line_of(h.b1.saturating_sub(1)) else {
        return h;
    };
    let line_end = ix.lines[li].1;
    if line_end <= h.b1 || ix.lines[li].2 {
        return h;
    }
    let rest = &ix.text[h.b1..line_end];
    let n = rest.chars().filter(|c| !is_space(*c)).count();
    if n > 0 && n <= 10 && !rest.contains('。') && !rest.chars().any(|c| c.is_ascii_digit()) {
        let s1 = ix.skel_at(line_end);
        return ix.hit(h.s0, s1);
    }
    h
}

/// Finds title, sections, signature and the end of the body.
pub fn read(ix: &Index, template: &Template, notes: &mut Vec<Note>) -> Found {
    let first_pass = find_sections(ix, template, 0);
    let sec1 = first_pass.iter().flatten().next().map(|h| h.s0);
    // Title: the last title before the first section heading (portal chrome repeats it).
    let mut titles = Vec::new();
    let mut at = 0;
    while let Some(h) = find_title(ix, at) {
        if sec1.is_some_and(|s| h.s0 > s) {
            break;
        }
        titles.push(h);
        at = h.s1;
    }
    let mut found = Found::default();
    for h in titles.iter().rev() {
        let next = ix.text[h.b1..].chars().next();
        if !next.is_none_or(|c| {
            is_space(c) || matches!(c, '\n' | CELL | EMPTY | '根' | '（' | '(' | '-' | '_' | '—')
        }) {
            continue;
        }
        let line_start = ix
            .line_of(h.b0)
            .map_or(0, |l| ix.lines[l].0)
            .max(h.b0.saturating_sub(160));
        let s = &ix.text[floor_char(&ix.text, line_start)..h.b1];
        let (parsed, how) = match parse_title(s) {
            Some((o, y)) if !o.is_empty() => (Some((o, y)), "标题"),
            one_line => match two_line_title(ix, h.b0, s) {
                Some(t) => (Some(t), "分两行的标题"),
                None => (one_line, "标题"),
            },
        };
        if let Some((organ, year)) = parsed {
            if !organ.is_empty() {
                notes.push(crate::import::info(format!(
                    "机关「{organ}」和年度 {year} 取自{how}"
                )));
            }
            found.organ = organ;
            found.year = year;
            found.title = Some(*h);
            break;
        }
    }
    if found.title.is_none()
        && let Some((o, y)) = ix.title_hint.as_deref().and_then(parse_title)
    {
        found.organ = o;
        found.year = y;
        notes.push(crate::import::info(
            "正文中没有标题，机关和年度取自页面标题",
        ));
    }
    // A title without a year (`XX局政府信息公开工作年度报告`): the organ from it, the year
    // from the statistics period, the signature date or the text (below).
    if found.title.is_none() && found.organ.is_empty() {
        for h in titles.iter().rev() {
            let line_start = ix
                .line_of(h.b0)
                .map_or(0, |l| ix.lines[l].0)
                .max(h.b0.saturating_sub(160));
            let s = &ix.text[floor_char(&ix.text, line_start)..h.b1];
            if let Some(o) = organ_without_year(s) {
                notes.push(crate::import::info(format!(
                    "标题中没有年度；机关「{o}」取自标题"
                )));
                found.organ = o;
                found.title = Some(*h);
                break;
            }
        }
    }
    let from = found.title.map_or(0, |h| h.s1);
    found.sections = find_sections(ix, template, from);
    if let Some(t) = found.title
        && t.b0 > 0
    {
        let before: String = ix.text[..t.b0]
            .chars()
            .filter(|c| !is_space(*c) && *c != CELL && *c != EMPTY)
            .collect();
        // The organ and year printed in front of 「…工作年度报告」 are the title, not chrome.
        let organ = found.organ.as_str();
        let year = if found.year > 0 {
            found.year.to_string()
        } else {
            String::new()
        };
        let mut kept = before.as_str();
        for part in [format!("{year}年度"), format!("{year}年"), organ.to_owned()] {
            if !part.is_empty() && !part.starts_with('年') {
                kept = kept.strip_suffix(part.as_str()).unwrap_or(kept);
            }
        }
        let dropped = kept.chars().count();
        if dropped > 0 {
            notes.push(crate::import::info(format!(
                "已去除标题前的页面内容（导航、当前位置等，{dropped} 字）"
            )));
        }
    }
    // The end: signature date after the last section, else page chrome.
    let last_sec = found.sections.iter().flatten().next_back().copied();
    let tail_from = last_sec.map_or(from, |h| h.s1);
    let tail_b = ix.skel.get(tail_from).map_or(ix.text.len(), |x| x.1);
    found.body_end = ix.text.len();
    if let Some((sig_start, date_start, date_end, date)) = signature(ix, tail_b) {
        found.date = Some(date);
        notes.push(crate::import::info(format!(
            "成文日期 {}年{}月{}日 取自落款",
            date.year, date.month, date.day
        )));
        let mut sig_start = sig_start;
        let mut signer = ix.text[sig_start..date_start]
            .trim_matches(|c: char| is_space(c) || c == CELL || c == EMPTY);
        // Body text run into the signer (`无平潭综合实验区行政审批局`): keep the prefix as body.
        if !found.organ.is_empty()
            && signer.len() > found.organ.len()
            && let Some(prefix) = signer.strip_suffix(found.organ.as_str())
        {
            sig_start += ix.text[sig_start..].find(signer).unwrap_or(0) + prefix.len();
            signer = &ix.text[sig_start..sig_start + found.organ.len()];
        }
        if !signer.is_empty() && signer != found.organ {
            found.signer = Some(signer.to_owned());
        }
        if found.organ.is_empty() && !signer.is_empty() {
            found.organ = signer.to_owned();
            notes.push(crate::import::warning("没有找到标题，机关名称取自落款"));
        }
        found.body_end = sig_start;
        let after = ix.text[date_end..]
            .chars()
            .filter(|c| !is_space(*c) && *c != CELL && *c != EMPTY)
            .count();
        if after > 0 {
            notes.push(crate::import::info(format!(
                "已去除落款后的页面内容（{after} 字）"
            )));
        }
    } else if let Some(cut) = TAIL_CHROME
        .iter()
        .filter_map(|w| ix.text[tail_b..].find(w).map(|p| p + tail_b))
        .min()
    {
        found.body_end = cut;
        notes.push(crate::import::info("已去除正文后的页面内容（附件下载等）"));
    }
    if found.organ.is_empty()
        && let Some(o) = organ_from_compiler(&ix.text)
    {
        notes.push(crate::import::warning(format!(
            "没有找到标题中的机关，机关名称取自「由{o}编制」，请核对"
        )));
        found.organ = o;
    }
    if found.organ.is_empty()
        && let Some(o) = organ_from_contact_line(&ix.text)
    {
        notes.push(crate::import::warning(format!(
            "没有找到标题和落款，机关名称取自联系电话或联系地址一行「{o}」，请核对"
        )));
        found.organ = o;
    }
    if found.organ.is_empty()
        && let Some(o) = organ_from_contact(&ix.text)
    {
        notes.push(crate::import::warning(format!(
            "没有找到标题和落款，机关名称取自联系方式「{o}」，请核对"
        )));
        found.organ = o;
    }
    if found.year == 0
        && let Some(y) = period_year(&ix.text)
    {
        found.year = y;
        notes.push(crate::import::info(format!(
            "年度 {y} 取自统计期限（「统计期限自{y}年1月1日起至{y}年12月31日止」）"
        )));
    }
    if found.year == 0
        && let Some(d) = found.date
    {
        // Reports are signed early in the following year.
        let y = if d.month <= 6 { d.year - 1 } else { d.year };
        if crate::model::YEARS.contains(&y) {
            found.year = y;
            notes.push(crate::import::warning(format!(
                "没有找到标题中的年度，按落款日期 {}年{}月{}日 推断为 {y} 年度，请核对",
                d.year, d.month, d.day
            )));
        }
    }
    if found.year == 0
        && let Some(y) = guess_year(ix)
    {
        found.year = y;
        notes.push(crate::import::warning(format!(
            "没有找到标题中的年度，按正文推断为 {y} 年度"
        )));
    }
    found.body_end_skel = Some(ix.skel_at(found.body_end));
    let missing: Vec<&str> = template
        .sections
        .iter()
        .zip(&found.sections)
        .filter(|(_, h)| h.is_none())
        .map(|(s, _)| s.title.as_str())
        .collect();
    if !missing.is_empty() && missing.len() < template.sections.len() {
        notes.push(crate::import::warning(format!(
            "没有找到这些部分的标题：{}",
            missing.join("、")
        )));
    }
    found
}

/// A title printed on two lines (`XX局` / `2023年政府信息公开工作年度报告`, or `2023年` /
/// `XX局政府信息公开工作年度报告`): the short line before the title's line joined to it.
fn two_line_title(ix: &Index, b: usize, title_line: &str) -> Option<(String, i32)> {
    let li = ix.line_of(b)?;
    let (start, end, row) = *ix.lines.get(li.checked_sub(1)?)?;
    let prev = ix.text[start..end].trim_matches(|c: char| is_space(c) || c == EMPTY);
    if row || prev.is_empty() || prev.chars().count() > 40 || prev.contains(['。', '，', CELL]) {
        return None;
    }
    let (o, y) = parse_title(&format!(
        "{prev}{}",
        title_line.trim_start_matches(is_space)
    ))?;
    (!o.is_empty()).then_some((o, y))
}

/// The organ of a title without a year: the name right before the title's tail.
fn organ_without_year(s: &str) -> Option<String> {
    let pos = TITLE_TAILS.iter().filter_map(|t| s.find(t)).min()?;
    let head = s[..pos].trim_end_matches(is_space);
    let head = head.strip_suffix("关于").unwrap_or(head);
    let organ = head
        .rsplit(|c: char| {
            is_space(c)
                || matches!(
                    c,
                    CELL | EMPTY | '：' | ':' | '>' | '|' | '】' | '」' | '》' | '\n' | '。' | '，'
                )
        })
        .next()?
        .trim();
    let n = organ.chars().count();
    ((2..=40).contains(&n)
        && organ
            .chars()
            .next_back()
            .is_some_and(|c| ORGAN_ENDS.contains(c))
        && !organ.chars().any(|c| c.is_ascii_digit())
        && !organ.contains(['《', '》', '、', '“', '”']))
    .then(|| organ.to_owned())
}

/// `统计期限自2023年1月1日起至2023年12月31日止` (and similar): the year of the statistics.
fn period_year(text: &str) -> Option<i32> {
    for key in ["统计期限", "统计期间", "统计时限", "数据统计期"] {
        let Some(i) = text.find(key) else { continue };
        let rest: String = text[i..].chars().take(40).collect();
        let digits: Vec<char> = rest.chars().collect();
        for w in digits.windows(5) {
            if w[4] == '年' && w[..4].iter().all(char::is_ascii_digit) {
                let y: i32 = w[..4].iter().collect::<String>().parse().ok()?;
                return crate::model::YEARS.contains(&y).then_some(y);
            }
        }
    }
    None
}

/// A contact line naming the organ: `XX局办公室，联系电话：…`, `联系地址：…`, `联系单位：XX局`.
pub(super) fn organ_from_contact_line(text: &str) -> Option<String> {
    let clean = |o: &str| -> Option<String> {
        let o = o.trim_matches(|c: char| is_space(c) || matches!(c, '：' | ':' | '（' | '('));
        let o = o
            .strip_prefix("请联系")
            .or_else(|| o.strip_prefix("联系"))
            .unwrap_or(o)
            .trim_start_matches(['：', ':']);
        // An office of the organ stands for the organ.
        let o = ["办公室", "综合科", "政务公开科", "办公室政务公开科"]
            .iter()
            .find_map(|t| o.strip_suffix(t))
            .filter(|r| {
                r.chars()
                    .next_back()
                    .is_some_and(|c| ORGAN_ENDS.contains(c))
            })
            .unwrap_or(o);
        let n = o.chars().count();
        ((3..=40).contains(&n)
            && o.chars()
                .next_back()
                .is_some_and(|c| ORGAN_ENDS.contains(c))
            && !o.chars().any(|c| c.is_ascii_digit())
            && !o.contains(['《', '》', '，', '。', '；', '、']))
        .then(|| o.to_owned())
    };
    if let Some(i) = text.find("联系单位") {
        let rest = &text[i + "联系单位".len()..];
        let end = rest
            .find(['，', '。', '；', ',', '\n', '）', ')'])
            .unwrap_or(rest.len().min(120));
        if let Some(o) = clean(&rest[..floor_char(rest, end)]) {
            return Some(o);
        }
    }
    for key in ["联系电话", "联系地址"] {
        for (i, _) in text.match_indices(key) {
            let before = &text[floor_char(text, i.saturating_sub(150))..i];
            let before =
                before.trim_end_matches(|c: char| is_space(c) || matches!(c, '，' | ',' | '；'));
            let seg_start = before
                .rfind(['。', '，', '；', '（', '(', '\n', '：', ':'])
                .map_or(0, |p| {
                    p + before[p..].chars().next().map_or(1, char::len_utf8)
                });
            if let Some(o) = clean(&before[seg_start..]) {
                return Some(o);
            }
        }
    }
    None
}

/// `本报告由XX编制`: the organ that compiled the report.
fn organ_from_compiler(text: &str) -> Option<String> {
    for (i, _) in text.match_indices("编制") {
        let before = &text[floor_char(text, i.saturating_sub(120))..i];
        let Some(p) = before.rfind('由') else {
            continue;
        };
        let o = before[p + '由'.len_utf8()..]
            .trim_end_matches("负责")
            .trim_matches(is_space);
        let n = o.chars().count();
        if (2..=40).contains(&n) && !o.contains(['，', '。', '、', '《', '》', '\n', CELL]) {
            return Some(o.to_owned());
        }
    }
    None
}

/// `请与XX联系` in the preamble names the organ (or one of its offices).
pub(super) fn organ_from_contact(text: &str) -> Option<String> {
    let i = text.find("请与")? + "请与".len();
    let rest = &text[i..];
    let j = rest.find("联系")?;
    let o = rest[..j].trim_matches(is_space);
    (!o.is_empty() && o.chars().count() <= 40 && !o.contains(['，', '。'])).then(|| o.to_owned())
}

pub(super) fn floor_char(s: &str, mut b: usize) -> usize {
    while b > 0 && !s.is_char_boundary(b) {
        b -= 1;
    }
    b
}

/// Last characters of an organ name (局、委、办公室、人民政府、管理委员会、中心 …).
pub(super) const ORGAN_ENDS: &str = "局委办室府院会心队所馆站处厅部署";

/// The signature block after `from`: (start of signer, start of date, end of date, date).
pub(super) fn signature(ix: &Index, from: usize) -> Option<(usize, usize, usize, Date)> {
    let text = &ix.text[from..];
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i + 8 <= chars.len() {
        if chars[i..i + 4].iter().all(|(_, c)| c.is_ascii_digit())
            && (i == 0 || !chars[i - 1].1.is_ascii_digit())
        {
            // YYYY年M月D日
            let mut j = i;
            let mut parts = Vec::new();
            let mut ok = true;
            for sep in ['年', '月', '日'] {
                let start = j;
                while j < chars.len() && chars[j].1.is_ascii_digit() {
                    j += 1;
                }
                if j == start || j >= chars.len() || chars[j].1 != sep {
                    ok = false;
                    break;
                }
                let s: String = chars[start..j].iter().map(|x| x.1).collect();
                parts.push(s);
                j += 1;
            }
            let prev = if i == 0 { None } else { Some(chars[i - 1].1) };
            let next = chars.get(j).map(|x| x.1);
            let ends = next.is_none_or(|c| is_space(c) || matches!(c, '\n' | CELL | EMPTY));
            // `…管理局2021年1月26日` at the end: the signer run into its date.
            let standalone = (prev.is_none_or(|c| is_space(c) || matches!(c, '\n' | CELL | EMPTY))
                && (ends || next == Some('。')))
                || (prev.is_some_and(|c| ORGAN_ENDS.contains(c)) && ends);
            if ok && standalone {
                let y: String = chars[i..i + 4].iter().map(|x| x.1).collect();
                if let Some(d) = Date::parse(&format!("{y}年{}月{}日", parts[1], parts[2])) {
                    let date_start = from + chars[i].0;
                    let date_end = from + chars.get(j).map_or(text.len(), |x| x.0);
                    // The signer runs back to the end of the last sentence.
                    // The signer: the last run of text before the date, up to a space or a
                    // sentence end.
                    let before = ix.text[from..date_start].trim_end_matches(|c: char| {
                        is_space(c) || matches!(c, '\n' | CELL | EMPTY)
                    });
                    let seg_start = before
                        .char_indices()
                        .rev()
                        .find(|(_, c)| {
                            is_space(*c)
                                || matches!(*c, '\n' | CELL | EMPTY | '。' | '！' | '；' | '：')
                        })
                        .map_or(0, |(i, c)| i + c.len_utf8());
                    let seg = &before[seg_start..];
                    let sig_start = if seg.chars().count() > 40 {
                        date_start
                    } else {
                        from + seg_start
                    };
                    return Some((sig_start, date_start, date_end, d));
                }
            }
        }
        i += 1;
    }
    None
}

/// Portal chrome lines in the preamble: breadcrumbs, source/time lines, short link lists.
pub(super) fn is_chrome(p: &str) -> bool {
    let n = p.chars().count();
    p.contains("当前位置")
        || p.contains("====")
        || (n < 60
            && !p.contains('。')
            && (p.contains('：') || p.contains(':') || p.contains("http")))
        || (n < 20 && !p.contains('。'))
}

/// Cuts portal chrome (来源/时间/相关链接 …) run together before the first sentence.
pub(super) fn strip_inline_chrome(p: &mut String) {
    const WORDS: [&str; 9] = [
        "来源",
        "时间",
        "链接",
        "微信",
        "当前位置",
        "字号",
        "打印",
        "分享",
        "浏览",
    ];
    let start = ["根据", "依据", "按照", "本报告", "为"]
        .iter()
        .filter_map(|w| p.find(w))
        .min();
    if let Some(s) = start
        && s > 0
        && WORDS.iter().any(|w| p[..s].contains(w))
    {
        *p = p[s..].to_owned();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::doc::{Doc, Line};

    #[test]
    fn titles_and_sections() {
        assert_eq!(
            parse_title("首页 张店区民政局2020年政府信息公开工作年度报告"),
            Some(("张店区民政局".into(), 2020))
        );
        assert_eq!(
            parse_title("平潭综合实验区财政金融局2019年度政府信息公开工作年度报告"),
            Some(("平潭综合实验区财政金融局".into(), 2019))
        );
        assert_eq!(
            parse_title("2023年度青岛市市南区财政局政府信息公开工作年度报告"),
            Some(("青岛市市南区财政局".into(), 2023))
        );
        assert_eq!(
            parse_title("某某县人民政府关于2022年政府信息公开年度报告"),
            Some(("某某县人民政府".into(), 2022))
        );
        let t = crate::template::get(2021).unwrap();
        let doc = Doc {
            lines: vec![
                Line::Para("一、总体情况".into()),
                Line::Para("二、上年结转政府信息公开申请数量".into()),
                Line::Para("二、主动公开政府信息情况".into()),
                Line::Para("三、收到和处理政府信息公开申请情况".into()),
                Line::Para("四、因政府信息公开申请提起行政复议、行政诉讼的情况".into()),
                Line::Para("五、政府信息公开工作存在的主要问题及改进情况".into()),
                Line::Para("六、需要说明的其他事项与附表".into()),
            ],
            title_hint: None,
            origin: Vec::new(),
        };
        let ix = Index::new(&doc);
        let found = find_sections(&ix, t, 0);
        assert!(found.iter().all(Option::is_some), "{found:?}");
        assert!(found[1].unwrap().b0 > ix.lines[2].0 - 1);
        assert_eq!(
            organ_from_compiler("本报告由某某县财政局办公室编制，全文包括"),
            Some("某某县财政局办公室".into())
        );
        assert_eq!(organ_from_compiler("由于工作需要，编制了目录"), None);
    }

    #[test]
    fn titles_on_two_lines() {
        for lines in [
            ["某某县民政局", "2023年政府信息公开工作年度报告"],
            ["2023年", "某某县民政局政府信息公开工作年度报告"],
        ] {
            let mut body: Vec<Line> = lines.iter().map(|l| Line::Para((*l).into())).collect();
            body.push(Line::Para("一、总体情况".into()));
            let doc = Doc {
                lines: body,
                title_hint: None,
                origin: Vec::new(),
            };
            let ix = Index::new(&doc);
            let t = crate::template::get(2021).unwrap();
            let found = read(&ix, t, &mut Vec::new());
            assert_eq!(
                (found.organ.as_str(), found.year),
                ("某某县民政局", 2023),
                "{lines:?}"
            );
        }
    }
}
