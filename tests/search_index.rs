//! The search index of the fixture sites: folded words, filters, documents, base path.

mod common;

use common::*;
use serde_json::Value;

fn build(name: &str) -> std::collections::BTreeMap<String, Vec<u8>> {
    let (tmp, site) = fixture_copy(name);
    let out = tmp.path().join("out");
    build_ok(&site, &out);
    read_tree(&out)
}

fn json(tree: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> Value {
    serde_json::from_slice(tree.get(path).unwrap_or_else(|| panic!("missing {path}")))
        .expect("json")
}

/// Documents whose postings hold `word` (delta-decoded).
fn docs_with(words: &Value, word: &str) -> Vec<u64> {
    let Some(list) = words[word].as_array() else {
        return vec![];
    };
    let mut d = 0;
    list.iter()
        .map(|p| {
            d += p.as_u64().expect("doc") >> 2;
            d
        })
        .collect()
}

#[test]
fn vietnamese_index_folds_diacritics_and_filters() {
    let tree = build("vi-small");
    let meta = json(&tree, "tim-kiem/i/meta.json");
    assert_eq!(meta["v"], 2);
    assert_eq!(meta["base"], "");
    assert_eq!(meta["buckets"], 1);
    let words = json(&tree, "tim-kiem/i/w0.json");
    let chunks = meta["docs"]
        .as_u64()
        .expect("count")
        .div_ceil(meta["chunk"].as_u64().expect("chunk"));
    let docs: Vec<Value> = (0..chunks)
        .flat_map(|c| {
            json(&tree, &format!("tim-kiem/i/d{c}.json"))
                .as_array()
                .expect("docs")
                .clone()
        })
        .collect();
    assert_eq!(docs.len() as u64, meta["docs"].as_u64().expect("count"));
    // "Đam Rông" is indexed as "dam" and "rong"; its unit page is among the documents.
    let dam = docs_with(&words, "dam");
    let rong = docs_with(&words, "rong");
    let both: Vec<u64> = dam.iter().filter(|d| rong.contains(d)).copied().collect();
    assert!(
        both.iter()
            .any(|&d| docs[d as usize][0] == "/dia-phuong/lam-dong/dam-rong/"),
        "{both:?}"
    );
    // Every type is a filter word, and no word keeps a diacritic or an upper-case letter.
    for t in ["t:unit", "t:plan", "t:story", "t:award"] {
        assert!(!docs_with(&words, t).is_empty(), "{t}");
    }
    for k in words.as_object().expect("map").keys() {
        assert!(k.is_ascii() && k.to_lowercase() == *k, "{k}");
    }
    assert!(!docs_with(&words, "y:2023").is_empty());
    assert!(!docs_with(&words, "k:ho-gia-dinh").is_empty());
}

#[test]
fn english_index_sits_under_search_and_knows_the_sub_folder() {
    let tree = build("en-small");
    let meta = json(&tree, "search/i/meta.json");
    assert_eq!(meta["base"], "/lnob");
    let page = String::from_utf8_lossy(&tree["search/index.html"]).to_string();
    assert!(
        page.contains("action=\"/lnob/search/\""),
        "the form's action carries the sub-folder"
    );
    assert!(page.contains("<noscript>"));
}
