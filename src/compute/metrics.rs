//! The value of each metric for a unit and a year, as FORMATS.md defines it.
//!
//! Rates are derived from counts (count ÷ households × 100) where the counts are given, and
//! taken from the record's own rate otherwise. `extremely_difficult_units` is not a property of
//! one unit and one year: it needs the plan's counted units and baseline, so it has its own
//! functions here. Nothing in this module formats or reads files.

use crate::diag::Lang;
use crate::model::{Figure, Level, Metric, Site, UnitId};

/// What a metric is called in the site language: "Tỷ lệ hộ nghèo" / "Poverty rate".
pub fn name(metric: Metric, lang: Lang) -> &'static str {
    match metric {
        Metric::PoorRate => lang.pick("Tỷ lệ hộ nghèo", "Poverty rate"),
        Metric::NearPoorRate => lang.pick("Tỷ lệ hộ cận nghèo", "Near-poverty rate"),
        Metric::PoorAndNearPoorRate => {
            lang.pick("Tỷ lệ hộ nghèo và cận nghèo", "Poor and near-poor rate")
        }
        Metric::EthnicMinorityPoorRate => lang.pick(
            "Tỷ lệ hộ nghèo dân tộc thiểu số",
            "Ethnic-minority poverty rate",
        ),
        Metric::PoorHouseholds => lang.pick("Số hộ nghèo", "Poor households"),
        Metric::PoorAndNearPoorHouseholds => {
            lang.pick("Số hộ nghèo và cận nghèo", "Poor and near-poor households")
        }
        Metric::ExtremelyDifficultUnits => lang.pick(
            "Tỷ lệ đơn vị ra khỏi diện đặc biệt khó khăn",
            "Share of units out of extremely difficult status",
        ),
        Metric::FellBackShare => lang.pick("Tỷ lệ tái nghèo", "Share falling back into poverty"),
    }
}

/// `part ÷ whole × 100`, or None when the whole is missing or zero.
fn percent_of(part: Option<u64>, whole: Option<u64>) -> Option<f64> {
    match (part, whole) {
        (Some(p), Some(w)) if w > 0 => Some(p as f64 / w as f64 * 100.0),
        _ => None,
    }
}

/// The value of `metric` in one record, where the record holds what it needs.
/// `extremely_difficult_units` always gives None here (see [`share_left`]).
pub fn figure_value(f: &Figure, metric: Metric) -> Option<f64> {
    match metric {
        Metric::PoorRate => percent_of(f.poor, f.households).or(f.poor_rate),
        Metric::NearPoorRate => percent_of(f.near_poor, f.households).or(f.near_poor_rate),
        Metric::PoorAndNearPoorRate => match (f.poor, f.near_poor, f.households) {
            (Some(p), Some(n), h) => percent_of(Some(p + n), h),
            _ => None,
        }
        .or_else(|| {
            Some(figure_value(f, Metric::PoorRate)? + figure_value(f, Metric::NearPoorRate)?)
        }),
        Metric::EthnicMinorityPoorRate => {
            percent_of(f.ethnic_minority_poor, f.ethnic_minority_households)
                .or(f.ethnic_minority_poor_rate)
        }
        Metric::PoorHouseholds => f.poor.map(|p| p as f64),
        Metric::PoorAndNearPoorHouseholds => Some((f.poor? + f.near_poor?) as f64),
        Metric::FellBackShare => percent_of(f.fell_back, Some(f.poor? + f.near_poor?)),
        Metric::ExtremelyDifficultUnits => None,
    }
}

/// The value of `metric` for `unit` in `year`, or None where the figures do not give it.
/// `extremely_difficult_units` needs a plan's context: use [`share_left`].
pub fn value(site: &Site, unit: UnitId, year: i32, metric: Metric) -> Option<f64> {
    figure_value(site.figure(unit, year)?, metric)
}

/// Every year of `unit` with a value of `metric`, oldest first, with the record's standard.
pub fn values(site: &Site, unit: UnitId, metric: Metric) -> Vec<(i32, f64, &str)> {
    site.unit_figures(unit)
        .filter_map(|f| figure_value(f, metric).map(|v| (f.year, v, f.standard.as_str())))
        .collect()
}

/// The units a `share_of_units` target counts: those of `level` below `plan_unit` whose
/// `baseline_year` record says `extremely_difficult = true`. `level` None counts the direct
/// children. In unit order.
pub fn counted_units(
    site: &Site,
    plan_unit: UnitId,
    level: Option<Level>,
    baseline_year: i32,
) -> Vec<UnitId> {
    let candidates = match level {
        Some(level) => site.descendants_at(plan_unit, level),
        None => site.units[plan_unit].children.clone(),
    };
    let mut out: Vec<UnitId> = candidates
        .into_iter()
        .filter(|&u| {
            site.figure(u, baseline_year)
                .and_then(|f| f.extremely_difficult)
                == Some(true)
        })
        .collect();
    out.sort_unstable();
    out
}

/// How many of the counted units had left "extremely difficult" status by `year`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShareLeft {
    /// Units counted at the baseline.
    pub counted: usize,
    /// Of them, those whose latest record after the baseline and not after `year` says false.
    pub left: usize,
    /// `left ÷ counted × 100`.
    pub percent: f64,
    /// The latest year any counted unit has a status record for (after the baseline).
    pub year: i32,
}

/// The `extremely_difficult_units` value: of `counted` (units extremely difficult at
/// `baseline_year`), the percent whose latest record after the baseline, not after `year`,
/// says `extremely_difficult = false`. A unit with no such record has not left. None when no
/// counted unit has any status record after the baseline (nothing known yet) or none are counted.
pub fn share_left(
    site: &Site,
    counted: &[UnitId],
    baseline_year: i32,
    year: i32,
) -> Option<ShareLeft> {
    if counted.is_empty() {
        return None;
    }
    let mut left = 0;
    let mut latest: Option<i32> = None;
    for &u in counted {
        let last = site
            .unit_figures(u)
            .filter(|f| f.year > baseline_year && f.year <= year)
            .filter_map(|f| f.extremely_difficult.map(|d| (f.year, d)))
            .last();
        if let Some((y, difficult)) = last {
            latest = Some(latest.map_or(y, |l| l.max(y)));
            if !difficult {
                left += 1;
            }
        }
    }
    let year = latest?;
    Some(ShareLeft {
        counted: counted.len(),
        left,
        percent: left as f64 / counted.len() as f64 * 100.0,
        year,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::testkit::*;

    fn record() -> Figure {
        Figure {
            households: Some(1000),
            poor: Some(50),
            near_poor: Some(30),
            ethnic_minority_households: Some(200),
            ethnic_minority_poor: Some(40),
            fell_back: Some(4),
            ..Default::default()
        }
    }

    #[test]
    fn rates_are_counts_over_households() {
        let f = record();
        assert_eq!(figure_value(&f, Metric::PoorRate), Some(5.0));
        assert_eq!(figure_value(&f, Metric::NearPoorRate), Some(3.0));
        assert_eq!(figure_value(&f, Metric::PoorAndNearPoorRate), Some(8.0));
        assert_eq!(figure_value(&f, Metric::EthnicMinorityPoorRate), Some(20.0));
    }

    #[test]
    fn counts_and_fell_back_share_follow_the_table() {
        let f = record();
        assert_eq!(figure_value(&f, Metric::PoorHouseholds), Some(50.0));
        assert_eq!(
            figure_value(&f, Metric::PoorAndNearPoorHouseholds),
            Some(80.0)
        );
        assert_eq!(figure_value(&f, Metric::FellBackShare), Some(5.0));
        assert_eq!(figure_value(&f, Metric::ExtremelyDifficultUnits), None);
    }

    #[test]
    fn given_rates_are_used_when_counts_are_missing() {
        let f = Figure {
            poor_rate: Some(2.5),
            near_poor_rate: Some(1.5),
            ethnic_minority_poor_rate: Some(9.0),
            ..Default::default()
        };
        assert_eq!(figure_value(&f, Metric::PoorRate), Some(2.5));
        assert_eq!(figure_value(&f, Metric::PoorAndNearPoorRate), Some(4.0));
        assert_eq!(figure_value(&f, Metric::EthnicMinorityPoorRate), Some(9.0));
        assert_eq!(figure_value(&f, Metric::PoorHouseholds), None);
    }

    #[test]
    fn counts_win_over_given_rates() {
        let f = Figure {
            households: Some(200),
            poor: Some(3),
            poor_rate: Some(1.52),
            ..Default::default()
        };
        assert_eq!(figure_value(&f, Metric::PoorRate), Some(1.5));
    }

    #[test]
    fn zero_households_give_no_rate() {
        let f = Figure {
            households: Some(0),
            poor: Some(0),
            ..Default::default()
        };
        assert_eq!(figure_value(&f, Metric::PoorRate), None);
    }

    #[test]
    fn value_looks_up_the_unit_and_year() {
        let mut k = Kit::new();
        let p = k.unit("68", "Lâm Đồng", Level::Province, None);
        k.fig(p, 2021, 1000, 50);
        k.fig(p, 2022, 1000, 40);
        let site = k.build();
        assert_eq!(value(&site, p, 2022, Metric::PoorRate), Some(4.0));
        assert_eq!(value(&site, p, 2023, Metric::PoorRate), None);
    }

    #[test]
    fn share_left_counts_units_difficult_at_the_baseline() {
        let mut k = Kit::new();
        let d = k.unit("052", "Nguyên Bình", Level::District, None);
        let c = k.unit("01", "Thể Dục", Level::Commune, Some(d));
        let h: Vec<_> = (0..5)
            .map(|i| {
                k.unit(
                    &format!("h{i}"),
                    &format!("Xóm {i}"),
                    Level::Hamlet,
                    Some(c),
                )
            })
            .collect();
        for (i, &u) in h.iter().enumerate() {
            k.difficult(u, 2020, i < 4); // four counted, the fifth was never difficult
        }
        k.difficult(h[0], 2022, false);
        k.difficult(h[1], 2022, false);
        k.difficult(h[1], 2023, true); // fell back in
        k.difficult(h[2], 2024, false); // after the year asked
        k.difficult(h[4], 2022, false);
        let site = k.build();
        let counted = counted_units(&site, d, Some(Level::Hamlet), 2020);
        assert_eq!(counted, h[..4].to_vec());
        let s = share_left(&site, &counted, 2020, 2023).unwrap();
        assert_eq!((s.counted, s.left, s.year), (4, 1, 2023));
        assert_eq!(s.percent, 25.0);
        let s = share_left(&site, &counted, 2020, 2025).unwrap();
        assert_eq!((s.left, s.year), (2, 2024));
        assert_eq!(share_left(&site, &counted, 2020, 2021), None);
    }
}
