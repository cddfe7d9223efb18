//! What the charts and target-status stage adds to unit, plan and home pages.

use crate::model::Site;
use crate::render::{Extras, NoExtras};

pub fn build(_site: &Site) -> Box<dyn Extras + '_> {
    Box::new(NoExtras)
}
