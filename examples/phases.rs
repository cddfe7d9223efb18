//! Times the stages of a build of one site without writing it: load, target statuses, then
//! rendering every page and file into a sink that only counts bytes. For finding where the
//! time of a large build goes.
//!
//! ```text
//! cargo run --release --example phases -- /tmp/nat-old
//! JOBS=1 ONLY=Unit cargo run --release --example phases -- /tmp/nat-old   # one kind of page
//! ```

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use lnob::load::{load, LoadOptions};

fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let t = Instant::now();
    let (site, mut diags) = load(&root, &LoadOptions::default());
    let Some(site) = site else {
        eprintln!("{}", diags.render(lnob::diag::Severity::Warning, false));
        std::process::exit(1);
    };
    let t_load = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let extras = lnob::render::extras::build(&site);
    let t_status = t.elapsed().as_secs_f64();
    if std::env::var_os("JOBS").is_some() {
        println!("load {t_load:.3} s · statuses {t_status:.3} s");
        by_job(&root, &site, extras.as_ref(), &mut diags);
        return;
    }
    let t = Instant::now();
    let files = AtomicUsize::new(0);
    let bytes = AtomicUsize::new(0);
    let largest = AtomicUsize::new(0);
    // Files, bytes and the slowest page by the first two parts of their path.
    let sections: Mutex<BTreeMap<String, (usize, usize)>> = Mutex::new(BTreeMap::new());
    // When each file arrived, to see a long tail (one slow page holding up the end).
    let arrivals: Mutex<Vec<(f64, String)>> = Mutex::new(Vec::new());
    let started = Instant::now();
    let derived = lnob::render::derive(&site);
    let report = lnob::commands::build::produce(
        &root,
        &site,
        &derived,
        extras.as_ref(),
        &mut diags,
        lnob::render::CardSource::Draw,
        lnob::commands::build::Output {
            folder: None,
            write: &|rel, b| {
                let mut parts = rel.split('/');
                let first = parts.next().unwrap_or("");
                let key = match parts.next() {
                    Some(second)
                        if !second.contains('.')
                            && parts.next().is_some()
                            && !["cau-chuyen", "stories"].contains(&first) =>
                    {
                        format!("{first}/{second}")
                    }
                    _ => first.to_string(),
                };
                arrivals
                    .lock()
                    .expect("lock")
                    .push((started.elapsed().as_secs_f64(), rel.to_string()));
                let mut m = sections.lock().expect("lock");
                let e = m.entry(key).or_default();
                e.0 += 1;
                e.1 += b.len();
                drop(m);
                files.fetch_add(1, Ordering::Relaxed);
                bytes.fetch_add(b.len(), Ordering::Relaxed);
                largest.fetch_max(b.len(), Ordering::Relaxed);
                Ok(())
            },
        },
    );
    let t_render = t.elapsed().as_secs_f64();
    let pages = report.map(|r| r.pages).unwrap_or(0);
    println!(
        "load {t_load:.2} s · statuses {t_status:.2} s · render {t_render:.2} s · {pages} pages, {} files, {:.1} MB (largest {:.1} MB)",
        files.into_inner(),
        bytes.into_inner() as f64 / 1e6,
        largest.into_inner() as f64 / 1e6
    );
    if std::env::var_os("TIMELINE").is_some() {
        let a = arrivals.into_inner().expect("lock");
        let mut gaps: Vec<(f64, &str)> = a
            .windows(2)
            .map(|w| (w[1].0 - w[0].0, w[1].1.as_str()))
            .collect();
        gaps.sort_by(|x, y| y.0.total_cmp(&x.0));
        for (gap, rel) in gaps.into_iter().take(10) {
            println!("  {gap:>8.2} s before {rel}");
        }
    }
    if std::env::var_os("SECTIONS").is_some() {
        let mut v: Vec<(String, (usize, usize))> =
            sections.into_inner().expect("lock").into_iter().collect();
        v.sort_by_key(|e| std::cmp::Reverse(e.1 .1));
        for (k, (n, bytes)) in v.into_iter().take(25) {
            println!("  {k:<40} {n:>7} files {:>10.1} MB", bytes as f64 / 1e6);
        }
    }
}

/// `JOBS=1`: renders every page one after another and sums time and bytes by kind of page.
fn by_job(
    root: &std::path::Path,
    site: &lnob::model::Site,
    extras: &dyn lnob::render::Extras,
    diags: &mut lnob::diag::Diagnostics,
) {
    use lnob::render::{self, Renderer};
    let t = Instant::now();
    let derived = render::derive(site);
    println!("derive {:.2} s", t.elapsed().as_secs_f64());
    let tera = render::templates(root, site, diags).expect("templates");
    let r = Renderer::new(site, &derived, &tera, extras);
    let mut kinds: BTreeMap<String, (usize, f64, usize)> = BTreeMap::new();
    for job in render::jobs(site, &derived) {
        let kind = format!("{job:?}")
            .split(['(', ' '])
            .next()
            .unwrap_or("")
            .to_string();
        // `ONLY=Unit`: just one kind of page (to profile it alone).
        if std::env::var("ONLY").is_ok_and(|only| only != kind) {
            continue;
        }
        let t = Instant::now();
        let (_, html, files) = r.render(&job).expect("render");
        let e = kinds.entry(kind).or_default();
        e.0 += 1;
        e.1 += t.elapsed().as_secs_f64();
        e.2 += html.len() + files.iter().map(|f| f.1.len()).sum::<usize>();
    }
    let mut v: Vec<_> = kinds.into_iter().collect();
    v.sort_by(|a, b| b.1 .1.total_cmp(&a.1 .1));
    for (k, (n, secs, bytes)) in v {
        println!(
            "  {k:<12} {n:>7} pages {secs:>8.2} s {:>9.1} MB",
            bytes as f64 / 1e6
        );
    }
}
