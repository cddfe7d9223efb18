//! Search: a small index written at build time and read in the browser by `search.js`.
//!
//! Every unit, plan, story and commendation is a document. Its text is folded the way
//! [`crate::text::fold`] folds it (no diacritics, đ → d, lower case) and split into words;
//! each word keeps, per document, the weight of the most important field it occurs in
//! (title 8, names and keywords 4, summary 2, body 1). Filters are words too (`u:CODE`,
//! `k:KIND`, `m:MODEL`, `y:YEAR`, `t:TYPE`), so filtering is the same intersection as
//! matching.
//!
//! Files, all under the search page's folder (`/tim-kiem/i/`):
//! - `meta.json`: format version, base path, document count, chunk size, bucket count, labels.
//! - `wN.json`: a bucket of words, `{word: [doc*4+w, delta*4+w, …]}`: documents ascending as
//!   gaps, each with its weight's code `w` (weight `1 << w`). A word goes to bucket
//!   `fnv1a(key) % buckets`, where the key is its first three letters (so every word a prefix
//!   query can reach sits in one bucket) or, for a filter, the whole filter word.
//! - `dN.json`: documents `N*chunk ..`, each `[url, title, type, context, excerpt]`.
//!
//! The bucket count grows with the index so no bucket passes ~48 KB; a small site has one.
//! Documents keep a fixed order and words are sorted before they are written, so two builds of
//! the same site give the same bytes.

use std::fmt::Write;

use rayon::prelude::*;

use serde_json::{json, Value};

use crate::diag::Lang;
use crate::format;
use crate::model::*;
use crate::render::{i18n, markdown, Derived};
use crate::slug::slugify;
use crate::urls::Urls;

/// The format version `search.js` expects.
pub const VERSION: u32 = 2;
/// Documents per `dN.json` file: small, as the first results of a query may sit in as many files.
pub const CHUNK: usize = 32;
/// The size a word bucket aims to stay below.
const BUCKET_BYTES: usize = 48 * 1024;
/// Longest excerpt kept per document, in characters.
const EXCERPT_CHARS: usize = 180;

/// Letters a query word needs before it also matches longer words; shorter ones match whole.
pub const PREFIX: usize = 3;

const W_TITLE: u8 = 8;
const W_KEY: u8 = 4;
const W_SUMMARY: u8 = 2;
const W_BODY: u8 = 1;

/// A weight as two bits: 1, 2, 4, 8 → 0, 1, 2, 3 (`search.js` reads `1 << code`).
fn weight_code(w: u8) -> u32 {
    match w {
        0 | 1 => 0,
        2..=3 => 1,
        4..=7 => 2,
        _ => 3,
    }
}

/// Result types in the order their documents are numbered (ties in score keep this order).
pub const TYPES: [&str; 4] = ["unit", "plan", "story", "award"];

/// The folder of the index files, relative to the output (`tim-kiem/i/`).
pub fn folder(urls: &Urls) -> String {
    format!("{}i/", urls.search().trim_start_matches('/'))
}

/// FNV-1a, 32 bits, over the key's bytes: `search.js` computes the same.
pub fn fnv1a(key: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in key.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The bucket key of a word: a filter word whole, any other word by its first three letters
/// (Vietnamese syllables share two-letter starts such as "th", "ng", "tr" far too often).
pub fn bucket_key(word: &str) -> &str {
    if word.contains(':') {
        return word;
    }
    match word.char_indices().nth(PREFIX) {
        Some((i, _)) => &word[..i],
        None => word,
    }
}

/// Calls `f` with each folded word of a text: the words of [`crate::text::fold`] (deunicode,
/// lower case) made of ASCII letters and digits, everything else separating them. Folds
/// character by character, without a folded copy of the text.
pub fn each_word(text: &str, mut f: impl FnMut(&str)) {
    /// One folded byte: a letter or digit goes on the word, anything else ends it.
    #[inline(always)]
    fn one(b: u8, word: &mut String, f: &mut impl FnMut(&str)) {
        if b.is_ascii_alphanumeric() {
            word.push(b.to_ascii_lowercase() as char);
        } else if !word.is_empty() {
            f(word);
            word.clear();
        }
    }
    let mut word = String::with_capacity(24);
    let table = fold_table();
    for c in text.chars() {
        match table.get(c as usize).copied().unwrap_or(FOLD_SLOW) {
            FOLD_SLOW => {
                for b in deunicode::deunicode_char(c).unwrap_or("[?]").bytes() {
                    one(b, &mut word, &mut f);
                }
            }
            FOLD_NOTHING => {}
            b => one(b, &mut word, &mut f),
        }
    }
    if !word.is_empty() {
        f(&word);
    }
}

/// In [`fold_table`]: the character folds to more than one byte (or is not known), or to none.
const FOLD_SLOW: u8 = 0xFF;
const FOLD_NOTHING: u8 = 0xFE;

/// What each character up to U+1EFF (Latin, Vietnamese letters included) folds to, when that is
/// one byte: the byte (a separator or not), or [`FOLD_SLOW`] / [`FOLD_NOTHING`]. Taken from
/// deunicode itself, so folding with it is folding with deunicode, without its lookup per letter.
fn fold_table() -> &'static [u8] {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..0x1F00u32)
            .map(|code| {
                let Some(c) = char::from_u32(code) else {
                    return FOLD_SLOW;
                };
                if c.is_ascii() {
                    return code as u8;
                }
                match deunicode::deunicode_char(c).map(str::as_bytes) {
                    Some([]) => FOLD_NOTHING,
                    Some(&[b]) if b < FOLD_NOTHING => b,
                    _ => FOLD_SLOW,
                }
            })
            .collect()
    })
}

/// The folded words of a text, in order.
pub fn words(text: &str) -> impl Iterator<Item = String> {
    let mut out = Vec::new();
    each_word(text, |w| out.push(w.to_string()));
    out.into_iter()
}

/// A fast hasher for the word maps (the FxHash mix): their order never reaches the output,
/// which is sorted by word.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        for &b in chunks.remainder() {
            self.add(b as u64);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fx {
    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type WordMap<V> = hashbrown::HashMap<String, V, std::hash::BuildHasherDefault<Fx>>;

/// One document being indexed.
struct Doc {
    url: String,
    title: String,
    kind: usize,
    context: String,
    excerpt: String,
    words: WordMap<u8>,
}

impl Doc {
    fn new(kind: usize, url: String, title: String) -> Doc {
        let mut d = Doc {
            url,
            title: title.clone(),
            kind,
            context: String::new(),
            excerpt: String::new(),
            words: WordMap::default(),
        };
        d.add(&title, W_TITLE);
        d.filter(&format!("t:{}", TYPES[kind]));
        d
    }
    fn add(&mut self, text: &str, weight: u8) {
        let words = &mut self.words;
        each_word(text, |w| {
            words
                .entry_ref(w)
                .and_modify(|e| *e = (*e).max(weight))
                .or_insert(weight);
        });
    }
    fn filter(&mut self, word: &str) {
        self.words.insert(word.to_string(), 1);
    }
}

/// Text of a Markdown body without markup or shortcodes.
pub fn plain_text(body: &str) -> String {
    let mut cleaned = String::with_capacity(body.len());
    let mut pos = 0;
    for f in markdown::find_shortcodes(body) {
        cleaned.push_str(&body[pos..f.offset]);
        cleaned.push(' ');
        pos = f.offset + f.len;
    }
    cleaned.push_str(&body[pos..]);
    let mut out = String::with_capacity(cleaned.len());
    for ev in pulldown_cmark::Parser::new(&cleaned) {
        match ev {
            pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) => {
                out.push_str(&t);
                out.push(' ');
            }
            pulldown_cmark::Event::SoftBreak
            | pulldown_cmark::Event::HardBreak
            | pulldown_cmark::Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out
}

fn excerpt(text: &str) -> String {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() <= EXCERPT_CHARS {
        return t;
    }
    let cut: String = t.chars().take(EXCERPT_CHARS).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > EXCERPT_CHARS / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{cut}…")
}

/// The kind slug (as in `/loai/…/`) of a story kind or a commendation's recipient kind.
fn kind_slug(lang: Lang, kind: &str) -> Option<&'static str> {
    StoryKind::ALL
        .into_iter()
        .find(|k| k.as_str() == kind)
        .map(|k| i18n::story_kind(lang, k).1)
}

/// Units in tree order: each parent before its children, siblings as sorted in the model.
fn tree_order(site: &Site) -> Vec<UnitId> {
    let mut out = Vec::with_capacity(site.units.len());
    let mut roots = site.roots.clone();
    if roots.is_empty() {
        roots = (0..site.units.len())
            .filter(|&u| site.units[u].parent.is_none())
            .collect();
    }
    for r in roots {
        out.push(r);
        out.extend(site.descendants(r));
    }
    if out.len() < site.units.len() {
        // Units outside every tree (should not happen): keep them findable.
        let mut seen = vec![false; site.units.len()];
        for &u in &out {
            seen[u] = true;
        }
        out.extend((0..site.units.len()).filter(|&u| !seen[u]));
    }
    out
}

/// Units that filters offer: provinces and districts (and any top-level unit), in tree order.
pub fn filter_units(site: &Site) -> Vec<UnitId> {
    tree_order(site)
        .into_iter()
        .filter(|&u| site.units[u].level <= Level::District || site.units[u].parent.is_none())
        .collect()
}

/// Filter words for a unit: `u:CODE` for it and each unit above it that filters offer.
fn unit_filters(site: &Site, d: &mut Doc, u: UnitId) {
    for a in site.ancestry(u) {
        let unit = &site.units[a];
        if unit.level <= Level::District || unit.parent.is_none() {
            d.filter(&format!("u:{}", unit.code));
        }
    }
}

/// Names of a unit and the units above it, as searchable text.
fn unit_names(site: &Site, u: UnitId) -> String {
    site.ancestry(u)
        .into_iter()
        .map(|a| site.units[a].full_name())
        .collect::<Vec<_>>()
        .join(" ")
}

fn unit_place(site: &Site, u: UnitId) -> String {
    let mut names: Vec<String> = site
        .ancestry(u)
        .into_iter()
        .map(|a| site.units[a].full_name())
        .collect();
    names.reverse();
    names.join(", ")
}

/// Batches of documents handed to a sink in order, each batch built on all cores while the
/// one before it is handed over (merging a batch's words is one long step on one core).
struct Feed<'s> {
    pending: Option<Vec<Doc>>,
    sink: &'s mut (dyn FnMut(Vec<Doc>) + Send),
}

impl Feed<'_> {
    fn push(&mut self, make: impl FnOnce() -> Vec<Doc> + Send) {
        let before = self.pending.take();
        let sink = &mut *self.sink;
        let (built, ()) = rayon::join(make, move || {
            if let Some(b) = before {
                sink(b)
            }
        });
        self.pending = Some(built);
    }

    fn finish(mut self) {
        if let Some(b) = self.pending.take() {
            (self.sink)(b)
        }
    }
}

/// Every document, in order, handed to `sink` in batches.
fn documents(site: &Site, derived: &Derived, urls: &Urls, sink: &mut (dyn FnMut(Vec<Doc>) + Send)) {
    const BATCH: usize = 2048;
    let lang = site.config.language;
    let mut feed = Feed {
        pending: None,
        sink,
    };
    let unit = |u: UnitId| {
        let unit = &site.units[u];
        let mut d = Doc::new(0, urls.unit(site, u), unit.full_name());
        d.add(&unit.name, W_TITLE);
        d.add(&unit.code, W_KEY);
        if let Some(p) = unit.parent {
            d.add(&unit_names(site, p), W_BODY);
        }
        let mut ctx = vec![i18n::level(lang, unit.level).to_string()];
        if let Some(p) = unit.parent {
            ctx.push(unit_place(site, p));
        }
        d.context = ctx.join(" · ");
        unit_filters(site, &mut d, u);
        d
    };
    let plan = |p: &crate::model::Plan| {
        let mut d = Doc::new(
            1,
            urls.plan(&p.id),
            format!("{} {}", i18n::get(lang, "plan"), p.number),
        );
        d.add(&p.title, W_KEY);
        d.add(&p.issuer, W_KEY);
        d.add(&site.units[p.unit].full_name(), W_KEY);
        d.add(&unit_names(site, p.unit), W_BODY);
        for t in &p.targets {
            d.add(&t.text, W_BODY);
        }
        for m in &p.milestones {
            d.add(&m.title, W_BODY);
        }
        let mut ctx = vec![p.issuer.clone()];
        if let Some(date) = p.issued {
            ctx.push(format::date(lang, date));
            d.filter(&format!("y:{}", chrono::Datelike::year(&date)));
        }
        ctx.push(format!("{}–{}", p.start, p.end));
        ctx.push(unit_place(site, p.unit));
        d.context = ctx.join(" · ");
        d.excerpt = excerpt(&p.title);
        unit_filters(site, &mut d, p.unit);
        d
    };
    let units = tree_order(site);
    for batch in units.chunks(BATCH) {
        feed.push(|| batch.par_iter().map(|&u| unit(u)).collect());
    }
    feed.push(|| site.plans.par_iter().map(plan).collect());
    let story = |s: &crate::model::Story| {
        let mut d = Doc::new(2, urls.story(&s.slug), s.title.clone());
        let (kind_label, kind) = i18n::story_kind(lang, s.kind);
        d.add(kind_label, W_KEY);
        if let Some(m) = &s.model {
            d.add(m, W_KEY);
            d.filter(&format!("m:{}", slugify(m)));
        }
        for t in &s.tags {
            d.add(t, W_KEY);
        }
        if let Some(e) = &s.ethnic_group {
            d.add(e, W_KEY);
        }
        d.add(&site.units[s.unit].full_name(), W_KEY);
        d.add(&unit_names(site, s.unit), W_SUMMARY);
        d.add(&s.summary, W_SUMMARY);
        d.add(&plain_text(&s.body), W_BODY);
        d.filter(&format!("k:{kind}"));
        d.filter(&format!("y:{}", chrono::Datelike::year(&s.date)));
        d.context = format!(
            "{} · {} · {}",
            kind_label,
            format::date(lang, s.date),
            unit_place(site, s.unit)
        );
        d.excerpt = excerpt(&s.summary);
        unit_filters(site, &mut d, s.unit);
        d
    };
    for batch in site.stories.chunks(BATCH) {
        feed.push(|| batch.par_iter().map(story).collect());
    }
    let award = |(i, a): (usize, &crate::model::Award)| {
        // The entry in the year's registry page, as the commendations feed links it.
        let url = derived.award_url(site, urls, i);
        let mut d = Doc::new(3, url, a.recipient.clone());
        let form = &site.forms[a.form].name;
        let occasion = derived.occasion_title(lang, &a.occasion);
        d.add(form, W_KEY);
        d.add(&occasion, W_KEY);
        d.add(&a.decision, W_KEY);
        d.add(&site.units[a.unit].full_name(), W_KEY);
        d.add(&unit_names(site, a.unit), W_SUMMARY);
        if let Some(c) = &a.citation {
            d.add(c, W_SUMMARY);
            d.excerpt = excerpt(c);
        }
        if let Some(k) = kind_slug(lang, &a.recipient_kind) {
            d.filter(&format!("k:{k}"));
        }
        if let Some(st) = a.story {
            if let Some(m) = &site.stories[st].model {
                d.filter(&format!("m:{}", slugify(m)));
            }
        }
        d.filter(&format!("y:{}", a.year));
        let who = i18n::recipient_kind(lang, &a.recipient_kind);
        d.context = format!(
            "{form} · {who} · {} {} · {}",
            i18n::get(lang, "year"),
            a.year,
            unit_place(site, a.unit)
        );
        unit_filters(site, &mut d, a.unit);
        d
    };
    for (n, batch) in site.awards.chunks(BATCH).enumerate() {
        feed.push(|| {
            batch
                .par_iter()
                .enumerate()
                .map(|(k, a)| award((n * BATCH + k, a)))
                .collect()
        });
    }
    feed.finish();
}

/// What the search page offers as filters, for its template.
pub fn page_context(site: &Site, derived: &Derived) -> Value {
    let lang = site.config.language;
    let units: Vec<Value> = filter_units(site)
        .into_iter()
        .map(|u| {
            let unit = &site.units[u];
            let depth = site.ancestry(u).len() - 1;
            // Indented under its province; no-break spaces are not read aloud.
            let name = format!("{}{}", "\u{a0}".repeat(3 * depth), unit.full_name());
            json!({"value": unit.code, "name": name, "depth": depth})
        })
        .collect();
    let kinds: Vec<Value> = StoryKind::ALL
        .into_iter()
        .map(|k| {
            let (label, slug) = i18n::story_kind(lang, k);
            json!({"value": slug, "name": label})
        })
        .collect();
    let models: Vec<Value> = derived
        .taxonomies
        .iter()
        .find(|t| t.key == "models")
        .map(|t| {
            t.terms
                .iter()
                .map(|(name, slug, _)| json!({"value": slug, "name": name}))
                .collect()
        })
        .unwrap_or_default();
    let mut years: Vec<i32> = site
        .stories
        .iter()
        .map(|s| chrono::Datelike::year(&s.date))
        .collect();
    years.extend(site.awards.iter().map(|a| a.year));
    years.extend(
        site.plans
            .iter()
            .filter_map(|p| p.issued.map(|d| chrono::Datelike::year(&d))),
    );
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let types: Vec<Value> = TYPES
        .iter()
        .map(|t| json!({"value": t, "name": type_label(lang, t)}))
        .collect();
    json!({"units": units, "kinds": kinds, "models": models, "years": years, "types": types})
}

fn type_label(lang: Lang, t: &str) -> &'static str {
    match t {
        "unit" => i18n::get(lang, "search_type_unit"),
        "plan" => i18n::get(lang, "plan"),
        "story" => i18n::get(lang, "story"),
        _ => i18n::get(lang, "search_type_award"),
    }
}

/// The index files: (path relative to the output, bytes).
/// Writes the search index through `put` (file name in the output, bytes): `meta.json`, the
/// word buckets `w*.json` and the document chunks `d*.json`.
pub fn files(site: &Site, derived: &Derived, urls: &Urls, put: &mut dyn FnMut(&str, &[u8])) {
    let lang = site.config.language;
    // word → postings, each a document number times 4 plus its weight's code (documents
    // ascending as they are visited in order). Each batch of documents gives its words up as
    // soon as it is made, so a site's words are never all held twice (100,000 stories' word
    // sets were 1.4 GB).
    let mut postings: WordMap<Vec<u32>> = WordMap::default();
    let mut docs: Vec<Doc> = Vec::new();
    documents(site, derived, urls, &mut |batch| {
        for mut d in batch {
            let i = docs.len() as u32;
            for (w, weight) in std::mem::take(&mut d.words) {
                postings
                    .entry(w)
                    .or_default()
                    .push(i * 4 + weight_code(weight));
            }
            docs.push(d);
        }
    });
    let mut postings: Vec<(String, Vec<u32>)> = postings.into_iter().collect();
    postings.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // Each word as it is written in its bucket, `"word":[n,n,…]`, made from its postings,
    // which are given up as they are written.
    let encoded: Vec<(String, String)> = postings
        .into_par_iter()
        .map(|(w, list)| {
            let mut s = String::with_capacity(w.len() + 4 + list.len() * 3);
            s.push_str(&serde_json::to_string(&w).expect("json"));
            s.push_str(":[");
            let mut prev = 0u32;
            for (n, &p) in list.iter().enumerate() {
                if n > 0 {
                    s.push(',');
                }
                let _ = write!(s, "{}", ((p >> 2) - prev) * 4 + (p & 3));
                prev = p >> 2;
            }
            s.push(']');
            (w, s)
        })
        .collect();
    let total: usize = encoded.iter().map(|e| e.1.len() + 1).sum();
    let buckets = total.div_ceil(BUCKET_BYTES).max(1);
    let mut parts: Vec<Vec<&str>> = vec![Vec::new(); buckets];
    for (w, e) in &encoded {
        parts[fnv1a(bucket_key(w)) as usize % buckets].push(e);
    }
    let dir = folder(urls);
    let labels: Vec<&str> = TYPES.iter().map(|t| type_label(lang, t)).collect();
    let meta = json!({
        "v": VERSION,
        "base": crate::render::base_path(&site.config.base_url),
        "docs": docs.len(),
        "chunk": CHUNK,
        "buckets": buckets,
        "types": labels,
    });
    put(&format!("{dir}meta.json"), meta.to_string().as_bytes());
    for (b, entries) in parts.iter().enumerate() {
        put(
            &format!("{dir}w{b}.json"),
            format!("{{{}}}", entries.join(",")).as_bytes(),
        );
    }
    drop(parts);
    drop(encoded);
    for (c, chunk) in docs.chunks(CHUNK).enumerate() {
        let rows: Vec<Value> = chunk
            .iter()
            .map(|d| json!([d.url, d.title, d.kind, d.context, d.excerpt]))
            .collect();
        put(
            &format!("{dir}d{c}.json"),
            Value::Array(rows).to_string().as_bytes(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_words_like_the_browser() {
        let w: Vec<String> = words("Đặng Thị Hoa, huyện Nguyên Bình (QĐ-UBND 123/2023)").collect();
        assert_eq!(
            w,
            ["dang", "thi", "hoa", "huyen", "nguyen", "binh", "qd", "ubnd", "123", "2023"]
        );
    }

    #[test]
    fn folds_each_word_as_text_fold_does() {
        for s in [
            "Đắk Nông – “Ka Liên”",
            "Ông Thạch Sang, 1,5 %",
            "北京 Æsop ½ N\u{303}",
            "ĐỒNG BÀO Ư Ơ",
        ] {
            let want: Vec<String> = crate::text::fold(s)
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect();
            assert_eq!(words(s).collect::<Vec<_>>(), want, "{s}");
        }
    }

    /// Every character up to U+2100, alone and inside words, folds with the table as with
    /// deunicode character by character, ASCII as itself (the first way `each_word` was
    /// written).
    #[test]
    fn the_fold_table_folds_as_deunicode() {
        fn reference(text: &str) -> Vec<String> {
            let mut out = Vec::new();
            let mut word = String::new();
            for c in text.chars().chain([' ']) {
                let ascii = [c as u8];
                let folded = match c.is_ascii() {
                    true => &ascii[..],
                    false => deunicode::deunicode_char(c).unwrap_or("[?]").as_bytes(),
                };
                for &b in folded {
                    if b.is_ascii_alphanumeric() {
                        word.push(b.to_ascii_lowercase() as char);
                    } else if !word.is_empty() {
                        out.push(std::mem::take(&mut word));
                    }
                }
            }
            out
        }
        for code in 0..0x2100u32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let text = format!("a{c}b {c} x{c}{c}9");
            assert_eq!(
                words(&text).collect::<Vec<_>>(),
                reference(&text),
                "U+{code:04X}"
            );
        }
    }

    #[test]
    fn buckets_by_two_letters_and_filters_whole() {
        assert_eq!(bucket_key("nguyen"), "ngu");
        assert_eq!(bucket_key("d"), "d");
        assert_eq!(bucket_key("bo"), "bo");
        assert_eq!(bucket_key("u:04"), "u:04");
        // The same numbers as search.js computes (FNV-1a 32-bit).
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
    }

    #[test]
    fn plain_text_drops_markup_and_shortcodes() {
        let t = plain_text(
            "# Tiêu đề\n\nMột **đoạn** [liên kết](https://x.vn).\n\n{{ chart(region=\"1\") }}\n",
        );
        let w: Vec<String> = words(&t).collect();
        assert_eq!(w, ["tieu", "de", "mot", "doan", "lien", "ket"]);
    }

    #[test]
    fn weights_fit_two_bits() {
        for (w, code) in [(W_BODY, 0), (W_SUMMARY, 1), (W_KEY, 2), (W_TITLE, 3)] {
            assert_eq!(weight_code(w), code);
            assert_eq!(1u8 << code, w);
        }
    }

    #[test]
    fn excerpts_cut_at_a_word() {
        let long = "từ ".repeat(100);
        let e = excerpt(&long);
        assert!(e.ends_with('…'));
        assert!(e.chars().count() <= EXCERPT_CHARS + 1);
    }
}
