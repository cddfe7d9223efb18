//! Markdown bodies to safe HTML: CommonMark with tables, footnotes and strikethrough,
//! then ammonia removes scripts, styles, event handlers and `javascript:` links from bodies
//! that have raw HTML or links elsewhere (bodies of plain Markdown are safe as written, see
//! [`markup_only`]).
//! Shortcodes (`{{ chart(region="24877") }}`) are swapped for markers before parsing and
//! for their HTML after cleaning, so the cleaner never sees (or breaks) lnob's own markup.

use pulldown_cmark::{html, Alignment, CodeBlockKind, Event, LinkType, Options, Parser, Tag};

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
    // Most bodies have none: one search of the whole text instead of one per line.
    if !body.contains("{{") {
        return out;
    }
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

/// CommonMark with tables, footnotes and strikethrough.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
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

    let events: Vec<Event> = Parser::new_ext(&src, options()).collect();
    let mut clean = match markup_only(events) {
        Ok(events) => {
            let mut out = String::with_capacity(src.len() + src.len() / 4);
            html::push_html(&mut out, events.into_iter());
            crate::text::defuse(&out)
        }
        Err(events) => {
            let mut raw_html = String::new();
            html::push_html(&mut raw_html, events.into_iter());
            sanitize(&raw_html)
        }
    };
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

/// A body without raw HTML, whose links and images all go to the web, to mail or within the
/// site, is safe as pulldown-cmark writes it: text and attributes are escaped, and nothing but
/// Markdown's own tags appears. Such a body skips [`sanitize`] (which parses the HTML again
/// and was a tenth of a plain build); its events come back made to write what the cleaner
/// would keep: links get `rel="noopener noreferrer"`, code blocks lose their language class
/// and table cells their alignment style. Anything else comes back as `Err`, unchanged.
fn markup_only(mut events: Vec<Event<'_>>) -> Result<Vec<Event<'_>>, Vec<Event<'_>>> {
    let safe = events.iter().all(|e| match e {
        Event::Html(_) | Event::InlineHtml(_) => false,
        Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
            safe_url(dest_url)
        }
        _ => true,
    });
    if !safe {
        return Err(events);
    }
    for e in events.iter_mut() {
        match e {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let mut a = String::from("<a href=\"");
                if *link_type == LinkType::Email {
                    a.push_str("mailto:");
                }
                let _ = pulldown_cmark_escape::escape_href(&mut a, dest_url);
                if !title.is_empty() {
                    a.push_str("\" title=\"");
                    let _ = pulldown_cmark_escape::escape_html(&mut a, title);
                }
                a.push_str("\" rel=\"noopener noreferrer\">");
                *e = Event::InlineHtml(a.into());
            }
            Event::Start(Tag::CodeBlock(kind)) => *kind = CodeBlockKind::Indented,
            Event::Start(Tag::Table(align)) => align.iter_mut().for_each(|a| *a = Alignment::None),
            _ => {}
        }
    }
    Ok(events)
}

/// A link or image address the cleaner keeps: within the site (no scheme), or http(s) or
/// mailto. Anything with spaces or control characters (which browsers drop from a scheme:
/// `java\tscript:`) is left to the cleaner.
fn safe_url(url: &str) -> bool {
    if url.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return false;
    }
    match url.find([':', '/', '?', '#']) {
        Some(i) if url.as_bytes()[i] == b':' => {
            let scheme = &url[..i];
            ["http", "https", "mailto"]
                .iter()
                .any(|k| scheme.eq_ignore_ascii_case(k))
        }
        _ => true,
    }
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

    /// Bodies of Markdown alone skip the cleaner: what they give must be what the cleaner
    /// gives (apart from `<br />` for `<br>`, which mean the same).
    #[test]
    fn markdown_only_bodies_match_the_cleaner() {
        let bodies = [
            "Hộ ông *Nguyễn Văn A* thoát nghèo **năm 2023**.\n\n> Trích: \"vượt khó\" & 'vươn lên' <3\n",
            "# Tiêu đề\n\n## Phụ đề\n\n1. một\n2. hai\n\n3. ba\n\n- a\n- b\n\n---\n\nx  \ny\n",
            "[trang](https://example.org/a?b=1&c=\"2\" \"Tiêu đề\") [nội](/cau-chuyen/x/#y) [thư](mailto:a@b.vn) <https://a.vn> <a@b.vn>\n",
            "![ảnh](/anh/a.jpg \"chú thích\") ![x](HTTPS://a.vn/b.png)\n",
            "```rust\nfn main() {}\n```\n\n    thụt lề\n\n`mã` ~~gạch~~\n",
            "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n",
            "Chú thích[^1] và[^hai].\n\n[^1]: Một.\n[^hai]: Hai.\n",
            "onerror=alert(1) javascript:alert(1) &lt;script&gt;\n",
        ];
        for body in bodies {
            let events: Vec<Event> = Parser::new_ext(body, options()).collect();
            let mut raw = String::new();
            html::push_html(&mut raw, events.clone().into_iter());
            let cleaned = sanitize(&raw);
            let fast = render(body);
            assert!(markup_only(events).is_ok(), "{body}");
            // Footnote references are written by pulldown-cmark itself, without a `rel`
            // (which means nothing on a link within the page).
            let cleaned = cleaned.replace("\" rel=\"noopener noreferrer\">", "\">");
            let fast = fast.replace("\" rel=\"noopener noreferrer\">", "\">");
            assert_eq!(fast.replace(" />", ">"), cleaned, "{body}");
        }
    }

    #[test]
    fn markdown_links_say_noopener() {
        assert_eq!(
            render("[a](https://x.vn/?a=1&b=2 \"t\") <a@b.vn>"),
            "<p><a href=\"https://x.vn/?a=1&amp;b=2\" title=\"t\" rel=\"noopener noreferrer\">a</a> \
             <a href=\"mailto:a@b.vn\" rel=\"noopener noreferrer\">a@b.vn</a></p>\n"
        );
    }

    #[test]
    fn raw_html_and_other_schemes_go_through_the_cleaner() {
        for body in [
            "<b>x</b>",
            "a <i>b</i>",
            "[a](javascript:alert(1))",
            "[a](JavaScript:alert(1))",
            "[a](java&#9;script:alert(1))",
            "[a](<java script:x>)",
            "![a](data:text/html,x)",
            "<vbscript:x>",
            "[a](:x)",
        ] {
            let events: Vec<Event> = Parser::new_ext(body, options()).collect();
            let mut raw = String::new();
            html::push_html(&mut raw, events.clone().into_iter());
            assert!(markup_only(events).is_err(), "{body}");
            assert_eq!(render(body), sanitize(&raw), "{body}");
        }
    }

    #[test]
    fn leaves_shortcodes_in_code_fences_alone() {
        let found = find_shortcodes("```\n{{ chart(region=\"1\") }}\n```\n");
        assert!(found.is_empty());
    }
}
