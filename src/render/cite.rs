//! The licence of the site's data and charts, and how to cite them: a short line for a
//! caption or a tweet and a full reference with the page's address. Words in the site's
//! language; the year is the latest year of the data cited, so output stays deterministic.

use tera::Value;

use crate::diag::Lang;
use crate::model::Site;
use crate::render::tv::tv;

/// The licence named in `site.toml` (`license`), with its address and SPDX id where known.
#[derive(Clone, Debug, PartialEq)]
pub struct Licence {
    pub name: String,
    pub url: Option<&'static str>,
    pub spdx: Option<&'static str>,
}

pub fn licence(site: &Site) -> Licence {
    let name = site.config.license.trim().to_string();
    let key: String = name
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    let known: Option<(&'static str, &'static str)> = match key.as_str() {
        "ccby4.0" | "ccby" => Some(("https://creativecommons.org/licenses/by/4.0/", "CC-BY-4.0")),
        "ccbysa4.0" | "ccbysa" => Some((
            "https://creativecommons.org/licenses/by-sa/4.0/",
            "CC-BY-SA-4.0",
        )),
        "cc0" | "cc01.0" | "cczero" => Some((
            "https://creativecommons.org/publicdomain/zero/1.0/",
            "CC0-1.0",
        )),
        "odcby" | "odcby1.0" => {
            Some(("https://opendatacommons.org/licenses/by/1-0/", "ODC-By-1.0"))
        }
        "odbl" | "odbl1.0" => Some(("https://opendatacommons.org/licenses/odbl/1-0/", "ODbL-1.0")),
        "pddl" | "pddl1.0" => Some(("https://opendatacommons.org/licenses/pddl/1-0/", "PDDL-1.0")),
        _ => None,
    };
    Licence {
        name,
        url: known.map(|k| k.0),
        spdx: known.map(|k| k.1),
    }
}

/// Who publishes: `publisher`, or the site's title when none is set.
pub fn publisher(site: &Site) -> String {
    if site.config.publisher.trim().is_empty() {
        site.config.title.clone()
    } else {
        site.config.publisher.clone()
    }
}

/// An absolute address for a site-relative URL (relative when `base_url` is empty).
pub fn absolute(site: &Site, url: &str) -> String {
    format!("{}{url}", site.config.base_url.trim_end_matches('/'))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Data,
    Chart,
    Report,
}

/// "Vì người nghèo (2024), Tỷ lệ hộ nghèo – Huyện Đam Rông, CC BY 4.0.": publisher, year,
/// title, licence.
pub fn short(site: &Site, title: &str, year: Option<i32>) -> String {
    let when = year.map(|y| format!(" ({y})")).unwrap_or_default();
    format!(
        "{}{when}, {title}, {}.",
        publisher(site),
        licence(site).name
    )
}

/// The short and full citation of `title` found at `url` (site-relative), for templates:
/// `{licence, licence_url, short, full}`.
pub fn view(site: &Site, title: &str, kind: Kind, url: &str, year: Option<i32>) -> Value {
    let lang = site.config.language;
    let lic = licence(site);
    let who = publisher(site);
    let when = year.map(|y| format!(" ({y})")).unwrap_or_default();
    let what = match kind {
        Kind::Data => lang.pick("dữ liệu", "dataset"),
        Kind::Chart => lang.pick("biểu đồ", "chart"),
        Kind::Report => lang.pick("báo cáo", "report"),
    };
    let short = short(site, title, year);
    let site_name = if who == site.config.title {
        String::new()
    } else {
        format!(" {}.", site.config.title)
    };
    let full = match lang {
        Lang::Vi => format!(
            "{who}{when}. {title} [{what}].{site_name} {}. Giấy phép: {}.",
            absolute(site, url),
            lic.name
        ),
        Lang::En => format!(
            "{who}{when}. {title} [{what}].{site_name} {}. Licence: {}.",
            absolute(site, url),
            lic.name
        ),
    };
    tv!({"licence": lic.name, "licence_url": lic.url, "short": short, "full": full})
}

/// The latest year of figures in the site, for citing the data as a whole.
pub fn latest_year(site: &Site) -> Option<i32> {
    site.figures.iter().map(|f| f.year).max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::tv::get;

    fn site(license: &str) -> Site {
        let mut s = Site::default();
        s.config.title = "Vì người nghèo".into();
        s.config.base_url = "https://x.vn/lnob".into();
        s.config.license = license.into();
        s
    }

    #[test]
    fn knows_common_licences_by_name() {
        assert_eq!(licence(&site("CC BY 4.0")).spdx, Some("CC-BY-4.0"));
        assert_eq!(
            licence(&site("cc0")).url,
            Some("https://creativecommons.org/publicdomain/zero/1.0/")
        );
        assert_eq!(licence(&site("Giấy phép riêng")).url, None);
    }

    #[test]
    fn cites_with_publisher_year_and_address() {
        let v = view(
            &site("CC BY 4.0"),
            "Tỷ lệ hộ nghèo – Huyện Đam Rông",
            Kind::Chart,
            "/dia-phuong/dam-rong/",
            Some(2024),
        );
        assert_eq!(
            get(&v, "short").and_then(tera::Value::as_str),
            Some("Vì người nghèo (2024), Tỷ lệ hộ nghèo – Huyện Đam Rông, CC BY 4.0.")
        );
        assert_eq!(
            get(&v, "full").and_then(tera::Value::as_str),
            Some("Vì người nghèo (2024). Tỷ lệ hộ nghèo – Huyện Đam Rông [biểu đồ]. https://x.vn/lnob/dia-phuong/dam-rong/. Giấy phép: CC BY 4.0."));
        let mut s = site("CC BY 4.0");
        s.config.publisher = "Sở Thông tin và Truyền thông".into();
        let v = view(&s, "Số liệu", Kind::Data, "/du-lieu/", None);
        assert_eq!(get(&v, "full").and_then(tera::Value::as_str), Some("Sở Thông tin và Truyền thông. Số liệu [dữ liệu]. Vì người nghèo. https://x.vn/lnob/du-lieu/. Giấy phép: CC BY 4.0."));
    }
}
