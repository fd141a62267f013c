import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCluster } from "@schedkit/core";
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
