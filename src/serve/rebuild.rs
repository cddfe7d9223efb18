//! Building the site in memory for `lnob serve`, doing only what a change needs.
//!
//! A change has a [`Scope`]:
//! - **Render** (`templates/`, `themes/`): the loaded site is kept; pages are rendered again.
//! - **Content** (`content/`, `static/`): the site is loaded again (every check runs, so a
//!   broken story is reported), but target statuses, charts and open data are reused: they
//!   come from `data/` and `site.toml` only.
//! - **Data** (`data/`, `site.toml`): everything from scratch.
//!
//! When only the bodies of stories changed (their front matter is as before), just those files
//! are read, checked for personal data and put into the loaded site, and only their pages are
//! rendered, into a copy of the last output, and shown at once; the whole site is loaded again
//! (every check) and rendered when the watcher is idle, so whatever else reads a body (a
//! search index) catches up a moment later.
//!
//! Output goes to a map (path → bytes) through `produce`'s sink, exactly what `lnob build`
//! would write; nothing touches the disk.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tera::Value;

use crate::commands::build::{produce, Output};
use crate::diag::Diagnostics;
use crate::load::{load, LoadOptions};
use crate::model::{PlanId, Site, UnitId};
use crate::render::Extras;

use super::state::{Cards, Files};

/// How much of the site a change can affect, narrowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    Render,
    Content,
    Data,
}

impl Scope {
    /// The scope of a change at `rel` (relative to the root, `/`-separated); `None` when the
    /// site does not read that path.
    pub fn of(rel: &str) -> Option<Scope> {
        let top = rel.split('/').next().unwrap_or("");
        match top {
            "site.toml" if rel == "site.toml" => Some(Scope::Data),
            "data" => Some(Scope::Data),
            "content" | "static" => Some(Scope::Content),
            "templates" | "themes" => Some(Scope::Render),
            _ => None,
        }
    }

    /// The widest scope among changed paths.
    pub fn of_all<'a>(paths: impl IntoIterator<Item = &'a String>) -> Option<Scope> {
        paths.into_iter().filter_map(|p| Scope::of(p)).max()
    }

    pub fn name(self) -> &'static str {
        match self {
            Scope::Render => "render",
            Scope::Content => "content",
            Scope::Data => "data",
        }
    }
}

type FileList = Vec<(String, Vec<u8>)>;
type WithFiles = (Value, FileList);

/// What the charts and status stage gave for each unit, plan and the home page, kept from
/// build to build until `data/` or `site.toml` changes.
#[derive(Default)]
pub struct ExtrasCache {
    units: Mutex<HashMap<UnitId, WithFiles>>,
    plans: Mutex<HashMap<PlanId, WithFiles>>,
    home: Mutex<Option<Value>>,
    shortcodes: Mutex<HashMap<UnitId, Option<String>>>,
    /// Trend charts by unit and id (the embeds'): a build gives its drawings up once their
    /// pages are done, serve keeps them for the next render.
    trend_svgs: Mutex<HashMap<(UnitId, String), Option<String>>>,
    files: Mutex<Option<FileList>>,
}

impl ExtrasCache {
    pub fn clear(&self) {
        lock(&self.units).clear();
        lock(&self.plans).clear();
        *lock(&self.home) = None;
        lock(&self.shortcodes).clear();
        lock(&self.trend_svgs).clear();
        *lock(&self.files) = None;
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The value kept under `key`, or `make`'s, then kept. The lock is not held while `make` runs
/// (pages render in parallel).
fn cached<K: std::hash::Hash + Eq, V: Clone>(
    map: &Mutex<HashMap<K, V>>,
    key: K,
    make: impl FnOnce() -> V,
) -> V {
    if let Some(v) = lock(map).get(&key) {
        return v.clone();
    }
    let v = make();
    lock(map).insert(key, v.clone());
    v
}

/// [`cached`] for a single value.
fn cached_one<V: Clone>(slot: &Mutex<Option<V>>, make: impl FnOnce() -> V) -> V {
    if let Some(v) = lock(slot).as_ref() {
        return v.clone();
    }
    let v = make();
    *lock(slot) = Some(v.clone());
    v
}

/// The charts and status stage, remembered. It must forward every method of [`Extras`]:
/// `tests/serve.rs` checks that serve's output equals `lnob build`'s.
pub struct Memo<'a> {
    pub inner: &'a dyn Extras,
    pub cache: &'a ExtrasCache,
}

impl Extras for Memo<'_> {
    fn unit(&self, site: &Site, u: UnitId) -> WithFiles {
        cached(&self.cache.units, u, || self.inner.unit(site, u))
    }
    fn plan(&self, site: &Site, p: PlanId) -> WithFiles {
        cached(&self.cache.plans, p, || self.inner.plan(site, p))
    }
    fn home(&self, site: &Site) -> Value {
        cached_one(&self.cache.home, || self.inner.home(site))
    }
    fn chart_shortcode(&self, site: &Site, u: UnitId) -> Option<String> {
        cached(&self.cache.shortcodes, u, || {
            self.inner.chart_shortcode(site, u)
        })
    }
    fn assessments(&self) -> &[crate::compute::status::Assessment] {
        self.inner.assessments()
    }
    fn assessments_of(&self, u: UnitId) -> Vec<&crate::compute::status::Assessment> {
        self.inner.assessments_of(u)
    }
    fn trend(&self, site: &Site, u: UnitId) -> std::sync::Arc<crate::render::extras::Trend> {
        self.inner.trend(site, u)
    }
    fn trend_svg(&self, site: &Site, u: UnitId, id: &str) -> Option<String> {
        cached(&self.cache.trend_svgs, (u, id.to_string()), || {
            self.inner.trend_svg(site, u, id)
        })
    }
    fn files(&self, site: &Site) -> Vec<(String, Vec<u8>)> {
        cached_one(&self.cache.files, || self.inner.files(site))
    }
}

/// The result of one build.
pub struct Outcome {
    /// The whole output, when the build succeeded.
    pub files: Option<Files>,
    pub diags: Diagnostics,
    /// The scope actually built (wider than asked when nothing was loaded yet).
    pub scope: Scope,
    /// Only the edited stories' pages were rendered again, into the previous output: call
    /// [`Builder::build`] with [`Scope::Render`] when idle to bring everything else up to date.
    pub partial: bool,
    /// The paths a partial build wrote into its copy of the previous output (the only ones that
    /// can differ from it); `None` for a whole build.
    pub touched: Option<Vec<Arc<str>>>,
    /// A whole build's link-preview cards, drawn when asked for; `None`: the last build's.
    pub cards: Option<Cards>,
    pub pages: usize,
    /// Time per phase: load, status, render.
    pub phases: Vec<(&'static str, Duration)>,
    pub elapsed: Duration,
}

impl Outcome {
    /// A build that stopped at `scope` with the problems in `diags`.
    fn failed(
        diags: Diagnostics,
        scope: Scope,
        phases: Vec<(&'static str, Duration)>,
        start: Instant,
    ) -> Outcome {
        Outcome {
            files: None,
            diags,
            scope,
            partial: false,
            touched: None,
            cards: None,
            pages: 0,
            phases,
            elapsed: start.elapsed(),
        }
    }
}

pub struct Builder {
    root: PathBuf,
    opts: LoadOptions,
    /// The site as last loaded without errors, while no content or data change is pending.
    site: Option<Site>,
    cache: ExtrasCache,
    /// Everything before the body of each story file, as last loaded.
    fronts: HashMap<String, String>,
    /// What rendering derives from `site` (lists, related stories), kept while only story
    /// bodies change: it never reads a body.
    derived: Option<crate::render::Derived>,
    /// Bodies were put into `site` without loading it: the next build loads the site again,
    /// so that every check the loader runs sees them.
    reload_pending: bool,
    /// The templates as compiled for the last quick build (a national site's take 25–65 ms to
    /// compile), kept until a template, a theme or site.toml changes.
    templates: Option<Arc<crate::render::Templates>>,
    /// The last build succeeded: its output is whole and its site current.
    last_ok: bool,
    last_len: usize,
}

impl Builder {
    pub fn new(root: PathBuf, drafts: bool, base_url: String) -> Builder {
        Builder {
            root,
            opts: LoadOptions {
                drafts,
                base_url: Some(base_url),
            },
            site: None,
            cache: ExtrasCache::default(),
            fronts: HashMap::new(),
            derived: None,
            reload_pending: false,
            templates: None,
            last_ok: false,
            last_len: 0,
        }
    }

    /// The language of the last loaded site (for the server's own messages).
    pub fn lang(&self) -> Option<crate::diag::Lang> {
        self.site.as_ref().map(|s| s.config.language)
    }

    /// Builds what a change of `scope` to `changed` needs. `previous` is the last good output:
    /// when only the bodies of stories changed, their pages are rendered into a copy of it.
    pub fn build(&mut self, scope: Scope, changed: &BTreeSet<String>, previous: &Files) -> Outcome {
        let start = Instant::now();
        let mut phases = Vec::new();
        let mut scope = scope;
        if scope == Scope::Data {
            self.cache.clear();
        }
        if changed
            .iter()
            .any(|p| p == "site.toml" || Scope::of(p) == Some(Scope::Render))
        {
            self.templates = None;
        }
        if self.site.is_none() || std::mem::take(&mut self.reload_pending) {
            scope = scope.max(Scope::Content);
        }
        // A path that is gone and was no story is a tool's scratch file (`sed -i`, some editors'
        // atomic saves): it changed nothing.
        let changed: BTreeSet<String> = changed
            .iter()
            .filter(|p| self.fronts.contains_key(*p) || self.root.join(p).exists())
            .cloned()
            .collect();
        let changed = &changed;
        let bodies_only = scope == Scope::Content
            && self.last_ok
            && !previous.is_empty()
            && !changed.is_empty()
            && changed.iter().all(|p| self.fronts.contains_key(p));
        if bodies_only {
            if let Some(outcome) = self.bodies_in_place(changed, previous, start) {
                self.last_ok = outcome.files.is_some();
                return outcome;
            }
        }
        self.last_ok = false;
        let mut diags = if scope >= Scope::Content {
            self.site = None;
            self.derived = None;
            let (site, mut diags) = load(&self.root, &self.opts);
            phases.push(("load", start.elapsed()));
            let Some(site) = site else {
                return Outcome::failed(diags, scope, phases, start);
            };
            self.site = Some(site);
            let before = std::mem::take(&mut self.fronts);
            let site = self.site.as_ref().expect("just loaded");
            for s in &site.stories {
                if let Some(text) = diags.source(&s.file) {
                    if let Ok(split) = crate::load::content::split(text) {
                        self.fronts.insert(
                            s.file.clone(),
                            text[..text.len() - split.body.len()].to_string(),
                        );
                    }
                }
            }
            if bodies_only
                && changed
                    .iter()
                    .all(|p| before.get(p).is_some_and(|f| self.fronts.get(p) == Some(f)))
            {
                if let Some(outcome) =
                    self.render_stories(changed, previous, &mut diags, &mut phases, start)
                {
                    self.last_ok = outcome.files.is_some();
                    return outcome;
                }
            }
            diags
        } else {
            Diagnostics::new(self.lang().unwrap_or_default())
        };
        let site = self.site.as_ref().expect("loaded above");
        let t = Instant::now();
        let inner = crate::render::extras::build(site);
        let memo = Memo {
            inner: inner.as_ref(),
            cache: &self.cache,
        };
        phases.push(("status", t.elapsed()));
        let t = Instant::now();
        let out: Mutex<Files> = Mutex::new(Files::with_capacity(self.last_len));
        // Kept for the next edit of a story's body (it never reads a body).
        let derived = self
            .derived
            .get_or_insert_with(|| crate::render::derive(site));
        let report = produce(
            &self.root,
            site,
            derived,
            &memo,
            &mut diags,
            crate::render::CardSource::OnRequest,
            Output {
                folder: None,
                write: &|rel, bytes| {
                    lock(&out).insert(Arc::from(rel), Arc::from(bytes));
                    Ok(())
                },
            },
        );
        phases.push(("render", t.elapsed()));
        diags.sort();
        let files = out.into_inner().unwrap_or_else(|e| e.into_inner());
        let Some(report) = report else {
            return Outcome::failed(diags, scope, phases, start);
        };
        self.last_ok = true;
        self.last_len = files.len();
        let cards: Cards = report
            .cards_deferred
            .into_iter()
            .map(|(rel, card)| (Arc::from(rel), Arc::new(card)))
            .collect();
        Outcome {
            files: Some(files),
            diags,
            scope,
            partial: false,
            touched: None,
            cards: Some(cards),
            pages: report.pages,
            phases,
            elapsed: start.elapsed(),
        }
    }

    /// Only story bodies changed, and the site is loaded: reads just those files, puts their
    /// new bodies into the loaded site and renders their pages, without loading the whole
    /// site again (seconds on a national site). `None` when a file cannot be read, its front
    /// matter is not as before, or its body has something the loader would report: the caller
    /// then loads everything, which reports it. The full build that follows when idle runs
    /// every check again.
    fn bodies_in_place(
        &mut self,
        changed: &BTreeSet<String>,
        previous: &Files,
        start: Instant,
    ) -> Option<Outcome> {
        let site = self.site.as_mut()?;
        let lang = site.config.language;
        let mut bodies = Vec::new();
        for p in changed {
            let mut scratch = Diagnostics::new(lang);
            let text = crate::load::read_text(&self.root, p, &mut scratch)?;
            let split = crate::load::content::split(&text).ok()?;
            let front = &text[..text.len() - split.body.len()];
            if self.fronts.get(p).map(|f| f.as_str()) != Some(front) {
                return None;
            }
            crate::load::privacy::check(
                &mut scratch,
                p,
                &text,
                front.len()..text.len(),
                crate::load::privacy::Place::FrontMatter,
            );
            if !scratch.items.is_empty() {
                return None;
            }
            let i = site.stories.iter().position(|s| &s.file == p)?;
            bodies.push((i, split.body.to_string()));
        }
        for (i, body) in bodies {
            site.stories[i].body = body.into();
        }
        self.reload_pending = true;
        let mut phases = vec![("load", start.elapsed())];
        let mut diags = Diagnostics::new(lang);
        self.render_stories(changed, previous, &mut diags, &mut phases, start)
    }

    /// Renders the pages of the stories in `changed` into a copy of `previous`. `None` when
    /// that cannot be done (the caller then builds everything).
    fn render_stories(
        &mut self,
        changed: &BTreeSet<String>,
        previous: &Files,
        diags: &mut Diagnostics,
        phases: &mut Vec<(&'static str, Duration)>,
        start: Instant,
    ) -> Option<Outcome> {
        let site = self.site.as_ref()?;
        let templates = match &self.templates {
            Some(t) => t.clone(),
            None => {
                let mut scratch = Diagnostics::new(diags.lang);
                let t = Arc::new(crate::render::templates(&self.root, site, &mut scratch)?);
                self.templates = Some(t.clone());
                t
            }
        };
        let derived = &*self
            .derived
            .get_or_insert_with(|| crate::render::derive(site));
        let cache = &self.cache;
        let t = Instant::now();
        // Statuses only if one of these pages asks (a chart the cache does not have yet).
        let inner = crate::render::extras::build_lazily(site);
        let memo = Memo {
            inner: inner.as_ref(),
            cache,
        };
        let mut renderer = crate::render::Renderer::new(site, derived, &templates, &memo);
        // A card shows nothing of a story's body: the last whole build's, drawn when asked for,
        // stays (`Outcome::cards` is `None`).
        renderer.card_source = crate::render::CardSource::OnRequest;
        let mut files = previous.clone();
        let mut touched: Vec<Arc<str>> = Vec::new();
        let mut pages = 0;
        for (i, s) in site.stories.iter().enumerate() {
            if !changed.contains(&s.file) {
                continue;
            }
            let (url, html, extra) = renderer.render(&crate::render::Job::Story(i)).ok()?;
            let page = std::iter::once((crate::urls::file_for(&url), html));
            for (rel, bytes) in page.chain(extra) {
                let rel: Arc<str> = Arc::from(rel);
                files.insert(rel.clone(), Arc::from(bytes));
                touched.push(rel);
            }
            pages += 1;
        }
        phases.push(("render", t.elapsed()));
        Some(Outcome {
            files: Some(files),
            diags: std::mem::take(diags),
            scope: Scope::Content,
            partial: true,
            touched: Some(touched),
            cards: None,
            pages,
            phases: std::mem::take(phases),
            elapsed: start.elapsed(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memo_forwards_the_target_statuses() {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/vi-small/site");
        let (site, diags) = load(&root, &LoadOptions::default());
        let site =
            site.unwrap_or_else(|| panic!("{}", diags.render(crate::diag::Severity::Error, false)));
        let inner = crate::render::extras::build(&site);
        let cache = ExtrasCache::default();
        let memo = Memo {
            inner: inner.as_ref(),
            cache: &cache,
        };
        assert!(!inner.assessments().is_empty());
        assert_eq!(memo.assessments().len(), inner.assessments().len());
    }

    /// Serve draws no card with a build: each is kept to be drawn when asked for, and is the
    /// card `lnob build` draws.
    #[test]
    fn a_build_leaves_its_cards_to_be_drawn_when_asked_for() {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/vi-small/site");
        let mut b = Builder::new(root, false, "http://127.0.0.1:1".into());
        let out = b.build(Scope::Data, &BTreeSet::new(), &Files::new());
        let files = out.files.expect("builds");
        assert!(!files.keys().any(|k| k.ends_with(".png")), "no card drawn");
        let cards = out.cards.expect("a whole build's cards");
        let mut paths: Vec<&str> = cards.keys().map(|k| &**k).collect();
        paths.sort();
        assert_eq!(
            paths,
            [
                "anh-chia-se.png",
                "cau-chuyen/ho-ba-ka-hnga/anh-chia-se.png",
                "cau-chuyen/to-tiet-kiem/anh-chia-se.png",
                "dia-phuong/lam-dong/anh-chia-se.png",
                "dia-phuong/lam-dong/dam-rong/anh-chia-se.png",
                "dia-phuong/lam-dong/dam-rong/ro-men/anh-chia-se.png",
            ]
        );
        // The page names the card it will be given.
        let page = String::from_utf8_lossy(&files["dia-phuong/lam-dong/index.html"]).to_string();
        assert!(page.contains("http://127.0.0.1:1/dia-phuong/lam-dong/anh-chia-se.png"));
    }

    #[test]
    fn scopes_follow_what_each_folder_feeds() {
        assert_eq!(Scope::of("content/stories/a.md"), Some(Scope::Content));
        assert_eq!(Scope::of("static/logo.svg"), Some(Scope::Content));
        assert_eq!(Scope::of("templates/story.html"), Some(Scope::Render));
        assert_eq!(Scope::of("themes/x/static/a.css"), Some(Scope::Render));
        assert_eq!(Scope::of("data/stats/a.toml"), Some(Scope::Data));
        assert_eq!(Scope::of("site.toml"), Some(Scope::Data));
        assert_eq!(Scope::of("site.toml.bak"), None);
        assert_eq!(Scope::of("public/index.html"), None);
        let paths = ["templates/a.html".to_string(), "content/b.md".to_string()];
        assert_eq!(Scope::of_all(&paths), Some(Scope::Content));
    }
}
