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
        DeValue::String(_) => out.push(StrVal {
            key: key.to_string(),
            span: v.span(),
        }),
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
pub fn parse_one<T: DeserializeOwned>(
    diags: &mut Diagnostics,
    file: &str,
    text: &str,
    offset: usize,
    what: &str,
) -> Option<T> {
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
pub fn parse_records<T: DeserializeOwned>(
    diags: &mut Diagnostics,
    file: &str,
    text: &str,
    key: &str,
) -> Vec<Spanned<T>> {
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
                        let msg = diags
                            .t(
                                "mỗi bản ghi phải là một bảng [[…]]",
                                "each record must be a table [[…]]",
                            )
                            .to_string();
                        diags.error(Loc::at(file, item_span), msg);
                        continue;
                    }
                    match T::deserialize(ValueDeserializer::from(item)) {
                        Ok(rec) => out.push(Spanned::new(item_span, rec)),
                        Err(e) => report(diags, file, 0, &e, record_name(key)),
                    }
                }
            }
            _ => {
                let msg = match diags.lang {
                    crate::diag::Lang::Vi => {
                        format!("`{key}` phải là một mảng bảng: viết [[{key}]] trước mỗi bản ghi")
                    }
                    crate::diag::Lang::En => format!(
                        "`{key}` must be an array of tables: write [[{key}]] before each record"
                    ),
                };
                diags.error(Loc::at(file, span), msg);
            }
        }
    }
    out
}

/// How a record is named in messages, as "vi / en".
fn record_name(key: &str) -> &'static str {
    match key {
        "region" => "đơn vị hành chính [[region]] / unit [[region]]",
        "stat" => "bản ghi số liệu [[stat]] / figures record [[stat]]",
        "award" => "bản ghi khen thưởng [[award]] / commendation [[award]]",
        "form" => "hình thức khen thưởng [[form]] / commendation form [[form]]",
        _ => "bản ghi / record",
    }
}

/// Turns a toml/serde error into a diagnostic in the site's language.
pub fn report(diags: &mut Diagnostics, file: &str, offset: usize, e: &toml::de::Error, what: &str) {
    let span = e
        .span()
        .map(|s| s.start + offset..s.end + offset)
        .unwrap_or(offset..offset);
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
        let field = between_backticks(rest)
            .first()
            .copied()
            .unwrap_or("")
            .to_string();
        return match lang {
            Vi => (
                format!("thiếu trường bắt buộc `{field}` trong {what}"),
                Some(format!("thêm dòng `{field} = …`")),
            ),
            En => (
                format!("missing required field `{field}` in {what}"),
                Some(format!("add a line `{field} = …`")),
            ),
        };
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        return match lang {
            Vi => (
                format!(
                    "sai kiểu giá trị: có {}, cần {}",
                    vi_found(found),
                    vi_expected(expected)
                ),
                None,
            ),
            En => (
                format!("wrong type of value: found {found}, expected {expected}"),
                None,
            ),
        };
    }
    if raw.starts_with("invalid value: integer") && raw.contains("expected") {
        return match lang {
            Vi => ("số không hợp lệ ở đây (âm hoặc quá lớn)".to_string(), None),
            En => (format!("invalid number here: {raw}"), None),
        };
    }
    if raw.contains("is not a date like") || raw.starts_with("expected a date like") {
        let text = between_backticks(raw)
            .first()
            .map(|t| format!("`{t}` "))
            .unwrap_or_default();
        return match lang {
            Vi => (
                format!("{text}không phải một ngày viết dạng năm-tháng-ngày"),
                Some("ví dụ: date = 2023-06-15".to_string()),
            ),
            En => (
                format!("{text}is not a date written year-month-day"),
                Some("for example: date = 2023-06-15".to_string()),
            ),
        };
    }
    let description = raw.split(", expected").next().unwrap_or(raw);
    if let Some((vi, vi_help, en_help)) = syntax_words(description) {
        return match lang {
            Vi => (format!("lỗi cú pháp TOML: {vi}"), Some(vi_help.to_string())),
            En => (
                format!("TOML syntax error: {raw}"),
                Some(en_help.to_string()),
            ),
        };
    }
    match lang {
        Vi => (
            format!("lỗi cú pháp TOML: {raw}"),
            Some("xem cú pháp `khóa = giá trị`; chuỗi đặt trong dấu \"…\"".to_string()),
        ),
        En => (
            format!("TOML syntax error: {raw}"),
            Some("write `key = value`; strings go inside \"…\"".to_string()),
        ),
    }
}

/// The toml parser's most common complaints in plain Vietnamese, with advice in both languages.
fn syntax_words(description: &str) -> Option<(&'static str, &'static str, &'static str)> {
    Some(match description {
        "duplicate key" => (
            "khóa này đã có ở trên, trong cùng một bảng",
            "mỗi khóa chỉ viết một lần trong một bản ghi: xóa hoặc sửa một trong hai dòng",
            "a key is written once per record: remove or rename one of the two lines",
        ),
        "key with no value" | "missing assignment between key-value pairs" | "missing value for key" | "missing value" => (
            "thiếu dấu `=` hoặc thiếu giá trị",
            "viết `khóa = giá trị`, ví dụ: poor = 1050",
            "write `key = value`, for example: poor = 1050",
        ),
        "invalid basic string" | "invalid multi-line basic string" => (
            "chuỗi chưa được đóng: thiếu dấu `\"` ở cuối",
            "đặt chữ trong một cặp dấu \"…\" trên cùng một dòng",
            "put text inside a pair of \"…\" on one line",
        ),
        "string values must be quoted" => (
            "chữ phải đặt trong dấu \"…\"",
            "ví dụ: kind = \"household\"",
            "for example: kind = \"household\"",
        ),
        "unclosed array table" | "unclosed table" => (
            "tiêu đề bảng chưa đóng: thiếu dấu `]`",
            "viết đủ hai cặp ngoặc, ví dụ: [[stat]]",
            "write both pairs of brackets, for example: [[stat]]",
        ),
        "unclosed array" | "missing comma between array elements" => (
            "danh sách chưa đóng hoặc thiếu dấu phẩy giữa các phần tử",
            "ví dụ: tags = [\"vay vốn\", \"chăn nuôi\"]",
            "for example: tags = [\"loans\", \"livestock\"]",
        ),
        "unclosed inline table" => ("bảng viết trên một dòng chưa đóng: thiếu dấu `}`", "thêm `}` ở cuối", "add `}` at its end"),
        "invalid date" => (
            "ngày không có thật",
            "viết ngày dạng năm-tháng-ngày, ví dụ: 2023-06-15",
            "write a real date as year-month-day, for example: 2023-06-15",
        ),
        "unexpected leading zero" => (
            "số không được bắt đầu bằng chữ số 0",
            "bỏ số 0 ở đầu; nếu đây là một mã (ví dụ mã đơn vị) thì đặt nó trong dấu \"…\": code = \"068\"",
            "drop the leading 0; if this is a code (a unit's code, say) put it in quotes: code = \"068\"",
        ),
        "`_` may only go between digits" => (
            "dấu `_` chỉ được đặt giữa các chữ số",
            "ví dụ: households = 353_211",
            "for example: households = 353_211",
        ),
        "invalid unquoted key" | "unquoted keys cannot be empty" => (
            "tên khóa không hợp lệ",
            "tên khóa gồm a–z, 0–9, `_` và `-`; chữ có dấu thì đặt trong dấu \"…\"",
            "a key is made of a–z, 0–9, `_` and `-`; put other text in quotes",
        ),
        "unexpected content" | "invalid key-value pair" | "unexpected key or value" | "invalid value" => (
            "nội dung không đúng cú pháp TOML",
            "mỗi dòng là `khóa = giá trị`; chữ đặt trong dấu \"…\"",
            "each line is `key = value`; text goes inside \"…\"",
        ),
        _ => return None,
    })
}

fn vi_found(found: &str) -> String {
    let (kind, rest) = found.split_once(' ').unwrap_or((found, ""));
    let kind = match kind {
        "string" => "chuỗi",
        "integer" => "số nguyên",
        "floating" => return format!("số thập phân {}", rest.trim_start_matches("point ")),
        "boolean" => "giá trị đúng/sai",
        "sequence" => "danh sách",
        "map" => "bảng",
        other => other,
    };
    if rest.is_empty() {
        kind.to_string()
    } else {
        format!("{kind} {rest}")
    }
}

fn vi_expected(e: &str) -> String {
    match e {
        "a string" => "một chuỗi trong dấu \"…\"".to_string(),
        "i64" | "u64" | "u32" | "an integer" => "một số nguyên".to_string(),
        "a boolean" => "true hoặc false".to_string(),
        "a number" => "một số".to_string(),
        "a sequence" => "một danh sách [ … ]".to_string(),
        "a date like 2023-06-15" => "một ngày dạng 2023-06-15".to_string(),
        "f64" => "một số".to_string(),
        other => other.to_string(),
    }
}
