//! Numbers and dates in the site's language style: one place for every number a reader sees.
//! Vietnamese: `353.211`, `2,41 %`, `24/8/2022`; English: `353,211`, `2.41%`, `24 Aug 2022`.

use chrono::{Datelike, NaiveDate};

use crate::diag::Lang;

/// An integer with thousands separators: `353.211` (vi), `353,211` (en).
pub fn int(lang: Lang, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    push_grouped(&mut out, &digits, lang);
    out
}

/// Appends a run of ASCII digits with the language's thousands separator.
fn push_grouped(out: &mut String, digits: &str, lang: Lang) {
    let sep = match lang {
        Lang::Vi => '.',
        Lang::En => ',',
    };
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
}

/// A decimal with `places` digits after the separator: `2,41` (vi), `2.41` (en).
pub fn decimal(lang: Lang, x: f64, places: usize) -> String {
    use std::fmt::Write;
    let x = if x == 0.0 { 0.0 } else { x }; // no "-0"
    let mut plain = String::with_capacity(24);
    let _ = write!(plain, "{:.*}", places, x);
    // "-0.00" is shown without its sign.
    let (negative, s) = match plain.strip_prefix('-') {
        Some(rest) => (rest.bytes().any(|c| (b'1'..=b'9').contains(&c)), rest),
        None => (false, plain.as_str()),
    };
    let (int_part, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let mut out = String::with_capacity(plain.len() + plain.len() / 3 + 4);
    if negative {
        out.push('-');
    }
    // Not a number or not finite: shown as 0, as before.
    if int_part.bytes().all(|c| c.is_ascii_digit()) && int_part.parse::<i64>().is_ok() {
        push_grouped(&mut out, int_part, lang);
    } else {
        out.push('0');
    }
    if let Some(f) = frac {
        out.push(if lang == Lang::Vi { ',' } else { '.' });
        out.push_str(f);
    }
    out
}

/// A percentage: `2,41 %` (vi) or `2.41%` (en).
pub fn percent(lang: Lang, x: f64, places: usize) -> String {
    let mut s = decimal(lang, x, places);
    s.push_str(lang.pick(" %", "%"));
    s
}

/// Percentage points: `1,30 điểm %` / `1.30 points`.
pub fn points(lang: Lang, x: f64, places: usize) -> String {
    let mut s = decimal(lang, x, places);
    s.push_str(lang.pick(" điểm %", " points"));
    s
}

const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A date: `24/8/2022` (vi), `24 Aug 2022` (en).
pub fn date(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::Vi => format!("{}/{}/{}", d.day(), d.month(), d.year()),
        Lang::En => format!(
            "{} {} {}",
            d.day(),
            EN_MONTHS[d.month0() as usize],
            d.year()
        ),
    }
}

/// A file size for download links: `512 B`, `8,4 KB`, `12 KB`, `1,3 MB` (en: `8.4 KB`).
pub fn file_size(lang: Lang, bytes: usize) -> String {
    const K: f64 = 1024.0;
    let b = bytes as f64;
    if bytes < 1024 {
        format!("{bytes} B")
    } else if b < 10.0 * K {
        format!("{} KB", decimal(lang, b / K, 1))
    } else if b < K * K {
        format!("{} KB", int(lang, (b / K).round() as i64))
    } else {
        format!("{} MB", decimal(lang, b / K / K, 1))
    }
}

/// ISO 8601 date for `<time datetime>`, feeds and data files.
pub fn iso_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    /// The way `decimal` was written first (three strings and a parse), kept to check the
    /// quicker one against it.
    fn decimal_reference(lang: Lang, x: f64, places: usize) -> String {
        let x = if x == 0.0 { 0.0 } else { x };
        let s = format!("{:.*}", places, x);
        let (sign, s) = match s.strip_prefix('-') {
            Some(rest) if rest.chars().any(|c| c.is_ascii_digit() && c != '0') => {
                ("-", rest.to_string())
            }
            Some(rest) => ("", rest.to_string()),
            None => ("", s),
        };
        let (int_part, frac) = match s.split_once('.') {
            Some((i, f)) => (i.to_string(), Some(f.to_string())),
            None => (s, None),
        };
        let int_fmt = int(lang, int_part.parse::<i64>().unwrap_or(0));
        match frac {
            Some(f) => format!(
                "{sign}{int_fmt}{}{f}",
                if lang == Lang::Vi { ',' } else { '.' }
            ),
            None => format!("{sign}{int_fmt}"),
        }
    }

    #[test]
    fn decimal_matches_the_first_way_of_writing_it() {
        let mut xs = vec![
            0.0,
            -0.0,
            0.004,
            -0.004,
            0.005,
            -0.005,
            1.0,
            -1.5,
            999.995,
            1234.5678,
            -98765.4321,
            1e15,
            -1e15,
            9.2e18,
            1e19,
            -1e19,
            1e300,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            0.1 + 0.2,
        ];
        let mut v = 0.000_123_f64;
        while v < 1e12 {
            xs.push(v);
            xs.push(-v * 1.37);
            v *= 3.7;
        }
        for x in xs {
            for places in 0..5 {
                for lang in [Lang::Vi, Lang::En] {
                    assert_eq!(
                        decimal(lang, x, places),
                        decimal_reference(lang, x, places),
                        "{x} {places}"
                    );
                }
            }
        }
    }

    use super::*;

    #[test]
    fn formats_vietnamese_style() {
        assert_eq!(int(Lang::Vi, 353_211), "353.211");
        assert_eq!(int(Lang::Vi, 1_000_000), "1.000.000");
        assert_eq!(int(Lang::Vi, 999), "999");
        assert_eq!(decimal(Lang::Vi, 2.4149, 2), "2,41");
        assert_eq!(percent(Lang::Vi, 2.41, 2), "2,41 %");
        assert_eq!(decimal(Lang::Vi, 12345.5, 1), "12.345,5");
        assert_eq!(
            date(Lang::Vi, NaiveDate::from_ymd_opt(2022, 8, 24).unwrap()),
            "24/8/2022"
        );
    }

    #[test]
    fn formats_english_style() {
        assert_eq!(int(Lang::En, 353_211), "353,211");
        assert_eq!(percent(Lang::En, 2.41, 2), "2.41%");
        assert_eq!(
            date(Lang::En, NaiveDate::from_ymd_opt(2022, 8, 24).unwrap()),
            "24 Aug 2022"
        );
    }

    #[test]
    fn sizes_files_for_download_links() {
        assert_eq!(file_size(Lang::Vi, 512), "512 B");
        assert_eq!(file_size(Lang::Vi, 8600), "8,4 KB");
        assert_eq!(file_size(Lang::En, 8600), "8.4 KB");
        assert_eq!(file_size(Lang::Vi, 12_500), "12 KB");
        assert_eq!(file_size(Lang::Vi, 1_400_000), "1,3 MB");
    }

    #[test]
    fn never_prints_negative_zero() {
        assert_eq!(decimal(Lang::Vi, -0.001, 2), "0,00");
        assert_eq!(decimal(Lang::En, -1.5, 1), "-1.5");
    }
}
