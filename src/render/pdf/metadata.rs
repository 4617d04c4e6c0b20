//! Document properties: title, author, language, dates (from the report, never "now").

use krilla::metadata::{DateTime, Metadata};

use crate::layout::DocMeta;

/// Civil date and time (UTC) of Unix seconds.
pub(crate) fn civil(unix: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // After H. Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        m,
        d,
        (secs / 3600) as u32,
        (secs / 60 % 60) as u32,
        (secs % 60) as u32,
    )
}

/// krilla metadata for a report created at `created_unix`.
pub(crate) fn metadata(meta: &DocMeta, created_unix: i64) -> Metadata {
    let (y, mo, d, h, mi, s) = civil(created_unix);
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
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil(0), (1970, 1, 1, 0, 0, 0));
        assert_eq!(civil(1_611_100_800), (2021, 1, 20, 0, 0, 0));
        assert_eq!(civil(951_782_400 + 3_661), (2000, 2, 29, 1, 1, 1));
    }
}
