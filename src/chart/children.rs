//! The child units of a unit as horizontal bars, ranked by their latest rate or by their
//! change since the baseline, coloured by status and labelled with the status in words.

use plotters::prelude::{Color, PathElement, RGBColor, Rectangle};
use serde::Serialize;

use super::palette::*;
use super::{
    chart_csv, document, num, shapes, text_width, wrap, Anchor, ChartOptions, Texts, INK, MUTED,
};
use crate::compute::metrics;
use crate::compute::status::{Assessment, Status};
use crate::diag::Lang;
use crate::format;
use crate::model::{Change, Metric, Site, UnitId};

pub const WIDTH: u32 = 640;
const ROW: i32 = 82;
const TEXT: u32 = 24;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rank {
    /// By the latest value, highest first.
    Latest,
    /// By the fall since the plan's baseline, largest first.
    Change,
}

#[derive(Clone, Debug, Serialize)]
pub struct ChildRow {
    pub unit: UnitId,
    pub code: String,
    pub name: String,
    pub latest_year: Option<i32>,
    pub latest: Option<f64>,
    /// From the assessment: the baseline year and the fall since (points; negative = rose),
    /// where the two years are comparable.
    pub baseline_year: Option<i32>,
    pub change: Option<f64>,
    /// The status that colours the bar: a target of a plan of the parent that applies to this
    /// child first, else any target of this metric for it.
    pub assessment: Option<Assessment>,
}

impl ChildRow {
    pub fn status(&self) -> Option<Status> {
        self.assessment.as_ref().map(|a| a.status)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Children {
    pub parent: UnitId,
    pub parent_name: String,
    pub metric: Metric,
    pub rank: Rank,
    /// In rank order; units without the value last, by name.
    pub rows: Vec<ChildRow>,
    pub sources: Vec<String>,
}

/// The rows of a unit's children chart. `assessments` is `assess_all`'s output.
pub fn data(
    site: &Site,
    parent: UnitId,
    metric: Metric,
    assessments: &[Assessment],
    rank: Rank,
) -> Children {
    let mut sources: Vec<String> = Vec::new();
    let mut rows: Vec<ChildRow> = site.units[parent]
        .children
        .iter()
        .map(|&u| {
            let latest = site
                .unit_figures(u)
                .filter_map(|f| Some((f, metrics::figure_value(f, metric)?)))
                .last();
            if let Some(src) = latest
                .and_then(|(f, _)| f.source.as_deref())
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                if !sources.iter().any(|s| s == src) {
                    sources.push(src.to_string());
                }
            }
            let candidates = assessments
                .iter()
                .filter(|a| a.unit == u && a.metric == metric && a.change != Change::ShareOfUnits);
            let assessment = candidates
                .clone()
                .find(|a| site.plans[a.plan].unit == parent)
                .or_else(|| candidates.clone().next())
                .cloned();
            let comparable = assessment
                .as_ref()
                .filter(|a| a.status != Status::NotComparable);
            let change = comparable.and_then(|a| Some(a.baseline? - a.latest?));
            ChildRow {
                unit: u,
                code: site.units[u].code.clone(),
                name: site.units[u].name.clone(),
                latest_year: latest.map(|(f, _)| f.year),
                latest: latest.map(|(_, v)| v),
                baseline_year: change.and(assessment.as_ref().map(|a| a.baseline_year)),
                change,
                assessment,
            }
        })
        .collect();
    let key = |r: &ChildRow| match rank {
        Rank::Latest => r.latest,
        Rank::Change => r.change,
    };
    rows.sort_by(|a, b| match (key(a), key(b)) {
        (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| a.name.cmp(&b.name)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.name.cmp(&b.name),
    });
    Children {
        parent,
        parent_name: site.units[parent].full_name(),
        metric,
        rank,
        rows,
        sources,
    }
}

/// Bar colour of a status; the label always says the status in words too.
pub fn status_colour(s: Option<Status>) -> RGBColor {
    match s {
        Some(Status::Met) => BLUISH_GREEN,
        Some(Status::OnTrack) => BLUE,
        Some(Status::Behind) => VERMILLION,
        Some(Status::NotComparable) => REDDISH_PURPLE,
        Some(Status::NoData) | None => RGBColor(0x8C, 0x8C, 0x8C),
    }
}

fn status_text(s: Option<Status>, lang: Lang) -> &'static str {
    match s {
        Some(s) => s.label(lang),
        None => lang.pick("Chưa có chỉ tiêu", "No target"),
    }
}

pub fn title(c: &Children, lang: Lang) -> String {
    let name = metrics::name(c.metric, lang);
    match (c.rank, lang) {
        (Rank::Latest, Lang::Vi) => format!("{name} của các đơn vị trực thuộc – {}", c.parent_name),
        (Rank::Latest, Lang::En) => format!("{name} by unit – {}", c.parent_name),
        (Rank::Change, Lang::Vi) => format!(
            "Mức giảm {} từ đầu kỳ – {}",
            name.to_lowercase(),
            c.parent_name
        ),
        (Rank::Change, Lang::En) => format!(
            "Fall in {} since the baseline, by unit – {}",
            name.to_lowercase(),
            c.parent_name
        ),
    }
}

fn common_year(c: &Children) -> Option<i32> {
    c.rows.iter().filter_map(|r| r.latest_year).max()
}

/// The words next to a bar: "17,90 % · Chậm", "giảm 2,30 điểm % · Đạt".
fn row_label(r: &ChildRow, c: &Children, lang: Lang) -> String {
    let value = match c.rank {
        Rank::Latest => match (r.latest, r.latest_year) {
            (Some(v), Some(y)) if Some(y) != common_year(c) => {
                format!("{} ({y})", value_text(c.metric, v, lang))
            }
            (Some(v), _) => value_text(c.metric, v, lang),
            (None, _) => lang.pick("Chưa có số liệu", "No figures").to_string(),
        },
        Rank::Change => match r.change {
            Some(d) => change_text(c.metric, d, lang),
            None => lang
                .pick("Không tính được", "Cannot be computed")
                .to_string(),
        },
    };
    format!("{value} · {}", status_text(r.status(), lang))
}

fn value_text(metric: Metric, v: f64, lang: Lang) -> String {
    crate::compute::status::value_text(lang, metric, v)
}

fn change_text(metric: Metric, d: f64, lang: Lang) -> String {
    let amount = if metric.is_percent() {
        format::points(lang, d.abs(), 2)
    } else {
        format!(
            "{} {}",
            format::int(lang, d.abs().round() as i64),
            lang.pick("hộ", "households")
        )
    };
    match (lang, d < 0.0) {
        (Lang::Vi, false) => format!("giảm {amount}"),
        (Lang::Vi, true) => format!("tăng {amount}"),
        (Lang::En, false) => format!("down {amount}"),
        (Lang::En, true) => format!("up {amount}"),
    }
}

pub fn description(c: &Children, lang: Lang) -> String {
    if c.rows.is_empty() {
        return match lang {
            Lang::Vi => format!("{} không có đơn vị trực thuộc.", c.parent_name),
            Lang::En => format!("{} has no units below it.", c.parent_name),
        };
    }
    let order = match (c.rank, lang) {
        (Rank::Latest, Lang::Vi) => format!(
            "xếp theo {} năm gần nhất{}, từ cao đến thấp",
            metrics::name(c.metric, lang).to_lowercase(),
            common_year(c)
                .map(|y| format!(" ({y})"))
                .unwrap_or_default()
        ),
        (Rank::Latest, Lang::En) => format!(
            "ranked by the latest {}{}, highest first",
            metrics::name(c.metric, lang).to_lowercase(),
            common_year(c)
                .map(|y| format!(" ({y})"))
                .unwrap_or_default()
        ),
        (Rank::Change, Lang::Vi) => {
            format!(
                "xếp theo mức giảm {} từ năm đầu kỳ, giảm nhiều nhất trước",
                metrics::name(c.metric, lang).to_lowercase()
            )
        }
        (Rank::Change, Lang::En) => {
            format!(
                "ranked by the fall in {} since the baseline year, largest first",
                metrics::name(c.metric, lang).to_lowercase()
            )
        }
    };
    let items: Vec<String> = c
        .rows
        .iter()
        .map(|r| format!("{}: {}", r.name, row_label(r, c, lang)))
        .collect();
    match lang {
        Lang::Vi => format!(
            "{} đơn vị trực thuộc {}, {order}. {}.",
            c.rows.len(),
            c.parent_name,
            items.join("; ")
        ),
        Lang::En => format!(
            "{} units within {}, {order}. {}.",
            c.rows.len(),
            c.parent_name,
            items.join("; ")
        ),
    }
}

/// The chart as a self-contained SVG document.
pub fn svg(c: &Children, opts: &ChartOptions) -> String {
    let lang = opts.lang;
    let w = WIDTH as i32;
    let mut texts = Texts::default();
    let mut y = 12;
    for line in wrap(&title(c, lang), 24, w - 24) {
        y += 30;
        texts.add(12, y, 24, Anchor::Start, true, false, INK, &line);
    }
    let values: Vec<Option<f64>> = c
        .rows
        .iter()
        .map(|r| match c.rank {
            Rank::Latest => r.latest,
            Rank::Change => r.change,
        })
        .collect();
    let labels: Vec<String> = c.rows.iter().map(|r| row_label(r, c, lang)).collect();
    let label_w = labels
        .iter()
        .map(|l| text_width(l, TEXT))
        .max()
        .unwrap_or(0);
    let area = (w - 24 - label_w - 10).max(180);
    let hi = values.iter().flatten().cloned().fold(0.0, f64::max);
    let lo = values.iter().flatten().cloned().fold(0.0, f64::min);
    let range = if hi - lo > 0.0 { hi - lo } else { 1.0 };
    let zero_x = 12 + ((-lo) / range * area as f64).round() as i32;
    let x_of = |v: f64| zero_x + (v / range * area as f64).round() as i32;

    let top = y + 18;
    let mut bars: Vec<(i32, i32, i32, RGBColor)> = Vec::new();
    for (i, r) in c.rows.iter().enumerate() {
        let ry = top + ROW * i as i32;
        texts.add(12, ry + 24, TEXT, Anchor::Start, true, false, INK, &r.name);
        let (x0, x1) = match values[i] {
            Some(v) => {
                let x = x_of(v);
                (zero_x.min(x), zero_x.max(x).max(zero_x.min(x) + 2))
            }
            None => (zero_x, zero_x),
        };
        if values[i].is_some() {
            bars.push((x0, x1, ry + 34, status_colour(r.status())));
        }
        let lx = x1.max(zero_x) + 8;
        texts.add(
            lx,
            ry + 57,
            TEXT,
            Anchor::Start,
            false,
            false,
            MUTED,
            &labels[i],
        );
    }
    let bottom = top + ROW * c.rows.len() as i32;
    let height = (bottom + 10).max(top + 40) as u32;
    if c.rows.is_empty() {
        texts.add(
            12,
            top + 24,
            TEXT,
            Anchor::Start,
            false,
            false,
            MUTED,
            &description(c, lang),
        );
    }
    let body = shapes(WIDTH, height, |root| {
        root.fill(&WHITE)?;
        for &(x0, x1, y, colour) in &bars {
            root.draw(&Rectangle::new([(x0, y), (x1, y + 28)], colour.filled()))?;
        }
        if c.rank == Rank::Change && !c.rows.is_empty() {
            root.draw(&PathElement::new(
                vec![(zero_x, top + 26), (zero_x, bottom - 10)],
                GREY.stroke_width(2),
            ))?;
        }
        Ok(())
    });
    let body = format!("{body}<g>\n{}</g>\n", texts.0);
    let class = match c.rank {
        Rank::Latest => "lnob-children lnob-children-latest",
        Rank::Change => "lnob-children lnob-children-change",
    };
    document(
        WIDTH,
        height,
        class,
        opts,
        &title(c, lang),
        &description(c, lang),
        &body,
    )
}

/// Exactly the numbers the chart draws, as CSV (UTF-8 with BOM) ending with the sources.
pub fn csv(c: &Children, lang: Lang) -> String {
    let header = match lang {
        Lang::Vi => [
            "Mã",
            "Đơn vị",
            "Năm",
            "Giá trị",
            "Năm đầu kỳ",
            "Mức giảm từ đầu kỳ",
            "Tình trạng",
        ],
        Lang::En => [
            "Code",
            "Unit",
            "Year",
            "Value",
            "Baseline year",
            "Fall since baseline",
            "Status",
        ],
    };
    let rows: Vec<Vec<String>> = c
        .rows
        .iter()
        .map(|r| {
            vec![
                r.code.clone(),
                r.name.clone(),
                r.latest_year.map(|y| y.to_string()).unwrap_or_default(),
                r.latest.map(num).unwrap_or_default(),
                r.baseline_year.map(|y| y.to_string()).unwrap_or_default(),
                r.change.map(num).unwrap_or_default(),
                status_text(r.status(), lang).to_string(),
            ]
        })
        .collect();
    chart_csv(&header, &rows, &c.sources, lang)
}
