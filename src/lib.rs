//! lnob: a static-site generator for the "Leave no one behind" poverty-reduction campaign.
//!
//! Data flows load → model → compute → render → write; the modules below follow that order.

pub mod diag;
pub mod text;
pub mod slug;
pub mod format;
pub mod urls;
pub mod load;
pub mod model;
pub mod compute;
pub mod chart;
pub mod render;
pub mod write;
pub mod commands;
pub mod serve;
