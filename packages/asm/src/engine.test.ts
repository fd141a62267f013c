import { describe, expect, it } from "vitest";
import { createCluster, SchedkitError, Scheduler, syntheticCluster, syntheticPods, tsEngine } from "@schedkit/core";
import { createWasmEngine, createWasmEngineSync, simdSupported, type WasmEngine } from "./index.js";
import { kernelOf } from "./engine.js";

const engines: [string, WasmEngine][] = [
  ["simd", createWasmEngineSync({ flavor: "simd" })],
  ["scalar", createWasmEngineSync({ flavor: "scalar" })],
];

describe("createWasmEngine", () => {
  it("compiles asynchronously and schedules like the sync factory", async () => {
    const engine = await createWasmEngine();
    const cluster = createCluster(syntheticCluster({ nodes: 50, seed: 9 }));
    const pods = syntheticPods({ count: 20, seed: 9 });
    expect(engine.name).toBe("wasm");
    expect(engine.flavor).toBe(simdSupported() ? "simd" : "scalar");
    expect(engine.scheduleAll(pods, cluster)).toEqual(createWasmEngineSync().scheduleAll(pods, cluster));
  });

  it("rejects an unknown flavor naming the option", () => {
    expect(() => createWasmEngineSync({ flavor: "avx" as never })).toThrow(SchedkitError);
    expect(() => createWasmEngineSync({ flavor: "avx" as never })).toThrow(/flavor: "avx"/);
  });
});

describe.each(engines)("engine parity on seeded synthetic clusters (%s kernel)", (_flavor, wasm) => {
  const cluster = createCluster(syntheticCluster({ nodes: 600, seed: 11, maxPodsPerNode: 30 }));
  const pods = syntheticPods({ count: 400, seed: 12 });

  it.each([
    ["adaptive percentage, random tie-break", { seed: 1 }],
    ["every node, random tie-break", { percentageOfNodesToScore: 100, seed: 2 }],
    ["every node, first tie-break", { percentageOfNodesToScore: 100, tieBreak: "first" as const }],
    ["resource plugins only, v1.35 BalancedAllocation", { kubernetesVersion: "1.35", profile: { plugins: { multiPoint: { enabled: [{ name: "NodeResourcesFit" }, { name: "NodeResourcesBalancedAllocation" }], disabled: [{ name: "*" }] } } } }],
  ])("scheduleAll returns deep-equal results with and without explanations: %s", (_name, options) => {
    for (const explain of [false, true]) {
      expect(wasm.scheduleAll(pods, cluster, { ...options, explain })).toEqual(tsEngine.scheduleAll(pods, cluster, { ...options, explain }));
    }
  });

  it("schedule returns deep-equal results for every pod, explanations included", () => {
    for (const pod of pods.slice(0, 25)) expect(wasm.schedule(pod, cluster, { seed: 3 })).toEqual(tsEngine.schedule(pod, cluster, { seed: 3 }));
  });

  it("a scheduler's schedule / assume / scheduleOne follow the core Scheduler call for call", () => {
    const ref = new Scheduler(cluster, { seed: 4, explain: false });
    const s = wasm.scheduler(cluster, { seed: 4, explain: false });
    for (let i = 0; i < 60; i++) {
      const pod = pods[i]!;
      if (i % 3 === 0) expect(s.schedule(pod)).toEqual(ref.schedule(pod));
      else if (i % 3 === 1) expect(s.scheduleOne(pod)).toEqual(ref.scheduleOne(pod));
      else {
        const node = `node-${String((i * 7) % 600).padStart(5, "0")}`;
        ref.assume(pod, node);
        s.assume(pod, node);
      }
      expect(s.nextStartNodeIndex).toBe(ref.nextStartNodeIndex);
    }
    s.dispose();
  });

  it("runs pods the static and resource plugins alone decide inside the kernel, one call per run", () => {
    const s = wasm.scheduler(cluster, { explain: false, percentageOfNodesToScore: 100 });
    s.scheduleMany(pods);
    expect(s.stats).toMatchObject({ runPods: pods.length, runCalls: 1, cyclePods: 0 });
    s.dispose();
  });

  it.each([
    ["random tie-break", { seed: 5 }],
    ["first tie-break", { tieBreak: "first" as const }],
  ])("runs of identical pods go through the node tree, with the same results (%s)", (_name, options) => {
    const replica = (i: number, cpu: string, mem: string) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `web-${i}`, namespace: "default", labels: { app: "web" } },
      spec: { containers: [{ name: "c", image: "registry.example/app:1.0", resources: { requests: { cpu, memory: mem } } }] },
    });
    // Three runs of replicas (the last one large enough to fill nodes up), then a different pod, then more.
    const replicas = [
      ...Array.from({ length: 150 }, (_, i) => replica(i, "500m", "512Mi")),
      ...Array.from({ length: 150 }, (_, i) => replica(150 + i, "4", "8Gi")),
      replica(300, "100m", "128Mi"),
      ...Array.from({ length: 100 }, (_, i) => replica(301 + i, "500m", "512Mi")),
    ];
    // Without the PreferNoSchedule taints (TaintToleration's normalization is cluster-wide, not node-local).
    const synthetic = syntheticCluster({ nodes: 120, seed: 21 });
    const small = createCluster({ ...synthetic, nodes: synthetic.nodes.map((n) => ({ ...n, spec: {} })) });
    const opts = { ...options, explain: false, percentageOfNodesToScore: 100 };
    expect(wasm.scheduleAll(replicas, small, opts)).toEqual(tsEngine.scheduleAll(replicas, small, opts));
    const s = wasm.scheduler(small, opts);
    const ref = new Scheduler(small, opts);
    expect(s.scheduleMany(replicas)).toEqual(replicas.map((p) => ref.scheduleOne(p)));
    expect(s.scheduleMany(replicas.slice(0, 50), { assume: false })).toEqual(replicas.slice(0, 50).map((p) => ref.schedule(p)));
    expect(s.stats.treePods).toBeGreaterThan(replicas.length / 2);
    s.dispose();
  });

  it("ends a run after a placed pod with affinity terms, which InterPodAffinity counts for the next pods", () => {
    // Found by the long-run property: the first pod's preferred anti-affinity (matching every pod) skips
    // InterPodAffinity while the cluster holds no pod, then must score the second pod's nodes.
    const node = (n: string) => ({ apiVersion: "v1", kind: "Node", metadata: { name: n, labels: { "kubernetes.io/hostname": n } }, status: { allocatable: {} } });
    const anti = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { labelSelector: {}, topologyKey: "kubernetes.io/hostname" } }] } };
    const pod = (n: string, affinity?: object) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: n }, spec: { containers: [{ name: "c", image: "nginx" }], ...(affinity ? { affinity } : {}) } });
    const two = createCluster({ nodes: [node("node-0"), node("node-1")], pods: [pod("pending-0", anti), pod("pending-1")] });
    const options = {
      profile: { plugins: { multiPoint: { enabled: [{ name: "InterPodAffinity" }, { name: "NodeResourcesBalancedAllocation" }], disabled: [{ name: "*" }] } } },
      tieBreak: "first" as const,
      explain: false,
    };
    const want = tsEngine.scheduleAll(undefined, two, options);
    // The anti-affinity of the first pod pushes the second one away.
    expect(want.results[1]!.nodeName).not.toBe(want.results[0]!.nodeName);
    expect(wasm.scheduleAll(undefined, two, options)).toEqual(want);
  });

  it("leaves a pod with its own affinity terms to the cycle: InterPodAffinity weighs them against pods placed earlier in the run", () => {
    // Found by the long-run property: with no pod in the cluster the second pod's preferred affinity skips
    // InterPodAffinity, but the first pod, placed in the same run, matches it.
    const node = (n: string, memory: string) => ({ apiVersion: "v1", kind: "Node", metadata: { name: n, labels: { "kubernetes.io/hostname": n } }, status: { allocatable: { memory, pods: "110" } } });
    const aff = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { labelSelector: {}, topologyKey: "kubernetes.io/hostname" } }] } };
    const pods = [
      { apiVersion: "v1", kind: "Pod", metadata: { name: "pending-0" }, spec: { containers: [{ name: "c", image: "nginx", resources: { requests: { memory: "16Gi" } } }] } },
      { apiVersion: "v1", kind: "Pod", metadata: { name: "pending-1" }, spec: { containers: [{ name: "c", image: "nginx" }], affinity: aff } },
    ];
    const two = createCluster({ nodes: [node("node-0", "0"), node("node-1", "16Gi")], pods });
    const options = { tieBreak: "first" as const, explain: false };
    const want = tsEngine.scheduleAll(undefined, two, options);
    // The second pod's affinity pulls it to the first one's node.
    expect(want.results[1]!.nodeName).toBe(want.results[0]!.nodeName);
    expect(wasm.scheduleAll(undefined, two, options)).toEqual(want);
  });

  it("evaluates the nodes of explained cycles in the kernel (one filter and one score phase per pod)", () => {
    const s = wasm.scheduler(cluster, { explain: true });
    s.scheduleMany(pods.slice(0, 30));
    expect(s.stats).toMatchObject({ runPods: 0, cyclePods: 30, kernelFilter: 30, tsFilter: 0, tsScore: 0 });
    expect(s.stats.kernelScore).toBeGreaterThan(0);
    s.dispose();
  });
});

describe("traps and out-of-memory", () => {
  const cluster = createCluster(syntheticCluster({ nodes: 40, seed: 5 }));
  const pods = syntheticPods({ count: 10, seed: 5 });

  it("a trap becomes a SchedkitError naming the operation, and the engine stays usable", () => {
    const wasm = createWasmEngineSync();
    const kernel = kernelOf(wasm);
    expect(() => kernel.trap()).toThrow(SchedkitError);
    expect(() => kernel.trap()).toThrow(/WebAssembly trap in trap/);
    // A real operation fed an address outside linear memory.
    expect(() => kernel.filterPod(0x7ffffff0, 0x7ffffff0, true)).toThrow(/WebAssembly trap in filter/);
    expect(wasm.scheduleAll(pods, cluster)).toEqual(tsEngine.scheduleAll(pods, cluster));
  });

  it("memory that cannot grow becomes a SchedkitError naming the operation, and the engine stays usable", () => {
    const wasm = createWasmEngineSync();
    expect(() => kernelOf(wasm).alloc(2 ** 33, "test allocation")).toThrow(/WebAssembly out of memory in test allocation/);
    expect(wasm.scheduleAll(pods, cluster)).toEqual(tsEngine.scheduleAll(pods, cluster));
  });
});

describe("memory", () => {
  it("does not grow over 10,000 successive calls", () => {
    const wasm = createWasmEngineSync();
    const kernel = kernelOf(wasm);
    const cluster = createCluster(syntheticCluster({ nodes: 64, seed: 6 }));
    const pods = syntheticPods({ count: 16, seed: 6 });
    wasm.schedule(pods[0], cluster, { explain: true });
    wasm.scheduleAll(pods, cluster, { explain: false });
    const bytes = wasm.memoryBytes;
    for (let i = 0; i < 10_000; i++) {
      if (i % 2 === 0) wasm.schedule(pods[i % pods.length], cluster, { explain: i % 4 === 0, seed: i });
      else wasm.scheduleAll(pods.slice(0, 2), cluster, { explain: false, seed: i });
    }
    expect(wasm.memoryBytes).toBe(bytes);
    expect(kernel.allocatedBytes).toBe(0);
  });

  it("rebuilds its views after memory.grow (a large cluster after a small one)", () => {
    const wasm = createWasmEngineSync();
    const small = createCluster(syntheticCluster({ nodes: 10, seed: 1 }));
    const big = createCluster(syntheticCluster({ nodes: 5000, seed: 1 }));
    const pods = syntheticPods({ count: 50, seed: 1 });
    expect(wasm.scheduleAll(pods, small)).toEqual(tsEngine.scheduleAll(pods, small));
    const before = wasm.memoryBytes;
    expect(wasm.scheduleAll(pods, big, { explain: false })).toEqual(tsEngine.scheduleAll(pods, big, { explain: false }));
    expect(wasm.memoryBytes).toBeGreaterThan(before);
    expect(wasm.scheduleAll(pods, small)).toEqual(tsEngine.scheduleAll(pods, small));
  });
});

describe("explanations a run keeps by default", () => {
  it("refuses the same runs as the TypeScript engine, with the same error, before scheduling any pod", () => {
    const cluster = createCluster(syntheticCluster({ nodes: 1000, seed: 1 }));
    const pods = syntheticPods({ count: 5000, seed: 2 });
    const wasm = createWasmEngineSync();
    const error = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const want = error(() => tsEngine.scheduleAll(pods, cluster));
    expect(want).toBeInstanceOf(SchedkitError);
    expect(error(() => wasm.scheduleAll(pods, cluster))).toEqual(want);
    const sched = wasm.scheduler!(cluster);
    try {
      expect((error(() => sched.scheduleMany(pods)) as Error).message).toBe((want as Error).message);
      // Nothing was placed: the refusal comes before the first pod, so the next pod lands as on a new scheduler.
      const fresh = wasm.scheduler!(cluster);
      try {
        expect(sched.scheduleOne(pods[0]!)).toEqual(fresh.scheduleOne(pods[0]!));
      } finally {
        fresh.dispose?.();
      }
    } finally {
      sched.dispose?.();
    }
    expect(wasm.scheduleAll(pods, cluster, { explain: false }).summary.scheduled).toBe(tsEngine.scheduleAll(pods, cluster, { explain: false }).summary.scheduled);
  });
});
