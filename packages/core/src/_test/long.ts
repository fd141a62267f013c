// How long properties run. By default a property runs its own count on a fixed seed and a fresh one (propertySeeds;
// core's kernel properties, kernelRunParameters: a fresh one, .ci/run adds the fixed one).
// SCHEDKIT_LONG=1 (scripts/long.mjs, `pnpm test:long`) runs each for SCHEDKIT_LONG_MINUTES (default 2) on a
// fresh seed instead; SCHEDKIT_MIN_RUNS raises every count to at least that many (CI's short version).
// Every property prints `[property] <name>: N cases, passed|FAILED (seed S)`.
import fc from "fast-check";
import { expect } from "vitest";

export const LONG = process.env["SCHEDKIT_LONG"] === "1";
const MINUTES = Number(process.env["SCHEDKIT_LONG_MINUTES"] ?? 2);
const MIN_RUNS = Number(process.env["SCHEDKIT_MIN_RUNS"] ?? 0);
/** SCHEDKIT_PROPERTY_SEED replaces every property's seed, fixed or fresh (.ci/run's fresh seed, a replay). */
export const PROPERTY_SEED: number | undefined = process.env["SCHEDKIT_PROPERTY_SEED"] ? Number(process.env["SCHEDKIT_PROPERTY_SEED"]) : undefined;

/** This process's fresh seed: one per test file, printed by every property that runs on it. */
const FRESH_SEED = (Math.random() * 2 ** 31) >>> 0;

/**
 * The seeds a property runs on, as `[label, seed]` rows for `it.each`: `fixed` (the reproducible gate) and a fresh
 * random seed (finds what the fixed one hides); SCHEDKIT_PROPERTY_SEED replaces both with itself (one run: a
 * replay, or scripts/long.mjs --seed), and long mode, which runs for time, keeps only the fresh one. Each run
 * prints its seed through `assertProperty`.
 */
export function propertySeeds(fixed: number): [string, number][] {
  if (PROPERTY_SEED !== undefined) return [["SCHEDKIT_PROPERTY_SEED", PROPERTY_SEED]];
  if (LONG) return [["fresh seed", FRESH_SEED]];
  return [
    ["fixed seed", fixed],
    ["fresh seed", FRESH_SEED],
  ];
}

/** The count a property whose default is `runs` runs outside long mode (SCHEDKIT_MIN_RUNS raises it). */
export function runsFor(runs: number): number {
  return Math.max(runs, MIN_RUNS);
}

/**
 * fast-check parameters for a property whose default count is `runs`, on `seed` (SCHEDKIT_PROPERTY_SEED replaces
 * it). Long mode runs for time on a fresh seed: a fixed `seed` is dropped there, the fresh one of
 * `propertySeeds` kept.
 */
export function runParameters(runs: number, seed?: number): fc.Parameters<unknown> {
  const chosen = PROPERTY_SEED ?? seed;
  const seeded = chosen === undefined ? {} : { seed: chosen };
  if (LONG) return { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: MINUTES * 60_000, markInterruptAsFailure: false, ...(PROPERTY_SEED !== undefined || seed === FRESH_SEED ? seeded : {}) };
  return { numRuns: runsFor(runs), ...seeded };
}

/** A test timeout that outlasts a long-mode property (the default otherwise). */
export const PROPERTY_TIMEOUT: number | undefined = LONG ? (MINUTES + 10) * 60_000 : MIN_RUNS > 0 ? 1_800_000 : undefined;

/** fc.assert that prints how many cases ran, the verdict and the seed; returns the run details. */
export function assertProperty<Ts>(name: string, property: fc.IProperty<Ts>, parameters: fc.Parameters<Ts>): fc.RunDetails<Ts> {
  return report(name, fc.check(property, parameters));
}

/** assertProperty for an asynchronous property. */
export async function assertAsyncProperty<Ts>(name: string, property: fc.IAsyncProperty<Ts>, parameters: fc.Parameters<Ts>): Promise<fc.RunDetails<Ts>> {
  return report(name, await fc.check(property, parameters));
}

/** Every property's line (`[property] <name>: N cases, passed|FAILED (seed S)`), and on failure fast-check's report and how to replay it. */
function report<Ts>(name: string, details: fc.RunDetails<Ts>): fc.RunDetails<Ts> {
  console.log(`[property] ${name}: ${details.numRuns} cases, ${details.failed ? "FAILED" : "passed"} (seed ${details.seed})`);
  if (details.failed) throw new Error(`${fc.defaultReportMessage(details) ?? `${name} failed`}\nreplay: SCHEDKIT_PROPERTY_SEED=${details.seed}`);
  return details;
}

/**
 * The long mode's parameters for core's own properties over a kernel's input domain (scoring plugins, cgroup
 * and water-fill math, quantities): outside long mode `runs` cases (raised by SCHEDKIT_MIN_RUNS), in long mode a
 * sixth of SCHEDKIT_LONG_MINUTES each on a fresh seed (they are many and cheap per case). Either way the run
 * prints `[property] <test name>: N cases, passed|FAILED (seed S)` and throws fast-check's report on failure.
 */
// `any`: test.prop's parameters take the tuple type of its arbitraries, which the caller does not spell out.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function kernelRunParameters(runs: number): fc.Parameters<any> {
  const base: fc.Parameters<unknown> = LONG
    ? { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: (MINUTES * 60_000) / 6, markInterruptAsFailure: false }
    : { numRuns: runsFor(runs) };
  return {
    ...base,
    ...(PROPERTY_SEED === undefined ? {} : { seed: PROPERTY_SEED }),
    reporter(details) {
      report(expect.getState().currentTestName ?? "core property", details);
    },
  };
}

