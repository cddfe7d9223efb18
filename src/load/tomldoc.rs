//! Reading TOML with spans: every record of an array of tables is read on its own, so one
//! bad `[[stat]]` does not hide the next; serde's messages become the site's language.

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue, ValueDeserializer};
use toml::Spanned;

use crate::diag::{did_you_mean, Diagnostics, Loc};

/// A string value of a document: the key it sits under (the array's key for items of an
/// array) and the span of its literal, quotes included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrVal {
    pub key: String,
    pub span: std::ops::Range<usize>,
}

/// Every string value under `v`, depth first, in document order.
fn collect_strings(v: &Spanned<DeValue<'_>>, key: &str, out: &mut Vec<StrVal>) {
    match v.get_ref() {
        DeValue::String(_) => out.push(StrVal { key: key.to_string(), span: v.span() }),
        DeValue::Array(items) => {
            for item in items.iter() {
                collect_strings(item, key, out);
            }
        }
        DeValue::Table(t) => {
            for (k, item) in t.iter() {
                collect_strings(item, k.get_ref(), out);
            }
        }
        _ => {}
    }
}

/// Parses a whole document into `T` (site.toml, a plan, front matter). `offset` shifts spans
/// when the TOML sits inside a larger file (front matter in a `.md`).
pub fn parse_one<T: DeserializeOwned>(diags: &mut Diagnostics, file: &str, text: &str, offset: usize, what: &str) -> Option<T> {
    parse_one_with_strings(diags, file, text, offset, what).map(|(v, _)| v)
}

/// [`parse_one`], also giving every string value of the document (for the privacy checks).
pub fn parse_one_with_strings<T: DeserializeOwned>(
    diags: &mut Diagnostics,
    file: &str,
    text: &str,
    offset: usize,
    what: &str,
) -> Option<(T, Vec<StrVal>)> {
    let (table, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for e in errors {
            report(diags, file, offset, &e, what);
        }
        return None;
    }
    let value = Spanned::new(table.span(), DeValue::Table(table.into_inner()));
    let mut strings = Vec::new();
    collect_strings(&value, "", &mut strings);
    for s in strings.iter_mut() {
        s.span = s.span.start + offset..s.span.end + offset;
    }
    match T::deserialize(ValueDeserializer::from(value)) {
        Ok(v) => Some((v, strings)),
        Err(e) => {
            report(diags, file, offset, &e, what);
            None
        }
    }
}

/// Parses a document made of `[[key]]` records, each into `T`. Other top-level keys are errors.
pub fn parse_records<T: DeserializeOwned>(diags: &mut Diagnostics, file: &str, text: &str, key: &str) -> Vec<Spanned<T>> {
    let (table, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for e in errors {
            report(diags, file, 0, &e, key);
        }
        return Vec::new();
    }
    let mut out = Vec::new();
    let table = table.into_inner();
    let mut entries: Vec<_> = table.into_iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    for (k, v) in entries {
        let name = k.get_ref().to_string();
        if name != key {
            let d = diags.error(
                Loc::at(file, k.span()),
                match diags.lang {
                    crate::diag::Lang::Vi => format!("khóa `{name}` không dùng được ở đây: tệp này chỉ chứa các bản ghi [[{key}]]"),
                    crate::diag::Lang::En => format!("key `{name}` does not belong here: this file holds only [[{key}]] records"),
                },
            );
            if let Some(s) = did_you_mean(&name, [key]) {
                d.help(format!("[[{s}]]"));
            } else {
                d.help(format!("[[{key}]]"));
            }
            continue;
        }
        let span = v.span();
        match v.into_inner() {
            DeValue::Array(items) => {
                for item in items {
                    let item_span = item.span();
                    if !matches!(item.get_ref(), DeValue::Table(_)) {
                        let msg = diags.t("mỗi bản ghi phải là một bảng [[…]]", "each record must be a table [[…]]").to_string();
                        diags.error(Loc::at(file, item_span), msg);
                        continue;
                    }
                    match T::deserialize(ValueDeserializer::from(item)) {
                        Ok(rec) => out.push(Spanned::new(item_span, rec)),
                        Err(e) => report(diags, file, 0, &e, key),
                    }
                }
            }
            _ => {
                let msg = match diags.lang {
                    crate::diag::Lang::Vi => format!("`{key}` phải là một mảng bảng: viết [[{key}]] trước mỗi bản ghi"),
                    crate::diag::Lang::En => format!("`{key}` must be an array of tables: write [[{key}]] before each record"),
                };
                diags.error(Loc::at(file, span), msg);
            }
        }
    }
    out
}

/// Turns a toml/serde error into a diagnostic in the site's language.
pub fn report(diags: &mut Diagnostics, file: &str, offset: usize, e: &toml::de::Error, what: &str) {
    let span = e.span().map(|s| s.start + offset..s.end + offset).unwrap_or(offset..offset);
    let raw = e.message().trim().to_string();
    let lang = diags.lang;
    // `what` may be given as "vi / en".
    let what = match what.split_once(" / ") {
        Some((vi, en)) => lang.pick(vi, en),
        None => what,
    };
    let (msg, help) = translate(&raw, what, lang);
    let d = diags.error(Loc::at(file, span), msg);
    if let Some(h) = help {
        d.help(h);
    }
}

fn between_backticks(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

/// Rewrites serde's and toml's English into plain words, with did-you-mean for unknown fields.
fn translate(raw: &str, what: &str, lang: crate::diag::Lang) -> (String, Option<String>) {
    use crate::diag::Lang::*;
    if let Some(rest) = raw.strip_prefix("unknown field ") {
        let ticks = between_backticks(rest);
        let field = ticks.first().copied().unwrap_or("");
        let expected: Vec<&str> = ticks.iter().skip(1).copied().collect();
        let msg = match lang {
            Vi => format!("trường `{field}` không có trong {what}"),
            En => format!("unknown field `{field}` in {what}"),
        };
        let help = match did_you_mean(field, expected.iter().copied()) {
            Some(s) => match lang {
                Vi => format!("ý bạn là `{s}`?"),
                En => format!("did you mean `{s}`?"),
            },
            None => match lang {
                Vi => format!("các trường dùng được: {}", expected.join(", ")),
                En => format!("the fields allowed are: {}", expected.join(", ")),
            },
        };
        return (msg, Some(help));
    }
    if let Some(rest) = raw.strip_prefix("missing field ") {
        let field = between_backticks(rest).first().copied().unwrap_or("").to_string();
        return match lang {
            Vi => (format!("thiếu trường bắt buộc `{field}` trong {what}"), Some(format!("thêm dòng `{field} = …`"))),
            En => (format!("missing required field `{field}` in {what}"), Some(format!("add a line `{field} = …`"))),
        };
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        let found = found.replace("string ", "chuỗi ");
        return match lang {
            Vi => (format!("sai kiểu giá trị: có {found}, cần {}", vi_expected(expected)), None),
            En => (format!("wrong type of value: found {found}, expected {expected}"), None),
        };
    }
    if raw.starts_with("invalid value: integer") && raw.contains("expected") {
        return match lang {
            Vi => ("số không hợp lệ ở đây (âm hoặc quá lớn)".to_string(), None),
            En => (format!("invalid number here: {raw}"), None),
        };
    }
    match lang {
        Vi => (format!("lỗi cú pháp TOML: {raw}"), Some("xem cú pháp `khóa = giá trị`; chuỗi đặt trong dấu \"…\"".to_string())),
        En => (format!("TOML syntax error: {raw}"), Some("write `key = value`; strings go inside \"…\"".to_string())),
    }
}

fn vi_expected(e: &str) -> String {
    match e {
        "a string" => "một chuỗi trong dấu \"…\"".to_string(),
        "i64" | "u64" | "u32" | "an integer" => "một số nguyên".to_string(),
        "a boolean" => "true hoặc false".to_string(),
        "a number" => "một số".to_string(),
        "a sequence" => "một danh sách [ … ]".to_string(),
        other => other.to_string(),
    }
}
