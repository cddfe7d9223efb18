//! Fixture sites built end to end. Every file in `tests/sites/NAME/expected/` must be
//! produced with exactly that content; `LNOB_BLESS=1` rewrites them from the current output.

mod common;

use common::*;

fn build(name: &str) -> (std::collections::BTreeMap<String, Vec<u8>>, String) {
    let (tmp, site) = fixture_copy(name);
    let out = tmp.path().join("out");
    let stderr = build_ok(&site, &out);
    (read_tree(&out), stderr)
}

fn check_expected(name: &str) {
    let (tree, _) = build(name);
    let expected_dir = repo().join("tests/sites").join(name).join("expected");
    let expected = read_tree(&expected_dir);
    assert!(
        !expected.is_empty() || bless(),
        "{name} has no expected files"
    );
    let mut failures = Vec::new();
    for (rel, want) in &expected {
        match tree.get(rel) {
            None => failures.push(format!("{rel}: expected but not produced")),
            Some(got) if got != want => {
                if bless() {
                    std::fs::write(expected_dir.join(rel), got).expect("bless");
                } else {
                    failures.push(format!(
                        "{rel}: differs from expected\n--- got:\n{}",
                        String::from_utf8_lossy(got)
                    ));
                }
            }
            _ => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn vietnamese_site_matches_expected_pages() {
    check_expected("vi-small");
}

#[test]
fn english_site_matches_expected_pages() {
    check_expected("en-small");
}

#[test]
fn builds_a_page_for_every_unit_story_plan_award_year_and_term() {
    let (tree, _) = build("vi-small");
    for path in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "feed.xml",
        "khen-thuong/feed.xml",
        "style.css",
        "dia-phuong/index.html",
        "dia-phuong/lam-dong/index.html",
        "dia-phuong/lam-dong/dam-rong/index.html",
        "dia-phuong/lam-dong/dam-rong/ro-men/index.html",
        "cau-chuyen/index.html",
        "cau-chuyen/to-tiet-kiem/index.html",
        "cau-chuyen/ho-ba-ka-hnga/index.html",
        "cau-chuyen/ho-ba-ka-hnga/bo.svg",
        "mo-hinh/index.html",
        "mo-hinh/chan-nuoi-bo-sinh-san/index.html",
        "the/vay-von/index.html",
        "the/chan-nuoi/index.html",
        "loai/ho-gia-dinh/index.html",
        "loai/tap-the/index.html",
        "nam/2023/index.html",
        "khen-thuong/index.html",
        "khen-thuong/nam/2023/index.html",
        "khen-thuong/dot/so-ket-2023/index.html",
        "khen-thuong/dot/yearly-2023/index.html",
        "khen-thuong/hinh-thuc/giay-khen-chu-tich-xa/index.html",
        "khen-thuong/dia-phuong/lam-dong/dam-rong/ro-men/index.html",
        "ke-hoach/index.html",
        "ke-hoach/dam-rong/index.html",
        "gioi-thieu/index.html",
        "tim-kiem/index.html",
        "tim-kiem/i/meta.json",
        "tim-kiem/i/w0.json",
        "tim-kiem/i/d0.json",
        "search.js",
        "share.js",
    ] {
        assert!(tree.contains_key(path), "missing {path}");
    }
    for (path, bytes) in &tree {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            assert!(
                html.starts_with("<!doctype html>\n<html lang=\"vi\">"),
                "{path} has no lang"
            );
        }
    }
}

#[test]
fn sanitises_raw_html_in_stories() {
    let (tree, _) = build("vi-small");
    let html = String::from_utf8_lossy(&tree["cau-chuyen/ho-ba-ka-hnga/index.html"]).to_string();
    assert!(!html.contains("<script>alert"), "script survived");
    assert!(!html.contains("javascript:"), "javascript: link survived");
    assert!(html.contains("<table>"), "markdown table lost");
}

#[test]
fn two_builds_are_byte_identical() {
    let (a, _) = build("vi-small");
    let (b, _) = build("vi-small");
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(v == &b[k], "{k} differs between builds");
    }
}

#[test]
fn new_site_builds_with_the_built_in_theme() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("site");
    let run = lnob().arg("new").arg(&dir).output().expect("run");
    assert!(run.status.success());
    assert!(!dir.join("themes").exists());
    let run = lnob()
        .args(["build", "--quiet", "--root"])
        .arg(&dir)
        .output()
        .expect("run");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(dir.join("public/index.html").is_file());
    let again = lnob().arg("new").arg(&dir).output().expect("run");
    assert_eq!(
        again.status.code(),
        Some(2),
        "new refuses a non-empty folder"
    );
}

#[test]
fn output_may_not_be_the_site_or_its_sources() {
    let (tmp, site) = fixture_copy("vi-small");
    let before = read_tree(&site);
    for out in [".", "content", "data", "..", "content/stories"] {
        let run = lnob()
            .args(["build", "--quiet", "--root"])
            .arg(&site)
            .arg("--output")
            .arg(site.join(out))
            .output()
            .expect("run");
        assert_eq!(run.status.code(), Some(2), "--output {out} must be refused");
    }
    let outside = tmp.path().join("not-ours");
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::fs::write(outside.join("keep.txt"), "mine").expect("write");
    let run = lnob()
        .args(["build", "--quiet", "--root"])
        .arg(&site)
        .arg("--output")
        .arg(&outside)
        .output()
        .expect("run");
    assert_eq!(
        run.status.code(),
        Some(2),
        "a non-empty folder lnob did not make is refused"
    );
    assert_eq!(
        std::fs::read_to_string(outside.join("keep.txt")).expect("read"),
        "mine"
    );
    assert_eq!(read_tree(&site), before, "the site's files must not change");
}

#[test]
fn copies_an_image_next_to_a_single_file_story() {
    let (tree, _) = build("en-small");
    assert!(tree.contains_key("stories/to-tiet-kiem/nhom.svg"));
    let html = String::from_utf8_lossy(&tree["stories/to-tiet-kiem/index.html"]).to_string();
    assert!(
        html.contains("src=\"/lnob/stories/to-tiet-kiem/nhom.svg\""),
        "{html}"
    );
}

/// A site's own story card, commendation row and filter link partials are used in every list
/// that shows cards, rows or filters (they are rendered once per story, commendation or link
/// and pasted).
#[test]
fn own_card_and_row_partials_reach_every_list() {
    let (plain, _) = build("vi-small");
    let (tmp, site) = fixture_copy("vi-small");
    std::fs::create_dir_all(site.join("templates/partials")).expect("mkdir");
    std::fs::write(
        site.join("templates/partials/story_card.html"),
        "<li class=\"my-card\">{{ s.title }} · {{ t.story }}</li>\n",
    )
    .expect("write");
    std::fs::write(
        site.join("templates/partials/award_row.html"),
        "<li class=\"my-row\">{{ a.recipient }}</li>\n",
    )
    .expect("write");
    std::fs::write(
        site.join("templates/partials/chip.html"),
        "<li class=\"my-chip\"><a href=\"{{ c.url }}\">{{ c.name }}</a></li>",
    )
    .expect("write");
    let out = tmp.path().join("out");
    build_ok(&site, &out);
    let own = read_tree(&out);
    let count = |bytes: &[u8], what: &str| String::from_utf8_lossy(bytes).matches(what).count();
    let (mut cards, mut rows, mut chips) = (0, 0, 0);
    for (path, bytes) in plain.iter().filter(|(p, _)| p.ends_with(".html")) {
        let mine = &own[path];
        let c = count(bytes, "<h3><a href=\"/cau-chuyen/");
        let r = count(bytes, "<li class=\"award\" ");
        // Filter links: the chips of the stories list and the commendation pages (not the
        // big chips of a taxonomy's own page, which lists its terms itself).
        let f = if bytes.starts_with(b"<!doctype")
            && !String::from_utf8_lossy(bytes).contains("big-chips")
        {
            String::from_utf8_lossy(bytes)
                .split("<ul class=\"chips\">")
                .skip(1)
                .map(|rest| {
                    rest[..rest.find("</ul>").unwrap_or(0)]
                        .matches("<li>")
                        .count()
                })
                .sum()
        } else {
            0
        };
        assert_eq!(count(mine, "<li class=\"my-card\">"), c, "{path}: cards");
        assert_eq!(count(mine, "<li class=\"my-row\">"), r, "{path}: rows");
        assert_eq!(
            count(mine, "<li class=\"my-chip\">"),
            f,
            "{path}: filter links"
        );
        assert!(
            !String::from_utf8_lossy(mine).contains("<li class=\"award\" "),
            "{path}"
        );
        cards += c;
        rows += r;
        chips += f;
    }
    assert!(
        cards > 20 && rows > 10 && chips > 20,
        "{cards} cards, {rows} rows, {chips} filter links"
    );
    assert!(String::from_utf8_lossy(&own["index.html"]).contains(" · Câu chuyện</li>"));
}

/// Writes a plan `data/plans/STEM-NNN.toml` numbered `NNN/KH-UBND` for each of `numbers`, of
/// unit `region`, carrying out plan `parent` when given.
fn add_plans(
    site: &std::path::Path,
    stem: &str,
    numbers: std::ops::RangeInclusive<usize>,
    region: &str,
    parent: Option<&str>,
) {
    for i in numbers {
        let mut text = format!(
            "number = \"{i}/KH-UBND\"\ntitle = \"Kế hoạch thêm\"\nissuer = \"UBND\"\n\
             issued = 2023-01-01\nregion = \"{region}\"\nstart = 2023\nend = 2025\n"
        );
        if let Some(p) = parent {
            text.push_str(&format!("parent = \"{p}\"\n"));
        }
        std::fs::write(site.join(format!("data/plans/{stem}-{i:03}.toml")), text).expect("write");
    }
}

/// A site with many plans (a national one has one per province and district) lists ten on its
/// home page and links to the list of all of them, which names every one.
#[test]
fn the_home_lists_ten_plans_and_links_to_all() {
    let (tmp, site) = fixture_copy("vi-small");
    add_plans(&site, "them", 101..=111, "674", None);
    let out = tmp.path().join("out");
    build_ok(&site, &out);
    let files = read_tree(&out);
    let home = String::from_utf8_lossy(&files["index.html"]).into_owned();
    let listed = home.matches("</a> – Kế hoạch").count();
    assert_eq!(listed, 10, "{home}");
    assert!(
        home.contains("<a class=\"more\" href=\"/ke-hoach/\">Tất cả kế hoạch (12)</a>"),
        "{home}"
    );
    let all = String::from_utf8_lossy(&files["ke-hoach/index.html"]).into_owned();
    for n in ["01/KH-UBND", "101/KH-UBND", "111/KH-UBND"] {
        assert!(all.contains(&format!(">{n}</a>")), "{n}: {all}");
    }
}

/// A home page with more than six places counts each place's targets by status (a national
/// home has 63 provinces with about ten targets each); with six or fewer, each target has its
/// own line, as in `vi-small` and the example site.
#[test]
fn the_home_counts_each_places_targets_when_it_shows_many_places() {
    let (tmp, site) = fixture_copy("vi-small");
    let mut plan = String::from(
        "number = \"9/KH-UBND\"\ntitle = \"Kế hoạch tỉnh\"\nissuer = \"UBND tỉnh Lâm Đồng\"\n\
         issued = 2022-01-01\nregion = \"68\"\nstart = 2022\nend = 2025\n",
    );
    for metric in [
        "poor_rate",
        "near_poor_rate",
        "poor_and_near_poor_rate",
        "poor_households",
    ] {
        plan.push_str(&format!(
            "\n[[target]]\nmetric = \"{metric}\"\nchange = \"annual_reduction\"\nat_least = 1.0\ntext = \"Giảm\"\n"
        ));
    }
    std::fs::write(site.join("data/plans/tinh.toml"), plan).expect("write");
    let home_with = |provinces: usize, name: &str| -> String {
        let units = site.join("data/regions/units.toml");
        let mut text = std::fs::read_to_string(&units).expect("read");
        for i in 0..provinces {
            text.push_str(&format!(
                "\n[[region]]\ncode = \"9{i}\"\nname = \"Thêm {i}\"\nkind = \"tỉnh\"\nlevel = \"province\"\n"
            ));
        }
        let copy = tmp.path().join(name);
        copy_tree(&site, &copy);
        std::fs::write(copy.join("data/regions/units.toml"), text).expect("write");
        let out = tmp.path().join(format!("{name}-out"));
        build_ok(&copy, &out);
        String::from_utf8_lossy(&read_tree(&out)["index.html"]).into_owned()
    };
    // Six places: the province's four targets one by one (and the district's none).
    let six = home_with(5, "six");
    assert_eq!(six.matches("class=\"stat-card\"").count(), 6, "{six}");
    assert_eq!(six.matches("class=\"mini-status\"").count(), 4, "{six}");
    assert!(!six.contains("mục tiêu: "), "{six}");
    // Seven places: counted.
    let seven = home_with(6, "seven");
    assert_eq!(seven.matches("class=\"stat-card\"").count(), 7, "{seven}");
    assert!(
        seven.contains("<p class=\"mini-status\">4 mục tiêu: <span class=\"pill pill-no_data\">Chưa đủ dữ liệu</span> 4</p>"),
        "{seven}"
    );
    assert_eq!(seven.matches("class=\"mini-status\"").count(), 1, "{seven}");
}

/// A tree of more than 1,000 units (a national one has 11,367) is listed on the places page
/// down to the level that keeps the list within 1,000, with how many units each last one has
/// below it and a note that says where the others are; each unit still has its page.
#[test]
fn the_list_of_places_of_a_large_tree_stops_at_a_level() {
    let (tmp, site) = fixture_copy("vi-small");
    let units = site.join("data/regions/units.toml");
    let mut text = std::fs::read_to_string(&units).expect("read");
    for i in 0..1001 {
        text.push_str(&format!(
            "\n[[region]]\ncode = \"3{i:04}\"\nname = \"Thêm {i}\"\nkind = \"xã\"\nlevel = \"commune\"\nparent = \"674\"\n"
        ));
    }
    std::fs::write(&units, text).expect("write");
    let out = tmp.path().join("out");
    build_ok(&site, &out);
    let files = read_tree(&out);
    let list = String::from_utf8_lossy(&files["dia-phuong/index.html"]).into_owned();
    assert_eq!(list.matches("<li class=\"depth-").count(), 2, "{list}");
    assert!(
        list.contains("<p class=\"notice\">Danh sách này có 2 trong 1.004 đơn vị, đến cấp huyện. Các đơn vị cấp dưới có trên trang của đơn vị cấp trên và trong trang <a href=\"/tim-kiem/\">Tìm kiếm</a>.</p>"),
        "{list}"
    );
    assert!(
        list.contains("<span class=\"meta\">· 1.002 đơn vị cấp xã</span>"),
        "{list}"
    );
    assert!(files.contains_key("dia-phuong/lam-dong/dam-rong/them-1000/index.html"));
    // The vi-small list itself (four units) has neither.
    let (small, _) = build("vi-small");
    let small = String::from_utf8_lossy(&small["dia-phuong/index.html"]).into_owned();
    assert!(
        !small.contains("class=\"notice\"") && !small.contains("đơn vị cấp"),
        "{small}"
    );
}

/// More than 100 plans (a national site has 768): the plans page lists those that carry out no
/// other plan of the site, each with how many plans carry it out, and a note; each plan's page
/// still lists them all.
#[test]
fn the_plans_page_of_many_plans_lists_the_top_ones() {
    let (tmp, site) = fixture_copy("vi-small");
    add_plans(&site, "xa", 1..=100, "24877", Some("dam-rong"));
    let out = tmp.path().join("out");
    build_ok(&site, &out);
    let files = read_tree(&out);
    let list = String::from_utf8_lossy(&files["ke-hoach/index.html"]).into_owned();
    assert_eq!(list.matches("<li class=\"card\">").count(), 1, "{list}");
    assert!(list.contains(" · 100 kế hoạch thực hiện</p>"), "{list}");
    assert!(
        list.contains("<p class=\"notice\">Danh sách này có 1 trong 101 kế hoạch: "),
        "{list}"
    );
    let parent = String::from_utf8_lossy(&files["ke-hoach/dam-rong/index.html"]).into_owned();
    assert!(parent.contains(">100/KH-UBND</a>") && parent.contains(">1/KH-UBND</a>"));
    // 100 plans or fewer: every one, no note.
    std::fs::remove_file(site.join("data/plans/xa-100.toml")).expect("rm");
    let out = tmp.path().join("out100");
    build_ok(&site, &out);
    let list = String::from_utf8_lossy(&read_tree(&out)["ke-hoach/index.html"]).into_owned();
    assert_eq!(list.matches("<li class=\"card\">").count(), 100, "{list}");
    assert!(
        !list.contains("class=\"notice\"") && !list.contains("thực hiện</p>"),
        "{list}"
    );
}

/// With only the built-in list templates, the cards kept for every story hold just their HTML
/// (they print nothing else); a site's own list template still sees every field of a card and
/// of a commendation row, and the story page its whole card.
#[test]
fn own_list_templates_see_every_field_of_a_card() {
    let (plain, _) = build("vi-small");
    let (tmp, site) = fixture_copy("vi-small");
    std::fs::create_dir_all(site.join("templates")).expect("mkdir");
    let term = std::fs::read_to_string(repo().join("themes/default/templates/term.html"))
        .expect("read")
        .replace(
            "{{ stories | join_html }}",
            "{% for s in stories %}<li class=\"mine\">{{ s.title }} · {{ s.unit.name }} · {{ s.iso_date }}</li>{% endfor %}",
        );
    std::fs::write(site.join("templates/term.html"), term).expect("write");
    let out = tmp.path().join("out");
    build_ok(&site, &out);
    let own = read_tree(&out);
    // Term pages list the cards through the site's template; every other page, story pages
    // included, is as with the built-in templates.
    let mut lists = 0;
    for (path, bytes) in &plain {
        let html = String::from_utf8_lossy(&own[path]);
        if !html.contains("<li class=\"mine\">") {
            assert_eq!(&own[path], bytes, "{path}");
            continue;
        }
        lists += 1;
        for item in html.split("<li class=\"mine\">").skip(1) {
            let item = item.split("</li>").next().unwrap_or("");
            let parts: Vec<&str> = item.split(" · ").collect();
            assert!(
                parts.len() == 3
                    && parts.iter().all(|p| !p.is_empty())
                    && parts[2].starts_with("20"),
                "{path}: {item}"
            );
        }
    }
    assert!(lists >= 4, "{lists} term pages");
}
