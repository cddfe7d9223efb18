//! Splitting a content file into front matter and body, parsing the front matter with spans,
//! the privacy scan, and printing the problems found (spans must stay inside the text).
#![no_main]

use libfuzzer_sys::fuzz_target;
use lnob::diag::{Diagnostics, Lang, Severity};
use lnob::load::{content, privacy, raw, tomldoc};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = lnob::text::normalize(data) else { return };
    for hit in privacy::scan(&text) {
        assert!(text.get(hit.range.clone()).is_some(), "a hit off a character boundary");
    }
    let Ok(split) = content::split(&text) else { return };
    assert!(split.front_offset <= text.len());
    let mut diags = Diagnostics::new(if data.first() == Some(&b'e') { Lang::En } else { Lang::Vi });
    let file = "content/stories/x.md";
    diags.add_source(file, &text);
    let padded: String = text[..split.front_offset].bytes().map(|b| if b == b'\n' { '\n' } else { ' ' }).collect::<String>() + split.front;
    if let Some((_, strings)) = tomldoc::parse_one_with_strings::<raw::StoryFront>(&mut diags, file, &padded, 0, "câu chuyện / story") {
        let body_offset = text.len() - split.body.len();
        privacy::check_content(&mut diags, file, &text, &strings, body_offset);
    }
    let _ = tomldoc::parse_one::<raw::PageFront>(&mut diags, file, &padded, 0, "trang / page");
    let _ = diags.render(Severity::Note, false);
});
