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
