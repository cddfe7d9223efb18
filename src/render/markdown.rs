//! Markdown bodies to safe HTML: CommonMark with tables, footnotes and strikethrough,
//! then ammonia removes scripts, styles, event handlers and `javascript:` links.
//! Shortcodes (`{{ chart(region="24877") }}`) are swapped for markers before parsing and
//! for their HTML after cleaning, so the cleaner never sees (or breaks) lnob's own markup.

use pulldown_cmark::{html, Options, Parser};

/// A shortcode found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shortcode {
    Chart { region: String },
}

/// Where a shortcode sits (byte offset in the body) and what it asks for.
#[derive(Debug, Clone)]
pub struct Found {
    pub offset: usize,
    pub len: usize,
    pub code: Result<Shortcode, String>,
}

/// Finds `{{ name(arg="value") }}` shortcodes outside code.
pub fn find_shortcodes(body: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut in_fence = false;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if !in_fence {
            let mut from = 0;
            while let Some(i) = line[from..].find("{{") {
                let start = from + i;
                let Some(j) = line[start..].find("}}") else {
                    break;
                };
                let end = start + j + 2;
                let inner = line[start + 2..end - 2].trim();
                out.push(Found {
                    offset: pos + start,
                    len: end - start,
                    code: parse_shortcode(inner),
                });
                from = end;
            }
        }
        pos += line.len();
    }
    out
}

fn parse_shortcode(inner: &str) -> Result<Shortcode, String> {
    let Some(open) = inner.find('(') else {
        return Err(inner.to_string());
    };
    let name = inner[..open].trim();
    let args = inner[open + 1..].trim_end().trim_end_matches(')');
    let mut region = None;
    for part in args.split(',') {
        if let Some((k, v)) = part.split_once('=') {
            let v = v.trim().trim_matches('"').trim_matches('\'');
            if k.trim() == "region" {
                region = Some(v.to_string());
            }
        }
    }
    match (name, region) {
        ("chart", Some(region)) => Ok(Shortcode::Chart { region }),
        _ => Err(name.to_string()),
    }
}

fn marker(i: usize) -> String {
    format!("LNOBSHORTCODE{i}X")
}

/// Renders a body. `shortcode_html` gives the HTML for the i-th shortcode found.
pub fn to_html(body: &str, shortcode_html: &dyn Fn(usize, &Found) -> String) -> String {
    let found = find_shortcodes(body);
    let mut src = String::with_capacity(body.len());
    let mut last = 0;
    for (i, f) in found.iter().enumerate() {
        src.push_str(&body[last..f.offset]);
        src.push_str(&marker(i));
        last = f.offset + f.len;
    }
    src.push_str(&body[last..]);

    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let parser = Parser::new_ext(&src, opts);
    let mut raw_html = String::new();
    html::push_html(&mut raw_html, parser);
    let mut clean = sanitize(&raw_html);
    for (i, f) in found.iter().enumerate() {
        let m = marker(i);
        let html = shortcode_html(i, f);
        let para = format!("<p>{m}</p>");
        if clean.contains(&para) {
            clean = clean.replacen(&para, &html, 1);
        } else {
            clean = clean.replacen(&m, &html, 1);
        }
    }
    clean
}

/// Removes anything that could run code or load from elsewhere; keeps ordinary markup.
pub fn sanitize(html: &str) -> String {
    // The rules are the same for every body: made once (a `Builder` is a dozen hash sets).
    static CLEANER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    let b = CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id"]);
        b.add_tag_attributes("a", ["href", "title"]);
        b.url_schemes(["http", "https", "mailto"].into_iter().collect());
        b.link_rel(Some("noopener noreferrer"));
        b.add_allowed_classes("div", ["footnote-definition"]);
        b.add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"]);
        b.id_prefix(None);
        b
    });
    crate::text::defuse(&b.clean(html).to_string())
}

/// Plain text of a body, for descriptions and search.
pub fn plain_text(body: &str) -> String {
    let parser = Parser::new(body);
    let mut out = String::new();
    for ev in parser {
        match ev {
            pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) => out.push_str(&t),
            pulldown_cmark::Event::SoftBreak
            | pulldown_cmark::Event::HardBreak
            | pulldown_cmark::Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(s: &str) -> String {
        to_html(s, &|_, f| format!("<figure>{:?}</figure>", f.code))
    }

    #[test]
    fn renders_tables_footnotes_strikethrough() {
        let h = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ y[^1]\n\n[^1]: note\n");
        assert!(h.contains("<table>"));
        assert!(h.contains("<del>x</del>"));
        assert!(h.contains("class=\"footnote-definition\""), "{h}");
    }

    #[test]
    fn strips_scripts_handlers_and_javascript_links() {
        let h = render("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[a](javascript:alert(1))\n\n<iframe src=\"https://x\"></iframe><style>p{}</style>");
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("onerror"), "{h}");
        assert!(!h.contains("javascript:"), "{h}");
        assert!(!h.contains("<iframe"), "{h}");
        assert!(!h.contains("<style"), "{h}");
    }

    #[test]
    fn replaces_chart_shortcode_paragraph() {
        let h = render("Before\n\n{{ chart(region=\"24877\") }}\n\nAfter\n");
        assert!(
            h.contains("<figure>Ok(Chart { region: \"24877\" })</figure>"),
            "{h}"
        );
        assert!(!h.contains("<p><figure>"), "{h}");
    }

    #[test]
    fn leaves_shortcodes_in_code_fences_alone() {
        let found = find_shortcodes("```\n{{ chart(region=\"1\") }}\n```\n");
        assert!(found.is_empty());
    }
}
