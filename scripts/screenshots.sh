#!/usr/bin/env bash
# Regenerates the README's pictures (docs/screenshots/*.png) from the emulator's demo, with
# the test browser: run it whenever a screen changes. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
trunk build --release --offline
TERN_DIST="$PWD/dist" cargo test --locked --offline -p tern-e2e --test screenshots -- --ignored
echo "screenshots: $(ls docs/screenshots/*.png | tr '\n' ' ')"
