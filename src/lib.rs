//! lnob: a static-site generator for the "Leave no one behind" poverty-reduction campaign.
//!
//! Data flows load → model → compute → render → write; the modules below follow that order.

pub mod chart;
pub mod commands;
pub mod compute;
pub mod diag;
pub mod format;
pub mod load;
pub mod model;
pub mod render;
pub mod serve;
pub mod slug;
pub mod text;
pub mod urls;
pub mod write;
