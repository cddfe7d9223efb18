//! lnob: a static-site generator for the "Leave no one behind" poverty-reduction campaign.
//!
//! Data flows load → model → compute → render → write; the modules below follow that order.

pub mod diag;
pub mod text;
pub mod slug;
pub mod model;
pub mod format;
pub mod compute;
pub mod chart;
