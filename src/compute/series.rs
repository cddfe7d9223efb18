//! The data a unit's trend chart draws, computed once from the model: the yearly values of the
//! drawn metrics split where the poverty standard changes, the target paths of every plan that
//! covers the unit, and those plans' milestones. Charts draw exactly this and nothing else.

use chrono::NaiveDate;
use serde::Serialize;

use crate::compute::metrics::figure_value;
use crate::compute::status::Assessment;
use crate::model::{Change, Metric, PlanId, Site, Target, UnitId};

/// The metrics a trend chart draws, in drawing order; the poor rate first.
pub const TREND_METRICS: [Metric; 3] = [
    Metric::PoorRate,
    Metric::NearPoorRate,
    Metric::EthnicMinorityPoorRate,
];

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    pub year: i32,
    pub value: f64,
    pub standard: String,
}

/// Consecutive points under one poverty standard: a line is drawn within a segment only.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Segment {
    pub standard: String,
    pub points: Vec<Point>,
}

/// One metric's values for the unit, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Line {
    pub metric: Metric,
    pub segments: Vec<Segment>,
}

impl Line {
    pub fn points(&self) -> impl Iterator<Item = &Point> {
        self.segments.iter().flat_map(|s| s.points.iter())
    }
    pub fn first(&self) -> Option<&Point> {
        self.points().next()
    }
    pub fn last(&self) -> Option<&Point> {
        self.segments.last().and_then(|s| s.points.last())
    }
}

/// Where the poverty standard changes between two consecutive years of the unit's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StandardBreak {
    /// The last year under the old standard.
    pub before_year: i32,
    /// The first year under the new one.
    pub after_year: i32,
    pub from: String,
    pub to: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PathKind {
    /// A path falling from the baseline by `at_least` (and `at_most`: a band) a year.
    Annual,
    /// A level to reach by a year (level_by; reduction_from_baseline of a drawn metric).
    Level,
}

/// A plan's target drawn on the unit's chart.
#[derive(Clone, Debug, Serialize)]
pub struct TargetPath {
    pub plan: PlanId,
    pub target: usize,
    pub metric: Metric,
    pub kind: PathKind,
    /// Annual: the slowest pace that meets the target (`at_least` a year), from the baseline
    /// year to the target year. Level: the level, from the baseline year to the target year.
    pub path: Vec<(i32, f64)>,
    /// Annual with `at_most`: the fastest pace of the range; between the two lies the band.
    pub band_to: Option<Vec<(i32, f64)>>,
    /// The target as the plan states it.
    #[serde(skip)]
    pub spec: Target,
    /// The plan's number ("1479/QĐ-UBND"), to tell several plans apart.
    pub plan_number: String,
    /// The status of this target for this unit, where assessed.
    pub assessment: Option<Assessment>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MilestoneMark {
    pub plan: PlanId,
    #[serde(serialize_with = "iso")]
    pub date: NaiveDate,
    pub title: String,
}

fn iso<S: serde::Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::format::iso_date(*d))
}

/// Everything a unit's trend chart shows.
#[derive(Clone, Debug, Serialize)]
pub struct UnitSeries {
    pub unit: UnitId,
    pub unit_code: String,
    /// "Huyện Đam Rông".
    pub unit_name: String,
    /// The drawn metrics that have at least one value, in [`TREND_METRICS`] order.
    pub lines: Vec<Line>,
    pub breaks: Vec<StandardBreak>,
    pub targets: Vec<TargetPath>,
    /// By date, then title.
    pub milestones: Vec<MilestoneMark>,
    /// Distinct `source` of the figures drawn, in year order.
    pub sources: Vec<String>,
    /// Some figure drawn is made up for illustration.
    pub illustrative: bool,
}

impl UnitSeries {
    pub fn line(&self, metric: Metric) -> Option<&Line> {
        self.lines.iter().find(|l| l.metric == metric)
    }
    /// No value to draw at all.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// Whether target `t` of `plan` is assessed for `unit` on its own (not `share_of_units`).
pub fn target_applies(site: &Site, plan: PlanId, t: &Target, unit: UnitId) -> bool {
    let p = &site.plans[plan];
    match (t.change, t.applies_to) {
        (Change::ShareOfUnits, _) => false,
        (_, None) => p.unit == unit,
        (_, Some(level)) => {
            site.units[unit].level == level && unit != p.unit && site.is_within(unit, p.unit)
        }
    }
}

/// Plans that cover `unit`: its own, and those with a target applying to its level below the
/// plan's unit. Sorted by plan id.
pub fn plans_covering(site: &Site, unit: UnitId) -> Vec<PlanId> {
    // Only a plan of the unit or of one of its ancestors can cover it (see `target_applies`).
    let mut out: Vec<PlanId> = site
        .ancestry(unit)
        .into_iter()
        .flat_map(|a| site.links.unit_plans[a].iter().copied())
        .filter(|&p| {
            site.plans[p].unit == unit
                || site.plans[p]
                    .targets
                    .iter()
                    .any(|t| target_applies(site, p, t, unit))
        })
        .collect();
    out.sort_by(|&a, &b| site.plans[a].id.cmp(&site.plans[b].id).then(a.cmp(&b)));
    out
}

/// Splits values (oldest first) wherever the standard changes.
pub fn segments(points: Vec<Point>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for p in points {
        match out.last_mut() {
            Some(s) if s.standard == p.standard => s.points.push(p),
            _ => out.push(Segment {
                standard: p.standard.clone(),
                points: vec![p],
            }),
        }
    }
    out
}

/// The trend chart's data for `unit`. `assessments` is [`crate::compute::status::assess_all`]'s
/// output (or any part of it holding this unit's rows); it gives each target path its status.
pub fn unit_series(site: &Site, unit: UnitId, assessments: &[Assessment]) -> UnitSeries {
    let figures: Vec<_> = site
        .unit_figures(unit)
        .filter(|f| TREND_METRICS.iter().any(|&m| figure_value(f, m).is_some()))
        .collect();

    let lines: Vec<Line> = TREND_METRICS
        .iter()
        .filter_map(|&metric| {
            let points: Vec<Point> = figures
                .iter()
                .filter_map(|f| {
                    Some(Point {
                        year: f.year,
                        value: figure_value(f, metric)?,
                        standard: f.standard.clone(),
                    })
                })
                .collect();
            (!points.is_empty()).then(|| Line {
                metric,
                segments: segments(points),
            })
        })
        .collect();

    let breaks = figures
        .windows(2)
        .filter(|w| w[0].standard != w[1].standard)
        .map(|w| StandardBreak {
            before_year: w[0].year,
            after_year: w[1].year,
            from: w[0].standard.clone(),
            to: w[1].standard.clone(),
        })
        .collect();

    let mut sources: Vec<String> = Vec::new();
    for f in &figures {
        if let Some(s) = f.source.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            if !sources.iter().any(|x| x == s) {
                sources.push(s.to_string());
            }
        }
    }

    let plans = plans_covering(site, unit);
    let mut targets = Vec::new();
    let mut milestones = Vec::new();
    for &pid in &plans {
        let p = &site.plans[pid];
        // Reviews (milestones with an occasion) are what a reader needs on a chart; reporting
        // deadlines would crowd it. A plan whose milestones name no occasion shows them all.
        let any_review = p.milestones.iter().any(|m| m.occasion.is_some());
        for m in p
            .milestones
            .iter()
            .filter(|m| !any_review || m.occasion.is_some())
        {
            milestones.push(MilestoneMark {
                plan: pid,
                date: m.date,
                title: m.title.clone(),
            });
        }
        for (ti, t) in p.targets.iter().enumerate() {
            if !TREND_METRICS.contains(&t.metric) || !target_applies(site, pid, t, unit) {
                continue;
            }
            let by = p.baseline_year;
            let ty = t.year.unwrap_or(p.end);
            let Some(base) = site
                .figure(unit, by)
                .and_then(|f| figure_value(f, t.metric))
            else {
                continue;
            };
            let assessment = assessments
                .iter()
                .find(|a| a.plan == pid && a.target == ti && a.unit == unit)
                .cloned();
            let along = |pace: f64| -> Vec<(i32, f64)> {
                (by..=ty.max(by))
                    .map(|y| {
                        let k = (y - by) as f64;
                        let v = if t.relative {
                            base * (1.0 - pace / 100.0).powf(k)
                        } else {
                            base - pace * k
                        };
                        (y, v.max(0.0))
                    })
                    .collect()
            };
            let (kind, path, band_to) = match t.change {
                Change::AnnualReduction => {
                    let Some(lo) = t.at_least.or(t.at_most) else {
                        continue;
                    };
                    let hi = t.at_most.filter(|_| t.at_least.is_some());
                    (PathKind::Annual, along(lo), hi.map(along))
                }
                Change::LevelBy => {
                    let Some(below) = t.below else { continue };
                    (PathKind::Level, vec![(by, below), (ty, below)], None)
                }
                Change::ReductionFromBaseline => {
                    let Some(pct) = t.at_least else { continue };
                    let level = base * (1.0 - pct / 100.0);
                    (PathKind::Level, vec![(by, level), (ty, level)], None)
                }
                Change::ShareOfUnits => continue,
            };
            targets.push(TargetPath {
                plan: pid,
                target: ti,
                metric: t.metric,
                kind,
                path,
                band_to,
                spec: t.clone(),
                plan_number: p.number.clone(),
                assessment,
            });
        }
    }
    milestones.sort_by(|a, b| (a.date, &a.title).cmp(&(b.date, &b.title)));
    milestones.dedup_by(|a, b| a.date == b.date && a.title == b.title);

    UnitSeries {
        unit,
        unit_code: site.units[unit].code.clone(),
        unit_name: site.units[unit].full_name(),
        illustrative: figures.iter().any(|f| f.illustrative),
        lines,
        breaks,
        targets,
        milestones,
        sources,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::status::assess_all;
    use crate::compute::testkit::*;
    use crate::model::{Level, Target};

    #[test]
    fn series_breaks_where_the_standard_changes() {
        let mut k = Kit::new();
        let u = k.unit("44", "Quảng Bình", Level::Province, None);
        for (y, r) in [
            (2018, 6.0),
            (2019, 4.5),
            (2020, 3.1),
            (2021, 6.5),
            (2022, 5.2),
        ] {
            k.rate(u, y, r);
        }
        let site = k.build();
        let s = unit_series(&site, u, &[]);
        let poor = s.line(Metric::PoorRate).unwrap();
        let years: Vec<Vec<i32>> = poor
            .segments
            .iter()
            .map(|g| g.points.iter().map(|p| p.year).collect())
            .collect();
        assert_eq!(years, vec![vec![2018, 2019, 2020], vec![2021, 2022]]);
        assert_eq!(poor.segments[0].standard, "2016-2020");
        assert_eq!(
            s.breaks,
            vec![StandardBreak {
                before_year: 2020,
                after_year: 2021,
                from: "2016-2020".into(),
                to: "2022-2025".into()
            }]
        );
    }

    #[test]
    fn series_without_a_change_of_standard_has_one_segment() {
        let mut k = Kit::new();
        let u = k.unit("68", "Lâm Đồng", Level::Province, None);
        k.rate(u, 2022, 3.0);
        k.rate(u, 2024, 2.0);
        let site = k.build();
        let s = unit_series(&site, u, &[]);
        assert_eq!(s.lines.len(), 1);
        assert_eq!(s.lines[0].segments.len(), 1);
        assert!(s.breaks.is_empty());
    }

    #[test]
    fn a_custom_standard_in_the_middle_makes_two_breaks() {
        let mut k = Kit::new();
        let u = k.unit("68", "Lâm Đồng", Level::Province, None);
        k.rate(u, 2022, 3.0);
        k.record(u, 2023, |f| {
            f.poor_rate = Some(2.5);
            f.standard = "thu-nghiem".into();
        });
        k.rate(u, 2024, 2.0);
        let site = k.build();
        let s = unit_series(&site, u, &[]);
        assert_eq!(s.lines[0].segments.len(), 3);
        assert_eq!(s.breaks.len(), 2);
    }

    #[test]
    fn near_poor_and_ethnic_minority_lines_only_where_present() {
        let mut k = Kit::new();
        let u = k.unit("68", "Lâm Đồng", Level::Province, None);
        k.record(u, 2022, |f| {
            f.households = Some(100);
            f.poor = Some(3);
            f.near_poor = Some(4);
        });
        let site = k.build();
        let s = unit_series(&site, u, &[]);
        let metrics: Vec<_> = s.lines.iter().map(|l| l.metric).collect();
        assert_eq!(metrics, vec![Metric::PoorRate, Metric::NearPoorRate]);
    }

    #[test]
    fn annual_range_becomes_a_band_from_the_baseline() {
        let mut k = Kit::new();
        let u = k.unit("68", "Lâm Đồng", Level::Province, None);
        k.rate(u, 2021, 5.0);
        k.rate(u, 2023, 3.0);
        let p = k.plan("lam-dong", u, 2022, 2025);
        k.target(p, annual(Metric::PoorRate, 1.0, Some(1.5)));
        k.target(
            p,
            Target {
                strict: true,
                ..level_by(Metric::PoorRate, 1.5, 2025)
            },
        );
        k.target(p, annual(Metric::PoorHouseholds, 100.0, None)); // not drawn
        k.milestone(p, (2025, 12, 31), "Tổng kết");
        k.milestone(p, (2023, 12, 31), "Sơ kết");
        let site = k.build();
        let all = assess_all(&site);
        let s = unit_series(&site, u, &all);
        assert_eq!(s.targets.len(), 2);
        let band = &s.targets[0];
        assert_eq!(band.kind, PathKind::Annual);
        assert_eq!(
            band.path,
            vec![
                (2021, 5.0),
                (2022, 4.0),
                (2023, 3.0),
                (2024, 2.0),
                (2025, 1.0)
            ]
        );
        assert_eq!(band.band_to.as_ref().unwrap().last(), Some(&(2025, 0.0)));
        assert!(band.assessment.is_some());
        let level = &s.targets[1];
        assert_eq!(
            (level.kind, level.path.clone()),
            (PathKind::Level, vec![(2021, 1.5), (2025, 1.5)])
        );
        let titles: Vec<_> = s.milestones.iter().map(|m| m.title.as_str()).collect();
        assert_eq!(titles, ["Sơ kết", "Tổng kết"]);
    }

    #[test]
    fn a_plan_above_covers_units_of_its_applies_to_level() {
        let mut k = Kit::new();
        let pr = k.unit("68", "Lâm Đồng", Level::Province, None);
        let d = k.unit("674", "Đam Rông", Level::District, Some(pr));
        k.rate(d, 2021, 10.0);
        let p = k.plan("lam-dong", pr, 2022, 2025);
        k.target(p, annual(Metric::PoorRate, 1.0, None)); // the province's own
        k.target(
            p,
            Target {
                applies_to: Some(Level::District),
                ..annual(Metric::PoorRate, 3.0, None)
            },
        );
        let site = k.build();
        let s = unit_series(&site, d, &[]);
        assert_eq!(s.targets.len(), 1);
        assert_eq!(s.targets[0].target, 1);
        assert_eq!(s.targets[0].path[1], (2022, 7.0));
        assert_eq!(plans_covering(&site, d), vec![p]);
    }

    #[test]
    fn sources_are_distinct_in_year_order() {
        let mut k = Kit::new();
        let u = k.unit("68", "Lâm Đồng", Level::Province, None);
        for (y, src) in [(2022, "QĐ 2"), (2023, "QĐ 1"), (2024, "QĐ 2")] {
            k.record(u, y, |f| {
                f.poor_rate = Some(1.0);
                f.source = Some(src.into());
            });
        }
        let site = k.build();
        assert_eq!(unit_series(&site, u, &[]).sources, ["QĐ 2", "QĐ 1"]);
    }
}
