//! Share links for a page: its public address, and plain links to share it on Facebook and
//! Zalo. No script from either is loaded; `share.js` only adds a copy button.

use tera::Value;

use crate::render::tv::tv;

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
    out
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= c.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The page's public address (`base_url` + site-relative `url`) and links to share it.
pub fn links(base_url: &str, url: &str) -> Value {
    let full = format!("{}{}", base_url.trim_end_matches('/'), url);
    let enc = url_encode(&full);
    // Zalo's share page takes the address as base64 JSON, as its own share button sends it.
    let zalo_data =
        base64(format!("{{\"url\":{}}}", serde_json::Value::from(full.as_str())).as_bytes());
    tv!({
        "url": full,
        "facebook": format!("https://www.facebook.com/sharer/sharer.php?u={enc}"),
        "zalo": format!("https://button-share.zalo.me/share_external?layout=1&color=blue&customize=false&d={}", url_encode(&zalo_data)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::tv::get;

    #[test]
    fn encodes_addresses_and_base64() {
        assert_eq!(
            url_encode("https://x.vn/cau-chuyen/a b/"),
            "https%3A%2F%2Fx.vn%2Fcau-chuyen%2Fa%20b%2F"
        );
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        let l = links("https://x.vn/", "/dia-phuong/lam-dong/");
        assert_eq!(
            get(&l, "url").and_then(tera::Value::as_str),
            Some("https://x.vn/dia-phuong/lam-dong/")
        );
        assert_eq!(get(&l, "facebook").and_then(tera::Value::as_str), Some("https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fx.vn%2Fdia-phuong%2Flam-dong%2F"));
    }
}
