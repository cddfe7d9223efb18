//! `lnob check`: loads and validates everything and renders every page in memory; writes nothing.

use std::path::Path;

use crate::load::{load, LoadOptions};

pub fn run(root: &Path, drafts: bool, strict: bool) -> i32 {
    let (site, mut diags) = load(
        root,
        &LoadOptions {
            drafts,
            base_url: None,
        },
    );
    let ok = match site {
        Some(mut site) => {
            // Nothing is written: drawing the social cards would only cost time.
            site.config.social_cards = false;
            let extras = crate::render::extras::build(&site);
            let derived = crate::render::derive(&site);
            super::build::produce(
                root,
                &site,
                &derived,
                extras.as_ref(),
                &mut diags,
                crate::render::CardSource::Draw,
                super::build::Output {
                    folder: None,
                    write: &|_, _| Ok(()),
                },
            )
            .is_some()
        }
        None => false,
    };
    diags.sort();
    super::print_diagnostics(&diags, true);
    if !ok || diags.has_errors() || (strict && diags.count(crate::diag::Severity::Warning) > 0) {
        return 1;
    }
    let msg = diags.t("Không có lỗi.", "No errors.");
    eprintln!("{msg}");
    0
}
