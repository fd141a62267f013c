// scheduleAll's streaming form (onResult, keepResults: false) on both engines: every pod's final result once,
// at its queue index, equal to the result the collected run returns; the summary unchanged. Random scenarios
// (carried-out preemptions included), fixed seed and a fresh random seed (printed).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCluster, tsEngine, type Engine, type ScheduleResult } from "@schedkit/core";
import { scenarioArbitrary } from "@schedkit/core/arbitraries";
import { createWasmEngineSync } from "./index.js";
import { PROPERTY_SEED, PROPERTY_TIMEOUT, runParameters } from "../../core/src/_test/long.js";

const wasm = createWasmEngineSync();

describe("scheduleAll with onResult and keepResults: false", () => {
  const fresh = (Date.now() ^ (Math.random() * 2 ** 31)) >>> 0;
  // SCHEDKIT_PROPERTY_SEED (scripts/long.mjs --seed) replaces both seeds: one run.
  const seeds: [string, number][] =
    PROPERTY_SEED === undefined
      ? [
          ["fixed seed", 20261204],
          ["fresh seed", Number(process.env["STREAM_SEED"] ?? fresh)],
        ]
      : [["SCHEDKIT_PROPERTY_SEED", PROPERTY_SEED]];
  it.each(seeds)("streams each pod's final result once, at its queue index, on both engines (%s %i)", (_kind, seed) => {
    console.log(`[stream parity] seed ${seed}`);
    let pods = 0;
    let preempted = 0;
    fc.assert(
      fc.property(scenarioArbitrary({ maxNodes: 8 }), fc.boolean(), (s, explain) => {
        const cluster = createCluster(s.cluster);
        for (const engine of [tsEngine, wasm] as Engine[]) {
          const options = { ...s.options, explain };
          const whole = engine.scheduleAll(undefined, cluster, options);
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
        }
      }),
      runParameters(150, seed),
    );
    expect(pods).toBeGreaterThan(150);
    console.log(`[stream parity] ${pods} pods, ${preempted} carried-out preemptions`);
  }, PROPERTY_TIMEOUT ?? 300_000);
});

describe("scheduleAll's output options", () => {
  it("rejects what is not a callback or a boolean, naming the option", () => {
    const cluster = createCluster({ nodes: [], pods: [] });
    for (const engine of [tsEngine, wasm] as Engine[]) {
      expect(() => engine.scheduleAll(undefined, cluster, { onResult: 3 as never })).toThrow("onResult: 3 is not a function");
      expect(() => engine.scheduleAll(undefined, cluster, { keepResults: "no" as never })).toThrow('keepResults: "no" is not a boolean');
    }
  });
});
