//! URL slugs for Vietnamese names: no diacritics, đ → d, apostrophes dropped, lowercase, hyphens.

/// "Hộ bà Ka H'Nga" → `ho-ba-ka-hnga`, "Đạ M' Rong" → `da-m-rong`: apostrophes dropped, each
/// letter transliterated (deunicode), runs of anything that is not a letter or digit one hyphen.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_hyphen = false;
    let mut push = |c: char| {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_hyphen = true;
        }
    };
    // deunicode passes the text's ASCII start through as it is, then looks every character up
    // (control characters become nothing); printable ASCII is itself either way.
    let mut looked_up = false;
    for c in s.chars() {
        if matches!(c, '\'' | '`' | '’' | '‘' | 'ʼ' | '´') {
            continue;
        }
        looked_up |= c >= '\u{7f}';
        if !looked_up || matches!(c, ' '..='~') {
            push(c);
        } else {
            // Unknown characters are separators, as deunicode's placeholder `[?]` is.
            deunicode::deunicode_char(c)
                .unwrap_or(" ")
                .chars()
                .for_each(&mut push);
        }
    }
    out
}

/// A slug a user wrote is valid when it is only a–z, 0–9 and single hyphens inside.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_vietnamese_names() {
        assert_eq!(slugify("Hộ bà Ka H'Nga"), "ho-ba-ka-hnga");
        assert_eq!(slugify("Đạ M' Rong"), "da-m-rong");
        assert_eq!(slugify("B'lao"), "blao");
        assert_eq!(slugify("Lâm Đồng"), "lam-dong");
        assert_eq!(slugify("Nguyên Bình"), "nguyen-binh");
        assert_eq!(slugify("  Thị trấn   Yên Viên "), "thi-tran-yen-vien");
        assert_eq!(slugify("Hoằng Phụ"), "hoang-phu");
        assert_eq!(slugify("Ea H’Leo"), "ea-hleo");
    }

    /// The first version: apostrophes dropped from the whole text, deunicode on the whole text.
    fn slugify_reference(s: &str) -> String {
        let without_apostrophes: String = s
            .chars()
            .filter(|c| !matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`' | '´'))
            .collect();
        let ascii = deunicode::deunicode(&without_apostrophes);
        let mut out = String::new();
        let mut pending_hyphen = false;
        for c in ascii.chars() {
            if c.is_ascii_alphanumeric() {
                if pending_hyphen && !out.is_empty() {
                    out.push('-');
                }
                pending_hyphen = false;
                out.push(c.to_ascii_lowercase());
            } else {
                pending_hyphen = true;
            }
        }
        out
    }

    #[test]
    fn slugs_letter_by_letter_as_the_whole_text_did() {
        let pieces = [
            "Hộ",
            " ",
            "bà",
            "H'",
            "’",
            "Nga",
            "Đạ",
            "ʼ",
            "´",
            "`",
            "-",
            "--",
            "北京",
            "Æ",
            "ß",
            "\u{7f}",
            "\u{10FFFF}",
            "🐶",
            "ǅ",
            "ﬁ",
            "1",
            "Ⅻ",
            "ĐƯỜNG",
            "!",
            "\u{301}",
            "\t",
            "\u{a0}",
        ];
        for text in crate::compute::testkit::random_texts(&pieces, 5000, 8, 3) {
            assert_eq!(slugify(&text), slugify_reference(&text), "{text:?}");
        }
    }

    #[test]
    fn validates_user_slugs() {
        assert!(is_valid_slug("ka-hnga"));
        assert!(is_valid_slug("xa-1"));
        for bad in ["../x", "A B", "", "-a", "a-", "a--b", "á"] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
    }
}
