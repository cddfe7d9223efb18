//! Where a build may write: `--output` refuses the site's own folders, folders that hold the
//! site, files, broken links and folders lnob did not make; a refused or failed build changes
//! nothing on disk, and a good one changes nothing outside its output folder.

mod common;

use std::path::Path;

use common::*;

/// A copy of the bad-input corpus's base site in `tmp/site`.
fn site(tmp: &Path) -> std::path::PathBuf {
    let site = tmp.join("site");
    copy_tree(&repo().join("tests/errors/base"), &site);
    site
}

fn build(site: &Path, output: &Path) -> (i32, String) {
    let run = lnob()
        .args(["build", "--quiet", "--root"])
        .arg(site)
        .arg("--output")
        .arg(output)
        .output()
        .expect("run");
    (
        run.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&run.stderr).to_string(),
    )
}

/// Every file and link under `dir`, links not followed.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let rel = e
            .path()
            .strip_prefix(dir)
            .expect("prefix")
            .display()
            .to_string();
        if e.path_is_symlink() {
            out.push((
                rel,
                std::fs::read_link(e.path())
                    .expect("link")
                    .display()
                    .to_string()
                    .into_bytes(),
            ));
        } else if e.file_type().is_file() {
            out.push((rel, std::fs::read(e.path()).expect("read")));
        } else {
            out.push((rel, Vec::new()));
        }
    }
    out
}

fn assert_refused(tmp: &Path, site: &Path, output: &Path, what: &str) {
    let before = snapshot(tmp);
    let (code, stderr) = build(site, output);
    assert_eq!(code, 2, "{what}: expected a refusal, got {code}: {stderr}");
    assert!(
        stderr.contains("--output") || stderr.contains("thư mục đích"),
        "{what}: {stderr}"
    );
    assert_eq!(
        snapshot(tmp),
        before,
        "{what}: a refused build changed files"
    );
}

#[test]
fn refuses_outputs_that_would_overwrite_the_site() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = site(tmp.path());
    std::fs::create_dir_all(site.join("static/css")).expect("mkdir");
    std::fs::write(site.join("static/css/a.css"), "a{}").expect("write");
    for rel in [
        "content",
        "data",
        "static",
        "content/stories",
        "data/stats/out",
        "static/css",
        ".",
        "..",
        "content/../data",
    ] {
        assert_refused(tmp.path(), &site, &site.join(rel), rel);
    }
    assert_refused(tmp.path(), &site, Path::new("/"), "/");
}

#[test]
fn refuses_relative_dot_dot_from_inside_the_site() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = site(tmp.path());
    let before = snapshot(tmp.path());
    let run = lnob()
        .current_dir(&site)
        .args(["build", "--output", ".."])
        .output()
        .expect("run");
    assert_eq!(
        run.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let run = lnob()
        .current_dir(&site)
        .args(["build", "--output", "content"])
        .output()
        .expect("run");
    assert_eq!(
        run.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(snapshot(tmp.path()), before);
}

#[test]
fn refuses_links_files_and_folders_it_did_not_make() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = site(tmp.path());
    // A link to the content folder.
    std::os::unix::fs::symlink(site.join("content"), tmp.path().join("to-content")).expect("link");
    assert_refused(
        tmp.path(),
        &site,
        &tmp.path().join("to-content"),
        "link to content/",
    );
    // A link to the site root.
    std::os::unix::fs::symlink(&site, tmp.path().join("to-site")).expect("link");
    assert_refused(
        tmp.path(),
        &site,
        &tmp.path().join("to-site"),
        "link to the site",
    );
    // A broken link.
    std::os::unix::fs::symlink(tmp.path().join("nowhere"), tmp.path().join("broken"))
        .expect("link");
    assert_refused(tmp.path(), &site, &tmp.path().join("broken"), "broken link");
    // A file.
    std::fs::write(tmp.path().join("notes.txt"), "mine").expect("write");
    assert_refused(tmp.path(), &site, &tmp.path().join("notes.txt"), "a file");
    // Someone's folder with files in it.
    std::fs::create_dir_all(tmp.path().join("documents")).expect("mkdir");
    std::fs::write(tmp.path().join("documents/letter.txt"), "mine").expect("write");
    assert_refused(
        tmp.path(),
        &site,
        &tmp.path().join("documents"),
        "a folder lnob did not make",
    );
    // A link to someone's folder.
    std::os::unix::fs::symlink(
        tmp.path().join("documents"),
        tmp.path().join("to-documents"),
    )
    .expect("link");
    assert_refused(
        tmp.path(),
        &site,
        &tmp.path().join("to-documents"),
        "a link to a folder lnob did not make",
    );
}

#[test]
fn a_build_changes_nothing_outside_its_output() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = site(tmp.path());
    let out = tmp.path().join("out");
    let before = snapshot(tmp.path());
    let (code, stderr) = build(&site, &out);
    assert_eq!(code, 0, "{stderr}");
    let after: Vec<_> = snapshot(tmp.path())
        .into_iter()
        .filter(|(rel, _)| !(rel == "out" || rel.starts_with("out/")))
        .collect();
    assert_eq!(after, before);
    assert!(out.join(".lnob-output").is_file());
    // Built again over its own output: allowed, and still nothing else changes.
    let (code, stderr) = build(&site, &out);
    assert_eq!(code, 0, "{stderr}");
    let after: Vec<_> = snapshot(tmp.path())
        .into_iter()
        .filter(|(rel, _)| !(rel == "out" || rel.starts_with("out/")))
        .collect();
    assert_eq!(after, before);
}

/// A build that was killed leaves its staging folder beside the output; the next build of that
/// output removes it, but never a folder without lnob's mark, nor that of a build still running.
#[test]
fn a_killed_builds_leftovers_are_removed_by_the_next_build() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = site(tmp.path());
    let out = tmp.path().join("out");
    let (code, stderr) = build(&site, &out);
    assert_eq!(code, 0, "{stderr}");
    // No process has a number this large (Linux allows at most 4,194,304).
    let gone = |kind: &str| tmp.path().join(format!(".out.lnob-{kind}-999999999"));
    for kind in ["tmp", "old"] {
        copy_tree(&out, &gone(kind));
    }
    let unmarked = tmp.path().join(".out.lnob-tmp-999999998");
    std::fs::create_dir(&unmarked).expect("mkdir");
    std::fs::write(unmarked.join("keep.txt"), "not lnob's").expect("write");
    // This test's own process is running.
    let running = tmp
        .path()
        .join(format!(".out.lnob-tmp-{}", std::process::id()));
    copy_tree(&out, &running);
    let (code, stderr) = build(&site, &out);
    assert_eq!(code, 0, "{stderr}");
    let has_proc = Path::new("/proc/self").exists();
    assert_eq!(gone("tmp").exists(), !has_proc);
    assert_eq!(gone("old").exists(), !has_proc);
    assert!(unmarked.join("keep.txt").is_file());
    assert!(running.join(".lnob-output").is_file());
    assert!(out.join(".lnob-output").is_file());
    // Killed between the two renames of its swap: the last output is only under the old name,
    // and stays there.
    std::fs::rename(&out, gone("old")).expect("rename");
    let (code, stderr) = build(&site, &out);
    assert_eq!(code, 0, "{stderr}");
    assert!(gone("old").join(".lnob-output").is_file());
}

#[test]
fn an_empty_folder_and_a_link_to_lnobs_own_output_are_accepted() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = site(tmp.path());
    std::fs::create_dir_all(tmp.path().join("empty")).expect("mkdir");
    let (code, stderr) = build(&site, &tmp.path().join("empty"));
    assert_eq!(code, 0, "{stderr}");
    std::os::unix::fs::symlink(tmp.path().join("empty"), tmp.path().join("link")).expect("link");
    let (code, stderr) = build(&site, &tmp.path().join("link"));
    assert_eq!(code, 0, "{stderr}");
    assert!(tmp.path().join("link").join("index.html").is_file());
}

#[test]
fn messages_follow_the_site_language() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = site(tmp.path());
    let (_, stderr) = build(&site, &site.join("content"));
    assert!(stderr.starts_with("lỗi: --output"), "{stderr}");
    std::fs::write(site.join("site.toml"), "title = \"T\"\nlanguage = \"en\"\n").expect("write");
    let (_, stderr) = build(&site, &site.join("content"));
    assert!(stderr.starts_with("error: --output"), "{stderr}");
}

#[test]
fn strict_builds_fail_on_warnings_and_write_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = site(tmp.path());
    std::fs::write(
        site.join("data/stats/more.toml"),
        "[[stat]]\nregion = \"24877\"\nyear = 2022\nhouseholds = 12000\npoor = 300\n",
    )
    .expect("write");
    let out = tmp.path().join("out");
    let run = lnob()
        .args(["build", "--quiet", "--strict", "--root"])
        .arg(&site)
        .arg("--output")
        .arg(&out)
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(1));
    assert!(!out.exists());
    let (code, _) = build(&site, &out);
    assert_eq!(code, 0);
}

#[test]
fn links_out_of_the_site_are_never_copied_to_the_output() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = site(tmp.path());
    std::fs::write(tmp.path().join("secret.txt"), "TOP-SECRET").expect("write");
    std::fs::create_dir_all(site.join("static")).expect("mkdir");
    std::fs::create_dir_all(site.join("content/stories/ho")).expect("mkdir");
    std::fs::write(
        site.join("content/stories/ho/index.md"),
        "+++\ntitle = \"Tổ\"\ndate = 2023-06-15\nkind = \"collective\"\nregion = \"24877\"\n+++\nA.\n",
    )
    .expect("write");
    std::os::unix::fs::symlink(tmp.path().join("secret.txt"), site.join("static/leak.txt"))
        .expect("link");
    std::os::unix::fs::symlink(tmp.path(), site.join("static/up")).expect("link");
    std::os::unix::fs::symlink(
        tmp.path().join("secret.txt"),
        site.join("content/stories/ho/leak.txt"),
    )
    .expect("link");
    let out = tmp.path().join("out");
    let (code, stderr) = build(&site, &out);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("static/leak.txt") && stderr.contains("content/stories/ho/leak.txt"),
        "{stderr}"
    );
    for (file, bytes) in read_tree(&out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("TOP-SECRET"),
            "{file} holds a file from outside the site"
        );
    }
}
