// Checks the packages as a user gets them: `pnpm pack` each publishable package, install the tarballs
// into an empty project with npm, then import every public entry point BY NAME and run the CLI binary.
// Also bundles the core for the browser (no Node built-ins allowed) and runs it in a bare V8 context.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const root = fileURLToPath(new URL("..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "schedkit-shape-"));
const packages = ["core", "asm", "cli"].filter((p) => {
  try {
    return JSON.parse(readFileSync(join(root, "packages", p, "package.json"), "utf8")).private !== true;
  } catch {
    return false;
  }
});

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
// PNPM may be a command line ("npx -y pnpm@10.34.9" in CI, where pnpm is not installed globally).
const [pnpmCmd, ...pnpmArgs] = (process.env.PNPM ?? "pnpm").split(" ");

for (const p of packages) run(pnpmCmd, [...pnpmArgs, "pack", "--pack-destination", work], join(root, "packages", p));
const tarballs = readdirSync(work).filter((f) => f.endsWith(".tgz"));
const app = join(work, "app");
run("mkdir", ["-p", app], work);
writeFileSync(join(app, "package.json"), JSON.stringify({ name: "shape-check", private: true, type: "module" }));
// fast-check is an optional peer dependency of @schedkit/core (needed only by ./arbitraries): a user adds it.
run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "fast-check@^4", ...tarballs.map((t) => join(work, t))], app);

const checks = [];
const check = (name, fn) => checks.push([name, fn]);

check("@schedkit/core: schedules by name", async () => {
  const core = await import(join(app, "node_modules/@schedkit/core/dist/index.js"));
  const byName = run("node", ["--input-type=module", "-e", `import { createCluster, schedule } from "@schedkit/core";
const c = createCluster({ nodes: [{ metadata: { name: "n" }, status: { allocatable: { cpu: "1", memory: "1Gi", pods: "10" } } }] });
console.log(schedule({ metadata: { name: "p" }, spec: { containers: [{ name: "c", resources: { requests: { cpu: "2" } } }] } }, c).message);`], app).trim();
  if (!byName.startsWith("0/1 nodes are available: 1 Insufficient cpu.")) throw new Error(`unexpected: ${byName}`);
  if (typeof core.tsEngine?.schedule !== "function") throw new Error("tsEngine missing");
});
check("@schedkit/core/arbitraries resolves by name", async () => {
  const out = run("node", ["--input-type=module", "-e", `import * as a from "@schedkit/core/arbitraries"; console.log(Object.keys(a).sort().join(","));`], app);
  if (!out.includes("checkScheduler")) throw new Error(out);
});
check("@schedkit/core: every subpath resolves by name, imported and required", async () => {
  const subpaths = ["cgroup", "openstack", "overcommit", "analysis"];
  const script = subpaths.map((s) => `import * as ${s} from "@schedkit/core/${s}"; console.log("${s}", Object.keys(${s}).length);`).join("\n");
  const out = run("node", ["--input-type=module", "-e", script], app);
  for (const s of subpaths) if (!new RegExp(`^${s} [1-9]`, "m").test(out)) throw new Error(`import @schedkit/core/${s}: ${out}`);
  // require(esm) (Node >= 20.19) goes through the "default" condition.
  const req = run("node", ["-e", `console.log(typeof require("@schedkit/core/cgroup").milliCPUToShares, typeof require("@schedkit/core").schedule)`], app).trim();
  if (req !== "function function") throw new Error(`require: ${req}`);
});
check("@schedkit/core/engine resolves by name", async () => {
  const out = run("node", ["--input-type=module", "-e", `import * as e from "@schedkit/core/engine"; console.log(Object.keys(e).sort().join(","));`], app);
  if (!out.includes("SchedulingCycle")) throw new Error(out);
});
check("types ship with every entry", async () => {
  for (const p of packages) {
    const pkg = JSON.parse(readFileSync(join(app, "node_modules/@schedkit", p, "package.json"), "utf8"));
    for (const [entry, target] of Object.entries(pkg.exports ?? {})) {
      if (typeof target === "object" && target !== null && !("types" in target)) throw new Error(`@schedkit/${p} ${entry} has no types`);
    }
  }
});
if (packages.includes("asm")) {
  check("@schedkit/asm: the WASM engine agrees by name", async () => {
    const out = run("node", ["--input-type=module", "-e", `import { createCluster, tsEngine, syntheticCluster, syntheticPods } from "@schedkit/core";
import { createWasmEngine } from "@schedkit/asm";
const e = await createWasmEngine();
const c = createCluster(syntheticCluster({ nodes: 50, seed: 3 }));
const pods = syntheticPods({ count: 20, seed: 4 });
const a = JSON.stringify(e.scheduleAll(pods, c).results), b = JSON.stringify(tsEngine.scheduleAll(pods, c).results);
console.log(a === b ? "same" : "different");`], app).trim();
    if (out !== "same") throw new Error(out);
  });
}
if (packages.includes("cli")) {
  check("schedkit binary runs", async () => {
    const v = run(join(app, "node_modules/.bin/schedkit"), ["--version"], app).trim();
    if (!/^\d+\.\d+\.\d+/.test(v)) throw new Error(v);
  });
}
check("@schedkit/core bundles for the browser and runs without Node globals", async () => {
  const esbuild = await import(join(root, "node_modules/.pnpm/node_modules/esbuild/lib/main.js")).catch(() => import("esbuild"));
  const entry = join(work, "browser-entry.mjs");
  writeFileSync(entry, `import { createCluster, schedule } from "@schedkit/core";
const c = createCluster({ nodes: [{ metadata: { name: "n" }, status: { allocatable: { cpu: "4", memory: "8Gi", pods: "10" } } }] });
globalThis.result = schedule({ metadata: { name: "p" }, spec: { containers: [{ name: "c", resources: { requests: { cpu: "1" } } }] } }, c).nodeName;`);
  const out = await (esbuild.build ?? esbuild.default.build)({ entryPoints: [entry], bundle: true, write: false, format: "iife", platform: "browser", nodePaths: [join(app, "node_modules")] });
  const ctx = vm.createContext({ TextEncoder, TextDecoder, console });
  vm.runInContext(out.outputFiles[0].text, ctx);
  if (ctx.result !== "n") throw new Error(`browser bundle chose ${ctx.result}`);
});

let failed = 0;
for (const [name, fn] of checks) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e instanceof Error ? e.message : e}`);
  }
}
console.log(`published shape: ${checks.length - failed} passed, ${failed} failed (packages: ${packages.join(", ")}; ${work})`);
process.exit(failed === 0 ? 0 : 1);
