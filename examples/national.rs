//! Generates a national-scale site folder for benchmarks and scale tests.
//!
//! The administrative tree is the real one, read at run time from the public data under
//! `../shared/data-real` (not copied into the crate): before the 2025 reform 63 provinces,
//! 705 districts and 10,599 communes (`--tree old`), after it 34 provinces and 3,321 communes
//! (`--tree new`). Everything else is made up, deterministically from `--seed`: figures for
//! every unit for 2016–2025 (the poverty standard changes in 2021), one plan per province and
//! per district with targets of every kind, stories with Vietnamese text and commendations.
//! Every figure is marked `illustrative = true`.
//!
//! `--plain N` writes a plain corpus instead: the 63 provinces, no figures, plans or
//! commendations, and N stories each with a livelihood model and tags (the two taxonomies).
//!
//! ```text
//! cargo run --release --example national -- --tree old --stories 20000 --awards 50000 --seed 1 --out /tmp/nat-old
//! cargo run --release --example national -- --plain 10000 --seed 1 --out /tmp/plain-10k
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use clap::Parser;
use lnob::slug::slugify;

#[derive(Parser)]
#[command(about = "Writes a national-scale lnob site folder (deterministic from --seed)")]
struct Args {
    /// Administrative tree: `old` (63/705/10,599, 1 Nov 2021) or `new` (34/3,321, 1 Jul 2025).
    #[arg(long, default_value = "old")]
    tree: String,
    /// Number of stories.
    #[arg(long, default_value_t = 20_000)]
    stories: usize,
    /// Number of commendations.
    #[arg(long, default_value_t = 50_000)]
    awards: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The site folder to write. It must not exist, be empty, or have been written by this tool.
    #[arg(long)]
    out: PathBuf,
    /// The real public data (default: ../shared/data-real beside the repository).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Write a plain corpus of this many stories instead of the national site.
    #[arg(long)]
    plain: Option<usize>,
    /// Keep lnob's PNG link-preview cards (`social_cards`, about 8 ms of CPU each: four
    /// minutes for a national site). Off by default, as Hugo and Zola draw none.
    #[arg(long)]
    cards: bool,
}

const MARKER: &str = ".lnob-generated";
const YEARS: std::ops::RangeInclusive<i32> = 2016..=2025;

fn main() {
    let args = Args::parse();
    let data = args
        .data
        .clone()
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data-real"));
    if let Err(e) = prepare_out(&args.out) {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
    let mut rng = Rng::new(args.seed);
    let result = match args.plain {
        Some(n) => plain(&args, &data, n, &mut rng),
        None => national(&args, &data, &mut rng),
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn prepare_out(out: &Path) -> Result<(), String> {
    if out.exists() {
        let empty = std::fs::read_dir(out)
            .map_err(|e| e.to_string())?
            .next()
            .is_none();
        if !empty {
            if !out.join(MARKER).is_file() {
                return Err(format!(
                    "{} exists, is not empty and was not written by this generator",
                    out.display()
                ));
            }
            std::fs::remove_dir_all(out).map_err(|e| e.to_string())?;
        }
    }
    for d in [
        "content/stories",
        "content/pages",
        "data/regions",
        "data/stats",
        "data/plans",
        "data/awards",
    ] {
        std::fs::create_dir_all(out.join(d))
            .map_err(|e| format!("{}: {e}", out.join(d).display()))?;
    }
    std::fs::write(
        out.join(MARKER),
        "Written by `cargo run --example national`; it may delete and rewrite this folder.\n",
    )
    .map_err(|e| e.to_string())
}

fn write(out: &Path, rel: &str, text: &str) -> Result<(), String> {
    std::fs::write(out.join(rel), text).map_err(|e| format!("{rel}: {e}"))
}

// ---------------------------------------------------------------------------------------------
// A small deterministic generator (SplitMix64): no dependency, same output on every machine.

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x6C6E_6F62_2025_0701)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// Inclusive.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }
    fn float(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.float()
    }
    fn chance(&mut self, p: f64) -> bool {
        self.float() < p
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
    fn date_in(&mut self, year: i32) -> NaiveDate {
        let start = NaiveDate::from_ymd_opt(year, 1, 1).expect("date");
        start + chrono::Duration::days(self.below(if is_leap(year) { 366 } else { 365 }) as i64)
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

// ---------------------------------------------------------------------------------------------
// The administrative tree

#[derive(Clone, Debug)]
struct Unit {
    code: String,
    /// Without the kind word: "Hà Giang".
    name: String,
    /// Lower case: "tỉnh", "huyện", "xã" …
    kind: String,
    level: &'static str,
    parent: Option<usize>,
    children: Vec<usize>,
    province: usize,
}

impl Unit {
    /// "xã Yên Viên"
    fn full(&self) -> String {
        format!("{} {}", self.kind, self.name)
    }
}

struct Tree {
    units: Vec<Unit>,
    provinces: Vec<usize>,
}

impl Tree {
    fn push(
        &mut self,
        code: &str,
        full: &str,
        typ: &str,
        level: &'static str,
        parent: Option<usize>,
    ) -> usize {
        let (kind, name) = split_kind(full, typ);
        let id = self.units.len();
        let province = match parent {
            Some(p) => self.units[p].province,
            None => id,
        };
        self.units.push(Unit {
            code: code.to_string(),
            name,
            kind,
            level,
            parent,
            children: Vec::new(),
            province,
        });
        match parent {
            Some(p) => self.units[p].children.push(id),
            None => self.provinces.push(id),
        }
        id
    }

    /// The unit and every unit above it, nearest first.
    fn up(&self, u: usize) -> Vec<usize> {
        let mut v = vec![u];
        let mut cur = u;
        while let Some(p) = self.units[cur].parent {
            v.push(p);
            cur = p;
        }
        v
    }

    fn communes(&self) -> Vec<usize> {
        (0..self.units.len())
            .filter(|&u| self.units[u].level == "commune")
            .collect()
    }

    fn district_of(&self, u: usize) -> Option<usize> {
        self.up(u)
            .into_iter()
            .find(|&a| self.units[a].level == "district")
    }
}

/// "Thành phố Hà Nội" of type "Thành phố Trung ương" → ("thành phố", "Hà Nội").
fn split_kind(full: &str, typ: &str) -> (String, String) {
    const WORDS: [&str; 9] = [
        "Thành phố",
        "Thị xã",
        "Thị trấn",
        "Tỉnh",
        "Huyện",
        "Quận",
        "Phường",
        "Xã",
        "Đặc khu",
    ];
    for w in WORDS {
        if let Some(rest) = full.strip_prefix(w).and_then(|r| r.strip_prefix(' ')) {
            return (w.to_lowercase(), rest.trim().to_string());
        }
    }
    let kind = if typ.starts_with("Thành phố") {
        "thành phố".to_string()
    } else {
        typ.to_lowercase()
    };
    (kind, full.trim().to_string())
}

fn read_json(path: &Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "{}: {e} (pass --data DIR with the real data)",
            path.display()
        )
    })?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn s<'a>(v: &'a serde_json::Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or("")
}

fn arr<'a>(v: &'a serde_json::Value, key: &str) -> &'a [serde_json::Value] {
    v[key].as_array().map(|a| a.as_slice()).unwrap_or(&[])
}

/// 63 provinces, 705 districts, 10,599 communes (GSO list of 1 Nov 2021, via dvhcvn).
fn old_tree(data: &Path, provinces_only: bool) -> Result<Tree, String> {
    let v = read_json(&data.join("dvhcvn-pre2025/dvhcvn-2021-11-01.json"))?;
    let mut t = Tree {
        units: Vec::new(),
        provinces: Vec::new(),
    };
    for p in arr(&v, "data") {
        let pi = t.push(
            s(p, "level1_id"),
            s(p, "name"),
            s(p, "type"),
            "province",
            None,
        );
        if provinces_only {
            continue;
        }
        for d in arr(p, "level2s") {
            let di = t.push(
                s(d, "level2_id"),
                s(d, "name"),
                s(d, "type"),
                "district",
                Some(pi),
            );
            for c in arr(d, "level3s") {
                t.push(
                    s(c, "level3_id"),
                    s(c, "name"),
                    s(c, "type"),
                    "commune",
                    Some(di),
                );
            }
        }
    }
    Ok(t)
}

/// 34 provinces and 3,321 communes after 1 Jul 2025 (dvhcvn/20250701): names of the provinces
/// from the GSO letter 915/CTK-CSCL, communes from the mapping file.
fn new_tree(data: &Path) -> Result<Tree, String> {
    let dir = data.join("dvhcvn-20250701");
    let mut names: HashMap<String, String> = HashMap::new();
    let csv_path = dir.join("915_CTK-CSCL.csv");
    let mut rdr =
        csv::Reader::from_path(&csv_path).map_err(|e| format!("{}: {e}", csv_path.display()))?;
    for rec in rdr.records() {
        let rec = rec.map_err(|e| format!("{}: {e}", csv_path.display()))?;
        if let (Some(code), Some(name)) = (rec.get(1), rec.get(2)) {
            names.insert(code.trim().to_string(), name.trim().to_string());
        }
    }
    let v = read_json(&dir.join("merges.json"))?;
    let mut t = Tree {
        units: Vec::new(),
        provinces: Vec::new(),
    };
    for p in arr(&v, "data") {
        let code = s(p, "level1_id");
        let name = names
            .get(code)
            .cloned()
            .unwrap_or_else(|| s(p, "name").to_string());
        let full = if name.starts_with("Thành phố") || name.starts_with("Tỉnh") {
            name
        } else {
            format!("Tỉnh {name}")
        };
        let pi = t.push(code, &full, "Tỉnh", "province", None);
        for c in arr(p, "level2s") {
            t.push(s(c, "level2_id"), s(c, "name"), "Xã", "commune", Some(pi));
        }
    }
    if t.provinces.len() != 34 {
        return Err(format!(
            "expected 34 provinces in the new tree, found {}",
            t.provinces.len()
        ));
    }
    Ok(t)
}

// ---------------------------------------------------------------------------------------------
// Writing TOML by hand: the formats are the public ones of FORMATS.md.

fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn regions_toml(t: &Tree, province: usize) -> String {
    let mut out = format!(
        "# Đơn vị hành chính: {} (mã và tên theo danh mục của Tổng cục Thống kê)\n",
        cap(&t.units[province].full())
    );
    let mut stack = vec![province];
    while let Some(u) = stack.pop() {
        let unit = &t.units[u];
        out.push_str("\n[[region]]\n");
        let _ = writeln!(out, "code = {}", q(&unit.code));
        let _ = writeln!(out, "name = {}", q(&unit.name));
        let _ = writeln!(out, "kind = {}", q(&unit.kind));
        let _ = writeln!(out, "level = {}", q(unit.level));
        if let Some(p) = unit.parent {
            let _ = writeln!(out, "parent = {}", q(&t.units[p].code));
        }
        stack.extend(unit.children.iter().rev());
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Figures: generated for communes, summed upwards; a new poverty standard from 2021.

#[derive(Clone, Copy, Default)]
struct Fig {
    households: u64,
    poor: u64,
    near_poor: u64,
    em_households: u64,
    em_poor: u64,
    escaped: Option<u64>,
    fell_back: Option<u64>,
    difficult: Option<bool>,
}

#[allow(clippy::needless_range_loop)] // year `i` of a unit and of each of its children
fn figures(t: &Tree, rng: &mut Rng) -> Vec<[Fig; 10]> {
    let mut out = vec![[Fig::default(); 10]; t.units.len()];
    // Provinces: how poor, how many ethnic minority households.
    let mut poverty = vec![0.0; t.units.len()];
    let mut ethnic = vec![0.0; t.units.len()];
    for &p in &t.provinces {
        let x = rng.float();
        poverty[p] = 0.01 + 0.30 * x * x;
        ethnic[p] = (poverty[p] * 2.8 + rng.between(-0.1, 0.2)).clamp(0.0, 0.95);
    }
    for u in 0..t.units.len() {
        if t.units[u].level == "district" {
            poverty[u] = poverty[t.units[u].province] * rng.between(0.5, 1.6);
            ethnic[u] = (ethnic[t.units[u].province] * rng.between(0.6, 1.4)).min(0.98);
        }
    }
    // Leaves: communes, and the few districts without communes (island districts).
    for u in (0..t.units.len()).filter(|&u| t.units[u].children.is_empty()) {
        let unit = &t.units[u];
        let above = unit.parent.unwrap_or(unit.province);
        let urban = matches!(unit.kind.as_str(), "phường" | "thị trấn");
        let r2016 = (poverty[above] * rng.between(0.4, 1.8) * if urban { 0.3 } else { 1.0 })
            .clamp(0.002, 0.75);
        let em_share =
            (ethnic[above] * rng.between(0.5, 1.5) * if urban { 0.4 } else { 1.0 }).min(1.0);
        let mut households = match unit.kind.as_str() {
            "phường" => rng.range(2500, 9000),
            "thị trấn" => rng.range(1500, 5000),
            "đặc khu" => rng.range(800, 6000),
            _ => rng.range(700, 4200),
        } as f64;
        let growth = rng.between(0.005, 0.025);
        let fall_old = rng.between(0.06, 0.22);
        let jump = rng.between(1.25, 1.9);
        let fall_new = rng.between(-0.03, 0.28);
        let near_ratio = rng.between(0.5, 1.1);
        let em_ratio = rng.between(1.1, 1.9);
        let threshold = rng.between(0.22, 0.34);
        let mut rate = r2016;
        let mut prev_poor: Option<u64> = None;
        for (i, year) in YEARS.enumerate() {
            if year == 2021 {
                rate = (rate * jump).min(0.85);
            } else if year > 2016 {
                let fall = if year < 2021 { fall_old } else { fall_new };
                rate = (rate * (1.0 - fall * rng.between(0.6, 1.4))).clamp(0.001, 0.9);
            }
            let h = households.round() as u64;
            let poor = (h as f64 * rate).round() as u64;
            let near = ((h as f64 * rate * near_ratio).round() as u64).min(h - poor);
            let em_h = (h as f64 * em_share).round() as u64;
            let em_p = ((em_h as f64 * (rate * em_ratio).min(1.0)).round() as u64)
                .min(poor)
                .min(em_h);
            let fell_back = (year > 2016 && year != 2021)
                .then(|| (poor as f64 * rng.between(0.01, 0.07)).round() as u64);
            let escaped = match (prev_poor, fell_back) {
                (Some(pp), Some(fb)) => Some((pp + fb).saturating_sub(poor)),
                _ => None,
            };
            let difficult = (unit.kind == "xã").then_some(rate > threshold);
            out[u][i] = Fig {
                households: h,
                poor,
                near_poor: near,
                em_households: em_h,
                em_poor: em_p,
                escaped,
                fell_back,
                difficult,
            };
            prev_poor = Some(poor);
            households *= 1.0 + growth;
        }
    }
    // Districts, then provinces: sums of their children (units are stored parents first).
    for u in (0..t.units.len()).rev() {
        if t.units[u].children.is_empty() {
            continue;
        }
        for i in 0..10 {
            let mut f = Fig::default();
            let (mut esc, mut fb) = (Some(0), Some(0));
            for &c in &t.units[u].children {
                let cf = out[c][i];
                f.households += cf.households;
                f.poor += cf.poor;
                f.near_poor += cf.near_poor;
                f.em_households += cf.em_households;
                f.em_poor += cf.em_poor;
                esc = esc.zip(cf.escaped).map(|(a, b)| a + b);
                fb = fb.zip(cf.fell_back).map(|(a, b)| a + b);
            }
            f.escaped = esc;
            f.fell_back = fb;
            out[u][i] = f;
        }
    }
    out
}

fn stats_toml(t: &Tree, province: usize, figs: &[[Fig; 10]], seed: u64) -> String {
    let mut out = format!(
        "# Số liệu theo năm — {}: SỐ LIỆU GIẢ LẬP (hạt giống {seed}) để đo hiệu năng, không phải số liệu chính thức.\n# Chuẩn nghèo mặc định theo năm: 2016–2020 chuẩn 2016-2020; từ 2021 chuẩn 2022-2025.\n",
        cap(&t.units[province].full())
    );
    let source = format!("Số liệu giả lập cho trang thử nghiệm toàn quốc (hạt giống {seed})");
    let mut stack = vec![province];
    while let Some(u) = stack.pop() {
        for (i, year) in YEARS.enumerate() {
            let f = &figs[u][i];
            out.push_str("\n[[stat]]\n");
            let _ = writeln!(out, "region = {}", q(&t.units[u].code));
            let _ = writeln!(out, "year = {year}");
            let _ = writeln!(out, "households = {}", f.households);
            let _ = writeln!(out, "poor = {}", f.poor);
            let _ = writeln!(out, "near_poor = {}", f.near_poor);
            if f.em_households > 0 {
                let _ = writeln!(out, "ethnic_minority_households = {}", f.em_households);
                let _ = writeln!(out, "ethnic_minority_poor = {}", f.em_poor);
            }
            if let Some(x) = f.escaped {
                let _ = writeln!(out, "escaped = {x}");
            }
            if let Some(x) = f.fell_back {
                let _ = writeln!(out, "fell_back = {x}");
            }
            if let Some(d) = f.difficult {
                let _ = writeln!(out, "extremely_difficult = {d}");
            }
            out.push_str("illustrative = true\n");
            if u == province {
                let _ = writeln!(out, "source = {}", q(&source));
            }
        }
        stack.extend(t.units[u].children.iter().rev());
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Plans: one per province and per district, with targets of every kind.

struct PlanInfo {
    id: String,
    unit: usize,
    /// Level rules of the quotas: (occasion, level, kind).
    quota_rules: Vec<(&'static str, &'static str, Option<&'static str>)>,
    /// One rule for a single unit: (occasion, unit).
    quota_unit: Option<(&'static str, usize)>,
}

const OCCASIONS: [(&str, &str, (i32, u32, u32)); 2] = [
    (
        "so-ket-2023",
        "Sơ kết Phong trào thi đua năm 2023",
        (2023, 12, 31),
    ),
    (
        "tong-ket-2025",
        "Tổng kết Phong trào thi đua giai đoạn 2021–2025",
        (2025, 12, 31),
    ),
];

fn plan_ids(t: &Tree) -> (Vec<PlanInfo>, HashMap<usize, usize>) {
    let mut plans = Vec::new();
    let mut by_unit = HashMap::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    for u in 0..t.units.len() {
        let unit = &t.units[u];
        if unit.level == "commune" {
            continue;
        }
        let mut id = if unit.level == "province" {
            slugify(&unit.name)
        } else {
            format!(
                "{}-{}",
                slugify(&t.units[unit.province].name),
                slugify(&unit.name)
            )
        };
        if used.contains_key(&id) {
            id = format!("{id}-{}", unit.code);
        }
        used.insert(id.clone(), u);
        let below = if unit.level == "province"
            && unit
                .children
                .iter()
                .any(|&c| t.units[c].level == "district")
        {
            "district"
        } else {
            "commune"
        };
        let mut rules = vec![("so-ket-2023", below, None), ("tong-ket-2025", below, None)];
        if below == "district" {
            rules.push(("tong-ket-2025", "district", Some("thành phố")));
        } else {
            rules.push(("tong-ket-2025", "commune", Some("xã")));
        }
        let quota_unit = unit.children.first().map(|&c| ("tong-ket-2025", c));
        by_unit.insert(u, plans.len());
        plans.push(PlanInfo {
            id,
            unit: u,
            quota_rules: rules,
            quota_unit,
        });
    }
    (plans, by_unit)
}

fn plan_toml(
    t: &Tree,
    plans: &[PlanInfo],
    by_unit: &HashMap<usize, usize>,
    p: usize,
    caps: &BTreeMap<(usize, usize), u32>,
    rng: &mut Rng,
) -> String {
    let info = &plans[p];
    let unit = &t.units[info.unit];
    let place = format!("{} {}", unit.kind, unit.name);
    let is_province = unit.level == "province";
    let number = rng.range(120, 4800);
    let issued = NaiveDate::from_ymd_opt(2022, rng.range(3, 11) as u32, rng.range(1, 28) as u32)
        .expect("date");
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Kế hoạch giả lập của {place} cho trang thử nghiệm toàn quốc."
    );
    let _ = writeln!(out, "number = {}", q(&format!("{number}/KH-UBND")));
    let _ = writeln!(
        out,
        "title = {}",
        q(&format!("Kế hoạch thực hiện Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau” giai đoạn 2021 – 2025 trên địa bàn {place}"))
    );
    let _ = writeln!(out, "issuer = {}", q(&format!("Ủy ban nhân dân {place}")));
    let _ = writeln!(out, "issued = {issued}");
    let _ = writeln!(out, "region = {}", q(&unit.code));
    out.push_str("start = 2022\nend = 2025\nbaseline_year = 2021\n");
    match unit.parent.and_then(|u| by_unit.get(&u)) {
        Some(&pp) => {
            let _ = writeln!(out, "parent = {}", q(&plans[pp].id));
        }
        None => {
            out.push_str("parent_title = \"Kế hoạch phát động Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau” giai đoạn 2021 – 2025 của Thủ tướng Chính phủ\"\n");
        }
    }
    let below = info.quota_rules[0].1;
    let a = rng.range(10, 20) as f64 / 10.0;
    let level = rng.range(5, 40) as f64 / 10.0;
    let targets: Vec<String> = vec![
        format!("metric = \"poor_rate\"\nchange = \"annual_reduction\"\nat_least = {a:.1}\nat_most = {:.1}\ntext = \"Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều giảm bình quân {} – {} %/năm\"", a + 0.5, dec(a), dec(a + 0.5)),
        format!("metric = \"poor_rate\"\nchange = \"level_by\"\nbelow = {level:.1}\nyear = 2025\nstrict = true\ntext = \"Phấn đấu đến năm 2025 tỷ lệ hộ nghèo còn dưới {} %\"", dec(level)),
        "metric = \"near_poor_rate\"\nchange = \"annual_reduction\"\nat_least = 0.5\ntext = \"Tỷ lệ hộ cận nghèo giảm từ 0,5 %/năm trở lên\"".to_string(),
        "metric = \"ethnic_minority_poor_rate\"\nchange = \"annual_reduction\"\nat_least = 3.0\nstrict = true\ntext = \"Tỷ lệ hộ nghèo dân tộc thiểu số giảm trên 3 %/năm\"".to_string(),
        format!("metric = \"poor_and_near_poor_rate\"\nchange = \"level_by\"\nbelow = {:.1}\nyear = 2025\ntext = \"Đến năm 2025 tỷ lệ hộ nghèo và cận nghèo không quá {} %\"", level * 2.5, dec(level * 2.5)),
        "metric = \"poor_households\"\nchange = \"reduction_from_baseline\"\nat_least = 50\nyear = 2025\ntext = \"Giảm ít nhất một nửa số hộ nghèo so với đầu kỳ\"".to_string(),
        "metric = \"poor_and_near_poor_households\"\nchange = \"reduction_from_baseline\"\nat_least = 30\ntext = \"Giảm 30 % số hộ nghèo và cận nghèo so với đầu kỳ\"".to_string(),
        "metric = \"fell_back_share\"\nchange = \"level_by\"\nbelow = 5\ntext = \"Hạn chế tái nghèo: số hộ tái nghèo dưới 5 % số hộ nghèo và cận nghèo\"".to_string(),
        "metric = \"extremely_difficult_units\"\nchange = \"share_of_units\"\nat_least = 30\napplies_to = \"commune\"\nyear = 2025\ntext = \"Ít nhất 30 % số xã đặc biệt khó khăn thoát khỏi tình trạng đặc biệt khó khăn\"".to_string(),
        format!(
            "metric = \"poor_rate\"\nchange = \"annual_reduction\"\nat_least = {}\napplies_to = \"{below}\"\ntext = \"Tỷ lệ hộ nghèo của mỗi {} giảm bình quân từ {} %/năm trở lên\"",
            if is_province { "1.5" } else { "3.0" },
            if below == "district" { "huyện" } else { "xã" },
            if is_province { "1,5" } else { "3" }
        ),
        "metric = \"poor_rate\"\nchange = \"annual_reduction\"\nunit = \"relative\"\nat_least = 10\napplies_to = \"commune\"\ntext = \"Tỷ lệ hộ nghèo của mỗi xã giảm ít nhất 10 % mỗi năm so với năm trước\"".to_string(),
    ];
    for t in targets {
        let _ = write!(out, "\n[[target]]\n{t}\n");
    }
    for y in 2022..=2025 {
        let _ = write!(
            out,
            "\n[[milestone]]\ndate = {y}-11-20\ntitle = \"Báo cáo kết quả thực hiện năm {y}\"\n"
        );
    }
    for (occ, title, (y, m, d)) in OCCASIONS {
        let _ = write!(
            out,
            "\n[[milestone]]\ndate = {y}-{m:02}-{d:02}\ntitle = {}\noccasion = \"{occ}\"\n",
            q(title)
        );
    }
    for (i, (occ, lvl, kind)) in info.quota_rules.iter().enumerate() {
        let max = caps.get(&(p, i)).copied().unwrap_or(1);
        let _ = write!(
            out,
            "\n[[quota]]\noccasion = \"{occ}\"\nlevel = \"{lvl}\"\n"
        );
        if let Some(k) = kind {
            let _ = writeln!(out, "kind = {}", q(k));
        }
        let _ = writeln!(out, "max = {max}");
    }
    if let Some((occ, u)) = info.quota_unit {
        let max = caps.get(&(p, usize::MAX)).copied().unwrap_or(1);
        let _ = write!(
            out,
            "\n[[quota]]\noccasion = \"{occ}\"\nregion = {}\nmax = {max}\n",
            q(&t.units[u].code)
        );
    }
    out
}

fn dec(x: f64) -> String {
    let s = format!("{x:.1}");
    let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    s.replace('.', ",")
}

/// Quota caps that every generated commendation fits under: for each rule, the largest count
/// in any unit it covers, plus a little room; counted as `lnob` counts them.
fn quota_caps(t: &Tree, plans: &[PlanInfo], awards: &[Award]) -> BTreeMap<(usize, usize), u32> {
    // (plan or none, occasion, unit) → count of awards within the unit.
    let mut counts: HashMap<(Option<usize>, &str, usize), u32> = HashMap::new();
    for a in awards {
        for u in t.up(a.unit) {
            *counts.entry((a.plan, a.occasion.as_str(), u)).or_default() += 1;
        }
    }
    let count = |p: usize, occ: &str, u: usize| -> u32 {
        counts.get(&(None, occ, u)).copied().unwrap_or(0)
            + counts.get(&(Some(p), occ, u)).copied().unwrap_or(0)
    };
    let mut caps = BTreeMap::new();
    for (p, info) in plans.iter().enumerate() {
        let below: Vec<usize> = descendants(t, info.unit);
        for (i, (occ, lvl, kind)) in info.quota_rules.iter().enumerate() {
            let max = below
                .iter()
                .filter(|&&u| t.units[u].level == *lvl && kind.is_none_or(|k| t.units[u].kind == k))
                .map(|&u| count(p, occ, u))
                .max()
                .unwrap_or(0);
            caps.insert((p, i), max + 1);
        }
        if let Some((occ, u)) = info.quota_unit {
            caps.insert((p, usize::MAX), count(p, occ, u) + 2);
        }
    }
    caps
}

fn descendants(t: &Tree, u: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut stack = t.units[u].children.clone();
    while let Some(x) = stack.pop() {
        out.push(x);
        stack.extend(t.units[x].children.iter().copied());
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Words for made-up Vietnamese text

const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Triệu", "Lò", "Lường", "Hà", "Sùng", "Giàng", "Vàng", "Nông",
    "Lục", "Đinh", "Quách", "Thạch", "Danh", "Kim",
];
const MIDDLE_M: &[&str] = &[
    "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thanh", "A", "Seo", "Xuân",
];
const MIDDLE_F: &[&str] = &[
    "Thị", "Ngọc", "Thu", "Kim", "Mỹ", "Thanh", "Hồng", "Y", "Thúy",
];
const GIVEN_M: &[&str] = &[
    "Lìn", "Páo", "Dũng", "Hùng", "Tuấn", "Sơn", "Bình", "Quý", "Thắng", "Lâm", "Phúc", "Chính",
    "Khải", "Mạnh", "Sang", "Tài", "Vinh",
];
const GIVEN_F: &[&str] = &[
    "Hoa",
    "Lan",
    "Mai",
    "Nga",
    "Hương",
    "Thảo",
    "Dung",
    "Hạnh",
    "Xuân",
    "Chi",
    "Mỷ",
    "Dớ",
    "Nhung",
    "Phượng",
    "Sáu",
];
const ETHNIC: &[&str] = &[
    "Tày",
    "Nùng",
    "H'Mông",
    "Dao",
    "Thái",
    "Mường",
    "Khmer",
    "Ê Đê",
    "Gia Rai",
    "Ba Na",
    "Cơ Ho",
    "Xơ Đăng",
    "Chăm",
    "Sán Dìu",
    "Mạ",
    "Raglai",
];
const MODELS: &[&str] = &[
    "Chăn nuôi bò sinh sản",
    "Nuôi lợn đen bản địa",
    "Nuôi gà thả vườn",
    "Trồng cà phê xen canh",
    "Trồng sâm Ngọc Linh",
    "Trồng quế hữu cơ",
    "Trồng hồi",
    "Trồng cây ăn quả có múi",
    "Trồng rau an toàn",
    "Trồng lúa hữu cơ",
    "Nuôi tôm càng xanh",
    "Nuôi cá lồng",
    "Nuôi ong lấy mật",
    "Trồng dong riềng làm miến",
    "Dệt thổ cẩm",
    "Đan lát mây tre",
    "Du lịch cộng đồng",
    "Trồng chè shan tuyết",
    "Trồng mắc ca",
    "Nuôi dê",
    "Trồng dược liệu dưới tán rừng",
    "Trồng nấm",
    "Làm bánh đặc sản",
    "Chế biến nông sản",
    "Trồng sầu riêng",
    "Trồng thanh long",
    "Nuôi vịt chạy đồng",
    "Trồng cói",
    "Làm muối sạch",
    "Trồng hoa",
];
const TAGS: &[&str] = &[
    "vay vốn",
    "chăn nuôi",
    "trồng trọt",
    "thủy sản",
    "đồng bào dân tộc thiểu số",
    "thoát nghèo bền vững",
    "hợp tác xã",
    "liên kết sản xuất",
    "phụ nữ",
    "thanh niên",
    "người cao tuổi",
    "người khuyết tật",
    "nhà ở",
    "nước sạch",
    "giáo dục nghề nghiệp",
    "việc làm",
    "xuất khẩu lao động",
    "chuyển đổi số",
    "thương mại điện tử",
    "OCOP",
    "du lịch",
    "khuyến nông",
    "bảo hiểm y tế",
    "học bổng",
    "vùng đặc biệt khó khăn",
    "biên giới",
    "hải đảo",
    "miền núi",
    "đồng bằng sông Cửu Long",
    "Tây Nguyên",
    "tái định cư",
    "thiên tai",
    "dinh dưỡng",
    "trẻ em",
    "y tế cơ sở",
    "tín dụng chính sách",
    "hỗ trợ sinh kế",
    "mô hình mới",
    "doanh nghiệp đồng hành",
    "mặt trận tổ quốc",
    "hội nông dân",
    "quỹ vì người nghèo",
    "đất sản xuất",
    "giống cây trồng",
    "con giống",
    "tiêu thụ sản phẩm",
    "năng lượng mặt trời",
    "kỹ thuật canh tác",
    "nông nghiệp hữu cơ",
    "gương điển hình",
];
const ROLES: &[&str] = &[
    "trưởng thôn",
    "cán bộ khuyến nông",
    "bí thư chi đoàn",
    "chi hội trưởng phụ nữ",
    "giáo viên",
    "y sĩ trạm y tế",
    "người có uy tín",
    "tổ trưởng tổ vay vốn",
];
const COLLECTIVES: &[&str] = &[
    "Hội Liên hiệp Phụ nữ",
    "Đoàn Thanh niên",
    "Hội Nông dân",
    "Ban công tác Mặt trận",
    "Hội Cựu chiến binh",
    "Tổ tiết kiệm và vay vốn",
];
const AGENCIES: &[&str] = &[
    "Phòng Lao động – Thương binh và Xã hội",
    "Phòng Dân tộc",
    "Phòng Nông nghiệp và Phát triển nông thôn",
    "Phòng giao dịch Ngân hàng Chính sách xã hội",
    "Trung tâm Văn hóa – Truyền thông",
    "Ban Quản lý dự án",
];

fn person(rng: &mut Rng) -> (bool, String) {
    let male = rng.chance(0.5);
    let name = if male {
        format!(
            "{} {} {}",
            rng.pick(FAMILY),
            rng.pick(MIDDLE_M),
            rng.pick(GIVEN_M)
        )
    } else {
        format!(
            "{} {} {}",
            rng.pick(FAMILY),
            rng.pick(MIDDLE_F),
            rng.pick(GIVEN_F)
        )
    };
    (male, name)
}

struct Place {
    commune: String,
    district: String,
    province: String,
}

fn place(t: &Tree, u: usize) -> Place {
    let unit = &t.units[u];
    let prov = &t.units[unit.province];
    let district = t
        .district_of(u)
        .map(|d| t.units[d].full())
        .unwrap_or_else(|| prov.full());
    let commune = if unit.level == "commune" {
        unit.full()
    } else {
        district.clone()
    };
    Place {
        commune,
        district,
        province: prov.full(),
    }
}

#[allow(clippy::useless_format)] // the pool reads as one list of sentences, some without blanks
fn paragraph(rng: &mut Rng, p: &Place, who: &str, model: &str) -> String {
    let m = model.to_lowercase();
    let n = rng.range(3, 60);
    let money = rng.range(3, 10) * 10;
    let year = rng.range(2017, 2024);
    let pool: [String; 16] = [
        format!("Năm {year}, {who} được vay {money} triệu đồng từ Ngân hàng Chính sách xã hội để bắt đầu {m}."),
        format!("Ở {}, đất dốc, nước hiếm, nhiều năm liền người dân chỉ trông vào nương ngô và vài con gà.", p.commune),
        format!("Cán bộ khuyến nông của {} hướng dẫn từng bước, từ chọn giống đến phòng bệnh, ghi chép thu chi.", p.district),
        format!("Sau ba năm, thu nhập của gia đình tăng gấp đôi, con cái được đi học đầy đủ, nhà được sửa lại kiên cố."),
        format!("Mô hình {m} nay đã có {n} hộ tham gia, phần lớn là hộ nghèo và cận nghèo của {}.", p.commune),
        format!("Chính quyền {} hỗ trợ giống, vật tư và kết nối đầu ra để bà con yên tâm sản xuất.", p.commune),
        format!("“Lúc đầu ai cũng sợ, vì chưa làm bao giờ. Làm rồi thấy có lãi, cả xóm học theo”, {who} kể."),
        format!("Tổ hợp tác được thành lập, các thành viên góp vốn, chia sẻ kinh nghiệm và cùng bán sản phẩm với giá tốt hơn."),
        format!("Nhờ chương trình mục tiêu quốc gia giảm nghèo bền vững, {} đã có đường bê tông, nước sạch và điện lưới đến từng thôn.", p.district),
        format!("Những ngày mưa lũ năm {year}, cả thôn cùng nhau dựng lại chuồng trại, không để hộ nào bị bỏ lại phía sau."),
        format!("Sản phẩm của mô hình {m} đã được công nhận sản phẩm OCOP ba sao của {}.", p.province),
        format!("Mỗi năm, gia đình để dành được khoảng {money} triệu đồng, đã trả hết nợ vay và mua thêm con giống."),
        format!("Hội Phụ nữ {} duy trì sinh hoạt hằng tháng để các chị em chia sẻ cách làm ăn, tiết kiệm.", p.commune),
        format!("Từ một hộ nghèo, {who} đã tự nguyện đăng ký thoát nghèo và giúp {n} hộ khác có việc làm thời vụ."),
        format!("Theo cán bộ xã, điều quan trọng nhất là người dân tự tin, chủ động vươn lên, không trông chờ vào hỗ trợ."),
        format!("Con đường thoát nghèo ở {} còn nhiều khó khăn, nhưng những mô hình như thế này cho thấy hướng đi bền vững.", p.province),
    ];
    let k = rng.range(2, 4) as usize;
    let mut out = String::new();
    for i in 0..k {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&pool[rng.below(pool.len())]);
    }
    out
}

struct Story {
    slug: String,
    unit: usize,
}

#[allow(clippy::too_many_arguments)]
fn story_md(
    t: &Tree,
    rng: &mut Rng,
    i: usize,
    u: usize,
    plan: Option<&str>,
    model: Option<&str>,
    chart: bool,
) -> (String, String) {
    let p = place(t, u);
    let (male, name) = person(rng);
    let honor = if male { "ông" } else { "bà" };
    let year = rng.range(2016, 2025) as i32;
    let date = rng.date_in(year);
    let kind = *rng.pick(&[
        "household",
        "household",
        "individual",
        "collective",
        "model",
        "model",
    ]);
    let model_name = model
        .map(str::to_string)
        .unwrap_or_else(|| rng.pick(MODELS).to_string());
    let m = model_name.to_lowercase();
    let (title, who) = match kind {
        "household" => (
            format!("Hộ {honor} {name} ở {} thoát nghèo nhờ {m}", p.commune),
            format!("{honor} {name}"),
        ),
        "individual" => {
            let role = rng.pick(ROLES);
            (
                format!(
                    "{} {name}, {role} tận tụy với hộ nghèo {}",
                    cap(honor),
                    p.commune
                ),
                format!("{honor} {name}"),
            )
        }
        "collective" => {
            let c = rng.pick(COLLECTIVES);
            (
                format!("{c} {} đồng hành cùng hộ nghèo", p.commune),
                format!("chị {name}"),
            )
        }
        _ => (
            format!(
                "{} giúp {} hộ ở {} vươn lên",
                model_name,
                rng.range(5, 120),
                p.commune
            ),
            format!("anh {name}"),
        ),
    };
    let slug_base: String = slugify(&title)
        .chars()
        .take(60)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string();
    let slug = format!("{slug_base}-{i}");
    let first = paragraph(rng, &p, &who, &model_name);
    let summary = format!(
        "{}.",
        first.split(". ").next().unwrap_or("").trim_end_matches('.')
    );
    let mut tags: Vec<&str> = Vec::new();
    for _ in 0..rng.range(2, 4) {
        let tg = *rng.pick(TAGS);
        if !tags.contains(&tg) {
            tags.push(tg);
        }
    }
    let mut fm = String::from("+++\n");
    let _ = writeln!(fm, "title = {}", q(&title));
    let _ = writeln!(fm, "date = {date}");
    let _ = writeln!(fm, "kind = \"{kind}\"");
    let _ = writeln!(fm, "region = {}", q(&t.units[u].code));
    let _ = writeln!(fm, "summary = {}", q(&summary));
    let _ = writeln!(fm, "model = {}", q(&model_name));
    let _ = writeln!(
        fm,
        "tags = [{}]",
        tags.iter().map(|x| q(x)).collect::<Vec<_>>().join(", ")
    );
    if rng.chance(0.4) {
        let group: &&str = rng.pick(ETHNIC);
        let _ = writeln!(fm, "ethnic_group = {}", q(group));
    }
    fm.push_str("consent = true\n");
    if let Some(pl) = plan.filter(|_| date.year() >= 2022) {
        let _ = writeln!(fm, "plan = {}", q(pl));
    }
    let _ = writeln!(
        fm,
        "author = {}",
        q(&format!("Trung tâm Văn hóa – Truyền thông {}", p.district))
    );
    fm.push_str("+++\n\n");
    let mut body = fm;
    let paras = rng.range(4, 7);
    for k in 0..paras {
        if k == 2 {
            let _ = write!(
                body,
                "## {}\n\n",
                rng.pick(&[
                    "Từ hai bàn tay trắng",
                    "Cách làm mới",
                    "Không ai bị bỏ lại phía sau",
                    "Lan tỏa trong thôn",
                    "Những khó khăn còn lại"
                ])
            );
        }
        if k == 3 && rng.chance(0.3) {
            body.push_str("Những việc đã làm:\n\n");
            for _ in 0..3 {
                let _ = writeln!(
                    body,
                    "- {}",
                    rng.pick(&[
                        "vay vốn ưu đãi",
                        "tập huấn kỹ thuật",
                        "hỗ trợ con giống",
                        "liên kết tiêu thụ",
                        "sửa chữa nhà ở",
                        "học nghề"
                    ])
                );
            }
            body.push('\n');
        }
        body.push_str(&paragraph(rng, &p, &who, &model_name));
        body.push_str("\n\n");
        if k == 1 && chart {
            let _ = write!(body, "{{{{ chart(region=\"{}\") }}}}\n\n", t.units[u].code);
        }
    }
    body.push_str("*Câu chuyện giả lập của trang thử nghiệm toàn quốc: nhân vật và tình tiết do máy tạo ra.*\n");
    (slug, body)
}

// ---------------------------------------------------------------------------------------------
// Commendations

struct Award {
    unit: usize,
    plan: Option<usize>,
    occasion: String,
    text: String,
}

const FORMS_COMMUNE: &[&str] = &[
    "giay-khen-chu-tich-xa",
    "giay-khen-chu-tich-xa",
    "giay-khen-chu-tich-huyen",
    "giay-khen-thu-truong",
];
const FORMS_DISTRICT: &[&str] = &[
    "giay-khen-chu-tich-huyen",
    "giay-khen-chu-tich-huyen",
    "bang-khen-chu-tich-tinh",
];
const FORMS_PROVINCE: &[&str] = &[
    "bang-khen-chu-tich-tinh",
    "bang-khen-chu-tich-tinh",
    "bang-khen-chu-tich-tinh",
    "bang-khen-bo-truong",
    "bang-khen-thu-tuong",
    "huan-chuong-lao-dong-hang-ba",
    "huan-chuong-lao-dong-hang-nhi",
    "huan-chuong-lao-dong-hang-nhat",
];

#[allow(clippy::too_many_arguments)]
fn award(
    t: &Tree,
    rng: &mut Rng,
    u: usize,
    plans: &[PlanInfo],
    plan_of: &HashMap<usize, usize>,
    stories_of: &HashMap<usize, Vec<usize>>,
    stories: &[Story],
) -> Award {
    let unit = &t.units[u];
    let p = place(t, u);
    let r = rng.float();
    let (year, occasion) = if r < 0.1 {
        (2023, "so-ket-2023".to_string())
    } else if r < 0.2 {
        (2025, "tong-ket-2025".to_string())
    } else {
        let y = rng.range(2016, 2025) as i32;
        (y, format!("yearly-{y}"))
    };
    let (male, name) = person(rng);
    let honor = if male { "ông" } else { "bà" };
    let (recipient, kind) = match (unit.level, rng.below(6)) {
        ("commune", 0) | ("commune", 1) => (format!("Hộ {honor} {name}"), "household"),
        (_, 2) => (
            format!("{} {name}, {} {}", cap(honor), rng.pick(ROLES), p.commune),
            "individual",
        ),
        (_, 3) => (
            format!("{} {}", rng.pick(COLLECTIVES), p.commune),
            "collective",
        ),
        ("commune", 4) => (format!("Ủy ban nhân dân {}", p.commune), "commune"),
        (_, 4) => (format!("{} {}", rng.pick(AGENCIES), p.district), "agency"),
        _ => (
            format!(
                "Hợp tác xã {} {}",
                rng.pick(MODELS).to_lowercase(),
                unit.name
            ),
            "enterprise",
        ),
    };
    let form = match unit.level {
        "commune" => rng.pick(FORMS_COMMUNE),
        "district" => rng.pick(FORMS_DISTRICT),
        _ => rng.pick(FORMS_PROVINCE),
    };
    let issuer = match *form {
        "giay-khen-chu-tich-xa" => "UBND",
        "giay-khen-chu-tich-huyen" => "UBND",
        "bang-khen-chu-tich-tinh" => "UBND",
        "bang-khen-thu-tuong"
        | "huan-chuong-lao-dong-hang-ba"
        | "huan-chuong-lao-dong-hang-nhi"
        | "huan-chuong-lao-dong-hang-nhat" => "TTg",
        _ => "BLĐTBXH",
    };
    let date = if occasion.starts_with("yearly") {
        NaiveDate::from_ymd_opt(year, 12, rng.range(1, 30) as u32).expect("date")
    } else {
        NaiveDate::from_ymd_opt(year, 12, rng.range(10, 28) as u32).expect("date")
    };
    let plan = if year >= 2022 && rng.chance(0.7) {
        let above = t
            .district_of(u)
            .and_then(|d| plan_of.get(&d))
            .or_else(|| plan_of.get(&unit.province));
        above.copied()
    } else {
        None
    };
    let story = if rng.chance(0.3) {
        stories_of
            .get(&u)
            .map(|v| stories[v[rng.below(v.len())]].slug.clone())
    } else {
        None
    };
    let mut out = String::from("\n[[award]]\n");
    let _ = writeln!(out, "recipient = {}", q(&recipient));
    let _ = writeln!(out, "recipient_kind = \"{kind}\"");
    let _ = writeln!(out, "region = {}", q(&unit.code));
    let _ = writeln!(out, "form = \"{form}\"");
    let _ = writeln!(out, "occasion = \"{occasion}\"");
    let _ = writeln!(out, "year = {year}");
    let _ = writeln!(out, "decision = \"{}/QĐ-{issuer}\"", rng.range(100, 4999));
    let _ = writeln!(out, "decision_date = {date}");
    if let Some(pl) = plan {
        let _ = writeln!(out, "plan = {}", q(&plans[pl].id));
    }
    let citation = rng.pick(&[
        "Đã có thành tích xuất sắc trong Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau”",
        "Đã có thành tích tiêu biểu trong công tác giảm nghèo bền vững",
        "Tích cực giúp đỡ hộ nghèo, hộ cận nghèo phát triển sản xuất, ổn định cuộc sống",
        "Tự nguyện đăng ký thoát nghèo, là tấm gương vươn lên trong lao động sản xuất",
        "Đóng góp xây dựng nhà đại đoàn kết cho hộ nghèo",
    ]);
    let _ = writeln!(out, "citation = {}", q(&format!("{citation} năm {year}.")));
    if let Some(s) = story {
        let _ = writeln!(out, "story = {}", q(&s));
    }
    Award {
        unit: u,
        plan,
        occasion,
        text: out,
    }
}

// ---------------------------------------------------------------------------------------------

fn site_toml(title: &str, description: &str, cards: bool) -> String {
    format!(
        "title = {}\ndescription = {}\nbase_url = \"https://toanquoc.example.vn\"\nlanguage = \"vi\"\npublisher = \"Trang thử nghiệm hiệu năng lnob\"\n{}",
        q(title),
        q(description),
        if cards { "" } else { "social_cards = false\n" }
    )
}

const ABOUT: &str = "+++\ntitle = \"Giới thiệu\"\nmenu = true\nweight = 1\n+++\n\nTrang này được máy tạo ra để đo hiệu năng của lnob ở quy mô toàn quốc. Cây đơn vị hành chính là danh mục thật của Tổng cục Thống kê; mọi số liệu, kế hoạch, câu chuyện và khen thưởng đều là giả lập.\n";

fn national(args: &Args, data: &Path, rng: &mut Rng) -> Result<(), String> {
    let t = match args.tree.as_str() {
        "old" => old_tree(data, false)?,
        "new" => new_tree(data)?,
        other => return Err(format!("--tree must be old or new, not {other}")),
    };
    let out = &args.out;
    let (level_counts, total) = {
        let mut c: BTreeMap<&str, usize> = BTreeMap::new();
        for u in &t.units {
            *c.entry(u.level).or_default() += 1;
        }
        (c, t.units.len())
    };
    eprintln!("tree {}: {total} units {level_counts:?}", args.tree);
    let tree_name = if args.tree == "old" {
        "63 tỉnh, 705 huyện, 10.599 xã (01/11/2021)"
    } else {
        "34 tỉnh, 3.321 xã (01/7/2025)"
    };
    write(
        out,
        "site.toml",
        &site_toml(
            "Vì người nghèo – Không để ai bị bỏ lại phía sau: toàn quốc",
            &format!("Trang thử nghiệm quy mô toàn quốc với dữ liệu giả lập: {tree_name}"),
            args.cards,
        ),
    )?;
    write(out, "content/pages/gioi-thieu.md", ABOUT)?;

    let figs = figures(&t, rng);
    for &p in &t.provinces {
        let code = &t.units[p].code;
        write(
            out,
            &format!("data/regions/{code}.toml"),
            &regions_toml(&t, p),
        )?;
        write(
            out,
            &format!("data/stats/{code}.toml"),
            &stats_toml(&t, p, &figs, args.seed),
        )?;
    }

    let (plans, plan_of) = plan_ids(&t);

    // Stories: most about a commune, some about a district or a province.
    let communes = t.communes();
    let districts: Vec<usize> = (0..t.units.len())
        .filter(|&u| t.units[u].level == "district")
        .collect();
    let mut stories = Vec::with_capacity(args.stories);
    let mut stories_of: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..args.stories {
        let r = rng.float();
        let u = if r < 0.8 || districts.is_empty() && r < 0.95 {
            *rng.pick(&communes)
        } else if r < 0.95 {
            *rng.pick(&districts)
        } else {
            *rng.pick(&t.provinces)
        };
        let plan = t
            .up(u)
            .into_iter()
            .find_map(|a| plan_of.get(&a))
            .map(|&p| plans[p].id.as_str());
        let chart = rng.chance(0.05);
        let plan = if rng.chance(0.5) { plan } else { None };
        let (slug, text) = story_md(&t, rng, i, u, plan, None, chart);
        write(out, &format!("content/stories/{slug}.md"), &text)?;
        stories_of.entry(u).or_default().push(stories.len());
        stories.push(Story { slug, unit: u });
    }

    // Commendations, written per province.
    let mut awards = Vec::with_capacity(args.awards);
    for _ in 0..args.awards {
        let r = rng.float();
        let u = if r < 0.7 {
            *rng.pick(&communes)
        } else if r < 0.9 && !districts.is_empty() {
            *rng.pick(&districts)
        } else {
            *rng.pick(&t.provinces)
        };
        awards.push(award(&t, rng, u, &plans, &plan_of, &stories_of, &stories));
    }
    let mut by_province: BTreeMap<&str, String> = BTreeMap::new();
    for a in &awards {
        by_province
            .entry(t.units[t.units[a.unit].province].code.as_str())
            .or_default()
            .push_str(&a.text);
    }
    for (code, text) in by_province {
        write(
            out,
            &format!("data/awards/{code}.toml"),
            &format!("# Khen thưởng giả lập.\n{text}"),
        )?;
    }

    let caps = quota_caps(&t, &plans, &awards);
    for p in 0..plans.len() {
        let text = plan_toml(&t, &plans, &plan_of, p, &caps, rng);
        write(out, &format!("data/plans/{}.toml", plans[p].id), &text)?;
    }
    let with_stories = stories
        .iter()
        .map(|s| s.unit)
        .collect::<std::collections::HashSet<_>>()
        .len();
    eprintln!(
        "wrote {}: {} units, {} figures, {} plans, {} stories (in {} units), {} commendations",
        out.display(),
        t.units.len(),
        t.units.len() * 10,
        plans.len(),
        stories.len(),
        with_stories,
        awards.len()
    );
    Ok(())
}

/// The plain corpus: the 63 provinces and `n` stories with a model and tags each.
fn plain(args: &Args, data: &Path, n: usize, rng: &mut Rng) -> Result<(), String> {
    let t = old_tree(data, true)?;
    let out = &args.out;
    write(
        out,
        "site.toml",
        &site_toml(
            "Câu chuyện giảm nghèo",
            &format!("Kho {n} câu chuyện giả lập để đo hiệu năng"),
            args.cards,
        ),
    )?;
    write(out, "content/pages/gioi-thieu.md", ABOUT)?;
    let mut regions = String::new();
    for &p in &t.provinces {
        regions.push_str(&regions_toml(&t, p));
    }
    write(out, "data/regions/tinh.toml", &regions)?;
    for i in 0..n {
        let u = *rng.pick(&t.provinces);
        let model = *rng.pick(MODELS);
        let (slug, text) = story_md(&t, rng, i, u, None, Some(model), false);
        write(out, &format!("content/stories/{slug}.md"), &text)?;
    }
    eprintln!(
        "wrote {}: {} provinces, {n} stories",
        out.display(),
        t.provinces.len()
    );
    Ok(())
}
