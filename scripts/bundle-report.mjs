// Prints what each page of a release build downloads, gzip and brotli, against the
// budgets of docs/architecture.md ("Performance budgets"): the first screen (a signed-out
// visit), the full app (a signed-in visit), the add-in's pane, and the whole client.
// A report, never a test: it does not fail. `--json` prints the figures for scripts/bench.sh.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const FIRST_SCREEN_BUDGET = 120 * 1024;
const WHOLE_BUDGET = 400 * 1024;
const args = process.argv.slice(2);
const json = args.includes("--json");
const dir = args.find((arg) => !arg.startsWith("--")) || "dist";

const sizes = new Map();
function size(name) {
  if (!sizes.has(name)) {
    const bytes = readFileSync(join(dir, name));
    sizes.set(name, {
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  return sizes.get(name);
}

// The files a page refers to itself (styles, icon, scripts), and the builds its loader
// names: `FIRST`/`FULL` in index.html, `import(…)` in addin.html.
function references(html) {
  const local = (path) => path.startsWith("./") && path.slice(2);
  const found = [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map(([, path]) => local(path)).filter(Boolean);
  const builds = {};
  for (const [, name, list] of html.matchAll(/const FIRST = (\[[^\]]*\]), FULL = (\[[^\]]*\])/g)) {
    builds.first = JSON.parse(name).map(local);
    builds.full = JSON.parse(list).map(local);
  }
  const imported = [...html.matchAll(/import\("([^"]+)"\)\)\.default\(\{ module_or_path: "([^"]+)"/g)];
  if (imported.length) builds.full = imported[0].slice(1, 3).map(local);
  return { found, builds };
}

const index = references(readFileSync(join(dir, "index.html"), "utf8"));
const addin = references(readFileSync(join(dir, "addin.html"), "utf8"));
const pages = {
  "first screen (signed out)": ["index.html", ...index.found, ...index.builds.first],
  "full app (signed in)": ["index.html", ...index.found, ...index.builds.full],
  "add-in pane": ["addin.html", ...addin.found, ...addin.builds.full],
};
pages["whole client"] = [...new Set(Object.values(pages).flat())];

const total = (files) =>
  files.map(size).reduce((sum, s) => ({ raw: sum.raw + s.raw, gzip: sum.gzip + s.gzip, brotli: sum.brotli + s.brotli }), {
    raw: 0,
    gzip: 0,
    brotli: 0,
  });
const totals = Object.fromEntries(Object.entries(pages).map(([page, files]) => [page, total(files)]));

if (json) {
  console.log(JSON.stringify({ files: Object.fromEntries([...sizes].sort()), pages: totals }, null, 2));
} else {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const line = (a, b, c, d) => console.log(`${a.padEnd(44)} ${b.padStart(10)} ${c.padStart(10)} ${d.padStart(10)}`);
  console.log(`Bundle report for ${dir}`);
  line("file", "raw", "gzip", "brotli");
  for (const [name, s] of [...sizes].sort()) line(name, kb(s.raw), kb(s.gzip), kb(s.brotli));
  console.log("");
  line("page (everything it downloads)", "raw", "gzip", "brotli");
  for (const [page, s] of Object.entries(totals)) line(page, kb(s.raw), kb(s.gzip), kb(s.brotli));
  const verdict = (what, s, budget) =>
    console.log(`${what}: ${kb(s.gzip)} gzip of ${kb(budget)}: ${s.gzip <= budget ? "within" : "OVER"} (${((100 * s.gzip) / budget).toFixed(0)}%)`);
  verdict("first screen budget", totals["first screen (signed out)"], FIRST_SCREEN_BUDGET);
  verdict("whole client budget", totals["whole client"], WHOLE_BUDGET);
}
