//! `lnob serve`: build in memory, serve on loopback, rebuild and reload open pages on change.
//!
//! The first build happens before the address is printed; a site that does not build still
//! gets served (its pages show the problems) and the server waits for a fix. Later builds are
//! swapped in only when they succeed, so the last good build keeps being served meanwhile.

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crate::diag::{Lang, Severity};
use crate::serve::http::{self, Config};
use crate::serve::live;
use crate::serve::rebuild::{Builder, Outcome, Scope};
use crate::serve::state::{Files, State};
use crate::serve::watch::{Next, Watcher};

pub const DEFAULT_PORT: u16 = 1111;
/// How long the watcher must be quiet before a partial build is completed: long enough for the
/// browser to fetch and show the page it was told to reload before the full build takes every
/// core (on the national site, from 250 ms the reloaded page was parsed 70 ms later).
const CATCH_UP_AFTER: std::time::Duration = std::time::Duration::from_millis(1000);

#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    /// The address to listen on; loopback unless the user says otherwise.
    pub bind: String,
    pub drafts: bool,
    pub quiet: bool,
    pub verbose: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            root: PathBuf::from("."),
            port: DEFAULT_PORT,
            bind: "127.0.0.1".into(),
            drafts: false,
            quiet: false,
            verbose: false,
        }
    }
}

/// `127.0.0.1`, `::1`, `localhost` or any other IP address.
pub fn parse_bind(s: &str) -> Option<IpAddr> {
    if s.eq_ignore_ascii_case("localhost") {
        return Some(IpAddr::from([127, 0, 0, 1]));
    }
    s.trim_start_matches('[').trim_end_matches(']').parse().ok()
}

pub fn run(opts: &ServeOptions) -> i32 {
    let Some(ip) = parse_bind(&opts.bind) else {
        eprintln!(
            "error: --bind {} is not an IP address (use 127.0.0.1, ::1 or localhost)",
            opts.bind
        );
        return 2;
    };
    let root = match opts.root.canonicalize() {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "error: cannot open the site folder {}: {e}",
                opts.root.display()
            );
            return 2;
        }
    };
    if !ip.is_loopback() {
        eprintln!(
            "warning: serving on {ip}, not on loopback: other machines on the network can open this site, drafts and error messages included.\n  help: leave out --bind to serve on 127.0.0.1 only"
        );
    }
    let (listener, addr) = match http::bind(ip, opts.port) {
        Ok(x) => x,
        Err(e) => {
            eprintln!(
                "error: cannot listen on {}: {e}",
                std::net::SocketAddr::new(ip, opts.port)
            );
            if e.kind() == std::io::ErrorKind::AddrInUse {
                eprintln!("  help: another program uses port {}; choose another with --port (0 picks a free one)", opts.port);
            }
            return 1;
        }
    };
    let host = if ip.is_unspecified() {
        "127.0.0.1".to_string()
    } else if ip.is_ipv6() {
        format!("[{ip}]")
    } else {
        ip.to_string()
    };
    let url = format!("http://{host}:{}", addr.port());

    // Watch before the first build, so nothing saved during it is missed.
    let watcher = match Watcher::new(&root) {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!(
                "warning: cannot watch {} for changes ({e}); serving without rebuilds",
                root.display()
            );
            None
        }
    };
    // Every rebuild draws the same social cards again: keep them.
    crate::render::social::remember_cards();
    let state = Arc::new(State::default());
    let mut builder = Builder::new(root.clone(), opts.drafts, url.clone());
    let mut log = Log {
        quiet: opts.quiet,
        verbose: opts.verbose,
        color: super::color(),
        last_warnings: String::new(),
        lang: Lang::Vi,
    };
    let outcome = builder.build(Scope::Data, &BTreeSet::new(), &Files::new());
    log.lang = builder.lang().unwrap_or(outcome.diags.lang);
    let first_build = log.lang.pick("lần dựng đầu", "first build");
    log.outcome(&state, outcome, first_build, None, false);

    let config = Arc::new(Config {
        lang: log.lang,
        loopback_only_hosts: ip.is_loopback(),
    });
    let server_state = state.clone();
    if let Err(e) = std::thread::Builder::new()
        .name("lnob-accept".into())
        .spawn(move || http::serve(listener, server_state, config))
    {
        eprintln!("error: cannot start the server: {e}");
        return 1;
    }
    let msg = match log.lang {
        Lang::Vi => format!("Đang phục vụ trang tại {url}/ (Ctrl+C để dừng)"),
        Lang::En => format!("Serving the site at {url}/ (Ctrl+C to stop)"),
    };
    eprintln!("{msg}");

    let Some(mut watcher) = watcher else {
        loop {
            std::thread::park();
        }
    };
    // After a build of only some pages, the full build runs once nothing has changed for a moment.
    let mut behind = false;
    loop {
        let batch = match watcher.next_batch(behind.then_some(CATCH_UP_AFTER)) {
            Next::Batch(b) => b,
            Next::Idle => {
                let outcome =
                    builder.build(Scope::Render, &BTreeSet::new(), &state.snapshot().files);
                behind = false;
                let rest = log.lang.pick("phần còn lại", "the rest");
                log.outcome(&state, outcome, rest, None, true);
                continue;
            }
            Next::Stopped => break,
        };
        let Some(scope) = Scope::of_all(&batch.paths) else {
            continue;
        };
        let outcome = builder.build(scope, &batch.paths, &state.snapshot().files);
        if let Some(l) = builder.lang() {
            log.lang = l;
        }
        behind = outcome.partial;
        log.outcome(
            &state,
            outcome,
            &Log::label(&batch.paths),
            Some(batch.first),
            false,
        );
    }
    0
}

/// What the terminal shows of each build.
struct Log {
    quiet: bool,
    verbose: bool,
    color: bool,
    /// Warnings already shown, so that each rebuild does not repeat them.
    last_warnings: String,
    lang: Lang,
}

impl Log {
    /// The label of a batch of changed paths: the first three.
    fn label(paths: &BTreeSet<String>) -> String {
        let mut v: Vec<&str> = paths.iter().map(|s| s.as_str()).take(3).collect();
        if paths.len() > 3 {
            v.push("…");
        }
        v.join(", ")
    }

    /// Publishes or reports one build. `catching_up`: the full build after a partial one,
    /// reported only when it changed something (or with -v).
    fn outcome(
        &mut self,
        state: &State,
        outcome: Outcome,
        what: &str,
        first: Option<Instant>,
        catching_up: bool,
    ) {
        let lang = self.lang;
        let ms = |d: std::time::Duration| format!("{:.0} ms", d.as_secs_f64() * 1000.0);
        let since_save = first.map(|f| f.elapsed());
        match outcome.files {
            Some(files) => {
                let warnings = outcome.diags.render(Severity::Warning, self.color);
                if !self.quiet && warnings != self.last_warnings && !warnings.is_empty() {
                    eprint!("{warnings}");
                }
                self.last_warnings = warnings;
                let changed = state.publish(files, outcome.touched.as_deref(), outcome.cards);
                if !self.quiet && (!catching_up || !changed.is_empty() || self.verbose) {
                    let after = since_save.map(|d| match lang {
                        Lang::Vi => format!(", {} sau khi lưu", ms(d)),
                        Lang::En => format!(", {} after the save", ms(d)),
                    });
                    let (at, pages, took, after, n) = (
                        now(),
                        outcome.pages,
                        ms(outcome.elapsed),
                        after.unwrap_or_default(),
                        changed.len(),
                    );
                    let line = match lang {
                        Lang::Vi => format!(
                            "[{at}] {what}: đã dựng {pages} trang trong {took}{after}; {n} tệp thay đổi"
                        ),
                        Lang::En => format!(
                            "[{at}] {what}: built {pages} pages in {took}{after}; {n} files changed"
                        ),
                    };
                    eprintln!("{line}");
                }
            }
            None => {
                let text = outcome.diags.render(Severity::Warning, self.color);
                eprint!("{text}");
                eprintln!("{}", outcome.diags.summary());
                let keep = match lang {
                    Lang::Vi => "trang không dựng lại được; vẫn phục vụ bản dựng tốt gần nhất, các trang đang mở hiển thị lỗi",
                    Lang::En => "the site could not be rebuilt; still serving the last good build, open pages show the errors",
                };
                eprintln!("[{}] {what}: {keep}", now());
                self.last_warnings.clear();
                state.fail(live::problems(&outcome.diags, state.snapshot().build > 0));
            }
        }
        if self.verbose && (!catching_up || !self.quiet) {
            let phases: Vec<String> = outcome
                .phases
                .iter()
                .map(|(n, d)| format!("{n} {}", ms(*d)))
                .collect();
            eprintln!(
                "  {} ({}): {}",
                lang.pick("các bước", "phases"),
                outcome.scope.name(),
                phases.join(" · ")
            );
        }
    }
}

fn now() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}
