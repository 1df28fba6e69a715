#!/usr/bin/env bash
# Runs Tern: builds the release bundle and starts the emulator serving it with its demo
# data, with its IMAP and SMTP servers for mail programs. Open the address it prints.
# PORT=9000 scripts/run.sh picks another port; IMAP_PORT and SMTP_PORT (default 1143 and
# 1587) the mail programs' ones.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

echo "[run] building the release bundle into dist/"
trunk build --release --offline
node scripts/bundle-report.mjs dist
echo "[run] building the emulator"
cargo build --locked --offline -p tern-emulator
echo "[run] starting; open the address on the next line (Ctrl-C stops it)"
exec target/debug/tern-emulator --port "${PORT:-8710}" --serve dist --imap-port "${IMAP_PORT:-1143}" --smtp-port "${SMTP_PORT:-1587}"
