//! The data loaders: regions, stats, awards, forms and plans read from any text, then the
//! problems printed (spans must stay inside the text).
#![no_main]

use libfuzzer_sys::fuzz_target;
use lnob::diag::{Diagnostics, Lang, Severity};
use lnob::load::{raw, tomldoc};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = lnob::text::normalize(data) else { return };
    let mut diags = Diagnostics::new(if data.first() == Some(&b'e') { Lang::En } else { Lang::Vi });
    let file = "data/x.toml";
    diags.add_source(file, &text);
    let _ = tomldoc::parse_records::<raw::Region>(&mut diags, file, &text, "region");
    let _ = tomldoc::parse_records::<raw::Stat>(&mut diags, file, &text, "stat");
    let _ = tomldoc::parse_records::<raw::AwardToml>(&mut diags, file, &text, "award");
    let _ = tomldoc::parse_records::<raw::FormToml>(&mut diags, file, &text, "form");
    let _ = tomldoc::parse_one::<raw::PlanToml>(&mut diags, file, &text, 0, "kế hoạch / plan");
    let _ = tomldoc::parse_one::<raw::SiteToml>(&mut diags, file, &text, 0, "site.toml");
    let _ = diags.render(Severity::Note, false);
});
