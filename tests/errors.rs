//! The bad-input corpus: each `tests/errors/*.case` changes the small site in
//! `tests/errors/base/` and states the exact message and exit status `lnob build` must give.
//! The previous output must survive every failed build. `LNOB_BLESS=1` rewrites expectations.
//!
//! Case format: description lines; then `--- path` followed by the file's new text, or one of
//! `--- path (delete)`, `--- path (symlink -> target)` (a link to `target`, as written) and
//! `--- path (size N)` (a file of N zero bytes, made sparse so that 100 MB costs nothing); then
//! `=== exit N` followed by the expected stderr. In a file's text `\r\n` stands for CRLF, `<BOM>`
//! for a byte-order mark and `<xHH>` for the byte HH (to write files that are not UTF-8).
//! Paths may start with `../` to put files beside the site (targets of links that leave it).

mod common;

use common::*;

enum Op {
    Write(String),
    Delete,
    Symlink(String),
    Size(u64),
}

struct Case {
    description: String,
    files: Vec<(String, Op)>,
    /// Texts that no output file may contain (`=== absent TEXT`, checked without case).
    absent: Vec<String>,
    expected: Option<(i32, String)>,
}

/// A file's text with the case format's escapes turned into bytes.
fn unescape(t: &str) -> Vec<u8> {
    let t = t.replace("\\r\\n", "\r\n").replace("<BOM>", "\u{feff}");
    let mut out = Vec::new();
    let mut rest = t.as_str();
    while let Some(i) = rest.find("<x") {
        let hex = rest.get(i + 2..i + 4);
        match hex
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .filter(|_| rest.get(i + 4..i + 5) == Some(">"))
        {
            Some(b) => {
                out.extend_from_slice(&rest.as_bytes()[..i]);
                out.push(b);
                rest = &rest[i + 5..];
            }
            None => {
                out.extend_from_slice(&rest.as_bytes()[..i + 2]);
                rest = &rest[i + 2..];
            }
        }
    }
    out.extend_from_slice(rest.as_bytes());
    out
}

fn parse(text: &str) -> Case {
    let mut description = String::new();
    let mut files: Vec<(String, Op)> = Vec::new();
    let mut expected: Option<(i32, String)> = None;
    let mut absent: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    let mut in_expect = false;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("=== exit ") {
            in_expect = true;
            current = None;
            expected = Some((rest.trim().parse().expect("exit code"), String::new()));
            continue;
        }
        if in_expect {
            expected.as_mut().expect("expect").1.push_str(line);
            continue;
        }
        if let Some(rest) = line.strip_prefix("=== absent ") {
            absent.push(rest.trim_end_matches('\n').to_string());
            current = None;
            continue;
        }
        if let Some(rest) = line.strip_prefix("--- ") {
            let rest = rest.trim_end_matches('\n');
            current = None;
            if let Some(path) = rest.strip_suffix(" (delete)") {
                files.push((path.to_string(), Op::Delete));
            } else if let Some((path, target)) = rest
                .strip_suffix(')')
                .and_then(|r| r.split_once(" (symlink -> "))
            {
                files.push((path.to_string(), Op::Symlink(target.to_string())));
            } else if let Some((path, size)) =
                rest.strip_suffix(')').and_then(|r| r.split_once(" (size "))
            {
                files.push((
                    path.to_string(),
                    Op::Size(size.parse().expect("size in bytes")),
                ));
            } else {
                files.push((rest.to_string(), Op::Write(String::new())));
                current = Some(rest.to_string());
            }
            continue;
        }
        match (&current, files.last_mut()) {
            (Some(_), Some((_, Op::Write(t)))) => t.push_str(line),
            _ => description.push_str(line),
        }
    }
    Case {
        description,
        files,
        absent,
        expected,
    }
}

fn render(case: &Case, code: i32, stderr: &str) -> String {
    let mut out = case.description.clone();
    for (path, op) in &case.files {
        match op {
            Op::Write(t) => {
                out.push_str(&format!("--- {path}\n"));
                out.push_str(t);
            }
            Op::Delete => out.push_str(&format!("--- {path} (delete)\n")),
            Op::Symlink(target) => out.push_str(&format!("--- {path} (symlink -> {target})\n")),
            Op::Size(n) => out.push_str(&format!("--- {path} (size {n})\n")),
        }
    }
    for a in &case.absent {
        out.push_str(&format!("=== absent {a}\n"));
    }
    out.push_str(&format!("=== exit {code}\n"));
    out.push_str(stderr);
    out
}

#[test]
fn every_bad_input_gives_its_exact_message_and_keeps_the_previous_output() {
    let dir = repo().join("tests/errors");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "case"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 60, "the corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    for path in &cases {
        let text = std::fs::read_to_string(path).expect("read case");
        let case = parse(&text);
        let tmp = tempfile::tempdir().expect("tmp");
        let site = tmp.path().join("site");
        copy_tree(&dir.join("base"), &site);
        let out = site.join("public");
        let first = lnob()
            .args(["build", "--quiet", "--root"])
            .arg(&site)
            .arg("--output")
            .arg(&out)
            .output()
            .expect("run");
        assert!(
            first.status.success(),
            "base site must build: {}",
            String::from_utf8_lossy(&first.stderr)
        );
        let before = read_tree(&out);
        for (rel, op) in &case.files {
            let p = site.join(rel);
            if !matches!(op, Op::Delete) {
                std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            }
            match op {
                Op::Write(t) => std::fs::write(&p, unescape(t)).expect("write"),
                Op::Delete => {
                    let _ = std::fs::remove_file(&p).or_else(|_| std::fs::remove_dir_all(&p));
                }
                Op::Symlink(target) => std::os::unix::fs::symlink(target, &p).expect("symlink"),
                Op::Size(n) => std::fs::File::create(&p)
                    .and_then(|f| f.set_len(*n))
                    .expect("sized file"),
            }
        }
        let run = lnob()
            .args(["build", "--quiet", "--root"])
            .arg(&site)
            .arg("--output")
            .arg(&out)
            .output()
            .expect("run");
        let code = run.status.code().unwrap_or(-1);
        let stderr = String::from_utf8_lossy(&run.stderr)
            .replace(&site.display().to_string(), "<site>")
            .replace(&tmp.path().display().to_string(), "<tmp>");
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        if code != 0 && read_tree(&out) != before {
            failures.push(format!(
                "{name}: the failed build changed the previous output"
            ));
        }
        let leftovers: Vec<_> = std::fs::read_dir(&site)
            .expect("dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.contains("lnob-tmp") || n.contains("lnob-old"))
            .collect();
        if !leftovers.is_empty() {
            failures.push(format!("{name}: left {leftovers:?} behind"));
        }
        if code == 0 && !case.absent.is_empty() {
            // Markup is what a browser runs; JSON and CSV files carry the user's text as data
            // (the search page inserts it with textContent).
            for (file, bytes) in read_tree(&out)
                .into_iter()
                .filter(|(f, _)| f.ends_with(".html") || f.ends_with(".xml") || f.ends_with(".svg"))
            {
                let text = String::from_utf8_lossy(&bytes).to_lowercase();
                for a in &case.absent {
                    if text.contains(&a.to_lowercase()) {
                        failures.push(format!("{name}: the output file {file} contains `{a}`"));
                    }
                }
            }
        }
        if stderr.contains("panicked") {
            failures.push(format!("{name}: panicked:\n{stderr}"));
        }
        match &case.expected {
            Some((c, e)) if !bless() => {
                if *c != code || *e != stderr {
                    failures.push(format!(
                        "{name}: expected exit {c} and\n{e}\n--- got exit {code} and\n{stderr}"
                    ));
                }
            }
            _ => std::fs::write(path, render(&case, code, &stderr)).expect("bless"),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// A full disk, as `produce` meets it: the writer refuses the first report page with "no space
/// left". The build stops there (no page of a later kind is handed over), and the one error
/// names the file in the output folder, says why in the site's language, and what to do.
#[test]
fn a_full_disk_stops_the_build_with_one_error_naming_the_file() {
    use std::io::Error;
    use std::sync::Mutex;

    let site_dir = repo().join("tests/errors/base");
    let (site, mut diags) = lnob::load::load(&site_dir, &lnob::load::LoadOptions::default());
    let site = site.expect("the base site loads");
    let extras = lnob::render::extras::build(&site);
    let derived = lnob::render::derive(&site);
    let handed: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let full = Mutex::new(false);
    let report = lnob::commands::build::produce(
        &site_dir,
        &site,
        &derived,
        extras.as_ref(),
        &mut diags,
        lnob::render::CardSource::Draw,
        lnob::commands::build::Output {
            folder: Some(std::path::Path::new("/srv/public")),
            write: &|rel, _| {
                let mut full = full.lock().unwrap();
                handed.lock().unwrap().push(rel.to_string());
                if *full || rel.starts_with("bao-cao/") {
                    *full = true;
                    return Err(Error::from_raw_os_error(28));
                }
                Ok(())
            },
        },
    );
    assert!(report.is_none(), "a build that could not write must fail");
    let text = diags.render(lnob::diag::Severity::Warning, false);
    let first = handed
        .lock()
        .unwrap()
        .iter()
        .find(|r| r.starts_with("bao-cao/"))
        .cloned()
        .expect("a report page was handed over");
    assert_eq!(
        text,
        format!(
            "lỗi[1]: không ghi được /srv/public/{first}: ổ đĩa đã đầy (No space left on device, \
             os error 28)\n--> /srv/public/{first}\n = gợi ý: giải phóng chỗ trống, hoặc chọn \
             --output ở một ổ đĩa khác; /srv/public vẫn như trước lần dựng này\n\n"
        )
    );
    // Once the disk is full nothing more is rendered: the first page of each kind is handed
    // over at most, not the search index, the other pages or the static files.
    let handed = handed.into_inner().unwrap();
    assert!(
        !handed
            .iter()
            .any(|r| r.starts_with("tim-kiem/i/") || r == "style.css" || r == "sitemap.xml"),
        "files were written after the disk was full: {handed:?}"
    );
}
