//! Rendering: the model (and what `compute` derived from it) into pages with Tera 2.
//!
//! Templates come from the site's `templates/`, then `themes/NAME/templates/`, then the
//! default theme built into the binary. Site-wide values (config, menu, interface words)
//! sit in Tera's global context once; each page adds only its own values. Pages are listed
//! as cheap [`Job`]s and rendered in parallel, each written as soon as it is rendered.

pub mod cite;
pub mod embed;
pub mod extras;
pub mod feeds;
pub mod i18n;
pub mod markdown;
pub mod memo;
pub mod opendata;
pub mod readers;
pub mod related;
pub mod report;
pub mod search;
pub mod share;
pub mod social;
pub mod tera_errors;
pub mod tv;
pub mod views;

use std::collections::BTreeMap;
use std::path::Path;

use tera::{Context, Tera, Value};

use crate::diag::{Diagnostics, Lang, Loc};
use crate::format;
use crate::model::*;
use crate::render::tv::tv;
use crate::slug::slugify;
use crate::urls::Urls;
use views::V;

/// The default theme, built in.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "partials/story_card.html",
        include_str!("../../themes/default/templates/partials/story_card.html"),
    ),
    (
        "partials/pager.html",
        include_str!("../../themes/default/templates/partials/pager.html"),
    ),
    (
        "partials/award_table.html",
        include_str!("../../themes/default/templates/partials/award_table.html"),
    ),
    (
        "partials/award_row.html",
        include_str!("../../themes/default/templates/partials/award_row.html"),
    ),
    (
        "partials/chip.html",
        include_str!("../../themes/default/templates/partials/chip.html"),
    ),
    (
        "index.html",
        include_str!("../../themes/default/templates/index.html"),
    ),
    (
        "units.html",
        include_str!("../../themes/default/templates/units.html"),
    ),
    (
        "unit.html",
        include_str!("../../themes/default/templates/unit.html"),
    ),
    (
        "stories.html",
        include_str!("../../themes/default/templates/stories.html"),
    ),
    (
        "story.html",
        include_str!("../../themes/default/templates/story.html"),
    ),
    (
        "taxonomy.html",
        include_str!("../../themes/default/templates/taxonomy.html"),
    ),
    (
        "term.html",
        include_str!("../../themes/default/templates/term.html"),
    ),
    (
        "awards.html",
        include_str!("../../themes/default/templates/awards.html"),
    ),
    (
        "plans.html",
        include_str!("../../themes/default/templates/plans.html"),
    ),
    (
        "plan.html",
        include_str!("../../themes/default/templates/plan.html"),
    ),
    (
        "page.html",
        include_str!("../../themes/default/templates/page.html"),
    ),
    (
        "404.html",
        include_str!("../../themes/default/templates/404.html"),
    ),
    (
        "partials/chart.html",
        include_str!("../../themes/default/templates/partials/chart.html"),
    ),
    (
        "partials/statuses.html",
        include_str!("../../themes/default/templates/partials/statuses.html"),
    ),
    (
        "search.html",
        include_str!("../../themes/default/templates/search.html"),
    ),
    (
        "partials/share.html",
        include_str!("../../themes/default/templates/partials/share.html"),
    ),
    (
        "partials/social_meta.html",
        include_str!("../../themes/default/templates/partials/social_meta.html"),
    ),
    (
        "partials/cite.html",
        include_str!("../../themes/default/templates/partials/cite.html"),
    ),
    (
        "partials/readers.html",
        include_str!("../../themes/default/templates/partials/readers.html"),
    ),
    (
        "embed.html",
        include_str!("../../themes/default/templates/embed.html"),
    ),
    (
        "data.html",
        include_str!("../../themes/default/templates/data.html"),
    ),
    (
        "report.html",
        include_str!("../../themes/default/templates/report.html"),
    ),
];
pub const DEFAULT_STATIC: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../themes/default/static/style.css"),
    ),
    (
        "search.js",
        include_str!("../../themes/default/static/search.js"),
    ),
    (
        "share.js",
        include_str!("../../themes/default/static/share.js"),
    ),
];

/// See [`Renderer::award_unit_facets`].
pub const FACET_UNITS_ALL: usize = 100;
/// See [`Renderer::pager_pages`].
pub const PAGER_ALL: usize = 10;

pub fn poor_rate(f: &Figure) -> Option<f64> {
    match (f.poor, f.households) {
        (Some(p), Some(h)) if h > 0 => Some(p as f64 / h as f64 * 100.0),
        _ => f.poor_rate,
    }
}

/// A taxonomy of stories: its terms with their stories.
pub struct Taxonomy {
    pub key: &'static str,
    pub word: &'static str,
    pub title: &'static str,
    /// (name, slug, stories newest first), sorted by folded name.
    pub terms: Vec<(String, String, Vec<StoryId>)>,
}

/// Lists and groupings computed once for all pages.
pub struct Derived {
    pub taxonomies: Vec<Taxonomy>,
    pub award_years: Vec<i32>,
    pub occasions: Vec<String>,
    pub occasion_titles: BTreeMap<String, String>,
    pub forms_used: Vec<FormId>,
    /// Units with commendations in their subtree, and those commendations.
    pub unit_award_tree: BTreeMap<UnitId, Vec<AwardId>>,
    pub unit_story_tree: Vec<Vec<StoryId>>,
    /// Related stories of story pages, found without scoring every pair.
    pub related: related::RelatedIndex,
    /// Units by code and name, for `{{ chart(region=…) }}` shortcodes.
    pub unit_index: crate::load::resolve::UnitIndex,
    /// Provinces and districts with commendations in their subtree, in unit order: the unit
    /// facets of the commendation pages.
    pub award_facet_units: Vec<UnitId>,
    /// The commendations of each year, occasion and form page, keyed `word/key`
    /// (`nam/2023`), in site order.
    pub award_facet_ids: BTreeMap<String, Vec<AwardId>>,
}

impl Derived {
    /// Where a commendation is shown in its year's registry: `/khen-thuong/nam/2023/#kt-7`, or
    /// on a later page of the year when the year has more than one.
    pub fn award_url(&self, site: &Site, urls: &Urls, i: AwardId) -> String {
        let year = site.awards[i].year.to_string();
        let place = award_ids(self, &urls.w, urls.w.years, &year)
            .binary_search(&i)
            .unwrap_or(0);
        let page = place / site.config.paginate_awards.max(1) + 1;
        format!("{}#kt-{i}", urls.awards_by_page(urls.w.years, &year, page))
    }

    pub fn occasion_title(&self, lang: Lang, id: &str) -> String {
        i18n::occasion(lang, id, self.occasion_titles.get(id).map(|s| s.as_str()))
    }
}

pub fn derive(site: &Site) -> Derived {
    let lang = site.config.language;
    let w = crate::urls::Words::for_lang(lang);
    let mut models: BTreeMap<String, (String, Vec<StoryId>)> = BTreeMap::new();
    let mut tags: BTreeMap<String, (String, Vec<StoryId>)> = BTreeMap::new();
    let mut kinds: BTreeMap<String, (String, Vec<StoryId>)> = BTreeMap::new();
    let mut years: BTreeMap<String, (String, Vec<StoryId>)> = BTreeMap::new();
    for (i, s) in site.stories.iter().enumerate() {
        if let Some(m) = &s.model {
            let slug = slugify(m);
            if !slug.is_empty() {
                models
                    .entry(slug)
                    .or_insert_with(|| (m.clone(), Vec::new()))
                    .1
                    .push(i);
            }
        }
        for t in &s.tags {
            let slug = slugify(t);
            if !slug.is_empty() {
                let e = tags.entry(slug).or_insert_with(|| (t.clone(), Vec::new()));
                if !e.1.contains(&i) {
                    e.1.push(i);
                }
            }
        }
        let (label, slug) = i18n::story_kind(lang, s.kind);
        kinds
            .entry(slug.to_string())
            .or_insert_with(|| (label.to_string(), Vec::new()))
            .1
            .push(i);
        let y = chrono::Datelike::year(&s.date).to_string();
        years
            .entry(y.clone())
            .or_insert_with(|| (y, Vec::new()))
            .1
            .push(i);
    }
    let to_terms = |m: BTreeMap<String, (String, Vec<StoryId>)>, by_name: bool| {
        let mut v: Vec<(String, String, Vec<StoryId>)> = m
            .into_iter()
            .map(|(slug, (name, ids))| (name, slug, ids))
            .collect();
        if by_name {
            v.sort_by(|a, b| {
                crate::text::fold(&a.0)
                    .cmp(&crate::text::fold(&b.0))
                    .then(a.1.cmp(&b.1))
            });
        } else {
            v.sort_by(|a, b| b.1.cmp(&a.1));
        }
        v
    };
    let taxonomies = vec![
        Taxonomy {
            key: "models",
            word: w.models,
            title: i18n::get(lang, "models"),
            terms: to_terms(models, true),
        },
        Taxonomy {
            key: "tags",
            word: w.tags,
            title: i18n::get(lang, "tags"),
            terms: to_terms(tags, true),
        },
        Taxonomy {
            key: "kinds",
            word: w.kinds,
            title: i18n::get(lang, "kinds"),
            terms: to_terms(kinds, true),
        },
        Taxonomy {
            key: "years",
            word: w.years,
            title: i18n::get(lang, "years"),
            terms: to_terms(years, false),
        },
    ];
    let mut award_years: Vec<i32> = site.awards.iter().map(|a| a.year).collect();
    award_years.sort_unstable_by(|a, b| b.cmp(a));
    award_years.dedup();
    let mut occasions: Vec<String> = site.awards.iter().map(|a| a.occasion.clone()).collect();
    occasions.sort();
    occasions.dedup();
    let mut occasion_titles = BTreeMap::new();
    for p in &site.plans {
        for m in &p.milestones {
            if let Some(o) = &m.occasion {
                occasion_titles
                    .entry(o.clone())
                    .or_insert_with(|| m.title.clone());
            }
        }
    }
    let mut forms_used: Vec<FormId> = site.awards.iter().map(|a| a.form).collect();
    forms_used.sort_by_key(|&f| (site.forms[f].rank, f));
    forms_used.dedup();
    let mut unit_award_tree: BTreeMap<UnitId, Vec<AwardId>> = BTreeMap::new();
    for (i, a) in site.awards.iter().enumerate() {
        for u in site.ancestry(a.unit) {
            unit_award_tree.entry(u).or_default().push(i);
        }
    }
    let w = crate::urls::Words::for_lang(lang);
    let mut award_facet_ids: BTreeMap<String, Vec<AwardId>> = BTreeMap::new();
    for (i, a) in site.awards.iter().enumerate() {
        for key in [
            format!("{}/{}", w.years, a.year),
            format!("{}/{}", w.occasions, a.occasion),
            format!("{}/{}", w.forms, site.forms[a.form].id),
        ] {
            award_facet_ids.entry(key).or_default().push(i);
        }
    }
    let mut unit_story_tree = vec![Vec::new(); site.units.len()];
    for (i, s) in site.stories.iter().enumerate() {
        for u in site.ancestry(s.unit) {
            unit_story_tree[u].push(i);
        }
    }
    let related = related::RelatedIndex::new(site);
    let unit_index = crate::load::resolve::UnitIndex::new(&site.units);
    let award_facet_units = unit_award_tree
        .keys()
        .copied()
        .filter(|&u| site.units[u].level <= Level::District)
        .collect();
    Derived {
        taxonomies,
        award_years,
        occasions,
        occasion_titles,
        forms_used,
        unit_award_tree,
        unit_story_tree,
        related,
        unit_index,
        award_facet_units,
        award_facet_ids,
    }
}

/// The compiled templates.
pub struct Templates {
    pub tera: Tera,
    /// Whether every template that can see story cards and commendation rows is the built-in
    /// one (the site and its theme change at most the two partials that draw them). The
    /// built-in templates print only a card's or row's `html`, so the values kept for every
    /// story and commendation during a build can be that alone: at 100,000 stories the full
    /// values took about 200 MB.
    pub lists_print_html_only: bool,
    /// Each template's file as messages name it: the site's own, the theme's or the built-in.
    files: BTreeMap<String, String>,
}

impl Templates {
    /// The file a template comes from, as messages name it (`templates/base.html`,
    /// `(built-in) themes/default/templates/story.html`).
    pub fn file_of(&self, name: &str) -> Option<&str> {
        self.files.get(name).map(String::as_str)
    }

    /// The names of every template (`base.html`, `partials/story_card.html`).
    pub fn names(&self) -> Vec<&str> {
        self.files.keys().map(String::as_str).collect()
    }

    /// Whether the partials rendered once per story, commendation and filter link (whose
    /// errors a page takes over, see [`memo`]) are the built-in ones, which never fail.
    pub fn list_partials_built_in(&self) -> bool {
        [memo::CARD, memo::AWARD_ROW, memo::CHIP]
            .iter()
            .all(|&name| self.file_of(name).is_some_and(|f| f.starts_with(BUILT_IN)))
    }
}

/// How messages name the built-in theme's templates: `(built-in) themes/default/templates/NAME`.
const BUILT_IN: &str = "(built-in) themes/default/templates/";

/// Loads templates in their order of precedence and compiles them once.
pub fn templates(root: &Path, site: &Site, diags: &mut Diagnostics) -> Option<Templates> {
    let mut map: BTreeMap<String, (String, String)> = DEFAULT_TEMPLATES
        .iter()
        .map(|(n, c)| (n.to_string(), (format!("{BUILT_IN}{n}"), c.to_string())))
        .collect();
    let mut dirs = Vec::new();
    if let Some(theme) = &site.config.theme {
        let d = format!("themes/{theme}/templates");
        if theme != "default" && !root.join(&d).is_dir() {
            let msg = diags
                .t("không tìm thấy giao diện", "theme not found")
                .to_string();
            diags.error(Loc::file("site.toml"), format!("{msg}: {d}"));
            return None;
        }
        dirs.push(d);
    }
    dirs.push("templates".to_string());
    for d in dirs {
        let dir = root.join(&d);
        if !dir.is_dir() {
            continue;
        }
        for (_, name) in crate::load::files_under(&dir) {
            if !(name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".txt")) {
                continue;
            }
            let file = format!("{d}/{name}");
            if let Some(text) = crate::load::read_text(root, &file, diags) {
                map.insert(name, (file, text.to_string()));
            }
        }
    }
    let lists_print_html_only = map.iter().all(|(name, (_, text))| {
        name == memo::CARD
            || name == memo::AWARD_ROW
            || name == memo::CHIP
            || DEFAULT_TEMPLATES
                .iter()
                .any(|(n, c)| n == name && c == text)
    });
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    let lang = site.config.language;
    tera.register_filter(
        "join_html",
        move |list: &tera::Value, kwargs: tera::Kwargs, _: &tera::State| {
            join_html(list, kwargs, lang)
        },
    );
    let list: Vec<(String, String)> = map
        .iter()
        .map(|(n, (_, c))| (n.clone(), c.clone()))
        .collect();
    if let Err(e) = tera.add_raw_templates(list) {
        let text = e.to_string();
        let names: Vec<&str> = map.keys().map(String::as_str).collect();
        let (words, meant) = tera_errors::words(&text, diags.lang, &names);
        let msg = match diags.lang {
            Lang::Vi => format!("lỗi mẫu trang (template): {words}"),
            Lang::En => format!("template error: {words}"),
        };
        let at = tera_errors::template(&text);
        let file = at
            .and_then(|n| map.get(n))
            .map_or_else(|| "templates/".to_string(), |(f, _)| f.clone());
        // A template filling a block its parent does not have: the parent is the file to mend
        // (most often a site's own base.html without a block a built-in page uses).
        let parent_lacks =
            tera_errors::block_not_in_parent(&text)
                .zip(at)
                .and_then(|(block, child)| {
                    let (_, child_text) = map.get(child)?;
                    let parent = child_text.split_once("extends \"")?.1.split('"').next()?;
                    Some((block, child, map.get(parent)?.0.clone()))
                });
        if let Some((block, child, parent)) = parent_lacks {
            let add = format!("{{% block {block} %}}{{% endblock {block} %}}");
            let help = match diags.lang {
                Lang::Vi => format!(
                    "{child} đặt nội dung vào khối `{block}` của mẫu nó mở rộng: thêm `{add}` \
                     vào {parent}"
                ),
                Lang::En => format!(
                    "{child} puts its content in the block `{block}` of the template it \
                     extends: add `{add}` to {parent}"
                ),
            };
            diags.error(Loc::file(parent), msg).help(help);
            return None;
        }
        let lang = diags.lang;
        let d = diags.error(Loc::file(file), msg);
        if let Some(m) = meant {
            d.help(tera_errors::meant(&m, lang));
        } else if text.contains("error: Unknown tag") {
            d.help(lang.pick(
                "mỗi thẻ mở (`{% if %}`, `{% for %}`, `{% block %}`…) cần thẻ đóng của nó \
                 (`{% endif %}`, `{% endfor %}`, `{% endblock %}`…) trước thẻ này; hoặc tên thẻ \
                 bị viết sai",
                "each opening tag (`{% if %}`, `{% for %}`, `{% block %}`…) needs its closing \
                 tag (`{% endif %}`, `{% endfor %}`, `{% endblock %}`…) before this one; or the \
                 tag's name is misspelt",
            ));
        }
        return None;
    }
    let menu: Vec<Value> = site.pages.iter().filter(|p| p.menu).map(|p| tv!({"title": p.menu_title.as_deref().unwrap_or(&p.title), "url": format!("/{}/", p.slug)})).collect();
    let urls = Urls::new(lang);
    let nav = vec![
        tv!({"title": i18n::get(lang, "units"), "url": urls.units_index(), "key": "units"}),
        tv!({"title": i18n::get(lang, "stories"), "url": urls.stories(1), "key": "stories"}),
        tv!({"title": i18n::get(lang, "awards"), "url": urls.awards(), "key": "awards"}),
        tv!({"title": i18n::get(lang, "plans"), "url": urls.plans(), "key": "plans"}),
        tv!({"title": i18n::get(lang, "search"), "url": urls.search(), "key": "search"}),
    ];
    let g = tera.global_context();
    g.insert(
        "site",
        &tv!({
            "title": site.config.title,
            "description": site.config.description,
            "base_url": site.config.base_url,
            "publisher": site.config.publisher,
            "lang": match lang { Lang::Vi => "vi", Lang::En => "en" },
            "license": site.config.license,
        }),
    );
    g.insert("t", &i18n::table(lang));
    g.insert("menu", &menu);
    g.insert("nav", &nav);
    g.insert("feed_url", "/feed.xml");
    g.insert("data_url", &urls.data());
    let files = map
        .into_iter()
        .map(|(name, (file, _))| (name, file))
        .collect();
    Some(Templates {
        tera,
        lists_print_html_only,
        files,
    })
}

/// The filter `join_html`: the `html` of each card or row of a list, one after another
/// (`newlines=true` puts a line break before each), as one safe string. A list page pastes
/// its cards with it instead of a loop in the template, which costs Tera about a microsecond
/// a card (a national site pastes 1.3 million commendation rows).
/// Its problems are told in the site's language.
fn join_html(
    list: &tera::Value,
    kwargs: tera::Kwargs,
    lang: Lang,
) -> tera::TeraResult<tera::Value> {
    let newlines = kwargs.get::<bool>("newlines")?.unwrap_or(false);
    let items = match list.as_array() {
        Some(items) => items,
        None if list.is_none() || list.is_undefined() => &[],
        None => {
            return Err(tera::Error::message(match lang {
                Lang::Vi => format!(
                    "join_html cần một danh sách thẻ câu chuyện, dòng khen thưởng hoặc liên kết lọc, không phải một {} (một danh sách như `stories` hay `award_rows`)",
                    list.name()
                ),
                Lang::En => format!(
                    "join_html takes a list of story cards, commendation rows or filter links, not a {} (a list such as `stories` or `award_rows`)",
                    list.name()
                ),
            }))
        }
    };
    let parts: Option<Vec<&str>> = items
        .iter()
        .map(|item| tv::get(item, "html").and_then(tera::Value::as_str))
        .collect();
    let Some(parts) = parts else {
        return Err(tera::Error::message(lang.pick(
            "join_html: một mục của danh sách không có `html` (chỉ thẻ câu chuyện, dòng khen thưởng và liên kết lọc có)",
            "join_html: an item of the list has no `html` (only story cards, commendation rows and filter links have one)",
        )));
    };
    let before = if newlines { "\n" } else { "" };
    let mut out = String::with_capacity(parts.iter().map(|p| before.len() + p.len()).sum());
    for p in parts {
        out.push_str(before);
        out.push_str(p);
    }
    Ok(tera::Value::safe_string(&out))
}

/// How many plans the home page lists; it links to the plans page for the others.
const HOME_PLANS: usize = 10;

/// The plans the home page lists, in the site's order: all of them, or when there are more
/// than [`HOME_PLANS`] (a national site has one per province and district), those of the
/// highest units (a province's before its districts').
fn home_plans(site: &Site) -> Vec<PlanId> {
    let mut shown: Vec<PlanId> = (0..site.plans.len()).collect();
    if shown.len() > HOME_PLANS {
        shown.sort_by_key(|&p| (site.units[site.plans[p].unit].level, p));
        shown.truncate(HOME_PLANS);
        shown.sort_unstable();
    }
    shown
}

/// How many places the list of places shows at most: a national tree (11,367 units, 1.6 MB of
/// HTML in one list) is shown down to the level that keeps it within this; each unit's page
/// lists the units below it.
const UNITS_INDEX_MAX: usize = 1000;

/// How many plans the plans page lists at most before it lists only those without a parent
/// plan (each plan's page lists the plans that carry it out).
const PLANS_INDEX_MAX: usize = 100;

/// Each unit's depth in the tree (0 for a top unit).
fn unit_depths(site: &Site) -> Vec<usize> {
    site.units.iter().map(Unit::depth).collect()
}

/// The deepest depth the list of places shows, or `None` when it shows every unit (at most
/// `max`): the most levels from the top that together have at most `max` units, and at least
/// the top level.
fn units_index_cut(depths: &[usize], max: usize) -> Option<usize> {
    if depths.len() <= max {
        return None;
    }
    let deepest = depths.iter().copied().max().unwrap_or(0);
    let mut count = vec![0usize; deepest + 1];
    for &d in depths {
        count[d] += 1;
    }
    let mut total = 0;
    let mut cut = 0;
    for (d, n) in count.iter().enumerate() {
        total += n;
        if total > max {
            break;
        }
        cut = d;
    }
    Some(cut)
}

/// A file written beside a page: path relative to the output, bytes.
pub type OutFile = (String, Vec<u8>);

/// A rendered page: its URL, its HTML and the files written beside it.
pub type Rendered = (String, Vec<u8>, Vec<OutFile>);

/// One page to render.
#[derive(Clone, Debug)]
pub enum Job {
    Home,
    UnitsIndex,
    Unit(UnitId),
    Stories(usize),
    Story(StoryId),
    TaxIndex(usize),
    /// A term of a taxonomy, and the page of its list (from 1).
    TaxTerm(usize, usize, usize),
    /// Page (from 1) of the stories of a place and the places below it, for places with more
    /// stories than their unit page shows.
    PlaceStories(UnitId, usize),
    /// A page of the commendation registry (from 1).
    Awards(usize),
    /// A page (from 1) of the commendations of a year, occasion, form or unit (the facet's
    /// URL word and the key).
    AwardsBy(&'static str, String, usize),
    Plans,
    Plan(PlanId),
    Page(usize),
    NotFound,
    Search,
    /// The open-data index `/du-lieu/` and every data file.
    Data,
    /// A unit's chart as a small self-contained page for iframes.
    Embed(UnitId),
    /// A unit's printable report for a year.
    Report(UnitId, i32),
}

impl Job {
    /// How many kinds of job there are (see [`Job::kind`]).
    pub const KINDS: usize = 18;

    /// The job's kind as a number below [`Job::KINDS`]: one for each variant.
    pub fn kind(&self) -> usize {
        match self {
            Job::Home => 0,
            Job::UnitsIndex => 1,
            Job::Unit(_) => 2,
            Job::Stories(_) => 3,
            Job::Story(_) => 4,
            Job::TaxIndex(_) => 5,
            Job::TaxTerm(..) => 6,
            Job::PlaceStories(..) => 7,
            Job::Awards(_) => 8,
            Job::AwardsBy(..) => 9,
            Job::Plans => 10,
            Job::Plan(_) => 11,
            Job::Page(_) => 12,
            Job::NotFound => 13,
            Job::Search => 14,
            Job::Data => 15,
            Job::Embed(_) => 16,
            Job::Report(..) => 17,
        }
    }
}

pub fn jobs(site: &Site, d: &Derived) -> Vec<Job> {
    // The order is only about memory (output does not depend on it): the two largest jobs
    // (open data, the registry) come first, before the shared caches fill, and each unit's
    // page is next to its embed, so its chart drawing is given up soon after it is made
    // (`extras::Computed::uses_left`).
    let mut v = vec![
        Job::Data,
        Job::Awards(1),
        Job::Home,
        Job::UnitsIndex,
        Job::Plans,
        Job::NotFound,
        Job::Search,
    ];
    v.extend((0..site.units.len()).flat_map(|u| [Job::Unit(u), Job::Embed(u)]));
    // The page numbers of a list of `n` items.
    let pages = |n: usize, per: usize| 1..=page_range(n, per, 1).1;
    let per = site.config.paginate;
    v.extend(pages(site.stories.len(), per).map(Job::Stories));
    v.extend((0..site.stories.len()).map(Job::Story));
    for (u, ids) in d.unit_story_tree.iter().enumerate() {
        // A place with no more stories than its unit page shows has no list of its own.
        if ids.len() > per {
            v.extend(pages(ids.len(), per).map(|k| Job::PlaceStories(u, k)));
        }
    }
    for (ti, t) in d.taxonomies.iter().enumerate() {
        v.push(Job::TaxIndex(ti));
        for (n, (_, _, ids)) in t.terms.iter().enumerate() {
            v.extend(pages(ids.len(), per).map(|k| Job::TaxTerm(ti, n, k)));
        }
    }
    let w = crate::urls::Words::for_lang(site.config.language);
    let per = site.config.paginate_awards;
    v.extend(pages(site.awards.len(), per).skip(1).map(Job::Awards));
    let facets = (d.award_years.iter().map(|y| (w.years, y.to_string())))
        .chain(d.occasions.iter().map(|o| (w.occasions, o.clone())))
        .chain(
            d.forms_used
                .iter()
                .map(|&f| (w.forms, site.forms[f].id.clone())),
        )
        .chain(d.unit_award_tree.keys().map(|&u| (w.units, u.to_string())));
    for (facet, key) in facets {
        let n = award_ids(d, &w, facet, &key).len();
        v.extend(pages(n, per).map(|k| Job::AwardsBy(facet, key.clone(), k)));
    }
    v.extend((0..site.plans.len()).map(Job::Plan));
    v.extend((0..site.pages.len()).map(Job::Page));
    v.extend(report::jobs(site));
    v
}

/// Page `k` (from 1) of a list of `len` items, `per` to a page: the range of its items, and
/// how many pages the list has (at least one).
fn page_range(len: usize, per: usize, k: usize) -> (std::ops::Range<usize>, usize) {
    let per = per.max(1);
    let start = (k.max(1) - 1).saturating_mul(per).min(len);
    (
        start..start.saturating_add(per).min(len),
        len.div_ceil(per).max(1),
    )
}

/// The commendations of one facet page (a year, an occasion, a form or a unit with the
/// units below it), in site order.
fn award_ids<'d>(d: &'d Derived, w: &crate::urls::Words, facet: &str, key: &str) -> &'d [AwardId] {
    let ids = if facet == w.units {
        key.parse::<UnitId>()
            .ok()
            .and_then(|u| d.unit_award_tree.get(&u))
    } else {
        d.award_facet_ids.get(&format!("{facet}/{key}"))
    };
    ids.map_or(&[], |v| v.as_slice())
}

pub struct Renderer<'a> {
    pub site: &'a Site,
    pub derived: &'a Derived,
    pub tera: &'a Tera,
    pub urls: Urls,
    /// Extra HTML per unit and plan from the charts and status stage (keyed by name).
    pub extras: &'a dyn Extras,
    /// Values many pages share (story cards, commendation rows), converted once.
    pub memo: memo::Memo,
    /// Where the link-preview cards come from (`readers::put_card`).
    pub card_source: CardSource<'a>,
    /// How many link-preview cards were drawn.
    pub cards_drawn: std::sync::atomic::AtomicUsize,
    /// Cards of the last build's output to be linked into the new one as they are (paths
    /// relative to the output), with [`CardSource::Earlier`].
    pub cards_taken: std::sync::Mutex<Vec<String>>,
    /// Cards not drawn, with [`CardSource::OnRequest`]: each with its path.
    pub cards_deferred: std::sync::Mutex<Vec<(String, social::Card)>>,
}

/// Where a build's link-preview cards come from.
#[derive(Clone, Copy, Debug)]
pub enum CardSource<'a> {
    /// Each is drawn.
    Draw,
    /// The last build's output (this folder): a card there that still shows the same is taken
    /// as it is, any other drawn.
    Earlier(&'a std::path::Path),
    /// None is drawn: `lnob serve` draws a card when a browser asks for it.
    OnRequest,
}

/// What later stages (charts, target status) add to pages: values for the templates and
/// files to write beside the page (chart downloads), plus site-wide files (open data).
pub trait Extras: Sync {
    fn unit(&self, _site: &Site, _u: UnitId) -> (Value, Vec<(String, Vec<u8>)>) {
        (Value::none(), Vec::new())
    }
    fn plan(&self, _site: &Site, _p: PlanId) -> (Value, Vec<(String, Vec<u8>)>) {
        (Value::none(), Vec::new())
    }
    fn home(&self, _site: &Site) -> Value {
        Value::none()
    }
    fn chart_shortcode(&self, _site: &Site, _u: UnitId) -> Option<String> {
        None
    }
    fn files(&self, _site: &Site) -> Vec<(String, Vec<u8>)> {
        Vec::new()
    }
    /// Every target's status for every unit, as computed once for the build.
    fn assessments(&self) -> &[crate::compute::status::Assessment] {
        &[]
    }
    /// The statuses of one unit, in the order of [`Extras::assessments`].
    fn assessments_of(&self, u: UnitId) -> Vec<&crate::compute::status::Assessment> {
        crate::compute::status::for_unit(self.assessments(), u)
    }
    /// A unit's series and trend chart.
    fn trend(&self, site: &Site, u: UnitId) -> std::sync::Arc<extras::Trend> {
        std::sync::Arc::new(extras::Trend::new(site, u, self.assessments()))
    }
    /// A unit's trend chart with the given id (`None`: nothing to draw).
    fn trend_svg(&self, site: &Site, u: UnitId, id: &str) -> Option<String> {
        self.trend(site, u).svg(site.config.language, id)
    }
}

pub struct NoExtras;
impl Extras for NoExtras {}

fn page_meta(
    title: &str,
    description: &str,
    url: &str,
    crumbs: Vec<Value>,
    section: &str,
) -> Value {
    tv!({"title": title, "description": description, "url": url, "breadcrumbs": crumbs, "section": section})
}

impl<'a> Renderer<'a> {
    pub fn new(
        site: &'a Site,
        derived: &'a Derived,
        templates: &'a Templates,
        extras: &'a dyn Extras,
    ) -> Renderer<'a> {
        Renderer {
            site,
            derived,
            tera: &templates.tera,
            urls: Urls::new(site.config.language),
            extras,
            memo: memo::Memo::new(site, templates.lists_print_html_only),
            card_source: CardSource::Draw,
            cards_drawn: Default::default(),
            cards_taken: Default::default(),
            cards_deferred: Default::default(),
        }
    }

    /// Story cards for a list, shared between pages.
    pub fn cards(&self, ids: impl IntoIterator<Item = StoryId>) -> tera::Value {
        let list: Vec<tera::Value> = ids.into_iter().map(|i| self.card(i)).collect();
        tera::Value::from(list)
    }

    /// One story's card, shared between pages.
    fn card(&self, i: StoryId) -> tera::Value {
        let file = &self.site.stories[i].file;
        self.memo
            .card(self.tera, i, file, || self.v().story_card(i))
    }

    /// Commendation rows for a list, shared between pages.
    pub fn award_rows(&self, ids: impl IntoIterator<Item = AwardId>) -> tera::Value {
        let v = self.v();
        let list: Vec<tera::Value> = ids
            .into_iter()
            .map(|i| {
                let file = &self.site.awards[i].loc.file;
                self.memo.award(self.tera, i, file, || v.award_row(i))
            })
            .collect();
        tera::Value::from(list)
    }

    fn v(&self) -> V<'_> {
        V {
            site: self.site,
            urls: &self.urls,
            lang: self.site.config.language,
            derived: self.derived,
        }
    }

    fn t(&self, key: &str) -> &'static str {
        i18n::get(self.site.config.language, key)
    }

    fn crumb(&self, name: &str, url: &str) -> Value {
        tv!({"name": name, "url": url})
    }

    /// Renders one job: its URL and HTML.
    /// Renders one job: its URL, its HTML and any files that go with it (chart downloads).
    /// The HTML is UTF-8 (Tera writes only strings); it stays bytes, as it is written.
    /// An error is the page's URL and what went wrong, led by the template it happened in.
    pub fn render(&self, job: &Job) -> Result<Rendered, (String, String)> {
        let (url, template, ctx, files) = self.context(job);
        let mut html = Vec::with_capacity(32 * 1024);
        let rendered = self.tera.render_to(template, &ctx, &mut html);
        if rendered.is_err() {
            // A card or row whose partial failed has no `html`: its error says more than the
            // page's. (A theme that includes the partial in its lists never asks for `html`.)
            self.memo.first_error().map_err(|e| (url.clone(), e))?;
        }
        rendered.map_err(|e| (url.clone(), format!("{template}: {}", error_chain(&e))))?;
        let base = base_path(&self.site.config.base_url);
        if !base.is_empty() {
            let text =
                String::from_utf8(html).map_err(|e| (url.clone(), format!("{template}: {e}")))?;
            html = with_base_path(text, &base).into_bytes();
        }
        Ok((url, html, files))
    }

    fn context(&self, job: &Job) -> (String, &'static str, Context, Vec<OutFile>) {
        let mut files = Vec::new();
        let (url, template, mut ctx) = self.context_inner(job, &mut files);
        readers::add(self, job, &url, &mut ctx, &mut files);
        (url, template, ctx, files)
    }

    fn context_inner(
        &self,
        job: &Job,
        files: &mut Vec<(String, Vec<u8>)>,
    ) -> (String, &'static str, Context) {
        let site = self.site;
        let v = self.v();
        let lang = site.config.language;
        let home = self.crumb(self.t("home"), "/");
        let mut ctx = Context::new();
        match job {
            Job::Home => {
                let url = "/".to_string();
                let focus: Vec<UnitId> = match site.root {
                    Some(r) => vec![r],
                    None => site.roots.clone(),
                };
                let focus_units: Vec<Value> = focus.iter().map(|&u| self.unit_summary(u)).collect();
                ctx.insert(
                    "page",
                    &page_meta(
                        &site.config.title,
                        &site.config.description,
                        &url,
                        vec![],
                        "home",
                    ),
                );
                ctx.insert("focus", &focus_units);
                ctx.insert_value("stories", self.cards(0..site.stories.len().min(6)));
                ctx.insert_value("awards", self.award_rows(0..site.awards.len().min(8)));
                ctx.insert(
                    "plans",
                    &home_plans(site)
                        .into_iter()
                        .map(|i| v.plan_card(i))
                        .collect::<Vec<_>>(),
                );
                ctx.insert("plan_count", &site.plans.len());
                ctx.insert("extra", &self.extras.home(site));
                (url, "index.html", ctx)
            }
            Job::UnitsIndex => {
                let url = self.urls.units_index();
                let depths = unit_depths(site);
                let cut = units_index_cut(&depths, UNITS_INDEX_MAX);
                let tree: Vec<Value> = (0..site.units.len())
                    .filter(|&i| cut.is_none_or(|c| depths[i] <= c))
                    .map(|i| {
                        let mut link = v.unit_link(i);
                        tv::set(&mut link, "depth", tv!(depths[i]));
                        tv::set(&mut link, "latest", self.latest_rate(i));
                        let children = &site.units[i].children;
                        if cut == Some(depths[i]) && !children.is_empty() {
                            let level = site.units[children[0]].level;
                            tv::set(
                                &mut link,
                                "below",
                                tv!(i18n::count_of_level(lang, children.len(), level)),
                            );
                        }
                        link
                    })
                    .collect();
                ctx.insert(
                    "page",
                    &page_meta(self.t("units"), "", &url, vec![home], "units"),
                );
                let note = cut.map(|c| {
                    let level = (0..site.units.len())
                        .find(|&i| depths[i] == c)
                        .map(|i| site.units[i].level)
                        .unwrap_or(Level::Province);
                    i18n::units_index_cut(lang, tree.len(), site.units.len(), level)
                });
                ctx.insert("units", &tree);
                ctx.insert("cut_note", &note);
                ctx.insert("search_url", &self.urls.search());
                (url, "units.html", ctx)
            }
            Job::Unit(u) => {
                let u = *u;
                let unit = &site.units[u];
                let url = self.urls.unit(site, u);
                let mut crumbs = vec![home, self.crumb(self.t("units"), &self.urls.units_index())];
                crumbs.extend(
                    site.ancestry(u)
                        .into_iter()
                        .filter(|&a| a != u)
                        .map(|a| self.crumb(&site.units[a].full_name(), &self.urls.unit(site, a))),
                );
                let figures: Vec<Value> = site.unit_figures(u).map(|f| v.figure_row(f)).collect();
                let any_illustrative = site.unit_figures(u).any(|f| f.illustrative);
                let mut sources: Vec<String> = site
                    .unit_figures(u)
                    .filter_map(|f| f.source.clone())
                    .collect();
                sources.sort();
                sources.dedup();
                let children: Vec<Value> = unit
                    .children
                    .iter()
                    .map(|&c| {
                        let mut link = v.unit_link(c);
                        tv::set(&mut link, "latest", self.latest_rate(c));
                        link
                    })
                    .collect();
                // The newest stories, as many as a list page shows; all of them on the place's
                // own list (a province of a national site has hundreds).
                let all_stories = &self.derived.unit_story_tree[u];
                let per = site.config.paginate.max(1);
                let stories = self.cards(all_stories.iter().copied().take(per));
                let stories_url =
                    (all_stories.len() > per).then(|| self.urls.place_stories(site, u, 1));
                let awards = self.award_rows(
                    self.derived
                        .unit_award_tree
                        .get(&u)
                        .into_iter()
                        .flat_map(|a| a.iter().take(20).copied()),
                );
                let award_count = self
                    .derived
                    .unit_award_tree
                    .get(&u)
                    .map(|a| a.len())
                    .unwrap_or(0);
                let plans: Vec<Value> = self
                    .plans_covering(u)
                    .into_iter()
                    .map(|p| v.plan_card(p))
                    .collect();
                let desc = match self.latest_figure(u) {
                    Some((f, r)) => format!(
                        "{}: {} {} ({})",
                        unit.full_name(),
                        self.t("poor_rate").to_lowercase(),
                        format::percent(lang, r, 2),
                        f.year
                    ),
                    None => unit.full_name(),
                };
                ctx.insert(
                    "page",
                    &page_meta(&unit.full_name(), &desc, &url, crumbs, "units"),
                );
                ctx.insert("unit", &tv!({
                    "name": unit.full_name(), "short": unit.name, "code": unit.code, "kind": unit.kind,
                    "level": i18n::level(lang, unit.level),
                    "parent": unit.parent.map(|p| v.unit_link(p)),
                }));
                ctx.insert("summary", &self.unit_summary(u));
                ctx.insert("figures", &figures);
                ctx.insert("illustrative", &any_illustrative);
                ctx.insert("sources", &sources);
                ctx.insert("children", &children);
                ctx.insert_value("stories", stories);
                ctx.insert("story_count", &all_stories.len());
                ctx.insert("stories_url", &stories_url);
                ctx.insert_value("awards", awards);
                ctx.insert("award_count", &award_count);
                ctx.insert(
                    "awards_url",
                    &self
                        .urls
                        .awards_by(self.urls.w.units, &site.units[u].path.join("/")),
                );
                ctx.insert("plans", &plans);
                let (extra, extra_files) = self.extras.unit(site, u);
                files.extend(extra_files);
                ctx.insert("extra", &extra);
                ctx.insert("share", &share::links(&site.config.base_url, &url));
                (url, "unit.html", ctx)
            }
            Job::Stories(n) => {
                let n = *n;
                let (items, total) = page_range(site.stories.len(), site.config.paginate, n);
                let url = self.urls.stories(n);
                let items = self.cards(items);
                let mut crumbs = vec![home];
                let title =
                    self.paged_title(self.t("stories"), n, &self.urls.stories(1), &mut crumbs);
                ctx.insert("page", &page_meta(&title, "", &url, crumbs, "stories"));
                ctx.insert_value("stories", items);
                ctx.insert("pager", &self.pager(n, total, &|k| self.urls.stories(k)));
                let filters = self.memo.story_filters.get_or_init(|| {
                    let mut taxonomies = self.taxonomy_links().to_vec();
                    // Stories by place: provinces and districts with stories, linking to their
                    // lists (a national site's 768 made each list page 100 KB: see
                    // `facet_units`).
                    let with_stories: Vec<UnitId> = (0..site.units.len())
                        .filter(|&u| {
                            site.units[u].level <= Level::District
                                && !self.derived.unit_story_tree[u].is_empty()
                        })
                        .collect();
                    let places = self.chips(
                        self.facet_units(&with_stories, None)
                            .into_iter()
                            .map(|u| tv!({"name": site.units[u].full_name(), "url": self.place_stories_url(u), "count": self.derived.unit_story_tree[u].len()}))
                            .collect(),
                    );
                    taxonomies.insert(0, tv!({"title": self.t("units"), "url": self.urls.units_index(), "key": "units", "terms": places}));
                    Value::from(taxonomies)
                });
                ctx.insert_value("taxonomies", filters.clone());
                (url, "stories.html", ctx)
            }
            Job::PlaceStories(u, k) => {
                let (u, k) = (*u, *k);
                let ids = &self.derived.unit_story_tree[u];
                let page_url = |k: usize| self.urls.place_stories(site, u, k);
                let url = page_url(k);
                let name = site.units[u].full_name();
                let mut crumbs = vec![
                    home,
                    self.crumb(self.t("stories"), &self.urls.stories(1)),
                    self.crumb(&name, &self.urls.unit(site, u)),
                ];
                let title = format!("{} – {name}", self.t("stories"));
                let title = self.paged_title(&title, k, &page_url(1), &mut crumbs);
                ctx.insert("page", &page_meta(&title, "", &url, crumbs, "stories"));
                let places =
                    tv!({"key": "units", "title": self.t("units"), "url": self.urls.units_index()});
                self.term_page(&mut ctx, places, &name, ids, k, &page_url);
                (url, "term.html", ctx)
            }
            Job::Story(i) => {
                let s = &site.stories[*i];
                let url = self.urls.story(&s.slug);
                let mut crumbs = vec![home, self.crumb(self.t("stories"), &self.urls.stories(1))];
                crumbs.truncate(2);
                let body = self.markdown(&s.body);
                let related = self.cards(self.related(*i));
                // The story's card as lists show it, and what only its own page shows.
                let own = tv!({
                    "tags": s.tags.iter().map(|t| tv!({"name": t, "url": self.urls.taxonomy(self.urls.w.tags, Some(&slugify(t)))})).collect::<Vec<_>>(),
                    "author": s.author,
                    "updated": s.updated.map(|d| format::date(lang, d)),
                    "iso_updated": s.updated.map(format::iso_date),
                    "ethnic_group": s.ethnic_group,
                    "plan": s.plan.map(|p| v.plan_card(p)),
                    "trail": v.unit_trail(s.unit),
                    "year_url": self.urls.taxonomy(
                        self.urls.w.years,
                        Some(&chrono::Datelike::year(&s.date).to_string())
                    ),
                    "year": chrono::Datelike::year(&s.date),
                });
                // The shared card may keep only its HTML (see `Memo`): its fields are made here.
                let mut card = self.card(*i).into_map().expect("a card is a map");
                let fields = v.story_card(*i).into_map();
                for (k, x) in fields.into_iter().flatten() {
                    card.entry(k).or_insert(x);
                }
                for (k, x) in own.into_map().into_iter().flatten() {
                    card.insert(k, x);
                }
                ctx.insert(
                    "page",
                    &page_meta(&s.title, &s.summary, &url, crumbs, "stories"),
                );
                ctx.insert_value("story", tera::Value::from(card));
                ctx.insert("body", &body);
                ctx.insert_value("awards", self.award_rows(s.awards.iter().copied()));
                ctx.insert_value("related", related);
                ctx.insert("share", &share::links(&site.config.base_url, &url));
                (url, "story.html", ctx)
            }
            Job::TaxIndex(ti) => {
                let t = &self.derived.taxonomies[*ti];
                let url = self.urls.taxonomy(t.word, None);
                let terms: Vec<Value> = t.terms.iter().map(|(name, slug, ids)| tv!({"name": name, "url": self.urls.taxonomy(t.word, Some(slug)), "count": ids.len()})).collect();
                ctx.insert(
                    "page",
                    &page_meta(
                        t.title,
                        "",
                        &url,
                        vec![home, self.crumb(self.t("stories"), &self.urls.stories(1))],
                        "stories",
                    ),
                );
                ctx.insert("taxonomy", &tv!({"key": t.key, "title": t.title}));
                ctx.insert("terms", &terms);
                ctx.insert_value("taxonomies", Value::from(self.taxonomy_links().to_vec()));
                (url, "taxonomy.html", ctx)
            }
            Job::TaxTerm(ti, n, k) => {
                let t = &self.derived.taxonomies[*ti];
                let (name, slug, ids) = &t.terms[*n];
                let k = *k;
                let page_url = |k: usize| self.urls.taxonomy_page(t.word, slug, k);
                let url = page_url(k);
                let mut crumbs = vec![
                    home,
                    self.crumb(self.t("stories"), &self.urls.stories(1)),
                    self.crumb(t.title, &self.urls.taxonomy(t.word, None)),
                ];
                let title = self.paged_title(name, k, &page_url(1), &mut crumbs);
                ctx.insert("page", &page_meta(&title, "", &url, crumbs, "stories"));
                let taxonomy =
                    tv!({"key": t.key, "title": t.title, "url": self.urls.taxonomy(t.word, None)});
                self.term_page(&mut ctx, taxonomy, name, ids, k, &page_url);
                (url, "term.html", ctx)
            }
            Job::Awards(k) => {
                let page_url = |k: usize| self.urls.awards_page(k);
                let url = page_url(*k);
                let mut crumbs = vec![home];
                let title =
                    self.paged_title(self.t("award_registry"), *k, &page_url(1), &mut crumbs);
                ctx.insert("page", &page_meta(&title, "", &url, crumbs, "awards"));
                ctx.insert("facet", &Value::none());
                let (page, total) = page_range(site.awards.len(), site.config.paginate_awards, *k);
                let page: Vec<AwardId> = page.collect();
                let count = site.awards.len();
                self.awards_context(&mut ctx, &page, count, None, (*k, total), &page_url);
                (url, "awards.html", ctx)
            }
            Job::AwardsBy(facet, key, k) => {
                let w = self.urls.w;
                let ids = award_ids(self.derived, &w, facet, key);
                let (title, at) = if *facet == w.years {
                    (format!("{} {key}", self.t("year")), key.clone())
                } else if *facet == w.occasions {
                    (self.derived.occasion_title(lang, key), key.clone())
                } else if *facet == w.forms {
                    let f = site.forms.iter().position(|f| &f.id == key).unwrap_or(0);
                    (site.forms[f].name.clone(), key.clone())
                } else {
                    let u: UnitId = key.parse().unwrap_or(0);
                    (site.units[u].full_name(), site.units[u].path.join("/"))
                };
                let page_url = |k: usize| self.urls.awards_by_page(facet, &at, k);
                let url = page_url(*k);
                let mut crumbs = vec![
                    home,
                    self.crumb(self.t("award_registry"), &self.urls.awards()),
                ];
                let heading = format!("{} – {title}", self.t("awards"));
                let heading = self.paged_title(&heading, *k, &page_url(1), &mut crumbs);
                ctx.insert("page", &page_meta(&heading, "", &url, crumbs, "awards"));
                ctx.insert("facet", &tv!({"title": title}));
                let focus: Option<UnitId> = if [w.years, w.occasions, w.forms].contains(facet) {
                    None
                } else {
                    key.parse().ok()
                };
                let (page, total) = page_range(ids.len(), site.config.paginate_awards, *k);
                self.awards_context(
                    &mut ctx,
                    &ids[page],
                    ids.len(),
                    focus,
                    (*k, total),
                    &page_url,
                );
                (url, "awards.html", ctx)
            }
            Job::Plans => {
                let url = self.urls.plans();
                ctx.insert(
                    "page",
                    &page_meta(self.t("plans"), "", &url, vec![home], "plans"),
                );
                let mut order: Vec<PlanId> = (0..site.plans.len()).collect();
                // Parents before children, then by id.
                order.sort_by_key(|&p| (site.plans[p].parent.is_some(), site.plans[p].id.clone()));
                // Many plans (a national site has one per province and district): only those
                // without a parent here, each with how many plans carry it out.
                let cut = site.plans.len() > PLANS_INDEX_MAX
                    && order.iter().any(|&p| site.plans[p].parent.is_some());
                if cut {
                    order.retain(|&p| site.plans[p].parent.is_none());
                }
                let cards: Vec<Value> = order
                    .iter()
                    .map(|&p| {
                        let mut card = v.plan_card(p);
                        if cut {
                            let below = site.plans[p].children.len();
                            if below > 0 {
                                tv::set(
                                    &mut card,
                                    "below",
                                    tv!(i18n::child_plan_count(lang, below)),
                                );
                            }
                        }
                        card
                    })
                    .collect();
                let note = cut.then(|| i18n::plans_index_cut(lang, cards.len(), site.plans.len()));
                ctx.insert("plans", &cards);
                ctx.insert("cut_note", &note);
                ctx.insert("search_url", &self.urls.search());
                (url, "plans.html", ctx)
            }
            Job::Plan(i) => {
                let p = &site.plans[*i];
                let url = self.urls.plan(&p.id);
                let crumbs = vec![home, self.crumb(self.t("plans"), &self.urls.plans())];
                let mut card = v.plan_card(*i);
                tv::set(&mut card, "baseline_year", tv!(p.baseline_year));
                tv::set(&mut card, "parent", tv!(p.parent.map(|x| v.plan_card(x))));
                tv::set(&mut card, "parent_title", tv!(p.parent_title));
                tv::set(
                    &mut card,
                    "children",
                    tv!(p
                        .children
                        .iter()
                        .map(|&c| v.plan_card(c))
                        .collect::<Vec<_>>()),
                );
                tv::set(
                    &mut card,
                    "page_url",
                    tv!(p
                        .page
                        .as_ref()
                        .and_then(|k| site.pages.iter().find(|pg| &pg.key == k))
                        .map(|pg| format!("/{}/", pg.slug))),
                );
                let targets: Vec<Value> = p.targets.iter().map(|t| v.target_view(p, t)).collect();
                let milestones: Vec<Value> = p.milestones.iter().map(|m| tv!({
                    "date": format::date(lang, m.date), "iso_date": format::iso_date(m.date), "title": m.title,
                    "occasion_url": m.occasion.as_ref().filter(|o| self.derived.occasions.contains(o)).map(|o| self.urls.awards_by(self.urls.w.occasions, o)),
                })).collect();
                ctx.insert(
                    "page",
                    &page_meta(
                        &format!("{} {}", self.t("plan"), p.number),
                        &p.title,
                        &url,
                        crumbs,
                        "plans",
                    ),
                );
                ctx.insert("plan", &card);
                ctx.insert("targets", &targets);
                ctx.insert("milestones", &milestones);
                ctx.insert("quotas", &self.quota_rows(*i));
                ctx.insert_value(
                    "awards",
                    self.award_rows(
                        (0..site.awards.len()).filter(|&a| site.awards[a].plan == Some(*i)),
                    ),
                );
                ctx.insert_value(
                    "stories",
                    self.cards(
                        (0..site.stories.len()).filter(|&s| site.stories[s].plan == Some(*i)),
                    ),
                );
                let (extra, extra_files) = self.extras.plan(site, *i);
                files.extend(extra_files);
                ctx.insert("extra", &extra);
                (url, "plan.html", ctx)
            }
            Job::Page(i) => {
                let p = &site.pages[*i];
                let url = self.urls.page(&p.slug);
                ctx.insert(
                    "page",
                    &page_meta(
                        &p.title,
                        p.summary.as_deref().unwrap_or(""),
                        &url,
                        vec![home],
                        "page",
                    ),
                );
                ctx.insert("content", &tv!({
                    "title": p.title, "date": p.date.map(|d| format::date(lang, d)), "iso_date": p.date.map(format::iso_date), "summary": p.summary,
                }));
                ctx.insert("body", &self.markdown(&p.body));
                (url, "page.html", ctx)
            }
            Job::Search => {
                let url = self.urls.search();
                ctx.insert(
                    "page",
                    &page_meta(self.t("search"), "", &url, vec![home], "search"),
                );
                ctx.insert("filters", &search::page_context(site, self.derived));
                ctx.insert_value("taxonomies", Value::from(self.taxonomy_links().to_vec()));
                (url, "search.html", ctx)
            }
            Job::NotFound => {
                ctx.insert(
                    "page",
                    &page_meta(self.t("not_found"), "", "/404.html", vec![home], "404"),
                );
                ("/404.html".to_string(), "404.html", ctx)
            }
            Job::Data => opendata::context(self, ctx, files),
            Job::Embed(u) => embed::context(self, *u, ctx),
            Job::Report(u, year) => report::context(self, *u, *year, ctx),
        }
    }

    fn markdown(&self, body: &str) -> String {
        let site = self.site;
        markdown::to_html(body, &|_, f| match &f.code {
            Ok(markdown::Shortcode::Chart { region }) => {
                match self.derived.unit_index.find(region) {
                    crate::load::resolve::UnitRef::Found(u) => {
                        self.extras.chart_shortcode(site, u).unwrap_or_else(|| {
                            format!(
                                "<p class=\"chart-link\"><a href=\"{}\">{} – {}</a></p>",
                                self.urls.unit(site, u),
                                self.t("trend"),
                                crate::render::html_escape(&site.units[u].full_name())
                            )
                        })
                    }
                    _ => String::new(),
                }
            }
            Err(_) => String::new(),
        })
    }

    /// `focus`: the unit a page of the unit facet is about.
    /// A registry page: the commendations `ids` of page `k` of `total` (of `count` in all),
    /// grouped by year, with the facets and the pager (`page_url` gives each page's address).
    fn awards_context(
        &self,
        ctx: &mut Context,
        ids: &[AwardId],
        count: usize,
        focus: Option<UnitId>,
        (k, total): (usize, usize),
        page_url: &dyn Fn(usize) -> String,
    ) {
        let site = self.site;
        let w = self.urls.w;
        let mut groups: Vec<tera::Value> = Vec::new();
        let mut years: Vec<i32> = ids.iter().map(|&i| site.awards[i].year).collect();
        years.dedup();
        for y in years {
            let rows = self.award_rows(ids.iter().copied().filter(|&i| site.awards[i].year == y));
            let group: BTreeMap<&'static str, tera::Value> =
                BTreeMap::from([("year", tera::Value::from(y)), ("awards", rows)]);
            groups.push(tera::Value::from(group));
        }
        let (years, occasions, forms) = self.memo.award_facets.get_or_init(|| {
            let conv = |list: Vec<Value>| self.chips(list);
            (
                conv(self.derived.award_years.iter().map(|y| tv!({"name": y.to_string(), "url": self.urls.awards_by(w.years, &y.to_string())})).collect()),
                conv(self.derived.occasions.iter().map(|o| tv!({"name": self.derived.occasion_title(site.config.language, o), "url": self.urls.awards_by(w.occasions, o)})).collect()),
                conv(self.derived.forms_used.iter().map(|&f| tv!({"name": site.forms[f].name, "url": self.urls.awards_by(w.forms, &site.forms[f].id)})).collect()),
            )
        });
        let facet = |u: UnitId| {
            let made = || {
                self.memo.chip(self.tera, tv!({"name": site.units[u].full_name(), "url": self.urls.awards_by(w.units, &site.units[u].path.join("/")), "count": self.derived.unit_award_tree[&u].len(), "depth": site.units[u].depth()}))
            };
            self.memo.award_unit_facet[u].get_or_init(made).clone()
        };
        let unit_facets = || {
            let list: Vec<tera::Value> = self
                .award_unit_facets(focus)
                .into_iter()
                .map(facet)
                .collect();
            tera::Value::from(list)
        };
        // Every page without a unit of its own (the registry, years, occasions, forms) offers
        // the same places.
        let units = match focus {
            None => self.memo.award_units.get_or_init(unit_facets).clone(),
            Some(_) => unit_facets(),
        };
        let facets: BTreeMap<&'static str, tera::Value> = BTreeMap::from([
            ("years", years.clone()),
            ("occasions", occasions.clone()),
            ("forms", forms.clone()),
            ("units", units),
        ]);
        ctx.insert_value("groups", tera::Value::from(groups));
        ctx.insert("count", &count);
        ctx.insert("pager", &self.pager(k, total, page_url));
        ctx.insert_value("facets", tera::Value::from(facets));
        ctx.insert("feed", &format!("{}feed.xml", self.urls.awards()));
    }

    /// A page of a term's (or a place's) stories: page `k` of `ids`, with the pager.
    fn term_page(
        &self,
        ctx: &mut Context,
        taxonomy: Value,
        name: &str,
        ids: &[StoryId],
        k: usize,
        page_url: &dyn Fn(usize) -> String,
    ) {
        let (page, total) = page_range(ids.len(), self.site.config.paginate, k);
        ctx.insert("taxonomy", &taxonomy);
        ctx.insert("term", &tv!({"name": name, "count": ids.len()}));
        ctx.insert_value("stories", self.cards(ids[page].iter().copied()));
        ctx.insert("pager", &self.pager(k, total, page_url));
    }

    /// The title of page `k` of a list called `title`: a later page says which it is, and its
    /// breadcrumbs lead back to the first (`first`).
    fn paged_title(&self, title: &str, k: usize, first: &str, crumbs: &mut Vec<Value>) -> String {
        if k <= 1 {
            return title.to_string();
        }
        crumbs.push(self.crumb(title, first));
        format!("{title} – {} {k}", self.t("page_n"))
    }

    /// Where a place's stories are listed: its own list when it has more than a unit page
    /// shows, else the stories section of its page.
    fn place_stories_url(&self, u: UnitId) -> String {
        if self.derived.unit_story_tree[u].len() > self.site.config.paginate.max(1) {
            self.urls.place_stories(self.site, u, 1)
        } else {
            format!("{}#h-stories", self.urls.unit(self.site, u))
        }
    }

    /// The units a commendation page offers as facets: every province and district with
    /// commendations while there are at most [`FACET_UNITS_ALL`]; above that the top-level
    /// units (and the root unit's children), plus the units beside and below each unit above
    /// the page's own. Listing all 768 of the whole country on each of 11,000 pages made
    /// these lists most of a national site's bytes (1.1 GB).
    fn award_unit_facets(&self, focus: Option<UnitId>) -> Vec<UnitId> {
        self.facet_units(&self.derived.award_facet_units, focus)
    }

    /// Units offered as facets out of `all`: every one while there are at most
    /// [`FACET_UNITS_ALL`]; above that the top-level units (and the root unit's children), plus
    /// the units beside and below each unit above `focus`.
    fn facet_units(&self, all: &[UnitId], focus: Option<UnitId>) -> Vec<UnitId> {
        if all.len() <= FACET_UNITS_ALL {
            return all.to_vec();
        }
        let mut open: Vec<UnitId> = focus.map(|u| self.site.ancestry(u)).unwrap_or_default();
        open.extend(self.site.root);
        all.iter()
            .copied()
            .filter(|&u| self.site.units[u].parent.is_none_or(|p| open.contains(&p)))
            .collect()
    }

    /// The pager's links: every list page while there are at most [`PAGER_ALL`]; above that
    /// the first, the last and two either side of page `n`, with gaps between. Linking every
    /// page from every page grows with the square of the stories (100,000 stories: 10,000
    /// pages of 10,000 links each).
    fn pager_pages(&self, n: usize, total: usize, url: &dyn Fn(usize) -> String) -> Vec<Value> {
        let link = |k: usize| tv!({"n": k, "url": url(k), "current": k == n});
        if total <= PAGER_ALL {
            return (1..=total).map(link).collect();
        }
        let mut out = Vec::new();
        let mut last = 0;
        for k in 1..=total {
            if k == 1 || k == total || k.abs_diff(n) <= 2 {
                if k > last + 1 {
                    out.push(tv!({"n": "…", "url": null, "current": false, "gap": true}));
                }
                out.push(link(k));
                last = k;
            }
        }
        out
    }

    /// The pager of page `n` of `total` list pages, whose addresses `url` gives.
    fn pager(&self, n: usize, total: usize, url: &dyn Fn(usize) -> String) -> Value {
        tv!({
            "current": n, "total": total,
            "prev": if n > 1 { Some(url(n - 1)) } else { None },
            "next": if n < total { Some(url(n + 1)) } else { None },
            "pages": self.pager_pages(n, total, url),
        })
    }

    /// The taxonomies and their terms, each term also as HTML (see [`Self::chips`]), made once
    /// per build.
    fn taxonomy_links(&self) -> &[Value] {
        self.memo.taxonomy_links.get_or_init(|| {
            self.derived.taxonomies.iter().map(|t| {
                let terms = self.chips(t.terms.iter().map(|(n, s, ids)| tv!({"name": n, "url": self.urls.taxonomy(t.word, Some(s)), "count": ids.len()})).collect());
                tv!({"title": t.title, "url": self.urls.taxonomy(t.word, None), "key": t.key, "terms": terms})
            }).collect()
        })
    }

    /// Filter links (the facets of list pages) with their HTML from `partials/chip.html`, made
    /// once per build: the built-in lists paste them with `join_html` instead of a template
    /// loop, which cost a national site's 13,000 commendation pages over half a second.
    fn chips(&self, list: Vec<Value>) -> Value {
        Value::from(
            list.into_iter()
                .map(|c| self.memo.chip(self.tera, c))
                .collect::<Vec<_>>(),
        )
    }

    fn latest_figure(&self, u: UnitId) -> Option<(&Figure, f64)> {
        self.site
            .unit_figures(u)
            .filter_map(|f| poor_rate(f).map(|r| (f, r)))
            .last()
    }

    fn latest_rate(&self, u: UnitId) -> Value {
        match self.latest_figure(u) {
            Some((f, r)) => {
                tv!({"rate": format::percent(self.site.config.language, r, 2), "year": f.year, "value": r})
            }
            None => Value::none(),
        }
    }

    fn unit_summary(&self, u: UnitId) -> Value {
        let v = self.v();
        let lang = self.site.config.language;
        let mut s = v.unit_link(u);
        if let Some((f, r)) = self.latest_figure(u) {
            tv::set(
                &mut s,
                "latest",
                tv!({
                    "year": f.year,
                    "poor_rate": format::percent(lang, r, 2),
                    "poor": v.opt_int(f.poor),
                    "households": v.opt_int(f.households),
                    "illustrative": f.illustrative,
                    "standard": f.standard,
                }),
            );
        }
        s
    }

    /// Plans whose region is the unit or one of its ancestors.
    pub fn plans_covering(&self, u: UnitId) -> Vec<PlanId> {
        let anc = self.site.ancestry(u);
        let mut v: Vec<PlanId> = (0..self.site.plans.len())
            .filter(|&p| anc.contains(&self.site.plans[p].unit))
            .collect();
        v.sort_by_key(|&p| self.site.plans[p].id.clone());
        v
    }

    /// Up to four stories sharing the model, then the unit, then a tag.
    fn related(&self, i: StoryId) -> Vec<StoryId> {
        self.derived.related.related(self.site, i)
    }

    fn quota_rows(&self, p: PlanId) -> Vec<Value> {
        let site = self.site;
        let plan = &site.plans[p];
        let lang = site.config.language;
        let mut rows = Vec::new();
        for q in &plan.quotas {
            let who = match (q.region, q.level) {
                (Some(u), _) => site.units[u].full_name(),
                (None, Some(l)) => match &q.kind {
                    Some(k) => format!("{} ({k})", i18n::level(lang, l)),
                    None => i18n::level(lang, l).to_string(),
                },
                _ => String::new(),
            };
            let units: Vec<UnitId> = match (q.region, q.level) {
                (Some(u), _) => vec![u],
                (None, Some(l)) => site
                    .descendants_at(plan.unit, l)
                    .into_iter()
                    .filter(|&u| q.kind.as_ref().is_none_or(|k| &site.units[u].kind == k))
                    .filter(|&u| {
                        q.region.is_some()
                            || !plan
                                .quotas
                                .iter()
                                .any(|o| o.region == Some(u) && o.occasion == q.occasion)
                    })
                    .collect(),
                _ => vec![],
            };
            let counts: Vec<Value> = units
                .iter()
                .map(|&u| {
                    // The commendations within `u`, from the tree computed once.
                    let within = self
                        .derived
                        .unit_award_tree
                        .get(&u)
                        .map(|v| v.as_slice())
                        .unwrap_or(&[]);
                    let n = within
                        .iter()
                        .filter(|&&a| site.awards[a].occasion == q.occasion)
                        .count();
                    tv!({"unit": self.v().unit_link(u), "count": n, "over": n as u32 > q.max})
                })
                .filter(|c| tv::get(c, "count").and_then(Value::as_u64).unwrap_or(0) > 0)
                .collect();
            rows.push(tv!({"occasion": self.derived.occasion_title(lang, &q.occasion), "who": who, "max": q.max, "counts": counts}));
        }
        rows
    }
}

pub(crate) fn error_chain(e: &tera::Error) -> String {
    let mut s = e.to_string();
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

/// Escapes text for HTML element content and attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The path part of `base_url` ("https://x.vn/lnob" → "/lnob"), empty at a domain's root.
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map(|(_, r)| r).unwrap_or("");
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].trim_end_matches('/').to_string(),
        None => String::new(),
    }
}

/// Site-relative links (`href="/…"`, `src="/…"`) rewritten to sit under the base path, so a
/// site published in a sub-folder of an e-portal keeps working.
pub fn with_base_path(html: String, base: &str) -> String {
    if base.is_empty() {
        return html;
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html.as_str();
    while let Some(i) = rest.find("=\"/") {
        let (head, tail) = rest.split_at(i + 2);
        out.push_str(head);
        let attr_ok =
            head.ends_with("href=\"") || head.ends_with("src=\"") || head.ends_with("action=\"");
        if attr_ok && !tail.starts_with("//") {
            out.push_str(base);
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_html_pastes_each_items_html_in_order() {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.register_filter(
            "join_html",
            |list: &tera::Value, kwargs: tera::Kwargs, _: &tera::State| {
                join_html(list, kwargs, Lang::En)
            },
        );
        tera.add_raw_templates(vec![
            ("list.html", "<ul>{{ cards | join_html }}</ul>"),
            (
                "lines.html",
                "<ul>{{ cards | join_html(newlines=true) }}</ul>",
            ),
            ("missing.html", "<ul>{{ nothing | join_html }}</ul>"),
            ("text.html", "{{ title | join_html }}"),
        ])
        .unwrap();
        let mut ctx = Context::new();
        ctx.insert_value(
            "cards",
            tv!([{"html": Value::safe_string("<li>a & b</li>")}, {"html": Value::safe_string("<li>c</li>")}]),
        );
        ctx.insert("title", "x");
        assert_eq!(
            tera.render("list.html", &ctx).unwrap(),
            "<ul><li>a & b</li><li>c</li></ul>"
        );
        assert_eq!(
            tera.render("lines.html", &ctx).unwrap(),
            "<ul>\n<li>a & b</li>\n<li>c</li></ul>"
        );
        assert_eq!(tera.render("missing.html", &ctx).unwrap(), "<ul></ul>");
        let e = error_chain(&tera.render("text.html", &ctx).unwrap_err());
        assert!(
            e.contains("join_html takes a list of story cards, commendation rows or filter links, not a string"),
            "{e}"
        );
        ctx.insert_value("cards", tv!([{"title": "no html"}]));
        let e = error_chain(&tera.render("list.html", &ctx).unwrap_err());
        assert!(e.contains("an item of the list has no `html`"), "{e}");
    }

    #[test]
    fn rewrites_site_links_under_a_sub_folder() {
        assert_eq!(base_path("https://x.vn/lnob/"), "/lnob");
        assert_eq!(base_path("https://x.vn"), "");
        let html = r#"<a href="/a/">a</a><img src="/b.svg"><a href="//cdn">c</a><a href="https://x">d</a>"#.to_string();
        assert_eq!(
            with_base_path(html, "/lnob"),
            r#"<a href="/lnob/a/">a</a><img src="/lnob/b.svg"><a href="//cdn">c</a><a href="https://x">d</a>"#
        );
    }

    #[test]
    fn the_list_of_places_stops_at_the_level_that_keeps_it_short() {
        // 63 provinces, 705 districts, 10,599 communes: provinces and districts.
        let national: Vec<usize> = [(0, 63), (1, 705), (2, 10_599)]
            .iter()
            .flat_map(|&(d, n)| std::iter::repeat_n(d, n))
            .collect();
        assert_eq!(units_index_cut(&national, 1000), Some(1));
        assert_eq!(units_index_cut(&national, 768), Some(1));
        assert_eq!(units_index_cut(&national, 767), Some(0));
        // Even the top level alone is too many: it is shown all the same.
        assert_eq!(units_index_cut(&national, 10), Some(0));
        // Small enough: everything.
        assert_eq!(units_index_cut(&national, 11_367), None);
        assert_eq!(units_index_cut(&[0, 1, 1, 2], 1000), None);
    }

    #[test]
    fn depths_follow_parents() {
        use crate::compute::testkit::Kit;
        let mut k = Kit::new();
        let p = k.unit("01", "Một", Level::Province, None);
        let d = k.unit("001", "Hai", Level::District, Some(p));
        k.unit("00001", "Ba", Level::Commune, Some(d));
        k.unit("02", "Bốn", Level::Province, None);
        assert_eq!(unit_depths(&k.build()), vec![0, 1, 2, 0]);
    }

    #[test]
    fn the_home_lists_every_plan_of_a_small_site_and_the_highest_of_a_large_one() {
        use crate::compute::testkit::Kit;
        // Two plans: both, in the site's order (the district's first).
        let mut k = Kit::new();
        let p = k.unit("01", "Một", Level::Province, None);
        let d = k.unit("001", "Hai", Level::District, Some(p));
        k.plan("a", d, 2021, 2025);
        k.plan("b", p, 2021, 2025);
        assert_eq!(home_plans(&k.build()), vec![0, 1]);
        // Thirteen: twelve districts' plans, then the province's. Ten are listed: the
        // province's and the first nine districts', in the site's order.
        let mut k = Kit::new();
        let p = k.unit("01", "Một", Level::Province, None);
        for i in 0..12 {
            let d = k.unit(
                &format!("0{i:02}"),
                &format!("Huyện {i}"),
                Level::District,
                Some(p),
            );
            k.plan(&format!("d{i}"), d, 2021, 2025);
        }
        let province = k.plan("tinh", p, 2021, 2025);
        let site = k.build();
        assert_eq!(site.plans.len(), 13);
        let mut expected: Vec<PlanId> = (0..9).collect();
        expected.push(province);
        assert_eq!(home_plans(&site), expected);
    }
}
