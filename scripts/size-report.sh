#!/usr/bin/env bash
# Where the bytes go: builds both wasm binaries with their function names kept, optimises
# them as Trunk does (wasm-opt -Oz), and prints the size per crate, and per module of
# Tern's own crates (twiggy). docs/size.md records the results. Installs twiggy if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
if ! command -v twiggy >/dev/null; then
  echo "setup: installing twiggy"
  cargo install twiggy --version 0.8.0 --locked
fi
out=target/size
mkdir -p "$out"
CARGO_PROFILE_RELEASE_STRIP=false cargo build --locked --offline --release --target wasm32-unknown-unknown --bins
for bin in tern-first-screen tern; do
  wasm-bindgen --keep-debug --target web --out-dir "$out" "target/wasm32-unknown-unknown/release/$bin.wasm"
  wasm-opt -Oz -g "$out/${bin}_bg.wasm" -o "$out/$bin.wasm"
  twiggy top -n 1000000 -f csv "$out/$bin.wasm" > "$out/$bin.csv"
  echo
  node scripts/size-by-crate.mjs "$out/$bin.csv" "${ROWS:-30}"
done
