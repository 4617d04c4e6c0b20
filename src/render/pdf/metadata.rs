//! Document properties: title, author, language, dates (from the report, never "now").

use krilla::metadata::{DateTime, Metadata};

use crate::layout::DocMeta;

/// krilla metadata for a report created at `created_unix`.
pub(crate) fn metadata(meta: &DocMeta, created_unix: i64) -> Metadata {
    let (y, mo, d, h, mi, s) = crate::model::civil_time(created_unix);
    let date = DateTime::new(y.clamp(0, 9999) as u16)
        .month(mo as u8)
        .day(d as u8)
        .hour(h as u8)
        .minute(mi as u8)
        .second(s as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    Metadata::new()
        .title(meta.title.clone())
        .authors(vec![meta.author.clone()])
        .language(meta.lang.to_owned())
        .creator(format!("nianbao {}", env!("CARGO_PKG_VERSION")))
        .description(format!("{}政府信息公开工作年度报告", meta.author))
        .creation_date(date)
}

#[cfg(test)]
mod tests {

    #[test]
    fn civil_dates() {
        assert_eq!(crate::model::civil_time(0), (1970, 1, 1, 0, 0, 0));
        assert_eq!(
            crate::model::civil_time(1_611_100_800),
            (2021, 1, 20, 0, 0, 0)
        );
        assert_eq!(
            crate::model::civil_time(951_782_400 + 3_661),
            (2000, 2, 29, 1, 1, 1)
        );
    }
}
