import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createCluster, syntheticCluster, tsEngine, type SchedkitError } from "@schedkit/core";
import { capacity, nodesToAdd } from "@schedkit/core/analysis";
import { beforeAll, describe, expect, it } from "vitest";
import { bundleForThreads } from "../../../core/src/_test/thread-bundle.js";
import { createWasmEngineSync } from "../engine.js";
import type * as Parallel from "./index.js";

let parallel: typeof Parallel;
beforeAll(async () => {
  const dir = await bundleForThreads({ parallel: "packages/asm/src/parallel/index.ts", "parallel-tasks": "packages/asm/src/parallel/tasks.ts" });
  parallel = (await import(pathToFileURL(join(dir, "parallel.js")).href)) as typeof Parallel;
}, 120_000);

const pod = (name: string, cpu: string, memory: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name, namespace: "default", labels: { app: name } },
  spec: { containers: [{ name: "c", resources: { requests: { cpu, memory } } }], ...extra },
});
const template = (name: string, cpu: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name, labels: { "kubernetes.io/hostname": name, "topology.kubernetes.io/zone": "zone-a" } },
  spec: extra,
  status: { allocatable: { cpu, memory: "32Gi", pods: "110" } },
});
const input = syntheticCluster({ nodes: 60, seed: 11 });
const cluster = createCluster(input);
const wasm = createWasmEngineSync();

describe("nodesToAdd on threads: the one-thread answer", () => {
  const cases = [
    { what: "a target that needs many nodes (doubling, then bisection)", shape: pod("web", "700m", "1Gi"), tpl: template("pool", "8"), target: 400 },
    { what: "a target that needs a count just past a power of two", shape: pod("api", "1", "2Gi"), tpl: template("pool", "4"), target: 300 },
    { what: "a target that fits now", shape: pod("tiny", "10m", "16Mi"), tpl: template("pool", "8"), target: 5 },
    { what: "a template no replica tolerates (no count suffices)", shape: pod("web", "700m", "1Gi"), tpl: template("pool", "8", { taints: [{ key: "k", value: "v", effect: "NoSchedule" }] }), target: 400, maxNodes: 40 },
    { what: "a spread constraint over zones", shape: pod("spread", "500m", "512Mi", { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: "spread" } } }] }), tpl: template("pool", "8"), target: 300 },
  ];
  for (const c of cases) {
    it(`equals core's nodesToAdd with 2 and 3 threads: ${c.what}`, async () => {
      const options = { seed: 3, ...(c.maxNodes === undefined ? {} : { maxNodes: c.maxNodes }) };
      const one = nodesToAdd(cluster, c.shape, c.tpl, c.target, { ...options, engine: wasm });
      expect(await parallel.nodesToAdd(input, c.shape, c.tpl, c.target, { ...options, workers: 2 })).toEqual(one);
      expect(await parallel.nodesToAdd(input, c.shape, c.tpl, c.target, { ...options, workers: 3 })).toEqual(one);
    });
  }

  it("equals core's nodesToAdd on the TypeScript engine too", async () => {
    const c = cases[1]!;
    expect(await parallel.nodesToAdd(input, c.shape, c.tpl, c.target, { seed: 3, workers: 2, engine: "ts" })).toEqual(nodesToAdd(cluster, c.shape, c.tpl, c.target, { seed: 3, engine: tsEngine }));
  });

  it("fails on bad input as the one-thread call does, before any thread starts", async () => {
    await expect(parallel.nodesToAdd(input, pod("web", "1", "1Gi"), template("pool", "8"), 0, { workers: 2 })).rejects.toThrow(/^target: 0 is not an integer >= 1/);
    await expect(parallel.nodesToAdd(input, pod("web", "1", "1Gi"), { kind: "Node" }, 10, { workers: 2 })).rejects.toThrow(/^template\.metadata\.name/);
    await expect(parallel.nodesToAdd(input, pod("web", "1", "1Gi"), template("pool", "8"), 10, { workers: 2, engine: "gpu" as "ts" })).rejects.toThrow(/^engine: "gpu" is not one of "ts", "wasm", "wasm-scalar"/);
  });

  it("reports a bad shape from the threads as the SchedkitError the one-thread call throws", async () => {
    const bad = pod("web", "12x", "1Gi");
    const expected = (() => {
      try {
        nodesToAdd(cluster, bad, template("pool", "8"), 10);
      } catch (e) {
        return e as SchedkitError;
      }
    })();
    const got = await parallel.nodesToAdd(input, bad, template("pool", "8"), 10, { workers: 2 }).catch((e: unknown) => e);
    // The bundle under test carries its own copy of core, so the class is compared by name.
    expect(got).toMatchObject({ name: "SchedkitError", path: expected!.path, message: expected!.message });
  });
});

describe("capacityEach: each shape alone, on threads", () => {
  const shapes = [pod("a", "250m", "256Mi"), pod("b", "1", "4Gi"), pod("c", "2", "1Gi"), pod("d", "100m", "8Gi")];
  it("equals capacity(cluster, [shape]) for each shape, in shape order", async () => {
    const one = shapes.map((s) => capacity(cluster, [s], { engine: wasm, seed: 1 }));
    expect(await parallel.capacityEach(input, shapes, { workers: 2, seed: 1 })).toEqual(one);
    expect(await parallel.capacityEach(input, shapes, { workers: 1, seed: 1, engine: "wasm-scalar" })).toEqual(one);
  });
});
