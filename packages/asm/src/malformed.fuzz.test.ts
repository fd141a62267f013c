// Structure-aware fuzzing of kubectl dumps: sequences of mutations of a valid dump (drop, duplicate, retype,
// nest, huge values) must give a SchedkitError or a result equal between the TypeScript and WebAssembly
// engines — never another exception, never a hang (each case is timed). Runs on a fixed seed and on a fresh
// random seed, both printed; SCHEDKIT_PROPERTY_SEED replays one (counts: core's _test/long.ts).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCluster, tsEngine } from "@schedkit/core";
import { loadFixture } from "../../core/src/_test/fixtures.js";
import { expectNothingLeaked, outcome, positions, retyped, type Segment } from "../../core/src/_test/malformed.js";
import { createWasmEngineSync } from "./index.js";
import { assertProperty, PROPERTY_TIMEOUT, propertySeeds, runParameters } from "../../core/src/_test/long.js";

const wasm = createWasmEngineSync();
const dump = loadFixture<Record<string, unknown>>("kubectl-sample.json");
const RUNS = 300;
/** Most time one case may take (creating the cluster and scheduling it on both engines). */
const CASE_MS = 2_000;

type Op = "drop" | "duplicate" | "retype" | "nest" | "huge";
interface Mutation {
  readonly op: Op;
  /** Which position (modulo the positions the document has when the mutation is applied). */
  readonly at: number;
  readonly pick: number;
}

const HUGE: unknown[] = ["9999999999999999999999", "1e308", "1Ei", 2 ** 60, -(2 ** 60), Number.MAX_VALUE, "x".repeat(100_000), 1e-300];

function get(doc: unknown, path: readonly Segment[]): unknown {
  let v = doc;
  for (const s of path) v = (v as Record<string | number, unknown>)[s];
  return v;
}

/** Applies one mutation in place; the document is a private deep copy. */
function apply(doc: Record<string, unknown>, m: Mutation): void {
  const all = positions(doc);
  if (all.length === 0) return;
  const path = all[m.at % all.length]!;
  const parent = get(doc, path.slice(0, -1)) as Record<string | number, unknown>;
  const key = path[path.length - 1]!;
  const value = parent[key];
  switch (m.op) {
    case "drop":
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      return;
    case "duplicate":
      if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(value));
      else parent[`${String(key)}-copy`] = structuredClone(value);
      return;
    case "retype": {
      const r = retyped(value);
      parent[key] = r.length === 0 ? null : r[m.pick % r.length];
      return;
    }
    case "nest":
      parent[key] = m.pick % 2 === 0 ? [value] : { kind: "List", items: [value] };
      return;
    case "huge":
      parent[key] = HUGE[m.pick % HUGE.length];
  }
}

const mutations = fc.array(
  fc.record({ op: fc.constantFrom<Op>("drop", "duplicate", "retype", "nest", "huge"), at: fc.nat(), pick: fc.nat() }),
  { minLength: 1, maxLength: 4 },
);

function property(ms: readonly Mutation[]): void {
  const doc = structuredClone(dump);
  for (const m of ms) apply(doc, m);
  const start = performance.now();
  const ts = outcome(() => tsEngine.scheduleAll(undefined, createCluster(doc), { seed: 1 }));
  const wa = outcome(() => wasm.scheduleAll(undefined, createCluster(doc), { seed: 1 }));
  expect(wa).toEqual(ts);
  expect(performance.now() - start).toBeLessThan(CASE_MS);
  expectNothingLeaked();
}

describe("mutated kubectl dumps: a SchedkitError or the same result on both engines", () => {
  it.each(propertySeeds(20261204))(`mutation sequences (${RUNS} by default), %s (%i)`, (_name, seed) => {
    assertProperty(`fuzz: kubectl dump mutations`, fc.property(mutations, property), runParameters(RUNS, seed));
  }, PROPERTY_TIMEOUT ?? 300_000);
});
