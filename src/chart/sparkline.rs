//! A sparkline: one metric of one unit as a tiny inline SVG for tables, with the same break
//! where the poverty standard changes and an `aria-label` saying what it shows.

use plotters::prelude::{Circle, Color, PathElement};

use super::palette::*;
use super::{chart_csv, esc, num, shapes, ChartOptions};
use crate::compute::metrics;
use crate::compute::series::{Line, UnitSeries};
use crate::compute::status::standard_name;
use crate::diag::Lang;
use crate::format;
use crate::model::Metric;

/// Drawn at four times the shown size (120 × 32) so that integer pixels stay smooth.
const W: i32 = 480;
const H: i32 = 128;
const PAD: i32 = 14;

fn label(name: &str, line: Option<&Line>, lang: Lang) -> String {
    let Some(l) = line.filter(|l| l.first().is_some()) else {
        return format!("{name}: {}", lang.pick("chưa có số liệu", "no figures yet"));
    };
    let (a, b) = (l.first().unwrap(), l.last().unwrap());
    let pct = |v: f64| format::percent(lang, v, 2);
    let mut s = if a.year == b.year {
        format!("{name} {}: {}", a.year, pct(a.value))
    } else {
        format!(
            "{name} {}–{}: {} → {}",
            a.year,
            b.year,
            pct(a.value),
            pct(b.value)
        )
    };
    for w in l.segments.windows(2) {
        let year = w[1].points[0].year;
        s.push_str(&match lang {
            Lang::Vi => format!(
                "; đổi chuẩn nghèo năm {year} ({} → {})",
                standard_name(&w[0].standard),
                standard_name(&w[1].standard)
            ),
            Lang::En => format!(
                "; poverty standard changed in {year} ({} to {})",
                standard_name(&w[0].standard),
                standard_name(&w[1].standard)
            ),
        });
    }
    s
}

/// The sparkline of `metric` (usually the poor rate) of the series' unit.
pub fn svg(s: &UnitSeries, metric: Metric, opts: &ChartOptions) -> String {
    let lang = opts.lang;
    let line = s.line(metric);
    let name = metrics::name(metric, lang);
    let aria = label(name, line, lang);
    let points: Vec<(i32, f64)> = line
        .map(|l| l.points().map(|p| (p.year, p.value)).collect())
        .unwrap_or_default();
    let body = shapes(W as u32, H as u32, |root| {
        let Some(l) = line else { return Ok(()) };
        let (y0, y1) = (points.first().unwrap().0, points.last().unwrap().0);
        let lo = points.iter().map(|p| p.1).fold(f64::MAX, f64::min);
        let hi = points.iter().map(|p| p.1).fold(f64::MIN, f64::max);
        let span = if hi - lo > 1e-9 { hi - lo } else { 1.0 };
        let x = |y: i32| {
            if y1 > y0 {
                PAD + ((y - y0) as f64 / (y1 - y0) as f64 * (W - 2 * PAD) as f64).round() as i32
            } else {
                W / 2
            }
        };
        let yv = |v: f64| {
            if hi - lo > 1e-9 {
                H - PAD - ((v - lo) / span * (H - 2 * PAD) as f64).round() as i32
            } else {
                H / 2
            }
        };
        for w in l.segments.windows(2) {
            let xb = (x(w[0].points.last().unwrap().year) + x(w[1].points[0].year)) / 2;
            root.draw(&PathElement::new(
                vec![(xb, 4), (xb, H - 4)],
                GREY.stroke_width(4),
            ))?;
        }
        for seg in &l.segments {
            let pts: Vec<(i32, i32)> = seg
                .points
                .iter()
                .map(|p| (x(p.year), yv(p.value)))
                .collect();
            if pts.len() > 1 {
                root.draw(&PathElement::new(pts, BLUE.stroke_width(8)))?;
            } else {
                root.draw(&Circle::new(pts[0], 7, BLUE.filled()))?;
            }
        }
        let last = l.last().unwrap();
        root.draw(&Circle::new(
            (x(last.year), yv(last.value)),
            12,
            BLUE.filled(),
        ))?;
        Ok(())
    });
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" width=\"120\" height=\"32\" role=\"img\" \
aria-label=\"{a}\" class=\"lnob-chart lnob-sparkline\">\n<title>{a}</title>\n{body}</svg>\n",
        a = esc(&aria)
    )
}

/// The sparkline's numbers as CSV (UTF-8 with BOM) ending with the sources.
pub fn csv(s: &UnitSeries, metric: Metric, lang: Lang) -> String {
    let header = match lang {
        Lang::Vi => ["Năm", "Giá trị", "Chuẩn nghèo"],
        Lang::En => ["Year", "Value", "Poverty standard"],
    };
    let rows: Vec<Vec<String>> = s
        .line(metric)
        .map(|l| {
            l.points()
                .map(|p| vec![p.year.to_string(), num(p.value), p.standard.clone()])
                .collect()
        })
        .unwrap_or_default();
    chart_csv(&header, &rows, &s.sources, lang)
}
