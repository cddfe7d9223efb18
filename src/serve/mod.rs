//! `lnob serve`: the site built in memory, served on loopback, rebuilt on every change.
//!
//! - [`state`] holds the last good build (a map of output paths to bytes, swapped whole)
//!   and the problems of the latest failed build, if any.
//! - [`http`] is a small threaded HTTP/1.1 server that only ever looks paths up in that map:
//!   it never opens a file, so nothing outside the output can be served.
//! - [`live`] is the reload channel (server-sent events at `/__lnob/events`), the script
//!   injected into pages in serve mode only, and the error overlay.
//! - [`rebuild`] decides how much a change needs (render again, reload content, reload data)
//!   and keeps what a change cannot have affected.
//! - [`watch`] turns file-system events under the site's folders into debounced batches.
//!
//! Nothing here writes to the site folder or the output folder of `lnob build`.

pub mod http;
pub mod live;
pub mod mime;
pub mod rebuild;
pub mod state;
pub mod watch;
