// PodTopologySpread's matching-pod columns (spread.ts shapeColumns) catch up on the nodes changed since they were
// current: through the log of the last generations' nodes when it reaches back that far and fewer nodes changed
// than there are, else by comparing every node's generation; both ways against the TypeScript engine. The node
// columns' sync does the same for changes made to a shared snapshot by others (long-lived.parity.test.ts:
// simulate's passes).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCluster, Scheduler, syntheticCluster, type PodInput, type SchedulerOptions } from "@schedkit/core";
import { createWasmEngineSync } from "./index.js";
import { assertProperty, PROPERTY_TIMEOUT, propertySeeds, runParameters } from "../../core/src/_test/long.js";
import { placements, playSteps } from "./_test/steps.js";

const wasm = createWasmEngineSync();
const OPTIONS: SchedulerOptions = { percentageOfNodesToScore: 100, seed: 11, explain: false };

/** A pod with its own soft zone spread over its app's pods; the requests vary, so every pod is its own run. */
const pod = (name: string, app: string, i: number): PodInput => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", labels: { app } },
  spec: {
    containers: [{ name: "c", image: "app:1", resources: { requests: { cpu: `${100 + ((i * 37) % 400)}m`, memory: `${64 + ((i * 53) % 400)}Mi` } } }],
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app } } }],
  },
});


describe("columns brought up to date after pods are removed", () => {
  const base = syntheticCluster({ nodes: 240, seed: 3 });
  const engines = () => {
    const ts = new Scheduler(createCluster(base), OPTIONS);
    const w = wasm.scheduler(createCluster(base), OPTIONS);
    return { ts, w };
  };
  const batch = (from: number, count: number) => Array.from({ length: count }, (_, i) => pod(`p${from + i}`, `app${(from + i) % 3}`, from + i));
  const both = (e: ReturnType<typeof engines>, pods: PodInput[]) => {
    const want = placements(e.ts.scheduleMany(pods));
    expect(placements(e.w.scheduleMany(pods))).toEqual(want);
    return want;
  };
  const remove = (e: ReturnType<typeof engines>, placed: unknown[][], picks: readonly number[]) => {
    for (const k of picks) {
      const [key, , node] = placed[k] as [string, string, string];
      e.ts.removePod(key, node);
      e.w.removePod(key, node);
    }
  };

  it("a few removals since the last run: the next pods see them (the log of changed nodes)", () => {
    const e = engines();
    const placed = both(e, batch(0, 30));
    remove(e, placed, [0, 4, 9]);
    both(e, batch(30, 20));
  });

  it("removals after more changes elsewhere than the log holds: every node is compared instead", () => {
    const e = engines();
    const placed = both(e, batch(0, 30));
    // Another cluster's scheduler assumes and removes a pod 40,000 times: 80,000 generations, more than the
    // log's 65,536, all on node indices the schedulers under test also have.
    const other = new Scheduler(createCluster(syntheticCluster({ nodes: 8, seed: 5 })), OPTIONS);
    const churn = other.prepare(pod("churn", "other", 0));
    const nodes = other.snapshot.nodes.map((ni) => ni.node.name);
    for (let i = 0; i < 40_000; i++) {
      const node = nodes[i % nodes.length]!;
      other.assume(churn, node);
      other.removePod("default/churn", node);
    }
    remove(e, placed, [1, 2, 12]);
    both(e, batch(30, 20));
  });

  it("changes to another snapshot's nodes at the same indices leave these columns as they are", () => {
    const e = engines();
    both(e, batch(0, 20));
    const other = new Scheduler(createCluster(base), OPTIONS);
    other.scheduleMany(batch(100, 40));
    both(e, batch(20, 20));
  });
});

describe("kept per-domain counts follow every change (random sequences of spreading pods and removals)", () => {
  // Pods of a few apps with their own soft spread on a domain key (zone, or a rack some nodes lack, so that
  // nodes without it are ignored or counted in "" as the policies say) or owned by their app's ReplicaSet
  // (the system defaults), required node affinity on some (nodes it excludes do not count), varied requests
  // (each pod its own kernel run, shapes interleaved); between
  // batches, bound pods removed. Each step's placements on the WebAssembly engine (both kernels) equal the
  // TypeScript engine's on its own copy of the cluster.
  const podArb = fc.record({
    app: fc.integer({ min: 0, max: 2 }),
    // Owned by its app's ReplicaSet, without constraints of its own: the system-default constraints (hostname
    // and zone, keys not all required) spread it.
    owned: fc.boolean(),
    cpu: fc.integer({ min: 50, max: 900 }),
    key: fc.constantFrom("topology.kubernetes.io/zone", "example.com/rack"),
    zoneAffinity: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
    maxSkew: fc.integer({ min: 1, max: 3 }),
  });
  type P = typeof podArb extends fc.Arbitrary<infer T> ? T : never;
  const stepArb = fc.oneof(fc.record({ op: fc.constant("schedule" as const), pods: fc.array(podArb, { minLength: 1, maxLength: 12 }) }), fc.record({ op: fc.constant("remove" as const), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }) }));
  const caseArb = fc.record({ nodes: fc.integer({ min: 4, max: 160 }), zones: fc.integer({ min: 1, max: 4 }), layout: fc.nat(1000), pct: fc.constantFrom(100, 30), seed: fc.nat(), steps: fc.array(stepArb, { minLength: 2, maxLength: 8 }) });

  const toPod = (p: P, i: number): PodInput => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: `q${i}`,
      namespace: "default",
      labels: { app: `app${p.app}` },
      ...(p.owned ? { ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: `rs${p.app}`, uid: `rs-${p.app}`, controller: true }] } : {}),
    },
    spec: {
      containers: [{ name: "c", image: "app:1", resources: { requests: { cpu: `${p.cpu}m`, memory: "64Mi" } } }],
      ...(p.owned ? {} : { topologySpreadConstraints: [{ maxSkew: p.maxSkew, topologyKey: p.key, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: `app${p.app}` } } }] }),
      ...(p.zoneAffinity === undefined
        ? {}
        : { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "NotIn", values: [`zone-${p.zoneAffinity}`] }] }] } } } }),
    },
  });

  for (const flavor of ["simd", "scalar"] as const) {
    const engine = createWasmEngineSync({ flavor });
    it.each(propertySeeds(20261206))(
      `${flavor} kernel (%s %i)`,
      (kind, seed) => {
        assertProperty(
          `kept spread counts, ${flavor} kernel (${kind})`,
          fc.property(caseArb, (c) => {
            const base = syntheticCluster({ nodes: c.nodes, zones: c.zones, seed: c.layout });
            // Every third node has a rack label: the others lack the key.
            const nodes = base.nodes.map((n, i) => (i % 3 === 0 ? { ...n, metadata: { ...n.metadata, labels: { ...n.metadata.labels, "example.com/rack": `r${i % 2}` } } } : n));
            const replicaSets = [0, 1, 2].map((a) => ({ apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: `rs${a}`, namespace: "default", uid: `rs-${a}` }, spec: { selector: { matchLabels: { app: `app${a}` } }, replicas: 1 } }));
            const data = [...nodes, ...base.pods, ...replicaSets];
            const options: SchedulerOptions = { percentageOfNodesToScore: c.pct, seed: c.seed, explain: false };
            const ts = new Scheduler(createCluster(data), options);
            const w = engine.scheduler(createCluster(data), options);
            try {
              let n = 0;
              playSteps(ts, w, c.steps.map((st) => (st.op === "schedule" ? { op: "schedule" as const, pods: st.pods.map((p) => toPod(p, n++)) } : st)));
            } finally {
              w.dispose();
            }
          }),
          runParameters(40, seed),
        );
      },
      PROPERTY_TIMEOUT,
    );
  }
});
