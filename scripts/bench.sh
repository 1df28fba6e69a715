#!/usr/bin/env bash
# Measures what people feel: builds the release bundle, then drives it, served by the
# emulator, in headless Chromium, and prints one table (the median of several runs, each
# timing also as a ratio to a reference from the same run). Writes bench/latest.json;
# `scripts/bench.sh --compare old.json` prints the change against an earlier result.
# Other arguments: --runs N (default 3), --out FILE. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

trunk build --release --offline
bundle="$(mktemp)"
trap 'rm -f "$bundle"' EXIT
node scripts/bundle-report.mjs dist --json > "$bundle"
# The same debug build the end-to-end tests use: timings are of the browser, not the emulator.
cargo build --locked --offline -p tern-e2e --bin bench
TERN_DIST="$PWD/dist" target/debug/bench --bundle "$bundle" "$@"
