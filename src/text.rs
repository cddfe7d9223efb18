//! Text as users give it: UTF-8 with or without a BOM, CRLF or LF, NFC or NFD.
//! Everything read from a site goes through [`normalize`] once, so later code sees NFC and LF.

use unicode_normalization::UnicodeNormalization;

/// Why a file's bytes could not be read as text.
#[derive(Debug, PartialEq, Eq)]
pub enum TextError {
    /// Not UTF-8; the byte offset of the first bad byte.
    NotUtf8(usize),
    /// UTF-16 (it starts with a UTF-16 byte-order mark), as some Windows programs save text.
    Utf16,
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge(u64),
}

/// Files larger than this are refused rather than read.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// Decodes bytes to NFC text with LF line ends and no BOM.
pub fn normalize(bytes: &[u8]) -> Result<String, TextError> {
    Ok(fixed(decoded(bytes)?).into_owned())
}

/// [`normalize`] into a shared text: most files (LF, NFC already) are copied once.
pub fn normalize_shared(bytes: &[u8]) -> Result<std::sync::Arc<str>, TextError> {
    Ok(std::sync::Arc::from(fixed(decoded(bytes)?).as_ref()))
}

/// The bytes as UTF-8 text without a BOM, or why they are not.
fn decoded(bytes: &[u8]) -> Result<&str, TextError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(TextError::TooLarge(bytes.len() as u64));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(TextError::Utf16);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // The SIMD check is several times quicker on Vietnamese text; the standard one says where
    // the first bad byte is.
    simdutf8::basic::from_utf8(bytes)
        .or_else(|_| std::str::from_utf8(bytes).map_err(|e| TextError::NotUtf8(e.valid_up_to())))
}

/// Text with LF line ends, in NFC; borrowed when it already is.
fn fixed(s: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    let s: Cow<str> = if memchr::memchr(b'\r', s.as_bytes()).is_some() {
        Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(s)
    };
    if surely_nfc(&s)
        || unicode_normalization::is_nfc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        s
    } else {
        Cow::Owned(s.nfc().collect())
    }
}

/// Whether every character of `s` is one that is in NFC whatever stands around it, by a quick
/// test of ranges that holds Vietnamese text: Latin up to U+02FF (before the combining marks),
/// Latin Extended Additional (ạ … ỹ) and General Punctuation from U+2002 (U+2000 and U+2001
/// are not NFC). A unit test checks every character of those ranges against the Unicode tables;
/// any other character goes to the full check.
///
/// Read on the UTF-8 bytes: ASCII; two bytes led by C2–CB (U+0080–U+02FF); E1 B8–BB (U+1E00–
/// U+1EFF); E2 80 82–BF and E2 81 80–AF (U+2002–U+206F).
fn surely_nfc(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // `s` is UTF-8, so the continuation bytes a lead byte announces are there.
        i += match b[i] {
            0..=0x7F => 1,
            0xC2..=0xCB => 2,
            0xE1 if matches!(b[i + 1], 0xB8..=0xBB) => 3,
            0xE2 if (b[i + 1] == 0x80 && b[i + 2] >= 0x82)
                || (b[i + 1] == 0x81 && b[i + 2] <= 0xAF) =>
            {
                3
            }
            _ => return false,
        };
    }
    true
}

/// Makes cleaned HTML free of the very spellings of script (`javascript:`, `vbscript:`,
/// `data:text/html`, `onerror=` and other `on…=`) even where they survive as harmless text (an
/// autolink `<javascript:…>` shown as words, a broken image written as text), by writing their
/// `:` or `=` as a character reference. The HTML means the same: a browser reads `&#58;` as `:`
/// in text and in attribute values alike. Only for HTML that has no raw-text elements (script,
/// style), as cleaned HTML has none.
pub fn defuse(html: &str) -> String {
    // Every spelling ends at the `:` or `=` that is cut, so only those bytes are visited (with
    // memchr) and the words before them are compared without regard to ASCII case. An event
    // attribute is `on` and at least three more letters, starting after no letter or digit,
    // then spaces, then `=`.
    let b = html.as_bytes();
    let ends_with = |end: usize, word: &[u8]| {
        end >= word.len() && b[end - word.len()..end].eq_ignore_ascii_case(word)
    };
    let mut out = String::with_capacity(html.len() + 16);
    let mut last = 0;
    for at in memchr::memchr2_iter(b':', b'=', b) {
        let entity = if b[at] == b':' {
            let scheme = ends_with(at, b"javascript")
                || ends_with(at, b"vbscript")
                || (ends_with(at, b"data")
                    && b.len() - at > 9
                    && b[at + 1..at + 10].eq_ignore_ascii_case(b"text/html"));
            if !scheme {
                continue;
            }
            "&#58;"
        } else {
            let mut end = at;
            while end > 0 && b[end - 1] == b' ' {
                end -= 1;
            }
            let mut start = end;
            while start > 0 && b[start - 1].is_ascii_alphabetic() {
                start -= 1;
            }
            let event = end - start >= 5
                && b[start..start + 2].eq_ignore_ascii_case(b"on")
                && (start == 0 || !b[start - 1].is_ascii_digit());
            if !event {
                continue;
            }
            "&#61;"
        };
        out.push_str(&html[last..at]);
        out.push_str(entity);
        last = at + 1;
    }
    out.push_str(&html[last..]);
    out
}

/// Folds text for search and matching: no diacritics, đ → d, lowercase.
pub fn fold(s: &str) -> String {
    deunicode::deunicode(s).to_lowercase()
}

/// `s` with its first letter in capitals (`tỉnh` → `Tỉnh`).
pub fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    /// `defuse` as first written (a lower-case copy of the whole text, every scheme tried at
    /// every byte), kept to check the quicker one against it.
    fn defuse_reference(html: &str) -> String {
        let lower = html.to_ascii_lowercase();
        let b = lower.as_bytes();
        let mut out = String::with_capacity(html.len());
        let mut last = 0;
        let mut i = 0;
        while i < b.len() {
            let mut cut: Option<(usize, &str)> = None;
            for scheme in ["javascript:", "vbscript:", "data:text/html"] {
                if b[i..].starts_with(scheme.as_bytes()) {
                    cut = Some((i + scheme.find(':').unwrap_or(0), "&#58;"));
                    break;
                }
            }
            if cut.is_none()
                && b[i] == b'o'
                && i + 1 < b.len()
                && b[i + 1] == b'n'
                && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            {
                let mut j = i + 2;
                while j < b.len() && b[j].is_ascii_lowercase() {
                    j += 1;
                }
                let mut k = j;
                while k < b.len() && b[k] == b' ' {
                    k += 1;
                }
                if j - (i + 2) >= 3 && k < b.len() && b[k] == b'=' {
                    cut = Some((k, "&#61;"));
                }
            }
            match cut {
                Some((at, entity)) => {
                    out.push_str(&html[last..at]);
                    out.push_str(entity);
                    last = at + 1;
                    i = at + 1;
                }
                None => i += 1,
            }
        }
        out.push_str(&html[last..]);
        out
    }

    #[test]
    fn defuse_matches_the_first_way_of_writing_it() {
        let pieces = [
            "<p>",
            "JavaScript:",
            "javascript:",
            "vbscript:",
            "VBScript:",
            "data:text/html",
            "DATA:TEXT/HTML,",
            "data:text",
            "onerror=",
            "OnLoad =",
            "on=",
            "onx=",
            "onclick",
            " on ",
            "don't=",
            "Ôn tập=",
            "<a href=\"x\">",
            "đường",
            "javas",
            "o",
            "n",
            "=",
            ":",
            " ",
            "\n",
            "é",
            "ONMOUSEOVER=",
            "1onload=",
        ];
        for text in crate::compute::testkit::random_texts(&pieces, 3000, 12, 7) {
            assert_eq!(defuse(&text), defuse_reference(&text), "{text:?}");
        }
        assert_eq!(
            defuse("x onerror=1 JavaScript:y"),
            "x onerror&#61;1 JavaScript&#58;y"
        );
    }

    #[test]
    fn the_quick_nfc_ranges_hold_only_characters_that_are_always_nfc() {
        for c in (0..=0x2FFu32).chain(0x1E00..=0x1EFF).chain(0x2002..=0x206F) {
            let c = char::from_u32(c).expect("no surrogates in these ranges");
            assert!(surely_nfc(&c.to_string()));
            assert_eq!(
                unicode_normalization::is_nfc_quick(std::iter::once(c)),
                unicode_normalization::IsNormalized::Yes,
                "U+{:04X}",
                c as u32
            );
            assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0);
        }
        assert!(!surely_nfc("\u{2000}") && !surely_nfc("e\u{301}"));
        // The byte test says what the test of each character's range says, for every character.
        let by_range = |c: char| matches!(c as u32, 0..=0x2FF | 0x1E00..=0x1EFF | 0x2002..=0x206F);
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(
                surely_nfc(&format!("a{c}b")),
                by_range(c),
                "U+{:04X}",
                c as u32
            );
        }
        assert_eq!(
            normalize("Nguye\u{302}\u{303}n".as_bytes()).unwrap(),
            "Nguyễn"
        );
    }

    use super::*;

    #[test]
    fn strips_bom_and_crlf_and_composes() {
        let nfd = "Nguye\u{302}n\r\nBi\u{300}nh";
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(nfd.as_bytes());
        assert_eq!(normalize(&bytes).unwrap(), "Nguyên\nBình");
    }

    #[test]
    fn reports_where_utf8_breaks() {
        assert_eq!(normalize(b"ab\xFFcd"), Err(TextError::NotUtf8(2)));
        // Past the first 64 bytes too (the SIMD check works in blocks), and in a shared text.
        let mut long = "Đồng bào các dân tộc thiểu số ở xã vùng cao "
            .repeat(4)
            .into_bytes();
        let at = long.len();
        long.extend_from_slice(b"\xE1\xBB");
        assert_eq!(normalize_shared(&long), Err(TextError::NotUtf8(at)));
    }

    #[test]
    fn shared_text_is_normalized_like_owned_text() {
        let nfd = "Nguye\u{302}n\r\nBi\u{300}nh";
        for text in [nfd, "Nguyên\nBình", "a\rb", ""] {
            let mut bytes = b"\xEF\xBB\xBF".to_vec();
            bytes.extend_from_slice(text.as_bytes());
            assert_eq!(
                normalize_shared(&bytes).unwrap().as_ref(),
                normalize(&bytes).unwrap()
            );
        }
    }

    #[test]
    fn defuses_script_spellings_left_as_text() {
        assert_eq!(
            defuse("<p>JavaScript:alert(1)</p>"),
            "<p>JavaScript&#58;alert(1)</p>"
        );
        assert_eq!(
            defuse("<p>x\" onerror=\"a\"</p>"),
            "<p>x\" onerror&#61;\"a\"</p>"
        );
        assert_eq!(
            defuse("<a href=\"https://x.vn/?a=1\">Lâm Đồng one=1</a>"),
            "<a href=\"https://x.vn/?a=1\">Lâm Đồng one=1</a>"
        );
        assert_eq!(defuse("data:text/html,x"), "data&#58;text/html,x");
    }

    #[test]
    fn names_utf16() {
        assert_eq!(normalize(b"\xFF\xFEa\x00"), Err(TextError::Utf16));
    }

    #[test]
    fn folds_d_with_stroke() {
        assert_eq!(fold("Đặng Nguyên Bình"), "dang nguyen binh");
    }
}
