#!/usr/bin/env bash
# The test command: unit tests, fixture sites, the bad-input corpus, HTML validation of the
# example site and the browser checks, then clippy with warnings as errors (where clippy is
# installed). `.ci/run` installs the tools first.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --all-targets 2>&1
if cargo clippy --version >/dev/null 2>&1; then
  cargo clippy --release --all-targets --quiet -- -D warnings 2>&1
fi
