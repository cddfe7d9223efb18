//! Helpers shared by the integration tests: temporary sites, running the binary, comparing trees.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn lnob() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lnob"));
    c.env("NO_COLOR", "1");
    c
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// Every file below `dir` (relative path → bytes).
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).expect("prefix");
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().to_string())
                .collect::<Vec<_>>()
                .join("/");
            out.insert(rel, std::fs::read(entry.path()).expect("read"));
        }
    }
    out
}

/// A copy of the fixture site `tests/sites/NAME/site` in a new temporary folder, as `TMP/site`.
pub fn fixture_copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    copy_tree(&repo().join("tests/sites").join(name).join("site"), &site);
    (tmp, site)
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether expectations are to be rewritten: `LNOB_BLESS=1` (not `0` or empty).
pub fn bless() -> bool {
    std::env::var_os("LNOB_BLESS").is_some_and(|v| v == "1")
}

/// Builds `site` into `out` with `lnob build --quiet`; panics with lnob's messages when the
/// build fails. Gives what lnob printed (warnings).
pub fn build_ok(site: &Path, out: &Path) -> String {
    build_ok_with(site, out, &[])
}

/// [`build_ok`] with more arguments (`--verbose`).
pub fn build_ok_with(site: &Path, out: &Path, args: &[&str]) -> String {
    let run = lnob()
        .args(["build", "--quiet"])
        .args(args)
        .arg("--root")
        .arg(site)
        .arg("--output")
        .arg(out)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&run.stderr).to_string();
    assert!(
        run.status.success(),
        "{} must build:\n{stderr}",
        site.display()
    );
    stderr
}
