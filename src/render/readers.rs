//! What every page gets for readers who share, embed and print: Open Graph and Twitter-card
//! values, schema.org JSON-LD, the PNG social card of units, stories and the site, and on a
//! unit's page the `<iframe>` code of its embed and links to its annual reports.
//!
//! Called once per page after the page's own values are set; a page that sets `social` itself
//! (the open-data index) keeps its own.

use serde_json::{json, Value};
use tera::Context;

use crate::compute::status;
use crate::format;
use crate::model::*;
use crate::render::cite;
use crate::render::social::{self, Card, CardFigure};
use crate::render::tv::tv;
use crate::render::{i18n, CardSource, Job, Renderer};

pub fn add(
    r: &Renderer,
    job: &Job,
    url: &str,
    ctx: &mut Context,
    files: &mut Vec<(String, Vec<u8>)>,
) {
    let site = r.site;
    let lang = site.config.language;
    let cards = site.config.social_cards;
    let site_card = cards.then(|| format!("/{}", social::file_name(lang)));
    let mut image: Option<(String, String)> =
        site_card.clone().map(|u| (u, site.config.title.clone()));
    let mut kind = "website";
    let mut jsonld: Option<String> = None;
    let mut article = tera::Value::none();
    match job {
        Job::Home => {
            if cards {
                put_card(r, &site_card_spec(r), social::file_name(lang).into(), files);
            }
            jsonld = Some(script_json(&json!({
                "@context": "https://schema.org",
                "@graph": [
                    {"@type": "WebSite", "@id": format!("{}#website", cite::absolute(site, "/")), "name": site.config.title, "description": site.config.description,
                     "url": cite::absolute(site, "/"), "inLanguage": lang_code(r), "publisher": organisation(r)},
                    organisation(r),
                ]
            })));
        }
        Job::Unit(u) => {
            let u = *u;
            let dir = r.urls.unit(site, u);
            if cards {
                let rel = format!("{}{}", dir.trim_start_matches('/'), social::file_name(lang));
                put_card(r, &unit_card(r, u), rel, files);
                image = Some((
                    format!("{dir}{}", social::file_name(lang)),
                    site.units[u].full_name(),
                ));
            }
            jsonld = unit_dataset(r, u).map(|v| script_json(&v));
            ctx.insert_value("readers", unit_readers(r, u));
        }
        Job::Story(i) => {
            let s = &site.stories[*i];
            let dir = r.urls.story(&s.slug);
            kind = "article";
            let own_image = s.image.as_ref().map(|img| {
                (
                    r.v().image_url(s, img),
                    s.image_alt.clone().unwrap_or_default(),
                )
            });
            if cards {
                let rel = format!("{}{}", dir.trim_start_matches('/'), social::file_name(lang));
                put_card(r, &story_card(r, *i), rel, files);
                image = Some((format!("{dir}{}", social::file_name(lang)), s.title.clone()));
            } else if own_image.is_some() {
                image = own_image.clone();
            }
            article = tv!({"published": format::iso_date(s.date), "modified": s.updated.map(format::iso_date)});
            let mut images: Vec<String> =
                image.iter().map(|i| cite::absolute(site, &i.0)).collect();
            if let Some((img, _)) = &own_image {
                if cards {
                    images.push(cite::absolute(site, img));
                }
            }
            jsonld = Some(article_ld(r, s, url, &images));
        }
        Job::Report(u, _) if cards => {
            image = Some((
                format!("{}{}", r.urls.unit(site, *u), social::file_name(lang)),
                site.units[*u].full_name(),
            ));
        }
        _ => {}
    }
    if ctx.contains_key("social") {
        return;
    }
    ctx.insert_value(
        "social",
        tv!({
            "type": kind,
            "image": image.as_ref().map(|i| cite::absolute(site, &i.0)),
            "image_alt": image.as_ref().map(|i| i.1.clone()),
            "locale": lang.pick("vi_VN", "en_US"),
            "article": article,
            "jsonld": jsonld,
        }),
    );
}

fn lang_code(r: &Renderer) -> &'static str {
    r.site.config.language.pick("vi", "en")
}

/// The publisher as a schema.org GovernmentOrganization.
pub fn organisation(r: &Renderer) -> Value {
    serde_json::to_value(organisation_ld(r)).expect("plain values")
}

/// A story as a schema.org Article. Written from these types rather than a `json!` map (whose
/// keys are sorted in a B-tree, built and dropped for every story), with the fields in the
/// order that map gives them, so the text is the same.
#[derive(serde::Serialize)]
struct ArticleLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    author: AuthorLd<'a>,
    #[serde(rename = "contentLocation")]
    content_location: NamedLd<'a>,
    #[serde(rename = "dateModified")]
    date_modified: String,
    #[serde(rename = "datePublished")]
    date_published: String,
    description: &'a str,
    headline: &'a str,
    image: &'a [String],
    #[serde(rename = "inLanguage")]
    in_language: &'static str,
    keywords: &'a [String],
    #[serde(rename = "mainEntityOfPage")]
    main_entity_of_page: &'a str,
    publisher: OrganisationLd,
    url: &'a str,
}

/// `{"@type": …, "name": …}`.
#[derive(serde::Serialize)]
struct NamedLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// The publisher as a schema.org GovernmentOrganization (also as a `json!` value:
/// [`organisation`]).
#[derive(serde::Serialize, Clone)]
struct OrganisationLd {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
    url: String,
}

#[derive(serde::Serialize)]
#[serde(untagged)]
enum AuthorLd<'a> {
    Named(NamedLd<'a>),
    Publisher(OrganisationLd),
}

fn organisation_ld(r: &Renderer) -> OrganisationLd {
    OrganisationLd {
        id: format!("{}#publisher", cite::absolute(r.site, "/")),
        kind: "GovernmentOrganization",
        name: cite::publisher(r.site),
        url: cite::absolute(r.site, "/"),
    }
}

/// A story's JSON-LD, ready for its `<script>`.
fn article_ld(r: &Renderer, s: &Story, url: &str, images: &[String]) -> String {
    let site = r.site;
    let publisher = organisation_ld(r);
    let page = cite::absolute(site, url);
    script_json(&ArticleLd {
        context: "https://schema.org",
        kind: "Article",
        author: match &s.author {
            Some(a) => AuthorLd::Named(NamedLd {
                kind: "Organization",
                name: a,
            }),
            None => AuthorLd::Publisher(publisher.clone()),
        },
        content_location: NamedLd {
            kind: "AdministrativeArea",
            name: &site.units[s.unit].full,
        },
        date_modified: format::iso_date(s.updated.unwrap_or(s.date)),
        date_published: format::iso_date(s.date),
        description: &s.summary,
        headline: &s.title,
        image: images,
        in_language: lang_code(r),
        keywords: &s.tags,
        main_entity_of_page: &page,
        publisher,
        url: &page,
    })
}

/// JSON for a `<script type="application/ld+json">`: no `<`, `>` or `&` that could end it.
/// They can only stand inside strings, so they are escaped as strings are written.
pub fn script_json(v: &impl serde::Serialize) -> String {
    let mut out = Vec::with_capacity(1024);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, ScriptSafe);
    v.serialize(&mut ser).expect("plain values");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// Compact JSON whose strings have `<`, `>` and `&` as `\u003c`, `\u003e`, `\u0026`.
struct ScriptSafe;

impl serde_json::ser::Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut last = 0;
        for (i, b) in fragment.bytes().enumerate() {
            let escaped: &[u8] = match b {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                b'&' => b"\\u0026",
                _ => continue,
            };
            w.write_all(&fragment.as_bytes()[last..i])?;
            w.write_all(escaped)?;
            last = i + 1;
        }
        w.write_all(&fragment.as_bytes()[last..])
    }
}

/// A unit's chart data as a schema.org Dataset, where it has figures.
fn unit_dataset(r: &Renderer, u: UnitId) -> Option<Value> {
    let site = r.site;
    let lang = site.config.language;
    let years: Vec<i32> = site.unit_figures(u).map(|f| f.year).collect();
    let (first, last) = (*years.first()?, *years.last()?);
    let dir = r.urls.unit(site, u);
    let stem = lang.pick("bieu-do", "chart");
    let name = format!(
        "{} – {}",
        i18n::get(lang, "trend"),
        site.units[u].full_name()
    );
    let lic = cite::licence(site);
    Some(json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": name,
        "description": format!("{}: {} {first}–{last}.", name, i18n::get(lang, "figures").to_lowercase()),
        "url": cite::absolute(site, &dir),
        "inLanguage": lang_code(r),
        "isAccessibleForFree": true,
        "license": lic.url.map(String::from).unwrap_or(lic.name),
        "creator": organisation(r),
        "publisher": organisation(r),
        "temporalCoverage": format!("{first}/{last}"),
        "spatialCoverage": {"@type": "AdministrativeArea", "name": site.units[u].full_name()},
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": cite::absolute(site, &format!("{dir}{stem}.csv"))},
            {"@type": "DataDownload", "encodingFormat": "image/svg+xml", "contentUrl": cite::absolute(site, &format!("{dir}{stem}.svg"))},
        ],
    }))
}

/// The embed code and report links shown on a unit's page.
fn unit_readers(r: &Renderer, u: UnitId) -> tera::Value {
    let site = r.site;
    let lang = site.config.language;
    let embed = r.urls.embed(site, u);
    let title = format!(
        "{} – {}",
        i18n::get(lang, "trend"),
        site.units[u].full_name()
    );
    let code = format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"760\" style=\"border:0;max-width:44rem\" loading=\"lazy\"></iframe>",
        cite::absolute(site, &embed),
        crate::render::html_escape(&title)
    );
    let reports: Vec<tera::Value> = crate::render::report::years(site, u)
        .into_iter()
        .map(|y| tv!({"year": y, "url": r.urls.report(site, u, y)}))
        .collect();
    tv!({"embed": {"url": embed, "code": code}, "reports": reports})
}

/// The figure block of a card: the unit's (or, when it has none, its nearest ancestor's)
/// latest poor rate, trend and first target's status.
fn card_figure(r: &Renderer, u: UnitId, name_it: bool) -> Option<CardFigure> {
    let site = r.site;
    let lang = site.config.language;
    let (unit, rates) = site.ancestry(u).into_iter().rev().find_map(|a| {
        let rates: Vec<(i32, f64, &str, bool)> = site
            .unit_figures(a)
            .filter_map(|f| {
                crate::render::poor_rate(f)
                    .map(|v| (f.year, v, f.standard.as_str(), f.illustrative))
            })
            .collect();
        (!rates.is_empty()).then_some((a, rates))
    })?;
    let mut segments: Vec<Vec<(i32, f64)>> = Vec::new();
    let mut prev: Option<&str> = None;
    for &(y, v, std, _) in &rates {
        if prev != Some(std) {
            segments.push(Vec::new());
        }
        segments.last_mut().expect("pushed").push((y, v));
        prev = Some(std);
    }
    let &(year, value, _, illustrative) = rates.last()?;
    let mut label = match lang {
        crate::diag::Lang::Vi => format!("Tỷ lệ hộ nghèo năm {year}"),
        crate::diag::Lang::En => format!("Poor-household rate, {year}"),
    };
    if name_it || unit != u {
        label = format!("{label}, {}", site.units[unit].full_name());
    }
    if illustrative {
        label = format!("{label} ({})", lang.pick("minh họa", "illustrative"));
    }
    let mut own: Vec<&status::Assessment> = r.extras.assessments_of(unit);
    own.sort_by_key(|a| {
        (
            a.metric != Metric::PoorRate,
            site.plans[a.plan].id.clone(),
            a.target,
        )
    });
    let status = own.first().map(|a| {
        (
            format!("{}: {}", i18n::get(lang, "target"), a.status.label(lang)),
            a.status,
        )
    });
    let shown = format::percent(lang, value, 2);
    Some(CardFigure {
        value: shown.clone(),
        label,
        status,
        segments,
        value_labels: vec![((year, value), shown)],
    })
}

fn footer(r: &Renderer) -> String {
    let host = r
        .site
        .config
        .base_url
        .split_once("://")
        .map(|(_, h)| h)
        .unwrap_or(&r.site.config.base_url)
        .trim_end_matches('/')
        .to_string();
    match (host.is_empty(), r.site.config.publisher.is_empty()) {
        (false, false) => format!("{host} · {}", r.site.config.publisher),
        (false, true) => host,
        (true, _) => cite::publisher(r.site),
    }
}

pub fn unit_card(r: &Renderer, u: UnitId) -> Card {
    let site = r.site;
    let unit = &site.units[u];
    let trail: Vec<String> = site
        .ancestry(u)
        .into_iter()
        .rev()
        .skip(1)
        .map(|a| site.units[a].full_name())
        .collect();
    let subtitle = if trail.is_empty() {
        site.config
            .language
            .pick(
                "Kết quả giảm nghèo và tiến độ mục tiêu",
                "Poverty reduction: results and progress on targets",
            )
            .to_string()
    } else {
        trail.join(", ")
    };
    Card {
        kicker: site.config.title.clone(),
        title: unit.full_name(),
        subtitle,
        figure: card_figure(r, u, false),
        footer: footer(r),
    }
}

/// A link-preview card for the file `rel` of the output, as `r.card_source` says: taken from
/// the last build's output where its file there shows the same card as this version of lnob
/// draws it (to be linked into the new output, `Renderer::cards_taken`), kept to be drawn when
/// a browser asks for it (`lnob serve`, `Renderer::cards_deferred`), or drawn (about 6 ms each;
/// a national site has 31,000).
fn put_card(r: &Renderer, card: &Card, rel: String, files: &mut Vec<(String, Vec<u8>)>) {
    match r.card_source {
        CardSource::Earlier(dir) if social::file_shows(&dir.join(&rel), card) => {
            r.cards_taken
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(rel);
        }
        CardSource::OnRequest => {
            r.cards_deferred
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((rel, card.clone()));
        }
        _ => {
            r.cards_drawn
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            files.push((rel, social::png(card)));
        }
    }
}

pub fn story_card(r: &Renderer, i: StoryId) -> Card {
    let site = r.site;
    let lang = site.config.language;
    let s = &site.stories[i];
    let (kind, _) = i18n::story_kind(lang, s.kind);
    let subtitle = format!(
        "{kind} · {} · {}",
        site.units[s.unit].full_name(),
        format::date(lang, s.date)
    );
    Card {
        kicker: site.config.title.clone(),
        title: s.title.clone(),
        subtitle,
        figure: card_figure(r, s.unit, false),
        footer: footer(r),
    }
}

pub fn site_card_spec(r: &Renderer) -> Card {
    let site = r.site;
    let focus = site
        .root
        .or_else(|| (site.roots.len() == 1).then(|| site.roots[0]));
    Card {
        kicker: cite::publisher(site),
        title: site.config.title.clone(),
        subtitle: site.config.description.clone(),
        figure: focus.and_then(|u| card_figure(r, u, true)),
        footer: footer(r),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_escapes_what_could_end_the_script_and_nothing_else() {
        let pieces = [
            "<",
            ">",
            "&",
            "</script>",
            "\"",
            "\\",
            "\n",
            "\u{1}",
            "Đồng",
            "a",
            " ",
            "u003c",
            "{",
        ];
        for text in crate::compute::testkit::random_texts(&pieces, 2000, 6, 5) {
            let v =
                json!({"@type": "Article", &text: [text.clone(), {"name": text.clone()}], "n": 1});
            let plain = serde_json::to_string(&v).unwrap();
            let expected = plain
                .replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026");
            assert_eq!(script_json(&v), expected, "{text:?}");
        }
    }
}
