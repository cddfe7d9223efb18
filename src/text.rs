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
    let s = if s.contains('\r') { s.replace("\r\n", "\n").replace('\r', "\n") } else { s.to_string() };
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        Ok(s)
    } else {
        Ok(s.nfc().collect())
    }
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
    fn names_utf16() {
        assert_eq!(normalize(b"\xFF\xFEa\x00"), Err(TextError::Utf16));
    }

    #[test]
    fn folds_d_with_stroke() {
        assert_eq!(fold("Đặng Nguyên Bình"), "dang nguyen binh");
    }
}
