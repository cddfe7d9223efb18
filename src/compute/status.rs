//! Target status: for each target of each plan and each unit it applies to, how far the unit
//! has come from the plan's baseline and whether that meets the target.
//!
//! The rules (PRODUCT.md, "Target status"):
//! - baseline: the unit's value in the plan's `baseline_year`;
//! - latest: the unit's latest value after the baseline year and not after the target year;
//! - average change: (baseline − latest) ÷ years, so a fall is positive; for a `relative`
//!   annual reduction the compound percent a year; for `share_of_units` the percentage points
//!   of counted units that left a year;
//! - projection: the latest value carried to the target year at that pace (linear; geometric
//!   for relative), never below 0 (nor above 100 for a share);
//! - status: `NoData` without a baseline or a later year; `NotComparable` when the poverty
//!   standard of the two records differs; otherwise `Met`, `OnTrack` or `Behind` by the change
//!   kind (see [`assess`]).
//!
//! Pure functions of the model; the words shown to readers come from [`sentence`].

use serde::Serialize;

use crate::compute::metrics::{counted_units, figure_value, share_left};
use crate::diag::Lang;
use crate::format;
use crate::model::{Change, Metric, PlanId, Site, Target, UnitId};

/// Comparisons allow this much floating-point noise: 3 ÷ 200 × 100 is 1.5, not 1.5000000000000002.
const EPS: f64 = 1e-9;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    OnTrack,
    Behind,
    NoData,
    NotComparable,
}

impl Status {
    pub const ALL: [Status; 5] = [Status::Met, Status::OnTrack, Status::Behind, Status::NoData, Status::NotComparable];

    /// The machine code used in open data and CSS classes.
    pub fn code(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::OnTrack => "on_track",
            Status::Behind => "behind",
            Status::NoData => "no_data",
            Status::NotComparable => "not_comparable",
        }
    }

    /// The label readers see: "Đúng tiến độ" / "On track".
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Met => lang.pick("Đạt", "Met"),
            Status::OnTrack => lang.pick("Đúng tiến độ", "On track"),
            Status::Behind => lang.pick("Chậm", "Behind"),
            Status::NoData => lang.pick("Chưa đủ dữ liệu", "No data yet"),
            Status::NotComparable => lang.pick("Không so sánh được", "Not comparable"),
        }
    }

    fn lower(self, lang: Lang) -> String {
        let l = self.label(lang);
        let mut c = l.chars();
        match c.next() {
            Some(f) => f.to_lowercase().chain(c).collect(),
            None => String::new(),
        }
    }
}

/// The status of one target for one unit, with the numbers behind it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assessment {
    /// Index into `Site::plans`.
    pub plan: PlanId,
    /// Index into the plan's `targets` (0-based; open data shows it 1-based).
    pub target: usize,
    /// The unit assessed; for `share_of_units` the plan's own unit.
    pub unit: UnitId,
    pub metric: Metric,
    pub change: Change,
    /// An annual reduction read in percent of the value rather than in points.
    pub relative: bool,
    pub baseline_year: i32,
    /// For `share_of_units`: 0 (no counted unit had left at the baseline).
    pub baseline: Option<f64>,
    pub baseline_standard: Option<String>,
    pub latest_year: Option<i32>,
    pub latest: Option<f64>,
    pub latest_standard: Option<String>,
    /// Per year: a fall in points (or households) is positive; percent a year when relative;
    /// for `share_of_units` the points of counted units leaving a year.
    pub average_change: Option<f64>,
    /// The value expected in the target year at the average pace.
    pub projection: Option<f64>,
    pub target_year: i32,
    /// `share_of_units`: how many units were counted at the baseline, and how many have left.
    pub counted: Option<usize>,
    pub left: Option<usize>,
    pub status: Status,
}

fn exceeds(x: f64, bound: f64, strict: bool) -> bool {
    if strict {
        x > bound + EPS
    } else {
        x >= bound - EPS
    }
}

fn within(x: f64, bound: f64, strict: bool) -> bool {
    if strict {
        x < bound - EPS
    } else {
        x <= bound + EPS
    }
}

/// The year a target must be reached by: its own `year`, or the plan's end.
pub fn target_year(site: &Site, plan: PlanId, target: usize) -> i32 {
    let p = &site.plans[plan];
    p.targets[target].year.unwrap_or(p.end)
}

/// The units a target is assessed for, in unit order: the plan's unit (`applies_to` "self" and
/// every `share_of_units` target), or each unit of the named level below it.
pub fn target_units(site: &Site, plan: PlanId, target: usize) -> Vec<UnitId> {
    let p = &site.plans[plan];
    let t = &p.targets[target];
    match (t.change, t.applies_to) {
        (Change::ShareOfUnits, _) | (_, None) => vec![p.unit],
        (_, Some(level)) => {
            let mut units = site.descendants_at(p.unit, level);
            units.sort_unstable();
            units
        }
    }
}

/// Every target of every plan for every unit it applies to, sorted by plan id, target position
/// and unit order.
pub fn assess_all(site: &Site) -> Vec<Assessment> {
    let mut plans: Vec<PlanId> = (0..site.plans.len()).collect();
    plans.sort_by(|&a, &b| site.plans[a].id.cmp(&site.plans[b].id).then(a.cmp(&b)));
    plans.into_iter().flat_map(|p| assess_plan(site, p)).collect()
}

/// Every target of one plan, in target order, then unit order.
pub fn assess_plan(site: &Site, plan: PlanId) -> Vec<Assessment> {
    (0..site.plans[plan].targets.len())
        .flat_map(|t| target_units(site, plan, t).into_iter().map(move |u| assess(site, plan, t, u)))
        .collect()
}

/// The assessments of one unit (as filtered from [`assess_all`]'s output), in their order.
pub fn for_unit(all: &[Assessment], unit: UnitId) -> Vec<&Assessment> {
    all.iter().filter(|a| a.unit == unit).collect()
}

/// Assesses target `target` of `plan` for `unit`.
///
/// - annual_reduction: Met when the target year has been reached and the average fall a year
///   meets `at_least` (> when strict; going beyond `at_most` still counts); before that OnTrack
///   when it does, Behind when not.
/// - level_by: Met as soon as the latest value is at or below `below` (< when strict); else
///   Behind once the target year is reached; else OnTrack when the projection to the target
///   year is, Behind when not.
/// - reduction_from_baseline: the same, with the fall in percent of the baseline against
///   `at_least` (> when strict).
/// - share_of_units: the same, with the percent of counted units that left against `at_least`;
///   `unit` is ignored: the plan's unit holds the status.
pub fn assess(site: &Site, plan: PlanId, target: usize, unit: UnitId) -> Assessment {
    assess_until(site, plan, target, unit, i32::MAX)
}

/// [`assess`] as it stood at the end of `until`: figures of later years are not read (for the
/// annual report of that year).
pub fn assess_until(site: &Site, plan: PlanId, target: usize, unit: UnitId, until: i32) -> Assessment {
    let p = &site.plans[plan];
    let t = &p.targets[target];
    let target_year = t.year.unwrap_or(p.end);
    let by = p.baseline_year;
    let mut a = Assessment {
        plan,
        target,
        unit,
        metric: t.metric,
        change: t.change,
        relative: t.relative && t.change == Change::AnnualReduction,
        baseline_year: by,
        baseline: None,
        baseline_standard: None,
        latest_year: None,
        latest: None,
        latest_standard: None,
        average_change: None,
        projection: None,
        target_year,
        counted: None,
        left: None,
        status: Status::NoData,
    };
    if t.change == Change::ShareOfUnits {
        a.unit = p.unit;
        assess_share(site, t, &mut a, until);
        return a;
    }

    let base = site.figure(unit, by).and_then(|f| Some((f, figure_value(f, t.metric)?)));
    let latest = site
        .unit_figures(unit)
        .filter(|f| f.year > by && f.year <= target_year && f.year <= until)
        .filter_map(|f| Some((f, figure_value(f, t.metric)?)))
        .last();
    if let Some((f, v)) = base {
        a.baseline = Some(v);
        a.baseline_standard = Some(f.standard.clone());
    }
    if let Some((f, v)) = latest {
        a.latest_year = Some(f.year);
        a.latest = Some(v);
        a.latest_standard = Some(f.standard.clone());
    }
    let (Some((bf, b)), Some((lf, l))) = (base, latest) else {
        return a;
    };
    if bf.standard != lf.standard {
        a.status = Status::NotComparable;
        return a;
    }
    let years = (lf.year - by) as f64;
    let ahead = (target_year - lf.year) as f64;
    let reached = lf.year >= target_year;

    if a.relative {
        if b <= 0.0 || l < 0.0 {
            return a; // nothing to reduce in percent of: no reading
        }
        let rate = (1.0 - (l / b).powf(1.0 / years)) * 100.0;
        a.average_change = Some(rate);
        a.projection = Some((l * (1.0 - rate / 100.0).powf(ahead)).max(0.0));
    } else {
        let avg = (b - l) / years;
        a.average_change = Some(avg);
        a.projection = Some((l - avg * ahead).max(0.0));
    }
    let avg = a.average_change.unwrap_or(0.0);
    let proj = a.projection.unwrap_or(l);

    a.status = match t.change {
        Change::AnnualReduction => {
            let floor = t.at_least.or(t.at_most).unwrap_or(0.0);
            match (exceeds(avg, floor, t.strict), reached) {
                (true, true) => Status::Met,
                (true, false) => Status::OnTrack,
                (false, _) => Status::Behind,
            }
        }
        Change::LevelBy => {
            let Some(below) = t.below else { return a };
            judge(within(l, below, t.strict), reached, within(proj, below, t.strict))
        }
        Change::ReductionFromBaseline => {
            let Some(need) = t.at_least else { return a };
            if b <= 0.0 {
                return a; // no baseline to fall from
            }
            let fall = |v: f64| (b - v) / b * 100.0;
            judge(exceeds(fall(l), need, t.strict), reached, exceeds(fall(proj), need, t.strict))
        }
        Change::ShareOfUnits => unreachable!("handled above"),
    };
    a
}

/// Met when reached now; Behind when the year is over; else by the projection.
fn judge(now: bool, year_reached: bool, projected: bool) -> Status {
    if now {
        Status::Met
    } else if year_reached || !projected {
        Status::Behind
    } else {
        Status::OnTrack
    }
}

fn assess_share(site: &Site, t: &Target, a: &mut Assessment, until: i32) {
    let plan_unit = a.unit;
    let counted = counted_units(site, plan_unit, t.applies_to, a.baseline_year);
    if counted.is_empty() {
        return;
    }
    a.counted = Some(counted.len());
    a.baseline = Some(0.0);
    let Some(s) = share_left(site, &counted, a.baseline_year, a.target_year.min(until)) else {
        return;
    };
    a.left = Some(s.left);
    a.latest = Some(s.percent);
    a.latest_year = Some(s.year);
    let avg = s.percent / (s.year - a.baseline_year) as f64;
    let proj = (s.percent + avg * (a.target_year - s.year) as f64).min(100.0);
    a.average_change = Some(avg);
    a.projection = Some(proj);
    let need = t.at_least.unwrap_or(100.0);
    a.status = judge(exceeds(s.percent, need, t.strict), s.year >= a.target_year, exceeds(proj, need, t.strict));
}

// ---------------------------------------------------------------------------------------------
// Words

/// The poverty standard's name for readers: "2016-2020" → "2016–2020".
pub fn standard_name(s: &str) -> String {
    match s.split_once('-') {
        Some((a, b)) if !a.is_empty() && !b.is_empty() && a.chars().chain(b.chars()).all(|c| c.is_ascii_digit()) => {
            format!("{a}–{b}")
        }
        _ => s.to_string(),
    }
}

/// A target's bound with as few decimals as it needs, at least one below 10: `1,0`, `1,5`, `20`.
pub fn bound(lang: Lang, x: f64) -> String {
    let places = if x.fract().abs() < EPS && x.abs() >= 10.0 {
        0
    } else {
        (1..=3).find(|&p| ((x * 10f64.powi(p)).round() / 10f64.powi(p) - x).abs() < EPS).unwrap_or(3) as usize
    };
    format::decimal(lang, x, places)
}

fn pct_suffix(lang: Lang) -> &'static str {
    lang.pick(" %", "%")
}

/// A value of `metric` for readers: `1,62 %`, `8.478 hộ`.
pub fn value_text(lang: Lang, metric: Metric, x: f64) -> String {
    if metric.is_percent() {
        format::percent(lang, x, 2)
    } else {
        format!("{} {}", format::int(lang, x.round() as i64), lang.pick("hộ", "households"))
    }
}

/// A target bound of `metric`: `1,5 %`, `1.000 hộ`.
fn bound_text(lang: Lang, metric: Metric, x: f64) -> String {
    if metric.is_percent() {
        format!("{}{}", bound(lang, x), pct_suffix(lang))
    } else {
        format!("{} {}", format::int(lang, x.round() as i64), lang.pick("hộ", "households"))
    }
}

/// Explains an assessment in a sentence, e.g.
/// "Bình quân giảm 1,30 điểm %/năm (2021–2024), mục tiêu 1,0–1,5: đúng tiến độ."
pub fn sentence(a: &Assessment, target: &Target, lang: Lang) -> String {
    let status = a.status.lower(lang);
    let by = a.baseline_year;
    match a.status {
        Status::NoData => {
            let why = if a.change == Change::ShareOfUnits && a.counted.is_none() {
                match lang {
                    Lang::Vi => format!("năm {by} chưa có đơn vị nào được ghi nhận thuộc diện đặc biệt khó khăn"),
                    Lang::En => format!("no unit is recorded as extremely difficult in {by}"),
                }
            } else if a.baseline.is_none() {
                match lang {
                    Lang::Vi => format!("chưa có số liệu năm {by} (đầu kỳ)"),
                    Lang::En => format!("no figures for {by}, the baseline year"),
                }
            } else if a.latest.is_none() {
                match lang {
                    Lang::Vi => format!("chưa có số liệu sau năm {by}"),
                    Lang::En => format!("no figures after {by}"),
                }
            } else {
                lang.pick("số liệu không đủ để tính", "the figures are not enough to compute it").to_string()
            };
            return format!("{}: {why}.", a.status.label(lang));
        }
        Status::NotComparable => {
            let (bs, ls) = (
                standard_name(a.baseline_standard.as_deref().unwrap_or("")),
                standard_name(a.latest_standard.as_deref().unwrap_or("")),
            );
            let ly = a.latest_year.unwrap_or(by);
            return match lang {
                Lang::Vi => format!(
                    "Không so sánh được: số liệu năm {by} theo chuẩn nghèo {bs}, năm {ly} theo chuẩn {ls}."
                ),
                Lang::En => format!(
                    "Not comparable: the {by} figures use the {bs} poverty standard, the {ly} figures the {ls} standard."
                ),
            };
        }
        _ => {}
    }
    let (b, l, ly) = (a.baseline.unwrap_or(0.0), a.latest.unwrap_or(0.0), a.latest_year.unwrap_or(by));
    let ty = a.target_year;
    let avg = a.average_change.unwrap_or(0.0);
    let show_projection = a.status != Status::Met && ly < ty;
    let projection = a.projection.unwrap_or(l);
    match a.change {
        Change::AnnualReduction => {
            let pace = if a.relative {
                format!("{}{}", format::decimal(lang, avg.abs(), 2), pct_suffix(lang))
            } else if a.metric.is_percent() {
                format::points(lang, avg.abs(), 2)
            } else {
                format!("{} {}", format::decimal(lang, avg.abs(), 0), lang.pick("hộ", "households"))
            };
            let lo = target.at_least.or(target.at_most).unwrap_or(0.0);
            let goal = match (target.at_most.filter(|_| target.at_least.is_some()), target.strict, lang) {
                (Some(hi), _, _) => format!("{}–{}", bound(lang, lo), bound(lang, hi)),
                (None, true, Lang::Vi) => format!("trên {}", bound(lang, lo)),
                (None, false, Lang::Vi) => format!("từ {} trở lên", bound(lang, lo)),
                (None, true, Lang::En) => format!("more than {}", bound(lang, lo)),
                (None, false, Lang::En) => format!("at least {}", bound(lang, lo)),
            };
            match lang {
                Lang::Vi => format!(
                    "Bình quân {} {pace}/năm ({by}–{ly}), mục tiêu {goal}: {status}.",
                    if avg < -EPS { "tăng" } else { "giảm" }
                ),
                Lang::En => format!(
                    "Average {} of {pace} a year ({by}–{ly}), target {goal}: {status}.",
                    if avg < -EPS { "increase" } else { "reduction" }
                ),
            }
        }
        Change::LevelBy => {
            let below = target.below.unwrap_or(0.0);
            let goal = match (target.strict, lang) {
                (true, Lang::Vi) => format!("dưới {}", bound_text(lang, a.metric, below)),
                (false, Lang::Vi) => format!("không quá {}", bound_text(lang, a.metric, below)),
                (true, Lang::En) => format!("below {}", bound_text(lang, a.metric, below)),
                (false, Lang::En) => format!("at most {}", bound_text(lang, a.metric, below)),
            };
            let now = value_text(lang, a.metric, l);
            let proj = value_text(lang, a.metric, projection);
            match (lang, show_projection) {
                (Lang::Vi, true) => format!(
                    "Năm {ly}: {now}; mục tiêu {goal} vào năm {ty}; theo đà hiện nay dự kiến {proj}: {status}."
                ),
                (Lang::Vi, false) => format!("Năm {ly}: {now}; mục tiêu {goal} vào năm {ty}: {status}."),
                (Lang::En, true) => format!(
                    "{ly}: {now}; target {goal} by {ty}; at the current pace {proj} expected: {status}."
                ),
                (Lang::En, false) => format!("{ly}: {now}; target {goal} by {ty}: {status}."),
            }
        }
        Change::ReductionFromBaseline => {
            let fall = |v: f64| if b > 0.0 { (b - v) / b * 100.0 } else { 0.0 };
            let moved = |x: f64| -> String {
                let p = format!("{}{}", format::decimal(lang, x.abs(), 1), pct_suffix(lang));
                match (lang, x < -EPS) {
                    (Lang::Vi, false) => format!("giảm {p}"),
                    (Lang::Vi, true) => format!("tăng {p}"),
                    (Lang::En, false) => format!("down {p}"),
                    (Lang::En, true) => format!("up {p}"),
                }
            };
            let need = target.at_least.unwrap_or(0.0);
            let goal = match (target.strict, lang) {
                (true, Lang::Vi) => format!("giảm trên {}{}", bound(lang, need), pct_suffix(lang)),
                (false, Lang::Vi) => format!("giảm từ {}{} trở lên", bound(lang, need), pct_suffix(lang)),
                (true, Lang::En) => format!("down more than {}{}", bound(lang, need), pct_suffix(lang)),
                (false, Lang::En) => format!("down at least {}{}", bound(lang, need), pct_suffix(lang)),
            };
            let (now, base) = (value_text(lang, a.metric, l), value_text(lang, a.metric, b));
            let head = match lang {
                Lang::Vi => format!("Năm {ly}: {now}, {} so với năm {by} ({base}); mục tiêu {goal} vào năm {ty}", moved(fall(l))),
                Lang::En => format!("{ly}: {now}, {} from {by} ({base}); target {goal} by {ty}", moved(fall(l))),
            };
            match (lang, show_projection) {
                (Lang::Vi, true) => format!("{head}; theo đà hiện nay dự kiến {}: {status}.", moved(fall(projection))),
                (Lang::En, true) => format!("{head}; at the current pace {} expected: {status}.", moved(fall(projection))),
                (_, false) => format!("{head}: {status}."),
            }
        }
        Change::ShareOfUnits => {
            let (left, counted) = (a.left.unwrap_or(0), a.counted.unwrap_or(0));
            let share = format!("{}{}", format::decimal(lang, l, 1), pct_suffix(lang));
            let need = format!("{}{}", bound(lang, target.at_least.unwrap_or(100.0)), pct_suffix(lang));
            let goal = match (target.strict, lang) {
                (true, Lang::Vi) => format!("trên {need}"),
                (false, Lang::Vi) => format!("từ {need} trở lên"),
                (true, Lang::En) => format!("more than {need}"),
                (false, Lang::En) => format!("at least {need}"),
            };
            let proj = format!("{}{}", format::decimal(lang, projection, 1), pct_suffix(lang));
            let head = match lang {
                Lang::Vi => format!(
                    "Năm {ly}: {left}/{counted} đơn vị ({share}) đã ra khỏi diện đặc biệt khó khăn so với năm {by}; mục tiêu {goal} vào năm {ty}"
                ),
                Lang::En => format!(
                    "{ly}: {left} of {counted} units ({share}) have left extremely difficult status since {by}; target {goal} by {ty}"
                ),
            };
            match (lang, show_projection) {
                (Lang::Vi, true) => format!("{head}; theo đà hiện nay dự kiến {proj}: {status}."),
                (Lang::En, true) => format!("{head}; at the current pace {proj} expected: {status}."),
                (_, false) => format!("{head}: {status}."),
            }
        }
    }
}

/// How statuses are decided, in a few sentences for the page that shows them.
pub fn method_note(lang: Lang) -> &'static str {
    lang.pick(
        "Tình trạng được tính từ số liệu rà soát của địa phương: so sánh năm đầu kỳ của kế hoạch với năm mới nhất có số liệu (không quá năm mục tiêu). \
Mức giảm bình quân tính bằng điểm phần trăm mỗi năm. \
Đạt: mục tiêu đã đạt (hoặc đã đến năm mục tiêu và mức giảm bình quân đạt yêu cầu). \
Đúng tiến độ: theo đà hiện nay sẽ đạt mục tiêu. Chậm: theo đà hiện nay sẽ không đạt. \
Chưa đủ dữ liệu: thiếu số liệu năm đầu kỳ hoặc chưa có năm nào sau đó. \
Không so sánh được: hai năm dùng hai chuẩn nghèo khác nhau.",
        "Statuses are computed from the unit's poverty-review figures: the plan's baseline year against the latest year with figures (not after the target year). \
Average change is in percentage points a year. \
Met: the target is reached (or its year has come and the average pace met it). \
On track: at the current pace the target will be met. Behind: at the current pace it will not. \
No data yet: the baseline year or any later year has no figures. \
Not comparable: the two years used different poverty standards.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::testkit::*;
    use crate::model::Level;

    /// A province with a 2022–2025 plan (baseline 2021), the given poor rates, and one target.
    fn one(rates: &[(i32, f64)], t: Target) -> (Site, Assessment) {
        let mut k = Kit::new();
        let u = k.unit("68", "Lâm Đồng", Level::Province, None);
        for &(y, r) in rates {
            k.rate(u, y, r);
        }
        let p = k.plan("lam-dong", u, 2022, 2025);
        k.target(p, t);
        let site = k.build();
        let a = assess(&site, p, 0, u);
        (site, a)
    }

    fn status(rates: &[(i32, f64)], t: Target) -> Status {
        one(rates, t).1.status
    }

    fn strict(t: Target) -> Target {
        Target { strict: true, ..t }
    }

    #[test]
    fn annual_reduction_meeting_the_floor_is_on_track() {
        let (_, a) = one(&[(2021, 5.0), (2022, 3.5), (2023, 2.0)], annual(Metric::PoorRate, 1.5, None));
        assert_eq!(a.status, Status::OnTrack);
        assert!((a.average_change.unwrap() - 1.5).abs() < 1e-12);
        assert_eq!(a.latest_year, Some(2023));
        assert!((a.projection.unwrap() - 0.0).abs() < 1e-12);
    }

    #[test]
    fn annual_reduction_below_the_floor_is_behind() {
        assert_eq!(status(&[(2021, 5.0), (2023, 3.2)], annual(Metric::PoorRate, 1.0, None)), Status::Behind);
    }

    #[test]
    fn annual_reduction_inside_the_range_is_on_track() {
        let (_, a) = one(&[(2021, 5.0), (2024, 1.1)], annual(Metric::PoorRate, 1.0, Some(1.5)));
        assert_eq!(a.status, Status::OnTrack);
        assert!((a.average_change.unwrap() - 1.3).abs() < 1e-12);
    }

    #[test]
    fn annual_reduction_range_better_than_top_is_on_track() {
        assert_eq!(status(&[(2021, 9.0), (2023, 5.0)], annual(Metric::PoorRate, 1.0, Some(1.5))), Status::OnTrack);
    }

    #[test]
    fn annual_reduction_range_below_bottom_is_behind() {
        assert_eq!(status(&[(2021, 5.0), (2023, 3.4)], annual(Metric::PoorRate, 1.0, Some(1.5))), Status::Behind);
    }

    #[test]
    fn annual_reduction_is_met_once_the_target_year_is_reached() {
        assert_eq!(status(&[(2021, 9.0), (2025, 4.0)], annual(Metric::PoorRate, 1.0, Some(1.5))), Status::Met);
    }

    #[test]
    fn annual_reduction_missed_at_the_target_year_is_behind() {
        assert_eq!(status(&[(2021, 5.0), (2025, 2.0)], annual(Metric::PoorRate, 1.0, None)), Status::Behind);
    }

    #[test]
    fn annual_reduction_rising_rate_is_behind_with_negative_change() {
        let (_, a) = one(&[(2021, 5.0), (2022, 5.5)], annual(Metric::PoorRate, 1.0, None));
        assert_eq!(a.status, Status::Behind);
        assert!((a.average_change.unwrap() + 0.5).abs() < 1e-12);
    }

    #[test]
    fn strict_floor_exactly_met_is_behind() {
        // "trên 6 %": 6 points a year is not more than 6.
        assert_eq!(status(&[(2021, 40.0), (2022, 34.0)], strict(annual(Metric::PoorRate, 6.0, None))), Status::Behind);
    }

    #[test]
    fn non_strict_floor_exactly_met_is_on_track() {
        // "từ 6 % trở lên": 6 points a year is at least 6.
        assert_eq!(status(&[(2021, 40.0), (2022, 34.0)], annual(Metric::PoorRate, 6.0, None)), Status::OnTrack);
    }

    #[test]
    fn floor_comparison_ignores_floating_point_noise() {
        // 3.3 − 2.2 is 1.0999999999999996 in binary.
        assert_eq!(status(&[(2021, 3.3), (2022, 2.2)], annual(Metric::PoorRate, 1.1, None)), Status::OnTrack);
    }

    #[test]
    fn relative_annual_reduction_is_compound_percent_a_year() {
        let t = Target { relative: true, ..annual(Metric::PoorRate, 10.0, None) };
        let (_, a) = one(&[(2021, 10.0), (2023, 8.1)], t);
        assert!(a.relative);
        assert!((a.average_change.unwrap() - 10.0).abs() < 1e-9);
        assert!((a.projection.unwrap() - 8.1 * 0.81).abs() < 1e-9);
        assert_eq!(a.status, Status::OnTrack);
    }

    #[test]
    fn relative_annual_reduction_too_slow_is_behind() {
        let t = Target { relative: true, ..annual(Metric::PoorRate, 10.0, None) };
        // 2 points off 10 in two years is ~10.6 % a year relative to... no: (8/10)^(1/2) = 0.894, 10.6 %;
        // 1 point off is 5.1 % a year.
        assert_eq!(status(&[(2021, 10.0), (2023, 9.0)], t), Status::Behind);
    }

    #[test]
    fn level_already_reached_is_met() {
        let (_, a) = one(&[(2021, 2.0), (2023, 1.4)], strict(level_by(Metric::PoorRate, 1.5, 2025)));
        assert_eq!(a.status, Status::Met);
    }

    #[test]
    fn level_projected_to_be_reached_is_on_track() {
        let (_, a) = one(&[(2021, 2.85), (2024, 1.62)], strict(level_by(Metric::PoorRate, 1.5, 2025)));
        assert_eq!(a.status, Status::OnTrack);
        assert!((a.projection.unwrap() - 1.21).abs() < 1e-9);
    }

    #[test]
    fn level_projected_to_be_missed_is_behind() {
        assert_eq!(status(&[(2021, 2.0), (2023, 1.9)], strict(level_by(Metric::PoorRate, 1.5, 2025))), Status::Behind);
    }

    #[test]
    fn level_missed_in_the_target_year_is_behind() {
        assert_eq!(status(&[(2021, 2.0), (2025, 1.6)], level_by(Metric::PoorRate, 1.5, 2025)), Status::Behind);
    }

    #[test]
    fn strict_level_equal_to_the_bound_is_not_met() {
        // "dưới 1,5 %": 1.5 is not below 1.5.
        assert_eq!(status(&[(2021, 1.8), (2025, 1.5)], strict(level_by(Metric::PoorRate, 1.5, 2025))), Status::Behind);
    }

    #[test]
    fn non_strict_level_equal_to_the_bound_is_met() {
        // "không quá 1,5 %": 1.5 is at most 1.5, even computed from counts (3 ÷ 200 × 100).
        let mut k = Kit::new();
        let u = k.unit("68", "Lâm Đồng", Level::Province, None);
        k.fig(u, 2021, 200, 4);
        k.fig(u, 2025, 200, 3);
        let p = k.plan("lam-dong", u, 2022, 2025);
        k.target(p, level_by(Metric::PoorRate, 1.5, 2025));
        let site = k.build();
        assert_eq!(assess(&site, p, 0, u).status, Status::Met);
    }

    #[test]
    fn level_year_defaults_to_the_plan_end() {
        let t = Target { year: None, ..level_by(Metric::PoorRate, 1.5, 0) };
        let (_, a) = one(&[(2021, 2.0), (2023, 1.8)], t);
        assert_eq!(a.target_year, 2025);
    }

    #[test]
    fn reduction_from_baseline_by_more_than_half_is_met() {
        let t = strict(reduction(Metric::PoorRate, 50.0));
        assert_eq!(status(&[(2021, 10.0), (2023, 4.9)], t), Status::Met);
    }

    #[test]
    fn strict_reduction_of_exactly_half_is_not_yet_met() {
        let t = strict(reduction(Metric::PoorRate, 50.0));
        let (_, a) = one(&[(2021, 10.0), (2023, 5.0)], t);
        // Not more than half yet, but the pace (2.5 a year) will get there: on track.
        assert_eq!(a.status, Status::OnTrack);
    }

    #[test]
    fn reduction_from_baseline_too_slow_is_behind() {
        assert_eq!(status(&[(2021, 10.0), (2023, 9.0)], reduction(Metric::PoorRate, 50.0)), Status::Behind);
    }

    #[test]
    fn reduction_from_baseline_counts_households() {
        let mut k = Kit::new();
        let u = k.unit("01", "Thể Dục", Level::Commune, None);
        k.record(u, 2021, |f| {
            f.poor = Some(300);
            f.near_poor = Some(100);
        });
        k.record(u, 2023, |f| {
            f.poor = Some(180);
            f.near_poor = Some(60);
        });
        let p = k.plan("the-duc", u, 2022, 2025);
        k.target(p, strict(reduction(Metric::PoorAndNearPoorHouseholds, 50.0)));
        let site = k.build();
        let a = assess(&site, p, 0, u);
        assert_eq!((a.baseline, a.latest), (Some(400.0), Some(240.0)));
        assert_eq!(a.average_change, Some(80.0));
        assert_eq!(a.projection, Some(80.0));
        assert_eq!(a.status, Status::OnTrack);
    }

    fn hamlets(statuses: &[&[(i32, bool)]], t: Target) -> (Site, Vec<Assessment>) {
        let mut k = Kit::new();
        let d = k.unit("052", "Nguyên Bình", Level::District, None);
        let c = k.unit("01", "Thể Dục", Level::Commune, Some(d));
        for (i, s) in statuses.iter().enumerate() {
            let h = k.unit(&format!("h{i}"), &format!("Xóm {i}"), Level::Hamlet, Some(c));
            for &(y, v) in s.iter() {
                k.difficult(h, y, v);
            }
        }
        let p = k.plan("nguyen-binh", d, 2021, 2025);
        k.target(p, t);
        let site = k.build();
        let all = assess_all(&site);
        (site, all)
    }

    #[test]
    fn share_of_units_above_the_bar_is_met_for_the_plan_unit() {
        let (_, all) = hamlets(
            &[&[(2020, true), (2022, false)], &[(2020, true), (2022, true)], &[(2020, true)], &[(2020, false)]],
            strict(share(20.0, Level::Hamlet)),
        );
        assert_eq!(all.len(), 1);
        let a = &all[0];
        assert_eq!(a.unit, 0);
        assert_eq!((a.counted, a.left, a.latest_year), (Some(3), Some(1), Some(2022)));
        assert!((a.latest.unwrap() - 100.0 / 3.0).abs() < 1e-9);
        assert_eq!(a.status, Status::Met);
    }

    #[test]
    fn share_of_units_on_pace_is_on_track() {
        // 1 of 10 left in 2022 (10 %, 5 points a year): 25 % expected by 2025, bar 20 %.
        let mut s: Vec<Vec<(i32, bool)>> = (0..10).map(|_| vec![(2020, true), (2022, true)]).collect();
        s[0][1].1 = false;
        let refs: Vec<&[(i32, bool)]> = s.iter().map(|v| v.as_slice()).collect();
        let (_, all) = hamlets(&refs, strict(share(20.0, Level::Hamlet)));
        assert_eq!(all[0].status, Status::OnTrack);
        assert!((all[0].projection.unwrap() - 25.0).abs() < 1e-9);
    }

    #[test]
    fn share_of_units_off_pace_is_behind() {
        let (_, all) = hamlets(&[&[(2020, true), (2023, true)], &[(2020, true), (2023, true)]], share(100.0, Level::Hamlet));
        assert_eq!(all[0].status, Status::Behind);
    }

    #[test]
    fn share_of_units_without_counted_units_has_no_data() {
        let (_, all) = hamlets(&[&[(2020, false), (2022, false)]], share(20.0, Level::Hamlet));
        assert_eq!(all[0].status, Status::NoData);
        assert_eq!(all[0].counted, None);
    }

    #[test]
    fn missing_baseline_is_no_data() {
        let (_, a) = one(&[(2022, 3.0), (2023, 2.0)], annual(Metric::PoorRate, 1.0, None));
        assert_eq!(a.status, Status::NoData);
        assert_eq!(a.latest, Some(2.0));
    }

    #[test]
    fn no_year_after_the_baseline_is_no_data() {
        assert_eq!(status(&[(2020, 6.0), (2021, 5.0)], annual(Metric::PoorRate, 1.0, None)), Status::NoData);
    }

    #[test]
    fn a_missing_year_in_the_middle_spreads_the_change_over_the_gap() {
        let (_, a) = one(&[(2021, 5.0), (2024, 2.0)], annual(Metric::PoorRate, 1.0, None));
        assert_eq!(a.average_change, Some(1.0));
        assert_eq!(a.status, Status::OnTrack);
    }

    #[test]
    fn a_year_without_the_metric_is_skipped_for_latest() {
        let mut k = Kit::new();
        let u = k.unit("68", "Lâm Đồng", Level::Province, None);
        k.rate(u, 2021, 5.0);
        k.rate(u, 2022, 4.0);
        k.record(u, 2023, |f| f.escaped = Some(10)); // a record, but no rate
        let p = k.plan("lam-dong", u, 2022, 2025);
        k.target(p, annual(Metric::PoorRate, 1.0, None));
        let site = k.build();
        assert_eq!(assess(&site, p, 0, u).latest_year, Some(2022));
    }

    #[test]
    fn years_after_the_target_year_are_ignored() {
        let (_, a) = one(&[(2021, 5.0), (2025, 1.0), (2026, 9.0)], annual(Metric::PoorRate, 1.0, None));
        assert_eq!(a.latest_year, Some(2025));
        assert_eq!(a.status, Status::Met);
    }

    #[test]
    fn standard_change_between_baseline_and_latest_is_not_comparable() {
        let mut k = Kit::new();
        let u = k.unit("44", "Quảng Bình", Level::Province, None);
        k.rate(u, 2016, 9.0);
        k.rate(u, 2017, 8.0);
        k.record(u, 2018, |f| {
            f.poor_rate = Some(12.0);
            f.standard = "2018-moi".into();
        });
        let p = k.plan("quang-binh", u, 2017, 2020);
        k.target(p, annual(Metric::PoorRate, 2.0, Some(2.5)));
        let site = k.build();
        let a = assess(&site, p, 0, u);
        assert_eq!(a.status, Status::NotComparable);
        assert_eq!(a.average_change, None);
        assert_eq!(
            sentence(&a, &site.plans[p].targets[0], Lang::Vi),
            "Không so sánh được: số liệu năm 2016 theo chuẩn nghèo 2016–2020, năm 2018 theo chuẩn 2018-moi."
        );
    }

    #[test]
    fn standard_change_before_the_baseline_does_not_matter() {
        // 2020 (old standard) is before the 2021 baseline, which already uses the new one.
        assert_eq!(status(&[(2020, 3.0), (2021, 5.0), (2023, 3.0)], annual(Metric::PoorRate, 1.0, None)), Status::OnTrack);
    }

    #[test]
    fn every_metric_can_be_assessed() {
        let mut k = Kit::new();
        let u = k.unit("68", "Lâm Đồng", Level::Province, None);
        for (y, poor) in [(2021, 100), (2023, 60)] {
            k.record(u, y, |f| {
                f.households = Some(1000);
                f.poor = Some(poor);
                f.near_poor = Some(50);
                f.ethnic_minority_households = Some(200);
                f.ethnic_minority_poor = Some(poor / 2);
                f.fell_back = Some(3);
            });
        }
        let p = k.plan("lam-dong", u, 2022, 2025);
        for m in Metric::ALL {
            if m != Metric::ExtremelyDifficultUnits {
                k.target(p, level_by(m, 1.0, 2025));
            }
        }
        let site = k.build();
        for a in assess_plan(&site, p) {
            assert!(a.baseline.is_some() && a.latest.is_some(), "{:?}", a.metric);
            assert_ne!(a.status, Status::NoData, "{:?}", a.metric);
        }
    }

    #[test]
    fn applies_to_a_level_gives_each_unit_its_own_status() {
        let mut k = Kit::new();
        let pr = k.unit("68", "Lâm Đồng", Level::Province, None);
        let d1 = k.unit("674", "Đam Rông", Level::District, Some(pr));
        let c = k.unit("24877", "Rô Men", Level::Commune, Some(d1));
        let d2 = k.unit("672", "Lạc Dương", Level::District, Some(pr));
        for (u, r) in [(d1, 10.0), (d2, 5.0), (c, 20.0)] {
            k.rate(u, 2021, r);
        }
        k.rate(d1, 2023, 7.0);
        k.rate(d2, 2023, 4.5);
        let p = k.plan("lam-dong", pr, 2022, 2025);
        k.target(p, Target { applies_to: Some(Level::District), ..annual(Metric::PoorRate, 1.0, None) });
        let site = k.build();
        let all = assess_all(&site);
        let got: Vec<_> = all.iter().map(|a| (a.unit, a.status)).collect();
        assert_eq!(got, vec![(d1, Status::OnTrack), (d2, Status::Behind)]);
    }

    #[test]
    fn assess_all_sorts_by_plan_id_then_target_then_unit() {
        let mut k = Kit::new();
        let u = k.unit("68", "Lâm Đồng", Level::Province, None);
        k.rate(u, 2021, 5.0);
        let z = k.plan("z-plan", u, 2022, 2025);
        let a = k.plan("a-plan", u, 2022, 2025);
        k.target(z, annual(Metric::PoorRate, 1.0, None));
        k.target(a, annual(Metric::PoorRate, 1.0, None));
        k.target(a, level_by(Metric::PoorRate, 1.5, 2025));
        let site = k.build();
        let got: Vec<_> = assess_all(&site).iter().map(|x| (x.plan, x.target)).collect();
        assert_eq!(got, vec![(a, 0), (a, 1), (z, 0)]);
    }

    #[test]
    fn sentence_for_an_annual_range() {
        let (site, a) = one(&[(2021, 5.0), (2024, 1.1)], annual(Metric::PoorRate, 1.0, Some(1.5)));
        let t = &site.plans[0].targets[0];
        assert_eq!(sentence(&a, t, Lang::Vi), "Bình quân giảm 1,30 điểm %/năm (2021–2024), mục tiêu 1,0–1,5: đúng tiến độ.");
        assert_eq!(
            sentence(&a, t, Lang::En),
            "Average reduction of 1.30 points a year (2021–2024), target 1.0–1.5: on track."
        );
    }

    #[test]
    fn sentence_for_a_strict_floor() {
        let (site, a) = one(&[(2021, 40.0), (2022, 35.0)], strict(annual(Metric::PoorRate, 6.0, None)));
        let t = &site.plans[0].targets[0];
        assert_eq!(sentence(&a, t, Lang::Vi), "Bình quân giảm 5,00 điểm %/năm (2021–2022), mục tiêu trên 6,0: chậm.");
        assert_eq!(sentence(&a, t, Lang::En), "Average reduction of 5.00 points a year (2021–2022), target more than 6.0: behind.");
    }

    #[test]
    fn sentence_for_a_level() {
        let (site, a) = one(&[(2021, 2.85), (2024, 1.62)], strict(level_by(Metric::PoorRate, 1.5, 2025)));
        let t = &site.plans[0].targets[0];
        assert_eq!(
            sentence(&a, t, Lang::Vi),
            "Năm 2024: 1,62 %; mục tiêu dưới 1,5 % vào năm 2025; theo đà hiện nay dự kiến 1,21 %: đúng tiến độ."
        );
        assert_eq!(
            sentence(&a, t, Lang::En),
            "2024: 1.62%; target below 1.5% by 2025; at the current pace 1.21% expected: on track."
        );
    }

    #[test]
    fn sentence_for_a_met_level_leaves_out_the_projection() {
        let (site, a) = one(&[(2021, 2.0), (2023, 1.4)], level_by(Metric::PoorRate, 1.5, 2025));
        let t = &site.plans[0].targets[0];
        assert_eq!(sentence(&a, t, Lang::Vi), "Năm 2023: 1,40 %; mục tiêu không quá 1,5 % vào năm 2025: đạt.");
    }

    #[test]
    fn sentence_for_a_reduction_and_a_share() {
        let (site, a) = one(&[(2021, 10.0), (2023, 9.0)], strict(reduction(Metric::PoorRate, 50.0)));
        assert_eq!(
            sentence(&a, &site.plans[0].targets[0], Lang::Vi),
            "Năm 2023: 9,00 %, giảm 10,0 % so với năm 2021 (10,00 %); mục tiêu giảm trên 50 % vào năm 2025; theo đà hiện nay dự kiến giảm 20,0 %: chậm."
        );
        let (site, all) = hamlets(&[&[(2020, true), (2022, false)], &[(2020, true), (2022, true)]], strict(share(20.0, Level::Hamlet)));
        assert_eq!(
            sentence(&all[0], &site.plans[0].targets[0], Lang::Vi),
            "Năm 2022: 1/2 đơn vị (50,0 %) đã ra khỏi diện đặc biệt khó khăn so với năm 2020; mục tiêu trên 20 % vào năm 2025: đạt."
        );
        assert_eq!(
            sentence(&all[0], &site.plans[0].targets[0], Lang::En),
            "2022: 1 of 2 units (50.0%) have left extremely difficult status since 2020; target more than 20% by 2025: met."
        );
    }

    #[test]
    fn sentence_for_missing_data() {
        let (site, a) = one(&[(2022, 3.0)], annual(Metric::PoorRate, 1.0, None));
        let t = &site.plans[0].targets[0];
        assert_eq!(sentence(&a, t, Lang::Vi), "Chưa đủ dữ liệu: chưa có số liệu năm 2021 (đầu kỳ).");
        let (site, a) = one(&[(2021, 3.0)], annual(Metric::PoorRate, 1.0, None));
        assert_eq!(sentence(&a, &site.plans[0].targets[0], Lang::En), "No data yet: no figures after 2021.");
    }

    #[test]
    fn status_codes_and_labels() {
        let codes: Vec<_> = Status::ALL.iter().map(|s| s.code()).collect();
        assert_eq!(codes, ["met", "on_track", "behind", "no_data", "not_comparable"]);
        let vi: Vec<_> = Status::ALL.iter().map(|s| s.label(Lang::Vi)).collect();
        assert_eq!(vi, ["Đạt", "Đúng tiến độ", "Chậm", "Chưa đủ dữ liệu", "Không so sánh được"]);
        let en: Vec<_> = Status::ALL.iter().map(|s| s.label(Lang::En)).collect();
        assert_eq!(en, ["Met", "On track", "Behind", "No data yet", "Not comparable"]);
    }
}
