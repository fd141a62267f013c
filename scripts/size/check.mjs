// Size budgets, so that growth is a decision: what a browser app gains by importing each public entry point
// (an esbuild bundle of the built package, minified, gzipped) and the WebAssembly modules. Budgets live in
// scripts/size/budgets.json (bytes, raw and gzipped); raising one is a change reviewed like any other.
// Usage (after `pnpm build`): node scripts/size/check.mjs [--update]   (--update rewrites the budgets to
// the current sizes plus 10 % headroom)
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { publicPackages } from "../packaging/pack.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const budgetsFile = join(root, "scripts/size/budgets.json");
const budgets = JSON.parse(readFileSync(budgetsFile, "utf8"));

/** Minified ESM bundle of `import * as m from spec` for the browser; bytes raw and gzipped. */
async function bundle(spec) {
  const out = await build({
    stdin: { contents: `export * from ${JSON.stringify(spec)};`, resolveDir: join(root, "packages/playground"), loader: "js" },
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    external: ["fast-check"],
    logLevel: "silent",
  });
  const bytes = out.outputFiles[0].contents;
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

function file(path) {
  const bytes = readFileSync(join(root, path));
  return { raw: statSync(join(root, path)).size, gzip: gzipSync(bytes, { level: 9 }).length };
}

const measured = {};
// Every entry point of every public package with an exports map (entry points added later get measured,
// and fail until they are given a budget), except Node-only ones (a "node" condition and no "default"): a
// browser bundle cannot import them at all.
const nodeOnly = (target) => typeof target === "object" && target !== null && "node" in target && !("default" in target) && !("import" in target) && !("browser" in target);
const specs = publicPackages().flatMap(({ manifest }) =>
  Object.entries(manifest.exports ?? {})
    .filter(([k, target]) => k !== "./package.json" && !nodeOnly(target))
    .map(([k]) => (k === "." ? manifest.name : `${manifest.name}/${k.slice(2)}`)),
);
for (const spec of specs) measured[`bundle ${spec}`] = await bundle(spec);
for (const wasm of ["schedkit-simd.wasm", "schedkit-scalar.wasm", "schedkit-cpu.wasm"]) measured[`wasm ${wasm}`] = file(`packages/asm/build/${wasm}`);

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
let over = 0;
for (const [name, size] of Object.entries(measured)) {
  const budget = budgets[name];
  const ok = budget !== undefined && size.raw <= budget.raw && size.gzip <= budget.gzip;
  if (!ok) over++;
  console.log(`${ok ? "ok  " : "OVER"} ${name.padEnd(42)} ${kib(size.raw).padStart(10)} raw ${kib(size.gzip).padStart(10)} gzip   budget ${budget === undefined ? "none" : `${kib(budget.raw)} raw, ${kib(budget.gzip)} gzip`}`);
}
if (process.argv.includes("--update")) {
  const next = Object.fromEntries(Object.entries(measured).map(([k, v]) => [k, { raw: Math.ceil((v.raw * 1.1) / 1024) * 1024, gzip: Math.ceil((v.gzip * 1.1) / 1024) * 1024 }]));
  writeFileSync(budgetsFile, `${JSON.stringify(next, null, 2)}\n`);
  console.log(`wrote ${budgetsFile}`);
} else if (over > 0) {
  console.log(`${over} size budget(s) exceeded: shrink the change, or raise the budget in scripts/size/budgets.json in the same commit (node scripts/size/check.mjs --update) and say why.`);
  process.exit(1);
}
