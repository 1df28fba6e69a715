// Prints the gzip size of the release build's wasm, JS, CSS and HTML, and the total
// against the 250 KB budget of docs/architecture.md ("Performance budgets"). A report, never a test: it does not fail.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET = 250 * 1024;
const dir = process.argv[2] || "dist";
const kinds = { ".wasm": "wasm", ".js": "js", ".css": "css", ".html": "html" };
const totals = { wasm: [0, 0], js: [0, 0], css: [0, 0], html: [0, 0] };
const rows = [];

for (const name of readdirSync(dir).sort()) {
  const path = join(dir, name);
  const kind = kinds[extname(name)];
  if (!kind || !statSync(path).isFile()) continue;
  const bytes = readFileSync(path);
  const gzip = gzipSync(bytes, { level: 9 }).length;
  totals[kind][0] += bytes.length;
  totals[kind][1] += gzip;
  rows.push([name, bytes.length, gzip]);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const line = (a, b, c) => console.log(`${a.padEnd(36)} ${b.padStart(10)} ${c.padStart(10)}`);
console.log(`Bundle report for ${dir} (before sign-in: everything downloaded to show the first screen)`);
line("file", "raw", "gzip");
for (const [name, raw, gzip] of rows) line(name, kb(raw), kb(gzip));
for (const [kind, [raw, gzip]] of Object.entries(totals)) line(`total ${kind}`, kb(raw), kb(gzip));
const total = Object.values(totals).reduce((sum, [, gzip]) => sum + gzip, 0);
const raw = Object.values(totals).reduce((sum, [r]) => sum + r, 0);
line("TOTAL", kb(raw), kb(total));
console.log(`budget ${kb(BUDGET)} gzip: ${total <= BUDGET ? "within" : "OVER"} (${((100 * total) / BUDGET).toFixed(0)}%)`);
