// Trunk post-build hook: completes the Content-Security-Policy of the built index.html.
// - Puts the SHA-256 of every inline <script> where index.html says TERN_INLINE_SCRIPT_HASHES:
//   Trunk's loader embeds hashed file names, so its hash changes with every build.
// - In debug builds (`trunk serve`) also lets the page reach the emulator on its default
//   ports (Graph and identity on 8710, upload sessions on 8711), which run beside Trunk's
//   server on other origins.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const PLACEHOLDER = "TERN_INLINE_SCRIPT_HASHES";
const DEV_EMULATOR_ORIGINS = "http://127.0.0.1:8710 http://localhost:8710 http://127.0.0.1:8711";

function inlineScriptHashes(html) {
  const hashes = [];
  for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(attributes)) continue;
    hashes.push(`'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`);
  }
  return hashes;
}

function fail(message) {
  console.error(`finish-csp: ${message}`);
  process.exit(1);
}

const dir = process.env.TRUNK_STAGING_DIR || fail("TRUNK_STAGING_DIR is not set; run this as a Trunk hook");
const file = join(dir, "index.html");
let html = readFileSync(file, "utf8");
if (!html.includes(PLACEHOLDER)) fail(`${file} has no ${PLACEHOLDER} in its Content-Security-Policy`);
const hashes = inlineScriptHashes(html);
html = html.replace(PLACEHOLDER, hashes.join(" "));
if (process.env.TRUNK_PROFILE === "debug") {
  html = html.replace("connect-src 'self'", `connect-src 'self' ${DEV_EMULATOR_ORIGINS}`);
}
writeFileSync(file, html);
console.log(`finish-csp: ${hashes.length} inline script(s) allowed by hash`);
