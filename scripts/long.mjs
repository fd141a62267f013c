#!/usr/bin/env node
// Nightly-style long run: the engine-parity properties over generated input (scheduler kernels on whole
// scenarios and the fused pass, CPU engine, structure-aware fuzzing; the other parity files run at their own
// counts in `pnpm test`) for SCHEDKIT_LONG_MINUTES each (default 2) on fresh seeds, core's kernel properties for
// a sixth of that each, the 100,000-call soak and the 2 GiB memory repro (memory-limit.test.ts), in two vitest
// workers.
// The whole run is bounded by SCHEDKIT_LONG_BUDGET_MINUTES (default 30): a per-property time that cannot fit
// the budget is refused before anything starts, and a run that outlasts it is stopped and reported FAILED.
// Each property prints `[property] <name>: N cases, passed|FAILED (seed S)`; this script repeats those lines at
// the end with the time used and the budget.
//   node scripts/long.mjs            (pnpm test:long)
//   SCHEDKIT_LONG_MINUTES=1 node scripts/long.mjs
// With `--runs N` it is CI's short version instead: the same properties (the soak, the memory repro and the fused
// pass's two properties left out — 40–60 cases a second each on a busy 2-core machine, so 20,000 would add
// ~10 minutes per seed to CI; `pnpm test` runs them at 80 on both seeds), each for at least
// N cases (SCHEDKIT_MIN_RUNS), on the seed `--seed S` sets for every property (SCHEDKIT_PROPERTY_SEED).
//   node scripts/long.mjs --runs 20000 --seed 20261204
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({ options: { runs: { type: "string" }, seed: { type: "string" } } });
const runs = args.runs === undefined ? undefined : Number(args.runs);
if (runs !== undefined && !(Number.isSafeInteger(runs) && runs > 0)) {
  console.error(`long.mjs: --runs: ${JSON.stringify(args.runs)} is not a positive integer`);
  process.exit(2);
}
if (args.seed !== undefined && !/^-?\d+$/.test(args.seed)) {
  console.error(`long.mjs: --seed: ${JSON.stringify(args.seed)} is not an integer seed`);
  process.exit(2);
}

const minutes = Number(process.env.SCHEDKIT_LONG_MINUTES ?? "2");
const budget = Number(process.env.SCHEDKIT_LONG_BUDGET_MINUTES ?? "30");
for (const [name, value] of [["SCHEDKIT_LONG_MINUTES", minutes], ["SCHEDKIT_LONG_BUDGET_MINUTES", budget]]) {
  if (!(value > 0)) {
    console.error(`long.mjs: ${name}: ${JSON.stringify(process.env[name])} is not a positive number of minutes`);
    process.exit(2);
  }
}
const files = [
  ...(runs === undefined ? ["packages/asm/src/soak.test.ts", "packages/asm/src/memory-limit.test.ts", "packages/asm/src/fused.parity.test.ts"] : []),
  "packages/asm/src/cpu",
  "packages/asm/src/check-scheduler.property.test.ts",
  "packages/asm/src/schedule-all.property.test.ts",
  "packages/asm/src/malformed.fuzz.test.ts",
  // core's own properties over the kernels' input domain (a sixth of SCHEDKIT_LONG_MINUTES each)
  "packages/core/src/plugins/noderesources",
  "packages/core/src/plugins/interpodaffinity/scoring.test.ts",
  "packages/core/src/plugins/podtopologyspread/scoring.test.ts",
  "packages/core/src/cgroup",
  "packages/core/src/overcommit/water-fill.test.ts",
  "packages/core/src/util/goround.test.ts",
  "packages/core/src/quantity.test.ts",
];
// Two vitest workers (vitest's default on a 2-core machine is one). The time-bounded properties: 13 engine
// properties for the whole SCHEDKIT_LONG_MINUTES each and core's 29 kernel properties (cgroup quota and weight
// run twice: again in the CPU parity) for a sixth of it, shared by the workers, plus fixed-count cases, the soak
// and the 2 GiB memory repro (a few minutes each on a busy 2-core machine).
const WORKERS = 2;
const FIXED_MINUTES = 8;
const planned = Math.ceil((13 * minutes + (29 * minutes) / 6) / WORKERS + FIXED_MINUTES);
if (runs === undefined && planned > budget) {
  console.error(
    `long.mjs: SCHEDKIT_LONG_MINUTES=${minutes} plans ~${planned} min, over the ${budget}-minute budget; lower it or raise SCHEDKIT_LONG_BUDGET_MINUTES`,
  );
  process.exit(2);
}
const mode = runs === undefined ? `${minutes} min per property` : `at least ${runs} cases per property, seed ${args.seed ?? "fresh per property"}`;
console.log(`long run: ${mode}, budget ${budget} min${runs === undefined ? ` (planned ~${planned} min)` : ""}`);
const env =
  runs === undefined
    ? { ...process.env, SCHEDKIT_LONG: "1", SCHEDKIT_LONG_MINUTES: String(minutes), SCHEDKIT_SOAK: "1" }
    : { ...process.env, SCHEDKIT_MIN_RUNS: String(runs), ...(args.seed === undefined ? {} : { SCHEDKIT_PROPERTY_SEED: args.seed }) };
const started = Date.now();
const child = spawn("npx", ["vitest", "run", `--maxWorkers=${WORKERS}`, ...files], { env, stdio: ["ignore", "pipe", "inherit"], detached: true });
const lines = [];
let overBudget = false;
const timer = setTimeout(() => {
  overBudget = true;
  console.error(`\nlong.mjs: the run passed its ${budget}-minute budget; stopping it`);
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {}
}, budget * 60_000);
let pending = "";
child.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  const text = pending + String(chunk);
  const parts = text.split("\n");
  pending = parts.pop() ?? "";
  for (const line of parts) if (/\[(property|soak)\]/.test(line)) lines.push(line.replace(/\x1b\[[0-9;]*m/g, "").trim());
});
child.on("close", (code) => {
  clearTimeout(timer);
  if (/\[(property|soak)\]/.test(pending)) lines.push(pending.trim());
  const used = (Date.now() - started) / 60_000;
  console.log(`\nlong run (${mode}, ${used.toFixed(1)} of ${budget} min budget used):`);
  for (const l of lines) console.log(`  ${l}`);
  const ok = code === 0 && !overBudget;
  console.log(ok ? `verdict: every property passed (${lines.filter((l) => l.includes("[property]")).length} property runs)` : overBudget ? "verdict: FAILED (over budget)" : "verdict: FAILED");
  process.exit(ok ? 0 : 1);
});
