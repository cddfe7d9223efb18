//! Content types by file extension, for what a site's output may hold.

/// The `Content-Type` of an output path.
pub fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = match name.rsplit_once('.') {
        Some((_, e)) => e.to_ascii_lowercase(),
        None => String::new(),
    };
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "wasm" => "application/wasm",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        // Pagefind's index files (pagefind.pf_meta, *.pf_fragment, *.pf_index, *.pf_filter)
        // among others.
        _ => "application/octet-stream",
    }
}

/// Whether pages of this type get the live-reload script.
pub fn is_html(path: &str) -> bool {
    content_type(path).starts_with("text/html")
}

/// Whether an open page may show this file (itself, its styles, scripts, images, fonts):
/// a change to one reloads open pages; a change to data files (CSV, JSON, feeds, a search
/// index) does not.
pub fn is_visible(path: &str) -> bool {
    let ct = content_type(path);
    ct.starts_with("text/html")
        || ct.starts_with("text/css")
        || ct.starts_with("text/javascript")
        || ct.starts_with("image/")
        || ct.starts_with("font/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_types_a_site_holds() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("dia-phuong/lam-dong/bieu-do.svg"),
            "image/svg+xml"
        );
        assert_eq!(
            content_type("du-lieu/so-lieu.csv"),
            "text/csv; charset=utf-8"
        );
        assert_eq!(content_type("du-lieu/so-lieu.json"), "application/json");
        assert_eq!(content_type("feed.xml"), "application/xml; charset=utf-8");
        assert_eq!(
            content_type("pagefind/wasm.unknown.pagefind"),
            "application/octet-stream"
        );
        assert_eq!(
            content_type("pagefind/pagefind-entry.json"),
            "application/json"
        );
        assert_eq!(
            content_type("pagefind/index/vi_1a2b.pf_index"),
            "application/octet-stream"
        );
        assert_eq!(content_type("search.wasm"), "application/wasm");
        assert_eq!(content_type("STYLE.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("README"), "application/octet-stream");
        assert!(is_html("a/index.html"));
        assert!(!is_html("a/bieu-do.svg"));
        assert!(
            is_visible("a/bieu-do.svg") && is_visible("style.css") && is_visible("a/index.html")
        );
        assert!(
            !is_visible("feed.xml")
                && !is_visible("du-lieu/a.csv")
                && !is_visible("pagefind/x.pf_index")
        );
    }
}
