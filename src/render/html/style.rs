//! The look of the page, declared once: the full page puts each declaration in its stylesheet
//! under a class, the fragment writes the same declaration inline (portal editors strip
//! `<style>`, classes and ids). Sizes are in `em`/`%`, never pixel widths.

use crate::layout::{Align, FontRole};

/// Whether styles go into a stylesheet (page) or inline (fragment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Self-contained page: `class` attributes and one `<style>`.
    Page,
    /// CMS-safe fragment: `style` attributes only.
    Fragment,
}

/// A styled element kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The article box.
    Article,
    /// `h1` title.
    Title,
    /// `h2` section heading (一、).
    Section,
    /// Stand-alone sub-heading (（一）, 1., （1）).
    Heading,
    /// Body paragraph.
    Body,
    /// A run-in heading or its text, shown inline.
    RunIn,
    /// The signature block (organ and date centred under each other, right of the page).
    Signature,
    /// A line of the signature.
    SignatureLine,
    /// The box a table scrolls in on narrow screens.
    TableBox,
    /// A table.
    Table,
    /// A table caption (visually hidden: the section heading above says the same).
    Caption,
    /// A header or data cell.
    Cell,
    /// A header cell (shaded).
    HeadCell,
    /// Left-aligned cell text.
    Left,
    /// Centred cell text.
    Center,
}

/// Font stacks per layout role: the official families first, then common stand-ins.
pub fn font_stack(role: FontRole) -> &'static str {
    match role {
        FontRole::Title => {
            "'方正小标宋简体','FZXiaoBiaoSong-B05S','Noto Serif CJK SC','Source Han Serif SC','Songti SC','SimSun',serif"
        }
        FontRole::Hei => {
            "'黑体','SimHei','Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"
        }
        FontRole::Kai => "'楷体_GB2312','KaiTi','STKaiti','LXGW WenKai','AR PL UKai CN',serif",
        FontRole::Body | FontRole::Table | FontRole::PageNumber => {
            "'仿宋_GB2312','FangSong','STFangsong','Noto Serif CJK SC','Source Han Serif SC','SimSun',serif"
        }
    }
}

/// The CSS declarations of a kind (also the inline style of the fragment).
pub fn decl(kind: Kind) -> String {
    let d = match kind {
        Kind::Article => {
            return format!(
                "max-width:44em;margin:0 auto;padding:1em;color:#1a1a1a;background:#fff;font-size:18px;line-height:1.8;font-family:{}",
                font_stack(FontRole::Body)
            );
        }
        Kind::Title => {
            return format!(
                "font-family:{};font-size:1.6em;line-height:1.5;font-weight:normal;text-align:center;margin:0.5em 0 1em;text-wrap:balance",
                font_stack(FontRole::Title)
            );
        }
        Kind::Section => {
            return format!(
                "font-family:{};font-size:1em;line-height:1.8;font-weight:bold;text-indent:2em;margin:0.8em 0 0",
                font_stack(FontRole::Hei)
            );
        }
        Kind::Heading => "font-size:1em;line-height:1.8;font-weight:bold;text-indent:2em;margin:0",
        Kind::Body => "text-indent:2em;text-align:justify;margin:0",
        Kind::RunIn => "display:inline;margin:0",
        Kind::Signature => "display:table;margin:2em 2em 0 auto;text-align:center",
        Kind::SignatureLine => "margin:0;text-align:center",
        Kind::TableBox => "overflow-x:auto;max-width:100%;margin:0.5em 0 1em",
        Kind::Table => "border-collapse:collapse;width:100%;font-size:16px;line-height:1.5",
        Kind::Caption => {
            "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap"
        }
        Kind::Cell => "border:1px solid #333;padding:0.2em 0.35em;vertical-align:middle",
        Kind::HeadCell => {
            "border:1px solid #333;padding:0.2em 0.35em;vertical-align:middle;background:#f2f2f2;font-weight:normal"
        }
        Kind::Left => "text-align:left",
        Kind::Center => "text-align:center",
    };
    d.to_owned()
}

/// The class name of a kind in the page's stylesheet.
pub fn class(kind: Kind) -> &'static str {
    match kind {
        Kind::Article => "nb-article",
        Kind::Title => "nb-title",
        Kind::Section => "nb-section",
        Kind::Heading => "nb-heading",
        Kind::Body => "nb-body",
        Kind::RunIn => "nb-runin",
        Kind::Signature => "nb-sign",
        Kind::SignatureLine => "nb-sign-line",
        Kind::TableBox => "nb-table-box",
        Kind::Table => "nb-table",
        Kind::Caption => "nb-caption",
        Kind::Cell => "nb-td",
        Kind::HeadCell => "nb-th",
        Kind::Left => "nb-left",
        Kind::Center => "nb-center",
    }
}

/// Every kind, in stylesheet order (later rules win: alignment after cells).
const ALL: [Kind; 15] = [
    Kind::Article,
    Kind::Title,
    Kind::Section,
    Kind::Heading,
    Kind::Body,
    Kind::RunIn,
    Kind::Signature,
    Kind::SignatureLine,
    Kind::TableBox,
    Kind::Table,
    Kind::Caption,
    Kind::Cell,
    Kind::HeadCell,
    Kind::Left,
    Kind::Center,
];

/// The attribute(s) styling an element of these kinds, with a leading space.
pub fn attrs(mode: Mode, kinds: &[Kind]) -> String {
    match mode {
        Mode::Page => {
            let names: Vec<&str> = kinds.iter().map(|k| class(*k)).collect();
            format!(" class=\"{}\"", names.join(" "))
        }
        Mode::Fragment => {
            let decls: Vec<String> = kinds.iter().map(|k| decl(*k)).collect();
            format!(" style=\"{}\"", decls.join(";"))
        }
    }
}

/// The alignment kind of a table cell.
pub fn align(a: Align) -> Kind {
    match a {
        Align::Left => Kind::Left,
        Align::Center => Kind::Center,
    }
}

/// The page's stylesheet: every kind's class, the phone layout and the print rules.
pub fn stylesheet() -> String {
    let mut css = String::from(
        "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\nbody{margin:0;background:#fff}\n",
    );
    for k in ALL {
        css.push_str(&format!(".{}{{{}}}\n", class(k), decl(k)));
    }
    css.push_str(concat!(
        ".nb-table-box:focus{outline:3px solid #0b57d0;outline-offset:2px}\n",
        "@media (max-width:40em){.nb-article{font-size:17px;padding:0.75em}.nb-title{font-size:1.4em}}\n",
        "@media print{",
        ".nb-article{max-width:none;padding:0;font-size:16pt;line-height:1.75}",
        ".nb-table-box{overflow:visible}",
        ".nb-table{font-size:12pt}",
        "thead{display:table-header-group}",
        "tr,th,td{break-inside:avoid;page-break-inside:avoid}",
        "h1,h2,h3,h4,h5{break-after:avoid;page-break-after:avoid}",
        ".nb-th{background:none}",
        "}\n",
    ));
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_styles_have_no_double_quotes_and_no_pixel_widths() {
        for k in ALL {
            let d = decl(k);
            assert!(!d.contains('"'), "{d}");
            for part in d.split(';') {
                if part.starts_with("width") || part.starts_with("max-width") {
                    assert!(!part.ends_with("px") || part == "width:1px", "{part}");
                }
            }
        }
    }
}
