//! Exact decimal numbers for table cells: counts, signed changes and money (万元 with decimals).

use std::cmp::Ordering;
use std::fmt;

use serde::{Serialize, Serializer};

/// Largest magnitude accepted in a cell; anything beyond is a typing accident, not a count.
pub const MAX_ABS: i64 = 1_000_000_000_000_000;

/// An exact decimal: `units / 10^scale`. `542700` is `{542700, 0}`, `12.35` is `{1235, 2}`.
#[derive(Debug, Clone, Copy, Default, Eq)]
pub struct Amount {
    /// The digits as an integer.
    pub units: i64,
    /// How many of the digits are after the decimal point.
    pub scale: u8,
}

/// Why a text is not a number we accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Not a number at all.
    NotANumber,
    /// More than [`MAX_ABS`].
    TooLarge,
    /// More than 6 decimals (after trailing zeros).
    TooPrecise,
}

impl Amount {
    /// Zero.
    pub const ZERO: Amount = Amount { units: 0, scale: 0 };

    /// A whole number.
    pub const fn int(units: i64) -> Self {
        Amount { units, scale: 0 }
    }

    /// Is this a whole number (no non-zero decimals)?
    pub fn is_integer(&self) -> bool {
        self.scale == 0 || self.units % 10i64.pow(u32::from(self.scale)) == 0
    }

    /// Is it below zero?
    pub fn is_negative(&self) -> bool {
        self.units < 0
    }

    /// The value as f64 (for spreadsheets).
    pub fn to_f64(&self) -> f64 {
        self.units as f64 / 10f64.powi(i32::from(self.scale))
    }

    fn rescale(&self, scale: u8) -> Option<i64> {
        let diff = u32::from(scale.checked_sub(self.scale)?);
        self.units.checked_mul(10i64.checked_pow(diff)?)
    }

    /// Sum with overflow detection.
    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        let scale = self.scale.max(other.scale);
        let units = self.rescale(scale)?.checked_add(other.rescale(scale)?)?;
        Some(Amount { units, scale })
    }

    /// Difference with overflow detection.
    pub fn checked_sub(self, other: Amount) -> Option<Amount> {
        self.checked_add(Amount {
            units: other.units.checked_neg()?,
            scale: other.scale,
        })
    }

    /// Parses `542700`, `-2`, `+3`, `12.35`, `1,234` (thousands separators) and full-width digits.
    pub fn parse(text: &str) -> Result<Amount, ParseError> {
        let s: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, ',' | '，' | '_' | ' ' | '\u{a0}' | '\u{3000}'))
            .map(|c| match c {
                '０'..='９' => crate::text::ascii_digit(c),
                '．' => '.',
                '－' | '−' => '-',
                '＋' => '+',
                other => other,
            })
            .collect();
        let (neg, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix('+').unwrap_or(&s)),
        };
        let (int_part, frac_part) = match digits.split_once('.') {
            Some((i, f)) => (i, f),
            None => (digits, ""),
        };
        let all_digits = |p: &str| p.chars().all(|c| c.is_ascii_digit());
        if int_part.is_empty() && frac_part.is_empty()
            || !all_digits(int_part)
            || !all_digits(frac_part)
            || (digits.contains('.') && frac_part.is_empty())
        {
            return Err(ParseError::NotANumber);
        }
        if frac_part.trim_end_matches('0').len() > 6 {
            return Err(ParseError::TooPrecise);
        }
        if int_part.trim_start_matches('0').len() > 18 {
            return Err(ParseError::TooLarge);
        }
        // Zeros past the sixth decimal add nothing: keep the scale within 6.
        let frac_part = if frac_part.len() > 6 {
            &frac_part[..6]
        } else {
            frac_part
        };
        let int_part = if int_part.len() > 18 {
            &int_part[int_part.len() - 18..]
        } else {
            int_part
        };
        let joined = format!("{int_part}{frac_part}");
        let units: i64 = if joined.is_empty() {
            0
        } else {
            joined.parse().map_err(|_| ParseError::TooLarge)?
        };
        let scale = frac_part.len() as u8;
        if units > MAX_ABS.saturating_mul(10i64.pow(u32::from(scale))) {
            return Err(ParseError::TooLarge);
        }
        Ok(Amount {
            units: if neg { -units } else { units },
            scale,
        })
    }
}

impl PartialEq for Amount {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl PartialOrd for Amount {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Amount {
    fn cmp(&self, other: &Self) -> Ordering {
        let scale = self.scale.max(other.scale);
        match (self.rescale(scale), other.rescale(scale)) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => self.to_f64().total_cmp(&other.to_f64()),
        }
    }
}

/// Prints the value exactly as stored: `542700`, `-2`, `12.35`, `0.50`.
impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.units);
        }
        let p = 10u64.pow(u32::from(self.scale));
        let abs = self.units.unsigned_abs();
        let sign = if self.units < 0 { "-" } else { "" };
        write!(
            f,
            "{sign}{}.{:0width$}",
            abs / p,
            abs % p,
            width = usize::from(self.scale)
        )
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.scale == 0 {
            s.serialize_i64(self.units)
        } else {
            s.serialize_f64(self.to_f64())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_exactly() {
        for (text, shown) in [
            ("542700", "542700"),
            ("-2", "-2"),
            ("+3", "3"),
            ("12.35", "12.35"),
            ("0.50", "0.50"),
            ("1,234", "1234"),
            ("１７", "17"),
        ] {
            assert_eq!(Amount::parse(text).unwrap().to_string(), shown, "{text}");
        }
        assert_eq!(Amount::parse("abc"), Err(ParseError::NotANumber));
        assert_eq!(Amount::parse("1."), Err(ParseError::NotANumber));
        assert_eq!(Amount::parse(""), Err(ParseError::NotANumber));
        assert_eq!(
            Amount::parse("99999999999999999999"),
            Err(ParseError::TooLarge)
        );
    }

    #[test]
    fn sums_across_scales() {
        let a = Amount::parse("1.5").unwrap();
        let b = Amount::int(2);
        assert_eq!(a.checked_add(b).unwrap().to_string(), "3.5");
        assert_eq!(
            Amount::parse("3.50").unwrap(),
            Amount::parse("3.5").unwrap()
        );
        assert!(Amount::int(i64::MAX).checked_add(Amount::int(1)).is_none());
    }
}
