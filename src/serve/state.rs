//! What the server serves: the last good build, whole, and the problems of the latest build if
//! it failed. A new build replaces the map in one step, so a request sees one build or the other,
//! never a mix; a failed build leaves the map as it was.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use super::live::Hub;
use super::mime::is_visible;

/// Output path (relative, `/`-separated, as `produce` names it) → bytes. Both are shared: a
/// partial build copies the map of the last one.
pub type Files = HashMap<Arc<str>, Arc<[u8]>>;

/// Output path → a link-preview card not drawn yet: drawn when a browser asks for it (drawing
/// a national site's 31,000 cards takes two minutes).
pub type Cards = HashMap<Arc<str>, Arc<crate::render::social::Card>>;

/// One complete build.
pub struct Snapshot {
    pub files: Files,
    /// Its cards, where they were not drawn with the build.
    pub cards: Arc<Cards>,
    /// Counts builds whose output differed from the one before; 0 until the first good build.
    pub build: u64,
}

/// The problems that stopped the latest build, ready to show.
pub struct Problems {
    /// An HTML fragment (escaped): the overlay shown on every page until the site builds again.
    pub overlay: String,
    pub errors: usize,
}

pub struct State {
    /// Tells this run of the server from an earlier one (pages reload when it changes).
    pub server: String,
    current: RwLock<Arc<Snapshot>>,
    problems: RwLock<Option<Arc<Problems>>>,
    pub hub: Hub,
}

impl Default for State {
    fn default() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let server = format!("{:x}{:x}", std::process::id(), nanos & 0xffff_ffff_ffff);
        State {
            server,
            current: RwLock::new(Arc::new(Snapshot {
                files: Files::new(),
                cards: Arc::default(),
                build: 0,
            })),
            problems: RwLock::new(None),
            hub: Hub::default(),
        }
    }
}

impl State {
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn problems(&self) -> Option<Arc<Problems>> {
        self.problems
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Swaps in a successful build and tells open pages. Returns the paths whose bytes changed
    /// (added, removed or different). Open pages reload only when something they may show
    /// changed (a page, a style sheet, a script, an image); new data files are swapped in quietly.
    /// `touched`: the only paths that can differ (a partial build's), else every path is compared.
    /// `cards`: the build's cards not drawn yet, `None` to keep the last build's.
    pub fn publish(
        &self,
        files: Files,
        touched: Option<&[Arc<str>]>,
        cards: Option<Cards>,
    ) -> Vec<String> {
        let (changed, old) = {
            let mut cur = self.current.write().unwrap_or_else(|e| e.into_inner());
            let changed = match touched {
                Some(paths) => diff_of(&cur.files, &files, paths.iter()),
                None => diff(&cur.files, &files),
            };
            let reload = cur.build == 0 || changed.iter().any(|p| is_visible(p));
            let cards_changed = cards.as_ref().is_some_and(|c| *c != *cur.cards);
            let mut old = None;
            if !changed.is_empty() || cards_changed || cur.build == 0 {
                let build = if reload { cur.build + 1 } else { cur.build };
                let cards = cards.map_or_else(|| cur.cards.clone(), Arc::new);
                old = Some(std::mem::replace(
                    &mut *cur,
                    Arc::new(Snapshot {
                        files,
                        cards,
                        build,
                    }),
                ));
            }
            (changed, old)
        };
        *self.problems.write().unwrap_or_else(|e| e.into_inner()) = None;
        self.hub.broadcast(&self.message());
        // The last build's map (a national site's has 110,000 paths) is let go after the pages
        // are told, not before.
        drop(old);
        changed
    }

    /// Records a failed build: the last good one stays; pages show the overlay.
    pub fn fail(&self, problems: Problems) {
        *self.problems.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(problems));
        self.hub.broadcast(&self.message());
    }

    /// The state as open pages receive it:
    /// `{"server": ID, "build": N, "errors": null | "<overlay html>"}`.
    pub fn message(&self) -> String {
        let build = self.snapshot().build;
        let errors = self.problems().map(|p| p.overlay.clone());
        serde_json::json!({"server": self.server, "build": build, "errors": errors}).to_string()
    }
}

/// Which of `paths` differ between two builds (added, removed or other bytes), sorted.
fn diff_of<'a>(old: &Files, new: &Files, paths: impl Iterator<Item = &'a Arc<str>>) -> Vec<String> {
    let mut out: Vec<String> = paths
        .filter(|k| match (old.get(*k), new.get(*k)) {
            // The same allocation is the same file (a partial build copies the last output).
            (Some(o), Some(v)) => !Arc::ptr_eq(o, v) && o[..] != v[..],
            (None, None) => false,
            _ => true,
        })
        .map(|k| k.to_string())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Every path that differs between two builds, sorted.
fn diff(old: &Files, new: &Files) -> Vec<String> {
    let gone = old.keys().filter(|k| !new.contains_key(*k));
    diff_of(old, new, new.keys().chain(gone))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> Files {
        pairs
            .iter()
            .map(|(k, v)| (Arc::from(*k), Arc::from(v.as_bytes())))
            .collect()
    }

    #[test]
    fn counts_a_build_only_when_its_output_differs() {
        let s = State::default();
        assert_eq!(s.snapshot().build, 0);
        s.publish(files(&[("index.html", "a")]), None, None);
        assert_eq!(s.snapshot().build, 1);
        assert!(s
            .publish(files(&[("index.html", "a")]), None, None)
            .is_empty());
        assert_eq!(s.snapshot().build, 1);
        let changed = s.publish(files(&[("index.html", "b"), ("x.css", "c")]), None, None);
        assert_eq!(changed, vec!["index.html".to_string(), "x.css".to_string()]);
        assert_eq!(s.snapshot().build, 2);
        assert_eq!(
            s.publish(files(&[("x.css", "c")]), None, None),
            vec!["index.html".to_string()]
        );
        assert_eq!(s.snapshot().build, 3);
        // A new data file is served at once but does not reload open pages.
        assert_eq!(
            s.publish(files(&[("x.css", "c"), ("feed.xml", "f")]), None, None),
            vec!["feed.xml".to_string()]
        );
        assert_eq!(s.snapshot().build, 3);
        assert_eq!(&s.snapshot().files["feed.xml"][..], b"f");
    }

    #[test]
    fn a_partial_build_compares_only_the_paths_it_wrote() {
        let s = State::default();
        s.publish(files(&[("a.html", "1"), ("b.html", "2")]), None, None);
        let mut next = s.snapshot().files.clone();
        next.insert(Arc::from("b.html"), Arc::from(&b"3"[..]));
        next.insert(Arc::from("a.html"), Arc::from(&b"1"[..]));
        let touched: Vec<Arc<str>> = vec![Arc::from("b.html"), Arc::from("a.html")];
        assert_eq!(
            s.publish(next, Some(&touched), None),
            vec!["b.html".to_string()]
        );
        assert_eq!(s.snapshot().build, 2);
        assert_eq!(&s.snapshot().files["b.html"][..], b"3");
    }

    #[test]
    fn a_failure_keeps_the_last_good_build_until_the_next_success() {
        let s = State::default();
        s.publish(files(&[("index.html", "good")]), None, None);
        s.fail(Problems {
            overlay: "<p>broken</p>".into(),
            errors: 1,
        });
        assert_eq!(&s.snapshot().files["index.html"][..], b"good");
        assert!(s.message().contains("broken"));
        s.publish(files(&[("index.html", "good")]), None, None);
        assert!(s.problems().is_none());
        assert!(s.message().contains("\"errors\":null"));
    }
}
