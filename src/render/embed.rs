//! Embeds: `/nhung/…/`, one small self-contained page per unit for e-portals to show in an
//! `<iframe>`: the unit's latest rate, its trend chart, each target's status and the source.
//! Everything is inline (CSS in a `<style>`, the chart as inline SVG): the page loads nothing
//! else, names no other host, and stays under 30 KB; links open the full page in a new tab.

use tera::{Context, Value};

use crate::chart::trend;
use crate::compute::status;
use crate::format;
use crate::model::UnitId;
use crate::render::tv::tv;
use crate::render::{cite, i18n, Renderer};

pub fn context(r: &Renderer, u: UnitId, mut ctx: Context) -> (String, &'static str, Context) {
    let site = r.site;
    let lang = site.config.language;
    let unit = &site.units[u];
    let url = r.urls.embed(site, u);
    let trend = r.extras.trend(site, u);
    let series = &trend.series;
    let (svg, title, year) = if series.is_empty() {
        (
            None,
            format!("{} – {}", i18n::get(lang, "trend"), unit.full_name()),
            None,
        )
    } else {
        let id = format!("embed-{}", crate::slug::slugify(&unit.code));
        let svg = compact_svg(&r.extras.trend_svg(site, u, &id).unwrap_or_default());
        let year = series
            .lines
            .iter()
            .filter_map(|l| l.last().map(|p| p.year))
            .max();
        (Some(svg), trend::title(series, lang), year)
    };
    let mut own: Vec<&status::Assessment> = r.extras.assessments_of(u);
    own.sort_by_key(|a| (site.plans[a.plan].id.clone(), a.target));
    let statuses: Vec<Value> = own
        .into_iter()
        .map(|a| {
            let t = &site.plans[a.plan].targets[a.target];
            tv!({"code": a.status.code(), "label": a.status.label(lang), "text": t.text, "sentence": status::sentence(a, t, lang)})
        })
        .collect();
    let latest = site
        .unit_figures(u)
        .filter_map(|f| crate::render::poor_rate(f).map(|v| (f.year, v)))
        .last();
    let lic = cite::licence(site);
    ctx.insert("page", &tv!({"title": title, "url": url, "description": "", "section": "embed", "breadcrumbs": []}));
    ctx.insert(
        "embed",
        &tv!({
            "name": unit.full_name(),
            "page_url": r.urls.unit(site, u),
            "svg": svg,
            "latest": latest.map(|(y, v)| tv!({"rate": format::percent(lang, v, 2), "year": y})),
            "statuses": statuses,
            "sources": series.sources,
            "illustrative": series.illustrative,
            "licence": lic.name,
            "cite": cite::short(site, &title, year),
        }),
    );
    (url, "embed.html", ctx)
}

/// The chart's SVG made smaller for an embed: no namespace (inline SVG needs none), and each
/// run of `<polyline>`s of one style merged into one `<path>`. Draws the same picture.
pub fn compact_svg(svg: &str) -> String {
    // (Default attributes are already gone: `chart::shapes`.)
    let svg = svg.replace(" xmlns=\"http://www.w3.org/2000/svg\"", "");
    let mut out = String::with_capacity(svg.len());
    let mut run: Option<(String, String)> = None; // (attributes, path data)
    let flush = |out: &mut String, run: &mut Option<(String, String)>| {
        if let Some((attrs, d)) = run.take() {
            out.push_str(&format!("<path {attrs} d=\"{d}\"/>\n"));
        }
    };
    for line in svg.lines() {
        let poly = line
            .strip_prefix("<polyline ")
            .and_then(|rest| rest.strip_suffix("\"/>"))
            .and_then(|rest| rest.split_once(" points=\""));
        match poly {
            Some((attrs, points)) => {
                let mut d = String::new();
                for (i, p) in points.split_whitespace().enumerate() {
                    d.push(if i == 0 { 'M' } else { 'L' });
                    d.push_str(p);
                }
                match &mut run {
                    Some((a, dd)) if a == attrs => dd.push_str(&d),
                    _ => {
                        flush(&mut out, &mut run);
                        run = Some((attrs.to_string(), d));
                    }
                }
            }
            _ => {
                flush(&mut out, &mut run);
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    flush(&mut out, &mut run);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_dashes_into_one_path() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\n\
<polyline fill=\"none\" stroke=\"#009E73\" stroke-width=\"3\" points=\"1,2 3,4 \"/>\n\
<polyline fill=\"none\" stroke=\"#009E73\" stroke-width=\"3\" points=\"5,6 7,8 \"/>\n\
<circle cx=\"1\" cy=\"1\" r=\"8\" fill=\"#FFFFFF\"/>\n\
<polyline fill=\"none\" stroke=\"#1A1A1A\" stroke-width=\"3\" points=\"1,1 2,2 \"/>\n\
</svg>\n";
        assert_eq!(
            compact_svg(svg),
            "<svg viewBox=\"0 0 10 10\">\n\
<path fill=\"none\" stroke=\"#009E73\" stroke-width=\"3\" d=\"M1,2L3,4M5,6L7,8\"/>\n\
<circle cx=\"1\" cy=\"1\" r=\"8\" fill=\"#FFFFFF\"/>\n\
<path fill=\"none\" stroke=\"#1A1A1A\" stroke-width=\"3\" d=\"M1,1L2,2\"/>\n\
</svg>\n"
        );
    }
}
