//! Watching the site's own folders and `site.toml`, with a short debounce.
//!
//! Only `content/`, `data/`, `templates/`, `themes/`, `static/` (recursively) and the root
//! itself (not recursively, for `site.toml` and for those folders appearing later) are watched:
//! never the output folder or anything else under the root (a repository's `target/`, `.git/`).
//! Reads (our own builds open every file) are ignored, and so are editors' scratch files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

/// The folders whose changes matter.
pub const DIRS: [&str; 5] = ["content", "data", "templates", "themes", "static"];

/// Quiet time after the last event before a batch is handed over.
pub const QUIET: Duration = Duration::from_millis(30);
/// A batch is handed over at the latest this long after its first event.
pub const MAX_WAIT: Duration = Duration::from_millis(400);

pub struct Watcher {
    watcher: RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
}

pub enum Next {
    Batch(Batch),
    /// Nothing changed for the time asked.
    Idle,
    /// The watcher stopped.
    Stopped,
}

/// A batch of changes: paths relative to the root, `/`-separated, and when the first came.
pub struct Batch {
    pub paths: BTreeSet<String>,
    pub first: Instant,
}

impl Watcher {
    /// `root` should be canonical, so that event paths can be made relative to it.
    pub fn new(root: &Path) -> notify::Result<Watcher> {
        let (tx, rx) = channel();
        let mut watcher = notify::recommended_watcher(tx)?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        for d in DIRS {
            let p = root.join(d);
            if p.is_dir() {
                watcher.watch(&p, RecursiveMode::Recursive)?;
            }
        }
        Ok(Watcher {
            watcher,
            rx,
            root: root.to_path_buf(),
        })
    }

    /// Blocks until something relevant changed, waits for the changes to settle and returns
    /// them. With `idle`, gives up after that long without any change ([`Next::Idle`]).
    pub fn next_batch(&mut self, idle: Option<Duration>) -> Next {
        let mut paths = BTreeSet::new();
        let mut first: Option<Instant> = None;
        loop {
            let event = match first {
                None => match idle {
                    None => match self.rx.recv() {
                        Ok(e) => e,
                        Err(_) => return Next::Stopped,
                    },
                    Some(d) => match self.rx.recv_timeout(d) {
                        Ok(e) => e,
                        Err(RecvTimeoutError::Timeout) => return Next::Idle,
                        Err(RecvTimeoutError::Disconnected) => return Next::Stopped,
                    },
                },
                Some(start) => {
                    let left = MAX_WAIT.saturating_sub(Instant::now().duration_since(start));
                    match self.rx.recv_timeout(QUIET.min(left)) {
                        Ok(e) => e,
                        Err(RecvTimeoutError::Timeout) => {
                            return Next::Batch(Batch {
                                paths,
                                first: start,
                            })
                        }
                        Err(RecvTimeoutError::Disconnected) => return Next::Stopped,
                    }
                }
            };
            let Ok(event) = event else { continue };
            if matches!(event.kind, EventKind::Access(_)) {
                continue;
            }
            for p in &event.paths {
                if let Some(rel) = self.relevant(p) {
                    if first.is_none() {
                        first = Some(Instant::now());
                    }
                    paths.insert(rel);
                }
            }
        }
    }

    /// The path relative to the root when a change there matters; starts watching a site
    /// folder that has just appeared.
    fn relevant(&mut self, p: &Path) -> Option<String> {
        let rel = p.strip_prefix(&self.root).ok()?;
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .collect();
        let top = parts.first()?;
        if parts.len() == 1 && DIRS.contains(&top.as_str()) && p.is_dir() {
            let _ = self.watcher.watch(p, RecursiveMode::Recursive);
        }
        if !(DIRS.contains(&top.as_str()) || (parts.len() == 1 && top == "site.toml")) {
            return None;
        }
        if parts.last().is_some_and(|n| is_scratch(n)) {
            return None;
        }
        Some(parts.join("/"))
    }
}

/// Editors' backup, swap and temporary files.
pub fn is_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_editor_scratch_files() {
        for s in [
            ".index.md.swp",
            "index.md~",
            "#index.md#",
            "4913",
            ".DS_Store",
            "a.md.tmp",
        ] {
            assert!(is_scratch(s), "{s}");
        }
        assert!(!is_scratch("index.md"));
    }

    #[test]
    fn reports_a_saved_story_and_ignores_other_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content/stories")).unwrap();
        std::fs::create_dir_all(root.join("target")).unwrap();
        let mut w = Watcher::new(&root).unwrap();
        std::fs::write(root.join("target/x.md"), "x").unwrap();
        std::fs::write(root.join("content/stories/a.md"), "a").unwrap();
        std::fs::write(root.join("content/stories/.a.md.swp"), "a").unwrap();
        let Next::Batch(b) = w.next_batch(None) else {
            panic!("stopped")
        };
        assert_eq!(
            b.paths.into_iter().collect::<Vec<_>>(),
            vec!["content/stories/a.md".to_string()]
        );
        // A site folder made while serving is watched from then on.
        std::fs::create_dir(root.join("templates")).unwrap();
        let Next::Batch(b) = w.next_batch(None) else {
            panic!("stopped")
        };
        assert!(b.paths.contains("templates"));
        std::thread::sleep(Duration::from_millis(50));
        std::fs::write(root.join("templates/page.html"), "x").unwrap();
        let mut seen = false;
        for _ in 0..3 {
            let Next::Batch(b) = w.next_batch(Some(Duration::from_secs(5))) else {
                panic!("no change seen")
            };
            if b.paths.contains("templates/page.html") {
                seen = true;
                break;
            }
        }
        assert!(seen);
        assert!(matches!(
            w.next_batch(Some(Duration::from_millis(50))),
            Next::Idle
        ));
    }
}
