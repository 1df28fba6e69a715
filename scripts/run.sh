#!/usr/bin/env bash
# Runs Tern: builds the release bundle and starts the emulator serving it with its demo
# data. Open the address it prints. PORT=9000 scripts/run.sh picks another port.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

echo "[run] building the release bundle into dist/"
trunk build --release --offline
node scripts/bundle-report.mjs dist
echo "[run] building the emulator"
cargo build --locked --offline -p tern-emulator
echo "[run] starting; open the address on the next line (Ctrl-C stops it)"
exec target/debug/tern-emulator --port "${PORT:-8710}" --serve dist
