//! Browser checks of the example site in headless Chromium (tests/browser/run.mjs): search
//! with and without diacritics and its filters, the copy-link button, axe-core, 320 px, page
//! weight. Needs node and /usr/bin/chromium (or LNOB_CHROMIUM); runs `npm ci` in
//! tests/browser first when node_modules is missing. Without the tools the test is skipped,
//! unless LNOB_REQUIRE_TOOLS=1 (as in CI), where it fails.

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

fn works(cmd: &str, arg: &str) -> bool {
    Command::new(cmd)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn example_site_in_a_real_browser() {
    let chromium = std::env::var_os("LNOB_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !chromium.is_file() {
        return missing(&format!("{} was not found", chromium.display()));
    }
    if !works("node", "--version") {
        return missing("node was not found");
    }
    let dir = repo().join("tests/browser");
    if !dir.join("node_modules/playwright-core").is_dir()
        || !dir.join("node_modules/axe-core").is_dir()
    {
        let npm = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .output();
        match npm {
            Ok(o) if o.status.success() => {}
            Ok(o) => {
                return missing(&format!(
                    "npm ci failed in tests/browser:\n{}",
                    String::from_utf8_lossy(&o.stderr)
                ))
            }
            Err(e) => return missing(&format!("npm could not run: {e}")),
        }
    }
    let run = Command::new("node")
        .arg(dir.join("run.mjs"))
        .env("LNOB_BIN", env!("CARGO_BIN_EXE_lnob"))
        .env("LNOB_CHROMIUM", &chromium)
        .env("LNOB_SITE_ROOT", repo())
        .output()
        .expect("run node");
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    eprintln!("{out}");
    assert!(run.status.success(), "browser checks failed:\n{out}");
}
