#!/usr/bin/env node
// Nightly-style long run: every engine-parity property (scheduler kernels, CPU engine, structure-aware fuzzing)
// for SCHEDKIT_LONG_MINUTES each (default 2) on fresh seeds, and the 100,000-call soak. 13 properties run in
// two vitest workers: about 15 minutes with the default, within 30. Each prints
// `[property] <name>: N cases, passed|FAILED (seed S)`; this script repeats those lines at the end.
//   node scripts/long.mjs            (pnpm test:long)
//   SCHEDKIT_LONG_MINUTES=1 node scripts/long.mjs
import { spawn } from "node:child_process";

const minutes = process.env.SCHEDKIT_LONG_MINUTES ?? "2";
const files = ["packages/asm/src/cpu", "packages/asm/src/engine.test.ts", "packages/asm/src/malformed.fuzz.test.ts", "packages/asm/src/soak.test.ts"];
const env = { ...process.env, SCHEDKIT_LONG: "1", SCHEDKIT_LONG_MINUTES: minutes, SCHEDKIT_SOAK: "1" };
const started = Date.now();
const child = spawn("npx", ["vitest", "run", ...files], { env, stdio: ["ignore", "pipe", "inherit"] });
const lines = [];
child.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  for (const line of String(chunk).split("\n")) if (/\[(property|soak)\]/.test(line)) lines.push(line.trim());
});
child.on("close", (code) => {
  console.log(`\nlong run (${minutes} min per property, ${((Date.now() - started) / 60_000).toFixed(1)} min in all):`);
  for (const l of lines) console.log(`  ${l}`);
  console.log(code === 0 ? "verdict: every property passed" : "verdict: FAILED");
  process.exit(code ?? 1);
});
