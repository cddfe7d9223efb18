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
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(TextError::TooLarge(bytes.len() as u64));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(TextError::Utf16);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let s = std::str::from_utf8(bytes).map_err(|e| TextError::NotUtf8(e.valid_up_to()))?;
    let s = if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_string()
    };
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        Ok(s)
    } else {
        Ok(s.nfc().collect())
    }
}

/// Makes cleaned HTML free of the very spellings of script (`javascript:`, `vbscript:`,
/// `data:text/html`, `onerror=` and other `on…=`) even where they survive as harmless text (an
/// autolink `<javascript:…>` shown as words, a broken image written as text), by writing their
/// `:` or `=` as a character reference. The HTML means the same: a browser reads `&#58;` as `:`
/// in text and in attribute values alike. Only for HTML that has no raw-text elements (script,
/// style), as cleaned HTML has none.
pub fn defuse(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    let mut i = 0;
    while i < b.len() {
        let mut cut: Option<(usize, &str)> = None;
        for scheme in ["javascript:", "vbscript:", "data:text/html"] {
            if b[i..].starts_with(scheme.as_bytes()) {
                let colon = i + scheme.find(':').unwrap_or(0);
                cut = Some((colon, "&#58;"));
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

/// Folds text for search and matching: no diacritics, đ → d, lowercase.
pub fn fold(s: &str) -> String {
    deunicode::deunicode(s).to_lowercase()
}

#[cfg(test)]
mod tests {
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
