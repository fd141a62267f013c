// scheduleAll's streaming form (onResult, keepResults: false) and its table form (keepResults: "table") on both
// engines: every pod's final result once, at its queue index, equal to the result the collected run returns; the
// summary unchanged. Random scenarios (carried-out preemptions included), fixed seed and a fresh random seed (printed).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCluster, tsEngine, type Cluster, type Engine, type RunOptions, type RunResult, type ScheduleResult } from "@schedkit/core";
import { scenarioArbitrary } from "@schedkit/core/arbitraries";
import { createWasmEngineSync } from "./index.js";
import { assertProperty, PROPERTY_TIMEOUT, propertySeeds, runParameters } from "../../core/src/_test/long.js";

const wasm = createWasmEngineSync();

// Random scenarios (carried-out preemptions included), with and without explanations, on both engines: `check`
// compares a run with the output options it chooses against the collected run.
function onScenarios(name: string, seed: number, check: (engine: Engine, cluster: Cluster, options: RunOptions, whole: RunResult) => void): void {
  assertProperty(
    name,
    fc.property(scenarioArbitrary({ maxNodes: 8 }), fc.boolean(), (s, explain) => {
      const cluster = createCluster(s.cluster);
      for (const engine of [tsEngine, wasm] as Engine[]) {
        const options = { ...s.options, explain };
        check(engine, cluster, options, engine.scheduleAll(undefined, cluster, options));
      }
    }),
    runParameters(150, seed),
  );
}

describe("scheduleAll with onResult and keepResults: false", () => {
  it.each(propertySeeds(20261204))("streams each pod's final result once, at its queue index, on both engines (%s %i)", (kind, seed) => {
    let pods = 0;
    let preempted = 0;
    onScenarios(`stream parity (${kind})`, seed, (engine, cluster, options, whole) => {
      const streamed: ScheduleResult[] = [];
      const order: number[] = [];
      const run = engine.scheduleAll(undefined, cluster, {
        ...options,
        keepResults: false,
        onResult: (r, i) => {
          expect(streamed[i]).toBeUndefined();
          streamed[i] = r;
          order.push(i);
        },
      });
      expect(run.results).toEqual([]);
      expect(streamed).toEqual(whole.results);
      expect(order).toHaveLength(whole.results.length);
      expect(run.summary).toEqual(whole.summary);
      expect(run.evictions).toEqual(whole.evictions);
      pods += whole.results.length;
      preempted += whole.summary.preemptions;
    });
    expect(pods).toBeGreaterThan(150);
    console.log(`[stream parity] ${pods} pods, ${preempted} carried-out preemptions`);
  }, PROPERTY_TIMEOUT ?? 300_000);
});

describe('scheduleAll with keepResults: "table"', () => {
  it.each(propertySeeds(20261205))("makes every result again equal to the collected run's, on both engines (%s %i)", (kind, seed) => {
    let pods = 0;
    let kept = 0;
    onScenarios(`table parity (${kind})`, seed, (engine, cluster, options, whole) => {
      const streamed: ScheduleResult[] = [];
      const run = engine.scheduleAll(undefined, cluster, { ...options, keepResults: "table", onResult: (r, i) => (streamed[i] = r) });
      expect(run.results).toEqual([]);
      const table = run.table!;
      expect(table.length).toBe(whole.results.length);
      expect([...table]).toStrictEqual(whole.results);
      expect(streamed).toStrictEqual(whole.results);
      whole.results.forEach((r, i) => {
        expect(table.status(i)).toBe(r.status);
        expect(table.nodeName(i)).toBe(r.nodeName);
        expect(table.pod(i)).toBe(r.pod);
      });
      expect(run.summary).toEqual(whole.summary);
      pods += whole.results.length;
      kept += whole.results.filter((r) => r.status === "Scheduled" && r.explanation === null && r.nomination === undefined).length;
    });
    // Both kinds of entry were exercised: columns and kept objects.
    expect(kept).toBeGreaterThan(50);
    expect(pods - kept).toBeGreaterThan(50);
    console.log(`[table parity] ${pods} pods, ${kept} as columns`);
  }, PROPERTY_TIMEOUT ?? 300_000);

  it("keeps a scheduled pod in a few bytes: no result object per pod", () => {
    const nodes = Array.from({ length: 4 }, (_, i) => ({ kind: "Node", metadata: { name: `n${i}` }, status: { allocatable: { cpu: "100", memory: "100Gi", pods: "110" } } }));
    const pods = Array.from({ length: 300 }, (_, i) => ({ kind: "Pod", metadata: { name: `p${i}` }, spec: { containers: [{ name: "c", image: "x", resources: { requests: { cpu: "100m" } } }] } }));
    for (const engine of [tsEngine, wasm] as Engine[]) {
      const run = engine.scheduleAll(pods, createCluster(nodes), { explain: false, keepResults: "table" });
      const table = run.table!;
      // Objects are made on each read: two reads give equal, distinct objects.
      expect(table.at(7)).toStrictEqual(table.at(7));
      expect(table.at(7)).not.toBe(table.at(7));
      expect(() => table.at(300)).toThrow(RangeError);
      expect(() => table.at(-1)).toThrow(RangeError);
    }
  });
});

describe("scheduleAll's output options", () => {
  it("rejects what is not a callback or a boolean, naming the option", () => {
    const cluster = createCluster({ nodes: [], pods: [] });
    for (const engine of [tsEngine, wasm] as Engine[]) {
      expect(() => engine.scheduleAll(undefined, cluster, { onResult: 3 as never })).toThrow("onResult: 3 is not a function");
      expect(() => engine.scheduleAll(undefined, cluster, { keepResults: "no" as never })).toThrow('keepResults: "no" is not true, false or "table"');
    }
  });
});
