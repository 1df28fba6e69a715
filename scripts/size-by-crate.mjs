// Groups a twiggy CSV (`twiggy top -n 1000000 -f csv`) of a wasm build with names kept:
// the bytes of code per crate, with Tern's own crates split by module, and the data
// segments apart. Code that the compiler inlined counts for the function it was inlined
// into, so generic glue (Leptos's view closures, serde's visitors) shows under the crate
// that defined the generic. Used by scripts/size-report.sh; the results are in docs/size.md.
import { readFileSync } from "node:fs";

const [file, count = "30"] = process.argv.slice(2);
if (!file) {
  console.error("usage: node scripts/size-by-crate.mjs twiggy.csv [rows]");
  process.exit(2);
}
const OWN = new Set(["tern", "tern_core"]);
// One CSV row: fields may be quoted, with "" for a quote inside.
function fields(line) {
  const out = [];
  for (const [, quoted, plain] of line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)) {
    out.push(quoted !== undefined ? quoted.replace(/""/g, '"') : plain);
  }
  return out;
}

// Columns: Name, ShallowSize, ShallowSizePercent, RetainedSize, RetainedSizePercent.
const lines = readFileSync(file, "utf8").trim().split("\n").slice(1);
const totals = new Map();
let all = 0;
for (const line of lines) {
  const [name, shallow] = fields(line);
  const size = Number(shallow);
  if (name.startsWith("custom section") || name.includes("subsection")) continue;
  let key;
  if (name.startsWith("data segment")) key = "(data: strings and tables)";
  else {
    const path = name.replace(/^<+/, "").replace(/\[[0-9a-f]+\]/g, "").replace(/^&(mut )?/, "");
    const match = path.match(/^([A-Za-z_][A-Za-z0-9_]*)(?:::([A-Za-z_][A-Za-z0-9_]*))?/);
    if (!match) key = "(other)";
    else if (OWN.has(match[1]) && match[2] && !match[2].startsWith("_")) key = `${match[1]}::${match[2]}`;
    else key = match[1];
    if (/^(T|F|I|D|S|R|V|A|K|E)$/.test(key) || key === "impl") key = "(generic glue: <T as …>)";
  }
  totals.set(key, (totals.get(key) || 0) + size);
  all += size;
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`${file}: ${kb(all)} of code and data`);
for (const [key, size] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, Number(count))) {
  console.log(`${kb(size).padStart(10)} ${((100 * size) / all).toFixed(1).padStart(5)}%  ${key}`);
}
