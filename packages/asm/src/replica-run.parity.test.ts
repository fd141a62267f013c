// How scheduleAll's queue hands replicas to kernel runs (scheduler.ts `each`, `runBatch`: a pod that shares the
// block of the pod before it adds one byte to the run, its plan and block kept per block; core schedule.ts
// runPasses' first pass over the queue itself, `gate`, `prepareRunQueue` and the pending pods' queue order kept
// per cluster): generated lists of replica groups — several templates one after another, requests that recur
// or change, controllers that repeat or alternate (system-default spreading through a Service), replicas no
// node fits interrupting runs, gated pods, pods for another scheduler, two priorities — on small clusters and
// clusters past minFeasibleNodesToFind, every percentageOfNodesToScore. Each run's results, summary, skipped and
// gated pods must equal the TypeScript engine's field for field and in key order (their JSON), in both
// kernels, and a second run on the same cluster (its queue order then kept from the first) equals the first.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCluster, tsEngine } from "@schedkit/core";
import { statsOf } from "./engine.js";
import { bothKernels, kernels, outcome } from "./_test/both-kernels.js";
import { assertProperty, LONG, PROPERTY_TIMEOUT, propertySeeds, runParameters } from "../../core/src/_test/long.js";

const HOSTNAME = "kubernetes.io/hostname";
const ZONE = "topology.kubernetes.io/zone";

interface Group {
  /** The controller (a ReplicaSet a Service's selector also selects), or null: pods of no controller. */
  readonly owner: "web" | "api" | null;
  /** Millicores; 64,000 fits no node (the cycle reports the replica, and the run resumes after it). */
  readonly cpu: number;
  readonly memory: string;
  readonly priority: number;
  readonly gated: boolean;
  readonly otherScheduler: boolean;
  readonly count: number;
}

interface Case {
  readonly nodes: readonly { zone: string | null; cpu: number }[];
  readonly groups: readonly Group[];
  readonly percentageOfNodesToScore: number;
  readonly tieBreak: "random" | "first";
  readonly seed: number;
}

const groupArb: fc.Arbitrary<Group> = fc.record({
  owner: fc.constantFrom<Group["owner"]>("web", "api", null),
  cpu: fc.constantFrom(100, 250, 500, 64000),
  memory: fc.constantFrom("64Mi", "128Mi"),
  priority: fc.constantFrom(0, 0, 0, 10),
  gated: fc.integer({ min: 0, max: 9 }).map((k) => k === 0),
  otherScheduler: fc.integer({ min: 0, max: 9 }).map((k) => k === 0),
  count: fc.integer({ min: 1, max: 25 }),
});

const caseArb: fc.Arbitrary<Case> = fc.oneof(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 120, max: 180 })).chain((n) =>
  fc.record({
    nodes: fc.array(fc.record({ zone: fc.constantFrom<string | null>("zone-a", "zone-b", "zone-c", null), cpu: fc.integer({ min: 1, max: 8 }) }), { minLength: n, maxLength: n }),
    groups: fc.array(groupArb, { minLength: 1, maxLength: 6 }),
    percentageOfNodesToScore: fc.constantFrom(0, 1, 5, 30, 50, 70, 100),
    tieBreak: fc.constantFrom("random" as const, "first" as const),
    seed: fc.nat({ max: 1000 }),
  }),
);

function objects(c: Case): object[] {
  const nodes = c.nodes.map((n, i) => ({
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: `node-${i}`, labels: { [HOSTNAME]: `node-${i}`, ...(n.zone === null ? {} : { [ZONE]: n.zone }) } },
    status: { allocatable: { cpu: String(n.cpu), memory: "8Gi", pods: "110" } },
  }));
  let k = 0;
  const pods = c.groups.flatMap((g, gi) => {
    // One template object per group, spread into each replica as a controller does (the parse shares its fields).
    const spec = {
      containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: `${g.cpu}m`, memory: g.memory } } }],
      ...(g.priority === 0 ? {} : { priority: g.priority }),
      ...(g.gated ? { schedulingGates: [{ name: "wait" }] } : {}),
      ...(g.otherScheduler ? { schedulerName: "other-scheduler" } : {}),
    };
    const owner = g.owner === null ? [] : [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: g.owner, uid: `rs-${g.owner}`, controller: true }];
    return Array.from({ length: g.count }, () => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `pod-${gi}-${k++}`, namespace: "default", labels: { app: g.owner ?? "solo" }, ownerReferences: owner },
      spec,
    }));
  });
  const services = ["web", "api"].map((name) => ({ apiVersion: "v1", kind: "Service", metadata: { name, namespace: "default" }, spec: { selector: { app: name } } }));
  return [...nodes, ...pods, ...services];
}

describe("replica groups handed to kernel runs equal the TypeScript engine's run, field for field", () => {
  it.each(propertySeeds(20261207))(
    "generated lists of replica groups, on %s",
    (which, seed) => {
      const before = kernels.map(([, e]) => statsOf(e));
      let ran = 0;
      let pods = 0;
      assertProperty(
        `replica groups (${which})`,
        fc.property(caseArb, (c) => {
          const options = { explain: false, seed: c.seed, percentageOfNodesToScore: c.percentageOfNodesToScore, tieBreak: c.tieBreak };
          const cluster = createCluster(objects(c));
          const want = outcome(() => tsEngine.scheduleAll(undefined, cluster, options));
          const got = outcome(() => bothKernels.scheduleAll(undefined, cluster, options));
          expect(got).toEqual(want);
          // Key order too: what a tool reading the JSON sees.
          expect(JSON.stringify(got)).toBe(JSON.stringify(want));
          // The same cluster again: its pending pods' queue order is the one kept from the first run.
          expect(JSON.stringify(outcome(() => bothKernels.scheduleAll(undefined, cluster, options)))).toBe(JSON.stringify(want));
          ran++;
          pods += 2 * c.groups.reduce((s, g) => s + g.count, 0);
        }),
        runParameters(60, seed),
      );
      const after = kernels.map(([, e]) => statsOf(e));
      const runPods = after[0]!.runPods - before[0]!.runPods;
      const cyclePods = after[0]!.cyclePods - before[0]!.cyclePods;
      console.log(`[parity] replica groups (seed ${seed}): ${ran} cases run twice, ${pods} pods; simd kernel: ${runPods} placed in kernel runs, ${cyclePods} through the cycle`);
      if (!LONG) expect(ran).toBe(60);
      // The runs are what this checks: most pods go through them.
      expect(runPods).toBeGreaterThan(cyclePods);
    },
    PROPERTY_TIMEOUT ?? 240_000,
  );
});
