//! What the fixture sites give readers who share, embed, download and print: social cards and
//! their meta tags, self-contained embeds, open data with its Data Package, annual reports.

mod common;

use std::collections::BTreeMap;

use common::*;

fn build_with(name: &str, extra_config: &str) -> BTreeMap<String, Vec<u8>> {
    let (tmp, site) = fixture_copy(name);
    if !extra_config.is_empty() {
        let toml = site.join("site.toml");
        let mut text = std::fs::read_to_string(&toml).expect("read");
        text.push('\n');
        text.push_str(extra_config);
        std::fs::write(&toml, text).expect("write");
    }
    let out = tmp.path().join("out");
    build_ok(&site, &out);
    read_tree(&out)
}

fn text(tree: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        tree.get(path)
            .unwrap_or_else(|| panic!("missing {path}"))
            .clone(),
    )
    .expect("utf-8")
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&bytes[12..16], b"IHDR");
    let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    (w, h)
}

fn meta(html: &str, key: &str) -> Option<String> {
    let needle = format!("=\"{key}\" content=\"");
    let i = html.find(&needle)? + needle.len();
    Some(html[i..i + html[i..].find('"')?].to_string())
}

#[test]
fn every_unit_and_story_has_a_1200_by_630_social_card() {
    let tree = build_with("vi-small", "");
    for path in [
        "anh-chia-se.png",
        "dia-phuong/lam-dong/anh-chia-se.png",
        "dia-phuong/lam-dong/dam-rong/anh-chia-se.png",
        "dia-phuong/lam-dong/dam-rong/ro-men/anh-chia-se.png",
        "cau-chuyen/ho-ba-ka-hnga/anh-chia-se.png",
        "cau-chuyen/to-tiet-kiem/anh-chia-se.png",
    ] {
        let bytes = tree.get(path).unwrap_or_else(|| panic!("missing {path}"));
        assert_eq!(png_size(bytes), (1200, 630), "{path}");
    }
}

#[test]
fn pages_carry_open_graph_twitter_and_json_ld() {
    let tree = build_with("vi-small", "");
    let story = text(&tree, "cau-chuyen/ho-ba-ka-hnga/index.html");
    assert_eq!(meta(&story, "og:type").as_deref(), Some("article"));
    assert_eq!(
        meta(&story, "og:url").as_deref(),
        Some("https://example.vn/cau-chuyen/ho-ba-ka-hnga/")
    );
    assert_eq!(
        meta(&story, "og:image").as_deref(),
        Some("https://example.vn/cau-chuyen/ho-ba-ka-hnga/anh-chia-se.png")
    );
    assert_eq!(
        meta(&story, "twitter:card").as_deref(),
        Some("summary_large_image")
    );
    assert!(meta(&story, "og:title").is_some_and(|t| t.contains("Ka H")));
    let ld = json_ld(&story);
    assert_eq!(
        ld,
        serde_json::json!({
            "@context": "https://schema.org",
            "@type": "Article",
            "author": {"@type": "Organization", "name": "Trung tâm Văn hóa – Truyền thông huyện Đam Rông"},
            "contentLocation": {"@type": "AdministrativeArea", "name": "Xã Rô Men"},
            "dateModified": "2023-06-15",
            "datePublished": "2023-06-15",
            "description": "Từ khoản vay 50 triệu đồng của Ngân hàng Chính sách xã hội, gia đình bà đã có đàn bò năm con.",
            "headline": "Hộ bà Ka H'Nga thoát nghèo nhờ nuôi bò sinh sản",
            "image": [
                "https://example.vn/cau-chuyen/ho-ba-ka-hnga/anh-chia-se.png",
                "https://example.vn/cau-chuyen/ho-ba-ka-hnga/bo.svg"
            ],
            "inLanguage": "vi",
            "keywords": ["vay vốn", "chăn nuôi"],
            "mainEntityOfPage": "https://example.vn/cau-chuyen/ho-ba-ka-hnga/",
            "publisher": {
                "@id": "https://example.vn/#publisher",
                "@type": "GovernmentOrganization",
                "name": "Thử nghiệm",
                "url": "https://example.vn/"
            },
            "url": "https://example.vn/cau-chuyen/ho-ba-ka-hnga/"
        })
    );
    // Keys in the order of a sorted map, as they have always been written.
    let keys = [
        "\"@context\"",
        "\"@type\"",
        "\"author\"",
        "\"contentLocation\"",
        "\"dateModified\"",
        "\"datePublished\"",
        "\"description\"",
        "\"headline\"",
        "\"image\"",
        "\"inLanguage\"",
        "\"keywords\"",
        "\"mainEntityOfPage\"",
        "\"publisher\"",
        "\"url\":\"https://example.vn/cau-chuyen",
    ];
    let script = &story[story.find("application/ld+json").expect("JSON-LD")..];
    let at: Vec<usize> = keys
        .iter()
        .map(|k| script.find(k).unwrap_or_else(|| panic!("{k}")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    // A story without an author is credited to the publisher.
    let other = text(&tree, "cau-chuyen/to-tiet-kiem/index.html");
    let ld = json_ld(&other);
    assert_eq!(ld["author"], ld["publisher"]);
    assert_eq!(ld["author"]["@type"], "GovernmentOrganization");

    let home = text(&tree, "index.html");
    let ld = json_ld(&home);
    let types: Vec<&str> = ld["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["@type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["WebSite", "GovernmentOrganization"]);

    for (path, bytes) in &tree {
        if path.ends_with(".html") && !path.starts_with("nhung/") {
            let html = String::from_utf8_lossy(bytes);
            for key in [
                "og:title",
                "og:description",
                "og:url",
                "og:image",
                "twitter:card",
            ] {
                assert!(meta(&html, key).is_some(), "{path} has no {key}");
            }
        }
    }
}

fn json_ld(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>").expect("end");
    serde_json::from_str(&html[start..end]).expect("JSON-LD parses")
}

#[test]
fn social_cards_can_be_turned_off() {
    let tree = build_with("vi-small", "social_cards = false");
    assert!(
        !tree.keys().any(|k| k.ends_with(".png")),
        "no card is drawn"
    );
    let unit = text(&tree, "dia-phuong/lam-dong/dam-rong/index.html");
    assert_eq!(meta(&unit, "twitter:card").as_deref(), Some("summary"));
    assert!(meta(&unit, "og:image").is_none());
}

#[test]
fn embeds_are_small_self_contained_pages() {
    let tree = build_with("vi-small", "");
    let mut n = 0;
    for (path, bytes) in tree.iter().filter(|(p, _)| p.starts_with("nhung/")) {
        n += 1;
        assert!(bytes.len() < 30 * 1024, "{path} is {} bytes", bytes.len());
        let html = String::from_utf8_lossy(bytes);
        assert!(!html.contains("http"), "{path} names a host");
        assert!(
            !html.contains("//"),
            "{path} has a protocol-relative reference"
        );
        assert!(!html.contains("<link"), "{path} loads a stylesheet");
        assert!(!html.contains("<script"), "{path} has a script");
        assert!(!html.contains("<img"), "{path} loads an image");
        assert!(!html.contains("url("), "{path} loads something from CSS");
    }
    assert_eq!(n, 3, "one embed per unit");
    let embed = text(&tree, "nhung/lam-dong/dam-rong/index.html");
    assert!(embed.contains("<svg"), "the chart is inline");
    assert!(embed.contains("<style>"), "the style is inline");
    let unit = text(&tree, "dia-phuong/lam-dong/dam-rong/index.html");
    assert!(unit.contains("&lt;iframe src=&quot;https:&#x2F;&#x2F;example.vn&#x2F;nhung&#x2F;lam-dong&#x2F;dam-rong&#x2F;&quot;") || unit.contains("&lt;iframe src=&quot;https://example.vn/nhung/lam-dong/dam-rong/&quot;"), "the unit page offers the iframe code");
    assert!(unit.contains("<textarea id=\"embed-code\" readonly"));
}

#[test]
fn open_data_files_are_described_by_the_data_package() {
    let tree = build_with("vi-small", "");
    let pkg: serde_json::Value =
        serde_json::from_slice(&tree["du-lieu/datapackage.json"]).expect("datapackage.json parses");
    assert!(pkg["name"]
        .as_str()
        .unwrap()
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-._".contains(c)));
    assert!(pkg["licenses"][0]["name"].is_string());
    let resources = pkg["resources"].as_array().unwrap();
    let paths: Vec<&str> = resources
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    let mut data_files: Vec<&str> = tree
        .keys()
        .filter_map(|k| k.strip_prefix("du-lieu/"))
        .filter(|k| k.ends_with(".csv") || k.ends_with(".json"))
        .filter(|k| *k != "datapackage.json")
        .collect();
    data_files.sort();
    let mut listed = paths.clone();
    listed.sort();
    assert_eq!(
        listed, data_files,
        "every data file is listed, and nothing else"
    );
    for name in [
        "so-lieu.csv",
        "muc-tieu.csv",
        "muc-tieu.json",
        "khen-thuong.csv",
        "dia-phuong.csv",
    ] {
        assert!(paths.contains(&name), "{name}");
    }
    for r in resources {
        let path = r["path"].as_str().unwrap();
        let bytes = &tree[&format!("du-lieu/{path}")];
        assert_eq!(r["bytes"].as_u64(), Some(bytes.len() as u64), "{path} size");
        for key in ["name", "format", "mediatype", "encoding"] {
            assert!(r[key].is_string(), "{path} has no {key}");
        }
        let fields = r["schema"]["fields"].as_array().expect("fields");
        for f in fields {
            assert!(
                f["name"].is_string() && f["type"].is_string() && f["description"].is_string(),
                "{path}: {f}"
            );
        }
        let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        if path.ends_with(".csv") {
            assert!(
                bytes.starts_with("\u{feff}".as_bytes()),
                "{path} starts with the BOM"
            );
            let header = String::from_utf8_lossy(&bytes[3..])
                .lines()
                .next()
                .unwrap()
                .to_string();
            assert_eq!(header, names.join(","), "{path} columns match the schema");
        } else {
            let v: serde_json::Value = serde_json::from_slice(bytes).expect("JSON parses");
            for row in v.as_array().unwrap() {
                let keys: Vec<&str> = row
                    .as_object()
                    .unwrap()
                    .keys()
                    .map(|k| k.as_str())
                    .collect();
                let mut want = names.clone();
                want.sort();
                assert_eq!(keys, want, "{path} keys match the schema");
            }
        }
    }
    let index = text(&tree, "du-lieu/index.html");
    assert!(
        index.contains("(CSV, "),
        "download links name format and size"
    );
    assert!(index.contains("Trích dẫn đầy đủ"));
    let ld = json_ld(&index);
    assert_eq!(ld["@graph"][0]["@type"], "Dataset");
}

#[test]
fn chart_downloads_name_their_size_and_charts_say_how_to_cite() {
    let tree = build_with("vi-small", "");
    let unit = text(&tree, "dia-phuong/lam-dong/dam-rong/index.html");
    let size = tree["dia-phuong/lam-dong/dam-rong/bieu-do.csv"].len();
    assert!(
        unit.contains(&format!("CSV, {size} B")) || unit.contains("CSV, ") && unit.contains(" KB"),
        "CSV size shown"
    );
    assert!(unit.contains("Trích dẫn ngắn") && unit.contains("CC BY 4.0"));
}

#[test]
fn reports_exist_for_each_year_of_figures_down_to_districts() {
    let tree = build_with("vi-small", "");
    for year in [2021, 2022, 2023] {
        let path = format!("bao-cao/{year}/lam-dong/dam-rong/index.html");
        let html = text(&tree, &path);
        assert!(
            html.contains("@page { size: A4"),
            "{path} is laid out for A4"
        );
        assert!(html.contains(&format!("Báo cáo năm {year}")));
    }
    assert!(
        !tree
            .keys()
            .any(|k| k.starts_with("bao-cao/") && k.contains("ro-men")),
        "communes get no report by default"
    );
    let all = build_with("vi-small", "reports = \"commune\"");
    assert!(
        all.keys()
            .any(|k| k.starts_with("bao-cao/") && k.ends_with("/dam-rong/ro-men/index.html")),
        "reports = \"commune\" adds communes"
    );
    let none = build_with("vi-small", "reports = \"none\"");
    assert!(!none.keys().any(|k| k.starts_with("bao-cao/")));
}

#[test]
fn english_sites_use_english_words_and_numbers() {
    let tree = build_with("en-small", "");
    assert!(tree.contains_key("social-card.png"));
    assert!(tree.contains_key("data/datapackage.json"));
    assert!(tree.contains_key("data/figures.csv") && tree.contains_key("data/targets.csv"));
    assert!(tree.keys().any(|k| k.starts_with("embed/")));
    let report = "reports/2023/lam-dong/dam-rong/index.html".to_string();
    let html = text(&tree, &report);
    assert!(html.contains("Report 20"), "{report}");
    assert!(!html.contains("Báo cáo"), "no Vietnamese interface words");
    let data = text(&tree, "data/index.html");
    assert!(data.contains("Full citation") && data.contains("Licence"));
    let unit = tree
        .keys()
        .find(|k| k.starts_with("places/") && k.ends_with("dam-rong/index.html"))
        .expect("unit page")
        .clone();
    let unit = text(&tree, &unit);
    assert!(
        unit.contains("Annual reports") && unit.contains("Embed this chart"),
        "English words on the unit page"
    );
    assert!(
        html.contains("Poor-household rate") && html.contains("7.84%") && html.contains("11,350"),
        "English number style"
    );
}

#[test]
fn readers_output_is_byte_identical_between_builds() {
    let a = build_with("en-small", "");
    let b = build_with("en-small", "");
    for (k, v) in &a {
        if k.ends_with(".png")
            || k.starts_with("data/")
            || k.starts_with("embed/")
            || k.starts_with("reports/")
        {
            assert!(v == &b[k], "{k} differs between builds");
        }
    }
}

#[test]
fn term_lists_are_paginated_like_the_stories_list() {
    let tree = build_with("vi-small", "paginate = 1");
    let first = text(&tree, "nam/2023/index.html");
    let second = text(&tree, "nam/2023/trang/2/index.html");
    assert!(
        first.contains("rel=\"next\" href=\"/nam/2023/trang/2/\""),
        "page 1 links to page 2:\n{first}"
    );
    assert!(
        second.contains("rel=\"prev\" href=\"/nam/2023/\""),
        "page 2 links back to page 1:\n{second}"
    );
    // One story on each page, none on both.
    let cards = |html: &str| html.matches("<li class=\"card").count();
    assert_eq!((cards(&first), cards(&second)), (1, 1));
    assert!(!tree.contains_key("nam/2023/trang/3/index.html"));
    assert!(text(&tree, "sitemap.xml").contains("/nam/2023/trang/2/"));
}

/// `lnob build --verbose` into `out`: the line that counts the link-preview cards.
fn cards_line(site: &std::path::Path, out: &std::path::Path) -> String {
    let stderr = build_ok_with(site, out, &["--verbose"]);
    stderr
        .lines()
        .find(|l| l.contains("ảnh chia sẻ"))
        .unwrap_or_else(|| panic!("no card count in:\n{stderr}"))
        .trim()
        .to_string()
}

/// A build into the folder of the last one takes each link-preview card that still shows the
/// same from it instead of drawing it again (drawing is most of a national build with cards),
/// and its output is byte for byte a build afresh.
#[test]
fn a_rebuild_takes_the_cards_that_show_the_same_from_the_last_output() {
    let (tmp, site) = fixture_copy("vi-small");
    let out = tmp.path().join("out");
    assert_eq!(
        cards_line(&site, &out),
        "ảnh chia sẻ: 6 vẽ mới, 0 lấy lại từ lần dựng trước"
    );
    let first = read_tree(&out);
    assert_eq!(
        cards_line(&site, &out),
        "ảnh chia sẻ: 0 vẽ mới, 6 lấy lại từ lần dựng trước"
    );
    assert!(
        read_tree(&out) == first,
        "the same bytes as the first build"
    );

    // A story with a new title: its card alone is drawn again. A card file cut short in the
    // last output is drawn again too.
    let story = site.join("content/stories/to-tiet-kiem.md");
    let text = std::fs::read_to_string(&story).expect("story");
    std::fs::write(
        &story,
        text.replace("\"Tổ tiết kiệm\"", "\"Tổ tiết kiệm xã Rô Men\""),
    )
    .expect("write");
    let unit_card = out.join("dia-phuong/lam-dong/anh-chia-se.png");
    let bytes = std::fs::read(&unit_card).expect("card");
    std::fs::write(&unit_card, &bytes[..bytes.len() / 2]).expect("cut");
    assert_eq!(
        cards_line(&site, &out),
        "ảnh chia sẻ: 2 vẽ mới, 4 lấy lại từ lần dựng trước"
    );
    let fresh = tmp.path().join("fresh");
    build_ok(&site, &fresh);
    let (again, fresh) = (read_tree(&out), read_tree(&fresh));
    assert!(
        again == fresh,
        "a rebuild gives the bytes of a build afresh"
    );
    assert!(
        again["cau-chuyen/to-tiet-kiem/anh-chia-se.png"]
            != first["cau-chuyen/to-tiet-kiem/anh-chia-se.png"]
    );
}
