//! Findings about a report: severity, place in the source, Chinese message, numbers involved.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Loc {
    /// Line, counting from 1.
    pub line: u32,
    /// Column in characters, counting from 1.
    pub column: u32,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The report is wrong: `check` exits 1 and `build` refuses without `--force`.
    Error,
    /// Worth a look; does not block a build.
    Warning,
    /// Information for the user (a font stand-in, a forced build); never a defect of the report.
    Note,
}

impl Severity {
    /// The Chinese word printed before the message.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Note => "提示",
        }
    }
}

/// Where a rule comes from: the reason an evaluator would accept the finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleSource {
    /// The template notice (国办公开办函〔2019〕60号 / 〔2021〕30号) and its 勾稽关系.
    Template,
    /// 《中华人民共和国政府信息公开条例》.
    Regulation,
    /// GB/T 9704-2012 (layout of official documents).
    Layout,
    /// What third-party evaluators mark in published reports.
    Evaluation,
    /// The source format of this tool (YAML, keys, values).
    Source,
    /// Reading a legacy report.
    Import,
    /// Writing output files.
    Output,
}

macro_rules! rules {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $code:literal, $name:literal, $sev:ident, $src:ident; )+) => {
        /// Every rule a finding can carry: a stable ASCII code, a Chinese name, a default severity.
        ///
        /// Codes never change once released; README lists them. New rules are added here only.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $( $(#[doc = $doc])+ $variant, )+
        }

        impl Rule {
            /// Every rule, in listing order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),+];

            /// The stable ASCII code (`balance`, `printed-total` …), used in JSON, `--only` and `--skip`.
            pub fn code(self) -> &'static str {
                match self { $(Rule::$variant => $code,)+ }
            }

            /// The short Chinese name printed in brackets (`勾稽关系`).
            pub fn name(self) -> &'static str {
                match self { $(Rule::$variant => $name,)+ }
            }

            /// The severity a finding of this rule has unless the caller says otherwise.
            pub fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$sev,)+ }
            }

            /// Where the rule comes from.
            pub fn source(self) -> RuleSource {
                match self { $(Rule::$variant => RuleSource::$src,)+ }
            }

            /// What the rule checks, one line (the doc comment above).
            pub fn description(self) -> &'static str {
                match self { $(Rule::$variant => concat!($($doc),+).trim_ascii(),)+ }
            }
        }
    };
}

rules! {
    /// The file could not be read (missing, not a regular file, too large, unknown encoding).
    Unreadable = "unreadable", "无法读取", Error, Source;
    /// Characters no document format can hold (control characters) were dropped.
    ControlChar = "control-char", "控制字符", Warning, Source;
    /// Invisible characters and stray spaces pasted from Word or a web page were removed.
    PastedText = "pasted-text", "粘贴字符", Warning, Source;
    /// The file is not UTF-8 (GBK, UTF-16): read, with a warning.
    Encoding = "encoding", "文件编码", Warning, Source;
    /// The YAML is malformed.
    YamlSyntax = "yaml-syntax", "YAML格式", Error, Source;
    /// A full-width colon `：` after a key (read as `: `).
    FullWidthColon = "fullwidth-colon", "全角冒号", Warning, Source;
    /// No space after the colon of a key (`日期:2025年…`; read with the space).
    ColonSpace = "colon-space", "冒号后缺空格", Warning, Source;
    /// Numbers of a row separated by `，`, `、` or spaces instead of `, ` (read as commas).
    RowSeparator = "row-separator", "数字分隔符", Warning, Source;
    /// A row written with `【】` or without brackets (read as `[…]`).
    RowBrackets = "row-brackets", "方括号", Warning, Source;
    /// A cell left empty between commas (`[6, 1, , 0]`).
    EmptyCell = "empty-cell", "空单元格", Error, Source;
    /// Cells left blank (`~`) in a table: printed as 0 (one finding per table).
    BlankCells = "blank-cells", "空白按0印", Warning, Template;
    /// A tab used for indentation.
    TabIndent = "tab-indent", "制表符缩进", Error, Source;
    /// Indentation typed with full-width or no-break spaces (read as spaces).
    WideIndent = "wide-indent", "全角空格缩进", Warning, Source;
    /// A paragraph item written `-文字` or `－ 文字` (read as `- 文字`).
    DashSpace = "dash-space", "段落短横", Warning, Source;
    /// A paragraph or heading indented differently from its siblings.
    Indent = "indent", "缩进", Error, Source;
    /// Paragraphs added under a section still marked empty with `[]` (the `[]` is ignored).
    AfterEmptyList = "after-empty-list", "多余的[]", Warning, Source;
    /// Text starting with a YAML indicator (`* & ! @ % [ { > | #`), which YAML would not read as text.
    Indicator = "yaml-indicator", "特殊开头字符", Error, Source;
    /// ` #` inside a paragraph, which YAML reads as the start of a comment (the text is kept).
    CommentInText = "comment-in-text", "段落中的#", Warning, Source;
    /// `: ` inside a paragraph, which YAML reads as a key (the text is kept).
    ColonInText = "colon-in-text", "段落中的冒号", Error, Source;
    /// A paragraph line without `- ` under another: YAML joins the two into one paragraph.
    JoinedLines = "joined-lines", "合成一段", Warning, Source;
    /// A key appears twice in one mapping.
    DuplicateKey = "duplicate-key", "重复键", Error, Source;
    /// A key the format does not know (with the closest allowed key suggested).
    UnknownKey = "unknown-key", "未知键", Error, Source;
    /// A value of the wrong kind (text where a table is expected …).
    WrongType = "wrong-type", "类型错误", Error, Source;
    /// A required key is missing.
    MissingKey = "missing-key", "缺少键", Error, Source;
    /// `模板:` names no known template.
    UnknownTemplate = "unknown-template", "模板", Error, Source;
    /// `格式版本:` is not one this tool reads.
    FormatVersion = "format-version", "格式版本", Error, Source;
    /// The organ (机关) is empty.
    Organ = "organ", "机关", Error, Template;
    /// The year (年度) is missing or out of range.
    Year = "year", "年度", Error, Template;
    /// A heading is malformed (empty, numbered by hand, wrong level).
    Heading = "heading", "标题", Error, Source;
    /// The date (成文日期) is missing, unreadable or implausible.
    Date = "date", "日期", Warning, Regulation;
    /// The template does not fit the year (2019 template for 2019–2020, 2021 from 2021 on).
    TemplateYear = "template-year", "模板与年度", Warning, Template;
    /// A section of the report has no content.
    EmptySection = "empty-section", "内容为空", Error, Template;
    /// A statistical table is missing.
    MissingTable = "missing-table", "缺少表格", Warning, Template;
    /// Rows of a table are missing (counted as 0).
    MissingRow = "missing-row", "缺少行", Warning, Template;
    /// A table row has the wrong number of values.
    ColumnCount = "column-count", "列数", Error, Source;
    /// A count is not a whole number.
    Integer = "integer", "整数", Error, Template;
    /// A count or an amount is negative.
    NonNegative = "non-negative", "非负数", Error, Template;
    /// An amount without a unit where the template allows several, or an unknown unit.
    Unit = "unit", "单位", Warning, Template;
    /// A number too large (or too precise) to compute with.
    TooLarge = "too-large", "数值过大", Error, Source;
    /// A printed total differs from the sum of its parts.
    PrintedTotal = "printed-total", "合计不符", Error, Template;
    /// 表三 per column: 本年新收 + 上年结转 = （七）总计 + 结转下年度 (the template's 勾稽关系).
    Balance = "balance", "勾稽关系", Error, Template;
    /// This year's figures do not continue last year's (结转, 现行有效).
    CrossYear = "cross-year", "跨年度衔接", Error, Template;
    /// Last year's report given for comparison is not of the year before.
    PreviousReport = "previous-report", "上年报告", Warning, Evaluation;
    /// A figure stated in the narrative differs from the tables.
    NarrativeFigure = "narrative-figure", "正文与表格", Warning, Evaluation;
    /// A year in the text (statistical period, a sentence about the year, a report title) is not 年度.
    StaleYear = "stale-year", "年份不符", Warning, Evaluation;
    /// The text names another organ of the same kind as 机关 (a title or contact left from a copied file).
    OtherOrgan = "other-organ", "机关不符", Warning, Evaluation;
    /// Most of the narrative repeats last year's report (`--previous`, over 50 % of sentences).
    RepeatedText = "repeated-text", "照搬上年", Warning, Evaluation;
    /// Section 六 of the 2021 template does not report the 信息处理费 (国办函〔2020〕109号).
    FeeStatement = "fee-statement", "信息处理费", Warning, Template;
    /// Section 五 (problems and improvements) is a single short line.
    ShortSection = "short-section", "内容过简", Warning, Evaluation;
    /// Published after the deadline of 条例第四十九条 (31 Jan for departments, 31 Mar for governments).
    Deadline = "deadline", "发布期限", Warning, Regulation;
    /// A placeholder (【待填写】) left in the text: a person must write this part.
    Placeholder = "placeholder", "待填写", Error, Source;
    /// A child report given to `aggregate` has errors of its own.
    ChildErrors = "child-errors", "下级报告有错误", Error, Evaluation;
    /// Two children given to `aggregate` name the same organ.
    DuplicateOrgan = "duplicate-organ", "单位重复", Error, Evaluation;
    /// The same child file given twice (same path or same content).
    DuplicateFile = "duplicate-file", "文件重复", Error, Evaluation;
    /// A child report is of another year than the aggregate.
    ChildYear = "child-year", "下级报告年度", Error, Evaluation;
    /// Children use different table templates (2019 and 2021).
    MixedTemplate = "mixed-template", "模板不一致", Error, Evaluation;
    /// A child is itself an aggregate of children also given (counted twice).
    DoubleCount = "double-count", "重复汇总", Error, Evaluation;
    /// An organ on the `--expect` list has not submitted a report.
    NotSubmitted = "not-submitted", "未报送", Warning, Evaluation;
    /// A blank (`~`) cell of a child report counted as 0 in the aggregate.
    BlankChildCell = "blank-child-cell", "空白按0计", Note, Evaluation;
    /// A cell of a compiled report differs from the sum of its children's.
    ChildrenSum = "children-sum", "与下级合计不符", Error, Evaluation;
    /// Something the importer noticed in a legacy report (a guess, a blank, a mismatch).
    ImportNote = "import-note", "导入说明", Note, Import;
    /// Digits the importer split in more than one plausible way; the alternatives are listed.
    ImportAmbiguous = "import-ambiguous", "导入拆分待核", Warning, Import;
    /// A value the importer did not read for certain, marked `待核` in the source until a person
    /// resolves it (never counted as 0).
    UnresolvedImport = "unresolved-import", "导入待核", Error, Source;
    /// A font role is drawn with a stand-in font.
    FontFallback = "font-fallback", "字体替代", Note, Output;
    /// Outputs were written although errors remain (`--force`).
    ForcedBuild = "forced-build", "强制生成", Warning, Output;
    /// The title was too long for a file name and was shortened.
    OutputName = "output-name", "文件名", Note, Output;
    /// Temporary files left by an interrupted build were removed.
    StaleTemp = "stale-temp", "临时文件", Note, Output;
    /// An output file could not be written.
    OutputFailed = "output-failed", "无法生成", Error, Output;
    /// Two sources of one batch write the same output file; only the later one is kept.
    SameOutput = "same-output", "输出同名", Error, Output;
    /// A character that no font available for its role (nor the bundled one) has.
    MissingGlyph = "missing-glyph", "缺字", Error, Output;
}

impl Rule {
    /// The rule with this code, if any.
    pub fn from_code(code: &str) -> Option<Rule> {
        let code = code.trim();
        Rule::ALL.iter().copied().find(|r| r.code() == code)
    }
}

impl Rule {
    /// What the rule checks, in Chinese (README, the audit workbook); the English doc comment
    /// for a rule added without a translation.
    pub fn meaning(self) -> &'static str {
        match self.code() {
            "unreadable" => "文件无法读取（不存在、不是普通文件、过大或编码无法识别）",
            "control-char" => "删除了任何文档格式都无法保存的控制字符",
            "pasted-text" => {
                "清除了从 Word 或网页粘贴带来的零宽字符、软连字符、不间断空格和汉字间空格"
            }
            "encoding" => "文件不是 UTF-8（GBK、UTF-16），已转换读取",
            "yaml-syntax" => "YAML 格式错误",
            "fullwidth-colon" => "键后用了全角冒号「：」（按「: 」读取）",
            "colon-space" => "键的冒号后缺少空格（如「日期:2025年…」，按加空格读取）",
            "wide-indent" => "行首缩进用了全角空格或不间断空格（按半角空格读取）",
            "dash-space" => "段落开头的短横写成了「-文字」或全角「－」「—」（按「- 文字」读取）",
            "joined-lines" => "段落的下一行没有以「- 」开头，YAML 会把两行合成一段",
            "row-separator" => "一行的数字用「，」「、」或空格分隔（按英文逗号读取）",
            "row-brackets" => "表格一行用了【】或没有方括号（按 […] 读取）",
            "empty-cell" => "两个逗号之间的格子空着（如 [6, 1, , 0]）",
            "blank-cells" => "表格里留空（~）的格子，生成的文件印作 0（每张表提示一次）",
            "tab-indent" => "用 Tab 缩进",
            "indent" => "段落或标题的缩进与同级不一致",
            "after-empty-list" => "在标着 [] 的部分下面又写了段落（[] 不起作用）",
            "yaml-indicator" => {
                "文字以 YAML 特殊符号开头（* & ! @ % [ { > | #），YAML 不会把它当作文字"
            }
            "comment-in-text" => "段落中有「 #」，YAML 会把它后面当作注释（文字已保留）",
            "colon-in-text" => "段落中有「: 」，YAML 会把它当作键（文字已保留）",
            "duplicate-key" => "同一层出现两个相同的键",
            "unknown-key" => "不认识的键（提示最接近的正确写法）",
            "wrong-type" => "值的类型不对（如该写表格的地方写了文字）",
            "missing-key" => "缺少必需的键",
            "unknown-template" => "「模板:」不是已知的模板",
            "format-version" => "「格式版本:」不是本程序能读的版本",
            "organ" => "机关名称为空或仍是占位文字",
            "year" => "年度缺失或不合理",
            "heading" => "标题写法有误（为空、自己写了编号、层级不对）",
            "date" => "成文日期缺失、无法识别或不合理",
            "template-year" => {
                "模板与年度不符（2019 模板用于 2019、2020 年度，2021 模板用于 2021 年度起）"
            }
            "empty-section" => {
                "报告的某一部分没有内容（公开的报告必须有全部六个部分，没有可写的就写「无。」）"
            }
            "missing-table" => "缺少统计表",
            "missing-row" => "统计表缺少行（按 0 计）",
            "column-count" => "表格一行的数字个数不对",
            "integer" => "件数不是整数",
            "non-negative" => "件数或金额为负数",
            "unit" => "金额没有注明单位（模板允许多种单位时）或单位不可用",
            "too-large" => "数值过大或小数位数过多，无法计算",
            "printed-total" => "印出的合计与各项之和不符",
            "balance" => {
                "表三每一列：本年新收 + 上年结转 = （七）总计 + 结转下年度（模板规定的勾稽关系）"
            }
            "cross-year" => "本年数字与上年报告衔接不上（结转、现行有效）",
            "previous-report" => "用于对比的上年报告不是上一年度的",
            "narrative-figure" => "正文中的数字与统计表不符",
            "stale-year" => {
                "正文中的年份（统计期限、写「全年」「本年」的句子、报告标题）不是本年度"
            }
            "other-organ" => "正文出现同类的其他机关名称（复制别的文件后留下的标题或联系方式）",
            "repeated-text" => "正文大部分照搬上年报告（--previous，超过 50% 的句子）",
            "fee-statement" => "2021 模板第六部分没有说明信息处理费收取情况（国办函〔2020〕109号）",
            "short-section" => "第五部分（存在的主要问题及改进情况）只有很短的一句",
            "deadline" => "成文日期晚于条例第四十九条的期限（部门 1 月 31 日，政府 3 月 31 日）",
            "placeholder" => "占位文字（【待填写】）还没有改写",
            "child-errors" => "参加汇总的下级报告本身有错误",
            "duplicate-organ" => "两份下级报告是同一个机关",
            "duplicate-file" => "同一份下级报告给了两次（路径或内容相同）",
            "child-year" => "下级报告的年度与汇总年度不同",
            "mixed-template" => "下级报告用了不同的模板（2019 与 2021）",
            "double-count" => "某份下级报告本身是其他已给出报告的汇总（会重复计算）",
            "not-submitted" => "--expect 名单上的机关没有报送",
            "blank-child-cell" => "下级报告的空白格（~）在汇总中按 0 计",
            "children-sum" => "汇总报告的某一格与下级报告之和不符",
            "import-note" => "导入旧报告时的说明（推断、空白、不相符之处）",
            "import-ambiguous" => "连写的数字有不止一种合理拆法，已列出其他读法",
            "unresolved-import" => {
                "导入时没有读准的数，源文件中写作「待核」，需人工核对（从不按 0 计）"
            }
            "font-fallback" => "某个字体角色使用了替代字体",
            "forced-build" => "仍有错误时按 --force 生成了文件",
            "output-name" => "标题过长，文件名已缩短",
            "stale-temp" => "删除了上次中断的生成留下的临时文件",
            "output-failed" => "某个输出文件未能生成",
            "missing-glyph" => "某个字在所用字体和内置字体中都没有，PDF 无法生成",
            "same-output" => "同一批中两个源文件会生成同名文件（机关和年度相同），两个都不生成",
            _ => self.description(),
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Rule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Rule::from_code(&code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown rule code `{code}`")))
    }
}

/// One finding, with everything needed to show it or serialise it.
///
/// Every finding of the tool travels as this type: loader and `check` rules, import notes,
/// build notes and output failures. JSON: `{"code", "rule", "severity", "file", "line", …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The rule, serialised as its stable code.
    #[serde(rename = "code")]
    pub rule: Rule,
    /// Error, warning or note (the rule's default unless the caller chose).
    pub severity: Severity,
    /// The file the finding is about (set by the caller that knows it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    /// Position of the offending value, when it is in the file (for an imported file, column 0).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub loc: Option<Loc>,
    /// The output format the finding is about (`docx`, `pdf` …), for build findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// The table (`表三`), when the finding is about a table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// The row key, when the finding is about a row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    /// The column key, when the finding is about a column (JSON `table_column`: `column` is the
    /// source column of `loc`).
    #[serde(rename = "table_column", skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// One-line Chinese message naming the values involved.
    pub message: String,
    /// The value found, as text, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
    /// The value expected, as text, when it is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
}

impl Diagnostic {
    /// A finding of `rule` at `loc`, with the rule's default severity.
    pub fn new(rule: Rule, loc: Option<Loc>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: rule.severity(),
            rule,
            file: None,
            loc,
            output: None,
            table: None,
            row: None,
            column: None,
            message: message.into(),
            found: None,
            expected: None,
        }
    }

    /// An error about the value at `loc`.
    pub fn error(rule: Rule, loc: Option<Loc>, message: impl Into<String>) -> Self {
        Self::new(rule, loc, message).with_severity(Severity::Error)
    }

    /// A warning about the value at `loc`.
    pub fn warning(rule: Rule, loc: Option<Loc>, message: impl Into<String>) -> Self {
        Self::new(rule, loc, message).with_severity(Severity::Warning)
    }

    /// A note (information, never a defect).
    pub fn note(rule: Rule, message: impl Into<String>) -> Self {
        Self::new(rule, None, message).with_severity(Severity::Note)
    }

    /// Sets the severity.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Records the value found and the value expected.
    pub fn values(mut self, found: impl fmt::Display, expected: impl fmt::Display) -> Self {
        self.found = Some(found.to_string());
        self.expected = Some(expected.to_string());
        self
    }

    /// Names the table cell (or row, or column) the finding is about.
    pub fn cell(mut self, table: &str, row: Option<&str>, column: Option<&str>) -> Self {
        self.table = Some(table.to_owned());
        self.row = row.map(str::to_owned);
        self.column = column.map(str::to_owned);
        self
    }

    /// Sets the file the finding is about.
    pub fn in_file(mut self, file: &Path) -> Self {
        self.file = Some(file.to_path_buf());
        self
    }

    /// Sets the output format the finding is about.
    pub fn in_output(mut self, format: &str) -> Self {
        self.output = Some(format.to_owned());
        self
    }

    /// Is this an error (as opposed to a warning or note)?
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Is this a warning?
    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }
}

/// `file:line:column: 错误[rule]: message` — the form editors and terminals link to.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}:", file.display())?;
        }
        if let Some(loc) = self.loc {
            if loc.column == 0 {
                write!(f, "{}:", loc.line)?;
            } else {
                write!(f, "{}:{}:", loc.line, loc.column)?;
            }
        }
        if self.file.is_some() || self.loc.is_some() {
            f.write_str(" ")?;
        }
        write!(
            f,
            "{}[{}]: {}",
            self.severity.label(),
            self.rule.name(),
            self.message
        )
    }
}

/// Counts errors and warnings in a list of findings.
pub fn count(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.iter().filter(|d| d.is_warning()).count();
    (errors, warnings)
}

/// Sorts findings in file order (line, then column); findings without a place keep their
/// order, last. Stable, so findings at one place keep the order they were found in.
pub fn sort_by_place(findings: &mut [Diagnostic]) {
    findings.sort_by_key(|d| d.loc.map_or((u32::MAX, u32::MAX), |l| (l.line, l.column)));
}

/// The one-line "did you mean" hint for an unknown name, from the names that are allowed.
pub fn suggest<'a>(wrong: &str, allowed: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(&str, usize)> = None;
    for name in allowed {
        let d = edit_distance(wrong, name);
        let contains = name.contains(wrong) || wrong.contains(name);
        let limit = (name.chars().count().max(wrong.chars().count()) / 2).max(1);
        if (d <= limit || contains) && best.is_none_or(|(_, bd)| d < bd) {
            best = Some((name, d));
        }
    }
    best.map(|(n, _)| n)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_key() {
        let keys = ["机关", "年度", "模板", "日期", "署名"];
        assert_eq!(suggest("年份", keys), Some("年度"));
        assert_eq!(suggest("机关名称", keys), Some("机关"));
        assert_eq!(suggest("完全无关的东西", keys), None);
    }

    #[test]
    fn display_is_file_line_column() {
        let d = Diagnostic::new(Rule::Balance, Some(Loc { line: 3, column: 7 }), "不相等")
            .in_file(Path::new("a.yaml"));
        assert_eq!(d.to_string(), "a.yaml:3:7: 错误[勾稽关系]: 不相等");
    }

    #[test]
    fn codes_are_unique_ascii_and_round_trip() {
        let mut seen = std::collections::BTreeSet::new();
        for r in Rule::ALL {
            assert!(
                r.code()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-')
            );
            assert!(seen.insert(r.code()), "duplicate code {}", r.code());
            assert_eq!(Rule::from_code(r.code()), Some(*r));
            assert!(!r.description().is_empty());
            assert_ne!(
                r.meaning(),
                r.description(),
                "{} has no Chinese meaning",
                r.code()
            );
        }
    }

    #[test]
    fn json_carries_the_code() {
        let d = Diagnostic::new(Rule::PrintedTotal, None, "x");
        let v = serde_json::to_value(&d).unwrap();
        assert_eq!(v["code"], "printed-total");
        assert_eq!(v["severity"], "error");
    }
}
