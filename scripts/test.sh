#!/usr/bin/env bash
# Runs every test: native (pure logic and emulator), browser (wasm-bindgen-test in headless
# Chromium) and end-to-end (the release build served by the emulator, driven through
# WebDriver), and prints the bundle report. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

# The third-party OpenID provider the sign-in tests run beside the emulator.
provider=tests/oidc-provider
if [ -d "$provider/node_modules/oidc-provider" ] && [ ! "$provider/package-lock.json" -nt "$provider/node_modules/.package-lock.json" ]; then
  echo "setup: oidc-provider for the tests: present"
else
  echo "setup: installing oidc-provider for the tests (npm ci in $provider)"
  npm ci --prefix "$provider" --no-audit --no-fund --loglevel=error
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
step() { printf '\n=== %s\n' "$*"; }
run() { "$@" 2>&1 | tee -a "$log"; }

step "0/4 formatting and lints: cargo fmt, clippy (workspace, and the app for wasm32)"
cargo fmt --all --check
cargo clippy --locked --offline --workspace --exclude tern --all-targets -- -D warnings
cargo clippy --locked --offline -p tern --target wasm32-unknown-unknown --all-targets -- -D warnings

step "1/4 native tests: tern-core, tern-emulator"
run cargo test --locked --offline -p tern-core -p tern-emulator

step "2/4 release build and bundle report"
trunk build --release --offline
node scripts/bundle-report.mjs dist

step "3/4 browser tests: wasm-bindgen-test in headless Chromium"
CHROMEDRIVER="$(command -v chromedriver)" \
  run cargo test --locked --offline -p tern --target wasm32-unknown-unknown --test browser

step "4/4 end-to-end tests: release build + emulator + headless Chromium over WebDriver"
TERN_DIST="$PWD/dist" run cargo test --locked --offline -p tern-e2e --tests --no-fail-fast

passed=$(grep -oE 'test result: ok\. [0-9]+ passed' "$log" | awk '{s += $4} END {print s + 0}')
failed=$(grep -oE '[0-9]+ failed' "$log" | awk '{s += $1} END {print s + 0}')
printf '\n'
echo "tests: $passed passed, $failed failed"
