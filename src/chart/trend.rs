//! A unit's trend chart: the poor rate by year (near-poor and ethnic-minority rates where
//! given), each plan's target path or level, the plans' milestones, and a visible break where
//! the poverty standard changes: no line is drawn across it.

use std::borrow::Cow;

use chrono::Datelike;
use plotters::element::DashedPathElement;
use plotters::prelude::{Circle, Color, PathElement, Polygon, RGBColor, Rectangle};

use super::palette::*;
use super::{
    chart_csv, document, nice_step, num, shapes, step_places, text_width, wrap, Anchor,
    ChartOptions, Marker, Texts, INK, MUTED,
};
use crate::compute::metrics;
use crate::compute::series::{Line, PathKind, TargetPath, UnitSeries};
use crate::compute::status::{self, bound, standard_name};
use crate::diag::Lang;
use crate::format;
use crate::model::Metric;

/// The drawing's width in pixels; the height follows the legend.
pub const WIDTH: u32 = 640;
const PLOT_LEFT: i32 = 84;
const PLOT_RIGHT: i32 = 518;
const PLOT_HEIGHT: i32 = 380;
const TEXT: u32 = 24;
const SMALL: u32 = 22;

fn colour(metric: Metric) -> RGBColor {
    match metric {
        Metric::NearPoorRate => ORANGE,
        Metric::EthnicMinorityPoorRate => REDDISH_PURPLE,
        _ => BLUE,
    }
}

/// The dashes of target lines of one colour, in turn: medium, dotted, long.
const TARGET_DASHES: [(i32, i32); 3] = [(12, 7), (3, 5), (26, 7)];

/// Dash and gap lengths: poor rate solid, near-poor dashed, ethnic minority dotted.
fn dashes(metric: Metric) -> Option<(i32, i32)> {
    match metric {
        Metric::NearPoorRate => Some((14, 8)),
        Metric::EthnicMinorityPoorRate => Some((4, 6)),
        _ => None,
    }
}

/// The chart's title: "Tỷ lệ hộ nghèo theo năm – Huyện Đam Rông".
pub fn title(s: &UnitSeries, lang: Lang) -> String {
    format!(
        "{} – {}",
        lang.pick("Tỷ lệ hộ nghèo theo năm", "Poverty rate by year"),
        s.unit_name
    )
}

/// The x position of a milestone: a data point for year Y stands for the review at the end of Y.
fn milestone_x(d: chrono::NaiveDate) -> f64 {
    let days = if chrono::NaiveDate::from_ymd_opt(d.year(), 12, 31)
        .map(|e| e.ordinal())
        .unwrap_or(365)
        == 366
    {
        366.0
    } else {
        365.0
    };
    (d.year() - 1) as f64 + d.ordinal() as f64 / days
}

/// The first words of a milestone's title, for the label on the chart.
fn short(title: &str) -> String {
    let words: Vec<&str> = title.split_whitespace().collect();
    if words.len() <= 2 {
        words.join(" ")
    } else {
        words[..2].join(" ")
    }
}

fn pct(lang: Lang, x: f64) -> String {
    format::percent(lang, x, 2)
}

/// The words for one target path, as in the legend and the CSV, naming `plans` (none when the
/// chart shows one plan's targets).
fn target_label(t: &TargetPath, lang: Lang, plans: &[&str], with_status: bool) -> String {
    let spec = &t.spec;
    let by = t.path.first().map(|p| p.0).unwrap_or(0);
    let ty = t.path.last().map(|p| p.0).unwrap_or(0);
    let mut s = match t.kind {
        PathKind::Annual => {
            let lo = spec.at_least.or(spec.at_most).unwrap_or(0.0);
            let pace = match t.band_to {
                Some(_) => format!(
                    "{}–{}",
                    bound(lang, lo),
                    bound(lang, spec.at_most.unwrap_or(lo))
                ),
                None if spec.strict => {
                    format!("{} {}", lang.pick("trên", "more than"), bound(lang, lo))
                }
                None => format!("{} {}", lang.pick("từ", "at least"), bound(lang, lo)),
            };
            let unit = if spec.relative {
                lang.pick("%/năm", "% a year")
            } else {
                lang.pick("điểm %/năm", "points a year")
            };
            match lang {
                Lang::Vi => format!("Lộ trình mục tiêu: giảm {pace} {unit} từ năm {by}"),
                Lang::En => format!("Target path: down {pace} {unit} from {by}"),
            }
        }
        PathKind::Level => {
            let level = t.path.first().map(|p| p.1).unwrap_or(0.0);
            let word = match (spec.strict, lang) {
                (true, Lang::Vi) => "dưới",
                (false, Lang::Vi) => "không quá",
                (true, Lang::En) => "below",
                (false, Lang::En) => "at most",
            };
            match lang {
                Lang::Vi => format!("Mục tiêu: {word} {} % vào năm {ty}", bound(lang, level)),
                Lang::En => format!("Target: {word} {}% by {ty}", bound(lang, level)),
            }
        }
    };
    if t.metric != Metric::PoorRate {
        s.push_str(&format!(
            " ({})",
            metrics::name(t.metric, lang).to_lowercase()
        ));
    }
    match plans {
        [] => {}
        [one] => s.push_str(&format!(" – {} {one}", lang.pick("KH", "plan"))),
        several => s.push_str(&format!(
            " – {} {}",
            lang.pick("KH", "plans"),
            several.join(", ")
        )),
    }
    if let Some(a) = t.assessment.as_ref().filter(|_| with_status) {
        s.push_str(&format!(" – {}", a.status.label(lang)));
    }
    s
}

fn several_plans(s: &UnitSeries) -> bool {
    s.targets.iter().any(|t| t.plan != s.targets[0].plan)
}

/// Targets of several plans that draw the same line and read the same (`words`, which leave
/// the plan out) shown once, naming each plan: a district plan often restates its province's
/// target, and two legend entries for one line would leave a reader looking for the second.
/// Each with the numbers of its plans (none when the chart shows one plan's targets), in the
/// order of the targets.
fn shown_targets(
    s: &UnitSeries,
    words: impl Fn(&TargetPath) -> String,
) -> Vec<(&TargetPath, Vec<&str>)> {
    let several = several_plans(s);
    let mut shown: Vec<(&TargetPath, String, Vec<&str>)> = Vec::new();
    for t in &s.targets {
        let w = words(t);
        let same = shown
            .iter_mut()
            .find(|(o, ow, _)| o.path == t.path && o.band_to == t.band_to && *ow == w);
        match same {
            Some((_, _, plans)) => {
                if !plans.contains(&t.plan_number.as_str()) {
                    plans.push(&t.plan_number);
                }
            }
            None => shown.push((t, w, vec![&t.plan_number])),
        }
    }
    shown
        .into_iter()
        .map(|(t, _, plans)| (t, if several { plans } else { Vec::new() }))
        .collect()
}

/// The words of a line: from, to, and the average change a year within each standard.
fn line_words(l: &Line, lang: Lang, several_standards: bool) -> String {
    let name = metrics::name(l.metric, lang);
    let parts: Vec<String> = l
        .segments
        .iter()
        .map(|seg| {
            let (a, b) = (&seg.points[0], seg.points.last().unwrap());
            let std = if several_standards {
                match lang {
                    Lang::Vi => format!("theo chuẩn {} ", standard_name(&seg.standard)),
                    Lang::En => format!("under the {} standard ", standard_name(&seg.standard)),
                }
            } else {
                String::new()
            };
            if seg.points.len() == 1 {
                return match lang {
                    Lang::Vi => format!("{std}{} năm {}", pct(lang, a.value), a.year),
                    Lang::En => format!("{std}{} in {}", pct(lang, a.value), a.year),
                };
            }
            let avg = (a.value - b.value) / (b.year - a.year) as f64;
            let dir = match (lang, b.value < a.value, b.value > a.value) {
                (Lang::Vi, true, _) => "xuống",
                (Lang::Vi, _, true) => "lên",
                (Lang::Vi, _, _) => "giữ ở",
                (Lang::En, true, _) => "down to",
                (Lang::En, _, true) => "up to",
                (Lang::En, _, _) => "unchanged at",
            };
            let pace = match (lang, avg < 0.0) {
                (Lang::Vi, false) => format!("bình quân giảm {}/năm", format::points(lang, avg, 2)),
                (Lang::Vi, true) => format!("bình quân tăng {}/năm", format::points(lang, -avg, 2)),
                (Lang::En, false) => {
                    format!("an average fall of {} a year", format::points(lang, avg, 2))
                }
                (Lang::En, true) => format!(
                    "an average rise of {} a year",
                    format::points(lang, -avg, 2)
                ),
            };
            match lang {
                Lang::Vi => format!(
                    "{std}từ {} năm {} {dir} {} năm {}, {pace}",
                    pct(lang, a.value),
                    a.year,
                    pct(lang, b.value),
                    b.year
                ),
                Lang::En => format!(
                    "{std}from {} in {} {dir} {} in {}, {pace}",
                    pct(lang, a.value),
                    a.year,
                    pct(lang, b.value),
                    b.year
                ),
            }
        })
        .collect();
    if several_standards {
        format!("{name}, {}.", parts.join("; "))
    } else {
        format!("{name}: {}.", parts.join("; "))
    }
}

/// What the chart shows, in words: from, to, average change, targets and their status.
pub fn description(s: &UnitSeries, lang: Lang) -> String {
    let mut out: Vec<String> = Vec::new();
    if s.is_empty() {
        out.push(match lang {
            Lang::Vi => format!("Chưa có số liệu tỷ lệ hộ nghèo của {}.", s.unit_name),
            Lang::En => format!("No poverty-rate figures for {} yet.", s.unit_name),
        });
    }
    let several = !s.breaks.is_empty();
    for l in &s.lines {
        out.push(line_words(l, lang, several));
    }
    for b in &s.breaks {
        out.push(match lang {
            Lang::Vi => format!(
                "Giữa năm {} và {} chuẩn nghèo đổi từ {} sang {}: số liệu hai chuẩn không so sánh được nên không nối với nhau.",
                b.before_year,
                b.after_year,
                standard_name(&b.from),
                standard_name(&b.to)
            ),
            Lang::En => format!(
                "Between {} and {} the poverty standard changed from {} to {}: figures under the two are not comparable and are not joined.",
                b.before_year,
                b.after_year,
                standard_name(&b.from),
                standard_name(&b.to)
            ),
        });
    }
    let sentence = |t: &TargetPath| match &t.assessment {
        Some(a) => format!(" {}", status::sentence(a, &t.spec, lang)),
        None => String::new(),
    };
    let words = |t: &TargetPath| format!("{}.{}", target_label(t, lang, &[], false), sentence(t));
    for (t, plans) in shown_targets(s, words) {
        let head = target_label(t, lang, &plans, false);
        out.push(format!("{head}.{}", sentence(t)));
    }
    if !s.milestones.is_empty() {
        let ms: Vec<String> = s
            .milestones
            .iter()
            .map(|m| format!("{} ({})", m.title, format::date(lang, m.date)))
            .collect();
        out.push(format!(
            "{}: {}.",
            lang.pick("Các mốc", "Milestones"),
            ms.join("; ")
        ));
    }
    if s.illustrative {
        out.push(
            lang.pick(
                "Số liệu minh họa, không phải số liệu chính thức.",
                "Illustrative figures, not official ones.",
            )
            .into(),
        );
    }
    out.join(" ")
}

struct Scale {
    x0: f64,
    x1: f64,
    ymax: f64,
    top: i32,
    bottom: i32,
}

impl Scale {
    fn x(&self, year: f64) -> i32 {
        (PLOT_LEFT as f64
            + (year - self.x0) / (self.x1 - self.x0) * (PLOT_RIGHT - PLOT_LEFT) as f64)
            .round() as i32
    }
    fn y(&self, v: f64) -> i32 {
        (self.bottom as f64 - v.max(0.0) / self.ymax * (self.bottom - self.top) as f64).round()
            as i32
    }
    fn at(&self, year: i32, v: f64) -> (i32, i32) {
        (self.x(year as f64), self.y(v))
    }
}

enum Sample {
    Line(Metric),
    /// Targets, with the dash of their line.
    Band((i32, i32)),
    Path((i32, i32)),
    Level((i32, i32)),
    Milestone,
    Break,
}

/// Draws point markers at `points`: circles (poor), squares (near-poor), triangles (ethnic
/// minority), each over a larger white one. One stand-in line for all of them (see
/// `chart::marker_stand_in`); markers in another colour are drawn one by one.
fn markers(root: &super::Area, metric: Metric, points: Vec<(i32, i32)>) -> super::DrawResult {
    let c = colour(metric);
    let shape = match metric {
        Metric::NearPoorRate => Marker::Square,
        Metric::EthnicMinorityPoorRate => Marker::Triangle,
        _ => Marker::Circle,
    };
    match super::marker_stand_in(shape, c) {
        Some(stand_in) => root.draw(&PathElement::new(points, stand_in.stroke_width(1))),
        None => markers_one_by_one(root, shape, c, points),
    }
}

/// [`markers`] drawn by plotters, two shapes each (what the stand-in line is replaced with).
fn markers_one_by_one(
    root: &super::Area,
    shape: Marker,
    c: RGBColor,
    points: Vec<(i32, i32)>,
) -> super::DrawResult {
    for (x, y) in points {
        match shape {
            Marker::Square => {
                root.draw(&Rectangle::new(
                    [(x - 7, y - 7), (x + 7, y + 7)],
                    WHITE.filled(),
                ))?;
                root.draw(&Rectangle::new(
                    [(x - 5, y - 5), (x + 5, y + 5)],
                    c.filled(),
                ))?;
            }
            Marker::Triangle => {
                root.draw(&Polygon::new(
                    vec![(x, y - 9), (x + 8, y + 6), (x - 8, y + 6)],
                    WHITE.filled(),
                ))?;
                root.draw(&Polygon::new(
                    vec![(x, y - 6), (x + 5, y + 4), (x - 5, y + 4)],
                    c.filled(),
                ))?;
            }
            Marker::Circle => {
                root.draw(&Circle::new((x, y), 8, WHITE.filled()))?;
                root.draw(&Circle::new((x, y), 6, c.filled()))?;
            }
        }
    }
    Ok(())
}

fn polyline(
    root: &super::Area,
    pts: Vec<(i32, i32)>,
    color: RGBColor,
    width: u32,
    dash: Option<(i32, i32)>,
) -> super::DrawResult {
    match dash {
        None => root.draw(&PathElement::new(pts, color.stroke_width(width))),
        Some(d) => match super::dash_stand_in(color, d) {
            // One line with a dash array (see `chart::with_stand_ins`).
            Some(stand_in) => root.draw(&PathElement::new(pts, stand_in.stroke_width(width))),
            None => root.draw(&DashedPathElement::new(
                pts,
                d.0,
                d.1,
                color.stroke_width(width),
            )),
        },
    }
}

/// The trend chart as a self-contained SVG document.
pub fn svg(s: &UnitSeries, opts: &ChartOptions) -> String {
    svg_described(s, opts, &description(s, opts.lang))
}

/// [`svg`] with its [`description`] already made (a unit's chart view shows it too).
pub fn svg_described(s: &UnitSeries, opts: &ChartOptions, desc: &str) -> String {
    let lang = opts.lang;
    let w = WIDTH as i32;
    let mut texts = Texts::default();

    // Title.
    let mut y = 12;
    for line in wrap(&title(s, lang), 24, w - 24) {
        y += 30;
        texts.add(12, y, 24, Anchor::Start, true, false, INK, &line);
    }
    let top = y + if s.breaks.is_empty() { 26 } else { 56 };
    let bottom = top + PLOT_HEIGHT;

    // Scales: every year drawn, target years and milestones; 0 up to a round maximum.
    let mut years: Vec<f64> = Vec::new();
    let mut values: Vec<f64> = vec![0.0];
    for l in &s.lines {
        for p in l.points() {
            years.push(p.year as f64);
            values.push(p.value);
        }
    }
    for t in &s.targets {
        for p in t.path.iter().chain(t.band_to.iter().flatten()) {
            years.push(p.0 as f64);
            values.push(p.1);
        }
    }
    for m in &s.milestones {
        years.push(milestone_x(m.date));
    }
    let (ymin_year, ymax_year) = years
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &y| (a.min(y), b.max(y)));
    let (first, last) = if years.is_empty() {
        (2021.0, 2025.0)
    } else {
        (ymin_year.floor(), ymax_year.ceil())
    };
    let vmax = values.iter().cloned().fold(0.0, f64::max).max(1.0) * 1.08;
    let step = nice_step(vmax, 5.0);
    let ymax = (vmax / step).ceil() * step;
    let sc = Scale {
        x0: first - 0.5,
        x1: last + 0.5,
        ymax,
        top,
        bottom,
    };

    // Legend entries.
    let mut legend: Vec<(Sample, String)> = Vec::new();
    for l in &s.lines {
        legend.push((
            Sample::Line(l.metric),
            metrics::name(l.metric, lang).to_string(),
        ));
    }
    let targets = shown_targets(s, |t| target_label(t, lang, &[], true));
    // Each target line of a colour (paths and bands green, levels vermillion) its own dash, so
    // that a reader can match each line with its legend entry.
    let (mut paths, mut levels) = (0, 0);
    let target_dashes: Vec<(i32, i32)> = targets
        .iter()
        .map(|(t, _)| {
            let n = if t.kind == PathKind::Level {
                &mut levels
            } else {
                &mut paths
            };
            *n += 1;
            TARGET_DASHES[(*n - 1) % TARGET_DASHES.len()]
        })
        .collect();
    for ((t, plans), &dash) in targets.iter().zip(&target_dashes) {
        let sample = match (t.kind, &t.band_to) {
            (PathKind::Annual, Some(_)) => Sample::Band(dash),
            (PathKind::Annual, None) => Sample::Path(dash),
            (PathKind::Level, _) => Sample::Level(dash),
        };
        legend.push((sample, target_label(t, lang, plans, true)));
    }
    if !s.milestones.is_empty() {
        let ms: Vec<String> = s
            .milestones
            .iter()
            .map(|m| format!("{} {}", m.title, format::date(lang, m.date)))
            .collect();
        legend.push((
            Sample::Milestone,
            format!("{}: {}", lang.pick("Mốc", "Milestones"), ms.join("; ")),
        ));
    }
    if !s.breaks.is_empty() {
        legend.push((
            Sample::Break,
            lang.pick(
                "Đổi chuẩn nghèo: số liệu hai chuẩn không so sánh được, không nối với nhau",
                "Poverty standard changed: figures under the two are not comparable and not joined",
            )
            .to_string(),
        ));
    }
    let legend_x = 76;
    let mut legend_rows: Vec<(Sample, i32, Vec<String>)> = Vec::new();
    let mut ly = bottom + 60;
    for (sample, label) in legend {
        let lines = wrap(&label, TEXT, w - legend_x - 12);
        let n = lines.len() as i32;
        legend_rows.push((sample, ly, lines));
        ly += 28 * n + 10;
    }
    let height = (ly + 4).max(bottom + 50) as u32;

    // Axis labels.
    let places = step_places(step);
    let mut v = 0.0;
    let mut y_ticks = Vec::new();
    while v <= ymax + 1e-9 {
        y_ticks.push(v);
        texts.add(
            PLOT_LEFT - 10,
            sc.y(v) + 7,
            SMALL,
            Anchor::End,
            false,
            false,
            MUTED,
            &format::percent(lang, v, places),
        );
        v += step;
    }
    let n_years = (last - first) as i32 + 1;
    let per_year = (PLOT_RIGHT - PLOT_LEFT) / n_years.max(1);
    let year_step = (1..)
        .find(|k| per_year * k >= text_width("2020", SMALL) + 10)
        .unwrap_or(1);
    let mut yr = first as i32;
    while yr <= last as i32 {
        texts.add(
            sc.x(yr as f64),
            bottom + 30,
            SMALL,
            Anchor::Middle,
            false,
            false,
            MUTED,
            &yr.to_string(),
        );
        yr += year_step;
    }
    if s.is_empty() {
        texts.add(
            (PLOT_LEFT + PLOT_RIGHT) / 2,
            (top + bottom) / 2,
            TEXT,
            Anchor::Middle,
            false,
            true,
            INK,
            lang.pick("Chưa có số liệu", "No figures yet"),
        );
    }

    // Break labels above the plot: "Chuẩn 2016–2020 | Chuẩn 2022–2025" around the separator.
    for b in &s.breaks {
        let x = sc.x((b.before_year + b.after_year) as f64 / 2.0);
        let left = format!(
            "{} {}",
            lang.pick("Chuẩn", "Standard"),
            standard_name(&b.from)
        );
        let right = format!(
            "{} {}",
            lang.pick("Chuẩn", "Standard"),
            standard_name(&b.to)
        );
        let ty = top - 18;
        if x - 10 - text_width(&left, SMALL) >= 4 && x + 10 + text_width(&right, SMALL) <= w - 4 {
            texts.add(x - 10, ty, SMALL, Anchor::End, true, false, INK, &left);
            texts.add(x + 10, ty, SMALL, Anchor::Start, true, false, INK, &right);
        } else {
            let both = format!("{left} | {right}");
            let half = text_width(&both, SMALL) / 2;
            let cx = x.clamp(4 + half, w - 4 - half);
            texts.add(cx, ty, SMALL, Anchor::Middle, true, false, INK, &both);
        }
    }

    // Milestone labels inside the top of the plot.
    for m in &s.milestones {
        let x = sc.x(milestone_x(m.date));
        let label = short(&m.title);
        if x + 6 + text_width(&label, SMALL) <= w - 4 {
            texts.add(
                x + 6,
                top + 22,
                SMALL,
                Anchor::Start,
                false,
                true,
                MUTED,
                &label,
            );
        } else {
            texts.add(
                x - 6,
                top + 22,
                SMALL,
                Anchor::End,
                false,
                true,
                MUTED,
                &label,
            );
        }
    }

    // A column of labels right of the plot: each line's last value and each level, in the
    // order of their values, spread so that none overlaps another; each with its line's marker.
    let mut column: Vec<(i32, String, String, Sample)> = Vec::new();
    for ((t, _), &dash) in targets.iter().zip(&target_dashes) {
        if let (PathKind::Level, Some(&(_, v))) = (t.kind, t.path.last()) {
            let sign = if t.spec.strict { "<" } else { "≤" };
            let label = format!("{sign} {}{}", bound(lang, v), lang.pick(" %", "%"));
            column.push((
                sc.y(v),
                label,
                super::rgb(VERMILLION_TEXT),
                Sample::Level(dash),
            ));
        }
    }
    for l in &s.lines {
        if let Some(p) = l.last() {
            column.push((
                sc.y(p.value),
                pct(lang, p.value),
                INK.to_string(),
                Sample::Line(l.metric),
            ));
        }
    }
    column.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut ys: Vec<i32> = column.iter().map(|c| c.0).collect();
    for i in 1..ys.len() {
        ys[i] = ys[i].max(ys[i - 1] + 26);
    }
    if let Some(last) = ys.last_mut() {
        if *last > bottom {
            *last = bottom;
        }
    }
    for i in (0..ys.len().saturating_sub(1)).rev() {
        ys[i] = ys[i].min(ys[i + 1] - 26);
    }
    let column: Vec<(i32, String, String, Sample)> = column
        .into_iter()
        .zip(ys)
        .map(|((_, l, f, m), y)| (y, l, f, m))
        .collect();
    for (y, label, fill, _) in &column {
        texts.add(
            PLOT_RIGHT + 26,
            y + 8,
            SMALL,
            Anchor::Start,
            true,
            false,
            fill,
            label,
        );
    }

    // Legend text.
    for (_, y, lines) in &legend_rows {
        for (i, line) in lines.iter().enumerate() {
            texts.add(
                legend_x,
                y + 7 + 28 * i as i32,
                TEXT,
                Anchor::Start,
                false,
                false,
                INK,
                line,
            );
        }
    }

    let body = shapes(WIDTH, height, |root| {
        root.fill(&WHITE)?;
        for &v in &y_ticks {
            let y = sc.y(v);
            let c = if v == 0.0 { GREY } else { GRID };
            root.draw(&PathElement::new(
                vec![(PLOT_LEFT, y), (PLOT_RIGHT, y)],
                c.stroke_width(if v == 0.0 { 2 } else { 1 }),
            ))?;
        }
        // Targets under the data.
        for ((t, _), &dash) in targets.iter().zip(&target_dashes) {
            let pts: Vec<(i32, i32)> = t.path.iter().map(|&(y, v)| sc.at(y, v)).collect();
            let dash = Some(dash);
            match (&t.band_to, t.kind) {
                (Some(band), _) => {
                    let other: Vec<(i32, i32)> = band.iter().map(|&(y, v)| sc.at(y, v)).collect();
                    let mut poly = pts.clone();
                    poly.extend(other.iter().rev());
                    root.draw(&Polygon::new(poly, BLUISH_GREEN.mix(0.18).filled()))?;
                    polyline(root, pts, BLUISH_GREEN, 3, dash)?;
                    polyline(root, other, BLUISH_GREEN, 3, dash)?;
                }
                (None, PathKind::Annual) => polyline(root, pts, BLUISH_GREEN, 3, dash)?,
                (None, PathKind::Level) => polyline(root, pts, VERMILLION, 3, dash)?,
            }
        }
        for m in &s.milestones {
            let x = sc.x(milestone_x(m.date));
            root.draw(&PathElement::new(
                vec![(x, top), (x, bottom)],
                GREY.stroke_width(1),
            ))?;
        }
        for b in &s.breaks {
            let x = sc.x((b.before_year + b.after_year) as f64 / 2.0);
            root.draw(&PathElement::new(
                vec![(x, top - 34), (x, bottom + 6)],
                INK_RGB.stroke_width(3),
            ))?;
        }
        // Data: lines within each segment only, then the markers on top.
        for l in s.lines.iter().rev() {
            for seg in &l.segments {
                if seg.points.len() > 1 {
                    let pts: Vec<(i32, i32)> =
                        seg.points.iter().map(|p| sc.at(p.year, p.value)).collect();
                    polyline(
                        root,
                        pts,
                        colour(l.metric),
                        if l.metric == Metric::PoorRate { 4 } else { 3 },
                        dashes(l.metric),
                    )?;
                }
            }
            let pts = l.points().map(|p| sc.at(p.year, p.value)).collect();
            markers(root, l.metric, pts)?;
        }
        for (y, _, _, sample) in &column {
            match sample {
                Sample::Line(m) => markers(root, *m, vec![(PLOT_RIGHT + 14, *y)])?,
                _ => polyline(
                    root,
                    vec![(PLOT_RIGHT + 4, *y), (PLOT_RIGHT + 22, *y)],
                    VERMILLION,
                    3,
                    None,
                )?,
            }
        }
        // Legend samples.
        for (sample, y, _) in &legend_rows {
            let (x0, x1, y) = (12, 62, *y);
            match sample {
                Sample::Line(m) => {
                    polyline(
                        root,
                        vec![(x0, y), (x1, y)],
                        colour(*m),
                        if *m == Metric::PoorRate { 4 } else { 3 },
                        dashes(*m),
                    )?;
                    markers(root, *m, vec![((x0 + x1) / 2, y)])?;
                }
                &Sample::Band(dash) => {
                    root.draw(&Rectangle::new(
                        [(x0, y - 10), (x1, y + 10)],
                        BLUISH_GREEN.mix(0.18).filled(),
                    ))?;
                    let edge = |y| vec![(x0, y), (x1, y)];
                    polyline(root, edge(y - 10), BLUISH_GREEN, 3, Some(dash))?;
                    polyline(root, edge(y + 10), BLUISH_GREEN, 3, Some(dash))?;
                }
                &Sample::Path(dash) => {
                    polyline(root, vec![(x0, y), (x1, y)], BLUISH_GREEN, 3, Some(dash))?
                }
                &Sample::Level(dash) => {
                    polyline(root, vec![(x0, y), (x1, y)], VERMILLION, 3, Some(dash))?
                }
                Sample::Milestone => root.draw(&PathElement::new(
                    vec![((x0 + x1) / 2, y - 12), ((x0 + x1) / 2, y + 12)],
                    GREY.stroke_width(1),
                ))?,
                Sample::Break => root.draw(&PathElement::new(
                    vec![((x0 + x1) / 2, y - 12), ((x0 + x1) / 2, y + 12)],
                    INK_RGB.stroke_width(3),
                ))?,
            }
        }
        Ok(())
    });
    let body = format!("{body}<g>\n{}</g>\n", texts.0);
    document(
        WIDTH,
        height,
        "lnob-trend",
        opts,
        &title(s, lang),
        desc,
        &body,
    )
}

/// Ink for lines that must read as "not data" (the standard break).
const INK_RGB: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);
/// Vermillion darkened to 4.5:1 on white, for text.
const VERMILLION_TEXT: RGBColor = RGBColor(0xA6, 0x49, 0x00);

/// Exactly the numbers the chart draws, as CSV (UTF-8 with BOM) ending with the sources.
pub fn csv(s: &UnitSeries, lang: Lang) -> String {
    let header = match lang {
        Lang::Vi => ["Chuỗi số liệu", "Năm", "Giá trị", "Chuẩn nghèo"],
        Lang::En => ["Series", "Year", "Value", "Poverty standard"],
    };
    // A series' name and standard are borrowed by each of its rows.
    let names: Vec<String> = s
        .lines
        .iter()
        .map(|l| format!("{} (%)", metrics::name(l.metric, lang)))
        .collect();
    let mut rows: Vec<[Cow<str>; 4]> = Vec::new();
    for (l, name) in s.lines.iter().zip(&names) {
        for p in l.points() {
            rows.push([
                name.into(),
                p.year.to_string().into(),
                num(p.value).into(),
                p.standard.as_str().into(),
            ]);
        }
    }
    let several = several_plans(s);
    for t in &s.targets {
        let plan = [t.plan_number.as_str()];
        let label = target_label(t, lang, if several { &plan } else { &[] }, false);
        let paths: Vec<(String, &Vec<(i32, f64)>)> = match &t.band_to {
            Some(band) => {
                let lo = t.spec.at_least.unwrap_or(0.0);
                let hi = t.spec.at_most.unwrap_or(lo);
                let each = |x: f64| match lang {
                    Lang::Vi => format!("{label}: đường giảm {}/năm", bound(lang, x)),
                    Lang::En => format!("{label}: path down {} a year", bound(lang, x)),
                };
                vec![(each(lo), &t.path), (each(hi), band)]
            }
            None => vec![(label.clone(), &t.path)],
        };
        for (name, path) in paths {
            for &(y, v) in path {
                rows.push([
                    name.clone().into(),
                    y.to_string().into(),
                    num(v).into(),
                    "".into(),
                ]);
            }
        }
    }
    for m in &s.milestones {
        rows.push([
            format!("{}: {}", lang.pick("Mốc", "Milestone"), m.title).into(),
            format::iso_date(m.date).into(),
            "".into(),
            "".into(),
        ]);
    }
    chart_csv(
        &header,
        rows.iter().map(|r| r.iter().map(|c| c.as_bytes())),
        &s.sources,
        lang,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_from_a_stand_in_line_are_those_plotters_draws() {
        // Within the canvas, as markers always are (plotters clips shapes at its edges).
        let pts = vec![(40, 50), (12, 12), (120, 150), (187, 188), (40, 50)];
        for metric in [
            Metric::PoorRate,
            Metric::NearPoorRate,
            Metric::EthnicMinorityPoorRate,
        ] {
            let shape = match metric {
                Metric::NearPoorRate => Marker::Square,
                Metric::EthnicMinorityPoorRate => Marker::Triangle,
                _ => Marker::Circle,
            };
            // Lines before and after: the markers take the stand-in's place, nothing else moves.
            let line = |a: &super::super::Area| {
                a.draw(&PathElement::new(
                    vec![(1, 1), (9, 9)],
                    GREY.stroke_width(2),
                ))
            };
            for points in [pts.clone(), vec![(33, 44)]] {
                let n = points.len();
                let by_stand_in = shapes(200, 200, |a| {
                    line(a)?;
                    markers(a, metric, points.clone())?;
                    line(a)
                });
                let one_by_one = shapes(200, 200, |a| {
                    line(a)?;
                    markers_one_by_one(a, shape, colour(metric), points.clone())?;
                    line(a)
                });
                assert_eq!(by_stand_in, one_by_one, "{metric:?}");
                assert_eq!(by_stand_in.lines().count(), 2 * n + 2, "{by_stand_in}");
            }
        }
    }
}
