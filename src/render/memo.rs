//! Values that many pages show, converted for Tera once per build and then shared.
//!
//! A story card appears on its unit's pages, its terms, the list pages and beside related
//! stories; a commendation row on up to seven pages. Tera's arrays and maps are reference
//! counted, so a page that lists a thousand cards clones a thousand pointers instead of
//! building and converting a thousand maps. Each value is made the first time a page asks
//! for it (pages render in parallel, so `OnceLock`), from the same functions in `views.rs`
//! that single pages use: the output is the same as building them afresh.

use std::sync::OnceLock;

use crate::model::{AwardId, Site, StoryId};

pub struct Memo {
    cards: Vec<OnceLock<tera::Value>>,
    awards: Vec<OnceLock<tera::Value>>,
    /// The taxonomies with their terms (the stories list and the taxonomy pages).
    pub taxonomy_links: OnceLock<tera::Value>,
    /// The taxonomies with "by place" first (the stories list pages).
    pub story_filters: OnceLock<tera::Value>,
    /// Facets of the commendation pages that do not depend on the page (years, occasions,
    /// forms).
    pub award_facets: OnceLock<(tera::Value, tera::Value, tera::Value)>,
    /// The places a commendation page without a unit of its own offers.
    pub award_units: OnceLock<tera::Value>,
    /// Each place as a commendation page's facet (a unit's pages offer its own mix of them).
    pub award_unit_facet: Vec<OnceLock<tera::Value>>,
}

impl Memo {
    pub fn new(site: &Site) -> Memo {
        Memo {
            cards: (0..site.stories.len()).map(|_| OnceLock::new()).collect(),
            awards: (0..site.awards.len()).map(|_| OnceLock::new()).collect(),
            taxonomy_links: OnceLock::new(),
            story_filters: OnceLock::new(),
            award_facets: OnceLock::new(),
            award_units: OnceLock::new(),
            award_unit_facet: (0..site.units.len()).map(|_| OnceLock::new()).collect(),
        }
    }

    pub fn card(&self, i: StoryId, make: impl FnOnce() -> serde_json::Value) -> tera::Value {
        self.cards[i].get_or_init(|| convert(&make())).clone()
    }

    pub fn award(&self, i: AwardId, make: impl FnOnce() -> serde_json::Value) -> tera::Value {
        self.awards[i].get_or_init(|| convert(&make())).clone()
    }
}

/// A `serde_json` value as Tera's own value (what `Context::insert` does on every call).
pub fn convert(v: &serde_json::Value) -> tera::Value {
    tera::Value::from_serializable(v)
}

/// A map made with `json!`, converted for Tera, with entries that are Tera values already
/// (shared lists of cards or rows) put in.
pub fn map_with(
    v: &serde_json::Value,
    extra: impl IntoIterator<Item = (&'static str, tera::Value)>,
) -> tera::Value {
    let mut map = convert(v).into_map().expect("map_with is given a map");
    for (k, x) in extra {
        map.insert(k.into(), x);
    }
    tera::Value::from(map)
}
