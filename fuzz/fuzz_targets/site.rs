//! The whole load-and-render of a small site: the input replaces some of its files (pieces
//! separated by a line `=====`, in the order below), then the site is loaded, checked and
//! every page rendered in memory. Nothing may panic; a loaded site must render.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use lnob::diag::Severity;
use lnob::load::{load, LoadOptions};

const FILES: &[&str] = &[
    "data/regions/units.toml",
    "data/stats/figures.toml",
    "data/plans/dam-rong.toml",
    "data/awards/a.toml",
    "content/stories/to-tiet-kiem.md",
    "content/pages/gioi-thieu.md",
    "site.toml",
];

/// A copy of the corpus's base site in a folder of this process.
fn base() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("lnob-fuzz-site-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let from = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/errors/base");
        copy(&from, &dir);
        dir
    })
}

fn copy(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            copy(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let root = base();
    let pristine = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/errors/base");
    let pieces: Vec<&[u8]> = split(data);
    for (i, f) in FILES.iter().enumerate() {
        let bytes = match pieces.get(i) {
            Some(p) if !p.is_empty() => p.to_vec(),
            _ => std::fs::read(pristine.join(f)).expect("base file"),
        };
        std::fs::write(root.join(f), bytes).expect("write");
    }
    let (site, mut diags) = load(root, &LoadOptions::default());
    let _ = diags.render(Severity::Note, false);
    if let Some(site) = site {
        let extras = lnob::render::extras::build(&site);
        let _ = lnob::commands::build::produce(root, &site, extras.as_ref(), &mut diags, &|_, _| Ok(()));
        let _ = diags.render(Severity::Note, false);
    }
});

fn split(data: &[u8]) -> Vec<&[u8]> {
    let sep = b"\n=====\n";
    let mut out = Vec::new();
    let mut rest = data;
    while let Some(i) = rest.windows(sep.len()).position(|w| w == sep) {
        out.push(&rest[..i]);
        rest = &rest[i + sep.len()..];
    }
    out.push(rest);
    out
}
