//! What the build and serve commands print: the summary, phase timings, quiet runs, and the
//! warning for serving beyond loopback.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

use common::*;

fn site(fixture: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    fixture_copy(fixture)
}

#[test]
fn a_build_ends_with_pages_charts_and_feeds_and_times_its_phases_with_v() {
    let (tmp, site) = site("vi-small");
    let out = tmp.path().join("out");
    let run = lnob()
        .args(["build", "-v", "--root"])
        .arg(&site)
        .arg("--output")
        .arg(&out)
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    let tree = read_tree(&out);
    let pages = tree.keys().filter(|k| k.ends_with(".html")).count();
    let charts = tree
        .keys()
        .filter(|k| {
            k.rsplit('/')
                .next()
                .is_some_and(|n| n.starts_with("bieu-do") && n.ends_with(".svg"))
        })
        .count();
    assert!(charts > 0);
    assert!(
        lines[0].starts_with(&format!(
            "Đã dựng {pages} trang, {charts} biểu đồ, 2 nguồn tin vào "
        )),
        "{err}"
    );
    assert!(
        lines[0].ends_with(" giây") && lines[0].contains(" trong 0,"),
        "{err}"
    );
    assert!(
        lines[1].starts_with("  các bước: load ")
            && lines[1].contains(" · render+write ")
            && lines[1].contains(" · swap "),
        "{err}"
    );
    assert!(
        lines[1].contains(",") && !lines[1].contains('.'),
        "Vietnamese decimals: {err}"
    );
    assert_eq!(
        lines[2], "  ảnh chia sẻ: 6 vẽ mới, 0 lấy lại từ lần dựng trước",
        "{err}"
    );
    // Not a terminal: no progress line, no escape codes.
    assert!(!err.contains('\u{1b}') && !err.contains('\r'), "{err:?}");

    let (tmp, site) = self::site("en-small");
    let run = lnob()
        .args(["build", "--root"])
        .arg(&site)
        .arg("--output")
        .arg(tmp.path().join("out"))
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.starts_with("Built ")
            && err.contains(" charts, 2 feeds into ")
            && err.trim_end().ends_with(" s"),
        "{err}"
    );
    let run = lnob()
        .args(["build", "--quiet", "--root"])
        .arg(&site)
        .arg("--output")
        .arg(tmp.path().join("out"))
        .output()
        .expect("run");
    assert!(
        run.status.success() && run.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn serve_refuses_a_bind_that_is_not_an_address() {
    let (_tmp, site) = site("vi-small");
    let run = lnob()
        .args(["serve", "--port", "0", "--bind", "example.org", "--root"])
        .arg(&site)
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("--bind example.org is not an IP address")
    );
}

#[test]
fn serve_warns_when_told_to_listen_beyond_loopback() {
    let (_tmp, site) = site("vi-small");
    let mut child = lnob()
        .args(["serve", "--port", "0", "--bind", "0.0.0.0", "--root"])
        .arg(&site)
        .stderr(Stdio::piped())
        .spawn()
        .expect("run");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut text = String::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            text.push_str(&line);
            text.push('\n');
            if line.contains("http://") {
                let _ = tx.send(text.clone());
            }
        }
    });
    let text = rx.recv_timeout(Duration::from_secs(60));
    let _ = child.kill();
    let _ = child.wait();
    let text = text.expect("serve started");
    assert!(
        text.starts_with("warning: serving on 0.0.0.0, not on loopback"),
        "{text}"
    );
}

/// A district whose made slug is the word of later list pages (`trang`) and that has a
/// numbered ward would share an address with page 2 of its province's lists: it takes its
/// kind word in front instead.
#[test]
fn a_unit_slugged_like_later_pages_takes_its_kind_word() {
    let (tmp, site) = site("vi-small");
    std::fs::write(
        site.join("data/regions/more.toml"),
        "[[region]]\ncode = \"675\"\nname = \"Trảng\"\nkind = \"huyện\"\nlevel = \"district\"\nparent = \"68\"\n\n\
         [[region]]\ncode = \"24900\"\nname = \"2\"\nkind = \"phường\"\nlevel = \"commune\"\nparent = \"675\"\n",
    )
    .expect("write");
    let out = tmp.path().join("out");
    build_ok(&site, &out);
    assert!(out
        .join("dia-phuong/lam-dong/huyen-trang/2/index.html")
        .is_file());
    assert!(!out.join("dia-phuong/lam-dong/trang").exists());
}
