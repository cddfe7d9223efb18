//! Finding personal identifiers in text a site would publish: citizen ID numbers, Vietnamese
//! phone numbers and e-mail addresses. Pure: byte ranges in, byte ranges out.
//!
//! The rules lean towards not crying wolf on the numbers campaign texts are full of: decision
//! numbers (`1479/QĐ-UBND`), years and periods (`2021 – 2025`), dates (`24/8/2022`,
//! `01.02.2023`), counts with thousands separators (`353.211`), decimals (`1,5 %`), sums of
//! money (`150000000 đồng`) and links to news articles are never reported.

use std::ops::Range;

use super::tomldoc::StrVal;
use crate::diag::{Diagnostics, Lang, Loc};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// 9 (old identity card) or 12 (citizen identity card) digits in a row.
    CitizenId,
    /// 0 or +84 followed by 9–10 digits, optionally grouped with spaces, dots or hyphens.
    Phone,
    Email,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub range: Range<usize>,
    pub kind: Kind,
}

/// Every identifier-like stretch of `text`, in order of position.
pub fn scan(text: &str) -> Vec<Hit> {
    let mut hits = emails(text);
    let mut taken: Vec<Range<usize>> = hits.iter().map(|h| h.range.clone()).collect();
    let phones = phones(text, &taken);
    taken.extend(phones.iter().map(|h| h.range.clone()));
    hits.extend(phones);
    hits.extend(ids(text, &taken));
    hits.sort_by_key(|h| h.range.start);
    hits
}

fn overlaps(taken: &[Range<usize>], r: &Range<usize>) -> bool {
    taken.iter().any(|t| t.start < r.end && r.start < t.end)
}

/// The character just before byte `i`, if any.
fn char_before(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text[i..].chars().next()
}

/// Whether the whitespace-delimited word around `range` is a web address: digits in links to
/// articles are the site's sources, not a person's.
fn inside_url(text: &str, range: &Range<usize>) -> bool {
    let is_delim =
        |c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '"' | '\'' | '[' | ']');
    let start = text[..range.start]
        .rfind(is_delim)
        .map(|i| i + 1)
        .unwrap_or(0);
    let end = text[range.end..]
        .find(is_delim)
        .map(|i| range.end + i)
        .unwrap_or(text.len());
    let word = &text[start..end];
    word.contains("://") || word.starts_with("www.")
}

/// Whether the words just before `start` name an enterprise's tax or registration code, which
/// is public and often looks like a phone number (`MST: 0101234567`).
fn after_business_code_label(text: &str, start: usize) -> bool {
    named_before(
        text,
        start,
        25,
        &[
            "mã số thuế",
            "mst",
            "mã số doanh nghiệp",
            "mã doanh nghiệp",
            "tax code",
        ],
    )
}

/// Whether one of `words` (lower case) is among the `chars` characters just before `start`.
fn named_before(text: &str, start: usize, chars: usize, words: &[&str]) -> bool {
    let from = text[..start]
        .char_indices()
        .rev()
        .nth(chars - 1)
        .map(|(i, _)| i)
        .unwrap_or(0);
    let before = text[from..start].to_lowercase();
    words.iter().any(|w| before.contains(w))
}

fn emails(text: &str) -> Vec<Hit> {
    let b = text.as_bytes();
    let local = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
    let domain = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-');
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find('@').map(|i| from + i) {
        from = at + 1;
        let mut s = at;
        while s > 0 && local(b[s - 1]) {
            s -= 1;
        }
        while s < at && b[s] == b'.' {
            s += 1;
        }
        let mut e = at + 1;
        while e < b.len() && domain(b[e]) {
            e += 1;
        }
        while e > at + 1 && matches!(b[e - 1], b'.' | b'-') {
            e -= 1;
        }
        if s == at || e == at + 1 {
            continue;
        }
        let dom = &text[at + 1..e];
        let Some((name, tld)) = dom.rsplit_once('.') else {
            continue;
        };
        if name.is_empty() || tld.len() < 2 || !tld.bytes().all(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        out.push(Hit {
            range: s..e,
            kind: Kind::Email,
        });
        from = e;
    }
    out
}

/// Whether a number ending at `end` is followed by a unit of money or measure
/// (`150000000 đồng`), which makes it an amount rather than an identifier.
fn followed_by_unit(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start_matches([' ', '\u{a0}']);
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '²')
        .collect::<String>()
        .to_lowercase();
    const UNITS: &[&str] = &[
        "đồng", "đ", "vnd", "vnđ", "usd", "m2", "m²", "m3", "ha", "kg", "tấn", "km", "lít", "con",
        "cây",
    ];
    UNITS.contains(&word.as_str())
}

/// A digit run that is part of a larger number or code: `1.353.211`, `0,5`, `123/QĐ`, `A123`.
fn glued(text: &str, start: usize, end: usize) -> bool {
    let before = char_before(text, start);
    let after = char_at(text, end);
    if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '/' || c == '\\') {
        return true;
    }
    if after.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '/' || c == '\\') {
        return true;
    }
    // A separator joining this run to another number: thousands, decimals, dates, ranges.
    if let Some(c) = before {
        if matches!(c, '.' | ',' | '-' | ':')
            && char_before(text, start - c.len_utf8()).is_some_and(|d| d.is_ascii_digit())
        {
            return true;
        }
    }
    if let Some(c) = after {
        if matches!(c, '.' | ',' | '-' | ':')
            && char_at(text, end + c.len_utf8()).is_some_and(|d| d.is_ascii_digit())
        {
            return true;
        }
    }
    false
}

fn phones(text: &str, taken: &[Range<usize>]) -> Vec<Hit> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // A number starts at a `0` or at `+84`: jump from one `0` or `+` to the next.
    while let Some(at) = memchr::memchr2(b'0', b'+', &b[i..]) {
        i += at;
        let (prefix_len, start) = if b[i] == b'0' {
            (1, i)
        } else if b[i..].starts_with(b"+84") {
            (3, i)
        } else {
            i += 1;
            continue;
        };
        // Must start a token: not inside a word or a larger number.
        let before = char_before(text, start);
        let starts_token = match before {
            None => true,
            Some(c) if c.is_alphanumeric() || matches!(c, '_' | '/' | '\\' | '+') => false,
            Some('.' | ',' | '-' | ':') => {
                !char_before(text, start - 1).is_some_and(|d| d.is_ascii_digit())
            }
            Some(_) => true,
        };
        if !starts_token {
            i += 1;
            continue;
        }
        // Digit groups after the prefix, joined by single separators; remember where the
        // count of digits reaches 9 or 10 at the end of a group.
        let mut j = start + prefix_len;
        // Between groups: `)` (closing an area code or `(+84)`), then at most one space, dot or
        // hyphen; a digit must follow.
        let separator = |j: usize| -> Option<usize> {
            let mut k = j;
            if k < b.len() && b[k] == b')' {
                k += 1;
            }
            if k < b.len() && matches!(b[k], b' ' | b'.' | b'-') {
                k += 1;
            }
            (k > j && k < b.len() && b[k].is_ascii_digit()).then_some(k)
        };
        if prefix_len == 3 {
            if let Some(k) = separator(j) {
                j = k;
            }
        }
        let mut digits = 0;
        let mut best: Option<usize> = None;
        loop {
            if j < b.len() && b[j].is_ascii_digit() {
                while j < b.len() && b[j].is_ascii_digit() {
                    digits += 1;
                    j += 1;
                }
                if (9..=10).contains(&digits) {
                    best = Some(j);
                }
                if digits > 10 {
                    break;
                }
                if let Some(k) = separator(j) {
                    j = k;
                    continue;
                }
            }
            break;
        }
        if let Some(end) = best {
            // Take in the opening bracket of `(0263) 3822 123`.
            let start = if start > 0 && b[start - 1] == b'(' && b[start..end].contains(&b')') {
                start - 1
            } else {
                start
            };
            let r = start..end;
            let after_ok = !char_at(text, end).is_some_and(|c| c.is_alphanumeric() || c == '/');
            if after_ok
                && !overlaps(taken, &r)
                && !inside_url(text, &r)
                && !followed_by_unit(text, end)
                && !after_business_code_label(text, start)
            {
                out.push(Hit {
                    range: r,
                    kind: Kind::Phone,
                });
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

fn ids(text: &str, taken: &[Range<usize>]) -> Vec<Hit> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        // Written in groups (`079 203 001 234`, `0792.0300.1234`): only after a word that
        // names an ID card, as plain numbers are grouped the same way (`năm 2023 2024 2025`).
        if let Some(end) = grouped_id(text, s) {
            let r = s..end;
            if !overlaps(taken, &r) && !inside_url(text, &r) && !followed_by_unit(text, end) {
                out.push(Hit {
                    range: r,
                    kind: Kind::CitizenId,
                });
                i = end;
                continue;
            }
        }
        let r = s..i;
        if (i - s == 9 || i - s == 12)
            && !glued(text, s, i)
            && !overlaps(taken, &r)
            && !inside_url(text, &r)
            && !followed_by_unit(text, i)
            && !after_business_code_label(text, s)
        {
            out.push(Hit {
                range: r,
                kind: Kind::CitizenId,
            });
        }
    }
    out
}

/// Where an ID written in groups of two to four digits, one space, dot or hyphen apart, that
/// starts at `start` ends, when it has 9 or 12 digits in two groups or more, stands on its own,
/// and an ID card is named just before it (`CCCD`, `CMND`, `căn cước`, `chứng minh`).
fn grouped_id(text: &str, start: usize) -> Option<usize> {
    let b = text.as_bytes();
    let (mut j, mut digits, mut groups, mut best) = (start, 0, 0, None);
    loop {
        let g = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if !(2..=4).contains(&(j - g)) {
            break;
        }
        digits += j - g;
        groups += 1;
        if groups >= 2 && (digits == 9 || digits == 12) {
            best = Some(j);
        }
        if digits >= 12
            || j + 1 >= b.len()
            || !matches!(b[j], b' ' | b'.' | b'-')
            || !b[j + 1].is_ascii_digit()
        {
            break;
        }
        j += 1;
    }
    let end = best?;
    // Another group just before or after: part of a longer run of numbers.
    let group_before =
        start >= 2 && matches!(b[start - 1], b' ' | b'.' | b'-') && b[start - 2].is_ascii_digit();
    let group_after =
        end + 1 < b.len() && matches!(b[end], b' ' | b'.' | b'-') && b[end + 1].is_ascii_digit();
    let in_word = char_before(text, start).is_some_and(|c| c.is_alphanumeric())
        || char_at(text, end).is_some_and(|c| c.is_alphanumeric() || c == '/');
    let stands_alone = !(group_before || group_after || in_word);
    let named = named_before(
        text,
        start,
        31,
        &[
            "cccd",
            "cmnd",
            "căn cước",
            "chứng minh",
            "định danh",
            "id card",
            "citizen id",
        ],
    );
    (stands_alone && named).then_some(end)
}

/// Front-matter fields that hold codes, names of files or references rather than prose.
pub const FRONT_MATTER_CODES: &[&str] =
    &["region", "slug", "image", "plan", "kind", "date", "updated"];

/// Where `allow_personal_data = true` goes, for the advice.
#[derive(Clone, Copy)]
pub enum Place<'a> {
    FrontMatter,
    Record(&'a str),
}

/// Reports every identifier in `text[range]` (a stretch of the file `file`) as an error.
pub fn check(diags: &mut Diagnostics, file: &str, text: &str, range: Range<usize>, place: Place) {
    let Some(part) = text.get(range.clone()) else {
        return;
    };
    for hit in scan(part) {
        let span = range.start + hit.range.start..range.start + hit.range.end;
        let lang = diags.lang;
        let (what_vi, what_en) = match hit.kind {
            Kind::CitizenId => ("số căn cước / chứng minh nhân dân", "a citizen ID number"),
            Kind::Phone => ("số điện thoại", "a phone number"),
            Kind::Email => ("địa chỉ thư điện tử", "an e-mail address"),
        };
        let msg = match lang {
            Lang::Vi => {
                format!("có vẻ là {what_vi}: trang không đăng thông tin cá nhân của người dân")
            }
            Lang::En => format!(
                "this looks like {what_en}: the site does not publish personal data of citizens"
            ),
        };
        let label = lang
            .pick(
                what_vi,
                what_en.trim_start_matches("a ").trim_start_matches("an "),
            )
            .to_string();
        let help = match (lang, place) {
            (Lang::Vi, Place::FrontMatter) => "xóa thông tin này. Nếu đây là thông tin công khai (ví dụ số đường dây nóng của cơ quan) hoặc người đó đã đồng ý, thêm `allow_personal_data = true` vào phần đầu `+++` của tệp".to_string(),
            (Lang::En, Place::FrontMatter) => "remove it. If it is public (an agency's hotline, say) or the person has agreed, add `allow_personal_data = true` to the file's `+++` front matter".to_string(),
            (Lang::Vi, Place::Record(key)) => format!("xóa thông tin này. Nếu đây là thông tin công khai hoặc người đó đã đồng ý, thêm `allow_personal_data = true` vào bản ghi [[{key}]] này"),
            (Lang::En, Place::Record(key)) => format!("remove it. If it is public or the person has agreed, add `allow_personal_data = true` to this [[{key}]] record"),
        };
        diags
            .error(Loc::at(file, span), msg)
            .label(label)
            .help(help);
    }
}

/// Checks the prose of a content file: its front-matter strings other than codes, and its body.
pub fn check_content(
    diags: &mut Diagnostics,
    file: &str,
    text: &str,
    strings: &[StrVal],
    body_offset: usize,
) {
    for s in strings {
        if !FRONT_MATTER_CODES.contains(&s.key.as_str()) {
            check(diags, file, text, s.span.clone(), Place::FrontMatter);
        }
    }
    check(
        diags,
        file,
        text,
        body_offset..text.len(),
        Place::FrontMatter,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(Kind, &str)> {
        scan(text)
            .into_iter()
            .map(|h| (h.kind, &text[h.range]))
            .collect()
    }

    #[test]
    fn finds_phone_numbers_in_their_usual_spellings() {
        assert_eq!(
            found("Gọi 0912345678 nhé"),
            vec![(Kind::Phone, "0912345678")]
        );
        assert_eq!(
            found("ĐT: 0912 345 678."),
            vec![(Kind::Phone, "0912 345 678")]
        );
        assert_eq!(
            found("ĐT: 0912.345.678"),
            vec![(Kind::Phone, "0912.345.678")]
        );
        assert_eq!(
            found("(+84 912 345 678)"),
            vec![(Kind::Phone, "+84 912 345 678")]
        );
        assert_eq!(found("+84912345678"), vec![(Kind::Phone, "+84912345678")]);
        assert_eq!(
            found("máy bàn 0263 3822 123"),
            vec![(Kind::Phone, "0263 3822 123")]
        );
        assert_eq!(
            found("số 0912-345-678"),
            vec![(Kind::Phone, "0912-345-678")]
        );
        assert_eq!(
            found("ĐT (0263) 3822 123"),
            vec![(Kind::Phone, "(0263) 3822 123")]
        );
        assert_eq!(
            found("ĐT (+84) 912 345 678"),
            vec![(Kind::Phone, "(+84) 912 345 678")]
        );
    }

    #[test]
    fn finds_citizen_ids_and_emails() {
        assert_eq!(
            found("CCCD số 079203001234 cấp"),
            vec![(Kind::CitizenId, "079203001234")]
        );
        assert_eq!(
            found("CMND 245123456"),
            vec![(Kind::CitizenId, "245123456")]
        );
        assert_eq!(
            found("thư: ka.hnga@gmail.com."),
            vec![(Kind::Email, "ka.hnga@gmail.com")]
        );
    }

    #[test]
    fn finds_citizen_ids_written_in_groups_after_their_name() {
        assert_eq!(
            found("CCCD số 079 203 001 234, cấp"),
            vec![(Kind::CitizenId, "079 203 001 234")]
        );
        assert_eq!(
            found("số căn cước: 0792.0300.1234."),
            vec![(Kind::CitizenId, "0792.0300.1234")]
        );
        assert_eq!(
            found("CMND 245-123-456"),
            vec![(Kind::CitizenId, "245-123-456")]
        );
        // Not an ID card's number: no name before it, a unit after it, too many digits.
        for t in [
            "năm 2023 2024 2025 và 2016 2017 2018",
            "CCCD: hộ vay 150 000 000 đồng",
            "CMND 245 123 456 789 012 345",
            "chứng minh 12 34",
        ] {
            assert_eq!(found(t), vec![], "{t}");
        }
    }

    #[test]
    fn leaves_campaign_numbers_alone() {
        for t in [
            "Quyết định số 1479/QĐ-UBND ngày 24/8/2022",
            "Kế hoạch số 2451/KH-UBND",
            "giai đoạn 2021 – 2025, 2022-2025, năm 2023 2024 2025",
            "353.211 hộ, 8.478 hộ nghèo, tỷ lệ 2,40 %, 0,5 điểm",
            "353_211 households; 1.353.211.000 đồng",
            "vay 150000000 đồng, 050.000 đ",
            "ngày 01.02.2023 đến 05.06.2024",
            "mã xã 24877, huyện 674, tỉnh 68",
            "https://baochinhphu.vn/bai-viet-102230615123456789.htm và https://x.vn/a-123456789.htm",
            "Nghị định 07/2021/NĐ-CP; 0,05 điểm; 0 hộ; 01 hộ; 0.5",
            "trích từ 123456789/QĐ-UBND",
            "a@b, @mention, email@localhost",
            "Hợp tác xã Đức Minh (MST: 0101234567), mã số thuế 5800123456",
        ] {
            assert_eq!(found(t), vec![], "{t}");
        }
    }

    #[test]
    fn does_not_take_a_longer_number_for_an_id() {
        assert_eq!(found("1234567890123"), vec![]);
        assert_eq!(found("12345678"), vec![]);
    }
}
