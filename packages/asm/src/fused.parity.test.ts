// The fused filter + score pass (assembly/vector.ts fusedPod: resource plugins only, every node examined)
// against the TypeScript engine: same results pod for pod, on clusters with overcommitted nodes, pods that
// request one resource or none, both Fit strategies and profile weights.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCluster, Scheduler, syntheticCluster, type SchedulerOptions } from "@schedkit/core";
import { createWasmEngineSync } from "./index.js";
import { assertProperty, PROPERTY_TIMEOUT, propertySeeds, runParameters } from "../../core/src/_test/long.js";

const wasm = createWasmEngineSync({ flavor: "simd" });

const scenarioArb = fc.record({
  nodes: fc.integer({ min: 1, max: 140 }),
  clusterSeed: fc.integer({ min: 1, max: 1000 }),
  // Bound pods requesting more than their node's allocatable (NodeResourcesFit then rejects every request).
  overcommitEvery: fc.integer({ min: 0, max: 6 }),
  fewPodsEvery: fc.integer({ min: 0, max: 6 }),
  pods: fc.array(fc.record({ cpu: fc.constantFrom(0, 100, 700, 3000), memMi: fc.constantFrom(0, 64, 1024, 6000) }), { minLength: 1, maxLength: 120 }),
  most: fc.boolean(),
  fitWeight: fc.integer({ min: 1, max: 5 }),
  balancedWeight: fc.integer({ min: 1, max: 5 }),
  tieFirst: fc.boolean(),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function build(s: Scenario) {
  const synthetic = syntheticCluster({ nodes: s.nodes, seed: s.clusterSeed, maxPodsPerNode: 1 });
  const nodes = synthetic.nodes.map((n, i) => {
    const node = n as { status: { allocatable: Record<string, string> } };
    return s.fewPodsEvery > 0 && i % s.fewPodsEvery === 0 ? { ...node, status: { ...node.status, allocatable: { ...node.status.allocatable, pods: "2" } } } : node;
  });
  const bound = synthetic.pods.map((p, i) => {
    if (s.overcommitEvery === 0 || i % s.overcommitEvery !== 0) return p;
    const pod = p as unknown as { spec: { containers: { resources: { requests: Record<string, string> } }[] } };
    // Over on one resource at a time: a pod not requesting it still fits there (fitsRequest skips it).
    const requests = { ...pod.spec.containers[0]!.resources.requests, ...(i % 2 === 0 ? { cpu: "200" } : { memory: "1Ti" }) };
    return { ...pod, spec: { ...pod.spec, containers: [{ ...pod.spec.containers[0]!, resources: { requests } }] } };
  });
  const cluster = createCluster({ nodes, pods: bound });
  const pods = s.pods.map((q, i) => {
    const requests: Record<string, string> = {};
    if (q.cpu > 0) requests["cpu"] = `${q.cpu}m`;
    if (q.memMi > 0) requests["memory"] = `${q.memMi}Mi`;
    return { apiVersion: "v1", kind: "Pod", metadata: { name: `p-${i}`, namespace: "default" }, spec: { containers: [{ name: "c", image: "app", resources: { requests } }] } };
  });
  const options: SchedulerOptions = {
    explain: false,
    percentageOfNodesToScore: 100,
    ...(s.tieFirst ? { tieBreak: "first" as const } : { seed: s.seed }),
    profile: {
      plugins: {
        multiPoint: {
          enabled: [
            { name: "NodeResourcesFit", weight: s.fitWeight },
            { name: "NodeResourcesBalancedAllocation", weight: s.balancedWeight },
          ],
          disabled: [{ name: "*" }],
        },
      },
      ...(s.most ? { pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy: { type: "MostAllocated" } } }] } : {}),
    },
  };
  return { cluster, pods, options };
}

describe("the fused filter and score pass (resource plugins only, every node examined)", () => {
  it.each(propertySeeds(20261206))(
    "places every pod as the TypeScript engine does (%s %i)",
    (_kind, seed) => {
      let fused = 0;
      assertProperty(
        "fused pass = TypeScript",
        fc.property(scenarioArb, (s) => {
          const { cluster, pods, options } = build(s);
          const ref = new Scheduler(cluster, options);
          const w = wasm.scheduler(cluster, options);
          try {
            expect(w.scheduleMany(pods)).toEqual(ref.scheduleMany(pods));
            // Then without assume: every pod sees the columns the placed pods left.
            expect(w.scheduleMany(pods, { assume: false })).toEqual(pods.map((p) => ref.schedule(p)));
            fused += w.stats.fusedPods;
          } finally {
            w.dispose();
          }
        }),
        runParameters(80, seed),
      );
      expect(fused).toBeGreaterThan(500);
    },
    PROPERTY_TIMEOUT ?? 300_000,
  );
});
