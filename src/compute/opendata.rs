//! Targets and their statuses as open data: one row per plan, target and unit.
//!
//! Keys: plan, target (1-based position of the `[[target]]` in its file), unit (code), metric,
//! change, baseline_year, baseline, latest_year, latest, average_change, projection,
//! target_year, status (code). Numbers are plain, with a dot, rounded to 4 decimals; missing
//! values are empty (CSV) or null (JSON). CSV is UTF-8 with a BOM so that spreadsheets show
//! Vietnamese correctly.

use serde::Serialize;

use crate::compute::status::Assessment;
use crate::model::Site;

/// The column names, in order.
pub const TARGET_COLUMNS: [&str; 13] = [
    "plan",
    "target",
    "unit",
    "metric",
    "change",
    "baseline_year",
    "baseline",
    "latest_year",
    "latest",
    "average_change",
    "projection",
    "target_year",
    "status",
];

/// UTF-8 byte order mark: Excel reads the file as UTF-8 only with it.
pub const BOM: &str = "\u{feff}";

#[derive(Serialize)]
struct Row<'a> {
    plan: &'a str,
    target: usize,
    unit: &'a str,
    metric: &'static str,
    change: &'static str,
    baseline_year: i32,
    baseline: Option<f64>,
    latest_year: Option<i32>,
    latest: Option<f64>,
    average_change: Option<f64>,
    projection: Option<f64>,
    target_year: i32,
    status: &'static str,
}

/// Rounds to 4 decimals, without "-0".
pub fn round4(x: f64) -> f64 {
    let r = (x * 10_000.0).round() / 10_000.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// A plain number for data files: a dot, at most 4 decimals, no trailing zeros (`1.3`, `2`).
pub fn plain(x: f64) -> String {
    // In ten-thousandths as a whole number: formatting a float to four places exactly was a
    // percent of a national build (open data and every chart's CSV).
    let n = (x * 10_000.0).round();
    if n.abs() < 1e15 {
        let n = n as i64;
        let (whole, frac) = (n.unsigned_abs() / 10_000, n.unsigned_abs() % 10_000);
        let sign = if n < 0 { "-" } else { "" };
        if frac == 0 {
            return format!("{sign}{whole}");
        }
        let digits = format!("{frac:04}");
        return format!("{sign}{whole}.{}", digits.trim_end_matches('0'));
    }
    plain_by_float(x)
}

/// [`plain`] by formatting the float (for numbers too large to count in ten-thousandths).
fn plain_by_float(x: f64) -> String {
    let s = format!("{:.4}", round4(x));
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

fn rows<'a>(site: &'a Site, all: &[Assessment]) -> Vec<Row<'a>> {
    all.iter()
        .map(|a| Row {
            plan: &site.plans[a.plan].id,
            target: a.target + 1,
            unit: &site.units[a.unit].code,
            metric: a.metric.as_str(),
            change: a.change.as_str(),
            baseline_year: a.baseline_year,
            baseline: a.baseline.map(round4),
            latest_year: a.latest_year,
            latest: a.latest.map(round4),
            average_change: a.average_change.map(round4),
            projection: a.projection.map(round4),
            target_year: a.target_year,
            status: a.status.code(),
        })
        .collect()
}

/// The assessments as a JSON array of objects, keys in [`TARGET_COLUMNS`] order.
pub fn targets_json(site: &Site, all: &[Assessment]) -> String {
    let mut s = serde_json::to_string_pretty(&rows(site, all)).expect("plain values serialise");
    s.push('\n');
    s
}

/// The assessments as CSV: BOM, header row, one row per plan, target and unit.
pub fn targets_csv(site: &Site, all: &[Assessment]) -> String {
    let opt = |x: Option<f64>| x.map(plain).unwrap_or_default();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(TARGET_COLUMNS).expect("writing to memory");
    for r in rows(site, all) {
        w.write_record([
            r.plan.to_string(),
            r.target.to_string(),
            r.unit.to_string(),
            r.metric.to_string(),
            r.change.to_string(),
            r.baseline_year.to_string(),
            opt(r.baseline),
            r.latest_year.map(|y| y.to_string()).unwrap_or_default(),
            opt(r.latest),
            opt(r.average_change),
            opt(r.projection),
            r.target_year.to_string(),
            r.status.to_string(),
        ])
        .expect("writing to memory");
    }
    let body =
        String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of UTF-8 fields");
    format!("{BOM}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::status::assess_all;
    use crate::compute::testkit::*;
    use crate::model::{Level, Metric, Target};

    #[test]
    fn plain_numbers_are_those_of_four_place_formatting() {
        let mut x: f64 = 0.0;
        let mut seen = 0;
        for i in 0..200_000u64 {
            // A spread of magnitudes, signs and halves of the last place.
            x = (x * 1.000_37 + (i % 97) as f64 * 0.000_05 + 0.000_05).rem_euclid(2.0e6);
            for v in [x, -x, x / 1e4, -x / 1e3, (i as f64) * 0.000_05, 1e16, -1e17] {
                assert_eq!(plain(v), plain_by_float(v), "{v:?}");
                seen += 1;
            }
        }
        assert_eq!(plain(0.00004), "0");
        assert_eq!(plain(-0.00004), "0");
        assert_eq!(plain(12.5), "12.5");
        assert_eq!(plain(-3.0), "-3");
        assert_eq!(plain(0.0105), "0.0105");
        assert!(seen > 1_000_000);
    }

    fn site() -> Site {
        let mut k = Kit::new();
        let u = k.unit("68", "Lâm Đồng", Level::Province, None);
        k.rate(u, 2021, 5.0);
        k.rate(u, 2024, 1.1);
        let p = k.plan("lam-dong", u, 2022, 2025);
        k.target(p, annual(Metric::PoorRate, 1.0, Some(1.5)));
        k.target(
            p,
            Target {
                strict: true,
                ..level_by(Metric::NearPoorRate, 1.5, 2025)
            },
        );
        k.build()
    }

    #[test]
    fn csv_has_bom_header_and_plain_numbers() {
        let s = site();
        let csv = targets_csv(&s, &assess_all(&s));
        assert_eq!(
            csv,
            "\u{feff}plan,target,unit,metric,change,baseline_year,baseline,latest_year,latest,average_change,projection,target_year,status\n\
lam-dong,1,68,poor_rate,annual_reduction,2021,5,2024,1.1,1.3,0,2025,on_track\n\
lam-dong,2,68,near_poor_rate,level_by,2021,,,,,,2025,no_data\n"
        );
    }

    #[test]
    fn json_is_an_array_of_objects_with_nulls() {
        let s = site();
        let v: serde_json::Value =
            serde_json::from_str(&targets_json(&s, &assess_all(&s))).unwrap();
        let rows = v.as_array().unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["target"], 1);
        assert_eq!(rows[0]["average_change"], 1.3);
        assert_eq!(rows[0]["status"], "on_track");
        assert!(rows[1]["latest"].is_null());
        let keys: Vec<_> = rows[0].as_object().unwrap().keys().cloned().collect();
        let mut want: Vec<_> = TARGET_COLUMNS.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(keys, want);
    }

    #[test]
    fn numbers_are_rounded_to_four_decimals() {
        assert_eq!(plain(1.0 / 3.0), "0.3333");
        assert_eq!(plain(2.0), "2");
        assert_eq!(plain(-0.00001), "0");
        assert_eq!(plain(1234.56789), "1234.5679");
    }
}
