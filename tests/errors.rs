//! The bad-input corpus: each `tests/errors/*.case` changes the small site in
//! `tests/errors/base/` and states the exact message and exit status `lnob build` must give.
//! The previous output must survive every failed build. `LNOB_BLESS=1` rewrites expectations.
//!
//! Case format: description lines; then `--- path` followed by the file's new text (or
//! `--- path (delete)`); then `=== exit N` followed by the expected stderr.

mod common;

use common::*;

struct Case {
    description: String,
    files: Vec<(String, Option<String>)>,
    expected: Option<(i32, String)>,
}

fn parse(text: &str) -> Case {
    let mut description = String::new();
    let mut files: Vec<(String, Option<String>)> = Vec::new();
    let mut expected: Option<(i32, String)> = None;
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
        if let Some(rest) = line.strip_prefix("--- ") {
            let rest = rest.trim_end_matches('\n');
            if let Some(path) = rest.strip_suffix(" (delete)") {
                files.push((path.to_string(), None));
                current = None;
            } else {
                files.push((rest.to_string(), Some(String::new())));
                current = Some(rest.to_string());
            }
            continue;
        }
        match &current {
            Some(_) => files.last_mut().expect("file").1.as_mut().expect("text").push_str(line),
            None => description.push_str(line),
        }
    }
    Case { description, files, expected }
}

fn render(case: &Case, code: i32, stderr: &str) -> String {
    let mut out = case.description.clone();
    for (path, text) in &case.files {
        match text {
            Some(t) => {
                out.push_str(&format!("--- {path}\n"));
                out.push_str(t);
            }
            None => out.push_str(&format!("--- {path} (delete)\n")),
        }
    }
    out.push_str(&format!("=== exit {code}\n"));
    out.push_str(stderr);
    out
}

#[test]
fn every_bad_input_gives_its_exact_message_and_keeps_the_previous_output() {
    let dir = repo().join("tests/errors");
    let mut cases: Vec<_> = std::fs::read_dir(&dir).expect("dir").flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "case")).collect();
    cases.sort();
    assert!(cases.len() >= 10, "the corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    for path in &cases {
        let text = std::fs::read_to_string(path).expect("read case");
        let case = parse(&text);
        let tmp = tempfile::tempdir().expect("tmp");
        let site = tmp.path().join("site");
        copy_tree(&dir.join("base"), &site);
        let out = site.join("public");
        let first = lnob().args(["build", "--quiet", "--root"]).arg(&site).arg("--output").arg(&out).output().expect("run");
        assert!(first.status.success(), "base site must build: {}", String::from_utf8_lossy(&first.stderr));
        let before = read_tree(&out);
        for (rel, text) in &case.files {
            let p = site.join(rel);
            match text {
                Some(t) => {
                    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
                    std::fs::write(&p, t.replace("\\r\\n", "\r\n").replace("<BOM>", "\u{feff}")).expect("write");
                }
                None => {
                    let _ = std::fs::remove_file(&p);
                }
            }
        }
        let run = lnob().args(["build", "--quiet", "--root"]).arg(&site).arg("--output").arg(&out).output().expect("run");
        let code = run.status.code().unwrap_or(-1);
        let stderr = String::from_utf8_lossy(&run.stderr).replace(&site.display().to_string(), "<site>");
        let name = path.file_name().unwrap_or_default().to_string_lossy().to_string();
        if code != 0 && read_tree(&out) != before {
            failures.push(format!("{name}: the failed build changed the previous output"));
        }
        let leftovers: Vec<_> = std::fs::read_dir(&site).expect("dir").flatten().map(|e| e.file_name().to_string_lossy().to_string()).filter(|n| n.contains("lnob-tmp") || n.contains("lnob-old")).collect();
        if !leftovers.is_empty() {
            failures.push(format!("{name}: left {leftovers:?} behind"));
        }
        if stderr.contains("panicked") {
            failures.push(format!("{name}: panicked:\n{stderr}"));
        }
        match &case.expected {
            Some((c, e)) if !bless() => {
                if *c != code || *e != stderr {
                    failures.push(format!("{name}: expected exit {c} and\n{e}\n--- got exit {code} and\n{stderr}"));
                }
            }
            _ => std::fs::write(path, render(&case, code, &stderr)).expect("bless"),
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}
