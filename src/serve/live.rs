//! Live reload and the error overlay, in serve mode only.
//!
//! Every HTML page served gets one tag before `</body>`: an `async` script from `/__lnob/`
//! (same origin, no inline code, so a strict Content-Security-Policy still allows it, and
//! nothing that holds up the page's parsing). The overlay's stylesheet is added only when
//! there is an overlay to show. The script listens to server-sent events at `/__lnob/events`
//! (through a shared worker, so that many open pages hold one connection): each event carries
//! the server's id, the build number and the current problems. A page from an older build, or
//! from an earlier run of the server, reloads; otherwise it shows or removes the overlay. While the site is broken the overlay is
//! also put into the served HTML itself, so it is there even before the script runs.

use std::sync::{mpsc, Arc, Mutex};

use crate::diag::{line_col, Diagnostics, Lang, Severity};
use crate::render::html_escape;

use super::state::Problems;

/// The path of the event stream.
pub const EVENTS: &str = "/__lnob/events";

/// The script injected into every page. All open pages of the site share one event stream
/// through a shared worker where the browser has one (a browser opens at most six connections
/// to one server, and each stream holds one); otherwise each page opens its own.
pub const LIVE_JS: &str = r#"(function () {
  "use strict";
  var me = document.currentScript;
  var build = me ? me.getAttribute("data-build") : null;
  var server = me ? me.getAttribute("data-server") : null;
  var live = window.lnobLive = { build: build, connected: false };
  function overlay(html) {
    var old = document.getElementById("lnob-overlay");
    if (old) old.parentNode.removeChild(old);
    if (!html) return;
    if (!document.getElementById("lnob-live-css") && me) {
      var css = document.createElement("link");
      css.id = "lnob-live-css";
      css.rel = "stylesheet";
      css.href = me.src.replace("live.js", "live.css");
      document.head.appendChild(css);
    }
    var holder = document.createElement("div");
    holder.innerHTML = html;
    if (holder.firstElementChild) document.body.appendChild(holder.firstElementChild);
  }
  var reloading = false;
  function state(s) {
    if (!s || reloading) return;
    live.connected = true;
    // A newer build, or another server (lnob serve was restarted): load the page again.
    if (build !== null && (s.server !== server || s.build > Number(build))) {
      reloading = true;
      try { sessionStorage.setItem("lnobReloadAt", String(Date.now())); } catch (err) { /* private mode */ }
      location.reload();
      return;
    }
    if (s.build === Number(build)) overlay(s.errors);
  }
  if (window.SharedWorker && me) {
    try {
      var worker = new SharedWorker(me.src.replace("live.js", "worker.js"), { name: "lnob-live" });
      worker.port.onmessage = function (e) { state(e.data); };
      worker.port.start();
      window.addEventListener("pagehide", function () { worker.port.postMessage("bye"); });
      return;
    } catch (err) { /* fall back to a stream of our own */ }
  }
  if (!window.EventSource) return;
  var source = new EventSource("/__lnob/events");
  source.addEventListener("state", function (e) {
    try { state(JSON.parse(e.data)); } catch (err) { /* ignore a malformed event */ }
  });
})();
"#;

/// The shared worker: one event stream, relayed to every open page of the site.
pub const WORKER_JS: &str = r#""use strict";
var ports = [];
var last = null;
var source = new EventSource("/__lnob/events");
source.addEventListener("state", function (e) {
  try { last = JSON.parse(e.data); } catch (err) { return; }
  ports.forEach(function (p) { p.postMessage(last); });
});
onconnect = function (e) {
  var port = e.ports[0];
  ports.push(port);
  port.onmessage = function (m) {
    if (m.data === "bye") ports = ports.filter(function (p) { return p !== port; });
  };
  port.start();
  if (last) port.postMessage(last);
};
"#;

/// The overlay's look; loaded only in serve mode.
pub const LIVE_CSS: &str = r#"#lnob-overlay {
  position: fixed; inset: 0; z-index: 2147483647; overflow: auto;
  background: rgba(20, 20, 20, 0.72); padding: 2rem 1rem;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
#lnob-overlay .lnob-box {
  max-width: 60rem; margin: 0 auto; background: #fff; color: #1a1a1a;
  border-top: 6px solid #b00020; border-radius: 4px; padding: 1rem 1.5rem;
  box-shadow: 0 4px 24px rgba(0, 0, 0, 0.4);
}
#lnob-overlay .lnob-title { font-weight: 700; font-size: 1.15rem; color: #b00020; margin: 0 0 0.5rem; }
#lnob-overlay ol { padding-left: 1.5rem; margin: 0; }
#lnob-overlay li { margin: 1rem 0; }
#lnob-overlay .lnob-loc { margin: 0; }
#lnob-overlay .lnob-loc code { font-weight: 700; }
#lnob-overlay .lnob-msg { margin: 0.25rem 0; }
#lnob-overlay pre {
  margin: 0.25rem 0 0; padding: 0.75rem; overflow: auto; background: #f5f5f5; color: #1a1a1a;
  border: 1px solid #ddd; font: 14px/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
  white-space: pre;
}
#lnob-overlay .lnob-hint { margin: 0.75rem 0 0; color: #444; }
"#;

/// Open event streams. A stream whose page went away is dropped at the next broadcast.
#[derive(Default)]
pub struct Hub {
    subscribers: Mutex<Vec<mpsc::Sender<Arc<str>>>>,
}

impl Hub {
    pub fn subscribe(&self) -> mpsc::Receiver<Arc<str>> {
        let (tx, rx) = mpsc::channel();
        self.subscribers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(tx);
        rx
    }

    pub fn broadcast(&self, message: &str) {
        let message: Arc<str> = Arc::from(message);
        self.subscribers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|s| s.send(message.clone()).is_ok());
    }

    /// Streams still registered (some may have closed since the last broadcast).
    pub fn len(&self) -> usize {
        self.subscribers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One server-sent event carrying the state.
pub fn event(message: &str) -> String {
    let mut out = String::from("event: state\n");
    for line in message.lines() {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

/// The URL of one of serve's own files; versioned, so browsers may keep them.
pub fn asset(name: &str) -> String {
    format!("/__lnob/{name}?v={}", env!("CARGO_PKG_VERSION"))
}

/// The page with the reload tags (and the overlay, when the site is broken) before `</body>`.
pub fn inject(html: &[u8], server: &str, build: u64, problems: Option<&Problems>) -> Vec<u8> {
    let mut tags = format!(
        "<script src=\"{}\" data-server=\"{server}\" data-build=\"{build}\" async></script>",
        asset("live.js")
    );
    if let Some(p) = problems {
        tags.push_str(&format!(
            "<link id=\"lnob-live-css\" rel=\"stylesheet\" href=\"{}\">",
            asset("live.css")
        ));
        tags.push_str(&p.overlay);
    }
    let at = rfind_ascii_ci(html, b"</body").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tags.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tags.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// A page for when there has never been a good build: only the overlay.
pub fn error_page(problems: &Problems, server: &str, lang: Lang) -> Vec<u8> {
    let title = lang.pick("Trang chưa dựng được", "The site could not be built");
    let html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1></body></html>",
        lang.pick("vi", "en")
    );
    inject(html.as_bytes(), server, 0, Some(problems))
}

/// The overlay for the errors of a failed build: file, line and column, message, and the same
/// quoted snippet the terminal shows.
/// `last_good`: an earlier build is being served meanwhile (the overlay says so).
pub fn problems(diags: &Diagnostics, last_good: bool) -> Problems {
    const SHOWN: usize = 30;
    let lang = diags.lang;
    let errors: Vec<_> = diags
        .items
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let mut items = String::new();
    for d in errors.iter().take(SHOWN) {
        let mut one = Diagnostics::new(lang);
        let mut place = String::new();
        if let Some(loc) = &d.loc {
            place = loc.file.clone();
            if let Some(text) = diags.source(&loc.file) {
                one.add_source(&loc.file, text);
                if let Some(span) = &loc.span {
                    let (l, c) = line_col(text, span.start);
                    place = format!("{}:{l}:{c}", loc.file);
                }
            }
        }
        one.items.push((*d).clone());
        let snippet = one.render(Severity::Error, false);
        items.push_str("<li>");
        if !place.is_empty() {
            items.push_str(&format!(
                "<p class=\"lnob-loc\"><code>{}</code></p>",
                html_escape(&place)
            ));
        }
        items.push_str(&format!(
            "<p class=\"lnob-msg\">{}</p>",
            html_escape(&d.message)
        ));
        items.push_str(&format!("<pre>{}</pre>", html_escape(snippet.trim_end())));
        items.push_str("</li>");
    }
    let n = errors.len();
    let title = match (lang, last_good) {
        (Lang::Vi, true) => format!(
            "lnob: {n} lỗi — trang không dựng lại được; đang hiển thị bản dựng tốt gần nhất"
        ),
        (Lang::En, true) => format!(
            "lnob: {n} error{} — the site could not be rebuilt; showing the last good build",
            if n == 1 { "" } else { "s" }
        ),
        (Lang::Vi, false) => format!("lnob: {n} lỗi — trang chưa dựng được"),
        (Lang::En, false) => format!(
            "lnob: {n} error{} — the site could not be built",
            if n == 1 { "" } else { "s" }
        ),
    };
    let more = if n > SHOWN {
        match lang {
            Lang::Vi => format!(
                "<p class=\"lnob-hint\">… và {} lỗi khác (xem cửa sổ dòng lệnh).</p>",
                n - SHOWN
            ),
            Lang::En => format!(
                "<p class=\"lnob-hint\">… and {} more (see the terminal).</p>",
                n - SHOWN
            ),
        }
    } else {
        String::new()
    };
    let hint = lang.pick(
        "Sửa tệp rồi lưu lại: trang này sẽ tự tải lại.",
        "Fix the file and save it: this page reloads by itself.",
    );
    let overlay = format!(
        "<div id=\"lnob-overlay\" role=\"alertdialog\" aria-modal=\"true\" aria-labelledby=\"lnob-overlay-title\"><div class=\"lnob-box\"><p class=\"lnob-title\" id=\"lnob-overlay-title\">{}</p><ol>{items}</ol>{more}<p class=\"lnob-hint\">{hint}</p></div></div>",
        html_escape(&title)
    );
    Problems { overlay, errors: n }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Loc;

    #[test]
    fn injects_before_the_last_closing_body_tag() {
        let page = b"<html><body><p>x</p></BODY></html>";
        let out = String::from_utf8(inject(page, "s1", 7, None)).unwrap();
        let script = format!("<script src=\"/__lnob/live.js?v={}\" data-server=\"s1\" data-build=\"7\" async></script>", env!("CARGO_PKG_VERSION"));
        assert_eq!(out, format!("<html><body><p>x</p>{script}</BODY></html>"));
        let out = String::from_utf8(inject(b"no body", "s1", 1, None)).unwrap();
        assert!(out.starts_with("no body<script"));
        let broken = Problems {
            overlay: "<div id=\"lnob-overlay\"></div>".into(),
            errors: 1,
        };
        let out = String::from_utf8(inject(page, "s1", 7, Some(&broken))).unwrap();
        assert!(
            out.contains(
                "</script><link id=\"lnob-live-css\" rel=\"stylesheet\" href=\"/__lnob/live.css?v="
            ),
            "{out}"
        );
        assert!(
            out.ends_with("<div id=\"lnob-overlay\"></div></BODY></html>"),
            "{out}"
        );
    }

    #[test]
    fn the_overlay_names_file_line_and_quotes_the_snippet_escaped() {
        let mut d = Diagnostics::new(Lang::En);
        let text = "+++\ntitle = \"t\"\ndate = <b>\n+++\n";
        d.add_source("content/stories/a.md", text);
        let at = text.find("<b>").unwrap();
        d.error(
            Loc::at("content/stories/a.md", at..at + 3),
            "invalid date".into(),
        );
        d.warning(Loc::file("data/x.toml"), "not shown".into());
        let p = problems(&d, true);
        assert_eq!(p.errors, 1);
        assert!(
            p.overlay.contains("<code>content/stories/a.md:3:8</code>"),
            "{}",
            p.overlay
        );
        assert!(p.overlay.contains("invalid date"));
        assert!(p.overlay.contains("date = &lt;b&gt;"));
        assert!(p.overlay.contains("&lt;b&gt;"));
        assert!(!p.overlay.contains("<b>"));
        assert!(!p.overlay.contains("not shown"));
        assert!(p
            .overlay
            .contains("1 error — the site could not be rebuilt; showing the last good build"));
        assert!(problems(&d, false)
            .overlay
            .contains("1 error — the site could not be built<"));
    }

    #[test]
    fn events_carry_every_line_as_data() {
        assert_eq!(event("{\"a\":1}"), "event: state\ndata: {\"a\":1}\n\n");
    }

    #[test]
    fn a_hub_forgets_closed_streams() {
        let hub = Hub::default();
        let a = hub.subscribe();
        let b = hub.subscribe();
        drop(b);
        hub.broadcast("x");
        assert_eq!(hub.len(), 1);
        assert_eq!(&*a.recv().unwrap(), "x");
    }
}
