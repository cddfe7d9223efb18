//! `lnob build`: load → compute → render → write, into a fresh folder swapped in on success.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use rayon::prelude::*;

use crate::diag::{Diagnostics, Lang, Loc};
use crate::load::{load, LoadOptions};
use crate::model::Site;
use crate::render::{self, tera_errors, CardSource, Derived, Extras, Job, Renderer};
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

/// Where [`produce`] puts what it makes.
pub struct Output<'a> {
    /// The output folder, as messages name it; `None` when the files stay in memory.
    pub folder: Option<&'a Path>,
    /// Takes each file: its path relative to the output, its bytes.
    pub write: &'a (dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync),
}

/// A file that could not be written: its path in the output, the site file it is a copy of
/// (a static file, a story's image), why.
type WriteFailure = (String, Option<String>, std::io::Error);

/// The stages after loading, shared by `build`, `check` and `serve`: renders every page and
/// file and hands each to `out` (path relative to the output, bytes); link-preview cards come
/// from `cards`. The first file `out` cannot take ends the build: nothing more is rendered, and
/// the one error names that file.
pub fn produce(
    root: &Path,
    site: &Site,
    derived: &Derived,
    extras: &dyn Extras,
    diags: &mut Diagnostics,
    cards: CardSource,
    out: Output<'_>,
) -> Option<Report> {
    let templates = render::templates(root, site, diags)?;
    let urls = Urls::new(site.config.language);
    // The first file that could not be written; once set, nothing more is rendered or written.
    let write_failed: OnceLock<WriteFailure> = OnceLock::new();
    // Every file goes through here; false once any file could not be written.
    let write = |rel: &str, bytes: &[u8], from: Option<&str>| -> bool {
        if write_failed.get().is_some() {
            return false;
        }
        let Err(e) = (out.write)(rel, bytes) else {
            return true;
        };
        let _ = write_failed.set((rel.to_string(), from.map(str::to_string), e));
        false
    };
    // Every file that is not a page.
    let mut files = 0;
    let mut put = |rel: &str, bytes: &[u8], from: Option<&str>| {
        if write(rel, bytes, from) {
            files += 1;
        }
    };
    let mut r = Renderer::new(site, derived, &templates, extras);
    r.card_source = cards;
    let jobs = render::jobs(site, derived);
    // The first page of each kind (but the open data) is rendered first, on its own: a broken template shows there,
    // and then nothing else is rendered (a national site took 11 s and 730 MB to report one
    // mistake in base.html). After that, once a page of some kind fails, the later pages of that
    // kind (in job order) are skipped. What is reported is the same in every build: the errors
    // of the first pages, else the error of each kind's first failing page, as every page of
    // that kind before it was rendered. (Not so when the site has its own card, row or link
    // partial: a page takes over the error of the first of those that failed, and which those
    // are depends on which pages were rendered; after the first pages, all pages are rendered
    // then, as before.)
    let stop_early = templates.list_partials_built_in();
    let mut seen = [false; Job::KINDS];
    // Not the open data: it is one page but a second of work on a national site, and its
    // template shows nothing the others do not.
    let (first, rest): (Vec<usize>, Vec<usize>) = (0..jobs.len()).partition(|&i| {
        !matches!(jobs[i], Job::Data) && !std::mem::replace(&mut seen[jobs[i].kind()], true)
    });
    let first_failed: Vec<AtomicUsize> = (0..Job::KINDS)
        .map(|_| AtomicUsize::new(usize::MAX))
        .collect();
    // Each failed page: its kind, its number, its URL and what went wrong.
    let errors: Mutex<Vec<(usize, usize, String, String)>> = Mutex::new(Vec::new());
    let failed = |job: &Job, i: usize, url: String, e: String| {
        let kind = job.kind();
        first_failed[kind].fetch_min(i, Ordering::Relaxed);
        errors.lock().expect("lock").push((kind, i, url, e));
    };
    let render_all = |indices: &[usize]| -> Vec<(usize, String)> {
        indices
            .par_iter()
            .filter_map(|&i| {
                let job = &jobs[i];
                if write_failed.get().is_some()
                    || (stop_early && i > first_failed[job.kind()].load(Ordering::Relaxed))
                {
                    return None;
                }
                match r.render(job) {
                    Ok((url, html, files)) => {
                        let ok = write(&file_for(&url), &html, None)
                            && files.iter().all(|(rel, bytes)| write(rel, bytes, None));
                        ok.then_some((i, url))
                    }
                    Err((url, e)) => {
                        failed(job, i, url, e);
                        None
                    }
                }
            })
            .collect()
    };
    let mut written = render_all(&first);
    if errors.lock().expect("lock").is_empty() && write_failed.get().is_none() {
        // The search index before the other pages: it is the largest thing built at once, and
        // its memory is given back before the pages start filling the shared caches. (Built
        // beside the pages, it saved about 3 % of the time but took 200 MB more at 100,000
        // stories.)
        render::search::files(site, derived, &urls, &mut |rel, bytes| {
            put(rel, bytes, None)
        });
        written.extend(render_all(&rest));
        // In the jobs' order, as when they were rendered in one go.
        written.sort_unstable_by_key(|&(i, _)| i);
    }
    let written: Vec<String> = written.into_iter().map(|(_, url)| url).collect();
    let mut errors: Vec<(String, Option<String>)> = errors
        .into_inner()
        .expect("lock")
        .into_iter()
        .filter(|&(kind, i, _, _)| !stop_early || i == first_failed[kind].load(Ordering::Relaxed))
        .map(|(_, _, url, e)| (e, Some(url)))
        .collect();
    let lang = diags.lang;
    // Pages that failed for a card's or row's partial report the first such error seen by then;
    // the first of all (by story, then commendation) is the same in every build. It is the
    // partial's, not one page's.
    if let Err(first) = r.memo.first_error() {
        if errors
            .iter()
            .any(|(e, _)| render::memo::partial_of(e, lang).is_some())
        {
            errors.retain(|(e, _)| render::memo::partial_of(e, lang).is_none());
            errors.push((first, None));
        }
    }
    // One message for pages that failed the same way (the first of their URLs).
    errors.sort();
    errors.dedup_by(|b, a| a.0 == b.0);
    for ((e, url), alike) in same_error_grouped(&errors).into_iter().take(20) {
        let (words, meant) = tera_errors::words(e, lang, &templates.names());
        let msg = match (lang, url) {
            (Lang::Vi, Some(url)) => format!("không dựng được trang {url}: {words}"),
            (Lang::En, Some(url)) => format!("the page {url} could not be rendered: {words}"),
            (Lang::Vi, None) => format!("không dựng được trang: {words}"),
            (Lang::En, None) => format!("a page could not be rendered: {words}"),
        };
        let meant = meant.map(|m| tera_errors::meant(&m, lang));
        // The file to mend is the template the error is in, else the page's.
        let name = tera_errors::template(e).unwrap_or_else(|| page_template(e));
        let file = templates
            .file_of(name)
            .map_or_else(|| "templates/".to_string(), str::to_string);
        let help = if let Some((partial, var, item)) = render::memo::partial_of(e, lang) {
            Some(match lang {
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
            })
        } else if !alike.is_empty() {
            let list = alike.join(", ");
            Some(match lang {
                Lang::Vi => format!("cùng lỗi này ở các trang dựng bằng {list}"),
                Lang::En => format!("the same error on the pages made with {list}"),
            })
        } else {
            None
        };
        let d = diags.error(Loc::file(file), msg);
        match (meant, help) {
            (Some(m), Some(h)) => d.help(format!("{m} {}", crate::text::capitalized(&h))),
            (Some(one), None) | (None, Some(one)) => d.help(one),
            (None, None) => d,
        };
    }
    if let Some(failure) = write_failed.get() {
        write_error(diags, out.folder, failure);
        return None;
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
                put(name, text.as_bytes(), None);
            }
            let mut dirs = Vec::new();
            if let Some(theme) = &site.config.theme {
                dirs.push(format!("themes/{theme}/static"));
            }
            dirs.push("static".to_string());
            dirs.retain(|d| root.join(d).is_dir());
            // Each page's file, to see static files that take a page's place (only when there
            // are static files: a national site has 83,000 pages).
            let pages: std::collections::HashSet<String> = match dirs.is_empty() {
                true => Default::default(),
                false => written.iter().map(|u| file_for(u)).collect(),
            };
            for dir in dirs {
                for (path, rel) in crate::load::files_under(&root.join(&dir)) {
                    let from = format!("{dir}/{rel}");
                    if pages.contains(&rel) {
                        static_replaces_page(diags, &from, &rel);
                    }
                    match std::fs::read(&path) {
                        Ok(bytes) => put(&rel, &bytes, Some(&from)),
                        Err(e) => {
                            diags.error(Loc::file(from), format!("{e}"));
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
                            Some(a),
                        );
                    }
                }
            }
            for (rel, bytes) in extras.files(site) {
                put(&rel, &bytes, None);
            }
            put(
                "feed.xml",
                render::feeds::stories_feed(site, &urls).as_bytes(),
                None,
            );
            put(
                &format!("{}feed.xml", urls.awards().trim_start_matches('/')),
                render::feeds::awards_feed(site, &urls, derived).as_bytes(),
                None,
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
                None,
            );
            put("robots.txt", render::feeds::robots(site).as_bytes(), None);
        },
    );
    if let Some(failure) = write_failed.get() {
        write_error(diags, out.folder, failure);
    }
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
        Output {
            folder: Some(&output),
            write: &|rel, bytes| {
                progress.file(rel);
                staging.write(rel, bytes)
            },
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
        if let Some((rel, e)) = failed.into_iter().next() {
            // The first: the others most likely failed the same way (a full disk).
            staging.abandon();
            write_error(&mut diags, Some(&output), &(rel, None, e));
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
/// The error for a file that could not be written: at the site file it copies, else at the
/// file in the output; what the system said, in the site's language where it is a common case.
fn write_error(diags: &mut Diagnostics, folder: Option<&Path>, (rel, from, e): &WriteFailure) {
    use std::io::ErrorKind as K;
    let lang = diags.lang;
    let path = match folder {
        Some(f) => f.join(rel).display().to_string(),
        None => rel.clone(),
    };
    // "No space left on device, os error 28" (not "… (os error 28)" in parentheses again).
    let os = e.to_string();
    let os = match e.raw_os_error() {
        Some(n) => format!(
            "{}, os error {n}",
            os.trim_end_matches(&format!(" (os error {n})"))
        ),
        None => os,
    };
    let why = match (e.kind(), lang) {
        (K::StorageFull | K::QuotaExceeded, Lang::Vi) => format!("ổ đĩa đã đầy ({os})"),
        (K::StorageFull | K::QuotaExceeded, Lang::En) => format!("the disk is full ({os})"),
        (K::PermissionDenied | K::ReadOnlyFilesystem, Lang::Vi) => {
            format!("không được phép ghi vào đó ({os})")
        }
        (K::PermissionDenied | K::ReadOnlyFilesystem, Lang::En) => {
            format!("writing there is not allowed ({os})")
        }
        (K::IsADirectory, Lang::Vi) => format!("ở đó đã có một thư mục cùng tên ({os})"),
        (K::IsADirectory, Lang::En) => format!("a folder of that name is there ({os})"),
        _ => os,
    };
    let (loc, msg) = match (from, lang) {
        (Some(f), Lang::Vi) => (
            f.clone(),
            format!("không chép được tệp này vào {path}: {why}"),
        ),
        (Some(f), Lang::En) => (
            f.clone(),
            format!("could not copy this file to {path}: {why}"),
        ),
        (None, Lang::Vi) => (path.clone(), format!("không ghi được {path}: {why}")),
        (None, Lang::En) => (path.clone(), format!("could not write {path}: {why}")),
    };
    let mut help = match (e.kind(), lang) {
        (K::StorageFull | K::QuotaExceeded, Lang::Vi) => {
            "giải phóng chỗ trống, hoặc chọn --output ở một ổ đĩa khác".to_string()
        }
        (K::StorageFull | K::QuotaExceeded, Lang::En) => {
            "free some space, or choose an --output on another disk".to_string()
        }
        (K::PermissionDenied | K::ReadOnlyFilesystem, Lang::Vi) => {
            "chọn --output ở nơi được phép ghi".to_string()
        }
        (K::PermissionDenied | K::ReadOnlyFilesystem, Lang::En) => {
            "choose an --output where writing is allowed".to_string()
        }
        (K::IsADirectory, Lang::Vi) if from.is_some() => {
            format!("lnob đặt các trang vào thư mục {rel}/: đổi tên tệp này")
        }
        (K::IsADirectory, Lang::En) if from.is_some() => {
            format!("lnob puts pages in the folder {rel}/: rename this file")
        }
        _ => String::new(),
    };
    if let Some(f) = folder {
        let kept = match lang {
            Lang::Vi => format!("{} vẫn như trước lần dựng này", f.display()),
            Lang::En => format!("{} is left as it was before this build", f.display()),
        };
        help = if help.is_empty() {
            kept
        } else {
            format!("{help}; {kept}")
        };
    }
    let d = diags.error(Loc::file(loc), msg);
    if !help.is_empty() {
        d.help(help);
    }
}

/// The warning for a static file that takes the place of a page lnob makes.
fn static_replaces_page(diags: &mut Diagnostics, from: &str, rel: &str) {
    let url = format!("/{}", rel.strip_suffix("index.html").unwrap_or(rel));
    let (msg, help) = match diags.lang {
        Lang::Vi => (
            format!("tệp này thay cho trang {url} mà lnob dựng"),
            "để đổi cách trang hiện ra, sửa mẫu trong templates/ rồi xóa tệp này; giữ tệp này \
             nếu bạn muốn thay hẳn trang đó",
        ),
        Lang::En => (
            format!("this file takes the place of the page {url} that lnob makes"),
            "to change how the page looks, edit a template in templates/ and delete this file; \
             keep the file if you mean to replace that page",
        ),
    };
    diags.warning(Loc::file(from), msg).help(help);
}

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

/// The template of the page an error comes from: each error starts with it (`page.html: …`,
/// `partials/story_card.html (content/stories/x.md): …`).
fn page_template(e: &str) -> &str {
    e.split([':', ' ']).next().unwrap_or_default()
}

/// What went wrong on a page, and the page's URL (none for a card's, row's or link's partial).
type PageError<'a> = (&'a str, Option<&'a str>);

/// Page errors that are one mistake, grouped: the same message at the same place of one
/// template (a broken `base.html` fails the pages of every template that extends it). Each
/// group is its first error, with the templates of the pages the others come from. Errors
/// without a place of their own stay apart.
fn same_error_grouped(errors: &[(String, Option<String>)]) -> Vec<(PageError<'_>, Vec<&str>)> {
    // The place, and the message without the page's template in front and the values it could
    // have used behind (they differ from one page template to another).
    fn key(e: &str) -> Option<(&str, &str)> {
        let first = e.lines().next()?;
        let message = first.split_once(": ").map_or(first, |(_, m)| m);
        let message = message
            .split(" Available variables")
            .next()
            .unwrap_or(message);
        Some((tera_errors::place(e)?, message))
    }
    type Key<'a> = Option<(&'a str, &'a str)>;
    let mut groups: Vec<(Key, PageError, Vec<&str>)> = Vec::new();
    for (e, url) in errors {
        let k = key(e);
        let template = page_template(e);
        match groups.iter_mut().find(|(gk, _, _)| k.is_some() && *gk == k) {
            Some((_, (first, _), alike)) => {
                if page_template(first) != template && !alike.contains(&template) {
                    alike.push(template);
                }
            }
            None => groups.push((k, (e, url.as_deref()), Vec::new())),
        }
    }
    groups
        .into_iter()
        .map(|(_, first, alike)| (first, alike))
        .collect()
}
