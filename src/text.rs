//! Text helpers shared by the loader and the importers: label normalisation and numbering.

/// Normalises a label for matching: full-width/ASCII punctuation unified, spaces and
/// leading numbering removed, 钩稽 → 勾稽. `（三）不予公开` and `(三) 不予公开` both give `不予公开`.
pub fn normalize_label(label: &str) -> String {
    let unified: String = label
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{3000}')
        .map(unify_punctuation)
        .collect();
    strip_numbering(&unified).to_owned()
}

/// The matching form of one character: ASCII brackets, comma, colon and semicolon as
/// full-width, `．`/`、` as `.`, curly quotes as `"`, and 钩 (as in 钩稽) as 勾.
pub fn unify_punctuation(c: char) -> char {
    match c {
        '(' => '（',
        ')' => '）',
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '．' | '、' => '.',
        '"' | '\u{201d}' | '\u{201c}' => '"',
        '钩' => '勾',
        c => c,
    }
}

/// A full-width digit (`０`–`９`) as its ASCII digit; any other character unchanged.
pub fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        c => c,
    }
}

/// Removes one leading numbering token: `一、`, `（一）`, `1.`, `1、`, `（1）`, `三三、`.
pub fn strip_numbering(s: &str) -> &str {
    let s = s.trim_start();
    const HAN_DIGITS: &str = "一二三四五六七八九十";
    // （一） or （1）
    if let Some(rest) = s.strip_prefix('（').or_else(|| s.strip_prefix('(')) {
        let inner_end = rest
            .char_indices()
            .find(|(_, c)| *c == '）' || *c == ')')
            .map(|(i, _)| i);
        if let Some(end) = inner_end {
            let inner = &rest[..end];
            if !inner.is_empty()
                && inner.chars().count() <= 3
                && inner
                    .chars()
                    .all(|c| HAN_DIGITS.contains(c) || c.is_ascii_digit())
            {
                let close_len = rest[end..].chars().next().map_or(0, char::len_utf8);
                return rest[end + close_len..].trim_start();
            }
        }
        return s;
    }
    // 一、 / 1. / 1、 / 1．
    let digits_end = s
        .char_indices()
        .find(|(_, c)| !(HAN_DIGITS.contains(*c) || c.is_ascii_digit()))
        .map_or(s.len(), |(i, _)| i);
    if digits_end > 0 && s[..digits_end].chars().count() <= 3 {
        let rest = &s[digits_end..];
        for sep in ['、', '.', '．'] {
            // `2.5万元` is a number, not the numbering `2.`.
            if let Some(r) = rest.strip_prefix(sep)
                && !(sep != '、'
                    && r.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c)))
            {
                return r.trim_start();
            }
        }
    }
    s
}

/// Chinese numeral for 1–99, as used in `（一）` headings.
pub fn han_number(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0 => "〇".into(),
        1..=9 => D[n].into(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[n - 10]),
        20..=99 => format!("{}十{}", D[n / 10], D[n % 10]),
        _ => n.to_string(),
    }
}

/// An operating-system error in Chinese (the kind, then the system's own code for the record).
pub fn io_error_text(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let what = match e.kind() {
        K::NotFound => "文件或目录不存在",
        K::PermissionDenied => "没有权限",
        K::AlreadyExists => "文件已存在",
        K::IsADirectory => "这是一个目录",
        K::NotADirectory => "路径中有一部分不是目录",
        K::StorageFull => "磁盘已满",
        K::ReadOnlyFilesystem => "文件系统只读",
        K::InvalidFilename => "文件名过长或含有不允许的字符",
        K::InvalidData => "内容不是有效的文字",
        K::UnexpectedEof => "文件意外结束",
        K::Interrupted => "操作被中断",
        K::WouldBlock => "文件暂时无法读取（管道或设备）",
        K::CrossesDevices => "不能跨磁盘改名",
        K::DirectoryNotEmpty => "目录不为空",
        K::ResourceBusy => "文件正被占用",
        K::QuotaExceeded => "超出磁盘配额",
        K::FileTooLarge => "文件过大",
        _ => "系统错误",
    };
    match e.raw_os_error() {
        Some(code) => format!("{what}（系统错误码 {code}）"),
        None => what.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_fold_to_ascii_and_nothing_else_changes() {
        let folded: String = "０１２３４５６７８９年９a．"
            .chars()
            .map(ascii_digit)
            .collect();
        assert_eq!(folded, "0123456789年9a．");
    }

    #[test]
    fn strips_every_numbering_style() {
        assert_eq!(strip_numbering("（三）不予公开"), "不予公开");
        assert_eq!(strip_numbering("(3) 不予公开"), "不予公开");
        assert_eq!(strip_numbering("一、本年新收"), "本年新收");
        assert_eq!(strip_numbering("1．属于国家秘密"), "属于国家秘密");
        assert_eq!(strip_numbering("2.重复申请"), "重复申请");
        assert_eq!(strip_numbering("（本列数据）"), "（本列数据）");
        assert_eq!(strip_numbering("2020年"), "2020年");
    }

    #[test]
    fn normalises_punctuation() {
        assert_eq!(
            normalize_label("（二）部分公开(区分处理的,只计这一情形，不计其他情形)"),
            "部分公开（区分处理的，只计这一情形，不计其他情形）"
        );
        assert_eq!(
            normalize_label("3．危及“三安全一稳定”"),
            "危及\"三安全一稳定\""
        );
    }

    #[test]
    fn han_numbers() {
        assert_eq!(han_number(1), "一");
        assert_eq!(han_number(10), "十");
        assert_eq!(han_number(12), "十二");
        assert_eq!(han_number(21), "二十一");
    }
}
