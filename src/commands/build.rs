//! `lnob build`: load → compute → render → write, into a fresh folder swapped in on success.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use rayon::prelude::*;

use crate::diag::{Diagnostics, Lang, Loc};
use crate::load::{load, LoadOptions};
use crate::model::Site;
use crate::render::{self, CardSource, Derived, Extras, Job, Renderer};
use crate::urls::{file_for, Urls};
use crate::write::{check_output, OutputError, Staging};

#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub drafts: bool,
    pub base_url: Option<String>,
    pub quiet: bool,
    /// Print the time of each phase.
    pub verbose: bool,
}

/// What a build made, for the summary line.
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub pages: usize,
    pub files: usize,
    pub feeds: usize,
    pub seconds: f64,
    /// Link-preview cards drawn.
    pub cards_drawn: usize,
    /// Link-preview cards of the last build's output that show the same: to be linked into the
    /// new one (paths relative to the output).
    pub cards_taken: Vec<String>,
    /// Link-preview cards not drawn ([`CardSource::OnRequest`]), each with its path.
    pub cards_deferred: Vec<(String, crate::render::social::Card)>,
}

/// The stages after loading, shared by `build`, `check` and `serve`: renders every page and
/// file and hands each to `sink` (path relative to the output, bytes); link-preview cards come
/// from `cards`.
pub fn produce(
    root: &Path,
    site: &Site,
    derived: &Derived,
    extras: &dyn Extras,
    diags: &mut Diagnostics,
    cards: CardSource,
    sink: &(dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync),
) -> Option<Report> {
    let templates = render::templates(root, site, diags)?;
    let urls = Urls::new(site.config.language);
    // Every file that is not a page goes through here.
    let mut files = 0;
    let mut put = |rel: &str, bytes: &[u8], diags: &mut Diagnostics| {
        if let Err(e) = sink(rel, bytes) {
            diags.error(Loc::file(rel), format!("{e}"));
        }
        files += 1;
    };
    // The search index first: it is the largest thing built at once, and its memory is given
    // back before the pages start filling the shared caches. (Built beside the pages, it
    // saved about 3 % of the time but took 200 MB more at 100,000 stories.)
    render::search::files(site, derived, &urls, &mut |rel, bytes| {
        put(rel, bytes, diags)
    });
    let mut r = Renderer::new(site, derived, &templates, extras);
    r.card_source = cards;
    let jobs = render::jobs(site, derived);
    let errors: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let written: Vec<String> = jobs
        .par_iter()
        .filter_map(|job: &Job| match r.render(job) {
            Ok((url, html, files)) => {
                let mut result = sink(&file_for(&url), &html);
                for (rel, bytes) in &files {
                    if result.is_ok() {
                        result = sink(rel, bytes);
                    }
                }
                match result {
                    Ok(()) => Some(url),
                    Err(e) => {
                        errors.lock().expect("lock").push(format!("{url}: {e}"));
                        None
                    }
                }
            }
            Err(e) => {
                errors.lock().expect("lock").push(e);
                None
            }
        })
        .collect();
    let mut errors = errors.into_inner().expect("lock");
    let lang = diags.lang;
    // Pages that failed for a card's or row's partial report the first such error seen by then;
    // the first of all (by story, then commendation) is the same in every build.
    if let Err(first) = r.memo.first_error() {
        if errors
            .iter()
            .any(|e| render::memo::partial_of(e, lang).is_some())
        {
            errors.retain(|e| render::memo::partial_of(e, lang).is_none());
            errors.push(first);
        }
    }
    errors.sort();
    errors.dedup();
    for e in errors.iter().take(20) {
        let msg = match lang {
            Lang::Vi => format!("không dựng được trang: {e}"),
            Lang::En => format!("a page could not be rendered: {e}"),
        };
        // Each error starts with the template it comes from (`page.html: …`,
        // `partials/story_card.html (content/stories/x.md): …`).
        let name = e.split([':', ' ']).next().unwrap_or_default();
        let file = if name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".txt") {
            render::template_file(root, site, name)
        } else {
            "templates/".to_string()
        };
        let d = diags.error(Loc::file(file), msg);
        if let Some((partial, var, item)) = render::memo::partial_of(e, lang) {
            d.help(match lang {
                Lang::Vi => format!(
                    "{partial} được dựng một lần cho mỗi {item} rồi dán vào mọi danh sách: nó \
                     chỉ thấy `{var}` và các giá trị chung (t, site, nav, menu, feed_url, \
                     data_url), không thấy giá trị của trang đang hiện nó"
                ),
                Lang::En => format!(
                    "{partial} is rendered once per {item} and pasted into every list: it sees \
                     only `{var}` and the site-wide values (t, site, nav, menu, feed_url, \
                     data_url), not those of the page showing it"
                ),
            });
        }
    }
    if !errors.is_empty() {
        return None;
    }
    let cards_drawn = r.cards_drawn.load(std::sync::atomic::Ordering::Relaxed);
    // Neither list reaches the output in its order: cards are linked, or kept in a map.
    let cards_taken = std::mem::take(&mut *r.cards_taken.lock().expect("lock"));
    let cards_deferred = std::mem::take(&mut *r.cards_deferred.lock().expect("lock"));
    // The renderer's caches (every card, row and chart) are freed on one core while the
    // other writes the files that are not pages.
    rayon::join(
        move || drop(r),
        || {
            // Static files: built-in theme, then the named theme, then the site's own.
            for (name, text) in render::DEFAULT_STATIC {
                put(name, text.as_bytes(), diags);
            }
            let mut dirs = Vec::new();
            if let Some(theme) = &site.config.theme {
                dirs.push(root.join("themes").join(theme).join("static"));
            }
            dirs.push(root.join("static"));
            for dir in dirs {
                if !dir.is_dir() {
                    continue;
                }
                for (path, rel) in crate::load::files_under(&dir) {
                    match std::fs::read(&path) {
                        Ok(bytes) => put(&rel, &bytes, diags),
                        Err(e) => {
                            diags.error(Loc::file(path.display().to_string()), format!("{e}"));
                        }
                    }
                }
            }
            for s in &site.stories {
                let folder = match s.file.rfind('/') {
                    Some(i) => &s.file[..=i],
                    None => "",
                };
                for a in &s.assets {
                    let name = a.strip_prefix(folder).unwrap_or(a);
                    if let Ok(bytes) = std::fs::read(root.join(a)) {
                        put(
                            &format!("{}{}", urls.story(&s.slug).trim_start_matches('/'), name),
                            &bytes,
                            diags,
                        );
                    }
                }
            }
            for (rel, bytes) in extras.files(site) {
                put(&rel, &bytes, diags);
            }
            put(
                "feed.xml",
                render::feeds::stories_feed(site, &urls).as_bytes(),
                diags,
            );
            put(
                &format!("{}feed.xml", urls.awards().trim_start_matches('/')),
                render::feeds::awards_feed(site, &urls, derived).as_bytes(),
                diags,
            );
            // Embeds are parts of other sites' pages, not pages to find: not in the sitemap.
            let embeds = format!("/{}/", urls.w.embed);
            let listed: Vec<&str> = written
                .iter()
                .map(String::as_str)
                .filter(|u| !u.starts_with(&embeds))
                .collect();
            put(
                "sitemap.xml",
                render::feeds::sitemap(site, &listed).as_bytes(),
                diags,
            );
            put("robots.txt", render::feeds::robots(site).as_bytes(), diags);
        },
    );
    if diags.has_errors() {
        None
    } else {
        Some(Report {
            pages: written.len(),
            files,
            feeds: 2,
            cards_drawn,
            cards_taken,
            cards_deferred,
            ..Default::default()
        })
    }
}

pub fn run(opts: &BuildOptions) -> i32 {
    run_with(opts, false)
}

/// `run`, where `strict` makes warnings fail the build too (before anything is written).
pub fn run_with(opts: &BuildOptions, strict: bool) -> i32 {
    let start = Instant::now();
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join("public"));
    let lang = crate::load::peek_language(&opts.root);
    if let Err(e) = check_output(&opts.root, &output) {
        eprintln!("{}", output_error_text(&e, lang));
        return 2;
    }
    let (site, mut diags) = load(
        &opts.root,
        &LoadOptions {
            drafts: opts.drafts,
            base_url: opts.base_url.clone(),
        },
    );
    let mut phases = vec![("load", start.elapsed())];
    let Some(site) = site else {
        super::print_diagnostics(&diags, false);
        return 1;
    };
    diags.keep_quoted_sources();
    if strict && diags.count(crate::diag::Severity::Warning) > 0 {
        super::print_diagnostics(&diags, false);
        return 1;
    }
    let staging = match Staging::new(&output) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", output_error_text(&e, lang));
            return 1;
        }
    };
    let lang = site.config.language;
    let t = Instant::now();
    let extras = crate::render::extras::build(&site);
    phases.push(("status", t.elapsed()));
    let derived = render::derive(&site);
    let total = render::jobs(&site, &derived).len();
    let progress = super::progress::Progress::new(
        total,
        !opts.quiet && std::io::stderr().is_terminal(),
        lang.pick("Đang dựng", "Building"),
    );
    let t = Instant::now();
    let report = produce(
        &opts.root,
        &site,
        &derived,
        extras.as_ref(),
        &mut diags,
        // The last build's output, if there is one (`check_output` has made sure it is one).
        match output.is_dir() {
            true => CardSource::Earlier(&output),
            false => CardSource::Draw,
        },
        &|rel, bytes| {
            progress.file(rel);
            staging.write(rel, bytes)
        },
    );
    progress.finish();
    phases.push(("render+write", t.elapsed()));
    let Some(mut report) = report else {
        staging.abandon();
        diags.sort();
        super::print_diagnostics(&diags, false);
        return 1;
    };
    if !report.cards_taken.is_empty() {
        // The last build's cards that show the same, linked into the new output as they are.
        let t = Instant::now();
        let failed: Vec<(String, std::io::Error)> = report
            .cards_taken
            .par_iter()
            .filter_map(|rel| {
                staging
                    .link(rel, &output.join(rel))
                    .err()
                    .map(|e| (rel.clone(), e))
            })
            .collect();
        if !failed.is_empty() {
            staging.abandon();
            for (rel, e) in failed {
                diags.error(
                    Loc::file(output.join(rel).display().to_string()),
                    e.to_string(),
                );
            }
            diags.sort();
            super::print_diagnostics(&diags, false);
            return 1;
        }
        phases.push(("cards", t.elapsed()));
    }
    let t = Instant::now();
    if let Err(e) = staging.commit() {
        eprintln!("{}", output_error_text(&e, lang));
        return 1;
    }
    phases.push(("swap", t.elapsed()));
    super::print_diagnostics(&diags, false);
    report.seconds = start.elapsed().as_secs_f64();
    if !opts.quiet {
        let secs = super::progress::seconds(lang, report.seconds);
        let charts = progress.charts();
        let msg = match lang {
            Lang::Vi => format!(
                "Đã dựng {} trang, {charts} biểu đồ, {} nguồn tin vào {} trong {secs}",
                report.pages,
                report.feeds,
                output.display()
            ),
            Lang::En => format!(
                "Built {} pages, {charts} charts, {} feeds into {} in {secs}",
                report.pages,
                report.feeds,
                output.display()
            ),
        };
        eprintln!("{msg}");
    }
    if opts.verbose {
        let ms = |d: std::time::Duration| {
            let s = format!("{:.1} ms", d.as_secs_f64() * 1000.0);
            if lang == Lang::Vi {
                s.replace('.', ",")
            } else {
                s
            }
        };
        let list: Vec<String> = phases
            .iter()
            .map(|(n, d)| format!("{n} {}", ms(*d)))
            .collect();
        eprintln!(
            "  {}: {}",
            lang.pick("các bước", "phases"),
            list.join(" · ")
        );
        let (drawn, reused) = (report.cards_drawn, report.cards_taken.len());
        if drawn + reused > 0 {
            eprintln!(
                "{}",
                match lang {
                    Lang::Vi =>
                        format!("  ảnh chia sẻ: {drawn} vẽ mới, {reused} lấy lại từ lần dựng trước"),
                    Lang::En => format!(
                        "  link-preview cards: {drawn} drawn, {reused} taken from the last build"
                    ),
                }
            );
        }
    }
    0
}

/// [`output_error_message`] in the site's language.
pub fn output_error_text(e: &OutputError, lang: Lang) -> String {
    if lang == Lang::En {
        return output_error_message(e);
    }
    match e {
        OutputError::NotOurs(p) => format!(
            "lỗi: thư mục đích {} đã có, không trống và không do lnob tạo ra; lnob sẽ không xóa nó.\n  gợi ý: chọn --output khác, hoặc tự dọn trống thư mục đó",
            p.display()
        ),
        OutputError::InsideSite(p) => format!(
            "lỗi: --output {} sẽ ghi đè lên chính các tệp của trang (thư mục gốc, content/, data/, templates/, themes/ hoặc static/).\n  gợi ý: dùng một thư mục riêng, ví dụ `public`",
            p.display()
        ),
        OutputError::Io(p, e) => format!("lỗi: không ghi được {}: {e}", p.display()),
    }
}

pub fn output_error_message(e: &OutputError) -> String {
    match e {
        OutputError::NotOurs(p) => format!(
            "error: the output folder {} exists, is not empty and was not made by lnob; lnob will not delete it.\n  help: choose another --output, or empty that folder yourself",
            p.display()
        ),
        OutputError::InsideSite(p) => format!(
            "error: --output {} would overwrite the site's own files (the site root, content/, data/, templates/, themes/ or static/).\n  help: use a separate folder such as `public`",
            p.display()
        ),
        OutputError::Io(p, e) => format!("error: cannot write {}: {e}", p.display()),
    }
}
