// The packaging test: what a stranger gets from npm. Packs every public package (`pnpm pack`, prepack builds
// included), installs the tarballs with npm into fresh projects outside the workspace (no links; their
// dependencies come from the npm registry), then:
//   - ESM `import` and CommonJS `require` of every entry point of every package's exports map (so subpaths added
//     later are covered without editing this file), both giving the same export names;
//   - a real job through the public names: schedule by name, the WASM engine agreeing with the TS engine;
//   - `@schedkit/core/arbitraries` with fast-check installed (checkScheduler runs) and without it (a clear error);
//   - TypeScript type-checks of a typed consumer under moduleResolution node16, bundler and nodenext (CJS);
//   - the `schedkit` binary;
//   - publint --strict and @arethetypeswrong/cli on each tarball.
// Usage: node scripts/packaging/test.mjs [--keep]   (PNPM="npx -y pnpm@10.34.9" to choose the pnpm command)
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkList, stopwatch } from "../checks.mjs";
import { packAll, root } from "./pack.mjs";

const work = mkdtempSync(join(tmpdir(), "schedkit-packaging-"));
const keep = process.argv.includes("--keep");
const { log, seconds } = stopwatch();

function run(cmd, args, cwd, { input } = {}) {
  try {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NODE_OPTIONS: "" } });
  } catch (e) {
    const err = new Error(`${cmd} ${args.join(" ")} exited ${e.status}\n${e.stdout ?? ""}${e.stderr ?? ""}`);
    err.stdout = e.stdout ?? "";
    err.stderr = e.stderr ?? "";
    throw err;
  }
}

const tarballs = packAll(work, { log });
const manifestOf = (name) => JSON.parse(run("tar", ["-xOzf", tarballs.find((t) => t.name === name).tarball, "package/package.json"], work));

/** Every import specifier of a package's exports map, except "./package.json". */
function entryPoints(name) {
  const exports = manifestOf(name).exports;
  if (exports === undefined) return [];
  if (typeof exports === "string" || !Object.keys(exports).some((k) => k.startsWith("."))) return [name];
  return Object.keys(exports)
    .filter((k) => k !== "./package.json")
    .map((k) => (k === "." ? name : `${name}/${k.slice(2)}`));
}

/** A fresh npm project with the tarballs (and `extra` registry packages) installed. */
function project(dir, extra) {
  const app = join(work, dir);
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: `schedkit-${dir}`, private: true, type: "module" }, null, 2));
  log(`npm install ${dir} (${[...tarballs.map((t) => t.name), ...extra].join(", ")})`);
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...tarballs.map((t) => t.tarball), ...extra], app);
  return app;
}

const withFc = project("with-fast-check", ["fast-check@^4"]);
const withoutFc = project("without-fast-check", []);

const checks = checkList();
const check = checks.check;

const ARBITRARIES = "@schedkit/core/arbitraries";
const specifiers = tarballs.flatMap((t) => entryPoints(t.name));

check(`every entry point imports (ESM) and requires (CommonJS) with the same names: ${specifiers.join(", ")}`, () => {
  const script = (kind) =>
    `const out = {};\n` +
    specifiers
      .map((s) => `out[${JSON.stringify(s)}] = Object.keys(${kind === "esm" ? `await import(${JSON.stringify(s)})` : `require(${JSON.stringify(s)})`}).filter((k) => k !== "default" && k !== "module.exports").sort();`)
      .join("\n") +
    `\nconsole.log(JSON.stringify(out));`;
  writeFileSync(join(withFc, "entries.mjs"), script("esm"));
  writeFileSync(join(withFc, "entries.cjs"), script("cjs"));
  const esm = JSON.parse(run("node", ["entries.mjs"], withFc));
  const cjs = JSON.parse(run("node", ["entries.cjs"], withFc));
  for (const s of specifiers) {
    if (esm[s].length === 0) throw new Error(`${s} exports nothing`);
    if (JSON.stringify(esm[s]) !== JSON.stringify(cjs[s])) throw new Error(`${s}: import gives [${esm[s]}], require gives [${cjs[s]}]`);
  }
  return specifiers.map((s) => `${s}: ${esm[s].length} names`).join("; ");
});

const SCHEDULE_BY_NAME = (mod) => `const c = ${mod}.createCluster({ nodes: [{ metadata: { name: "n" }, status: { allocatable: { cpu: "1", memory: "1Gi", pods: "10" } } }] });
const r = ${mod}.schedule({ metadata: { name: "p" }, spec: { containers: [{ name: "c", resources: { requests: { cpu: "2" } } }] } }, c);
console.log(r.message);`;

check("@schedkit/core schedules by name (ESM and CommonJS)", () => {
  writeFileSync(join(withoutFc, "schedule.mjs"), `import * as core from "@schedkit/core";\n${SCHEDULE_BY_NAME("core")}`);
  writeFileSync(join(withoutFc, "schedule.cjs"), `const core = require("@schedkit/core");\n${SCHEDULE_BY_NAME("core")}`);
  for (const f of ["schedule.mjs", "schedule.cjs"]) {
    const out = run("node", [f], withoutFc).trim();
    if (!out.startsWith("0/1 nodes are available: 1 Insufficient cpu.")) throw new Error(`${f}: ${out}`);
  }
  return "0/1 nodes are available: 1 Insufficient cpu. …";
});

check("@schedkit/asm: the WASM engine agrees with the TS engine (ESM and CommonJS)", () => {
  const body = (core, asm) => `const e = ${asm}.createWasmEngineSync();
const c = ${core}.createCluster(${core}.syntheticCluster({ nodes: 50, seed: 3 }));
const pods = ${core}.syntheticPods({ count: 20, seed: 4 });
const a = JSON.stringify(e.scheduleAll(pods, c).results), b = JSON.stringify(${core}.tsEngine.scheduleAll(pods, c).results);
console.log(a === b ? "same" : "different");`;
  writeFileSync(join(withoutFc, "agree.mjs"), `import * as core from "@schedkit/core";\nimport * as asm from "@schedkit/asm";\n${body("core", "asm")}`);
  writeFileSync(join(withoutFc, "agree.cjs"), `const core = require("@schedkit/core");\nconst asm = require("@schedkit/asm");\n${body("core", "asm")}`);
  for (const f of ["agree.mjs", "agree.cjs"]) {
    const out = run("node", [f], withoutFc).trim();
    if (out !== "same") throw new Error(`${f}: ${out}`);
  }
  return "20 pods on 50 nodes, identical results";
});

check(`${ARBITRARIES} with fast-check installed: checkScheduler runs (ESM and CommonJS)`, () => {
  const body = (core, arb) => `const report = ${arb}.checkScheduler(${core}.tsEngine, { numRuns: 5, seed: 1 });
if (!report.ok) throw new Error(JSON.stringify(report));
console.log(report.numRuns);`;
  writeFileSync(join(withFc, "arb.mjs"), `import * as core from "@schedkit/core";\nimport * as arb from "${ARBITRARIES}";\n${body("core", "arb")}`);
  writeFileSync(join(withFc, "arb.cjs"), `const core = require("@schedkit/core");\nconst arb = require("${ARBITRARIES}");\n${body("core", "arb")}`);
  return ["arb.mjs", "arb.cjs"].map((f) => `${f}: ${run("node", [f], withFc).trim()} runs agree`).join(", ");
});

check(`${ARBITRARIES} without fast-check: a clear error naming the missing peer dependency`, () => {
  const messages = [];
  for (const [f, src] of [
    ["arb.mjs", `import("${ARBITRARIES}").then(() => console.log("loaded"), (e) => console.log(e.message));`],
    ["arb.cjs", `try { require("${ARBITRARIES}"); console.log("loaded"); } catch (e) { console.log(e.message.split("\\n")[0]); }`],
  ]) {
    writeFileSync(join(withoutFc, f), src);
    const out = run("node", [f], withoutFc).trim();
    if (!/Cannot find (package|module) 'fast-check'/.test(out)) throw new Error(`${f}: ${out}`);
    messages.push(out.replace(withoutFc, "<project>"));
    // The rest of the package must not need it.
    run("node", ["schedule.mjs"], withoutFc);
  }
  return messages.join(" | ");
});

// Each README's first JavaScript example, run from the installed tarballs, must print the output the README
// shows right after it.
for (const t of tarballs) {
  const readme = run("tar", ["-xOzf", t.tarball, "package/README.md"], work);
  const m = /```js\n([\s\S]*?)```[\s\S]*?```\n([\s\S]*?)```/.exec(readme);
  if (m === null) continue;
  check(`${t.name} README: the first example prints what the README says`, () => {
    const file = `readme-${t.name.replace(/\W/g, "-")}.mjs`;
    writeFileSync(join(withoutFc, file), m[1]);
    const out = run("node", [file], withoutFc).trim();
    if (out !== m[2].trim()) throw new Error(`printed:\n${out}\nREADME says:\n${m[2].trim()}`);
    return `${out.split("\n").length} lines as shown`;
  });
}

// A typed consumer: the input types (KubeNode, KubePod) let it build a cluster without casts.
const TYPED_CONSUMER = `import { createCluster, schedule, type KubeNode, type KubePod, type ScheduleResult } from "@schedkit/core";
import { createWasmEngineSync, type WasmEngine } from "@schedkit/asm";
const node: KubeNode = { metadata: { name: "n", labels: { zone: "a" } }, status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" } } };
const pod: KubePod = { metadata: { name: "p", namespace: "default" }, spec: { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "500m" } } }] } };
const cluster = createCluster({ nodes: [node], pods: [] });
const r: ScheduleResult = schedule(pod, cluster);
const e: WasmEngine = createWasmEngineSync();
const name: string | null = r.nodeName ?? e.schedule(pod, cluster).nodeName;
export { name };
`;
// @schedkit/core's types need no DOM or Node typings (@schedkit/asm's mention WebAssembly: lib "dom" or @types/node).
const CORE_ONLY = `import { createCluster, schedule, type KubeNode } from "@schedkit/core";
const node: KubeNode = { metadata: { name: "n" }, status: { allocatable: { cpu: "1" } } };
export const name: string | null = schedule({ metadata: { name: "p" } }, createCluster({ nodes: [node] })).nodeName;
`;
const TYPED_ARBITRARIES = `import { checkScheduler, type SchedulerInput } from "${ARBITRARIES}";
checkScheduler((input: SchedulerInput) => input.nodes.find((n) => n.spec?.unschedulable !== true)?.metadata.name ?? null, { numRuns: 1 });
`;
const TYPED_CJS = `import core = require("@schedkit/core");
import asm = require("@schedkit/asm");
const node: core.KubeNode = { metadata: { name: "n" }, status: { allocatable: { cpu: "1" } } };
export const r: string | null = asm.createWasmEngineSync().schedule({ metadata: { name: "p" }, spec: { containers: [] } }, core.createCluster({ nodes: [node] })).nodeName;
`;

function typecheck(app, dir, compilerOptions, files) {
  const d = join(app, dir);
  mkdirSync(d);
  for (const [f, src] of Object.entries(files)) writeFileSync(join(d, f), src);
  writeFileSync(
    join(d, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, types: [], target: "es2022", lib: ["es2022", "dom"], ...compilerOptions }, files: Object.keys(files) }),
  );
  run("node", [join(root, "node_modules/typescript/bin/tsc"), "-p", d], d);
}
const tsVersion = JSON.parse(readFileSync(join(root, "node_modules/typescript/package.json"), "utf8")).version;
for (const [label, options] of [
  ["node16", { module: "node16", moduleResolution: "node16" }],
  ["bundler", { module: "esnext", moduleResolution: "bundler" }],
]) {
  check(`TypeScript ${tsVersion} type-checks a typed consumer (moduleResolution ${label}, skipLibCheck false; core alone with lib es2022 only)`, () => {
    typecheck(withFc, `ts-${label}`, options, { "consumer.ts": TYPED_CONSUMER, "arbitraries.ts": TYPED_ARBITRARIES });
    typecheck(withoutFc, `ts-${label}`, options, { "consumer.ts": TYPED_CONSUMER });
    typecheck(withoutFc, `ts-${label}-core-only`, { ...options, lib: ["es2022"] }, { "core-only.ts": CORE_ONLY });
  });
}
check(`TypeScript ${tsVersion} type-checks a CommonJS consumer (module nodenext: require of ESM)`, () => {
  writeFileSync(join(withoutFc, "package.json"), JSON.stringify({ name: "schedkit-without-fast-check", private: true, type: "commonjs" }));
  try {
    typecheck(withoutFc, "ts-cjs", { module: "nodenext", moduleResolution: "nodenext" }, { "consumer.cts": TYPED_CJS });
  } finally {
    writeFileSync(join(withoutFc, "package.json"), JSON.stringify({ name: "schedkit-without-fast-check", private: true, type: "module" }));
  }
});

check("the schedkit binary runs: --version, and schedule on a cluster from stdin with --json", () => {
  const bin = join(withoutFc, "node_modules/.bin/schedkit");
  const version = run(bin, ["--version"], withoutFc).trim();
  if (version !== manifestOf("@schedkit/cli").version) throw new Error(`--version printed ${version}`);
  const cluster = {
    apiVersion: "v1",
    kind: "List",
    items: [
      { apiVersion: "v1", kind: "Node", metadata: { name: "small" }, status: { allocatable: { cpu: "1", memory: "1Gi", pods: "10" } } },
      { apiVersion: "v1", kind: "Node", metadata: { name: "big" }, status: { allocatable: { cpu: "8", memory: "16Gi", pods: "10" } } },
      { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default" }, spec: { containers: [{ name: "c", resources: { requests: { cpu: "2" } } }] } },
    ],
  };
  const out = JSON.parse(run(bin, ["schedule", "-", "--json"], withoutFc, { input: JSON.stringify(cluster) }));
  const placed = JSON.stringify(out).includes('"big"');
  if (!placed) throw new Error(`schedule --json: ${JSON.stringify(out).slice(0, 400)}`);
  return `--version ${version}; default/web → big`;
});

for (const t of tarballs) {
  check(`publint --strict ${t.name} (from the tarball)`, async () => {
    const { publint } = await import("publint");
    const { formatMessage } = await import("publint/utils");
    const tarball = readFileSync(t.tarball);
    const { messages, pkg } = await publint({ pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) }, strict: true });
    if (messages.length > 0) throw new Error(messages.map((m) => `${m.type}: ${formatMessage(m, pkg)}`).join("\n"));
  });
  check(`@arethetypeswrong/cli ${t.name} (from the tarball)`, () => {
    const manifest = manifestOf(t.name);
    if (manifest.exports === undefined && manifest.types === undefined) return "no types entry (a binary only): skipped";
    // Two findings are kept on purpose, so they are not checked here:
    // - node10 resolution (TypeScript's `moduleResolution: node`, made for Node 10) ignores exports maps, so
    //   subpaths cannot resolve there; the packages need Node >= 20, and node16/nodenext/bundler are checked.
    // - "CJS resolves to ESM": the packages are ESM only; Node >= 20.19 require()s them (the `default`
    //   condition, tested above), and TypeScript >= 5.8 types that under `module: nodenext` (also tested above).
    const out = run(
      "node",
      [join(root, "node_modules/@arethetypeswrong/cli/dist/index.js"), t.tarball, "--profile", "node16", "--ignore-rules", "cjs-resolves-to-esm", "--format", "table-flipped", "--no-color"],
      work,
    );
    return `no problems under ${out.match(/│\s+│(.*)│\s*$/m)?.[1].split("│").map((c) => c.trim()).filter((c) => c && !c.includes("ignored")).join(", ")}`;
  });
}

const { passed, failed } = await checks.run();
console.log(`packaging: ${passed} passed, ${failed} failed (${tarballs.map((t) => `${t.name}@${t.version}`).join(", ")}) in ${seconds()} s`);
if (keep || failed > 0) console.log(`projects kept in ${work}`);
else rmSync(work, { recursive: true, force: true });
process.exit(failed === 0 ? 0 : 1);
