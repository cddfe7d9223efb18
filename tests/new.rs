//! `lnob new story|page|plan` in a copy of a fixture site, and `lnob new DIR` beside them.

mod common;

use std::path::{Path, PathBuf};

use common::*;

fn site(fixture: &str) -> (tempfile::TempDir, PathBuf) {
    fixture_copy(fixture)
}

/// Runs `lnob new ARGS --root SITE`: exit code and stderr.
fn new(site: &Path, args: &[&str]) -> (i32, String) {
    let out = lnob()
        .arg("new")
        .args(args)
        .arg("--root")
        .arg(site)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn today() -> String {
    chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

fn builds(site: &Path, drafts: bool) -> (bool, String, PathBuf) {
    let out = site.parent().expect("parent").join("out");
    let mut cmd = lnob();
    cmd.args(["build", "--quiet", "--root"])
        .arg(site)
        .arg("--output")
        .arg(&out);
    if drafts {
        cmd.arg("--drafts");
    }
    let run = cmd.output().expect("build");
    (
        run.status.success(),
        String::from_utf8_lossy(&run.stderr).to_string(),
        out,
    )
}

#[test]
fn a_new_household_story_is_a_draft_without_consent_and_the_site_still_builds() {
    let (_tmp, site) = site("vi-small");
    let (code, err) = new(
        &site,
        &[
            "story",
            "Hộ ông Kơ Să Ha \"thoát nghèo\"",
            "--region",
            "Rô Men",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let file = site.join("content/stories/ho-ong-ko-sa-ha-thoat-ngheo.md");
    let text = std::fs::read_to_string(&file).expect("the story");
    assert!(
        text.starts_with("+++\ntitle = 'Hộ ông Kơ Să Ha \"thoát nghèo\"'\n"),
        "{text}"
    );
    assert!(text.contains(&format!("\ndate = {}\n", today())), "{text}");
    assert!(text.contains("\nkind = \"household\" "), "{text}");
    assert!(
        text.contains(
            "\nregion = \"24877\"            # Xã Rô Men, Huyện Đam Rông, Tỉnh Lâm Đồng\n"
        ),
        "{text}"
    );
    assert!(text.contains("\nconsent = false\n"), "{text}");
    assert!(
        text.contains(
            "# consent: chỉ đổi thành true khi hộ hoặc người được kể trong câu chuyện đã đồng ý"
        ),
        "{text}"
    );
    assert!(text.contains("\ndraft = true\n"), "{text}");
    assert!(err.contains("lnob serve --drafts"), "{err}");
    // Not published until consent is given; with --drafts the missing consent is reported.
    let (ok, err, _) = builds(&site, false);
    assert!(ok, "{err}");
    let (ok, err, _) = builds(&site, true);
    assert!(
        !ok && err.contains("consent = true") && err.contains("ho-ong-ko-sa-ha-thoat-ngheo.md:4:8"),
        "{err}"
    );
    // Once consent is recorded and the draft line removed, it is built.
    let text = text
        .replace("consent = false", "consent = true")
        .replace("draft = true\n", "");
    std::fs::write(&file, text).expect("write");
    let (ok, err, out) = builds(&site, false);
    assert!(ok, "{err}");
    assert!(out
        .join("cau-chuyen/ho-ong-ko-sa-ha-thoat-ngheo/index.html")
        .is_file());
}

#[test]
fn a_new_collective_story_is_published_at_once() {
    let (_tmp, site) = site("vi-small");
    let (code, err) = new(
        &site,
        &[
            "story",
            "Tổ hợp tác dệt thổ cẩm",
            "--region",
            "xã Rô Men",
            "--kind",
            "collective",
            "--slug",
            "to-det",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(site.join("content/stories/to-det.md")).expect("the story");
    assert!(text.contains("kind = \"collective\""));
    assert!(
        text.contains("consent = false\n") && !text.contains("draft"),
        "{text}"
    );
    let (ok, err, out) = builds(&site, false);
    assert!(ok, "{err}");
    let page = std::fs::read_to_string(out.join("cau-chuyen/to-det/index.html")).expect("page");
    assert!(page.contains("Tổ hợp tác dệt thổ cẩm"));
}

#[test]
fn never_overwrites_and_refuses_bad_input() {
    let (_tmp, site) = site("vi-small");
    let existing = site.join("content/stories/to-tiet-kiem.md");
    let before = std::fs::read(&existing).expect("read");
    let (code, err) = new(
        &site,
        &[
            "story",
            "Tổ tiết kiệm",
            "--region",
            "24877",
            "--kind",
            "collective",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("content/stories/to-tiet-kiem.md đã có; lnob new không ghi đè"),
        "{err}"
    );
    assert_eq!(std::fs::read(&existing).expect("read"), before);
    // A folder story with the same slug counts too.
    let (code, err) = new(&site, &["story", "Hộ bà Ka H'Nga", "--region", "24877"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("content/stories/ho-ba-ka-hnga/index.md đã có"),
        "{err}"
    );
    let (code, err) = new(&site, &["story", "X", "--region", "Rô Mên"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("không có đơn vị hành chính `Rô Mên`") && err.contains("ý bạn là `Rô Men`?"),
        "{err}"
    );
    let (code, err) = new(&site, &["story", "X", "--region", "24877", "--kind", "hộ"]);
    assert_eq!(code, 2);
    assert!(err.contains("loại câu chuyện `hộ` không hợp lệ"), "{err}");
    let (code, err) = new(
        &site,
        &["story", "X", "--region", "24877", "--slug", "../x"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("slug `../x` không hợp lệ"), "{err}");
    let (code, err) = new(&site, &["page", "Câu chuyện"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("/cau-chuyen/ dành cho các trang của lnob"),
        "{err}"
    );
    let (code, err) = new(&site, &["plan", "Kế hoạch"]);
    assert_eq!(code, 2);
    assert!(err.contains("mã kế hoạch `Kế hoạch` không hợp lệ"), "{err}");
    let (code, err) = new(&site, &["plan", "dam-rong"]);
    assert_eq!(code, 2);
    assert!(err.contains("data/plans/dam-rong.toml đã có"), "{err}");
    let leftovers: Vec<_> = walkdir::WalkDir::new(&site)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("x."))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn an_ambiguous_unit_name_lists_the_codes_and_the_kind_word_settles_it() {
    let (_tmp, site) = site("vi-small");
    std::fs::write(
        site.join("data/regions/extra.toml"),
        "[[region]]\ncode = \"99999\"\nname = \"Rô Men\"\nkind = \"thôn\"\nlevel = \"hamlet\"\nparent = \"24877\"\n",
    )
    .expect("write");
    let (code, err) = new(
        &site,
        &[
            "story",
            "Một câu chuyện",
            "--region",
            "Rô Men",
            "--kind",
            "model",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("tên đơn vị `Rô Men` không rõ: có 2 đơn vị cùng tên"),
        "{err}"
    );
    assert!(
        err.contains("  24877  Xã Rô Men, Huyện Đam Rông, Tỉnh Lâm Đồng")
            && err.contains("  99999  Thôn Rô Men, Xã Rô Men"),
        "{err}"
    );
    let (code, err) = new(
        &site,
        &[
            "story",
            "Một câu chuyện",
            "--region",
            "thôn Rô Men",
            "--kind",
            "model",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let text =
        std::fs::read_to_string(site.join("content/stories/mot-cau-chuyen.md")).expect("story");
    assert!(text.contains("region = \"99999\""), "{text}");
}

#[test]
fn a_new_page_and_plan_build_and_are_served_at_their_addresses() {
    let (_tmp, site) = site("vi-small");
    let (code, err) = new(&site, &["page", "Liên hệ"]);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(site.join("content/pages/lien-he.md")).expect("page");
    assert!(
        page.starts_with(&format!("+++\ntitle = \"Liên hệ\"\ndate = {}\n", today())),
        "{page}"
    );
    let (code, err) = new(&site, &["plan", "dam-rong-2026", "--region", "Đam Rông"]);
    assert_eq!(code, 0, "{err}");
    let plan = std::fs::read_to_string(site.join("data/plans/dam-rong-2026.toml")).expect("plan");
    assert!(
        plan.contains("\nregion = \"674\"              # Huyện Đam Rông, Tỉnh Lâm Đồng\n"),
        "{plan}"
    );
    assert!(plan.contains(&format!("\nissued = {}", today())), "{plan}");
    // Without --region a plan takes the site's only top-level unit.
    let (code, err) = new(&site, &["plan", "lam-dong"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        std::fs::read_to_string(site.join("data/plans/lam-dong.toml"))
            .expect("plan")
            .contains("region = \"68\"")
    );
    let (ok, err, out) = builds(&site, false);
    assert!(ok, "{err}");
    assert!(out.join("lien-he/index.html").is_file());
    assert!(out.join("ke-hoach/dam-rong-2026/index.html").is_file());
}

#[test]
fn an_english_site_gets_english_comments_and_messages() {
    let (_tmp, site) = site("en-small");
    let (code, err) = new(
        &site,
        &[
            "story",
            "A cooperative of weavers",
            "--region",
            "674",
            "--kind",
            "individual",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(site.join("content/stories/a-cooperative-of-weavers.md"))
        .expect("story");
    assert!(
        text.contains(
            "# consent: change to true only once the household or person in this story has agreed"
        ),
        "{text}"
    );
    assert!(err.starts_with("Created "), "{err}");
    let (code, err) = new(
        &site,
        &["story", "A cooperative of weavers", "--region", "674"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("already exists; lnob new never overwrites a file"),
        "{err}"
    );
}

#[test]
fn lnob_new_dir_still_creates_a_site() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("story");
    let run = lnob().arg("new").arg(&dir).output().expect("run");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(dir.join("site.toml").is_file());
    let run = lnob().arg("new").output().expect("run");
    assert_eq!(run.status.code(), Some(2));
    // Outside a site, a story has nowhere to go.
    let (code, err) = new(tmp.path(), &["story", "X", "--region", "1"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("site.toml"), "{err}");
}
