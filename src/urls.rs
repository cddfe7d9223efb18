//! Where every page lives. One place decides URLs, so links and written files always agree.
//! URLs are site-relative, start and end with `/` (pages are `…/index.html`).

use crate::diag::Lang;
use crate::model::{Site, UnitId};

/// URL words in the site's language.
#[derive(Clone, Copy, Debug)]
pub struct Words {
    pub units: &'static str,
    pub stories: &'static str,
    pub models: &'static str,
    pub tags: &'static str,
    pub kinds: &'static str,
    pub years: &'static str,
    pub awards: &'static str,
    pub occasions: &'static str,
    pub forms: &'static str,
    pub plans: &'static str,
    pub data: &'static str,
    pub search: &'static str,
    pub embed: &'static str,
    pub reports: &'static str,
    pub page: &'static str,
}

impl Words {
    pub fn for_lang(lang: Lang) -> Words {
        match lang {
            Lang::Vi => Words {
                units: "dia-phuong",
                stories: "cau-chuyen",
                models: "mo-hinh",
                tags: "the",
                kinds: "loai",
                years: "nam",
                awards: "khen-thuong",
                occasions: "dot",
                forms: "hinh-thuc",
                plans: "ke-hoach",
                data: "du-lieu",
                search: "tim-kiem",
                embed: "nhung",
                reports: "bao-cao",
                page: "trang",
            },
            Lang::En => Words {
                units: "places",
                stories: "stories",
                models: "models",
                tags: "tags",
                kinds: "kinds",
                years: "years",
                awards: "commendations",
                occasions: "occasions",
                forms: "forms",
                plans: "plans",
                data: "data",
                search: "search",
                embed: "embed",
                reports: "reports",
                page: "page",
            },
        }
    }
}

pub struct Urls {
    pub w: Words,
}

impl Urls {
    pub fn new(lang: Lang) -> Self {
        Urls {
            w: Words::for_lang(lang),
        }
    }
    pub fn unit(&self, site: &Site, u: UnitId) -> String {
        format!("/{}/{}/", self.w.units, site.units[u].path.join("/"))
    }
    pub fn embed(&self, site: &Site, u: UnitId) -> String {
        format!("/{}/{}/", self.w.embed, site.units[u].path.join("/"))
    }
    /// The printable annual report of a unit: `/bao-cao/2023/lam-dong/dam-rong/`.
    pub fn report(&self, site: &Site, u: UnitId, year: i32) -> String {
        format!(
            "/{}/{year}/{}/",
            self.w.reports,
            site.units[u].path.join("/")
        )
    }
    pub fn units_index(&self) -> String {
        format!("/{}/", self.w.units)
    }
    pub fn stories(&self, page: usize) -> String {
        if page <= 1 {
            format!("/{}/", self.w.stories)
        } else {
            format!("/{}/{}/{}/", self.w.stories, self.w.page, page)
        }
    }
    /// Page `page` (from 1) of the stories of a place and the places below it:
    /// `/cau-chuyen/dia-phuong/lam-dong/`, `/cau-chuyen/dia-phuong/lam-dong/trang/2/`.
    pub fn place_stories(&self, site: &Site, u: UnitId, page: usize) -> String {
        let base = format!(
            "/{}/{}/{}/",
            self.w.stories,
            self.w.units,
            site.units[u].path.join("/")
        );
        if page <= 1 {
            base
        } else {
            format!("{base}{}/{page}/", self.w.page)
        }
    }
    pub fn story(&self, slug: &str) -> String {
        format!("/{}/{}/", self.w.stories, slug)
    }
    /// A taxonomy's index (`section` is one of the taxonomy words) or one of its terms.
    pub fn taxonomy(&self, section: &str, term: Option<&str>) -> String {
        match term {
            Some(t) => format!("/{section}/{t}/"),
            None => format!("/{section}/"),
        }
    }
    /// Page `page` (from 1) of a taxonomy term's list of stories.
    pub fn taxonomy_page(&self, section: &str, term: &str, page: usize) -> String {
        if page <= 1 {
            self.taxonomy(section, Some(term))
        } else {
            format!("/{section}/{term}/{}/{page}/", self.w.page)
        }
    }
    pub fn awards(&self) -> String {
        format!("/{}/", self.w.awards)
    }
    pub fn awards_by(&self, facet: &str, key: &str) -> String {
        format!("/{}/{}/{}/", self.w.awards, facet, key)
    }
    /// Page `page` (from 1) of the registry: `/khen-thuong/trang/2/`.
    pub fn awards_page(&self, page: usize) -> String {
        if page <= 1 {
            self.awards()
        } else {
            format!("/{}/{}/{page}/", self.w.awards, self.w.page)
        }
    }
    /// Page `page` (from 1) of a registry facet: `/khen-thuong/nam/2023/trang/2/`.
    pub fn awards_by_page(&self, facet: &str, key: &str, page: usize) -> String {
        if page <= 1 {
            self.awards_by(facet, key)
        } else {
            format!(
                "/{}/{}/{}/{}/{page}/",
                self.w.awards, facet, key, self.w.page
            )
        }
    }
    pub fn plans(&self) -> String {
        format!("/{}/", self.w.plans)
    }
    pub fn plan(&self, id: &str) -> String {
        format!("/{}/{}/", self.w.plans, id)
    }
    pub fn page(&self, slug: &str) -> String {
        format!("/{slug}/")
    }
    pub fn data(&self) -> String {
        format!("/{}/", self.w.data)
    }
    pub fn search(&self) -> String {
        format!("/{}/", self.w.search)
    }
}

/// The output file for a URL: `/a/b/` → `a/b/index.html`, `/feed.xml` → `feed.xml`.
pub fn file_for(url: &str) -> String {
    let u = url.trim_start_matches('/');
    if u.is_empty() {
        "index.html".to_string()
    } else if u.ends_with('/') {
        format!("{u}index.html")
    } else {
        u.to_string()
    }
}
