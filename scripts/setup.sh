#!/usr/bin/env bash
# Installs what building and testing Tern needs, and skips what is already there:
# the wasm32 target, Trunk, the wasm-bindgen CLI at exactly the version in Cargo.lock,
# wasm-opt (binaryen), Chromium and its driver, openssl, python3. Needs only Rust (rustup), Node/npm and apt.
# Sourced by run.sh and test.sh; safe to run on its own.
set -euo pipefail

TRUNK_VERSION=0.21.14
WASM_OPT_VERSION=132
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '[setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

locked_version() {
  awk -v crate="$1" '$0 == "name = \"" crate "\"" { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock"
}
WASM_BINDGEN_VERSION="$(locked_version wasm-bindgen)"
[ -n "$WASM_BINDGEN_VERSION" ] || { echo "[setup] wasm-bindgen is not in Cargo.lock" >&2; exit 1; }

for tool in cargo rustup node npm; do
  command -v "$tool" >/dev/null || { echo "[setup] $tool is required but missing" >&2; exit 1; }
done

if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown target: present"
else
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

for component in rustfmt clippy; do
  if rustup component list --installed | grep -q "^$component"; then
    say "$component: present"
  else
    say "adding $component"
    rustup component add "$component"
  fi
done

if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
  say "trunk $TRUNK_VERSION: present"
else
  say "installing trunk $TRUNK_VERSION (about 6 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ] \
  && command -v wasm-bindgen-test-runner >/dev/null; then
  say "wasm-bindgen CLI $WASM_BINDGEN_VERSION: present"
else
  say "installing wasm-bindgen CLI $WASM_BINDGEN_VERSION (about 2 minutes)"
  # Not --locked: its own lock asks for a crate version the registry mirror lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if wasm-opt --version 2>/dev/null | grep -q "version $WASM_OPT_VERSION\b"; then
  say "wasm-opt $WASM_OPT_VERSION: present"
else
  say "installing wasm-opt $WASM_OPT_VERSION (binaryen from npm; Debian's is too old)"
  if [ -w "$(npm prefix -g)" ]; then npm install -g "binaryen@$WASM_OPT_VERSION"; else as_root npm install -g "binaryen@$WASM_OPT_VERSION"; fi
  hash -r
fi

# openssl serves the add-in tests' stand-in for Office.js over TLS (tests/e2e/src/office.rs);
# Python's imaplib and smtplib are the independent IMAP and SMTP clients of the mail
# programs test (tests/e2e/python/).
if command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v openssl >/dev/null && command -v python3 >/dev/null; then
  say "chromium, chromedriver, openssl and python3: present"
else
  say "installing chromium, chromium-driver, openssl and python3 from Debian"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver openssl python3
fi

say "fetching crates"
cargo fetch --locked --manifest-path "$root/Cargo.toml" >/dev/null
