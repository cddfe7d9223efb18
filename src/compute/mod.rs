//! Computations over the site model: metric values, target statuses, chart series and the
//! open-data tables of targets. Pure functions: no I/O, no templates.

pub mod index;
pub mod metrics;
pub mod opendata;
pub mod series;
pub mod status;

#[cfg(test)]
pub(crate) mod testkit;
