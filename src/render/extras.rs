//! What the charts and target-status stage adds to unit, plan and home pages: statuses with
//! their sentences, the trend chart with its table and downloads, the children chart and
//! sparklines. Statuses are computed once per build and shared by every page.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use tera::Value;

use crate::chart::{children, sparkline, trend, ChartOptions};
use crate::compute::index::AssessmentIndex;
use crate::compute::series::{unit_series, UnitSeries};
use crate::compute::status::{self, Assessment, Status};
use crate::diag::Lang;
use crate::format;
use crate::model::*;
use crate::render::tv::tv;
use crate::render::{i18n, Extras};
use crate::urls::Urls;

/// Statuses of every target, computed once.
pub struct Computed<'a> {
    pub site: &'a Site,
    /// Every target's status for every unit, and those by unit and by plan: computed before a
    /// build's pages ([`build`]) or when a page first needs them ([`build_lazily`]).
    assessed: OnceLock<(Vec<Assessment>, AssessmentIndex)>,
    urls: Urls,
    /// Each unit's series, made the first time a page needs it: the unit page, its embed, its
    /// parent's sparklines, plan pages and chart shortcodes share one.
    trends: Vec<OnceLock<Arc<Trend>>>,
    /// Each unit's drawn trend chart (with a stand-in id), kept only while pages that will
    /// show it are still to come: `uses_left` counts them (the unit page, its embed, its
    /// plans' pages, the home page). Kept for the whole build, the drawings of a national
    /// site took about 190 MB; a page that asks after the count ran out (a chart shortcode)
    /// draws the chart again, which gives the same bytes.
    drawings: Vec<Mutex<Option<Arc<str>>>>,
    uses_left: Vec<AtomicU32>,
}

pub fn build(site: &Site) -> Box<dyn Extras + '_> {
    let c = computed(site);
    c.assessed();
    Box::new(c)
}

/// [`build`] without computing the statuses until a page asks for them: for rendering a few
/// pages that may not (`lnob serve` after a story's text changed). A whole build uses
/// [`build`]: its pages would wait for the first one that needs them.
pub fn build_lazily(site: &Site) -> Box<dyn Extras + '_> {
    Box::new(computed(site))
}

fn computed(site: &Site) -> Computed<'_> {
    // The unit page, its embed, its plans' pages and the home page.
    let mut uses: Vec<u32> = vec![2; site.units.len()];
    for p in &site.plans {
        uses[p.unit] += 1;
    }
    if let Some(r) = home_chart_unit(site) {
        uses[r] += 1;
    }
    Computed {
        site,
        assessed: OnceLock::new(),
        urls: Urls::new(site.config.language),
        trends: (0..site.units.len()).map(|_| OnceLock::new()).collect(),
        drawings: (0..site.units.len()).map(|_| Mutex::new(None)).collect(),
        uses_left: uses.into_iter().map(AtomicU32::new).collect(),
    }
}

/// The unit whose trend chart the home page shows, if it shows one.
fn home_chart_unit(site: &Site) -> Option<UnitId> {
    match (site.root, site.roots.as_slice()) {
        (Some(r), _) => Some(r),
        (None, [only]) => Some(*only),
        _ => None,
    }
}

/// What a unit's trend chart draws.
pub struct Trend {
    pub series: UnitSeries,
    /// The chart's description in words, made once: the drawing and the chart's view both
    /// show it.
    desc: std::sync::OnceLock<String>,
}

/// The id a chart is drawn with once and that each page replaces with its own (the id only
/// names the chart's title and description for assistive technology, so one drawing serves
/// every page that shows the chart).
const ID_STAND_IN: &str = "lnob-chart-id-stand-in";

impl Trend {
    pub fn new(site: &Site, u: UnitId, rows: &[Assessment]) -> Trend {
        Trend {
            series: unit_series(site, u, rows),
            desc: std::sync::OnceLock::new(),
        }
    }

    /// The chart's description in words (the site has one language).
    fn description(&self, lang: Lang) -> &str {
        self.desc
            .get_or_init(|| trend::description(&self.series, lang))
    }

    /// The chart with the stand-in id, or `None` when the unit has nothing to draw.
    fn draw(&self, lang: Lang) -> Option<String> {
        (!self.series.is_empty()).then(|| {
            let opts = ChartOptions::new(lang, ID_STAND_IN);
            trend::svg_described(&self.series, &opts, self.description(lang))
        })
    }

    /// The chart with its id, drawn afresh, or `None` when the unit has nothing to draw.
    pub fn svg(&self, lang: Lang, id: &str) -> Option<String> {
        self.draw(lang).map(|s| with_id(&s, id))
    }
}

fn with_id(drawing: &str, id: &str) -> String {
    drawing.replace(ID_STAND_IN, &crate::chart::esc(id))
}

/// The name of a unit's chart files: `bieu-do.svg` / `chart.svg`.
fn chart_stem(lang: Lang) -> &'static str {
    lang.pick("bieu-do", "chart")
}

/// Statuses in the order pages list them: what needs attention first.
const BEHIND_FIRST: [Status; 5] = [
    Status::Behind,
    Status::OnTrack,
    Status::Met,
    Status::NotComparable,
    Status::NoData,
];

fn status_order(s: Status) -> u8 {
    BEHIND_FIRST.iter().position(|&x| x == s).unwrap_or(0) as u8
}

/// Up to how many places the home page shows with each target's status on its own line; with
/// more (a national home has 63 provinces with about ten targets each), each place's card
/// counts its statuses instead.
const HOME_DETAILED_PLACES: usize = 6;

/// A home card's statuses counted by status (behind first), or `null` when
/// the card lists them one by one (see [`HOME_DETAILED_PLACES`]).
fn home_tally(statuses: &[&Assessment], places: usize, lang: Lang) -> Value {
    if places <= HOME_DETAILED_PLACES || statuses.is_empty() {
        return Value::none();
    }
    tv!({
        "total": statuses.len(),
        "counts": status_counts(statuses.iter().map(|a| a.status), BEHIND_FIRST, lang),
    })
}

/// `{code, label, count}` for each status of `order` that `statuses` has, in that order.
fn status_counts(
    statuses: impl Iterator<Item = Status> + Clone,
    order: [Status; 5],
    lang: Lang,
) -> Vec<Value> {
    order
        .into_iter()
        .filter_map(|s| {
            let n = statuses.clone().filter(|&x| x == s).count();
            (n > 0).then(|| tv!({"code": s.code(), "label": s.label(lang), "count": n}))
        })
        .collect()
}

impl Computed<'_> {
    /// Every status, and the index of them by unit and by plan.
    fn assessed(&self) -> &(Vec<Assessment>, AssessmentIndex) {
        self.assessed.get_or_init(|| {
            let all = status::assess_all(self.site);
            let index = AssessmentIndex::new(&all, self.site.units.len(), self.site.plans.len());
            (all, index)
        })
    }

    /// Every target's status for every unit.
    fn all(&self) -> &[Assessment] {
        &self.assessed().0
    }

    /// [`Self::all`] by unit and by plan.
    fn index(&self) -> &AssessmentIndex {
        &self.assessed().1
    }

    fn lang(&self) -> Lang {
        self.site.config.language
    }

    fn status_view(&self, a: &Assessment) -> Value {
        let site = self.site;
        let lang = self.lang();
        let plan = &site.plans[a.plan];
        let target = &plan.targets[a.target];
        tv!({
            "plan": {"id": plan.id, "number": plan.number, "url": self.urls.plan(&plan.id)},
            "target_no": a.target + 1,
            "text": target.text,
            "metric": i18n::metric(lang, target.metric),
            "unit": {"name": site.units[a.unit].full_name(), "url": self.urls.unit(site, a.unit)},
            "code": a.status.code(),
            "label": a.status.label(lang),
            "sentence": status::sentence(a, target, lang),
            "order": status_order(a.status),
        })
    }

    fn trend_of(&self, u: UnitId) -> &Arc<Trend> {
        self.trends[u].get_or_init(|| Arc::new(Trend::new(self.site, u, self.index().of_unit(u))))
    }

    /// A unit's trend chart with its id: drawn on the first use, kept while uses are left.
    fn trend_svg_of(&self, u: UnitId, id: &str) -> Option<String> {
        self.drawing_of(u).map(|d| with_id(&d, id))
    }

    /// A unit's trend chart with the stand-in id (one use of it; see `uses_left`).
    fn drawing_of(&self, u: UnitId) -> Option<Arc<str>> {
        let t = self.trend_of(u);
        if t.series.is_empty() {
            return None;
        }
        let mut slot = self.drawings[u].lock().unwrap_or_else(|e| e.into_inner());
        let drawing = match slot.as_ref() {
            Some(d) => d.clone(),
            None => Arc::from(t.draw(self.lang())?),
        };
        let last = self.uses_left[u]
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
            .map_or(true, |before| before <= 1);
        *slot = if last { None } else { Some(drawing.clone()) };
        Some(drawing)
    }

    /// The trend chart of a unit as a figure: SVG, the numbers as a table, downloads, source.
    /// `None` when the unit has nothing to draw.
    fn chart_view(&self, u: UnitId, id: &str) -> Value {
        let t = self.trend_of(u);
        let Some(drawing) = self.drawing_of(u) else {
            return Value::none();
        };
        // The downloads are the unit page's: its chart id, the series as CSV.
        let sizes = (
            with_id(&drawing, &trend_id(self.site, u)).len(),
            trend::csv(&t.series, self.lang()).len(),
        );
        let svg = with_id(&drawing, id);
        self.chart_view_of(t, svg, &self.urls.unit(self.site, u), sizes)
    }

    /// [`Self::chart_view`] with the chart already drawn.
    fn chart_view_of(
        &self,
        t: &Trend,
        svg: String,
        base_url: &str,
        sizes: (usize, usize),
    ) -> Value {
        let lang = self.lang();
        let series = &t.series;
        let mut years: Vec<i32> = series
            .lines
            .iter()
            .flat_map(|l| l.points().map(|p| p.year))
            .collect();
        years.sort_unstable();
        years.dedup();
        let headers: Vec<String> = series
            .lines
            .iter()
            .map(|l| i18n::metric(lang, l.metric).to_string())
            .collect();
        let rows: Vec<Value> = years
            .iter()
            .map(|y| {
                let cells: Vec<String> = series
                    .lines
                    .iter()
                    .map(|l| {
                        l.points()
                            .find(|p| p.year == *y)
                            .map(|p| format::percent(lang, p.value, 2))
                            .unwrap_or_else(|| "–".into())
                    })
                    .collect();
                let standard = series
                    .lines
                    .iter()
                    .flat_map(|l| l.points())
                    .find(|p| p.year == *y)
                    .map(|p| status::standard_name(&p.standard))
                    .unwrap_or_default();
                tv!({"year": y, "cells": cells, "standard": standard})
            })
            .collect();
        tv!({
            "svg": svg,
            "title": trend::title(series, lang),
            "desc": t.description(lang),
            "headers": headers,
            "rows": rows,
            "svg_url": format!("{base_url}{}.svg", chart_stem(lang)),
            "csv_url": format!("{base_url}{}.csv", chart_stem(lang)),
            "sources": series.sources,
            "illustrative": series.illustrative,
            "svg_size": format::file_size(lang, sizes.0),
            "csv_size": format::file_size(lang, sizes.1),
            "cite": crate::render::cite::view(self.site, &trend::title(series, lang), crate::render::cite::Kind::Chart, base_url, years.last().copied()),
        })
    }

    fn unit_files(&self, series: &UnitSeries, svg: &str, dir: &str) -> Vec<(String, Vec<u8>)> {
        let lang = self.lang();
        // The drawn chart is already a whole SVG document (`chart::document`).
        vec![
            (
                format!("{dir}{}.svg", chart_stem(lang)),
                svg.as_bytes().to_vec(),
            ),
            (
                format!("{dir}{}.csv", chart_stem(lang)),
                trend::csv(series, lang).into_bytes(),
            ),
        ]
    }
}

impl Extras for Computed<'_> {
    fn unit(&self, site: &Site, u: UnitId) -> (Value, Vec<(String, Vec<u8>)>) {
        let lang = self.lang();
        let trend = self.trend_of(u);
        let url = self.urls.unit(site, u);
        let dir = url.trim_start_matches('/').to_string();
        let mut statuses: Vec<&Assessment> = self.index().of_unit(u).iter().collect();
        statuses.sort_by_key(|a| (site.plans[a.plan].id.clone(), a.target));
        let statuses: Vec<Value> = statuses.into_iter().map(|a| self.status_view(a)).collect();
        let mut files = Vec::new();
        let chart = match self.trend_svg_of(u, &trend_id(site, u)) {
            None => Value::none(),
            Some(svg) => {
                files = self.unit_files(&trend.series, &svg, &dir);
                let sizes = (files[0].1.len(), files[1].1.len());
                self.chart_view_of(trend, svg, &url, sizes)
            }
        };
        let unit = &site.units[u];
        let with_data: Vec<UnitId> = unit
            .children
            .iter()
            .copied()
            .filter(|&c| site.unit_figures(c).next().is_some())
            .collect();
        let mut children_chart = Value::none();
        let mut sparklines: Vec<String> = Vec::new();
        if !with_data.is_empty() {
            // The children's own rows are all the chart looks at.
            let rows: Vec<Assessment> = unit
                .children
                .iter()
                .flat_map(|&c| self.index().of_unit(c).iter().cloned())
                .collect();
            let c = children::data(site, u, Metric::PoorRate, &rows, children::Rank::Latest);
            let id = format!("children-{}", crate::slug::slugify(&unit.code));
            let svg = children::svg(&c, &ChartOptions::new(lang, &id));
            let stem = lang.pick("bieu-do-don-vi", "chart-units");
            files.push((format!("{dir}{stem}.svg"), svg.clone().into_bytes()));
            files.push((
                format!("{dir}{stem}.csv"),
                children::csv(&c, lang).into_bytes(),
            ));
            let sizes: Vec<String> = files[files.len() - 2..]
                .iter()
                .map(|f| format::file_size(lang, f.1.len()))
                .collect();
            children_chart = tv!({"svg": svg, "svg_url": format!("{url}{stem}.svg"), "csv_url": format!("{url}{stem}.csv"), "title": children::title(&c, lang),
                "svg_size": sizes[0], "csv_size": sizes[1]});
            for &ch in &unit.children {
                let s = &self.trend_of(ch).series;
                let id = format!("spark-{}", crate::slug::slugify(&site.units[ch].code));
                sparklines.push(if s.is_empty() {
                    String::new()
                } else {
                    sparkline::svg(s, Metric::PoorRate, &ChartOptions::new(lang, id))
                });
            }
        }
        (
            tv!({
                "statuses": statuses,
                "chart": chart,
                "children_chart": children_chart,
                "sparklines": sparklines,
                "method": status::method_note(lang),
            }),
            files,
        )
    }

    fn plan(&self, site: &Site, p: PlanId) -> (Value, Vec<(String, Vec<u8>)>) {
        let plan = &site.plans[p];
        let mut own = Vec::new();
        let mut others: Vec<&Assessment> = Vec::new();
        for a in self.index().of_plan(p).iter().map(|&i| &self.all()[i]) {
            if a.unit == plan.unit {
                own.push(self.status_view(a));
            } else {
                others.push(a);
            }
        }
        others.sort_by(|a, b| {
            status_order(a.status)
                .cmp(&status_order(b.status))
                .then(a.target.cmp(&b.target))
                .then(a.unit.cmp(&b.unit))
        });
        let table: Vec<Value> = others.into_iter().map(|a| self.status_view(a)).collect();
        let chart = self.chart_view(plan.unit, &format!("trend-plan-{}", plan.id));
        let met_first = [
            Status::Met,
            Status::OnTrack,
            Status::Behind,
            Status::NotComparable,
            Status::NoData,
        ];
        let of_plan = self
            .index()
            .of_plan(p)
            .iter()
            .map(|&i| self.all()[i].status);
        let counts = status_counts(of_plan, met_first, self.lang());
        (
            tv!({"own": own, "table": table, "chart": chart, "counts": counts, "method": status::method_note(self.lang())}),
            Vec::new(),
        )
    }

    fn home(&self, site: &Site) -> Value {
        let focus: Vec<UnitId> = match site.root {
            Some(r) => vec![r],
            None => site.roots.clone(),
        };
        let units: Vec<Value> = focus
            .iter()
            .map(|&u| {
                let mut st: Vec<&Assessment> = self.index().of_unit(u).iter().collect();
                st.sort_by_key(|a| (site.plans[a.plan].id.clone(), a.target));
                tv!({"code": site.units[u].code, "tally": home_tally(&st, focus.len(), self.lang()), "statuses": st.into_iter().map(|a| self.status_view(a)).collect::<Vec<_>>()})
            })
            .collect();
        let chart = match home_chart_unit(site) {
            Some(u) => self.chart_view(u, "trend-home"),
            None => Value::none(),
        };
        tv!({"units": units, "chart": chart})
    }

    fn chart_shortcode(&self, site: &Site, u: UnitId) -> Option<String> {
        let t = self.trend_of(u);
        let lang = self.lang();
        let svg = self.trend_svg_of(
            u,
            &format!("story-trend-{}", crate::slug::slugify(&site.units[u].code)),
        )?;
        let url = self.urls.unit(site, u);
        Some(format!(
            "<figure class=\"lnob-chart\">{svg}<figcaption><a href=\"{url}\">{}</a></figcaption></figure>",
            crate::render::html_escape(&trend::title(&t.series, lang))
        ))
    }

    /// Targets and their statuses are written as open data by the `/du-lieu/` page's job
    /// (`render::opendata`), with the other data files.
    fn assessments(&self) -> &[Assessment] {
        self.all()
    }

    fn assessments_of(&self, u: UnitId) -> Vec<&Assessment> {
        self.index().of_unit(u).iter().collect()
    }

    fn trend(&self, _site: &Site, u: UnitId) -> Arc<Trend> {
        self.trend_of(u).clone()
    }

    fn trend_svg(&self, _site: &Site, u: UnitId, id: &str) -> Option<String> {
        self.trend_svg_of(u, id)
    }
}

/// The id of a unit page's trend chart (its downloads carry the same).
fn trend_id(site: &Site, u: UnitId) -> String {
    format!("trend-{}", crate::slug::slugify(&site.units[u].code))
}
