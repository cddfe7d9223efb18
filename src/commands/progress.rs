//! The progress line of long builds and the counts of the summary line.
//!
//! The line appears only on a terminal, only when not `--quiet`, and only once a build has
//! run for a moment: short builds print just their summary. It has no colours, so NO_COLOR
//! needs nothing here. Counting happens for every build, shown or not.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a build runs before its progress line appears.
pub const SHOW_AFTER: Duration = Duration::from_millis(300);

pub struct Progress {
    bar: ProgressBar,
    enabled: bool,
    shown: AtomicBool,
    start: Instant,
    pages: AtomicUsize,
    charts: AtomicUsize,
}

impl Progress {
    /// `total`: the pages the build will render; `enabled`: a terminal and not `--quiet`.
    pub fn new(total: usize, enabled: bool, what: &str) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(what.to_string());
        Progress {
            bar,
            enabled,
            shown: AtomicBool::new(false),
            start: Instant::now(),
            pages: AtomicUsize::new(0),
            charts: AtomicUsize::new(0),
        }
    }

    /// Counts one output file (called from the build's `Output`, on any thread).
    pub fn file(&self, rel: &str) {
        if rel.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
            self.bar.inc(1);
        } else if is_chart(rel) {
            self.charts.fetch_add(1, Ordering::Relaxed);
        }
        if self.enabled
            && !self.shown.load(Ordering::Relaxed)
            && self.start.elapsed() >= SHOW_AFTER
            && !self.shown.swap(true, Ordering::SeqCst)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    pub fn charts(&self) -> usize {
        self.charts.load(Ordering::Relaxed)
    }

    /// Removes the line (the summary is printed in its place).
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// A chart download written beside a unit's page (`bieu-do.svg`, `bieu-do-don-vi.svg`,
/// `chart.svg`, `chart-units.svg`).
pub fn is_chart(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.ends_with(".svg") && (name.starts_with("bieu-do") || name.starts_with("chart"))
}

/// `0.41 s` / `0,41 giây`.
pub fn seconds(lang: crate::diag::Lang, s: f64) -> String {
    match lang {
        crate::diag::Lang::Vi => format!("{:.2} giây", s).replace('.', ","),
        crate::diag::Lang::En => format!("{s:.2} s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_pages_and_chart_downloads() {
        let p = Progress::new(3, false, "");
        for f in [
            "index.html",
            "dia-phuong/lam-dong/index.html",
            "dia-phuong/lam-dong/bieu-do.svg",
            "dia-phuong/lam-dong/bieu-do-don-vi.svg",
            "dia-phuong/lam-dong/bieu-do.csv",
            "cau-chuyen/a/bo.svg",
            "units/x/chart.svg",
        ] {
            p.file(f);
        }
        assert_eq!(p.pages.load(Ordering::Relaxed), 2);
        assert_eq!(p.charts(), 3);
        p.finish();
    }

    #[test]
    fn writes_seconds_in_each_language() {
        assert_eq!(seconds(crate::diag::Lang::Vi, 0.412), "0,41 giây");
        assert_eq!(seconds(crate::diag::Lang::En, 0.412), "0.41 s");
    }
}
