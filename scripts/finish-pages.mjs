// Trunk post-build hook: finishes the built pages.
// - Names the full app's build by its content (Trunk names only its main build so) and
//   writes each page's loader: index.html starts the small first screen for a signed-out
//   person and fetches the full app while it sits idle; a tab that holds an account or
//   brings back a sign-in answer starts the full app at once, as addin.html always does.
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
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
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

// Trunk's main build (hashed by Trunk) and its second one, which it leaves as `<bin>.js`.
const FIRST_SCREEN = /^tern-first-screen-[0-9a-f]+\.js$/;
const FULL_APP = "tern";
// The first screen's placeholder, where Trunk would have put its own loader.
const RUST_LINK = /<link data-trunk rel="rust"[^>]*\/>/;

function builds(dir) {
  const first = readdirSync(dir).filter((name) => FIRST_SCREEN.test(name));
  if (first.length !== 1) fail(`expected one first-screen build, found ${first.length}`);
  const js = readFileSync(join(dir, `${FULL_APP}.js`));
  const wasm = readFileSync(join(dir, `${FULL_APP}_bg.wasm`));
  const hash = createHash("sha256").update(js).update(wasm).digest("hex").slice(0, 16);
  const full = `${FULL_APP}-${hash}`;
  renameSync(join(dir, `${FULL_APP}.js`), join(dir, `${full}.js`));
  renameSync(join(dir, `${FULL_APP}_bg.wasm`), join(dir, `${full}_bg.wasm`));
  const base = first[0].slice(0, -".js".length);
  return {
    firstScreen: [`./${base}.js`, `./${base}_bg.wasm`],
    fullApp: [`./${full}.js`, `./${full}_bg.wasm`],
  };
}

// A tab holds an account when Tern kept one (sessionStorage, or localStorage when the
// deployment opts in). Any query, or a fragment that is not a route, may be a sign-in
// answer: only the full app reads those, so it starts at once and nothing is lost.
function indexLoader({ firstScreen, fullApp }) {
  return `<script type="module">
const FIRST = ${JSON.stringify(firstScreen)}, FULL = ${JSON.stringify(fullApp)};
const holdsAccount = () => ["sessionStorage", "localStorage"].some((name) => {
  try { const kept = window[name].getItem("tern:accounts"); return kept !== null && kept !== "[]"; } catch { return false; }
});
const answer = location.search.length > 1 || (location.hash.length > 1 && !location.hash.startsWith("#/"));
const full = holdsAccount() || answer;
const [js, wasm] = full ? FULL : FIRST;
await (await import(js)).default({ module_or_path: wasm });
if (!full) {
  const prefetch = () => [["modulepreload", FULL[0]], ["prefetch", FULL[1]]].forEach(([rel, href]) => {
    const link = document.createElement("link");
    link.rel = rel; link.href = href; link.dataset.ternPrefetch = "";
    document.head.append(link);
  });
  "requestIdleCallback" in window ? requestIdleCallback(prefetch, { timeout: 3000 }) : setTimeout(prefetch, 1000);
}
</script>`;
}

function fullAppLoader({ fullApp: [js, wasm] }) {
  return `<script type="module">await (await import(${JSON.stringify(js)})).default({ module_or_path: ${JSON.stringify(wasm)} });</script>`;
}

function withPolicy(html) {
  if (!html.includes(PLACEHOLDER)) fail(`a page has no ${PLACEHOLDER} in its Content-Security-Policy`);
  let page = html.replace(PLACEHOLDER, inlineScriptHashes(html).join(" "));
  if (process.env.TRUNK_PROFILE === "debug") {
    page = page.replace("connect-src 'self'", `connect-src 'self' ${DEV_EMULATOR_ORIGINS}`);
  }
  return page;
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
const html = readFileSync(file, "utf8");
if (!RUST_LINK.test(html)) fail(`${file} has no rust link for the loader to replace`);
const built = builds(dir);
writeFileSync(file, withPolicy(html.replace(RUST_LINK, indexLoader(built))));
writeFileSync(join(dir, "addin.html"), withPolicy(addinPage(dir, html.replace(RUST_LINK, fullAppLoader(built)))));
console.log(`finish-pages: first screen ${built.firstScreen[0]}, full app ${built.fullApp[0]}; loaders allowed by hash; addin.html written`);
