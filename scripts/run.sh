#!/usr/bin/env bash
# Runs Tern: builds the release bundle and starts the emulator serving it with its demo
# data, with its IMAP and SMTP servers for mail programs. Open the address it prints.
# PORT=9000 scripts/run.sh picks another port; IMAP_PORT and SMTP_PORT (default 1143 and
# 1587, or free ones when PORT is given, so a second copy starts too) the mail programs'.
# Arguments go to the emulator: scripts/run.sh --mailbox-time-zone "Tokyo Standard Time".
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

echo "[run] building the release bundle into dist/"
trunk build --release --offline
node scripts/bundle-report.mjs dist
echo "[run] building the emulator"
cargo build --locked --offline -p tern-emulator
echo "[run] starting; open the address on the next line (Ctrl-C stops it)"
if [ -n "${PORT:-}" ]; then mail_ports=0; else mail_ports=""; fi
exec target/debug/tern-emulator --port "${PORT:-8710}" --serve dist \
  --imap-port "${IMAP_PORT:-${mail_ports:-1143}}" --smtp-port "${SMTP_PORT:-${mail_ports:-1587}}" "$@"
