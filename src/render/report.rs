//! Printable annual reports: `/bao-cao/NĂM/…unit path…/`, one page per unit and year of its
//! figures, laid out for A4: the year's figures beside the year before, each target's status
//! as it stood at the end of that year with its sentence, the trend chart up to that year, and
//! the year's commendations and stories in the unit and below it.
//!
//! Which units get reports is `site.toml`'s `reports` (the deepest level; default "district",
//! so a national site prints provinces and districts, not 10,000 communes × 10 years).

use tera::{Context, Value};

use crate::chart::{trend, ChartOptions};
use crate::compute::series::{unit_series, UnitSeries};
use crate::compute::status::{self, Assessment};
use crate::format;
use crate::model::*;
use crate::render::tv::tv;
use crate::render::{cite, memo, page_meta, Job, Renderer};

/// The years a unit has a report for: the years of its figures, if its level gets reports.
pub fn years(site: &Site, u: UnitId) -> Vec<i32> {
    match site.config.reports {
        Some(deepest) if site.units[u].level <= deepest => {
            let mut y: Vec<i32> = site.unit_figures(u).map(|f| f.year).collect();
            y.dedup();
            y
        }
        _ => Vec::new(),
    }
}

pub fn jobs(site: &Site) -> Vec<Job> {
    (0..site.units.len())
        .flat_map(|u| years(site, u).into_iter().map(move |y| Job::Report(u, y)))
        .collect()
}

/// The unit's targets as they stood at the end of `year`: those of plans running then.
fn statuses_until(r: &Renderer, u: UnitId, year: i32) -> Vec<Assessment> {
    let site = r.site;
    let mut own: Vec<&Assessment> = r.extras.assessments_of(u);
    own.sort_by_key(|a| (site.plans[a.plan].id.clone(), a.target));
    own.into_iter()
        .filter(|a| {
            let p = &site.plans[a.plan];
            p.baseline_year <= year && year <= p.end
        })
        .map(|a| status::assess_until(site, a.plan, a.target, a.unit, year))
        .collect()
}

/// The series with the years after `year` left out.
fn series_until(site: &Site, u: UnitId, asof: &[Assessment], year: i32) -> UnitSeries {
    let mut s = unit_series(site, u, asof);
    let keep: Vec<(PlanId, usize)> = asof.iter().map(|a| (a.plan, a.target)).collect();
    for l in &mut s.lines {
        for seg in &mut l.segments {
            seg.points.retain(|p| p.year <= year);
        }
        l.segments.retain(|seg| !seg.points.is_empty());
    }
    s.lines.retain(|l| !l.segments.is_empty());
    s.breaks.retain(|b| b.after_year <= year);
    s.targets.retain(|t| keep.contains(&(t.plan, t.target)));
    let figures: Vec<&Figure> = site.unit_figures(u).filter(|f| f.year <= year).collect();
    let mut sources: Vec<String> = Vec::new();
    for f in &figures {
        if let Some(src) = &f.source {
            if !sources.contains(src) {
                sources.push(src.clone());
            }
        }
    }
    s.sources = sources;
    s.illustrative = figures.iter().any(|f| f.illustrative);
    s
}

pub fn context(
    r: &Renderer,
    u: UnitId,
    year: i32,
    mut ctx: Context,
) -> (String, &'static str, Context) {
    let site = r.site;
    let lang = site.config.language;
    let v = r.v();
    let unit = &site.units[u];
    let url = r.urls.report(site, u, year);
    let title = match lang {
        crate::diag::Lang::Vi => format!("Báo cáo năm {year}: {}", unit.full_name()),
        crate::diag::Lang::En => format!("Report {year}: {}", unit.full_name()),
    };
    let home = r.crumb(r.t("home"), "/");
    let mut crumbs = vec![home, r.crumb(r.t("units"), &r.urls.units_index())];
    crumbs.extend(
        site.ancestry(u)
            .into_iter()
            .map(|a| r.crumb(&site.units[a].full_name(), &r.urls.unit(site, a))),
    );
    let desc = match lang {
        crate::diag::Lang::Vi => format!(
            "Số liệu, tiến độ mục tiêu, khen thưởng và câu chuyện năm {year} của {}",
            unit.full_name()
        ),
        crate::diag::Lang::En => format!(
            "Figures, progress on targets, commendations and stories of {} in {year}",
            unit.full_name()
        ),
    };
    ctx.insert("page", &page_meta(&title, &desc, &url, crumbs, "units"));

    let this = site.figure(u, year);
    let before = site.unit_figures(u).filter(|f| f.year < year).last();
    let figures: Vec<Value> = before
        .into_iter()
        .chain(this)
        .map(|f| v.figure_row(f))
        .collect();
    let change = match (
        this.and_then(crate::render::poor_rate),
        before.and_then(crate::render::poor_rate),
        before,
    ) {
        (Some(a), Some(b), Some(bf)) if this.map(|f| &f.standard) == Some(&bf.standard) => {
            Some(tv!({
                "from_year": bf.year,
                "points": format::points(lang, b - a, 2),
                "fell": a < b,
            }))
        }
        _ => None,
    };

    let asof = statuses_until(r, u, year);
    let statuses: Vec<Value> = asof
        .iter()
        .map(|a| {
            let p = &site.plans[a.plan];
            let t = &p.targets[a.target];
            tv!({
                "plan": {"id": p.id, "number": p.number, "url": r.urls.plan(&p.id)},
                "target_no": a.target + 1, "text": t.text, "code": a.status.code(), "label": a.status.label(lang),
                "sentence": status::sentence(a, t, lang),
            })
        })
        .collect();

    let series = series_until(site, u, &asof, year);
    let chart = if series.is_empty() {
        Value::none()
    } else {
        let id = format!("report-{}-{year}", crate::slug::slugify(&unit.code));
        tv!({"svg": trend::svg(&series, &ChartOptions::new(lang, &id)), "title": trend::title(&series, lang), "sources": series.sources, "illustrative": series.illustrative})
    };

    let awards = r.award_rows(
        r.derived
            .unit_award_tree
            .get(&u)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&a| site.awards[a].year == year),
    );
    let stories = r.cards(
        r.derived.unit_story_tree[u]
            .iter()
            .copied()
            .filter(|&s| chrono::Datelike::year(&site.stories[s].date) == year),
    );
    let others: Vec<Value> = years(site, u)
        .into_iter()
        .map(|y| tv!({"year": y, "url": r.urls.report(site, u, y), "current": y == year}))
        .collect();
    let report = tv!({
            "title": title,
            "year": year,
            "unit": v.unit_link(u),
            "place": site.ancestry(u).into_iter().rev().map(|a| site.units[a].full_name()).collect::<Vec<_>>().join(", "),
            "figures": figures,
            "change": change,
            "statuses": statuses,
            "chart": chart,
            "years": others,
            "method": status::method_note(lang),
            "cite": cite::view(site, &title, cite::Kind::Report, &url, Some(year)),
            "unit_url": r.urls.unit(site, u),
            "illustrative": site.figure(u, year).is_some_and(|f| f.illustrative),
            "words": {
                "print_hint": lang.pick("Trang này được trình bày để in trên giấy A4: dùng lệnh In của trình duyệt (Ctrl+P) để in hoặc lưu thành PDF.", "This page is laid out for A4 paper: use the browser's Print command (Ctrl+P) to print it or save it as PDF."),
                "figures_of_year": lang.pick("Số liệu năm", "Figures for"),
                "change": lang.pick("So với năm", "Compared with"),
                "fell": lang.pick("giảm", "down"),
                "rose": lang.pick("tăng", "up"),
                "targets_at": lang.pick("Tiến độ mục tiêu đến cuối năm", "Progress on targets at the end of"),
                "awards_in": lang.pick("Khen thưởng năm", "Commendations in"),
                "stories_in": lang.pick("Câu chuyện năm", "Stories from"),
                "other_years": lang.pick("Báo cáo các năm", "Reports for other years"),
                "no_targets": lang.pick("Không có mục tiêu của kế hoạch nào đang thực hiện trong năm này.", "No plan's target was running in this year."),
                "unit_page": lang.pick("Trang của địa phương", "The place's page"),
                "cite": lang.pick("Giấy phép và trích dẫn", "Licence and citation"),
            },
    });
    ctx.insert_value(
        "report",
        memo::map_with(report, [("awards", awards), ("stories", stories)]),
    );
    (url, "report.html", ctx)
}
