// Trunk post-build hook: finishes the built pages.
// - Completes index.html's Content-Security-Policy: the SHA-256 of every inline <script> goes
//   where it says TERN_INLINE_SCRIPT_HASHES (Trunk's loader embeds hashed file names, so its
//   hash changes with every build).
// - In debug builds (`trunk serve`) also lets the page reach the emulator on its default
//   ports (Graph and identity on 8710, upload sessions on 8711), which run beside Trunk's
//   server on other origins.
// - Writes addin.html, the Outlook add-in's pane, from the same build: the same wasm and
//   styles, with Office.js from Microsoft's CDN (the npm copy breaks nested app
//   authentication in Outlook on the web) between two small scripts that keep the
//   History API working, since Office.js sets history.pushState and replaceState to null.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PLACEHOLDER = "TERN_INLINE_SCRIPT_HASHES";
const DEV_EMULATOR_ORIGINS = "http://127.0.0.1:8710 http://localhost:8710 http://127.0.0.1:8711";
const OFFICE_JS_HOST = "https://appsforoffice.microsoft.com";
// Office.js for Outlook on the web loads MicrosoftAjax.js from here when it is missing
// (docs/research/addin-runtime.md, section 1).
const MS_AJAX_HOST = "https://ajax.aspnetcdn.com";
const OFFICE_JS = `${OFFICE_JS_HOST}/lib/1/hosted/office.js`;

function inlineScriptHashes(html) {
  const hashes = [];
  for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(attributes)) continue;
    hashes.push(`'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`);
  }
  return hashes;
}

function fail(message) {
  console.error(`finish-pages: ${message}`);
  process.exit(1);
}

function replaceOnce(html, from, to, what) {
  if (!html.includes(from)) fail(`index.html has no ${what}`);
  return html.replace(from, to);
}

const ADDIN_SOURCES = join(dirname(fileURLToPath(import.meta.url)), "..", "addin");

// Copies addin/<name>.js into the build named by its content, as Trunk names its own
// files: hosts cache every .js for a year (public/_headers), so a change must be a new name.
function copyHashed(dir, name) {
  const body = readFileSync(join(ADDIN_SOURCES, `${name}.js`));
  const hashed = `addin-${name}-${createHash("sha256").update(body).digest("hex").slice(0, 16)}.js`;
  writeFileSync(join(dir, hashed), body);
  return `./${hashed}`;
}

function addinPage(dir, html) {
  let page = replaceOnce(html, '<html lang="en">', '<html lang="en" data-tern-page="addin">', '<html lang="en">');
  page = replaceOnce(page, "<title>Tern</title>", "<title>Tern for Outlook</title>", "<title>");
  page = replaceOnce(page, "script-src 'self'", `script-src 'self' ${OFFICE_JS_HOST} ${MS_AJAX_HOST}`, "script-src");
  page = replaceOnce(page, "connect-src 'self'", `connect-src 'self' ${OFFICE_JS_HOST}`, "connect-src");
  // Classic scripts run in order and before Trunk's module loader.
  const office = [
    `<script src="${copyHashed(dir, "history-save")}"></script>`,
    `<script src="${OFFICE_JS}"></script>`,
    `<script src="${copyHashed(dir, "history-restore")}"></script>`,
  ].join("");
  return replaceOnce(page, "<title>", `${office}<title>`, "<title>");
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
writeFileSync(join(dir, "addin.html"), addinPage(dir, html));
console.log(`finish-pages: ${hashes.length} inline script(s) allowed by hash; addin.html written`);
