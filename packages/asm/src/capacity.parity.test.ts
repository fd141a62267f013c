import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Cluster, createCluster, Scheduler, syntheticCluster, tsEngine, type Engine, type SchedulerOptions } from "@schedkit/core";
import { capacity, nodesToAdd } from "@schedkit/core/analysis";
import { scenarioArbitrary } from "@schedkit/core/arbitraries";
import { createWasmEngineSync, type WasmSchedulerStats } from "./index.js";
import { outcome } from "./cpu/_test/same.js";
import { assertProperty, propertySeeds, runParameters } from "../../core/src/_test/long.js";

const wasm = createWasmEngineSync();


const shape = (name: string, cpu: string, memory: string) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "capacity", labels: { app: name } },
  spec: { containers: [{ name: "c", image: "registry.example/app:1.0", resources: { requests: { cpu, memory } } }] },
});

describe("scheduleMany with stopAtFailure", () => {
  it("stops at the first pod not placed, on both engines alike", () => {
    const cluster = createCluster(syntheticCluster({ nodes: 20, seed: 4 }));
    const pods = Array.from({ length: 3000 }, (_, i) => ({ ...shape("fill", "900m", "1Gi"), metadata: { name: `fill-${i}`, namespace: "capacity" } }));
    const ts = new Scheduler(cluster, { seed: 3, explain: false }).scheduleMany(pods, { stopAtFailure: true });
    const w = wasm.scheduler(cluster, { seed: 3, explain: false }).scheduleMany(pods, { stopAtFailure: true });
    expect(w).toEqual(ts);
    expect(ts.length).toBeLessThan(pods.length);
    expect(ts.slice(0, -1).every((r) => r.status === "Scheduled")).toBe(true);
    expect(ts[ts.length - 1]!.status).toBe("Unschedulable");
  });
});

describe("capacity on the WASM engine equals capacity on tsEngine", () => {
  const cluster = createCluster(syntheticCluster({ nodes: 300, seed: 21 }));

  it("in order, thousands of replicas", () => {
    const shapes = [shape("api", "200m", "256Mi"), shape("worker", "1500m", "3Gi")];
    const got = capacity(cluster, shapes, { engine: wasm, seed: 5 });
    expect(got).toEqual(capacity(cluster, shapes, { engine: tsEngine, seed: 5 }));
    expect(got.shapes[0]!.replicas).toBeGreaterThan(1000);
  });

  it("interleaved, with max and excluded nodes", () => {
    const shapes = [shape("api", "200m", "256Mi"), shape("worker", "1500m", "3Gi")];
    const options = { interleave: true, max: 400, excludeNodes: ["node-00000", "node-00007"], seed: 9 };
    expect(capacity(cluster, shapes, { ...options, engine: wasm })).toEqual(capacity(cluster, shapes, { ...options, engine: tsEngine }));
  });

  it('"carry-out", in order and interleaved, with excluded nodes and an extended resource: the same replicas, placements and evictions', () => {
    // Replicas that evict bound pods and each other's replicas, then land on the room the victims left (the
    // sizing's per-node room takes the victims' requests back, an extended resource's too).
    const kube = syntheticCluster({ nodes: 40, seed: 6 });
    const nodes = kube.nodes.map((n, i) => (i % 4 === 0 ? { ...n, status: { ...n.status, allocatable: { ...n.status!.allocatable, "example.com/gpu": "4", pods: "6" } } } : n));
    const low = (i: number) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `low-${i}`, namespace: "capacity" },
      spec: { nodeName: nodes[i * 4]!.metadata.name, containers: [{ name: "c", resources: { requests: { cpu: "3", memory: "1Gi", "example.com/gpu": "3" }, limits: { "example.com/gpu": "3" } } }] },
    });
    const c = createCluster({ ...kube, nodes, pods: [...kube.pods, ...Array.from({ length: 10 }, (_, i) => low(i))] });
    const urgent = { ...shape("urgent", "500m", "256Mi"), spec: { priority: 1000, containers: [{ name: "c", resources: { requests: { cpu: "500m", memory: "256Mi", "example.com/gpu": "1" }, limits: { "example.com/gpu": "1" } } }] } };
    const shapes = [shape("wide", "2", "1Gi"), urgent];
    for (const options of [{ seed: 2 }, { seed: 2, interleave: true }, { seed: 4, excludeNodes: [nodes[4]!.metadata.name], max: 30 }]) {
      const want = capacity(c, shapes, { ...options, preemption: "carry-out", engine: tsEngine });
      expect(capacity(c, shapes, { ...options, preemption: "carry-out", engine: wasm })).toEqual(want);
      expect(want.shapes[1]!.replicas).toBeGreaterThan(0);
    }
    expect(capacity(c, shapes, { seed: 2, preemption: "carry-out", engine: tsEngine }).shapes[1]!.evictions.length).toBeGreaterThan(0);
  });

  it("interleaved shapes go through the kernel's node trees (one per shape), with the same answer", () => {
    // The engine's scheduler, watched: its stats before capacity() disposes it.
    let stats: WasmSchedulerStats | undefined;
    const watched = {
      scheduler: (c: Cluster, o?: SchedulerOptions) => {
        const s = wasm.scheduler(c, o);
        const dispose = s.dispose.bind(s);
        s.dispose = () => {
          stats = s.stats;
          dispose();
        };
        return s;
      },
    } as unknown as Engine;
    const shapes = [shape("api", "200m", "256Mi"), shape("worker", "1500m", "3Gi"), shape("cache", "500m", "4Gi")];
    for (const percentageOfNodesToScore of [0, 100]) {
      const options = { interleave: true, seed: 9, percentageOfNodesToScore };
      const got = capacity(cluster, shapes, { ...options, engine: watched });
      expect(got).toEqual(capacity(cluster, shapes, { ...options, engine: tsEngine }));
      expect(got.total).toBeGreaterThan(1000);
      expect(stats!.treePods).toBeGreaterThan(got.total * 0.9);
    }
  });

  it("nodesToAdd finds the same count", () => {
    const template = { kind: "Node", metadata: { name: "pool", labels: { "kubernetes.io/hostname": "pool" } }, status: { allocatable: { cpu: "8", memory: "32Gi", pods: "110" } } };
    const small = createCluster(syntheticCluster({ nodes: 20, seed: 3 }));
    const got = nodesToAdd(small, shape("api", "500m", "1Gi"), template, 1500, { engine: wasm });
    expect(got).toEqual(nodesToAdd(small, shape("api", "500m", "1Gi"), template, 1500, { engine: tsEngine }));
    expect(got.nodes).toBeGreaterThan(0);
  });

  it.each(propertySeeds(20261204))("on random scenarios, each pending pod a shape (%s %i)", (kind, seed) => {
    let ran = 0;
    assertProperty(
      `capacity parity (${kind})`,
      fc.property(scenarioArbitrary({ maxNodes: 10 }), fc.integer({ min: 0, max: 60 }), fc.boolean(), fc.constantFrom("dry-run" as const, "carry-out" as const), (s, max, interleave, preemption) => {
        const pending = s.cluster.pods.filter((p) => (p as { spec: { nodeName?: string } }).spec.nodeName === undefined);
        if (pending.length === 0) return;
        const c = createCluster(s.cluster);
        const options = { ...s.options, max, interleave, preemption };
        expect(outcome(() => capacity(c, pending, { ...options, engine: wasm }))).toEqual(outcome(() => capacity(c, pending, { ...options, engine: tsEngine })));
        ran++;
      }),
      runParameters(150, seed),
    );
    expect(ran).toBeGreaterThan(50);
  });
});
