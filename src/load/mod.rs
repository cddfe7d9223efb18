//! Loading a site folder: the only module that reads the site's files.
//!
//! `read` gathers every file's text (normalised) and parses it into the raw shapes of
//! `raw`; `resolve` turns those into the plain [`Site`] model, checking references.
//! Problems are collected in [`Diagnostics`]; loading never stops at the first one.

pub mod content;
pub mod raw;
pub mod resolve;
pub mod tomldoc;

use std::path::{Path, PathBuf};

use toml::Spanned;

use crate::diag::{Diagnostics, Lang, Loc};
use crate::model::Site;
use crate::text::{normalize, TextError};

#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    pub drafts: bool,
    pub base_url: Option<String>,
}

/// A content file: its path relative to the root, its text and the parsed front matter.
pub struct ContentFile<T> {
    pub file: String,
    pub text: String,
    pub front: T,
    pub body_offset: usize,
    /// The file stem, or the folder name for `slug/index.md`.
    pub stem: String,
    /// Other files in a story's folder, relative to the root, sorted.
    pub assets: Vec<String>,
}

/// Everything read from disk, before meaning is given to it.
#[derive(Default)]
pub struct RawSite {
    pub root: PathBuf,
    pub site: Option<(String, raw::SiteToml)>,
    pub regions: Vec<(String, Spanned<raw::Region>)>,
    pub stats: Vec<(String, Spanned<raw::Stat>)>,
    pub plans: Vec<(String, String, raw::PlanToml)>,
    pub awards: Vec<(String, Spanned<raw::AwardToml>)>,
    pub forms: Vec<(String, Spanned<raw::FormToml>)>,
    pub stories: Vec<ContentFile<raw::StoryFront>>,
    pub pages: Vec<ContentFile<raw::PageFront>>,
    /// Files under static/, relative to static/, sorted.
    pub static_files: Vec<String>,
    /// A regions file could not be read: unknown-unit errors would only repeat that problem.
    pub regions_failed: bool,
}

/// Loads and resolves a site. The model is returned only when there were no errors;
/// the diagnostics always (they may hold warnings and notes).
pub fn load(root: &Path, opts: &LoadOptions) -> (Option<Site>, Diagnostics) {
    let mut diags = Diagnostics::new(Lang::Vi);
    let raw = read(root, &mut diags);
    let site = resolve::resolve(raw, opts, &mut diags);
    diags.sort();
    if diags.has_errors() {
        (None, diags)
    } else {
        (site, diags)
    }
}

/// Reads a file's text, reporting unreadable, non-UTF-8 and oversized files.
pub fn read_text(root: &Path, rel: &str, diags: &mut Diagnostics) -> Option<String> {
    let path = root.join(rel);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            let msg = match diags.lang {
                Lang::Vi => format!("không đọc được tệp: {e}"),
                Lang::En => format!("cannot read the file: {e}"),
            };
            diags.error(Loc::file(rel), msg);
            return None;
        }
    };
    match normalize(&bytes) {
        Ok(text) => {
            diags.add_source(rel, &text);
            Some(text)
        }
        Err(TextError::NotUtf8(at)) => {
            let msg = match diags.lang {
                Lang::Vi => format!("tệp không phải văn bản UTF-8 (byte lỗi ở vị trí {at})"),
                Lang::En => format!("the file is not UTF-8 text (bad byte at offset {at})"),
            };
            let help = diags.t("lưu lại tệp với mã hóa UTF-8", "save the file again as UTF-8").to_string();
            diags.error(Loc::file(rel), msg).help(help);
            None
        }
        Err(TextError::TooLarge(n)) => {
            let msg = match diags.lang {
                Lang::Vi => format!("tệp quá lớn ({} MB); tối đa {} MB", n / 1_048_576, crate::text::MAX_FILE_BYTES / 1_048_576),
                Lang::En => format!("the file is too large ({} MB); at most {} MB", n / 1_048_576, crate::text::MAX_FILE_BYTES / 1_048_576),
            };
            diags.error(Loc::file(rel), msg);
            None
        }
    }
}

/// Sorted relative paths (with `/`) of the files with `ext` directly in `dir`.
fn list_files(root: &Path, dir: &str, ext: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(root.join(dir)) else { return out };
    for entry in rd.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let ft = match entry.file_type() {
            Ok(t) => t,
            Err(_) => continue,
        };
        if ft.is_file() && name.ends_with(ext) && !name.starts_with('.') {
            out.push(format!("{dir}/{name}"));
        }
    }
    out.sort();
    out
}

fn rel_string(p: &Path) -> String {
    p.components().map(|c| c.as_os_str().to_string_lossy().to_string()).collect::<Vec<_>>().join("/")
}

/// Reads every file of the site into raw shapes.
pub fn read(root: &Path, diags: &mut Diagnostics) -> RawSite {
    let mut raw = RawSite { root: root.to_path_buf(), ..Default::default() };

    // site.toml first: it sets the language of every later message.
    if root.join("site.toml").is_file() {
        if let Some(text) = read_text(root, "site.toml", diags) {
            // Peek at the language before full parsing so even site.toml's own errors use it.
            if let Ok(v) = text.parse::<toml::Table>() {
                if v.get("language").and_then(|l| l.as_str()) == Some("en") {
                    diags.lang = Lang::En;
                }
            }
            if let Some(s) = tomldoc::parse_one::<raw::SiteToml>(diags, "site.toml", &text, 0, "site.toml") {
                raw.site = Some(("site.toml".to_string(), s));
            }
        }
    } else {
        let msg = diags.t(
            "không tìm thấy site.toml: thư mục này không phải một trang lnob",
            "site.toml not found: this folder is not an lnob site",
        ).to_string();
        let help = diags.t("chạy `lnob new TÊN_THƯ_MỤC` để tạo một trang mới, hoặc dùng --root", "run `lnob new DIR` to create a site, or pass --root").to_string();
        diags.error(Loc::file("site.toml"), msg).help(help);
    }

    for f in list_files(root, "data/regions", ".toml") {
        let before = diags.count(crate::diag::Severity::Error);
        if let Some(text) = read_text(root, &f, diags) {
            for r in tomldoc::parse_records::<raw::Region>(diags, &f, &text, "region") {
                raw.regions.push((f.clone(), r));
            }
        }
        if diags.count(crate::diag::Severity::Error) > before {
            raw.regions_failed = true;
        }
    }
    for f in list_files(root, "data/stats", ".toml") {
        if let Some(text) = read_text(root, &f, diags) {
            for r in tomldoc::parse_records::<raw::Stat>(diags, &f, &text, "stat") {
                raw.stats.push((f.clone(), r));
            }
        }
    }
    for f in list_files(root, "data/plans", ".toml") {
        if let Some(text) = read_text(root, &f, diags) {
            let stem = f.trim_start_matches("data/plans/").trim_end_matches(".toml").to_string();
            if let Some(p) = tomldoc::parse_one::<raw::PlanToml>(diags, &f, &text, 0, "kế hoạch / plan") {
                raw.plans.push((f.clone(), stem, p));
            }
        }
    }
    for f in list_files(root, "data/awards", ".toml") {
        if let Some(text) = read_text(root, &f, diags) {
            for r in tomldoc::parse_records::<raw::AwardToml>(diags, &f, &text, "award") {
                raw.awards.push((f.clone(), r));
            }
        }
    }
    if root.join("data/award_forms.toml").is_file() {
        let f = "data/award_forms.toml";
        if let Some(text) = read_text(root, f, diags) {
            for r in tomldoc::parse_records::<raw::FormToml>(diags, f, &text, "form") {
                raw.forms.push((f.to_string(), r));
            }
        }
    }

    read_stories(root, diags, &mut raw);
    for f in list_files(root, "content/pages", ".md") {
        let stem = f.trim_start_matches("content/pages/").trim_end_matches(".md").to_string();
        if let Some(cf) = read_content::<raw::PageFront>(root, &f, stem, Vec::new(), diags, "trang / page") {
            raw.pages.push(cf);
        }
    }

    let static_dir = root.join("static");
    if static_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&static_dir).sort_by_file_name().into_iter().flatten() {
            if entry.file_type().is_file() {
                if let Ok(rel) = entry.path().strip_prefix(&static_dir) {
                    raw.static_files.push(rel_string(rel));
                }
            }
        }
    }
    raw
}

fn read_stories(root: &Path, diags: &mut Diagnostics, raw: &mut RawSite) {
    let dir = root.join("content/stories");
    let Ok(rd) = std::fs::read_dir(&dir) else { return };
    let mut entries: Vec<_> = rd.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_file() && name.ends_with(".md") {
            let f = format!("content/stories/{name}");
            let stem = name.trim_end_matches(".md").to_string();
            if let Some(mut cf) = read_content::<raw::StoryFront>(root, &f, stem, Vec::new(), diags, "câu chuyện / story") {
                // An image named by a single-file story may sit next to it.
                if let Some(img) = &cf.front.image {
                    let name = img.get_ref();
                    let safe = !name.is_empty() && !name.contains("..") && !name.contains('/') && !name.contains('\\');
                    if safe && dir.join(name).is_file() {
                        cf.assets.push(format!("content/stories/{name}"));
                    }
                }
                raw.stories.push(cf);
            }
        } else if ft.is_dir() {
            let index = entry.path().join("index.md");
            if !index.is_file() {
                continue;
            }
            let mut assets = Vec::new();
            for a in walkdir::WalkDir::new(entry.path()).sort_by_file_name().into_iter().flatten() {
                if a.file_type().is_file() && a.file_name() != "index.md" {
                    if let Ok(rel) = a.path().strip_prefix(root) {
                        assets.push(rel_string(rel));
                    }
                }
            }
            let f = format!("content/stories/{name}/index.md");
            if let Some(cf) = read_content::<raw::StoryFront>(root, &f, name.clone(), assets, diags, "câu chuyện / story") {
                raw.stories.push(cf);
            }
        }
    }
}

fn read_content<T: serde::de::DeserializeOwned>(
    root: &Path,
    f: &str,
    stem: String,
    assets: Vec<String>,
    diags: &mut Diagnostics,
    what: &str,
) -> Option<ContentFile<T>> {
    let text = read_text(root, f, diags)?;
    match content::split(&text) {
        Ok(split) => {
            let body_offset = text.len() - split.body.len();
            // Blank out everything before the front matter (keeping line ends) so that spans
            // inside the TOML are positions in the whole `.md` file.
            let padded = format!("{}{}", pad_bytes(&text[..split.front_offset]), split.front);
            let front = tomldoc::parse_one::<T>(diags, f, &padded, 0, what)?;
            Some(ContentFile { file: f.to_string(), text: text.clone(), front, body_offset, stem, assets })
        }
        Err(e) => {
            let (vi, en) = match e {
                content::SplitError::NoOpening => (
                    "tệp không bắt đầu bằng phần đầu `+++`",
                    "the file does not start with `+++` front matter",
                ),
                content::SplitError::NoClosing => ("phần đầu `+++` không có dòng `+++` đóng", "the `+++` front matter has no closing `+++` line"),
            };
            let msg = diags.t(vi, en).to_string();
            let help = diags
                .t(
                    "một tệp nội dung bắt đầu bằng:\n+++\ntitle = \"…\"\n+++\nrồi đến nội dung Markdown",
                    "a content file starts with:\n+++\ntitle = \"…\"\n+++\nthen the Markdown body",
                )
                .to_string();
            let span = if text.is_empty() { 0..0 } else { 0..text.find('\n').unwrap_or(text.len()) };
            diags.error(Loc::at(f, span), msg).help(help);
            None
        }
    }
}

/// The same number of bytes as `s`, all spaces except line ends.
fn pad_bytes(s: &str) -> String {
    s.bytes().map(|b| if b == b'\n' { '\n' } else { ' ' }).collect()
}
