//! Values that many pages show, converted for Tera once per build and then shared.
//!
//! A story card appears on its unit's pages, its terms, the list pages and beside related
//! stories; a commendation row on up to seven pages. Tera's arrays and maps are reference
//! counted, so a page that lists a thousand cards clones a thousand pointers instead of
//! building and converting a thousand maps. Each value is made the first time a page asks
//! for it (pages render in parallel, so `OnceLock`), from the same functions in `views.rs`
//! that single pages use: the output is the same as building them afresh.
//!
//! A card or row also carries its HTML (`html`), rendered once from its partial
//! (`partials/story_card.html` with `s`, `partials/award_row.html` with `a`, and the global
//! values such as `t`): the lists paste it instead of rendering the partial again on every
//! page. That is a third of a national site's bytes. When every template that can see them is
//! the built-in one (which prints only `html`), a card or row keeps only its HTML: the story
//! page, which shows a card's fields, makes them itself.

use std::sync::{Mutex, OnceLock};

use tera::{Context, Tera};

use crate::model::{AwardId, Site, StoryId};

pub struct Memo {
    cards: Vec<OnceLock<tera::Value>>,
    awards: Vec<OnceLock<tera::Value>>,
    /// The taxonomies with their terms (the stories list and the taxonomy pages).
    pub taxonomy_links: OnceLock<Vec<tera::Value>>,
    /// The taxonomies with "by place" first (the stories list pages).
    pub story_filters: OnceLock<tera::Value>,
    /// Facets of the commendation pages that do not depend on the page (years, occasions,
    /// forms).
    pub award_facets: OnceLock<(tera::Value, tera::Value, tera::Value)>,
    /// The places a commendation page without a unit of its own offers.
    pub award_units: OnceLock<tera::Value>,
    /// Each place as a commendation page's facet (a unit's pages offer its own mix of them).
    pub award_unit_facet: Vec<OnceLock<tera::Value>>,
    /// The first card or row (by kind, then number) whose partial failed, with the message.
    error: Mutex<Option<(FailedAt, String)>>,
    /// Keep only each card's and row's `html` (see `Templates::lists_print_html_only`).
    html_only: bool,
}

impl Memo {
    pub fn new(site: &Site, html_only: bool) -> Memo {
        Memo {
            cards: (0..site.stories.len()).map(|_| OnceLock::new()).collect(),
            awards: (0..site.awards.len()).map(|_| OnceLock::new()).collect(),
            taxonomy_links: OnceLock::new(),
            story_filters: OnceLock::new(),
            award_facets: OnceLock::new(),
            award_units: OnceLock::new(),
            award_unit_facet: (0..site.units.len()).map(|_| OnceLock::new()).collect(),
            error: Mutex::new(None),
            html_only,
        }
    }

    /// Story `i`'s card; `file` names the story in an error of its partial.
    pub fn card(
        &self,
        tera: &Tera,
        i: StoryId,
        file: &str,
        make: impl FnOnce() -> tera::Value,
    ) -> tera::Value {
        self.listed(&self.cards[i], tera, (CARD, "s"), (0, i, file), make)
    }

    /// Commendation `i`'s row; `file` names the file it is recorded in.
    pub fn award(
        &self,
        tera: &Tera,
        i: AwardId,
        file: &str,
        make: impl FnOnce() -> tera::Value,
    ) -> tera::Value {
        self.listed(&self.awards[i], tera, (AWARD_ROW, "a"), (1, i, file), make)
    }

    /// A card or row: made and given its HTML by the first page that asks, shared after that.
    fn listed(
        &self,
        slot: &OnceLock<tera::Value>,
        tera: &Tera,
        partial: (&str, &'static str),
        at: (u8, usize, &str),
        make: impl FnOnce() -> tera::Value,
    ) -> tera::Value {
        slot.get_or_init(|| self.with_html(tera, partial, at, !self.html_only, make()))
            .clone()
    }

    /// A filter link with its HTML from [`CHIP`] (`url` names it in an error of the partial).
    /// Links keep their fields: there are few, and the taxonomy pages list the same terms
    /// with a loop of their own.
    pub fn chip(&self, tera: &Tera, c: tera::Value) -> tera::Value {
        let url = super::tv::get(&c, "url")
            .and_then(tera::Value::as_str)
            .unwrap_or("")
            .to_string();
        self.with_html(tera, (CHIP, "c"), (2, 0, &url), true, c)
    }

    /// The value with its partial's HTML under `html`, marked safe, and with its other fields
    /// when `keep`. If the partial fails, the value stays without it and the error is kept
    /// for [`Self::first_error`]: the one of the first card (by story), else of the first
    /// row, else of the first link (by address), whichever page asked first.
    fn with_html(
        &self,
        tera: &Tera,
        (template, name): (&str, &'static str),
        (kind, i, file): (u8, usize, &str),
        keep: bool,
        v: tera::Value,
    ) -> tera::Value {
        let mut ctx = Context::new();
        ctx.insert_value(name, v);
        let rendered = tera.render(template, &ctx);
        let v = ctx.remove(name).expect("inserted above");
        match rendered {
            Ok(html) => {
                let mut map = if keep {
                    v.into_map().expect("cards, rows and links are maps")
                } else {
                    tera::Map::default()
                };
                map.insert("html".into(), tera::Value::safe_string(&html));
                tera::Value::from(map)
            }
            Err(e) => {
                let mut first = self.error.lock().unwrap_or_else(|p| p.into_inner());
                let at = (kind, i, file.to_string());
                if first.as_ref().is_none_or(|(first_at, _)| at < *first_at) {
                    let msg = format!("{template} ({file}): {}", super::error_chain(&e));
                    *first = Some((at, msg));
                }
                v
            }
        }
    }

    /// The error of the first card or row whose partial failed, if any.
    pub fn first_error(&self) -> Result<(), String> {
        match &*self.error.lock().unwrap_or_else(|p| p.into_inner()) {
            Some((_, e)) => Err(e.clone()),
            None => Ok(()),
        }
    }
}

/// Which value's partial failed: its kind (0 card, 1 row, 2 link), its number and its file (or a
/// link's address). The smallest is reported, so the message is the same in every build.
type FailedAt = (u8, usize, String);

/// The partials rendered once per story and per commendation.
pub const CARD: &str = "partials/story_card.html";
pub const AWARD_ROW: &str = "partials/award_row.html";
/// The partial of a filter link on list pages (`c`), rendered once per link and build.
pub const CHIP: &str = "partials/chip.html";

/// For a render error from one of those partials: the partial, the name its value has and
/// what it is rendered for.
pub fn partial_of(
    error: &str,
    lang: crate::diag::Lang,
) -> Option<(&'static str, &'static str, &'static str)> {
    if error.starts_with(CARD) {
        Some((CARD, "s", lang.pick("câu chuyện", "story")))
    } else if error.starts_with(AWARD_ROW) {
        Some((AWARD_ROW, "a", lang.pick("khen thưởng", "commendation")))
    } else if error.starts_with(CHIP) {
        Some((CHIP, "c", lang.pick("liên kết lọc", "filter link")))
    } else {
        None
    }
}

/// A map with entries that are shared values already (lists of cards or rows) put in.
pub fn map_with(
    v: tera::Value,
    extra: impl IntoIterator<Item = (&'static str, tera::Value)>,
) -> tera::Value {
    let mut map = v.into_map().expect("map_with is given a map");
    for (k, x) in extra {
        map.insert(k.into(), x);
    }
    tera::Value::from(map)
}
