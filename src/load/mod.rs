//! Loading a site folder: the only module that reads the site's files.
//!
//! `read` gathers every file's text (normalised) and parses it into the raw shapes of
//! `raw`; `resolve` turns those into the plain [`Site`] model, checking references.
//! Problems are collected in [`Diagnostics`]; loading never stops at the first one.

pub mod content;
pub mod privacy;
pub mod raw;
pub mod resolve;
pub mod tomldoc;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::Spanned;

use crate::diag::{Diagnostics, Lang, Loc, Severity};
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
    /// The whole file, shared with the diagnostics that quote it.
    pub text: Arc<str>,
    pub front: T,
    pub body_offset: usize,
    /// The file stem, or the folder name for `slug/index.md`.
    pub stem: String,
    /// Other files in a story's folder, relative to the root, sorted.
    pub assets: Vec<String>,
    /// Every string value of the front matter, with spans in the whole file.
    pub strings: Vec<tomldoc::StrVal>,
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
    /// A stats file could not be read: "no figures" warnings would only repeat that problem.
    pub stats_failed: bool,
    /// The names (file stems) of plans and stories whose files could not be read: "no plan" or
    /// "no story" errors for them would only repeat that problem.
    pub plans_failed: BTreeSet<String>,
    pub stories_failed: BTreeSet<String>,
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

/// Why a file could not be read, before its text is looked at.
enum ReadError {
    Io(std::io::Error),
    /// The file (or a folder on its way) is a link to somewhere outside the site folder.
    Outside,
    TooLarge(u64),
}

/// Whether `path` really lies inside the site folder, links followed.
///
/// Most paths are the site folder joined with names none of which is a link: that is seen by
/// looking at each part below the site folder (one `lstat` each), without resolving the whole
/// path and the site folder's own path (a `readlink` per part of both, twice for each file read:
/// 110,000 system calls on a site of 10,000 stories). Any link on the way, or a `..`, is
/// resolved the long way.
fn inside_root(root: &Path, path: &Path) -> std::io::Result<bool> {
    use std::path::Component;
    if let Ok(rel) = path.strip_prefix(root) {
        if rel.components().all(|c| matches!(c, Component::Normal(_))) {
            let mut at = root.to_path_buf();
            let mut linked = false;
            for part in rel.components() {
                at.push(part);
                if std::fs::symlink_metadata(&at)?.file_type().is_symlink() {
                    linked = true;
                    break;
                }
            }
            if !linked {
                return Ok(true);
            }
        }
    }
    let root_real = root.canonicalize()?;
    let real = path.canonicalize()?;
    Ok(real.starts_with(&root_real))
}

/// Reads at most [`crate::text::MAX_FILE_BYTES`] of a file inside the site: the size is looked
/// at first, so a huge file is refused without being read.
fn read_bytes(root: &Path, rel: &str) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let path = root.join(rel);
    if !inside_root(root, &path).map_err(ReadError::Io)? {
        return Err(ReadError::Outside);
    }
    let file = std::fs::File::open(&path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if meta.is_dir() {
        return Err(ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "is a folder",
        )));
    }
    if meta.len() > crate::text::MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(meta.len()));
    }
    // The size may be wrong (a growing file, a device): never read more than the limit.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(crate::text::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > crate::text::MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Refuses `dir` when it is itself a link out of the site (an error: false is returned), and
/// warns of every link under it that leads out (never followed: later stages skip links).
fn refuse_outward_links(root: &Path, dir: &str, diags: &mut Diagnostics) -> bool {
    let path = root.join(dir);
    if !path.exists() {
        return true;
    }
    if !inside_root(root, &path).unwrap_or(false) {
        report_outside(diags, dir, Severity::Error);
        return false;
    }
    for entry in walkdir::WalkDir::new(&path)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if entry.path_is_symlink() && !inside_root(root, entry.path()).unwrap_or(false) {
            if let Ok(rel) = entry.path().strip_prefix(root) {
                report_outside(diags, &rel_string(rel), Severity::Warning);
            }
        }
    }
    true
}

/// The first part of `rel` (a file or one of its folders) that is a link, or `rel` itself.
fn link_part(root: &Path, rel: &str) -> String {
    let mut acc = String::new();
    for part in rel.split('/') {
        if !acc.is_empty() {
            acc.push('/');
        }
        acc.push_str(part);
        if std::fs::symlink_metadata(root.join(&acc))
            .map(|m| m.file_type().is_symlink())
            .unwrap_or(false)
        {
            return acc;
        }
    }
    rel.to_string()
}

/// Reports a link that leaves the site folder: an error where the site's text would be read
/// through it, a warning where a file to copy is skipped.
fn report_outside(diags: &mut Diagnostics, rel: &str, severity: Severity) {
    let msg = match (diags.lang, severity) {
        (Lang::Vi, Severity::Error) => format!("`{rel}` là một liên kết (symlink) trỏ ra ngoài thư mục trang: lnob không đọc tệp ở ngoài trang"),
        (Lang::En, Severity::Error) => format!("`{rel}` is a link (symlink) that points outside the site folder: lnob reads no file outside the site"),
        (Lang::Vi, _) => format!("`{rel}` là một liên kết (symlink) trỏ ra ngoài thư mục trang nên bị bỏ qua: lnob không chép tệp ở ngoài trang"),
        (Lang::En, _) => format!("`{rel}` is a link (symlink) that points outside the site folder and is skipped: lnob copies no file from outside the site"),
    };
    let help = diags
        .t(
            "chép tệp hoặc thư mục vào trong thư mục trang thay cho liên kết",
            "copy the file or folder into the site folder instead of linking to it",
        )
        .to_string();
    diags.push(severity, Some(Loc::file(rel)), msg).help(help);
}

/// The site's language from site.toml, for messages printed before the site is loaded.
pub fn peek_language(root: &Path) -> Lang {
    let text = read_bytes(root, "site.toml")
        .ok()
        .and_then(|b| normalize(&b).ok())
        .unwrap_or_default();
    match text.parse::<toml::Table>().ok().and_then(|t| {
        t.get("language")
            .and_then(|l| l.as_str().map(str::to_string))
    }) {
        Some(l) if l == "en" => Lang::En,
        _ => Lang::Vi,
    }
}

/// Reads a file's text, reporting unreadable, non-UTF-8 and oversized files and links that
/// lead out of the site. The text is shared with `diags` (which quotes it) rather than copied.
pub fn read_text(root: &Path, rel: &str, diags: &mut Diagnostics) -> Option<Arc<str>> {
    let bytes = match read_bytes(root, rel) {
        Ok(b) => b,
        Err(ReadError::Outside) => {
            let link = link_part(root, rel);
            // One report per link, however many files are read through it.
            if !reported_at(diags, &link) {
                report_outside(diags, &link, Severity::Error);
            }
            return None;
        }
        Err(ReadError::Io(e)) => {
            let link = std::fs::symlink_metadata(root.join(rel))
                .map(|m| m.file_type().is_symlink())
                .unwrap_or(false);
            let msg = match (diags.lang, e.kind()) {
                (Lang::Vi, std::io::ErrorKind::NotFound) if link => {
                    "liên kết (symlink) hỏng: tệp mà nó trỏ tới không tồn tại".to_string()
                }
                (Lang::En, std::io::ErrorKind::NotFound) if link => {
                    "broken link (symlink): the file it points to does not exist".to_string()
                }
                (Lang::Vi, std::io::ErrorKind::NotFound) => "không tìm thấy tệp".to_string(),
                (Lang::Vi, std::io::ErrorKind::PermissionDenied) => {
                    "không có quyền đọc tệp".to_string()
                }
                (Lang::Vi, _) => format!("không đọc được tệp: {e}"),
                (Lang::En, _) => format!("cannot read the file: {e}"),
            };
            diags.error(Loc::file(rel), msg);
            return None;
        }
        Err(ReadError::TooLarge(n)) => {
            report_too_large(diags, rel, n);
            return None;
        }
    };
    match crate::text::normalize_shared(&bytes) {
        Ok(text) => {
            diags.add_shared_source(rel, text.clone());
            Some(text)
        }
        Err(TextError::NotUtf8(at)) => {
            // Quote the file as far as it can be read, with the bad byte shown as �.
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            let shown = String::from_utf8_lossy(body).replace("\r\n", "\n");
            // Offsets move back by one for each CRLF before the bad byte.
            let at = at
                - body[..at.min(body.len())]
                    .windows(2)
                    .filter(|w| w == b"\r\n")
                    .count();
            let at = at.min(shown.len());
            let (line, col) = crate::diag::line_col(&shown, at);
            let msg = match diags.lang {
                Lang::Vi => {
                    format!("tệp không phải văn bản UTF-8: byte lỗi ở dòng {line}, cột {col}")
                }
                Lang::En => {
                    format!("the file is not UTF-8 text: a bad byte at line {line}, column {col}")
                }
            };
            let help = diags
                .t(
                    "lưu lại tệp với mã hóa UTF-8 (trong Notepad: Lưu thành… → Mã hóa: UTF-8)",
                    "save the file again as UTF-8 (in Notepad: Save as… → Encoding: UTF-8)",
                )
                .to_string();
            let end = shown[at..]
                .chars()
                .next()
                .map(|c| at + c.len_utf8())
                .unwrap_or(at);
            diags.add_source(rel, &shown);
            diags.error(Loc::at(rel, at..end), msg).help(help);
            None
        }
        Err(TextError::TooLarge(n)) => {
            report_too_large(diags, rel, n);
            None
        }
        Err(TextError::Utf16) => {
            let msg = diags
                .t(
                    "tệp được lưu dạng UTF-16, không phải UTF-8",
                    "the file is saved as UTF-16, not UTF-8",
                )
                .to_string();
            let help = diags
                .t(
                    "lưu lại tệp với mã hóa UTF-8 (trong Notepad: Lưu thành… → Mã hóa: UTF-8)",
                    "save the file again as UTF-8 (in Notepad: Save as… → Encoding: UTF-8)",
                )
                .to_string();
            diags.error(Loc::file(rel), msg).help(help);
            None
        }
    }
}

/// Whether a problem about the whole of `file` (no span) has been reported.
fn reported_at(diags: &Diagnostics, file: &str) -> bool {
    diags.items.iter().any(|d| {
        d.loc
            .as_ref()
            .is_some_and(|l| l.file == file && l.span.is_none())
    })
}

fn report_too_large(diags: &mut Diagnostics, rel: &str, n: u64) {
    let max = crate::text::MAX_FILE_BYTES / 1_048_576;
    let size = n.div_ceil(1_048_576);
    let msg = match diags.lang {
        Lang::Vi => format!("tệp quá lớn ({size} MB); tối đa {max} MB"),
        Lang::En => format!("the file is too large ({size} MB); at most {max} MB"),
    };
    let help = diags
        .t(
            "chia tệp thành nhiều tệp nhỏ hơn",
            "split it into several smaller files",
        )
        .to_string();
    diags.error(Loc::file(rel), msg).help(help);
}

/// Sorted relative paths (with `/`) of the files with `ext` directly in `dir`. Links are
/// followed as far as [`read_text`], which refuses those that leave the site.
fn list_files(root: &Path, dir: &str, ext: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(root.join(dir)) else {
        return out;
    };
    for entry in rd.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        // `metadata` follows links: a linked file is listed, and refused on reading if it
        // leads out of the site.
        let is_file = std::fs::metadata(entry.path())
            .map(|m| m.is_file())
            .unwrap_or_else(|_| entry.file_type().map(|t| t.is_symlink()).unwrap_or(false));
        if is_file && name.ends_with(ext) && !name.starts_with('.') {
            out.push(format!("{dir}/{name}"));
        }
    }
    out.sort();
    out
}

/// Reads a data file; a blank one is an error (a file with nothing to say is a mistake: a
/// paste that did not happen, or a file saved empty).
fn read_data(root: &Path, rel: &str, key: &str, diags: &mut Diagnostics) -> Option<Arc<str>> {
    let text = read_text(root, rel, diags)?;
    if text.trim().is_empty() {
        let msg = match diags.lang {
            Lang::Vi => "tệp trống: không có bản ghi nào".to_string(),
            Lang::En => "the file is empty: it has no records".to_string(),
        };
        let help = match diags.lang {
            Lang::Vi => format!("thêm các bản ghi [[{key}]] hoặc xóa tệp"),
            Lang::En => format!("add [[{key}]] records or delete the file"),
        };
        diags.error(Loc::file(rel), msg).help(help);
        return None;
    }
    Some(text)
}

/// Every file below `dir` (not following links), sorted, as (path, `/`-separated relative name).
pub fn files_under(dir: &Path) -> Vec<(PathBuf, String)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = rel_string(e.path().strip_prefix(dir).ok()?);
            Some((e.path().to_path_buf(), rel))
        })
        .collect()
}

fn rel_string(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads every file of the site into raw shapes.
pub fn read(root: &Path, diags: &mut Diagnostics) -> RawSite {
    let mut raw = RawSite {
        root: root.to_path_buf(),
        ..Default::default()
    };

    // site.toml first: it sets the language of every later message.
    if root.join("site.toml").is_file() {
        if let Some(text) = read_text(root, "site.toml", diags) {
            // Peek at the language before full parsing so even site.toml's own errors use it.
            if let Ok(v) = text.parse::<toml::Table>() {
                if v.get("language").and_then(|l| l.as_str()) == Some("en") {
                    diags.lang = Lang::En;
                }
            }
            if let Some(s) =
                tomldoc::parse_one::<raw::SiteToml>(diags, "site.toml", &text, 0, "site.toml")
            {
                raw.site = Some(("site.toml".to_string(), s));
            }
        }
    } else {
        let msg = diags
            .t(
                "không tìm thấy site.toml: thư mục này không phải một trang lnob",
                "site.toml not found: this folder is not an lnob site",
            )
            .to_string();
        let help = diags
            .t(
                "chạy `lnob new TÊN_THƯ_MỤC` để tạo một trang mới, hoặc dùng --root",
                "run `lnob new DIR` to create a site, or pass --root",
            )
            .to_string();
        diags.error(Loc::file("site.toml"), msg).help(help);
    }

    // The data files and the Markdown files are read at the same time (each folder on all
    // cores), the Markdown side with its own problems, added after the data side's: the order
    // of reading one by one.
    let lang = diags.lang;
    let (content, content_diags) = {
        let data_side = &mut raw;
        let data_diags = &mut *diags;
        rayon::join(
            || read_data_files(root, data_side, data_diags),
            || {
                let mut content = RawSite::default();
                let mut own = Diagnostics::new(lang);
                read_markdown_files(root, &mut content, &mut own);
                (content, own)
            },
        )
        .1
    };
    absorb_unreported(diags, content_diags);
    raw.stories = content.stories;
    raw.stories_failed = content.stories_failed;
    raw.pages = content.pages;

    // Folders copied or read by later stages: links out of the site are refused here, so that
    // nothing outside the site can reach the output.
    for dir in ["templates", "themes"] {
        refuse_outward_links(root, dir, diags);
    }
    let static_dir = root.join("static");
    if static_dir.is_dir() && refuse_outward_links(root, "static", diags) {
        raw.static_files = files_under(&static_dir)
            .into_iter()
            .map(|(_, rel)| rel)
            .collect();
    }
    raw
}

/// `data/`: regions, figures, plans, commendations and their forms.
fn read_data_files(root: &Path, raw: &mut RawSite, diags: &mut Diagnostics) {
    (raw.regions, raw.regions_failed) = read_folder(root, "data/regions", "region", diags);
    (raw.stats, raw.stats_failed) = read_folder(root, "data/stats", "stat", diags);
    let plans = list_files(root, "data/plans", ".toml");
    let stem = |f: &str| {
        f.trim_start_matches("data/plans/")
            .trim_end_matches(".toml")
            .to_string()
    };
    let read = in_parallel(&plans, diags, |f, diags| {
        let text = read_text(root, f, diags)?;
        let plan = tomldoc::parse_one::<raw::PlanToml>(diags, f, &text, 0, "kế hoạch / plan")?;
        Some((f.clone(), stem(f), plan))
    });
    for (f, (plan, failed)) in plans.iter().zip(read) {
        match plan {
            Some(p) => raw.plans.push(p),
            None if failed => {
                raw.plans_failed.insert(stem(f));
            }
            None => {}
        }
    }
    raw.awards = read_folder(root, "data/awards", "award", diags).0;
    if root.join("data/award_forms.toml").is_file() {
        raw.forms = read_records(root, "data/award_forms.toml", "form", diags);
    }
}

/// `content/`: stories and pages.
fn read_markdown_files(root: &Path, raw: &mut RawSite, diags: &mut Diagnostics) {
    read_stories(root, diags, raw);
    for f in list_files(root, "content/pages", ".md") {
        let stem = f
            .trim_start_matches("content/pages/")
            .trim_end_matches(".md")
            .to_string();
        if let Some(cf) =
            read_content::<raw::PageFront>(root, &f, stem, Vec::new(), diags, "trang / page")
        {
            raw.pages.push(cf);
        }
    }
}

/// The records of every data file in `dir` (read on all cores), and whether any of those files
/// had an error.
fn read_folder<T: serde::de::DeserializeOwned + Send>(
    root: &Path,
    dir: &str,
    key: &str,
    diags: &mut Diagnostics,
) -> (Vec<(String, Spanned<T>)>, bool) {
    let files = list_files(root, dir, ".toml");
    let mut records = Vec::new();
    let mut failed = false;
    for (r, f) in in_parallel(&files, diags, |f, diags| read_records(root, f, key, diags)) {
        records.extend(r);
        failed |= f;
    }
    (records, failed)
}

/// The records of one data file (`[[key]]` tables), each with the file's name.
fn read_records<T: serde::de::DeserializeOwned>(
    root: &Path,
    f: &str,
    key: &str,
    diags: &mut Diagnostics,
) -> Vec<(String, Spanned<T>)> {
    match read_data(root, f, key, diags) {
        Some(text) => tomldoc::parse_records::<T>(diags, f, &text, key)
            .into_iter()
            .map(|r| (f.to_string(), r))
            .collect(),
        None => Vec::new(),
    }
}

fn read_stories(root: &Path, diags: &mut Diagnostics, raw: &mut RawSite) {
    let dir = root.join("content/stories");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    let stories = in_parallel(&entries, diags, |entry, diags| {
        read_story(root, &dir, entry, diags)
    });
    for (entry, (story, failed)) in entries.iter().zip(stories) {
        match story {
            Some(cf) => raw.stories.push(cf),
            None if failed => {
                let name = entry.file_name().to_string_lossy().to_string();
                let stem = name.strip_suffix(".md").unwrap_or(&name).to_string();
                raw.stories_failed.insert(stem);
            }
            None => {}
        }
    }
}

/// One entry of `content/stories/`: a Markdown file or a folder with an `index.md`.
fn read_story(
    root: &Path,
    dir: &Path,
    entry: &std::fs::DirEntry,
    diags: &mut Diagnostics,
) -> Option<ContentFile<raw::StoryFront>> {
    let name = entry.file_name().to_string_lossy().to_string();
    if name.starts_with('.') {
        return None;
    }
    // Links are followed to see what they are; those that leave the site are refused.
    let Ok(meta) = std::fs::metadata(entry.path()) else {
        if name.ends_with(".md") {
            read_text(root, &format!("content/stories/{name}"), diags);
        }
        return None;
    };
    if meta.is_file() && name.ends_with(".md") {
        let f = format!("content/stories/{name}");
        let stem = name.trim_end_matches(".md").to_string();
        if let Some(mut cf) =
            read_content::<raw::StoryFront>(root, &f, stem, Vec::new(), diags, "câu chuyện / story")
        {
            // An image named by a single-file story may sit next to it.
            if let Some(img) = &cf.front.image {
                let name = img.get_ref();
                let safe = !name.is_empty()
                    && !name.contains("..")
                    && !name.contains('/')
                    && !name.contains('\\');
                if safe && dir.join(name).is_file() {
                    cf.assets.push(format!("content/stories/{name}"));
                }
            }
            return Some(cf);
        }
    } else if meta.is_dir() {
        let rel_dir = format!("content/stories/{name}");
        if !inside_root(root, &entry.path()).unwrap_or(false) {
            report_outside(diags, &rel_dir, Severity::Error);
            return None;
        }
        let index = entry.path().join("index.md");
        if !index.exists() && std::fs::symlink_metadata(&index).is_err() {
            let msg = match diags.lang {
                Lang::Vi => {
                    format!("thư mục câu chuyện `{rel_dir}` không có tệp index.md nên bị bỏ qua")
                }
                Lang::En => {
                    format!("the story folder `{rel_dir}` has no index.md and is skipped")
                }
            };
            let help = diags
                .t(
                    "đặt nội dung câu chuyện vào tệp index.md trong thư mục đó",
                    "put the story's text in an index.md file inside that folder",
                )
                .to_string();
            diags.warning(Loc::file(&rel_dir), msg).help(help);
            return None;
        }
        let mut assets = Vec::new();
        for a in walkdir::WalkDir::new(entry.path())
            .min_depth(1)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            let Ok(rel) = a.path().strip_prefix(root) else {
                continue;
            };
            let rel = rel_string(rel);
            let is_index = a.depth() == 1 && a.file_name() == "index.md";
            if a.path_is_symlink() && !is_index && !inside_root(root, a.path()).unwrap_or(false) {
                report_outside(diags, &rel, Severity::Warning);
                continue;
            }
            let is_file = std::fs::metadata(a.path())
                .map(|m| m.is_file())
                .unwrap_or(false);
            if is_file && !is_index {
                assets.push(rel);
            }
        }
        let f = format!("{rel_dir}/index.md");
        return read_content::<raw::StoryFront>(
            root,
            &f,
            name,
            assets,
            diags,
            "câu chuyện / story",
        );
    }
    None
}

/// Runs `f` on every item on all cores, each with its own list of problems, then adds those
/// lists to `diags` in the items' order: the same messages, in the same order, as reading the
/// files one by one. Each result comes with whether its item added an error.
fn in_parallel<I: Sync, T: Send>(
    items: &[I],
    diags: &mut Diagnostics,
    f: impl Fn(&I, &mut Diagnostics) -> T + Sync,
) -> Vec<(T, bool)> {
    use rayon::prelude::*;
    let lang = diags.lang;
    let done: Vec<(T, Diagnostics)> = items
        .par_iter()
        .map(|item| {
            let mut own = Diagnostics::new(lang);
            let t = f(item, &mut own);
            (t, own)
        })
        .collect();
    done.into_iter()
        .map(|(t, own)| (t, absorb_unreported(diags, own)))
        .collect()
}

/// Adds problems found apart to `diags`, leaving out those about a link out of the site that
/// `diags` already reports: a link that several files are read through (a linked `content/`)
/// is reported once, as `read_text` does when reading one by one. Whether an error was added.
fn absorb_unreported(diags: &mut Diagnostics, mut own: Diagnostics) -> bool {
    own.items.retain(|d| {
        !(d.severity == Severity::Error
            && d.loc
                .as_ref()
                .is_some_and(|l| l.span.is_none() && reported_at(diags, &l.file)))
    });
    let failed = own.has_errors();
    diags.absorb(own);
    failed
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
            let (front, strings) =
                tomldoc::parse_one_with_strings::<T>(diags, f, &padded, 0, what)?;
            Some(ContentFile {
                file: f.to_string(),
                text,
                front,
                body_offset,
                stem,
                assets,
                strings,
            })
        }
        Err(e) => {
            let (vi, en) = match e {
                content::SplitError::NoOpening => (
                    "tệp không bắt đầu bằng phần đầu `+++`",
                    "the file does not start with `+++` front matter",
                ),
                content::SplitError::NoClosing => (
                    "phần đầu `+++` không có dòng `+++` đóng",
                    "the `+++` front matter has no closing `+++` line",
                ),
            };
            let msg = diags.t(vi, en).to_string();
            let help = diags
                .t(
                    "một tệp nội dung bắt đầu bằng:\n+++\ntitle = \"…\"\n+++\nrồi đến nội dung Markdown",
                    "a content file starts with:\n+++\ntitle = \"…\"\n+++\nthen the Markdown body",
                )
                .to_string();
            let span = if text.is_empty() {
                0..0
            } else {
                0..text.find('\n').unwrap_or(text.len())
            };
            diags.error(Loc::at(f, span), msg).help(help);
            None
        }
    }
}

/// The same number of bytes as `s`, all spaces except line ends.
fn pad_bytes(s: &str) -> String {
    s.bytes()
        .map(|b| if b == b'\n' { '\n' } else { ' ' })
        .collect()
}
