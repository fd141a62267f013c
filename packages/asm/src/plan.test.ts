import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCluster, tsEngine } from "@schedkit/core";
import { scenarioArbitrary } from "@schedkit/core/arbitraries";
import { createWasmEngineSync } from "./index.js";
import { PROPERTY_SEED, PROPERTY_TIMEOUT, runParameters } from "../../core/src/_test/long.js";
import { shapeKey, shapeKeyReference } from "./plan.js";

const wasm = createWasmEngineSync();

describe("shapeKey", () => {
  const fresh = (Date.now() ^ (Math.random() * 2 ** 31)) >>> 0;
  // SCHEDKIT_PROPERTY_SEED (scripts/long.mjs --seed) replaces both seeds: one run.
  const seeds: [string, number][] =
    PROPERTY_SEED === undefined
      ? [
          ["fixed seed", 20261204],
          ["fresh seed", Number(process.env["SHAPE_KEY_SEED"] ?? fresh)],
        ]
      : [["SCHEDKIT_PROPERTY_SEED", PROPERTY_SEED]];
  it.each(seeds)("is the replacer's JSON.stringify of the pod, written out (%s %i)", (_kind, seed) => {
    console.log(`[shape key] seed ${seed}`);
    let pods = 0;
    fc.assert(
      fc.property(scenarioArbitrary({ maxNodes: 3 }), (s) => {
        const cluster = createCluster(s.cluster);
        const sched = wasm.scheduler(cluster, { explain: false });
        for (const [i, p] of [...cluster.pendingPods, ...cluster.boundPods].entries()) {
          const info = sched.prepare(p, `pods[${i}]`).info;
          expect(shapeKey(info)).toBe(shapeKeyReference(info));
          pods++;
        }
        sched.dispose();
      }),
      runParameters(200, seed),
    );
    expect(pods).toBeGreaterThan(200);
  }, PROPERTY_TIMEOUT);

  it("escapes what JSON escapes in a pod's strings", () => {
    const cluster = createCluster({
      nodes: [],
      pods: [
        {
          metadata: { name: "p", namespace: "ns" },
          spec: { containers: [{ name: "c", image: 'reg/"img"\\x\nline\u2028é' }] },
        },
      ],
    });
    const info = wasm.scheduler(cluster, { explain: false }).prepare(cluster.pendingPods[0], "pods[0]").info;
    expect(shapeKey(info)).toBe(shapeKeyReference(info));
    expect(shapeKey(info)).toContain(String.raw`\"img\"\\x\nline`);
  });
});

// plan.ts MAX_INTERNED_KEYS and scheduler.ts MAX_BLOCKS_PER_SHAPE (4,096 each) bound two caches; past them keys
// are no longer interned and blocks are rebuilt per pod, which must change nothing but speed.
describe("past the 4,096-entry caches", () => {
  const CAP = 4096;
  const nodes = [0, 1, 2].map((i) => ({ metadata: { name: `n${i}` }, status: { allocatable: { cpu: "100000", memory: "64Ti", pods: "5000" } } }));

  it("gives pods of 4,100 distinct shapes the reference key, the last ones beyond the interning cap included", () => {
    const pods = Array.from({ length: CAP + 4 }, (_, i) => ({
      metadata: { name: `p${i}`, namespace: "ns", labels: { shape: `s${i}` } },
      spec: { containers: [{ name: "c", image: "img", resources: { requests: { cpu: "10m" } } }] },
    }));
    const cluster = createCluster({ nodes, pods });
    const sched = wasm.scheduler(cluster, { explain: false });
    const keys = new Set<string>();
    for (const [i, p] of cluster.pendingPods.entries()) {
      const info = sched.prepare(p, `pods[${i}]`).info;
      const k = shapeKey(info);
      expect(k).toBe(shapeKeyReference(info));
      keys.add(k);
    }
    expect(keys.size).toBe(CAP + 4);
    sched.dispose();
  });

  it("schedules one shape with 4,100 distinct requests as the TypeScript engine does", () => {
    const pods = Array.from({ length: CAP + 4 }, (_, i) => ({
      metadata: { name: `p${i}`, namespace: "ns" },
      spec: { containers: [{ name: "c", image: "img", resources: { requests: { cpu: `${i + 1}m`, memory: "1Mi" } } }] },
    }));
    const cluster = createCluster({ nodes, pods });
    const a = wasm.scheduleAll(undefined, cluster, { explain: false, seed: 3 });
    const b = tsEngine.scheduleAll(undefined, cluster, { explain: false, seed: 3 });
    expect(a.results.map((r) => r.nodeName)).toEqual(b.results.map((r) => r.nodeName));
    expect(a.summary).toEqual(b.summary);
    expect(a.results.filter((r) => r.nodeName !== null).length).toBe(CAP + 4);
  }, 120_000);
});
