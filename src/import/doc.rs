//! The neutral intermediate every reader produces, and a searchable index over it.
//!
//! A [`Doc`] is a list of lines: paragraphs, table rows (cells in reading order, cells covered
//! by a row or column span left out) and blank lines. [`Index`] flattens it into one string with
//! cell and row separators plus a "skeleton" of normalised characters for label search.

use crate::diag::edit_distance;

/// One line of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    /// A paragraph of running text (may hold a whole flattened report).
    Para(String),
    /// A table row: cell texts, empty string for an empty cell.
    Row(Vec<String>),
    /// A blank line (a row break in portal text).
    Blank,
}

/// A document as lines.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doc {
    /// The lines in reading order.
    pub lines: Vec<Line>,
    /// A title found outside the body (HTML `<title>`), used when the body has none.
    pub title_hint: Option<String>,
    /// Input line (1-based) of each of `lines`, when the reader knows it (portal text);
    /// empty otherwise.
    pub origin: Vec<u32>,
}

/// Separator between cells of a row in [`Index::text`].
pub const CELL: char = '\u{1f}';
/// Marks an empty cell (or an NBSP-only line) in [`Index::text`].
pub const EMPTY: char = '\u{1e}';

/// Spaces of every width used by portals.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{a0}' | '\u{3000}' | '\u{200b}' | '\u{feff}')
}

/// Traditional characters of report labels and their simplified forms (sorted), so that
/// Traditional-Chinese mirrors of a report match the template labels.
const TRADITIONAL: [(char, char); 298] = [
    ('來', '来'),
    ('係', '系'),
    ('倉', '仓'),
    ('個', '个'),
    ('們', '们'),
    ('側', '侧'),
    ('傑', '杰'),
    ('備', '备'),
    ('傳', '传'),
    ('僅', '仅'),
    ('價', '价'),
    ('億', '亿'),
    ('儘', '尽'),
    ('內', '内'),
    ('則', '则'),
    ('剛', '刚'),
    ('創', '创'),
    ('劃', '划'),
    ('動', '动'),
    ('務', '务'),
    ('勞', '劳'),
    ('勢', '势'),
    ('勵', '励'),
    ('區', '区'),
    ('協', '协'),
    ('卻', '却'),
    ('厲', '厉'),
    ('參', '参'),
    ('叢', '丛'),
    ('問', '问'),
    ('啟', '启'),
    ('單', '单'),
    ('嚴', '严'),
    ('國', '国'),
    ('圍', '围'),
    ('園', '园'),
    ('圖', '图'),
    ('團', '团'),
    ('執', '执'),
    ('報', '报'),
    ('場', '场'),
    ('壓', '压'),
    ('壞', '坏'),
    ('學', '学'),
    ('實', '实'),
    ('審', '审'),
    ('寫', '写'),
    ('寬', '宽'),
    ('將', '将'),
    ('專', '专'),
    ('尋', '寻'),
    ('對', '对'),
    ('導', '导'),
    ('屆', '届'),
    ('層', '层'),
    ('屬', '属'),
    ('幫', '帮'),
    ('幹', '干'),
    ('庫', '库'),
    ('廈', '厦'),
    ('廢', '废'),
    ('廣', '广'),
    ('廳', '厅'),
    ('強', '强'),
    ('彙', '汇'),
    ('後', '后'),
    ('徑', '径'),
    ('從', '从'),
    ('復', '复'),
    ('態', '态'),
    ('應', '应'),
    ('戰', '战'),
    ('戶', '户'),
    ('換', '换'),
    ('撥', '拨'),
    ('擇', '择'),
    ('據', '据'),
    ('擴', '扩'),
    ('數', '数'),
    ('斷', '断'),
    ('於', '于'),
    ('時', '时'),
    ('書', '书'),
    ('會', '会'),
    ('東', '东'),
    ('條', '条'),
    ('業', '业'),
    ('極', '极'),
    ('構', '构'),
    ('標', '标'),
    ('機', '机'),
    ('檔', '档'),
    ('權', '权'),
    ('歲', '岁'),
    ('歷', '历'),
    ('歸', '归'),
    ('殘', '残'),
    ('決', '决'),
    ('沒', '没'),
    ('況', '况'),
    ('減', '减'),
    ('測', '测'),
    ('準', '准'),
    ('溝', '沟'),
    ('滿', '满'),
    ('漢', '汉'),
    ('濟', '济'),
    ('濫', '滥'),
    ('為', '为'),
    ('無', '无'),
    ('營', '营'),
    ('獲', '获'),
    ('獻', '献'),
    ('現', '现'),
    ('環', '环'),
    ('產', '产'),
    ('畫', '画'),
    ('當', '当'),
    ('發', '发'),
    ('盡', '尽'),
    ('監', '监'),
    ('盤', '盘'),
    ('確', '确'),
    ('禍', '祸'),
    ('禮', '礼'),
    ('稅', '税'),
    ('種', '种'),
    ('稱', '称'),
    ('積', '积'),
    ('穩', '稳'),
    ('竊', '窃'),
    ('節', '节'),
    ('範', '范'),
    ('築', '筑'),
    ('糾', '纠'),
    ('紀', '纪'),
    ('約', '约'),
    ('紅', '红'),
    ('納', '纳'),
    ('紙', '纸'),
    ('級', '级'),
    ('細', '细'),
    ('紹', '绍'),
    ('終', '终'),
    ('組', '组'),
    ('結', '结'),
    ('絕', '绝'),
    ('統', '统'),
    ('經', '经'),
    ('綜', '综'),
    ('維', '维'),
    ('網', '网'),
    ('線', '线'),
    ('緣', '缘'),
    ('編', '编'),
    ('緩', '缓'),
    ('練', '练'),
    ('縣', '县'),
    ('縮', '缩'),
    ('縱', '纵'),
    ('總', '总'),
    ('績', '绩'),
    ('繳', '缴'),
    ('續', '续'),
    ('罰', '罚'),
    ('義', '义'),
    ('聯', '联'),
    ('職', '职'),
    ('聽', '听'),
    ('與', '与'),
    ('舉', '举'),
    ('舊', '旧'),
    ('華', '华'),
    ('萬', '万'),
    ('葉', '叶'),
    ('藝', '艺'),
    ('藥', '药'),
    ('蘭', '兰'),
    ('處', '处'),
    ('號', '号'),
    ('術', '术'),
    ('衛', '卫'),
    ('衝', '冲'),
    ('補', '补'),
    ('裝', '装'),
    ('複', '复'),
    ('規', '规'),
    ('視', '视'),
    ('親', '亲'),
    ('覽', '览'),
    ('觀', '观'),
    ('訂', '订'),
    ('計', '计'),
    ('訊', '讯'),
    ('託', '托'),
    ('記', '记'),
    ('訟', '讼'),
    ('訪', '访'),
    ('設', '设'),
    ('許', '许'),
    ('訴', '诉'),
    ('評', '评'),
    ('詢', '询'),
    ('試', '试'),
    ('詳', '详'),
    ('認', '认'),
    ('語', '语'),
    ('誤', '误'),
    ('說', '说'),
    ('調', '调'),
    ('談', '谈'),
    ('請', '请'),
    ('論', '论'),
    ('證', '证'),
    ('議', '议'),
    ('護', '护'),
    ('讀', '读'),
    ('變', '变'),
    ('豐', '丰'),
    ('貝', '贝'),
    ('負', '负'),
    ('財', '财'),
    ('責', '责'),
    ('費', '费'),
    ('貿', '贸'),
    ('資', '资'),
    ('質', '质'),
    ('賴', '赖'),
    ('購', '购'),
    ('趨', '趋'),
    ('車', '车'),
    ('軍', '军'),
    ('較', '较'),
    ('載', '载'),
    ('輔', '辅'),
    ('輕', '轻'),
    ('辦', '办'),
    ('農', '农'),
    ('這', '这'),
    ('進', '进'),
    ('違', '违'),
    ('遞', '递'),
    ('遠', '远'),
    ('適', '适'),
    ('選', '选'),
    ('還', '还'),
    ('邊', '边'),
    ('郵', '邮'),
    ('鄉', '乡'),
    ('醫', '医'),
    ('釋', '释'),
    ('針', '针'),
    ('錄', '录'),
    ('錢', '钱'),
    ('錯', '错'),
    ('鍵', '键'),
    ('鎮', '镇'),
    ('鐵', '铁'),
    ('長', '长'),
    ('門', '门'),
    ('開', '开'),
    ('間', '间'),
    ('閱', '阅'),
    ('關', '关'),
    ('陰', '阴'),
    ('陽', '阳'),
    ('隊', '队'),
    ('際', '际'),
    ('隨', '随'),
    ('險', '险'),
    ('雜', '杂'),
    ('離', '离'),
    ('難', '难'),
    ('電', '电'),
    ('響', '响'),
    ('須', '须'),
    ('預', '预'),
    ('領', '领'),
    ('頭', '头'),
    ('頻', '频'),
    ('題', '题'),
    ('額', '额'),
    ('類', '类'),
    ('顯', '显'),
    ('風', '风'),
    ('飛', '飞'),
    ('養', '养'),
    ('館', '馆'),
    ('體', '体'),
    ('鬥', '斗'),
    ('鹽', '盐'),
    ('麥', '麦'),
    ('麼', '么'),
    ('黃', '黄'),
    ('黨', '党'),
    ('齊', '齐'),
    ('齒', '齿'),
    ('齡', '龄'),
];

/// Maps a character to its matching form (ASCII/full-width punctuation unified); `None` drops it.
pub fn fold(c: char) -> Option<char> {
    if is_space(c) || c == CELL || c == EMPTY {
        return None;
    }
    Some(match crate::text::unify_punctuation(c) {
        '＂' => '"',
        '０'..='９' => crate::text::ascii_digit(c),
        c if (c as u32) >= 0x4e00 => TRADITIONAL
            .binary_search_by_key(&c, |(t, _)| *t)
            .map_or(c, |i| TRADITIONAL[i].1),
        c => c,
    })
}

/// Folds a whole label.
pub fn fold_str(s: &str) -> Vec<char> {
    s.chars().filter_map(fold).collect()
}

/// A flattened document with a skeleton for searching labels.
#[derive(Debug, Clone)]
pub struct Index {
    /// The document as one string: cells joined by [`CELL`], lines ended by `\n`.
    pub text: String,
    /// Folded characters with their byte offset in `text` and byte length.
    pub skel: Vec<(char, usize, usize)>,
    /// Byte range of each line in `text`, and whether it is a table row.
    pub lines: Vec<(usize, usize, bool)>,
    /// Title found outside the body.
    pub title_hint: Option<String>,
    /// Input line (1-based) of each line, when known.
    pub origin: Vec<u32>,
}

/// A label found in the document: skeleton range and byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// First skeleton index.
    pub s0: usize,
    /// One past the last skeleton index.
    pub s1: usize,
    /// Byte offset where the match starts in `text`.
    pub b0: usize,
    /// Byte offset just after the match in `text`.
    pub b1: usize,
}

impl Index {
    /// Builds the index.
    pub fn new(doc: &Doc) -> Index {
        let mut text = String::new();
        let mut lines = Vec::new();
        for line in &doc.lines {
            let start = text.len();
            let row = match line {
                Line::Para(p) => {
                    if p.chars().all(is_space) && !p.is_empty() {
                        text.push(EMPTY);
                    } else {
                        text.push_str(p);
                    }
                    false
                }
                Line::Row(cells) => {
                    for (i, c) in cells.iter().enumerate() {
                        if i > 0 {
                            text.push(CELL);
                        }
                        if c.chars().all(is_space) {
                            text.push(EMPTY);
                        } else {
                            text.push_str(c);
                        }
                    }
                    true
                }
                Line::Blank => false,
            };
            lines.push((start, text.len(), row));
            text.push('\n');
        }
        let mut skel = Vec::with_capacity(text.len() / 2);
        for (i, c) in text.char_indices() {
            if let Some(f) = fold(c) {
                skel.push((f, i, c.len_utf8()));
            }
        }
        Index {
            text,
            skel,
            lines,
            title_hint: doc.title_hint.clone(),
            origin: doc.origin.clone(),
        }
    }

    /// Skeleton index of the first folded character at or after byte `b`.
    pub fn skel_at(&self, b: usize) -> usize {
        self.skel.partition_point(|(_, o, _)| *o < b)
    }

    /// The hit covering skeleton range `s0..s1`.
    pub fn hit(&self, s0: usize, s1: usize) -> Hit {
        let b0 = self.skel.get(s0).map_or(self.text.len(), |x| x.1);
        let b1 = if s1 == 0 {
            b0
        } else {
            self.skel.get(s1 - 1).map_or(self.text.len(), |x| x.1 + x.2)
        };
        Hit { s0, s1, b0, b1 }
    }

    /// First exact occurrence of a (folded) label at or after skeleton index `from`.
    pub fn find(&self, label: &str, from: usize) -> Option<Hit> {
        let pat = fold_str(label);
        self.find_chars(&pat, from, self.skel.len())
    }

    /// First exact occurrence of folded `pat` within skeleton `from..to`.
    pub fn find_chars(&self, pat: &[char], from: usize, to: usize) -> Option<Hit> {
        let to = to.min(self.skel.len());
        if pat.is_empty() || from >= to || to - from < pat.len() {
            return None;
        }
        let first = pat[0];
        let mut i = from;
        while i + pat.len() <= to {
            if self.skel[i].0 == first
                && self.skel[i..i + pat.len()]
                    .iter()
                    .zip(pat)
                    .all(|(a, b)| a.0 == *b)
            {
                return Some(self.hit(i, i + pat.len()));
            }
            i += 1;
        }
        None
    }

    /// Best approximate occurrence of `pat` within `from..to`: edit distance at most `max`.
    /// Returns the earliest window with the smallest distance.
    pub fn find_fuzzy(&self, pat: &[char], from: usize, to: usize, max: usize) -> Option<Hit> {
        let to = to.min(self.skel.len());
        let n = pat.len();
        if n == 0 || from >= to {
            return None;
        }
        let pat_s: String = pat.iter().collect();
        let mut best: Option<(usize, Hit)> = None;
        let mut i = from;
        while i < to {
            // Cheap filter: the window must share its first or second character with the label.
            let c = self.skel[i].0;
            if c == pat[0] || (n > 1 && c == pat[1]) {
                for len in n.saturating_sub(max).max(1)..=n + max {
                    if i + len > to {
                        break;
                    }
                    let w: String = self.skel[i..i + len].iter().map(|x| x.0).collect();
                    let d = edit_distance(&w, &pat_s);
                    if d <= max && best.as_ref().is_none_or(|(bd, _)| d < *bd) {
                        best = Some((d, self.hit(i, i + len)));
                    }
                }
                if best.as_ref().is_some_and(|(d, _)| *d == 0) {
                    break;
                }
            }
            i += 1;
        }
        best.map(|(_, h)| h)
    }

    /// Index of the line holding byte offset `b`.
    pub fn line_of(&self, b: usize) -> Option<usize> {
        let i = self.lines.partition_point(|(s, _, _)| *s <= b);
        i.checked_sub(1)
    }

    /// Folded skeleton characters in `s0..s1` as a string.
    pub fn skel_str(&self, s0: usize, s1: usize) -> String {
        let s1 = s1.min(self.skel.len());
        if s0 >= s1 {
            return String::new();
        }
        self.skel[s0..s1].iter().map(|x| x.0).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_labels_across_cells_and_spaces() {
        let doc = Doc {
            lines: vec![
                Line::Row(vec!["本年新".into(), "公开数量".into()]),
                Line::Para("（二）部分公开(区分处理的)  3".into()),
            ],
            title_hint: None,
            origin: Vec::new(),
        };
        let ix = Index::new(&doc);
        assert!(ix.find("本年新公开数量", 0).is_some());
        let h = ix.find("部分公开（区分处理的）", 0).unwrap();
        assert_eq!(ix.text[h.b1..].trim_start(), "3\n");
        assert!(
            ix.find_fuzzy(&fold_str("行政复议"), 0, ix.skel.len(), 1)
                .is_none()
        );
    }
}
