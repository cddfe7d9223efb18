//! Atom feeds, the sitemap and robots.txt: text written directly, escaped by hand.

use crate::format::iso_date;
use crate::model::Site;
use crate::render::Derived;
use crate::urls::Urls;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn feed(
    site: &Site,
    title: &str,
    self_url: &str,
    entries: Vec<(String, String, String, String)>,
) -> String {
    let base = &site.config.base_url;
    let updated = entries
        .iter()
        .map(|e| e.2.clone())
        .max()
        .unwrap_or_else(|| "1970-01-01".into());
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
    out.push_str(if site.config.language == crate::diag::Lang::Vi {
        "vi"
    } else {
        "en"
    });
    out.push_str("\">\n");
    out.push_str(&format!("  <title>{}</title>\n", esc(title)));
    out.push_str(&format!(
        "  <link rel=\"self\" href=\"{}{}\"/>\n  <link href=\"{}/\"/>\n",
        esc(base),
        esc(self_url),
        esc(base)
    ));
    out.push_str(&format!(
        "  <id>{}{}</id>\n  <updated>{}T00:00:00Z</updated>\n",
        esc(base),
        esc(self_url),
        updated
    ));
    if !site.config.publisher.is_empty() {
        out.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            esc(&site.config.publisher)
        ));
    } else {
        out.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            esc(&site.config.title)
        ));
    }
    for (title, url, date, summary) in entries {
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", esc(&title)));
        out.push_str(&format!(
            "    <link href=\"{}{}\"/>\n    <id>{}{}</id>\n",
            esc(base),
            esc(&url),
            esc(base),
            esc(&url)
        ));
        out.push_str(&format!("    <updated>{date}T00:00:00Z</updated>\n"));
        if !summary.is_empty() {
            out.push_str(&format!("    <summary>{}</summary>\n", esc(&summary)));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

pub fn stories_feed(site: &Site, urls: &Urls) -> String {
    let entries = site
        .stories
        .iter()
        .take(50)
        .map(|s| {
            (
                s.title.clone(),
                urls.story(&s.slug),
                iso_date(s.updated.unwrap_or(s.date)),
                s.summary.clone(),
            )
        })
        .collect();
    let title = format!(
        "{} – {}",
        crate::render::i18n::get(site.config.language, "stories"),
        site.config.title
    );
    feed(site, &title, "/feed.xml", entries)
}

pub fn awards_feed(site: &Site, urls: &Urls, d: &Derived) -> String {
    let lang = site.config.language;
    let mut ids: Vec<usize> = (0..site.awards.len()).collect();
    ids.sort_by(|&a, &b| {
        let (x, y) = (&site.awards[a], &site.awards[b]);
        y.decision_date.cmp(&x.decision_date).then(a.cmp(&b))
    });
    let entries = ids
        .into_iter()
        .take(100)
        .map(|i| {
            let a = &site.awards[i];
            let title = format!("{} – {}", a.recipient, site.forms[a.form].name);
            let date = a
                .decision_date
                .map(iso_date)
                .unwrap_or_else(|| format!("{}-12-31", a.year));
            let summary = format!(
                "{} {} · {} · {}",
                crate::render::i18n::get(lang, "decision"),
                a.decision,
                d.occasion_title(lang, &a.occasion),
                site.units[a.unit].full_name()
            );
            (title, d.award_url(site, urls, i), date, summary)
        })
        .collect();
    let title = format!(
        "{} – {}",
        crate::render::i18n::get(lang, "awards"),
        site.config.title
    );
    feed(site, &title, &format!("{}feed.xml", urls.awards()), entries)
}

pub fn sitemap(site: &Site, urls: &[&str]) -> String {
    let mut sorted: Vec<&str> = urls.iter().copied().filter(|u| u.ends_with('/')).collect();
    sorted.sort_unstable();
    let base = esc(&site.config.base_url);
    // Written at its final size: a site of 180,000 pages has a sitemap of 25 MB, which doubling
    // would hold twice while copying, at the end of the build when memory is highest.
    let each = "  <url><loc></loc></url>\n".len() + base.len();
    let size = sorted.iter().map(|u| u.len() + each).sum::<usize>();
    let mut out = String::with_capacity(size + 200);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for u in sorted {
        out.push_str("  <url><loc>");
        out.push_str(&base);
        out.push_str(&esc(u));
        out.push_str("</loc></url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}/sitemap.xml\n",
        site.config.base_url
    )
}
