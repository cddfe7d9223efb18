//! One file per command. Each returns an exit status: 0 success, 1 site errors, 2 wrong usage.

pub mod build;
pub mod check;
pub mod new;
pub mod progress;
pub mod serve;

use std::io::IsTerminal;

use crate::diag::{Diagnostics, Severity};

/// Whether to colour what goes to stderr: a terminal, and NO_COLOR unset.
pub fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Prints problems (errors and warnings; notes too when `notes`) and the summary line.
pub fn print_diagnostics(diags: &Diagnostics, notes: bool) {
    let min = if notes {
        Severity::Note
    } else {
        Severity::Warning
    };
    let text = diags.render(min, color());
    if !text.is_empty() {
        eprint!("{text}");
    }
    if diags.has_errors() || diags.count(Severity::Warning) > 0 {
        eprintln!("{}", diags.summary());
    }
}
