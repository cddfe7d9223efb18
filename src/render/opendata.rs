//! Open data: `/du-lieu/` lists every data file with what it holds, its columns, format and
//! size, the licence and how to cite it; the same job writes the files themselves: figures,
//! targets with their status, commendations and units, each as CSV (UTF-8 with a BOM, so Excel
//! shows Vietnamese) and JSON (an array of objects, keys in column order), and a Frictionless
//! `datapackage.json` describing every file and column.
//!
//! Column names are the same in every language (they are the interface of the data); their
//! descriptions follow the site's language. Numbers are plain (`1.3`, at most 4 decimals),
//! missing values empty in CSV and null in JSON. Rows are in the model's order: deterministic.

use serde_json::{json, Value};
use tera::Context;

use crate::compute::metrics::figure_value;
use crate::compute::opendata::{plain, targets_csv, targets_json, BOM, TARGET_COLUMNS};
use crate::diag::Lang;
use crate::format;
use crate::model::*;
use crate::render::{cite, i18n, page_meta, readers, social, Renderer};

/// A value in a data file.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Str(String),
    Int(i64),
    Num(f64),
    Bool(bool),
    Null,
}

impl Cell {
    fn csv(&self) -> String {
        match self {
            Cell::Str(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Num(x) => plain(*x),
            Cell::Bool(b) => b.to_string(),
            Cell::Null => String::new(),
        }
    }
    fn write_json(&self, out: &mut Vec<u8>) {
        use std::io::Write;
        match self {
            Cell::Str(s) => serde_json::to_writer(&mut *out, s).expect("a string serialises"),
            Cell::Int(n) => write!(out, "{n}").expect("writing to memory"),
            Cell::Num(x) => out.extend_from_slice(plain(*x).as_bytes()),
            Cell::Bool(b) => write!(out, "{b}").expect("writing to memory"),
            Cell::Null => out.extend_from_slice(b"null"),
        }
    }
}

fn s(x: &str) -> Cell {
    Cell::Str(x.to_string())
}
fn opt_s(x: Option<&str>) -> Cell {
    x.map(s).unwrap_or(Cell::Null)
}
fn opt_i(x: Option<u64>) -> Cell {
    x.map(|n| Cell::Int(n as i64)).unwrap_or(Cell::Null)
}
fn opt_n(x: Option<f64>) -> Cell {
    x.map(Cell::Num).unwrap_or(Cell::Null)
}

/// A column: its name, its Table Schema type and what it holds (vi, en).
pub struct Column {
    pub name: &'static str,
    pub kind: &'static str,
    pub vi: &'static str,
    pub en: &'static str,
}

const fn col(name: &'static str, kind: &'static str, vi: &'static str, en: &'static str) -> Column {
    Column { name, kind, vi, en }
}

pub const FIGURE_COLUMNS: &[Column] = &[
    col(
        "unit",
        "string",
        "Mã đơn vị (mã của cơ quan thống kê nếu có)",
        "Unit code (the statistics office's code where one exists)",
    ),
    col(
        "unit_name",
        "string",
        "Tên đơn vị, có từ chỉ loại (xã, huyện …)",
        "Unit name with its kind word (commune, district …)",
    ),
    col(
        "level",
        "string",
        "Cấp: province, district, commune hoặc hamlet",
        "Level: province, district, commune or hamlet",
    ),
    col(
        "year",
        "integer",
        "Năm rà soát hộ nghèo",
        "Year of the poverty review",
    ),
    col("households", "integer", "Tổng số hộ", "All households"),
    col("poor", "integer", "Số hộ nghèo", "Poor households"),
    col(
        "near_poor",
        "integer",
        "Số hộ cận nghèo",
        "Near-poor households",
    ),
    col(
        "ethnic_minority_households",
        "integer",
        "Số hộ đồng bào dân tộc thiểu số",
        "Ethnic-minority households",
    ),
    col(
        "ethnic_minority_poor",
        "integer",
        "Số hộ nghèo đồng bào dân tộc thiểu số",
        "Poor ethnic-minority households",
    ),
    col(
        "escaped",
        "integer",
        "Số hộ thoát nghèo trong năm",
        "Households that left poverty that year",
    ),
    col(
        "fell_back",
        "integer",
        "Số hộ tái nghèo trong năm",
        "Households that fell back into poverty that year",
    ),
    col(
        "extremely_difficult",
        "boolean",
        "Đơn vị thuộc diện đặc biệt khó khăn năm đó",
        "The unit had extremely difficult status that year",
    ),
    col(
        "poor_rate",
        "number",
        "Tỷ lệ hộ nghèo, % (hộ nghèo ÷ tổng số hộ × 100)",
        "Poor-household rate, % (poor ÷ households × 100)",
    ),
    col(
        "near_poor_rate",
        "number",
        "Tỷ lệ hộ cận nghèo, %",
        "Near-poor rate, %",
    ),
    col(
        "ethnic_minority_poor_rate",
        "number",
        "Tỷ lệ hộ nghèo đồng bào dân tộc thiểu số, %",
        "Ethnic-minority poor rate, %",
    ),
    col(
        "standard",
        "string",
        "Chuẩn nghèo áp dụng (ví dụ 2022-2025)",
        "Poverty standard used (e.g. 2022-2025)",
    ),
    col(
        "source",
        "string",
        "Nguồn số liệu (quyết định công bố kết quả rà soát)",
        "Source (the decision publishing the review)",
    ),
    col(
        "illustrative",
        "boolean",
        "true: số liệu minh họa, không phải số liệu chính thức",
        "true: illustrative, not official figures",
    ),
];

pub const TARGET_COLUMN_DOCS: &[Column] = &[
    col(
        "plan",
        "string",
        "Mã kế hoạch (tên tệp trong data/plans/)",
        "Plan id (its file name in data/plans/)",
    ),
    col(
        "target",
        "integer",
        "Thứ tự mục tiêu trong kế hoạch, từ 1",
        "Position of the target in its plan, from 1",
    ),
    col(
        "unit",
        "string",
        "Mã đơn vị được đánh giá",
        "Code of the unit assessed",
    ),
    col(
        "metric",
        "string",
        "Chỉ số (poor_rate, near_poor_rate …)",
        "Metric (poor_rate, near_poor_rate …)",
    ),
    col(
        "change",
        "string",
        "Dạng mục tiêu (annual_reduction, level_by …)",
        "Kind of target (annual_reduction, level_by …)",
    ),
    col(
        "baseline_year",
        "integer",
        "Năm gốc (đầu kỳ)",
        "Baseline year",
    ),
    col(
        "baseline",
        "number",
        "Giá trị năm gốc",
        "Value in the baseline year",
    ),
    col(
        "latest_year",
        "integer",
        "Năm mới nhất có số liệu, không quá năm mục tiêu",
        "Latest year with a value, not after the target year",
    ),
    col(
        "latest",
        "number",
        "Giá trị năm mới nhất",
        "Value in the latest year",
    ),
    col(
        "average_change",
        "number",
        "Mức giảm bình quân mỗi năm (điểm %; giảm là số dương)",
        "Average fall a year (points; a fall is positive)",
    ),
    col(
        "projection",
        "number",
        "Giá trị dự kiến đến năm mục tiêu theo tốc độ bình quân",
        "Value expected in the target year at the average pace",
    ),
    col(
        "target_year",
        "integer",
        "Năm phải đạt mục tiêu",
        "Year the target must be reached by",
    ),
    col(
        "status",
        "string",
        "Tình trạng: met, on_track, behind, no_data, not_comparable",
        "Status: met, on_track, behind, no_data, not_comparable",
    ),
];

pub const AWARD_COLUMNS: &[Column] = &[
    col(
        "year",
        "integer",
        "Năm khen thưởng",
        "Year of the commendation",
    ),
    col(
        "recipient",
        "string",
        "Người hoặc đơn vị được khen",
        "Recipient",
    ),
    col(
        "recipient_kind",
        "string",
        "Loại: household, individual, collective, commune, hamlet, enterprise, agency",
        "Kind: household, individual, collective, commune, hamlet, enterprise, agency",
    ),
    col(
        "unit",
        "string",
        "Mã đơn vị hành chính của người/đơn vị được khen",
        "Code of the recipient's administrative unit",
    ),
    col(
        "unit_name",
        "string",
        "Tên đơn vị hành chính",
        "Name of that unit",
    ),
    col(
        "form",
        "string",
        "Mã hình thức khen thưởng",
        "Form of commendation (id)",
    ),
    col(
        "form_name",
        "string",
        "Tên hình thức khen thưởng",
        "Form of commendation (name)",
    ),
    col(
        "occasion",
        "string",
        "Mã đợt khen thưởng (yearly-2023, so-ket-2023 …)",
        "Occasion id (yearly-2023, so-ket-2023 …)",
    ),
    col(
        "occasion_name",
        "string",
        "Tên đợt khen thưởng",
        "Occasion name",
    ),
    col(
        "decision",
        "string",
        "Số quyết định khen thưởng",
        "Decision number",
    ),
    col("decision_date", "date", "Ngày quyết định", "Decision date"),
    col(
        "plan",
        "string",
        "Mã kế hoạch liên quan",
        "Plan id, where given",
    ),
    col("citation", "string", "Thành tích", "Citation"),
    col(
        "story",
        "string",
        "Địa chỉ câu chuyện liên quan",
        "Address of the related story",
    ),
];

pub const UNIT_COLUMNS: &[Column] = &[
    col("code", "string", "Mã đơn vị", "Unit code"),
    col("name", "string", "Tên đơn vị", "Name"),
    col(
        "kind",
        "string",
        "Từ chỉ loại đơn vị (tỉnh, huyện, xã, thôn …)",
        "Kind word (tỉnh, huyện, xã, thôn …)",
    ),
    col(
        "level",
        "string",
        "Cấp: province, district, commune hoặc hamlet",
        "Level: province, district, commune or hamlet",
    ),
    col(
        "parent",
        "string",
        "Mã đơn vị cấp trên",
        "Code of the unit above",
    ),
    col(
        "slug",
        "string",
        "Tên trong địa chỉ trang",
        "Name used in page addresses",
    ),
    col(
        "url",
        "string",
        "Địa chỉ trang của đơn vị",
        "Address of the unit's page",
    ),
];

/// One dataset: its CSV and JSON files and what they hold.
pub struct Dataset {
    pub stem: &'static str,
    pub title: String,
    pub description: String,
    pub columns: &'static [Column],
    pub primary_key: &'static [&'static str],
    pub rows: usize,
    pub csv: Vec<u8>,
    pub json: Vec<u8>,
}

/// CSV with a BOM and a header row.
pub fn to_csv(columns: &[Column], rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(BOM.as_bytes().to_vec());
    w.write_record(columns.iter().map(|c| c.name))
        .expect("writing to memory");
    for r in rows {
        w.write_record(r.iter().map(Cell::csv))
            .expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// A JSON array of objects, pretty-printed like serde_json, keys in column order.
pub fn to_json(columns: &[Column], rows: &[Vec<Cell>]) -> Vec<u8> {
    if rows.is_empty() {
        return b"[]\n".to_vec();
    }
    // About 40 bytes a cell besides the names.
    let names: usize = columns.iter().map(|c| c.name.len()).sum();
    let mut out = Vec::with_capacity(rows.len() * (names + 40 * columns.len()));
    out.extend_from_slice(b"[\n");
    for (i, r) in rows.iter().enumerate() {
        out.extend_from_slice(b"  {\n");
        for (k, (c, v)) in columns.iter().zip(r).enumerate() {
            out.extend_from_slice(b"    \"");
            out.extend_from_slice(c.name.as_bytes());
            out.extend_from_slice(b"\": ");
            v.write_json(&mut out);
            out.extend_from_slice(if k + 1 < columns.len() { b",\n" } else { b"\n" });
        }
        out.extend_from_slice(if i + 1 < rows.len() {
            b"  },\n"
        } else {
            b"  }\n"
        });
    }
    out.extend_from_slice(b"]\n");
    out
}

fn words(lang: Lang) -> [(&'static str, String, String); 4] {
    [
        (lang.pick("so-lieu", "figures"), lang.pick("Số liệu hộ nghèo theo năm", "Yearly poverty figures").into(),
         lang.pick("Mỗi dòng là số liệu rà soát một năm của một đơn vị: số hộ, hộ nghèo, hộ cận nghèo, đồng bào dân tộc thiểu số và các tỷ lệ tính từ đó.",
                   "One row per unit and year of the poverty review: households, poor, near-poor and ethnic-minority households and the rates derived from them.").into()),
        (lang.pick("muc-tieu", "targets"), lang.pick("Mục tiêu và tình trạng thực hiện", "Targets and their status").into(),
         lang.pick("Mỗi dòng là một mục tiêu của một kế hoạch với một đơn vị: số liệu năm gốc, năm mới nhất, mức giảm bình quân, dự kiến và tình trạng.",
                   "One row per plan, target and unit: the baseline and latest values, the average change, the projection and the status.").into()),
        (lang.pick("khen-thuong", "commendations"), lang.pick("Sổ khen thưởng", "Commendation registry").into(),
         lang.pick("Mỗi dòng là một khen thưởng: người hoặc đơn vị được khen, hình thức, đợt, số và ngày quyết định, thành tích.",
                   "One row per commendation: recipient, form, occasion, decision number and date, citation.").into()),
        (lang.pick("dia-phuong", "units"), lang.pick("Danh mục đơn vị hành chính", "Administrative units").into(),
         lang.pick("Mỗi dòng là một đơn vị hành chính có trên trang: mã, tên, cấp, đơn vị cấp trên và địa chỉ trang.",
                   "One row per administrative unit on the site: code, name, level, the unit above and the page's address.").into()),
    ]
}

/// Every dataset of the site, built from the model and the targets' statuses.
pub fn datasets(r: &Renderer) -> Vec<Dataset> {
    let site = r.site;
    let lang = site.config.language;
    let [wf, wt, wa, wu] = words(lang);
    // Each table's rows are written out and dropped before the next table is built: the
    // national site's rows take hundreds of megabytes as cells.
    let table = |(stem, title, description): (&'static str, String, String),
                 columns: &'static [Column],
                 primary_key: &'static [&'static str],
                 rows: Vec<Vec<Cell>>| Dataset {
        stem,
        title,
        description,
        columns,
        primary_key,
        rows: rows.len(),
        csv: to_csv(columns, &rows),
        json: to_json(columns, &rows),
    };

    let figure_rows: Vec<Vec<Cell>> = site
        .units
        .iter()
        .enumerate()
        .flat_map(|(u, unit)| {
            site.unit_figures(u).map(move |f| {
                vec![
                    s(&unit.code),
                    s(&unit.full_name()),
                    s(unit.level.as_str()),
                    Cell::Int(f.year as i64),
                    opt_i(f.households),
                    opt_i(f.poor),
                    opt_i(f.near_poor),
                    opt_i(f.ethnic_minority_households),
                    opt_i(f.ethnic_minority_poor),
                    opt_i(f.escaped),
                    opt_i(f.fell_back),
                    f.extremely_difficult.map(Cell::Bool).unwrap_or(Cell::Null),
                    opt_n(figure_value(f, Metric::PoorRate)),
                    opt_n(figure_value(f, Metric::NearPoorRate)),
                    opt_n(figure_value(f, Metric::EthnicMinorityPoorRate)),
                    s(&f.standard),
                    opt_s(f.source.as_deref()),
                    Cell::Bool(f.illustrative),
                ]
            })
        })
        .collect();
    let figures = table(wf, FIGURE_COLUMNS, &["unit", "year"], figure_rows);

    let all = r.extras.assessments();
    let targets = Dataset {
        stem: wt.0,
        title: wt.1,
        description: wt.2,
        columns: TARGET_COLUMN_DOCS,
        primary_key: &["plan", "target", "unit"],
        rows: all.len(),
        csv: targets_csv(site, all).into_bytes(),
        json: targets_json(site, all).into_bytes(),
    };

    let award_rows: Vec<Vec<Cell>> = site
        .awards
        .iter()
        .map(|a| {
            let form = &site.forms[a.form];
            vec![
                Cell::Int(a.year as i64),
                s(&a.recipient),
                s(&a.recipient_kind),
                s(&site.units[a.unit].code),
                s(&site.units[a.unit].full_name()),
                s(&form.id),
                s(&form.name),
                s(&a.occasion),
                s(&r.derived.occasion_title(lang, &a.occasion)),
                s(&a.decision),
                opt_s(a.decision_date.map(format::iso_date).as_deref()),
                opt_s(a.plan.map(|p| site.plans[p].id.as_str())),
                opt_s(a.citation.as_deref()),
                opt_s(
                    a.story
                        .map(|st| cite::absolute(site, &r.urls.story(&site.stories[st].slug)))
                        .as_deref(),
                ),
            ]
        })
        .collect();
    let awards = table(wa, AWARD_COLUMNS, &[], award_rows);

    let unit_rows: Vec<Vec<Cell>> = site
        .units
        .iter()
        .enumerate()
        .map(|(u, unit)| {
            vec![
                s(&unit.code),
                s(&unit.name),
                s(&unit.kind),
                s(unit.level.as_str()),
                opt_s(unit.parent.map(|p| site.units[p].code.as_str())),
                s(&unit.slug),
                s(&cite::absolute(site, &r.urls.unit(site, u))),
            ]
        })
        .collect();

    let units = table(wu, UNIT_COLUMNS, &["code"], unit_rows);

    debug_assert_eq!(TARGET_COLUMNS.len(), TARGET_COLUMN_DOCS.len());
    vec![figures, targets, awards, units]
}

fn fields(cols: &[Column], lang: Lang) -> Value {
    cols.iter()
        .map(|c| json!({"name": c.name, "type": c.kind, "description": lang.pick(c.vi, c.en)}))
        .collect::<Vec<_>>()
        .into()
}

/// The Frictionless Data Package (v1) describing every file.
pub fn datapackage(r: &Renderer, sets: &[Dataset]) -> Vec<u8> {
    let site = r.site;
    let lang = site.config.language;
    let lic = cite::licence(site);
    let mut name = crate::slug::slugify(&site.config.title);
    name.truncate(60);
    let name = name.trim_end_matches('-').to_string();
    let units_stem = sets.last().map(|d| d.stem).unwrap_or("units");
    let mut resources = Vec::new();
    for d in sets {
        let mut schema = json!({"fields": fields(d.columns, lang), "missingValues": [""]});
        if !d.primary_key.is_empty() {
            schema["primaryKey"] = json!(d.primary_key);
        }
        if d.columns.iter().any(|c| c.name == "unit") && d.stem != units_stem {
            schema["foreignKeys"] = json!([{"fields": "unit", "reference": {"resource": format!("{units_stem}-csv"), "fields": "code"}}]);
        }
        resources.push(json!({
            "profile": "tabular-data-resource",
            "name": format!("{}-csv", d.stem),
            "path": format!("{}.csv", d.stem),
            "title": d.title,
            "description": d.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": d.csv.len(),
            "dialect": {"delimiter": ",", "header": true},
            "schema": schema,
        }));
        let mut json_schema = json!({"fields": fields(d.columns, lang)});
        if !d.primary_key.is_empty() {
            json_schema["primaryKey"] = json!(d.primary_key);
        }
        resources.push(json!({
            "profile": "data-resource",
            "name": format!("{}-json", d.stem),
            "path": format!("{}.json", d.stem),
            "title": d.title,
            "description": format!("{} {}", d.description, lang.pick("Tệp JSON: một mảng các đối tượng, khóa theo thứ tự cột.", "JSON: an array of objects, keys in column order.")),
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "bytes": d.json.len(),
            "schema": json_schema,
        }));
    }
    let mut licence = json!({"title": lic.name});
    licence["name"] = json!(lic
        .spdx
        .map(String::from)
        .unwrap_or_else(|| crate::slug::slugify(&lic.name)));
    if let Some(u) = lic.url {
        licence["path"] = json!(u);
    }
    let pkg = json!({
        "profile": "data-package",
        "name": if name.is_empty() { "lnob".to_string() } else { name },
        "title": site.config.title,
        "description": site.config.description,
        "homepage": cite::absolute(site, &r.urls.data()),
        "licenses": [licence],
        "contributors": [{"title": cite::publisher(site), "role": "publisher"}],
        "keywords": [lang.pick("giảm nghèo", "poverty reduction"), lang.pick("hộ nghèo", "poor households"), lang.pick("khen thưởng", "commendations")],
        "resources": resources,
    });
    let mut s = serde_json::to_string_pretty(&pkg).expect("plain values");
    s.push('\n');
    s.into_bytes()
}

pub fn context(
    r: &Renderer,
    mut ctx: Context,
    files: &mut Vec<(String, Vec<u8>)>,
) -> (String, &'static str, Context) {
    let site = r.site;
    let lang = site.config.language;
    let url = r.urls.data();
    let dir = url.trim_start_matches('/').to_string();
    let sets = datasets(r);
    let pkg = datapackage(r, &sets);
    let year = cite::latest_year(site);
    let mut views = Vec::new();
    let mut graph = Vec::new();
    for d in &sets {
        let file = |ext: &str, bytes: &[u8]| json!({"name": format!("{}.{ext}", d.stem), "url": format!("{url}{}.{ext}", d.stem), "format": ext.to_uppercase(), "size": format::file_size(lang, bytes.len())});
        views.push(json!({
            "id": d.stem,
            "title": d.title,
            "description": d.description,
            "rows": format::int(lang, d.rows as i64),
            "files": [file("csv", &d.csv), file("json", &d.json)],
            "columns": d.columns.iter().map(|c| json!({"name": c.name, "type": c.kind, "description": lang.pick(c.vi, c.en)})).collect::<Vec<_>>(),
            "cite": cite::view(site, &d.title, cite::Kind::Data, &url, year),
        }));
        let lic = cite::licence(site);
        graph.push(json!({
            "@type": "Dataset",
            "name": d.title,
            "description": d.description,
            "url": cite::absolute(site, &format!("{url}#{}", d.stem)),
            "inLanguage": lang.pick("vi", "en"),
            "isAccessibleForFree": true,
            "license": lic.url.map(String::from).unwrap_or(lic.name),
            "creator": readers::organisation(r),
            "publisher": readers::organisation(r),
            "variableMeasured": d.columns.iter().map(|c| c.name).collect::<Vec<_>>(),
            "distribution": [
                {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": cite::absolute(site, &format!("{url}{}.csv", d.stem)), "contentSize": format!("{} B", d.csv.len())},
                {"@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": cite::absolute(site, &format!("{url}{}.json", d.stem)), "contentSize": format!("{} B", d.json.len())},
            ],
        }));
    }
    // The bytes move to the writer; nothing is copied.
    for d in sets {
        files.push((format!("{dir}{}.csv", d.stem), d.csv));
        files.push((format!("{dir}{}.json", d.stem), d.json));
    }
    let package = json!({"name": "datapackage.json", "url": format!("{url}datapackage.json"), "format": "JSON", "size": format::file_size(lang, pkg.len())});
    files.push((format!("{dir}datapackage.json"), pkg));
    let lic = cite::licence(site);
    let home = r.crumb(r.t("home"), "/");
    let desc = lang.pick(
        "Toàn bộ số liệu, mục tiêu, khen thưởng và danh mục đơn vị của trang dưới dạng CSV và JSON, kèm mô tả từng cột và giấy phép.",
        "Every figure, target, commendation and unit of the site as CSV and JSON, with each column described and the licence.",
    );
    ctx.insert(
        "page",
        &page_meta(i18n::get(lang, "data"), desc, &url, vec![home], "data"),
    );
    ctx.insert("datasets", &views);
    ctx.insert("package", &package);
    ctx.insert("licence", &json!({"name": lic.name, "url": lic.url}));
    ctx.insert(
        "cite",
        &cite::view(
            site,
            &format!("{} – {}", i18n::get(lang, "data"), site.config.title),
            cite::Kind::Data,
            &url,
            year,
        ),
    );
    ctx.insert(
        "words",
        &json!({
            "intro": desc,
            "columns": lang.pick("Các cột", "Columns"),
            "column": lang.pick("Cột", "Column"),
            "type": lang.pick("Kiểu", "Type"),
            "meaning": lang.pick("Ý nghĩa", "Meaning"),
            "rows": lang.pick("dòng", "rows"),
            "package": lang.pick("Mô tả toàn bộ dữ liệu theo chuẩn Frictionless Data Package (máy đọc được)", "Machine-readable description of every file (Frictionless Data Package)"),
            "excel": lang.pick("Tệp CSV mã hóa UTF-8 có BOM nên Excel hiển thị đúng tiếng Việt. Số dùng dấu chấm thập phân; ô trống là không có số liệu.", "CSV files are UTF-8 with a byte order mark, so Excel shows Vietnamese correctly. Numbers use a decimal point; an empty cell means no value."),
            "cite": lang.pick("Giấy phép và cách trích dẫn", "Licence and how to cite"),
            "short": lang.pick("Trích dẫn ngắn", "Short citation"),
            "full": lang.pick("Trích dẫn đầy đủ", "Full citation"),
            "licence_text": lang.pick("Được dùng lại, kể cả cho mục đích thương mại, với điều kiện ghi rõ nguồn.", "Free to reuse, also commercially, as long as the source is credited."),
        }),
    );
    let image = site
        .config
        .social_cards
        .then(|| cite::absolute(site, &format!("/{}", social::file_name(lang))));
    ctx.insert(
        "social",
        &json!({
            "type": "website",
            "image": image,
            "image_alt": site.config.title,
            "locale": lang.pick("vi_VN", "en_US"),
            "article": Value::Null,
            "jsonld": readers::script_json(&json!({"@context": "https://schema.org", "@graph": graph})),
        }),
    );
    (url, "data.html", ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: &[Column] = &[col("a", "string", "", ""), col("b", "number", "", "")];

    #[test]
    fn csv_starts_with_a_bom_and_leaves_missing_values_empty() {
        let rows = vec![
            vec![s("Lâm Đồng"), Cell::Num(1.0 / 3.0)],
            vec![s("x,y"), Cell::Null],
        ];
        assert_eq!(
            String::from_utf8(to_csv(COLS, &rows)).unwrap(),
            "\u{feff}a,b\nLâm Đồng,0.3333\n\"x,y\",\n"
        );
    }

    #[test]
    fn json_keeps_column_order_and_nulls() {
        let rows = vec![vec![s("Đam Rông"), Cell::Null]];
        let text = String::from_utf8(to_json(COLS, &rows)).unwrap();
        assert_eq!(
            text,
            "[\n  {\n    \"a\": \"Đam Rông\",\n    \"b\": null\n  }\n]\n"
        );
        let v: Value = serde_json::from_str(&text).unwrap();
        assert!(v[0]["b"].is_null());
    }
}
