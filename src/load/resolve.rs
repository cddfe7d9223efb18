//! Giving meaning to the raw files: references resolved, the unit tree built, slugs chosen,
//! figures checked, lists sorted, links computed. Pure: no file is read here.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::slice::ParallelSliceMut;
use toml::Spanned;

use super::privacy::{self, Place};
use super::{raw, LoadOptions, RawSite};
use crate::diag::{did_you_mean, Diagnostics, Lang, Loc};
use crate::model::*;
use crate::slug::{is_valid_slug, slugify};

/// The commendation forms every site knows, highest first.
pub const BUILTIN_FORMS: &[(&str, &str, &str)] = &[
    (
        "huan-chuong-lao-dong-hang-nhat",
        "Huân chương Lao động hạng Nhất",
        "Labour Order, First Class",
    ),
    (
        "huan-chuong-lao-dong-hang-nhi",
        "Huân chương Lao động hạng Nhì",
        "Labour Order, Second Class",
    ),
    (
        "huan-chuong-lao-dong-hang-ba",
        "Huân chương Lao động hạng Ba",
        "Labour Order, Third Class",
    ),
    (
        "bang-khen-thu-tuong",
        "Bằng khen của Thủ tướng Chính phủ",
        "Prime Minister's Certificate of Merit",
    ),
    (
        "bang-khen-bo-truong",
        "Bằng khen của Bộ trưởng",
        "Minister's Certificate of Merit",
    ),
    (
        "bang-khen-chu-tich-tinh",
        "Bằng khen của Chủ tịch UBND tỉnh",
        "Provincial Chairman's Certificate of Merit",
    ),
    (
        "giay-khen-chu-tich-huyen",
        "Giấy khen của Chủ tịch UBND huyện",
        "District Chairman's Certificate of Commendation",
    ),
    (
        "giay-khen-chu-tich-xa",
        "Giấy khen của Chủ tịch UBND xã",
        "Commune Chairman's Certificate of Commendation",
    ),
    (
        "giay-khen-thu-truong",
        "Giấy khen của Thủ trưởng cơ quan",
        "Agency Head's Certificate of Commendation",
    ),
];

pub const RECIPIENT_KINDS: &[&str] = &[
    "household",
    "individual",
    "collective",
    "commune",
    "hamlet",
    "enterprise",
    "agency",
];

/// URL words that free pages may not take.
pub fn reserved_words(lang: Lang) -> Vec<&'static str> {
    let w = crate::urls::Words::for_lang(lang);
    let mut v = vec![
        w.units, w.stories, w.models, w.tags, w.kinds, w.years, w.awards, w.plans, w.data,
        w.search, w.embed, w.reports,
    ];
    v.extend([
        "static",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
    ]);
    v
}

struct Ctx<'a> {
    d: &'a mut Diagnostics,
    /// Regions could not all be read: do not report units as missing.
    quiet_missing_units: bool,
}

impl Ctx<'_> {
    fn lang(&self) -> Lang {
        self.d.lang
    }
    fn err(
        &mut self,
        file: &str,
        span: std::ops::Range<usize>,
        vi: String,
        en: String,
    ) -> &mut crate::diag::Diagnostic {
        let msg = if self.lang() == Lang::Vi { vi } else { en };
        self.d.error(Loc::at(file, span), msg)
    }
    fn warn(
        &mut self,
        file: &str,
        span: std::ops::Range<usize>,
        vi: String,
        en: String,
    ) -> &mut crate::diag::Diagnostic {
        let msg = if self.lang() == Lang::Vi { vi } else { en };
        self.d.warning(Loc::at(file, span), msg)
    }
    fn note(
        &mut self,
        file: &str,
        span: std::ops::Range<usize>,
        vi: String,
        en: String,
    ) -> &mut crate::diag::Diagnostic {
        let msg = if self.lang() == Lang::Vi { vi } else { en };
        self.d.note(Loc::at(file, span), msg)
    }
    fn pick(&self, vi: String, en: String) -> String {
        if self.lang() == Lang::Vi {
            vi
        } else {
            en
        }
    }
}

/// Finds units by code or by unique name (with or without the kind word).
pub struct UnitIndex {
    by_code: HashMap<String, UnitId>,
    by_name: HashMap<String, Vec<UnitId>>,
    names: Vec<(String, String)>,
}

pub enum UnitRef {
    Found(UnitId),
    Ambiguous(Vec<UnitId>),
    Missing(Option<String>),
}

impl UnitIndex {
    pub fn new(units: &[Unit]) -> Self {
        let mut by_code = HashMap::new();
        let mut by_name: HashMap<String, Vec<UnitId>> = HashMap::new();
        let mut names = Vec::new();
        for (i, u) in units.iter().enumerate() {
            by_code.insert(u.code.clone(), i);
            by_name.entry(u.name.to_lowercase()).or_default().push(i);
            let full = format!("{} {}", u.kind, u.name).to_lowercase();
            if !u.kind.is_empty() {
                by_name.entry(full).or_default().push(i);
            }
            names.push((u.code.clone(), u.name.clone()));
        }
        UnitIndex {
            by_code,
            by_name,
            names,
        }
    }

    pub fn find(&self, key: &str) -> UnitRef {
        let key = key.trim();
        if let Some(&u) = self.by_code.get(key) {
            return UnitRef::Found(u);
        }
        if let Some(v) = self.by_name.get(&key.to_lowercase()) {
            let mut v = v.clone();
            v.sort();
            v.dedup();
            return if v.len() == 1 {
                UnitRef::Found(v[0])
            } else {
                UnitRef::Ambiguous(v)
            };
        }
        let cands = self
            .names
            .iter()
            .flat_map(|(c, n)| [c.as_str(), n.as_str()]);
        UnitRef::Missing(did_you_mean(key, cands).map(|s| s.to_string()))
    }
}

fn report_unit_ref(
    cx: &mut Ctx,
    units: &[Unit],
    file: &str,
    r: &Spanned<String>,
    found: UnitRef,
) -> Option<UnitId> {
    match found {
        UnitRef::Found(u) => Some(u),
        UnitRef::Ambiguous(cands) => {
            let list: Vec<String> = cands
                .iter()
                .map(|&c| {
                    let u = &units[c];
                    let parent = u
                        .parent
                        .map(|p| format!(", {}", units[p].full_name()))
                        .unwrap_or_default();
                    format!("`{}` ({}{})", u.code, u.full_name(), parent)
                })
                .collect();
            let key = r.get_ref();
            let help = cx.pick(
                format!("ghi mã của đơn vị: {}", list.join("; ")),
                format!("write the unit's code: {}", list.join("; ")),
            );
            cx.err(
                file,
                r.span(),
                format!(
                    "tên đơn vị `{key}` không rõ: có {} đơn vị cùng tên",
                    cands.len()
                ),
                format!(
                    "unit name `{key}` is ambiguous: {} units have it",
                    cands.len()
                ),
            )
            .help(help);
            None
        }
        UnitRef::Missing(_) if cx.quiet_missing_units => None,
        UnitRef::Missing(suggestion) => {
            let key = r.get_ref();
            let help = match suggestion {
                Some(s) => cx.pick(format!("ý bạn là `{s}`?"), format!("did you mean `{s}`?")),
                None => cx.pick(
                    "dùng mã hoặc tên của một đơn vị khai báo trong data/regions/".to_string(),
                    "use the code or name of a unit declared in data/regions/".to_string(),
                ),
            };
            cx.err(
                file,
                r.span(),
                format!("không có đơn vị hành chính `{key}`"),
                format!("no administrative unit `{key}`"),
            )
            .help(help);
            None
        }
    }
}

/// No count of households in one unit comes near this (Vietnam has about 27 million).
const MAX_COUNT: i64 = 1_000_000_000;

fn non_negative(cx: &mut Ctx, file: &str, v: &Option<Spanned<i64>>, field: &str) -> Option<u64> {
    let v = v.as_ref()?;
    if *v.get_ref() < 0 {
        cx.err(
            file,
            v.span(),
            format!("`{field}` không thể âm ({})", v.get_ref()),
            format!("`{field}` cannot be negative ({})", v.get_ref()),
        );
        return None;
    }
    if *v.get_ref() > MAX_COUNT {
        cx.err(
            file,
            v.span(),
            format!(
                "`{field}` lớn quá mức có thể ({}): kiểm tra lại số đã dán vào",
                v.get_ref()
            ),
            format!(
                "`{field}` is larger than any real count ({}): check the number pasted",
                v.get_ref()
            ),
        );
        return None;
    }
    Some(*v.get_ref() as u64)
}

/// Years lnob can place on a chart.
const YEARS: std::ops::RangeInclusive<i64> = 1900..=2200;

/// A year within [`YEARS`], or an error at its span.
fn year_in_range(cx: &mut Ctx, file: &str, y: &Spanned<i64>, field: &str) -> Option<i32> {
    let v = *y.get_ref();
    if YEARS.contains(&v) {
        return Some(v as i32);
    }
    cx.err(
        file,
        y.span(),
        format!(
            "`{field}` = {v} không phải một năm hợp lệ (từ {} đến {})",
            YEARS.start(),
            YEARS.end()
        ),
        format!(
            "`{field}` = {v} is not a valid year (from {} to {})",
            YEARS.start(),
            YEARS.end()
        ),
    );
    None
}

pub fn resolve(raw: RawSite, opts: &LoadOptions, diags: &mut Diagnostics) -> Option<Site> {
    let lang = diags.lang;
    let mut cx = Ctx {
        d: diags,
        quiet_missing_units: raw.regions_failed,
    };
    let mut site = Site::default();

    // --- site.toml
    let (_, st) = raw.site.as_ref()?;
    let mut config = Config {
        title: st.title.get_ref().clone(),
        description: st.description.clone(),
        base_url: opts
            .base_url
            .clone()
            .unwrap_or_else(|| st.base_url.clone())
            .trim_end_matches('/')
            .to_string(),
        language: Lang::Vi,
        publisher: st.publisher.clone(),
        root_region: None,
        theme: st.theme.as_ref().map(|t| t.get_ref().clone()),
        paginate: 10,
        paginate_awards: 100,
        license: st
            .license
            .clone()
            .unwrap_or_else(|| "CC BY 4.0".to_string()),
        social_cards: st.social_cards.unwrap_or(true),
        reports: Some(Level::District),
    };
    if let Some(r) = &st.reports {
        match r.get_ref().as_str() {
            "none" => config.reports = None,
            other => match Level::parse(other) {
                Some(l) => config.reports = Some(l),
                None => {
                    let help = cx.pick(
                        "viết reports = \"province\", \"district\", \"commune\", \"hamlet\" hoặc \"none\"".into(),
                        "write reports = \"province\", \"district\", \"commune\", \"hamlet\" or \"none\"".into(),
                    );
                    cx.err(
                        "site.toml",
                        r.span(),
                        format!("cấp báo cáo `{other}` không hợp lệ"),
                        format!("report level `{other}` is not valid"),
                    )
                    .help(help);
                }
            },
        }
    }
    if let Some(lang) = &st.language {
        match lang.get_ref().as_str() {
            "vi" => config.language = Lang::Vi,
            "en" => config.language = Lang::En,
            other => {
                let help = cx.pick(
                    "viết language = \"vi\" hoặc \"en\"".into(),
                    "write language = \"vi\" or \"en\"".into(),
                );
                cx.err(
                    "site.toml",
                    lang.span(),
                    format!("ngôn ngữ `{other}` không được hỗ trợ"),
                    format!("language `{other}` is not supported"),
                )
                .help(help);
            }
        }
    }
    for (key, value, into) in [
        ("paginate", &st.paginate, &mut config.paginate),
        (
            "paginate_awards",
            &st.paginate_awards,
            &mut config.paginate_awards,
        ),
    ] {
        let Some(p) = value else { continue };
        if *p.get_ref() < 1 || *p.get_ref() > 1000 {
            cx.err(
                "site.toml",
                p.span(),
                format!("`{key}` phải từ 1 đến 1000"),
                format!("`{key}` must be between 1 and 1000"),
            );
        } else {
            *into = *p.get_ref() as usize;
        }
    }
    if let Some(t) = &st.theme {
        if !is_valid_slug(t.get_ref()) {
            cx.err(
                "site.toml",
                t.span(),
                format!(
                    "tên giao diện `{}` không hợp lệ: chỉ dùng a–z, 0–9 và dấu gạch nối",
                    t.get_ref()
                ),
                format!(
                    "theme name `{}` is invalid: use only a–z, 0–9 and hyphens",
                    t.get_ref()
                ),
            );
        }
    }

    // --- units
    let mut units: Vec<Unit> = Vec::new();
    let mut raw_parent: Vec<Option<(String, Spanned<String>)>> = Vec::new();
    let mut explicit_slug: Vec<bool> = Vec::new();
    let mut seen_codes: HashMap<String, (String, std::ops::Range<usize>)> = HashMap::new();
    for (file, r) in &raw.regions {
        let span = r.span();
        let r = r.get_ref();
        let code = r.code.get_ref().trim().to_string();
        if code.is_empty() {
            cx.err(
                file,
                r.code.span(),
                "mã đơn vị không được để trống".into(),
                "a unit's code cannot be empty".into(),
            );
            cx.quiet_missing_units = true;
            continue;
        }
        if let Some((f0, s0)) = seen_codes.get(&code) {
            let (l0, _) = crate::diag::line_col(cx.d.source(f0).unwrap_or(""), s0.start);
            cx.err(
                file,
                r.code.span(),
                format!("mã đơn vị `{code}` bị trùng: đã dùng ở {f0}:{l0}"),
                format!("duplicate unit code `{code}`: already used at {f0}:{l0}"),
            );
            cx.quiet_missing_units = true;
            continue;
        }
        seen_codes.insert(code.clone(), (file.clone(), r.code.span()));
        let Some(level) = Level::parse(r.level.get_ref()) else {
            let lv = r.level.get_ref();
            let help = match did_you_mean(lv, Level::ALL.iter().map(|l| l.as_str())) {
                Some(s) => cx.pick(format!("ý bạn là `{s}`?"), format!("did you mean `{s}`?")),
                None => cx.pick(
                    "dùng province, district, commune hoặc hamlet".into(),
                    "use province, district, commune or hamlet".into(),
                ),
            };
            cx.err(
                file,
                r.level.span(),
                format!("cấp `{lv}` không hợp lệ"),
                format!("invalid level `{lv}`"),
            )
            .help(help);
            cx.quiet_missing_units = true;
            continue;
        };
        let name = r.name.get_ref().trim().to_string();
        if name.is_empty() {
            cx.err(
                file,
                r.name.span(),
                "tên đơn vị không được để trống".into(),
                "a unit's name cannot be empty".into(),
            );
            cx.quiet_missing_units = true;
            continue;
        }
        let slug = match &r.slug {
            Some(s) if checked_slug(&mut cx, lang, file, s).is_none() => slugify(&name),
            Some(s) => s.get_ref().clone(),
            None => slugify(&name),
        };
        let slug = if slug.is_empty() {
            slugify(&code)
        } else {
            slug
        };
        explicit_slug.push(r.slug.is_some());
        raw_parent.push(
            r.parent
                .clone()
                .filter(|p| !p.get_ref().trim().is_empty())
                .map(|p| (file.clone(), p)),
        );
        let kind = r.kind.trim().to_string();
        units.push(Unit {
            code,
            full: Unit::titled(&kind, &name),
            name,
            kind,
            level,
            parent: None,
            children: Vec::new(),
            slug,
            path: Vec::new(),
            loc: Loc::at(file, span),
        });
    }
    let index = UnitIndex::new(&units);
    for i in 0..units.len() {
        if let Some((file, p)) = raw_parent[i].clone() {
            let found = index.find(p.get_ref());
            if let Some(pu) = report_unit_ref(&mut cx, &units, &file, &p, found) {
                if pu == i {
                    cx.err(
                        &file,
                        p.span(),
                        "một đơn vị không thể là cấp trên của chính nó".into(),
                        "a unit cannot be its own parent".into(),
                    );
                } else {
                    units[i].parent = Some(pu);
                }
            }
        }
    }
    // Cycles in the tree: each reported once, at the `parent` line of its first unit.
    for cycle in find_cycles(units.len(), |u| units[u].parent) {
        let first = cycle[0];
        let mut chain: Vec<String> = cycle
            .iter()
            .map(|&u| format!("`{}` ({})", units[u].code, units[u].name))
            .collect();
        chain.push(format!("`{}`", units[first].code));
        let (file, span) = match &raw_parent[first] {
            Some((f, p)) => (f.clone(), p.span()),
            None => (
                units[first].loc.file.clone(),
                units[first].loc.span.clone().unwrap_or(0..0),
            ),
        };
        let help = cx.pick(
            "sửa `parent` của một trong các đơn vị này: đơn vị cấp trên phải ở cấp cao hơn".into(),
            "correct the `parent` of one of these units: a parent is a unit of a higher level"
                .into(),
        );
        cx.err(
            &file,
            span,
            format!("vòng lặp trong cây đơn vị: {}", chain.join(" → ")),
            format!("cycle in the unit tree: {}", chain.join(" → ")),
        )
        .help(help);
    }
    if cx.d.has_errors() && units.iter().any(|u| u.parent.is_some()) {
        // Break cycles so later walks terminate.
        for i in 0..units.len() {
            let mut seen = HashSet::new();
            let mut cur = Some(i);
            while let Some(u) = cur {
                if !seen.insert(u) {
                    units[i].parent = None;
                    break;
                }
                cur = units[u].parent;
            }
        }
    }
    // Order: depth-first from the roots, siblings by folded name then code.
    let sort_key = |u: &Unit| (crate::text::fold(&u.name), u.name.clone(), u.code.clone());
    let mut children: Vec<Vec<UnitId>> = vec![Vec::new(); units.len()];
    let mut roots = Vec::new();
    for (i, u) in units.iter().enumerate() {
        match u.parent {
            Some(p) => children[p].push(i),
            None => roots.push(i),
        }
    }
    for c in children.iter_mut() {
        c.sort_by_cached_key(|&i| sort_key(&units[i]));
    }
    roots.sort_by_cached_key(|&i| sort_key(&units[i]));
    let mut order = Vec::with_capacity(units.len());
    let mut stack: Vec<UnitId> = roots.iter().rev().copied().collect();
    while let Some(u) = stack.pop() {
        order.push(u);
        stack.extend(children[u].iter().rev().copied());
    }
    let mut new_id = vec![usize::MAX; units.len()];
    for (n, &old) in order.iter().enumerate() {
        new_id[old] = n;
    }
    let mut sorted: Vec<Unit> = order.iter().map(|&old| units[old].clone()).collect();
    let sorted_explicit: Vec<bool> = order.iter().map(|&old| explicit_slug[old]).collect();
    for u in sorted.iter_mut() {
        u.parent = u.parent.map(|p| new_id[p]);
    }
    for (n, &old) in order.iter().enumerate() {
        sorted[n].children = children[old].iter().map(|&c| new_id[c]).collect();
    }
    let roots: Vec<UnitId> = roots.iter().map(|&r| new_id[r]).collect();
    let mut units = sorted;
    disambiguate_slugs(&mut cx, &mut units, &roots, &sorted_explicit);
    clear_page_word(&mut cx, &mut units, &sorted_explicit);
    for i in 0..units.len() {
        let path = match units[i].parent {
            Some(p) => {
                let mut v = units[p].path.clone();
                v.push(units[i].slug.clone());
                v
            }
            None => vec![units[i].slug.clone()],
        };
        units[i].path = path;
    }
    let index = UnitIndex::new(&units);
    if let Some(r) = &st.root_region {
        let found = index.find(r.get_ref());
        site.root = report_unit_ref(&mut cx, &units, "site.toml", r, found);
        config.root_region = Some(r.get_ref().clone());
    }

    // --- figures
    let mut figures: Vec<Figure> = Vec::new();
    let mut seen_fig: HashMap<(UnitId, i32), (String, usize)> = HashMap::new();
    for (file, s) in &raw.stats {
        let span = s.span();
        let s = s.get_ref();
        if let (false, Some(src)) = (s.allow_personal_data, &s.source) {
            if let Some(text) = cx.d.shared_source(file) {
                privacy::check(cx.d, file, &text, src.span(), Place::Record("stat"));
            }
        }
        let found = index.find(s.region.get_ref());
        let Some(unit) = report_unit_ref(&mut cx, &units, file, &s.region, found) else {
            continue;
        };
        let Some(year) = year_in_range(&mut cx, file, &s.year, "year") else {
            continue;
        };
        if let Some((f0, off)) = seen_fig.get(&(unit, year)) {
            let (l0, _) = crate::diag::line_col(cx.d.source(f0).unwrap_or(""), *off);
            let code = units[unit].code.clone();
            cx.err(
                file,
                s.year.span(),
                format!("số liệu của `{code}` năm {year} bị trùng: đã có ở {f0}:{l0}"),
                format!("figures for `{code}` in {year} are given twice: already at {f0}:{l0}"),
            )
            .help(cx_pick(
                lang,
                "mỗi đơn vị chỉ có một bản ghi [[stat]] cho mỗi năm",
                "keep one [[stat]] record per unit and year",
            ));
            continue;
        }
        seen_fig.insert((unit, year), (file.clone(), span.start));
        let households = non_negative(&mut cx, file, &s.households, "households");
        let poor = non_negative(&mut cx, file, &s.poor, "poor");
        let near_poor = non_negative(&mut cx, file, &s.near_poor, "near_poor");
        let em_h = non_negative(
            &mut cx,
            file,
            &s.ethnic_minority_households,
            "ethnic_minority_households",
        );
        let em_p = non_negative(
            &mut cx,
            file,
            &s.ethnic_minority_poor,
            "ethnic_minority_poor",
        );
        let escaped = non_negative(&mut cx, file, &s.escaped, "escaped");
        let fell_back = non_negative(&mut cx, file, &s.fell_back, "fell_back");
        let mut rate = |v: &Option<Spanned<raw::Num>>, field: &str| -> Option<f64> {
            let v = v.as_ref()?;
            let x = v.get_ref().0;
            if !(0.0..=100.0).contains(&x) || x.is_nan() {
                cx.err(
                    file,
                    v.span(),
                    format!("`{field}` là tỷ lệ phần trăm, phải từ 0 đến 100 (đang là {x})"),
                    format!("`{field}` is a percentage and must be between 0 and 100 (it is {x})"),
                );
                return None;
            }
            Some(x)
        };
        let poor_rate = rate(&s.poor_rate, "poor_rate");
        let near_poor_rate = rate(&s.near_poor_rate, "near_poor_rate");
        let em_rate = rate(&s.ethnic_minority_poor_rate, "ethnic_minority_poor_rate");
        let mut over = |part: Option<u64>,
                        part_f: &Option<Spanned<i64>>,
                        part_name: &str,
                        whole: Option<u64>,
                        whole_name: &str| {
            if let (Some(p), Some(w), Some(ps)) = (part, whole, part_f) {
                if p > w {
                    cx.err(
                        file,
                        ps.span(),
                        format!("`{part_name}` ({p}) lớn hơn `{whole_name}` ({w}): không thể có"),
                        format!("`{part_name}` ({p}) is larger than `{whole_name}` ({w}), which cannot be"),
                    );
                }
            }
        };
        over(poor, &s.poor, "poor", households, "households");
        over(
            near_poor,
            &s.near_poor,
            "near_poor",
            households,
            "households",
        );
        over(
            em_h,
            &s.ethnic_minority_households,
            "ethnic_minority_households",
            households,
            "households",
        );
        over(
            em_p,
            &s.ethnic_minority_poor,
            "ethnic_minority_poor",
            em_h,
            "ethnic_minority_households",
        );
        over(
            em_p,
            &s.ethnic_minority_poor,
            "ethnic_minority_poor",
            poor,
            "poor",
        );
        if let (Some(p), Some(np), Some(h), Some(nps)) = (poor, near_poor, households, &s.near_poor)
        {
            if p + np > h {
                cx.err(
                    file,
                    nps.span(),
                    format!(
                        "hộ nghèo + cận nghèo ({}) nhiều hơn tổng số hộ ({h})",
                        p + np
                    ),
                    format!(
                        "poor + near-poor households ({}) exceed all households ({h})",
                        p + np
                    ),
                );
            }
        }
        let mut agree = |count: Option<u64>,
                         whole: Option<u64>,
                         given: &Option<Spanned<raw::Num>>,
                         value: Option<f64>,
                         name: &str| {
            if let (Some(c), Some(w), Some(g), Some(v)) = (count, whole, given, value) {
                if w > 0 {
                    let derived = c as f64 / w as f64 * 100.0;
                    if (derived - v).abs() > 0.05 + 1e-9 {
                        let dv = crate::format::decimal(Lang::Vi, derived, 2);
                        let de = crate::format::decimal(Lang::En, derived, 2);
                        cx.err(
                            file,
                            g.span(),
                            format!("`{name}` = {v} không khớp với số hộ: tính ra {dv} (lệch quá 0,05 điểm)"),
                            format!("`{name}` = {v} disagrees with the counts, which give {de} (more than 0.05 points apart)"),
                        )
                        .help(cx_pick(lang, "bỏ tỷ lệ đi (lnob tự tính từ số hộ) hoặc sửa số hộ", "drop the rate (lnob derives it from the counts) or fix the counts"));
                    }
                }
            }
        };
        agree(poor, households, &s.poor_rate, poor_rate, "poor_rate");
        agree(
            near_poor,
            households,
            &s.near_poor_rate,
            near_poor_rate,
            "near_poor_rate",
        );
        agree(
            em_p,
            em_h,
            &s.ethnic_minority_poor_rate,
            em_rate,
            "ethnic_minority_poor_rate",
        );
        if households == Some(0) && (poor_rate.is_none()) && poor.is_some() {
            cx.err(
                file,
                s.households
                    .as_ref()
                    .map(|h| h.span())
                    .unwrap_or(span.clone()),
                "`households` bằng 0 nên không tính được tỷ lệ".into(),
                "`households` is 0, so no rate can be derived".into(),
            );
        }
        figures.push(Figure {
            unit,
            year,
            households,
            poor,
            near_poor,
            ethnic_minority_households: em_h,
            ethnic_minority_poor: em_p,
            escaped,
            fell_back,
            extremely_difficult: s.extremely_difficult,
            poor_rate,
            near_poor_rate,
            ethnic_minority_poor_rate: em_rate,
            standard: s
                .standard
                .clone()
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .unwrap_or_else(|| default_standard(year).to_string()),
            source: s
                .source
                .as_ref()
                .map(|x| x.get_ref().clone())
                .filter(|x| !x.trim().is_empty()),
            illustrative: s.illustrative,
            loc: Loc::at(file, span),
        });
    }
    // Stable, on all cores (a national site has 110,000 figures and 50,000 commendations).
    figures.par_sort_by_key(|f| (f.unit, f.year));
    let mut unit_figures = vec![Vec::new(); units.len()];
    for (i, f) in figures.iter().enumerate() {
        unit_figures[f.unit].push(i);
    }
    // Children's households adding up to more than the parent's: a warning.
    for (u, unit) in units.iter().enumerate() {
        if unit.children.is_empty() {
            continue;
        }
        for &fi in &unit_figures[u] {
            let f = &figures[fi];
            let Some(h) = f.households else { continue };
            let sum: u64 = unit
                .children
                .iter()
                .filter_map(|&c| {
                    unit_figures[c]
                        .iter()
                        .map(|&i| &figures[i])
                        .find(|cf| cf.year == f.year)
                        .and_then(|cf| cf.households)
                })
                .sum();
            if sum > h {
                let loc = f.loc.clone();
                cx.warn(
                    &loc.file,
                    loc.span.unwrap_or(0..0),
                    format!("năm {}: tổng số hộ của các đơn vị trực thuộc ({sum}) lớn hơn số hộ của {} ({h})", f.year, unit.full_name()),
                    format!("{}: the child units' households add up to {sum}, more than {}'s {h}", f.year, unit.full_name()),
                );
            }
        }
    }

    // --- forms
    let mut forms: Vec<AwardForm> = BUILTIN_FORMS
        .iter()
        .enumerate()
        .map(|(i, (id, vi, en))| AwardForm {
            id: id.to_string(),
            name: if config.language == Lang::Vi {
                vi.to_string()
            } else {
                en.to_string()
            },
            rank: (i as i64 + 1) * 10,
        })
        .collect();
    for (file, f) in &raw.forms {
        let f = f.get_ref();
        let id = f.id.get_ref().clone();
        if !is_valid_slug(&id) {
            cx.err(
                file,
                f.id.span(),
                format!("mã hình thức `{id}` không hợp lệ"),
                format!("form id `{id}` is invalid"),
            );
            continue;
        }
        if let Some(existing) = forms.iter_mut().find(|x| x.id == id) {
            existing.name = f.name.clone();
            existing.rank = f.rank;
        } else {
            forms.push(AwardForm {
                id,
                name: f.name.clone(),
                rank: f.rank,
            });
        }
    }
    forms.sort_by(|a, b| a.rank.cmp(&b.rank).then(a.id.cmp(&b.id)));

    // --- pages (before plans, which may point at them)
    let words = crate::urls::Words::for_lang(config.language);
    let reserved = reserved_words(config.language);
    let mut pages = Vec::new();
    for cf in &raw.pages {
        let fm = &cf.front;
        if fm.draft && !opts.drafts {
            continue;
        }
        if !fm.allow_personal_data {
            privacy::check_content(cx.d, &cf.file, &cf.text, &cf.strings, cf.body_offset);
        }
        let slug = match &fm.slug {
            Some(s) => match checked_slug(&mut cx, lang, &cf.file, s) {
                Some(slug) => slug,
                None => continue,
            },
            None => slugify(&cf.stem),
        };
        if slug.is_empty() {
            cx.err(
                &cf.file,
                0..0,
                "tên tệp không tạo được slug (địa chỉ trang)".into(),
                "the file name gives no slug (the page's address)".into(),
            )
            .help(cx_pick(
                lang,
                "đổi tên tệp, hoặc đặt `slug = \"…\"` trong phần đầu",
                "rename the file, or set `slug = \"…\"` in the front matter",
            ));
            continue;
        }
        if reserved.contains(&slug.as_str()) {
            let span = fm.slug.as_ref().map(|s| s.span()).unwrap_or(0..0);
            cx.err(
                &cf.file,
                span,
                format!("trang `{slug}` trùng địa chỉ với một mục của trang web (/{slug}/)"),
                format!("page `{slug}` would take the URL of a section of the site (/{slug}/)"),
            )
            .help(cx_pick(
                lang,
                "đặt `slug = \"…\"` khác trong phần đầu",
                "set another `slug = \"…\"` in the front matter",
            ));
            continue;
        }
        pages.push(Page {
            key: format!("pages/{}", cf.stem),
            slug,
            title: fm.title.get_ref().clone(),
            date: fm.date.map(|d| d.0),
            summary: fm.summary.clone(),
            draft: fm.draft,
            weight: fm.weight,
            menu: fm.menu,
            menu_title: fm.menu_title.clone().filter(|t| !t.trim().is_empty()),
            allow_personal_data: fm.allow_personal_data,
            body: Body::new(cf.text.clone(), cf.body_offset),
            file: cf.file.clone(),
            loc: Loc::at(&cf.file, cf.body_offset..cf.body_offset),
        });
    }
    for p in &pages {
        let shadow = format!("{}/index.html", p.slug);
        if raw.static_files.iter().any(|f| f == &shadow) {
            cx.err(
                &p.file,
                0..0,
                format!("tệp static/{shadow} sẽ ghi đè lên trang này (/{}/)", p.slug),
                format!(
                    "the file static/{shadow} would replace this page (/{}/)",
                    p.slug
                ),
            )
            .help(cx_pick(lang, "đổi tên một trong hai", "rename one of them"));
        }
    }
    pages.sort_by(|a, b| {
        a.weight
            .cmp(&b.weight)
            .then(a.title.cmp(&b.title))
            .then(a.slug.cmp(&b.slug))
    });
    let mut page_urls: BTreeMap<String, String> = BTreeMap::new();
    for p in &pages {
        if let Some(other) = page_urls.get(&p.slug) {
            cx.err(
                &p.file,
                0..0,
                format!(
                    "hai trang cùng địa chỉ /{}/: {} và {}",
                    p.slug, other, p.file
                ),
                format!(
                    "two pages at one URL /{}/: {} and {}",
                    p.slug, other, p.file
                ),
            )
            .help(cx_pick(
                lang,
                "đặt `slug = \"…\"` khác cho một trong hai trang",
                "give one of them another `slug = \"…\"`",
            ));
        } else {
            page_urls.insert(p.slug.clone(), p.file.clone());
        }
    }

    // --- plans
    let mut plans: Vec<Plan> = Vec::new();
    let mut plan_parent: Vec<Option<(String, Spanned<String>)>> = Vec::new();
    let mut plan_region_spans: Vec<std::ops::Range<usize>> = Vec::new();
    let mut sorted_raw: Vec<&(String, String, raw::PlanToml)> = raw.plans.iter().collect();
    sorted_raw.sort_by(|a, b| a.1.cmp(&b.1));
    for (file, id, p) in sorted_raw {
        if !is_valid_slug(id) {
            cx.err(
                file,
                0..0,
                format!("tên tệp kế hoạch `{id}.toml` không dùng làm mã được: chỉ dùng a–z, 0–9 và dấu gạch nối"),
                format!("plan file name `{id}.toml` cannot be an id: use only a–z, 0–9 and hyphens"),
            )
            .help(format!("{}.toml", slugify(id)));
            continue;
        }
        let found = index.find(p.region.get_ref());
        let unit = report_unit_ref(&mut cx, &units, file, &p.region, found);
        let (Some(start), Some(end)) = (
            year_in_range(&mut cx, file, &p.start, "start"),
            year_in_range(&mut cx, file, &p.end, "end"),
        ) else {
            continue;
        };
        let baseline = match &p.baseline_year {
            Some(b) => match year_in_range(&mut cx, file, b, "baseline_year") {
                Some(y) => y,
                None => continue,
            },
            None => start - 1,
        };
        if end < start {
            cx.err(
                file,
                p.end.span(),
                format!("năm kết thúc {end} trước năm bắt đầu {start}"),
                format!("end year {end} is before start year {start}"),
            );
        }
        if let Some(pg) = &p.page {
            let key = page_key(pg.get_ref());
            let key = key.as_str();
            if !pages.iter().any(|x| x.key == key) {
                let cands: Vec<&str> = pages.iter().map(|x| x.key.as_str()).collect();
                let help = match did_you_mean(key, cands) {
                    Some(s) => cx.pick(format!("ý bạn là `{s}`?"), format!("did you mean `{s}`?")),
                    None => cx.pick(
                        "tạo tệp content/pages/….md hoặc bỏ dòng này".into(),
                        "create content/pages/….md or remove this line".into(),
                    ),
                };
                cx.err(
                    file,
                    pg.span(),
                    format!("không có trang `{key}` trong content/"),
                    format!("no page `{key}` in content/"),
                )
                .help(help);
            }
        }
        let mut targets = Vec::new();
        for t in &p.target {
            if let Some(t) = resolve_target(&mut cx, file, t, end) {
                targets.push(t);
            }
        }
        let mut milestones: Vec<Milestone> = p
            .milestone
            .iter()
            .map(|m| Milestone {
                date: m.date.get_ref().0,
                title: m.title.clone(),
                occasion: m.occasion.clone(),
            })
            .collect();
        for m in &p.milestone {
            let y = chrono::Datelike::year(&m.date.get_ref().0) as i64;
            if !YEARS.contains(&y) {
                cx.err(
                    file,
                    m.date.span(),
                    format!("ngày {y} nằm ngoài khoảng năm dùng được"),
                    format!("the date's year {y} is out of the usable range"),
                );
            }
        }
        milestones.sort_by(|a, b| a.date.cmp(&b.date).then(a.title.cmp(&b.title)));
        let mut quotas = Vec::new();
        for q in &p.quota {
            let qs = q.span();
            let q = q.get_ref();
            let level = match &q.level {
                Some(l) => match Level::parse(l.get_ref()) {
                    Some(l) => Some(l),
                    None => {
                        cx.err(
                            file,
                            l.span(),
                            format!("cấp `{}` không hợp lệ", l.get_ref()),
                            format!("invalid level `{}`", l.get_ref()),
                        )
                        .help("province | district | commune | hamlet");
                        continue;
                    }
                },
                None => None,
            };
            let region = match &q.region {
                Some(r) => {
                    let found = index.find(r.get_ref());
                    match report_unit_ref(&mut cx, &units, file, r, found) {
                        Some(u) => Some(u),
                        None => continue,
                    }
                }
                None => None,
            };
            if level.is_none() && region.is_none() {
                cx.err(
                    file,
                    qs.clone(),
                    "hạn mức cần `level` hoặc `region`".into(),
                    "a quota needs `level` or `region`".into(),
                );
                continue;
            }
            if *q.max.get_ref() < 0 {
                cx.err(
                    file,
                    q.max.span(),
                    "`max` không thể âm".into(),
                    "`max` cannot be negative".into(),
                );
                continue;
            }
            if *q.max.get_ref() > 1_000_000 {
                cx.err(
                    file,
                    q.max.span(),
                    "`max` lớn quá mức có thể".into(),
                    "`max` is larger than any real cap".into(),
                );
                continue;
            }
            quotas.push(Quota {
                occasion: q.occasion.clone(),
                level,
                kind: q.kind.clone(),
                region,
                max: *q.max.get_ref() as u32,
                loc: Loc::at(file, qs),
            });
        }
        let Some(unit) = unit else { continue };
        plan_parent.push(p.parent.clone().map(|x| (file.clone(), x)));
        plan_region_spans.push(p.region.span());
        plans.push(Plan {
            id: id.clone(),
            number: p.number.clone(),
            title: p.title.clone(),
            issuer: p.issuer.clone(),
            issued: p.issued.map(|d| d.0),
            unit,
            start,
            end,
            baseline_year: baseline,
            parent: None,
            parent_title: p.parent_title.clone(),
            page: p.page.as_ref().map(|x| page_key(x.get_ref())),
            targets,
            milestones,
            quotas,
            children: Vec::new(),
            loc: Loc::at(file, 0..0),
        });
    }
    let plan_by_id: HashMap<String, PlanId> = plans
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.clone(), i))
        .collect();
    for i in 0..plans.len() {
        if let Some((file, par)) = plan_parent[i].clone() {
            match plan_by_id.get(par.get_ref().as_str()) {
                Some(&pi) if pi == i => {
                    cx.err(
                        &file,
                        par.span(),
                        "một kế hoạch không thể là kế hoạch cấp trên của chính nó".into(),
                        "a plan cannot be its own parent".into(),
                    );
                }
                Some(&pi) => plans[i].parent = Some(pi),
                None => {
                    let help = match did_you_mean(par.get_ref(), plans.iter().map(|p| p.id.as_str()).filter(|id| *id != plans[i].id)) {
                        Some(s) => cx.pick(format!("ý bạn là `{s}`?"), format!("did you mean `{s}`?")),
                        None => cx.pick(
                            "`parent` là mã (tên tệp) của một kế hoạch trong data/plans/; kế hoạch không có ở đây thì ghi `parent_title`".into(),
                            "`parent` is the id (file name) of a plan in data/plans/; for a plan not here use `parent_title`".into(),
                        ),
                    };
                    cx.err(
                        &file,
                        par.span(),
                        format!("không có kế hoạch `{}`", par.get_ref()),
                        format!("no plan `{}`", par.get_ref()),
                    )
                    .help(help);
                }
            }
        }
    }
    for cycle in find_cycles(plans.len(), |p| plans[p].parent) {
        let first = cycle[0];
        let mut chain: Vec<String> = cycle
            .iter()
            .map(|&p| format!("`{}`", plans[p].id))
            .collect();
        chain.push(format!("`{}`", plans[first].id));
        let (file, span) = match &plan_parent[first] {
            Some((f, p)) => (f.clone(), p.span()),
            None => (plans[first].loc.file.clone(), 0..0),
        };
        let help = cx.pick(
            "sửa `parent` của một trong các kế hoạch này: kế hoạch cấp trên là kế hoạch mà kế hoạch này thực hiện".into(),
            "correct the `parent` of one of these plans: a parent is the plan this one implements".into(),
        );
        cx.err(
            &file,
            span,
            format!("vòng lặp giữa các kế hoạch cấp trên: {}", chain.join(" → ")),
            format!("cycle of parent plans: {}", chain.join(" → ")),
        )
        .help(help);
    }
    if cx.d.has_errors() {
        for i in 0..plans.len() {
            let mut seen = HashSet::new();
            let mut cur = Some(i);
            while let Some(p) = cur {
                if !seen.insert(p) {
                    plans[i].parent = None;
                    break;
                }
                cur = plans[p].parent;
            }
        }
    }
    for i in 0..plans.len() {
        if let Some(p) = plans[i].parent {
            plans[p].children.push(i);
        }
    }
    for (p, region_span) in plans.iter().zip(&plan_region_spans) {
        if unit_figures[p.unit].is_empty() && !raw.stats_failed {
            let file = p.loc.file.clone();
            let name = units[p.unit].full_name();
            cx.warn(
                &file,
                region_span.clone(),
                format!(
                    "kế hoạch `{}` chưa có số liệu nào của {name}: không tính được tiến độ",
                    p.id
                ),
                format!(
                    "plan `{}` has no figures for {name}: no progress can be computed",
                    p.id
                ),
            );
        }
    }

    // --- stories
    let mut stories = Vec::new();
    let mut story_files: HashMap<String, String> = HashMap::new();
    // The privacy scan of every story, on all cores (the national site's 20,000 took a
    // third of a second on one); what it finds joins the other problems in the loop below.
    let privacy_found: Vec<Option<Diagnostics>> = {
        use rayon::prelude::*;
        let lang = cx.d.lang;
        raw.stories
            .par_iter()
            .map(|cf| {
                let fm = &cf.front;
                if (fm.draft && !opts.drafts) || fm.allow_personal_data {
                    return None;
                }
                let mut found = Diagnostics::new(lang);
                privacy::check_content(&mut found, &cf.file, &cf.text, &cf.strings, cf.body_offset);
                Some(found)
            })
            .collect()
    };
    for (cf, found) in raw.stories.iter().zip(privacy_found) {
        let fm = &cf.front;
        if fm.draft && !opts.drafts {
            continue;
        }
        if let Some(found) = found {
            cx.d.absorb(found);
        }
        let slug = match &fm.slug {
            Some(s) => match checked_slug(&mut cx, lang, &cf.file, s) {
                Some(slug) => slug,
                None => continue,
            },
            None => {
                let s = slugify(&cf.stem);
                if s.is_empty() {
                    cx.err(
                        &cf.file,
                        0..0,
                        "tên tệp không tạo được slug".into(),
                        "the file name gives no slug".into(),
                    );
                    continue;
                }
                s
            }
        };
        if let Some(other) = story_files.get(&slug) {
            let span = fm
                .slug
                .as_ref()
                .map(|s| s.span())
                .unwrap_or(fm.title.span());
            cx.err(
                &cf.file,
                span,
                format!(
                    "hai câu chuyện cùng địa chỉ /{}/{slug}/: {other} và {}",
                    words.stories, cf.file
                ),
                format!(
                    "two stories at one URL /{}/{slug}/: {other} and {}",
                    words.stories, cf.file
                ),
            )
            .help(cx_pick(
                lang,
                "đặt `slug = \"…\"` khác cho một trong hai",
                "give one of them another `slug = \"…\"`",
            ));
            continue;
        }
        story_files.insert(slug.clone(), cf.file.clone());
        let Some(kind) = StoryKind::parse(fm.kind.get_ref()) else {
            let k = fm.kind.get_ref();
            let help = match did_you_mean(k, StoryKind::ALL.iter().map(|k| k.as_str())) {
                Some(s) => cx.pick(format!("ý bạn là `{s}`?"), format!("did you mean `{s}`?")),
                None => cx.pick(
                    "dùng household, individual, collective hoặc model".into(),
                    "use household, individual, collective or model".into(),
                ),
            };
            cx.err(
                &cf.file,
                fm.kind.span(),
                format!("loại câu chuyện `{k}` không hợp lệ"),
                format!("invalid story kind `{k}`"),
            )
            .help(help);
            continue;
        };
        let found = index.find(fm.region.get_ref());
        let Some(unit) = report_unit_ref(&mut cx, &units, &cf.file, &fm.region, found) else {
            continue;
        };
        let plan = match &fm.plan {
            Some(p) => match plan_by_id.get(p.get_ref().as_str()) {
                Some(&i) => Some(i),
                None => {
                    if !raw.plans_failed.contains(p.get_ref()) {
                        report_missing_plan(&mut cx, &cf.file, p, &plans);
                    }
                    None
                }
            },
            None => None,
        };
        if matches!(kind, StoryKind::Household | StoryKind::Individual) && !fm.consent {
            let who = cx.pick(
                if kind == StoryKind::Household {
                    "một hộ gia đình".into()
                } else {
                    "một cá nhân".into()
                },
                if kind == StoryKind::Household {
                    "a household".into()
                } else {
                    "an individual".into()
                },
            );
            cx.err(
                &cf.file,
                fm.kind.span(),
                format!("câu chuyện về {who} cần ghi nhận sự đồng ý của người được nêu tên: thiếu `consent = true`"),
                format!("a story about {who} needs the recorded consent of the people named: `consent = true` is missing"),
            )
            .help(cx_pick(
                lang,
                "chỉ thêm `consent = true` khi đã có sự đồng ý (bằng văn bản) của hộ/người trong câu chuyện",
                "add `consent = true` only once the household or person has agreed (in writing)",
            ));
        }
        if let Some(img) = &fm.image {
            let name = img.get_ref();
            let bad = name.contains("..")
                || name.starts_with('/')
                || name.contains('\\')
                || name.contains(':');
            let folder = match cf.file.rfind('/') {
                Some(i) => &cf.file[..=i],
                None => "",
            };
            let in_folder = cf.assets.iter().any(|a| a == &format!("{folder}{name}"));
            let in_static = raw.static_files.iter().any(|s| s == name);
            if bad {
                cx.err(
                    &cf.file,
                    img.span(),
                    format!("đường dẫn ảnh `{name}` không được chứa `..`, `/` ở đầu hay `\\`"),
                    format!("image path `{name}` may not contain `..`, a leading `/` or `\\`"),
                );
            } else if !in_folder && !in_static {
                cx.err(
                    &cf.file,
                    img.span(),
                    format!("không tìm thấy ảnh `{name}` cạnh câu chuyện hay trong static/"),
                    format!("image `{name}` is neither next to the story nor under static/"),
                );
            }
            if fm
                .image_alt
                .as_deref()
                .map(str::trim)
                .unwrap_or("")
                .is_empty()
            {
                cx.err(
                    &cf.file,
                    img.span(),
                    "ảnh cần lời mô tả `image_alt` cho người không nhìn thấy ảnh".into(),
                    "an image needs `image_alt`, a description for readers who cannot see it"
                        .into(),
                )
                .help("image_alt = \"…\"");
            }
        }
        let mut tags: Vec<String> = fm
            .tags
            .iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        tags.dedup();
        stories.push(Story {
            slug,
            title: fm.title.get_ref().clone(),
            date: fm.date.get_ref().0,
            updated: fm.updated.map(|d| d.0),
            kind,
            unit,
            summary: fm.summary.clone(),
            model: fm
                .model
                .clone()
                .map(|m| m.trim().to_string())
                .filter(|m| !m.is_empty()),
            tags,
            ethnic_group: fm.ethnic_group.clone(),
            consent: fm.consent,
            image: fm.image.as_ref().map(|i| i.get_ref().clone()),
            image_alt: fm.image_alt.clone(),
            plan,
            author: fm.author.clone(),
            draft: fm.draft,
            allow_personal_data: fm.allow_personal_data,
            body: Body::new(cf.text.clone(), cf.body_offset),
            file: cf.file.clone(),
            assets: cf.assets.clone(),
            awards: Vec::new(),
            loc: Loc::at(&cf.file, cf.body_offset..cf.body_offset),
        });
    }
    stories.sort_by(|a, b| b.date.cmp(&a.date).then(a.slug.cmp(&b.slug)));
    let story_by_slug: HashMap<String, StoryId> = stories
        .iter()
        .enumerate()
        .map(|(i, s)| (s.slug.clone(), i))
        .collect();

    // --- awards
    let mut occasions: HashSet<String> = ["so-ket-2023", "tong-ket-2025"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for p in &plans {
        for m in &p.milestones {
            if let Some(o) = &m.occasion {
                occasions.insert(o.clone());
            }
        }
    }
    // A quota for an occasion no milestone names would never be checked.
    for p in &plans {
        for q in &p.quotas {
            let occ = q.occasion.as_str();
            let yearly_ok = occ
                .strip_prefix("yearly-")
                .map(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
                .unwrap_or(false);
            if !yearly_ok && !occasions.contains(occ) {
                let mut cands: Vec<&str> = occasions.iter().map(|s| s.as_str()).collect();
                cands.sort();
                let help = match did_you_mean(occ, cands.iter().copied()) {
                    Some(s) => cx.pick(format!("ý bạn là `{s}`?"), format!("did you mean `{s}`?")),
                    None => cx.pick(
                        format!("dùng yearly-NĂM, hoặc một đợt có trong `occasion` của một [[milestone]]: {}", cands.join(", ")),
                        format!("use yearly-YYYY or an occasion a [[milestone]] names: {}", cands.join(", ")),
                    ),
                };
                let loc = q.loc.clone();
                cx.err(
                    &loc.file,
                    loc.span.unwrap_or(0..0),
                    format!("không có đợt khen thưởng `{occ}`: hạn mức này sẽ không bao giờ được áp dụng"),
                    format!("no occasion `{occ}`: this quota would never apply"),
                )
                .help(help);
            }
        }
    }
    let mut awards = Vec::new();
    for (file, a) in &raw.awards {
        let aspan = a.span();
        let a = a.get_ref();
        if !a.allow_personal_data {
            if let Some(text) = cx.d.shared_source(file) {
                privacy::check(
                    cx.d,
                    file,
                    &text,
                    a.recipient.span(),
                    Place::Record("award"),
                );
                if let Some(c) = &a.citation {
                    privacy::check(cx.d, file, &text, c.span(), Place::Record("award"));
                }
            }
        }
        let found = index.find(a.region.get_ref());
        let unit = report_unit_ref(&mut cx, &units, file, &a.region, found);
        let form = forms.iter().position(|f| &f.id == a.form.get_ref());
        if form.is_none() {
            let help = match did_you_mean(a.form.get_ref(), forms.iter().map(|f| f.id.as_str())) {
                Some(s) => cx.pick(format!("ý bạn là `{s}`?"), format!("did you mean `{s}`?")),
                None => cx.pick(
                    "dùng một hình thức có sẵn (xem FORMATS) hoặc khai báo trong data/award_forms.toml".into(),
                    "use a built-in form or declare it in data/award_forms.toml".into(),
                ),
            };
            cx.err(
                file,
                a.form.span(),
                format!("không có hình thức khen thưởng `{}`", a.form.get_ref()),
                format!("no commendation form `{}`", a.form.get_ref()),
            )
            .help(help);
        }
        if !RECIPIENT_KINDS.contains(&a.recipient_kind.get_ref().as_str()) {
            let k = a.recipient_kind.get_ref();
            let help = match did_you_mean(k, RECIPIENT_KINDS.iter().copied()) {
                Some(s) => cx.pick(format!("ý bạn là `{s}`?"), format!("did you mean `{s}`?")),
                None => RECIPIENT_KINDS.join(" | "),
            };
            cx.err(
                file,
                a.recipient_kind.span(),
                format!("loại người nhận `{k}` không hợp lệ"),
                format!("invalid recipient kind `{k}`"),
            )
            .help(help);
        }
        let occ = a.occasion.get_ref();
        let yearly_ok = occ
            .strip_prefix("yearly-")
            .map(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or(false);
        if !yearly_ok && !occasions.contains(occ) {
            let mut cands: Vec<&str> = occasions.iter().map(|s| s.as_str()).collect();
            cands.sort();
            let help = match did_you_mean(occ, cands.iter().copied()) {
                Some(s) => cx.pick(format!("ý bạn là `{s}`?"), format!("did you mean `{s}`?")),
                None => cx.pick(
                    format!(
                        "dùng yearly-NĂM, hoặc một đợt có trong kế hoạch: {}",
                        cands.join(", ")
                    ),
                    format!(
                        "use yearly-YYYY or an occasion a plan's milestone names: {}",
                        cands.join(", ")
                    ),
                ),
            };
            cx.err(
                file,
                a.occasion.span(),
                format!("không có đợt khen thưởng `{occ}`"),
                format!("no occasion `{occ}`"),
            )
            .help(help);
        }
        let plan = match &a.plan {
            Some(p) => match plan_by_id.get(p.get_ref().as_str()) {
                Some(&i) => Some(i),
                None => {
                    if !raw.plans_failed.contains(p.get_ref()) {
                        report_missing_plan(&mut cx, file, p, &plans);
                    }
                    None
                }
            },
            None => None,
        };
        let story = match &a.story {
            Some(s) => match story_by_slug.get(s.get_ref().as_str()) {
                Some(&i) => Some(i),
                None if raw.stories_failed.contains(s.get_ref()) => None,
                None => {
                    let help =
                        match did_you_mean(s.get_ref(), stories.iter().map(|x| x.slug.as_str())) {
                            Some(x) => {
                                cx.pick(format!("ý bạn là `{x}`?"), format!("did you mean `{x}`?"))
                            }
                            None => cx.pick(
                                "`story` là slug của một câu chuyện trong content/stories/".into(),
                                "`story` is the slug of a story in content/stories/".into(),
                            ),
                        };
                    cx.err(
                        file,
                        s.span(),
                        format!("không có câu chuyện `{}`", s.get_ref()),
                        format!("no story `{}`", s.get_ref()),
                    )
                    .help(help);
                    None
                }
            },
            None => None,
        };
        let year = year_in_range(&mut cx, file, &a.year, "year");
        let (Some(unit), Some(form), Some(year)) = (unit, form, year) else {
            continue;
        };
        awards.push(Award {
            recipient: a.recipient.get_ref().clone(),
            recipient_kind: a.recipient_kind.get_ref().clone(),
            unit,
            form,
            occasion: occ.clone(),
            year,
            decision: a.decision.clone(),
            decision_date: a.decision_date.map(|d| d.0),
            plan,
            citation: a.citation.as_ref().map(|c| c.get_ref().clone()),
            story,
            loc: Loc::at(file, aspan),
        });
    }
    awards.par_sort_by(|a, b| {
        b.year
            .cmp(&a.year)
            .then(forms[a.form].rank.cmp(&forms[b.form].rank))
            .then(a.recipient.cmp(&b.recipient))
            .then(a.decision.cmp(&b.decision))
    });
    for (i, a) in awards.iter().enumerate() {
        if let Some(s) = a.story {
            stories[s].awards.push(i);
        }
    }
    check_quotas(&mut cx, &plans, &awards, &units);

    // --- links
    let mut unit_stories = vec![Vec::new(); units.len()];
    for (i, s) in stories.iter().enumerate() {
        unit_stories[s.unit].push(i);
    }
    let mut unit_awards = vec![Vec::new(); units.len()];
    for (i, a) in awards.iter().enumerate() {
        unit_awards[a.unit].push(i);
    }
    let mut unit_plans = vec![Vec::new(); units.len()];
    for (i, p) in plans.iter().enumerate() {
        unit_plans[p.unit].push(i);
    }
    site.links = Links {
        unit_by_code: units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.code.clone(), i))
            .collect(),
        unit_figures,
        unit_stories,
        unit_awards,
        unit_plans,
        plan_by_id,
        story_by_slug,
    };
    site.config = config;
    site.units = units;
    site.roots = roots;
    site.figures = figures;
    site.plans = plans;
    site.stories = stories;
    site.pages = pages;
    site.forms = forms;
    site.awards = awards;
    Some(site)
}

/// Every cycle of a parent relation, each once, in the order its members are met from the
/// lowest index.
fn find_cycles(n: usize, parent: impl Fn(usize) -> Option<usize>) -> Vec<Vec<usize>> {
    // 0: not seen, 1: on the current path, 2: done.
    let mut state = vec![0u8; n];
    let mut cycles = Vec::new();
    for start in 0..n {
        let mut path = Vec::new();
        let mut cur = Some(start);
        while let Some(u) = cur {
            match state[u] {
                0 => {
                    state[u] = 1;
                    path.push(u);
                    cur = parent(u);
                }
                1 => {
                    let at = path.iter().position(|&x| x == u).unwrap_or(0);
                    cycles.push(path[at..].to_vec());
                    break;
                }
                _ => break,
            }
        }
        for u in path {
            state[u] = 2;
        }
    }
    cycles
}

/// Advice for an invalid slug: the slug it could be, or what a slug is made of.
fn slug_help(lang: Lang, bad: &str) -> String {
    let fixed = slugify(bad);
    if fixed.is_empty() {
        cx_pick(
            lang,
            "ví dụ: slug = \"ro-men\"",
            "for example: slug = \"ro-men\"",
        )
    } else {
        format!("slug = \"{fixed}\"")
    }
}

fn cx_pick(lang: Lang, vi: &str, en: &str) -> String {
    lang.pick(vi, en).to_string()
}

fn report_missing_plan(cx: &mut Ctx, file: &str, p: &Spanned<String>, plans: &[Plan]) {
    let help = match did_you_mean(p.get_ref(), plans.iter().map(|x| x.id.as_str())) {
        Some(s) => cx.pick(format!("ý bạn là `{s}`?"), format!("did you mean `{s}`?")),
        None => cx.pick(
            "`plan` là tên tệp (không có .toml) của một kế hoạch trong data/plans/".into(),
            "`plan` is the file name (without .toml) of a plan in data/plans/".into(),
        ),
    };
    cx.err(
        file,
        p.span(),
        format!("không có kế hoạch `{}`", p.get_ref()),
        format!("no plan `{}`", p.get_ref()),
    )
    .help(help);
}

fn resolve_target(
    cx: &mut Ctx,
    file: &str,
    t: &Spanned<raw::TargetToml>,
    plan_end: i32,
) -> Option<Target> {
    let span = t.span();
    let t = t.get_ref();
    let metric = Metric::parse(t.metric.get_ref());
    if metric.is_none() {
        let m = t.metric.get_ref();
        let help = match did_you_mean(m, Metric::ALL.iter().map(|x| x.as_str())) {
            Some(s) => cx.pick(format!("ý bạn là `{s}`?"), format!("did you mean `{s}`?")),
            None => Metric::ALL
                .iter()
                .map(|x| x.as_str())
                .collect::<Vec<_>>()
                .join(" | "),
        };
        cx.err(
            file,
            t.metric.span(),
            format!("chỉ số `{m}` không hợp lệ"),
            format!("invalid metric `{m}`"),
        )
        .help(help);
    }
    let change = Change::parse(t.change.get_ref());
    if change.is_none() {
        let c = t.change.get_ref();
        let help = match did_you_mean(c, Change::ALL.iter().map(|x| x.as_str())) {
            Some(s) => cx.pick(format!("ý bạn là `{s}`?"), format!("did you mean `{s}`?")),
            None => Change::ALL
                .iter()
                .map(|x| x.as_str())
                .collect::<Vec<_>>()
                .join(" | "),
        };
        cx.err(
            file,
            t.change.span(),
            format!("kiểu mục tiêu `{c}` không hợp lệ"),
            format!("invalid change `{c}`"),
        )
        .help(help);
    }
    let applies_to = match &t.applies_to {
        None => None,
        Some(a) if a.get_ref() == "self" => None,
        Some(a) => match Level::parse(a.get_ref()) {
            Some(l) => Some(l),
            None => {
                let help = match did_you_mean(
                    a.get_ref(),
                    ["self", "province", "district", "commune", "hamlet"],
                ) {
                    Some(s) => cx.pick(format!("ý bạn là `{s}`?"), format!("did you mean `{s}`?")),
                    None => "self | province | district | commune | hamlet".to_string(),
                };
                cx.err(
                    file,
                    a.span(),
                    format!("`applies_to = \"{}\"` không hợp lệ", a.get_ref()),
                    format!("invalid `applies_to = \"{}\"`", a.get_ref()),
                )
                .help(help);
                return None;
            }
        },
    };
    let relative = match &t.unit {
        None => false,
        Some(u) if u.get_ref() == "relative" => true,
        Some(u) if u.get_ref() == "points" => false,
        Some(u) => {
            cx.err(
                file,
                u.span(),
                format!("`unit = \"{}\"` không hợp lệ", u.get_ref()),
                format!("invalid `unit = \"{}\"`", u.get_ref()),
            )
            .help("points | relative");
            false
        }
    };
    let (metric, change) = (metric?, change?);
    let need = |cx: &mut Ctx, field: &str| {
        cx.err(
            file,
            t.change.span(),
            format!("mục tiêu `{}` cần trường `{field}`", change.as_str()),
            format!("a `{}` target needs `{field}`", change.as_str()),
        )
        .help(format!("{field} = …"));
    };
    match change {
        Change::AnnualReduction | Change::ReductionFromBaseline if t.at_least.is_none() => {
            need(cx, "at_least");
            return None;
        }
        Change::LevelBy if t.below.is_none() => {
            need(cx, "below");
            return None;
        }
        Change::ShareOfUnits if t.at_least.is_none() => {
            need(cx, "at_least");
            return None;
        }
        _ => {}
    }
    if change == Change::ShareOfUnits && metric != Metric::ExtremelyDifficultUnits {
        cx.err(
            file,
            t.metric.span(),
            "mục tiêu `share_of_units` chỉ dùng với `metric = \"extremely_difficult_units\"`"
                .into(),
            "a `share_of_units` target goes with `metric = \"extremely_difficult_units\"`".into(),
        );
        return None;
    }
    for (v, field) in [
        (&t.at_least, "at_least"),
        (&t.at_most, "at_most"),
        (&t.below, "below"),
    ] {
        if let Some(v) = v {
            let x = v.get_ref().0;
            if !x.is_finite() || !(0.0..=MAX_COUNT as f64).contains(&x) {
                cx.err(
                    file,
                    v.span(),
                    format!("`{field}` = {x} không hợp lệ: cần một số không âm"),
                    format!("`{field}` = {x} is invalid: a number of at least 0 is needed"),
                );
                return None;
            }
        }
    }
    let year = match &t.year {
        Some(y) => Some(year_in_range(cx, file, y, "year")?),
        None => None,
    };
    if let (Some(lo), Some(hi)) = (
        t.at_least.as_ref().map(|v| *v.get_ref()),
        t.at_most.as_ref().map(|v| *v.get_ref()),
    ) {
        if hi.0 < lo.0 {
            cx.err(
                file,
                t.change.span(),
                format!("`at_most` ({}) nhỏ hơn `at_least` ({})", hi.0, lo.0),
                format!("`at_most` ({}) is below `at_least` ({})", hi.0, lo.0),
            );
        }
    }
    if t.text.trim().is_empty() {
        cx.note(
            file,
            span.clone(),
            "mục tiêu chưa có `text`: nên chép nguyên văn lời của kế hoạch".into(),
            "the target has no `text`: quote the plan's own words".into(),
        );
    }
    Some(Target {
        metric,
        change,
        at_least: t.at_least.as_ref().map(|n| n.get_ref().0),
        at_most: t.at_most.as_ref().map(|n| n.get_ref().0),
        below: t.below.as_ref().map(|n| n.get_ref().0),
        year: Some(year.unwrap_or(plan_end)),
        strict: t.strict,
        applies_to,
        relative,
        text: t.text.clone(),
        loc: Loc::at(file, span),
    })
}

/// A unit's slug with its kind word in front (`xa-yen-vien`): how an automatic slug that
/// cannot stand is told apart.
fn slug_with_kind(u: &Unit) -> String {
    slugify(&format!("{} {}", u.kind, u.name))
}

/// Siblings whose slugs collide take their kind word in front, then their code at the end.
fn disambiguate_slugs(cx: &mut Ctx, units: &mut [Unit], roots: &[UnitId], explicit: &[bool]) {
    let lang = cx.lang();
    let mut groups: Vec<Vec<UnitId>> = vec![roots.to_vec()];
    for u in units.iter() {
        if !u.children.is_empty() {
            groups.push(u.children.clone());
        }
    }
    for sibs in groups {
        let mut by_slug: BTreeMap<String, Vec<UnitId>> = BTreeMap::new();
        for &s in &sibs {
            by_slug.entry(units[s].slug.clone()).or_default().push(s);
        }
        for (slug, ids) in by_slug {
            if ids.len() < 2 {
                continue;
            }
            let explicit_ids: Vec<UnitId> = ids.iter().copied().filter(|&i| explicit[i]).collect();
            if explicit_ids.len() > 1 {
                for &i in &explicit_ids[1..] {
                    let loc = units[i].loc.clone();
                    cx.err(
                        &loc.file,
                        loc.span.unwrap_or(0..0),
                        format!("slug `{slug}` đã được một đơn vị cùng cấp trên dùng"),
                        format!("slug `{slug}` is already taken by a sibling unit"),
                    );
                }
            }
            let auto: Vec<UnitId> = ids.iter().copied().filter(|&i| !explicit[i]).collect();
            let with_kind: Vec<String> = auto.iter().map(|&i| slug_with_kind(&units[i])).collect();
            let distinct = with_kind.iter().collect::<HashSet<_>>().len() == with_kind.len()
                && !with_kind.contains(&slug);
            for (n, &i) in auto.iter().enumerate() {
                let new = if distinct {
                    with_kind[n].clone()
                } else {
                    format!("{}-{}", slug, slugify(&units[i].code))
                };
                let loc = units[i].loc.clone();
                cx.note(
                    &loc.file,
                    loc.span.unwrap_or(0..0),
                    format!(
                        "{} có cùng slug `{slug}` với một đơn vị cùng cấp; dùng `{new}`",
                        units[i].full_name()
                    ),
                    format!(
                        "{} has the same slug `{slug}` as a sibling; using `{new}`",
                        units[i].full_name()
                    ),
                )
                .help(cx_pick(
                    lang,
                    "đặt `slug = \"…\"` để tự chọn",
                    "set `slug = \"…\"` to choose it yourself",
                ));
                units[i].slug = new;
            }
        }
    }
}

/// A place's later list pages are `…/<place>/trang/2/`: a unit slugged `trang` with a child
/// slugged `2` (`Phường 2`) would give its parent's page 2 and that child the same address.
/// Such a unit takes its kind word in front (`xa-trang`), as colliding siblings do; a slug set
/// by hand is an error.
fn clear_page_word(cx: &mut Ctx, units: &mut [Unit], explicit: &[bool]) {
    let lang = cx.lang();
    let word = crate::urls::Words::for_lang(lang).page;
    for i in 0..units.len() {
        let numbered_child = units[i]
            .children
            .iter()
            .any(|&c| units[c].slug.bytes().all(|b| b.is_ascii_digit()));
        if units[i].slug != word || !numbered_child {
            continue;
        }
        let loc = units[i].loc.clone();
        let span = loc.span.clone().unwrap_or(0..0);
        if explicit[i] {
            cx.err(
                &loc.file,
                span,
                format!("slug `{word}` trùng với địa chỉ các trang sau của danh sách (…/{word}/2/) vì đơn vị này có đơn vị cấp dưới mang số"),
                format!("slug `{word}` clashes with the addresses of later list pages (…/{word}/2/), as this unit has numbered units below it"),
            )
            .help(cx_pick(
                lang,
                "chọn slug khác, ví dụ có thêm cấp đơn vị phía trước",
                "choose another slug, for example with the unit's kind in front",
            ));
            continue;
        }
        let new = slug_with_kind(&units[i]);
        cx.note(
            &loc.file,
            span,
            format!("slug `{word}` của {} trùng với địa chỉ các trang sau của danh sách; dùng `{new}`", units[i].full_name()),
            format!("the slug `{word}` of {} clashes with the addresses of later list pages; using `{new}`", units[i].full_name()),
        );
        units[i].slug = new;
    }
}

/// How many commendations lie within each unit, by occasion and plan: each commendation is
/// counted once for its own unit and once for every unit above it. Built once, so checking
/// the quotas does not scan every commendation for every capped unit.
fn nominations_within<'a>(
    awards: &'a [Award],
    units: &[Unit],
) -> HashMap<(&'a str, Option<PlanId>, UnitId), usize> {
    let mut counts: HashMap<(&str, Option<PlanId>, UnitId), usize> = HashMap::new();
    for a in awards {
        let mut cur = Some(a.unit);
        let mut steps = 0;
        while let Some(u) = cur {
            *counts.entry((a.occasion.as_str(), a.plan, u)).or_default() += 1;
            steps += 1;
            if steps > units.len() {
                break;
            }
            cur = units[u].parent;
        }
    }
    counts
}

/// Every unit below `unit` (not itself), from the children lists.
fn strict_descendants(units: &[Unit], unit: UnitId) -> Vec<UnitId> {
    let mut out = Vec::new();
    let mut stack: Vec<UnitId> = units[unit].children.clone();
    let mut seen = HashSet::new();
    while let Some(u) = stack.pop() {
        if u == unit || !seen.insert(u) {
            continue;
        }
        out.push(u);
        stack.extend(units[u].children.iter().copied());
    }
    out
}

/// Nominations per unit and occasion above a plan's cap.
fn check_quotas(cx: &mut Ctx, plans: &[Plan], awards: &[Award], units: &[Unit]) {
    let lang = cx.lang();
    let within = |u: UnitId, anc: UnitId| {
        let mut cur = Some(u);
        let mut steps = 0;
        while let Some(x) = cur {
            if x == anc {
                return true;
            }
            steps += 1;
            if steps > units.len() {
                return false;
            }
            cur = units[x].parent;
        }
        false
    };
    if plans.iter().all(|p| p.quotas.is_empty()) {
        return;
    }
    let counts = nominations_within(awards, units);
    let count = |occ: &str, plan: Option<PlanId>, u: UnitId| {
        counts.get(&(occ, plan, u)).copied().unwrap_or(0)
    };
    for (pi, p) in plans.iter().enumerate() {
        // Unit-specific rules override level rules for the same occasion.
        let mut caps: BTreeMap<(String, UnitId), (u32, Loc)> = BTreeMap::new();
        let below: Vec<UnitId> = strict_descendants(units, p.unit)
            .into_iter()
            .filter(|&u| within(u, p.unit))
            .collect();
        for q in p.quotas.iter().filter(|q| q.region.is_none()) {
            for &u in &below {
                let unit = &units[u];
                if Some(unit.level) == q.level {
                    if let Some(k) = &q.kind {
                        if &unit.kind != k {
                            continue;
                        }
                    }
                    caps.insert((q.occasion.clone(), u), (q.max, q.loc.clone()));
                }
            }
        }
        for q in p.quotas.iter().filter(|q| q.region.is_some()) {
            caps.insert(
                (q.occasion.clone(), q.region.unwrap_or(0)),
                (q.max, q.loc.clone()),
            );
        }
        for ((occ, u), (max, loc)) in caps {
            // Commendations of no plan, or of this one (plan ids are file stems: unique).
            let count = count(&occ, None, u) + count(&occ, Some(pi), u);
            if count as u32 > max {
                let name = units[u].full_name();
                cx.err(
                    &loc.file,
                    loc.span.clone().unwrap_or(0..0),
                    format!("{name}: {count} khen thưởng trong đợt `{occ}`, vượt hạn mức {max} của kế hoạch `{}`", p.id),
                    format!("{name}: {count} commendations at `{occ}`, above the cap of {max} in plan `{}`", p.id),
                )
                .help(cx_pick(lang, "bớt đề nghị khen thưởng hoặc sửa hạn mức", "nominate fewer or correct the cap"));
            }
        }
    }
}

/// A plan's `page` as a page key: "pages/x", "x", "content/pages/x.md" all mean `pages/x`.
fn page_key(s: &str) -> String {
    let s = s
        .trim()
        .trim_start_matches('/')
        .trim_start_matches("content/")
        .trim_end_matches(".md")
        .trim_end_matches('/');
    if s.starts_with("pages/") {
        s.to_string()
    } else {
        format!("pages/{s}")
    }
}

/// A slug the user wrote, if it is valid; otherwise an error at it with the slug to use.
fn checked_slug(cx: &mut Ctx, lang: Lang, file: &str, s: &Spanned<String>) -> Option<String> {
    if is_valid_slug(s.get_ref()) {
        return Some(s.get_ref().clone());
    }
    cx.err(
        file,
        s.span(),
        format!(
            "slug `{}` không hợp lệ: chỉ dùng a–z, 0–9 và một dấu gạch nối giữa các từ",
            s.get_ref()
        ),
        format!(
            "slug `{}` is invalid: use only a–z, 0–9 and single hyphens",
            s.get_ref()
        ),
    )
    .help(slug_help(lang, s.get_ref()));
    None
}
