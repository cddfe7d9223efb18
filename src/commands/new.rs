//! `lnob new DIR`: a small working site that uses the built-in theme.

use std::path::Path;

const SITE: &str = r#"title = "Vì người nghèo – Không để ai bị bỏ lại phía sau"
description = "Câu chuyện, mô hình và kết quả giảm nghèo của địa phương"
base_url = "https://example.vn"
language = "vi"
publisher = "Phòng Văn hóa và Thông tin"
"#;

const REGIONS: &str = r#"[[region]]
code = "68"
name = "Lâm Đồng"
kind = "tỉnh"
level = "province"

[[region]]
code = "674"
name = "Đam Rông"
kind = "huyện"
level = "district"
parent = "68"

[[region]]
code = "24877"
name = "Rô Men"
kind = "xã"
level = "commune"
parent = "674"
"#;

const STATS: &str = r#"# Số liệu minh họa: thay bằng kết quả rà soát của địa phương.
[[stat]]
region = "674"
year = 2021
households = 11_000
poor = 1_210
near_poor = 900
illustrative = true

[[stat]]
region = "674"
year = 2022
households = 11_200
poor = 1_050
near_poor = 870
illustrative = true

[[stat]]
region = "674"
year = 2023
households = 11_350
poor = 890
near_poor = 820
illustrative = true
"#;

const PLAN: &str = r#"number = "01/KH-UBND"
title = "Kế hoạch thực hiện Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau” giai đoạn 2022 – 2025"
issuer = "Ủy ban nhân dân huyện Đam Rông"
issued = 2022-09-01
region = "674"
start = 2022
end = 2025

[[target]]
metric = "poor_rate"
change = "annual_reduction"
at_least = 1.0
at_most = 1.5
text = "Tỷ lệ hộ nghèo giảm bình quân 1,0 – 1,5 %/năm"

[[milestone]]
date = 2023-12-31
title = "Sơ kết Phong trào thi đua"
occasion = "so-ket-2023"
"#;

const AWARDS: &str = r#"[[award]]
recipient = "Tổ tiết kiệm và vay vốn thôn 1"
recipient_kind = "collective"
region = "24877"
form = "giay-khen-chu-tich-huyen"
occasion = "so-ket-2023"
year = 2023
decision = "100/QĐ-UBND"
decision_date = 2023-12-20
citation = "Có thành tích trong Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau”"
"#;

const STORY: &str = r#"+++
title = "Tổ tiết kiệm giúp nhau thoát nghèo"
date = 2023-06-15
kind = "collective"
region = "Rô Men"
summary = "Mười hai hộ góp vốn xoay vòng để mua giống và phân bón."
model = "Tổ tiết kiệm và vay vốn"
tags = ["vay vốn"]
+++
Viết câu chuyện ở đây, bằng Markdown.

Câu chuyện về một hộ hay một người cần `consent = true` khi đã có sự đồng ý của họ.
"#;

const PAGE: &str = r#"+++
title = "Giới thiệu"
menu = true
weight = 1
+++
Trang này giới thiệu Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau” ở địa phương.
"#;

pub fn run(dir: &Path) -> i32 {
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        eprintln!("error: {} already exists and is not empty; lnob new writes only into a new or empty folder", dir.display());
        return 2;
    }
    let files: &[(&str, &str)] = &[
        ("site.toml", SITE),
        ("data/regions/lam-dong.toml", REGIONS),
        ("data/stats/dam-rong.toml", STATS),
        ("data/plans/dam-rong.toml", PLAN),
        ("data/awards/2023.toml", AWARDS),
        ("content/stories/to-tiet-kiem.md", STORY),
        ("content/pages/gioi-thieu.md", PAGE),
    ];
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            if let Err(e) = std::fs::create_dir_all(parent) {
                eprintln!("error: cannot create {}: {e}", parent.display());
                return 1;
            }
        }
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return 1;
        }
    }
    eprintln!("Created a new site in {}. Build it with: lnob build --root {}", dir.display(), dir.display());
    0
}

// ---------------------------------------------------------------------------------------------
// `lnob new story|page|plan`: one content or data file in an existing site.

use std::path::PathBuf;

use crate::diag::{Diagnostics, Lang, Severity};
use crate::load::resolve::{UnitIndex, UnitRef};
use crate::model::{Site, StoryKind, UnitId};
use crate::slug::{is_valid_slug, slugify};

/// What `lnob new story|page|plan` writes.
#[derive(Clone, Debug)]
pub enum NewFile {
    Story { title: String, region: String, kind: String, slug: Option<String> },
    Page { title: String, slug: Option<String> },
    Plan { id: String, region: Option<String> },
}

/// Loads the site well enough to resolve units (other problems in it do not stop us).
fn open_site(root: &Path) -> Result<(Site, Diagnostics), i32> {
    let mut diags = Diagnostics::new(Lang::Vi);
    let raw = crate::load::read(root, &mut diags);
    let opts = crate::load::LoadOptions { drafts: true, base_url: None };
    match crate::load::resolve::resolve(raw, &opts, &mut diags) {
        Some(site) => {
            diags.lang = site.config.language;
            Ok((site, diags))
        }
        None => {
            diags.sort();
            eprint!("{}", diags.render(Severity::Error, super::color()));
            let msg = diags.t("không mở được trang ở", "cannot open the site at");
            eprintln!("error: {msg} {}", root.display());
            Err(1)
        }
    }
}

/// `"…"` with TOML escapes.
fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `key = value` with a comment in a column of its own.
fn commented(kv: String, comment: &str) -> String {
    format!("{kv:<28}# {comment}\n")
}

fn today() -> String {
    chrono::Local::now().date_naive().format("%Y-%m-%d").to_string()
}

/// "Xã Rô Men, Huyện Đam Rông, Tỉnh Lâm Đồng".
fn place(site: &Site, u: UnitId) -> String {
    let mut chain = site.ancestry(u);
    chain.reverse();
    chain.iter().map(|&a| site.units[a].full_name()).collect::<Vec<_>>().join(", ")
}

/// Finds a unit by code or unique name, with the loader's rules and messages.
fn find_unit(site: &Site, diags: &Diagnostics, key: &str) -> Result<UnitId, i32> {
    let lang = site.config.language;
    match UnitIndex::new(&site.units).find(key) {
        UnitRef::Found(u) => Ok(u),
        UnitRef::Ambiguous(cands) => {
            let list: Vec<String> = cands.iter().map(|&c| format!("  {}  {}", site.units[c].code, place(site, c))).collect();
            let msg = match lang {
                Lang::Vi => format!("tên đơn vị `{key}` không rõ: có {} đơn vị cùng tên; ghi mã của đơn vị với --region:", cands.len()),
                Lang::En => format!("unit name `{key}` is ambiguous: {} units have it; give the unit's code with --region:", cands.len()),
            };
            eprintln!("error: {msg}\n{}", list.join("\n"));
            Err(2)
        }
        UnitRef::Missing(suggestion) => {
            let msg = match lang {
                Lang::Vi => format!("không có đơn vị hành chính `{key}` trong data/regions/"),
                Lang::En => format!("no administrative unit `{key}` in data/regions/"),
            };
            eprintln!("error: {msg}");
            if let Some(s) = suggestion {
                eprintln!("  help: {}", match lang {
                    Lang::Vi => format!("ý bạn là `{s}`?"),
                    Lang::En => format!("did you mean `{s}`?"),
                });
            }
            if diags.items.iter().any(|d| d.severity == Severity::Error && d.loc.as_ref().is_some_and(|l| l.file.starts_with("data/regions"))) {
                let note = diags.t("data/regions/ đang có lỗi; xem `lnob check`", "data/regions/ has errors; see `lnob check`");
                eprintln!("  note: {note}");
            }
            Err(2)
        }
    }
}

/// Writes a new file, never over an existing one.
fn create(root: &Path, rel: &str, text: &str, lang: Lang) -> Result<PathBuf, i32> {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        if let Err(e) = std::fs::create_dir_all(parent) {
            eprintln!("error: cannot create {}: {e}", parent.display());
            return Err(1);
        }
    }
    match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(mut f) => {
            use std::io::Write;
            if let Err(e) = f.write_all(text.as_bytes()) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return Err(1);
            }
            Ok(path)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!("error: {}", exists_message(lang, rel));
            Err(2)
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            Err(1)
        }
    }
}

fn exists_message(lang: Lang, rel: &str) -> String {
    match lang {
        Lang::Vi => format!("{rel} đã có; lnob new không ghi đè tệp có sẵn (đặt tiêu đề khác hoặc dùng --slug)"),
        Lang::En => format!("{rel} already exists; lnob new never overwrites a file (choose another title or use --slug)"),
    }
}

/// The slug for a new file: `--slug` (checked) or the title's.
fn choose_slug(title: &str, slug: Option<&str>, lang: Lang) -> Result<String, i32> {
    let s = match slug {
        Some(s) => s.to_string(),
        None => slugify(title),
    };
    if !is_valid_slug(&s) {
        let msg = match (lang, slug.is_some()) {
            (Lang::Vi, true) => format!("slug `{s}` không hợp lệ: chỉ dùng a–z, 0–9 và một dấu gạch nối giữa các từ"),
            (Lang::En, true) => format!("slug `{s}` is invalid: use only a–z, 0–9 and single hyphens"),
            (Lang::Vi, false) => "tiêu đề không tạo được slug; dùng --slug".to_string(),
            (Lang::En, false) => "the title gives no slug; use --slug".to_string(),
        };
        eprintln!("error: {msg}");
        return Err(2);
    }
    Ok(s)
}

/// `lnob new story|page|plan` in the site at `root`.
pub fn run_file(root: &Path, what: &NewFile) -> i32 {
    let (site, diags) = match open_site(root) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let result = match what {
        NewFile::Story { title, region, kind, slug } => story(root, &site, &diags, title, region, kind, slug.as_deref()),
        NewFile::Page { title, slug } => page(root, &site, title, slug.as_deref()),
        NewFile::Plan { id, region } => plan(root, &site, &diags, id, region.as_deref()),
    };
    match result {
        Ok(()) => 0,
        Err(code) => code,
    }
}

fn story(root: &Path, site: &Site, diags: &Diagnostics, title: &str, region: &str, kind: &str, slug: Option<&str>) -> Result<(), i32> {
    let lang = site.config.language;
    let Some(k) = StoryKind::parse(kind) else {
        let msg = match lang {
            Lang::Vi => format!("loại câu chuyện `{kind}` không hợp lệ: dùng household, individual, collective hoặc model"),
            Lang::En => format!("invalid story kind `{kind}`: use household, individual, collective or model"),
        };
        eprintln!("error: {msg}");
        return Err(2);
    };
    if title.trim().is_empty() {
        eprintln!("error: {}", lang.pick("tiêu đề không được để trống", "the title cannot be empty"));
        return Err(2);
    }
    let u = find_unit(site, diags, region)?;
    let slug = choose_slug(title, slug, lang)?;
    let rel = format!("content/stories/{slug}.md");
    // The slug may be taken by a story of another file name (its own `slug = …`) or folder.
    let taken = site.stories.iter().find(|s| s.slug == slug).map(|s| s.file.clone());
    let folder = format!("content/stories/{slug}/");
    if let Some(file) = taken.or_else(|| root.join(&folder).exists().then_some(folder)) {
        eprintln!("error: {}", exists_message(lang, &file));
        return Err(2);
    }
    let personal = matches!(k, StoryKind::Household | StoryKind::Individual);
    let c = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let mut t = String::from("+++\n");
    t.push_str(&format!("title = {}\n", toml_str(title.trim())));
    t.push_str(&format!("date = {}\n", today()));
    t.push_str(&commented(format!("kind = {}", toml_str(k.as_str())), "household | individual | collective | model"));
    t.push_str(&commented(format!("region = {}", toml_str(&site.units[u].code)), &place(site, u)));
    t.push_str(&commented("summary = \"\"".into(), c("một hai câu tóm tắt, hiện trong danh sách và nguồn tin", "one or two sentences, shown in lists and feeds")));
    t.push_str(&commented("# model = \"\"".into(), c("mô hình sinh kế, ví dụ \"Chăn nuôi bò sinh sản\"", "the livelihood model, e.g. \"Cattle breeding\"")));
    t.push_str("tags = []\n");
    if personal {
        t.push_str(c(
            "# consent: chỉ đổi thành true khi hộ hoặc người được kể trong câu chuyện đã đồng ý (bằng văn bản)\n# cho đăng. Câu chuyện về một hộ hay một cá nhân không được đăng khi chưa có sự đồng ý đó.\n",
            "# consent: change to true only once the household or person in this story has agreed (in\n# writing) to its publication. A household or individual story is not published without it.\n",
        ));
    } else {
        t.push_str(c(
            "# consent: true khi những người được nêu tên đã đồng ý cho đăng; bắt buộc với câu chuyện\n# về một hộ hay một cá nhân (kind = \"household\" hoặc \"individual\").\n",
            "# consent: true once the people named have agreed to publication; required for stories\n# about a household or an individual (kind = \"household\" or \"individual\").\n",
        ));
    }
    t.push_str("consent = false\n");
    if personal {
        t.push_str(c(
            "# draft: bản nháp chỉ được dựng với --drafts (lnob serve --drafts); xóa dòng này khi đã sẵn sàng đăng.\n",
            "# draft: drafts are built only with --drafts (lnob serve --drafts); remove this line when ready.\n",
        ));
        t.push_str("draft = true\n");
    }
    t.push_str("+++\n");
    t.push_str(c("Viết câu chuyện ở đây, bằng Markdown.\n", "Write the story here, in Markdown.\n"));
    let path = create(root, &rel, &t, lang)?;
    let msg = match (lang, personal) {
        (Lang::Vi, true) => format!("Đã tạo {} (bản nháp: xem bằng `lnob serve --drafts`; đăng khi đã có sự đồng ý, consent = true)", path.display()),
        (Lang::En, true) => format!("Created {} (a draft: see it with `lnob serve --drafts`; publish once consent = true)", path.display()),
        (Lang::Vi, false) => format!("Đã tạo {}", path.display()),
        (Lang::En, false) => format!("Created {}", path.display()),
    };
    eprintln!("{msg}");
    Ok(())
}

fn page(root: &Path, site: &Site, title: &str, slug: Option<&str>) -> Result<(), i32> {
    let lang = site.config.language;
    if title.trim().is_empty() {
        eprintln!("error: {}", lang.pick("tiêu đề không được để trống", "the title cannot be empty"));
        return Err(2);
    }
    let slug = choose_slug(title, slug, lang)?;
    if crate::load::resolve::reserved_words(lang).contains(&slug.as_str()) {
        let msg = match lang {
            Lang::Vi => format!("địa chỉ /{slug}/ dành cho các trang của lnob; dùng --slug để đặt tên khác"),
            Lang::En => format!("the address /{slug}/ is taken by lnob's own pages; use --slug to choose another"),
        };
        eprintln!("error: {msg}");
        return Err(2);
    }
    let rel = format!("content/pages/{slug}.md");
    if site.pages.iter().any(|p| p.slug == slug) {
        eprintln!("error: {}", exists_message(lang, &format!("/{slug}/")));
        return Err(2);
    }
    let c = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let mut t = String::from("+++\n");
    t.push_str(&format!("title = {}\n", toml_str(title.trim())));
    t.push_str(&format!("date = {}\n", today()));
    t.push_str(&commented("summary = \"\"".into(), c("một câu giới thiệu trang", "one sentence about the page")));
    t.push_str(&commented("# menu = true".into(), c("hiện trang trong trình đơn", "list the page in the site menu")));
    t.push_str(&commented("# weight = 10".into(), c("thứ tự trong trình đơn, nhỏ trước", "order in the menu, smallest first")));
    t.push_str("+++\n");
    t.push_str(c("Viết nội dung trang ở đây, bằng Markdown.\n", "Write the page here, in Markdown.\n"));
    let path = create(root, &rel, &t, lang)?;
    eprintln!("{} {}", c("Đã tạo", "Created"), path.display());
    Ok(())
}

fn plan(root: &Path, site: &Site, diags: &Diagnostics, id: &str, region: Option<&str>) -> Result<(), i32> {
    let lang = site.config.language;
    if !is_valid_slug(id) {
        let msg = match lang {
            Lang::Vi => format!("mã kế hoạch `{id}` không hợp lệ: chỉ dùng a–z, 0–9 và dấu gạch nối (ví dụ `lam-dong-2026`)"),
            Lang::En => format!("plan id `{id}` is invalid: use only a–z, 0–9 and hyphens (e.g. `lam-dong-2026`)"),
        };
        eprintln!("error: {msg}");
        return Err(2);
    }
    let u = match region {
        Some(r) => find_unit(site, diags, r)?,
        None => match (site.root, site.roots.as_slice()) {
            (Some(r), _) => r,
            (None, [only]) => *only,
            _ => {
                let msg = lang.pick("cần --region: trang có nhiều đơn vị cấp cao nhất", "--region is needed: the site has several top-level units");
                eprintln!("error: {msg}");
                return Err(2);
            }
        },
    };
    let rel = format!("data/plans/{id}.toml");
    let year: i32 = chrono::Datelike::year(&chrono::Local::now().date_naive());
    let c = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let mut t = String::new();
    t.push_str(&format!("# {} `{id}`: {}\n", c("Kế hoạch", "Plan"), c("điền theo văn bản của kế hoạch.", "fill in from the plan's own text.")));
    t.push_str(&commented("number = \"\"".into(), c("số hiệu, ví dụ \"1479/QĐ-UBND\"", "its number, e.g. \"1479/QĐ-UBND\"")));
    t.push_str(&commented("title = \"\"".into(), c("trích yếu đầy đủ", "its full title")));
    t.push_str(&commented("issuer = \"\"".into(), c("cơ quan ban hành", "who issued it")));
    t.push_str(&commented(format!("issued = {}", today()), c("ngày ban hành", "the date it was issued")));
    t.push_str(&commented(format!("region = {}", toml_str(&site.units[u].code)), &place(site, u)));
    t.push_str(&format!("start = {year}\nend = {}\n", year + 4));
    t.push_str(&commented(format!("# baseline_year = {}", year - 1), c("năm số liệu đầu kỳ; mặc định start - 1", "the year of the baseline figures; default start - 1")));
    t.push_str(&commented("# parent = \"\"".into(), c("mã của kế hoạch cấp trên trong data/plans/", "the id of the parent plan in data/plans/")));
    t.push_str(&format!(
        "\n# {}\n# [[target]]\n# metric = \"poor_rate\"\n# change = \"annual_reduction\"\n# at_least = 1.0\n# text = \"\"\n",
        c("Mỗi chỉ tiêu một khối [[target]], với câu chữ của kế hoạch trong `text`:", "One [[target]] block per target, with the plan's own words in `text`:")
    ));
    t.push_str(&format!("\n# [[milestone]]\n# date = {}-12-31\n# title = \"{}\"\n", year + 2, c("Sơ kết", "Mid-term review")));
    let path = create(root, &rel, &t, lang)?;
    eprintln!("{} {}", c("Đã tạo", "Created"), path.display());
    Ok(())
}
