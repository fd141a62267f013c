import fc from "fast-check";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createCluster, syntheticCluster, tsEngine, type PodInput, type SchedkitError } from "@schedkit/core";
import { capacity, nodesToAdd } from "@schedkit/core/analysis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertAsyncProperty, propertySeeds, runParameters } from "../../../core/src/_test/long.js";
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
/** What `f` resolves to, and how many worker threads the process started meanwhile. */
async function threadsStarted<T>(f: () => Promise<T>): Promise<[T, number]> {
  let started = 0;
  const count = () => void started++;
  process.on("worker", count);
  try {
    const out = await f();
    return [out, started];
  } finally {
    process.off("worker", count);
  }
}

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

  it("equals core's nodesToAdd with every probe on threads (callingThread: false)", async () => {
    const c = { shape: pod("web", "700m", "1Gi"), tpl: template("pool", "8"), target: 400 };
    const one = nodesToAdd(cluster, c.shape, c.tpl, c.target, { seed: 3, engine: wasm });
    expect(await threadsStarted(() => parallel.nodesToAdd(input, c.shape, c.tpl, c.target, { seed: 3, workers: 2, callingThread: false }))).toEqual([one, 2]);
  });

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

  it("answers a short question on the calling thread alone: no thread started", async () => {
    const one = shapes.map((s) => capacity(cluster, [s], { engine: wasm, seed: 1, max: 20 }));
    expect(await threadsStarted(() => parallel.capacityEach(input, shapes, { workers: 2, seed: 1, max: 20 }))).toEqual([one, 0]);
  });

  it("equals it with every job on threads (callingThread: false), one thread or two", async () => {
    const one = shapes.map((s) => capacity(cluster, [s], { engine: wasm, seed: 1 }));
    expect(await threadsStarted(() => parallel.capacityEach(input, shapes, { workers: 2, seed: 1, callingThread: false }))).toEqual([one, 2]);
    expect(await threadsStarted(() => parallel.capacityEach(input, shapes, { workers: 1, seed: 1, callingThread: false }))).toEqual([one, 1]);
  });

  it("equals it on a question long enough for a thread to start beside the calling thread", async () => {
    // 800 nodes and 48 shapes: about a second on the calling thread, past a thread's start-up (2 × its
    // createCluster + 200 ms).
    const big = syntheticCluster({ nodes: 800, seed: 5 });
    const many = Array.from({ length: 48 }, (_, i) => pod(`s${i}`, `${100 + 37 * i}m`, `${256 + 64 * i}Mi`));
    const bigCluster = createCluster(big);
    const one = many.map((s) => capacity(bigCluster, [s], { engine: wasm, seed: 2 }));
    expect(await threadsStarted(() => parallel.capacityEach(big, many, { workers: 2, seed: 2 }))).toEqual([one, 1]);
  }, 60_000);

  it("refuses a callingThread that is not a boolean", async () => {
    await expect(parallel.capacityEach(input, shapes, { callingThread: "yes" as never })).rejects.toThrow(/^callingThread: "yes" is not a boolean$/);
  });
});

describe("openParallelCluster: warm threads, many questions, the one-thread answers", () => {
  // One pool per width, opened once: every question below is asked of threads that already answered others,
  // so an answer that depended on what a thread ran before would show.
  const widths = [1, 2, 3] as const;
  const pools = new Map<number, Parallel.ParallelCluster>();
  /** How long opening the pools took until every thread was ready: a bound on each thread's boot time. */
  let openMs = 0;
  beforeAll(async () => {
    const t0 = performance.now();
    for (const w of widths) pools.set(w, parallel.openParallelCluster(input, { workers: w }));
    await Promise.all([...pools.values()].map((p) => p.ready()));
    openMs = performance.now() - t0;
  }, 120_000);
  afterAll(async () => {
    await Promise.all([...pools.values()].map((p) => p.close()));
  });

  const shapeArbitrary = fc
    .record({
      cpu: fc.integer({ min: 1, max: 4000 }),
      memoryMi: fc.integer({ min: 1, max: 16_384 }),
      spread: fc.constantFrom(null, "ScheduleAnyway", "DoNotSchedule"),
      tolerates: fc.boolean(),
    })
    .map(({ cpu, memoryMi, spread, tolerates }): PodInput =>
      pod(`p${cpu}-${memoryMi}`, `${cpu}m`, `${memoryMi}Mi`, {
        ...(spread === null ? {} : { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: spread, labelSelector: { matchLabels: { app: `p${cpu}-${memoryMi}` } } }] }),
        ...(tolerates ? { tolerations: [{ operator: "Exists" }] } : {}),
      }) as PodInput,
    );
  const question = fc.record({ shapes: fc.array(shapeArbitrary, { minLength: 1, maxLength: 5 }), seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), max: fc.integer({ min: 1, max: 400 }), width: fc.constantFrom(...widths) });

  // A fixed seed, and a fresh one each run (SCHEDKIT_PROPERTY_SEED replaces both, to replay); each prints its seed.
  for (const [label, seed] of propertySeeds(1111)) {
    it(`capacityEach on a warm pool equals capacity(cluster, [shape]) on one thread, any shapes, seed and width (${label})`, async () => {
      await assertAsyncProperty(
        `capacityEach on warm pools (${label})`,
        fc.asyncProperty(question, async (q) => {
          const one = q.shapes.map((s) => capacity(cluster, [s], { engine: wasm, seed: q.seed, max: q.max }));
          expect(await pools.get(q.width)!.capacityEach(q.shapes, { seed: q.seed, max: q.max })).toEqual(one);
        }),
        runParameters(20, seed),
      );
    }, 300_000);

    it(`nodesToAdd on a warm pool equals core's nodesToAdd, any target, template, seed and width (${label})`, async () => {
      // Template names with dashes and left-out nodes: the threads send placements as node indices, which the
      // calling thread must turn back into the same names.
      const search = fc.record({
        shape: shapeArbitrary,
        seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        target: fc.integer({ min: 1, max: 600 }),
        cpu: fc.integer({ min: 1, max: 16 }),
        maxNodes: fc.integer({ min: 0, max: 300 }),
        width: fc.constantFrom(...widths),
        name: fc.constantFrom("pool", "pool-b", "gpu-pool-2"),
        exclude: fc.uniqueArray(fc.integer({ min: 0, max: input.nodes.length - 1 }), { maxLength: 3 }),
      });
      await assertAsyncProperty(
        `nodesToAdd on warm pools (${label})`,
        fc.asyncProperty(search, async (q) => {
          const tpl = template(q.name, String(q.cpu));
          const options = { seed: q.seed, maxNodes: q.maxNodes, excludeNodes: q.exclude.map((i) => cluster.nodes[i]!.name) };
          expect(await pools.get(q.width)!.nodesToAdd(q.shape, tpl, q.target, options)).toEqual(nodesToAdd(cluster, q.shape, tpl, q.target, { ...options, engine: wasm }));
        }),
        runParameters(10, seed),
      );
    }, 300_000);
  }

  it("prepares each thread once, and says what that cost per thread", async () => {
    for (const w of widths) {
      const startup = await pools.get(w)!.startup();
      expect(startup).toHaveLength(w === 1 ? 1 : w);
      for (const s of startup) {
        expect(s.bootMs > 0).toBe(w > 1);
        // Measured from the pool's start on one clock, not from each thread's own time origin.
        expect(s.bootMs).toBeLessThanOrEqual(openMs);
        expect(s.clusterMs).toBeGreaterThan(0);
        expect(s.engineMs).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it("counts questions and startup() as jobs, ready() not, whatever the width", async () => {
    for (const w of widths) {
      const p = pools.get(w)!;
      const jobs = () => p.stats().reduce((n, s) => n + s.jobs, 0);
      const before = jobs();
      await p.ready();
      expect(jobs()).toBe(before);
      await p.startup();
      expect(jobs()).toBe(before + Math.max(1, p.threads));
    }
  });

  it("counts a nodesToAdd's probes on the threads that ran them", async () => {
    for (const w of widths) {
      const p = pools.get(w)!;
      const before = p.stats();
      await p.nodesToAdd(pod("web", "700m", "1Gi"), template("pool", "8"), 400, { seed: 3 });
      const jobs = p.stats().reduce((n, s, i) => n + s.jobs - before[i]!.jobs, 0);
      // One question on the calling thread; on threads, the search's probes (doubling, bisection, checks).
      if (w === 1) expect(jobs).toBe(1);
      else expect(jobs).toBeGreaterThan(w);
    }
  });

  it("settles a nodesToAdd after its last probe, speculative ones included: nothing of it still runs", async () => {
    // Targets along the search's paths: at most of them a thread is still on a probe
    // the answers made moot when the search decides, and a question that settled before it would count it later.
    for (const w of [2, 3]) {
      const p = pools.get(w)!;
      for (let target = 50; target <= 2000; target += 300) {
        await p.nodesToAdd(pod("web", "700m", "1Gi"), template("pool", "8"), target, { seed: 3 });
        const settled = p.stats().map((s) => s.jobs);
        await new Promise((r) => setTimeout(r, 100));
        expect(p.stats().map((s) => s.jobs), `target ${target}, ${w} threads`).toEqual(settled);
      }
    }
  });

  it("refuses a question's engine or workers: they belong to the pool", async () => {
    const p = pools.get(2)!;
    await expect(p.capacityEach([pod("a", "1", "1Gi")], { engine: wasm } as never)).rejects.toThrow(/^options\.engine: .* belongs to openParallelCluster\(\), not to a question$/);
    await expect(p.nodesToAdd(pod("a", "1", "1Gi"), template("pool", "8"), 10, { workers: 3 } as never)).rejects.toThrow(/^options\.workers: 3 belongs to openParallelCluster\(\), not to a question$/);
  });

  it("reports bad questions without breaking the pool: the next question is answered", async () => {
    for (const w of widths) {
      const p = pools.get(w)!;
      await expect(p.capacityEach([pod("web", "12x", "1Gi")], { seed: 1 })).rejects.toMatchObject({ name: "SchedkitError", message: expect.stringMatching(/12x/) });
      await expect(p.nodesToAdd(pod("web", "1", "1Gi"), template("pool", "8"), 0)).rejects.toThrow(/^target: 0 is not an integer >= 1/);
      await expect(p.capacityEach("web" as never)).rejects.toThrow(/^shapes: "web" is not an array of pods/);
      const shapes = [pod("a", "250m", "256Mi")];
      expect(await p.capacityEach(shapes, { seed: 1, max: 50 })).toEqual(shapes.map((s) => capacity(cluster, [s], { engine: wasm, seed: 1, max: 50 })));
    }
  });

  it("fails on bad cluster input on the calling thread, before any thread starts", () => {
    expect(() => parallel.openParallelCluster({ nodes: [{ kind: "Node" }] }, { workers: 2 })).toThrow(/^nodes\[0\]/);
    expect(() => parallel.openParallelCluster(input, { workers: 0 })).toThrow(/^workers: 0 is not an integer from 1 to 256$/);
  });

  it("rejects questions once closed", async () => {
    for (const w of [1, 2]) {
      const p = parallel.openParallelCluster(input, { workers: w });
      await p.close();
      await expect(p.capacityEach([pod("a", "1", "1Gi")])).rejects.toThrow("the worker pool is closed");
    }
  });
});
