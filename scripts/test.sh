#!/usr/bin/env bash
# The test command: unit tests, fixture sites, the bad-input corpus, HTML validation of the
# example site and the browser checks. `.ci/run` installs the tools first.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --all-targets 2>&1
