// Replicas that spread, placed inside kernel runs (assembly/run.ts with a PodTopologySpread run block,
// assembly/spread.ts spreadTotals / spreadAssume): the counts the kernel keeps across the run's assumes must
// give what the TypeScript engine gives pod by pod. Generated Deployments-like runs — one shape, many
// replicas — on small clusters with hostname and zone keys, zone-less nodes and nodes whose zone is "",
// explicit constraints (maxSkew 1..5, both whenUnsatisfiable, minDomains) or the system defaults (a Service
// selects the pods), every percentageOfNodesToScore; the stats show which pods the kernel runs placed.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCluster, expandWorkload, Scheduler, syntheticCluster, tsEngine, type Engine, type RunOptions } from "@schedkit/core";
import { statsOf } from "./engine.js";
import { kernels as engines, outcome } from "./_test/both-kernels.js";
import { SPT_DOM_MARKS, SPT_MAX_GROUPS, TREE_GROUP_BYTES } from "../assembly/abi.js";
import { assertProperty, LONG, PROPERTY_TIMEOUT, propertySeeds, runParameters } from "../../core/src/_test/long.js";

const HOSTNAME = "kubernetes.io/hostname";
const ZONE = "topology.kubernetes.io/zone";

interface Constraint {
  readonly key: string;
  readonly maxSkew: number;
  readonly whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
  readonly minDomains: number | null;
}

type Effect = "NoSchedule" | "PreferNoSchedule";

interface Case {
  /** Per node: its zone (null: no zone label), cpu cores and the effect of its taint (null: none). */
  readonly nodes: readonly { zone: string | null; cpu: number; taint: Effect | null }[];
  /** Bound pods: node position, whether they carry the replicas' labels, their namespace. */
  readonly bound: readonly { node: number; web: boolean; ns: string }[];
  readonly replicas: number;
  /** Explicit constraints, or null for the system defaults (a Service selects the replicas). */
  readonly constraints: readonly Constraint[] | null;
  readonly cpu: number;
  readonly percentageOfNodesToScore: number;
  readonly tieBreak: "random" | "first";
  readonly seed: number;
}

const constraintArb: fc.Arbitrary<Constraint> = fc
  .record({
    key: fc.constantFrom(HOSTNAME, ZONE),
    maxSkew: fc.integer({ min: 1, max: 5 }),
    whenUnsatisfiable: fc.constantFrom("DoNotSchedule" as const, "ScheduleAnyway" as const),
    minDomains: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  })
  // minDomains is valid only with DoNotSchedule (validation.go validateMinDomains).
  .map((c) => (c.whenUnsatisfiable === "DoNotSchedule" ? c : { ...c, minDomains: null }));

// Small clusters (every node examined whatever the percentage) and clusters past minFeasibleNodesToFind
// (100) with more feasible nodes than that, where the percentage makes a rotating window of some of them.
const caseArb: fc.Arbitrary<Case> = fc
  .oneof(fc.integer({ min: 2, max: 16 }), fc.integer({ min: 130, max: 260 }))
  .chain((n) =>
    fc.record({
      nodes: fc.array(
        fc.record({
          zone: fc.constantFrom<string | null>("zone-a", "zone-b", "zone-c", "", null),
          cpu: fc.integer({ min: 1, max: 4 }),
          // NoSchedule filters the node out; PreferNoSchedule gives TaintToleration a normalized score.
          taint: fc.integer({ min: 0, max: n > 100 ? 19 : 3 }).map((k): Effect | null => (k === 0 ? "NoSchedule" : k === 1 ? "PreferNoSchedule" : null)),
        }),
        { minLength: n, maxLength: n },
      ),
      bound: fc.array(fc.record({ node: fc.nat({ max: n - 1 }), web: fc.boolean(), ns: fc.constantFrom("default", "other") }), { maxLength: 12 }),
      replicas: fc.integer({ min: 2, max: 40 }),
      constraints: fc.option(fc.uniqueArray(constraintArb, { minLength: 1, maxLength: 2, selector: (c) => c.key }), { nil: null, freq: 3 }),
      cpu: fc.constantFrom(100, 250, 500),
      percentageOfNodesToScore: fc.constantFrom(0, 1, 5, 30, 50, 70, 100),
      tieBreak: fc.constantFrom("random" as const, "first" as const),
      seed: fc.nat({ max: 1000 }),
    }),
  );

/** The case's objects; with `varied`, replica i asks for 10·i more millicores, so that each is its own pod shape. */
function objects(c: Case, varied = false): object[] {
  const nodeName = (i: number) => `node-${i}`;
  const nodes = c.nodes.map((n, i) => ({
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: nodeName(i), labels: { [HOSTNAME]: nodeName(i), ...(n.zone === null ? {} : { [ZONE]: n.zone }) } },
    spec: n.taint === null ? {} : { taints: [{ key: "dedicated", value: "batch", effect: n.taint }] },
    status: { allocatable: { cpu: String(n.cpu), memory: "8Gi", pods: "110" } },
  }));
  const pod = (name: string, ns: string, web: boolean, extra: object, cpu = c.cpu) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ns, labels: { app: web ? "web" : "db" } },
    spec: { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: `${cpu}m`, memory: "64Mi" } } }], ...extra },
  });
  const bound = c.bound.map((b, i) => pod(`bound-${i}`, b.ns, b.web, { nodeName: nodeName(b.node) }));
  const spread =
    c.constraints === null
      ? {}
      : {
          topologySpreadConstraints: c.constraints.map((k) => ({
            topologyKey: k.key,
            maxSkew: k.maxSkew,
            whenUnsatisfiable: k.whenUnsatisfiable,
            labelSelector: { matchLabels: { app: "web" } },
            ...(k.minDomains === null ? {} : { minDomains: k.minDomains }),
          })),
        };
  const replicas = Array.from({ length: c.replicas }, (_, i) => pod(`web-${i}`, "default", true, spread, varied ? c.cpu + 10 * i : c.cpu));
  const services =
    c.constraints === null ? [{ apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" } } }] : [];
  return [...nodes, ...bound, ...replicas, ...services];
}

/** scheduleAll of the pending pods in `objs` gives in `wasm` what it gives in the TypeScript engine, result by result. */
function expectTypeScriptPlacements(wasm: Engine, objs: readonly object[], options: RunOptions): void {
  expect(outcome(() => wasm.scheduleAll(undefined, createCluster(objs), options))).toEqual(outcome(() => tsEngine.scheduleAll(undefined, createCluster(objs), options)));
}

/** A case's run options, explanations off. */
function caseOptions(c: Case): RunOptions {
  return { explain: false, seed: c.seed, percentageOfNodesToScore: c.percentageOfNodesToScore, tieBreak: c.tieBreak };
}

describe.each(engines)("replica runs that spread, in the %s kernel, equal the TypeScript engine pod by pod", (flavor, wasm) => {
  it.each(propertySeeds(20261205))(
    "generated Deployments-like runs, on %s",
    (_which, seed) => {
      const before = statsOf(wasm);
      let ran = 0;
      let softPods = 0;
      assertProperty(
        `spreading replica runs, ${flavor} kernel`,
        fc.property(caseArb, (c) => {
          expectTypeScriptPlacements(wasm, objects(c), caseOptions(c));
          ran++;
          if (c.constraints === null || c.constraints.every((k) => k.whenUnsatisfiable === "ScheduleAnyway")) softPods += c.replicas;
        }),
        runParameters(120, seed),
      );
      const after = statsOf(wasm);
      const runs = (after.podKernel["PodTopologySpread.run"] ?? 0) - (before.podKernel["PodTopologySpread.run"] ?? 0);
      const tree = after.treePods - before.treePods;
      const misses = after.treeMisses - before.treeMisses;
      const walks = after.windowWalks - before.windowWalks;
      console.log(
        `[parity] spreading replica runs, ${flavor} kernel (seed ${seed}): ${ran} cases, ${runs} of ${softPods} soft-spreading replicas placed in kernel runs, ${tree} through the group trees (${walks} of them by a walk of their window), ${misses} scanned for a normalization maximum`,
      );
      if (!LONG) expect(ran).toBe(120);
      // Most soft-spreading replicas go through kernel runs (the others: a replica no node fits, which the
      // cycle reports, and the one after it).
      expect(runs).toBeGreaterThan(softPods / 2);
      // Most of those through the group trees (assembly/spreadtree.ts): all but each run's first replica,
      // and those of shapes whose scorers are not node-local.
      expect(tree).toBeGreaterThan(runs / 2);
      // Windows of some of the nodes (clusters past 100 nodes, percentages below 100) are walked.
      expect(walks).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT ?? 240_000,
  );
});

// The same cases with every replica its own pod shape (requests that differ): no group trees, so each replica is
// scanned in its kernel run and PodTopologySpread's score runs over its feasible nodes (assembly/spread.ts): per
// present domain for one domain constraint, per (hostname count, domain) pair for a hostname and a domain
// constraint in either order (spreadScorePair, which leaves counts past its table to spreadScore's passes).
describe.each(engines)("spreading pods of differing requests, scanned in the %s kernel, equal the TypeScript engine pod by pod", (flavor, wasm) => {
  it.each(propertySeeds(20261207))(
    "generated runs, on %s",
    (_which, seed) => {
      const before = statsOf(wasm);
      let ran = 0;
      assertProperty(
        `spreading pods of differing requests, ${flavor} kernel`,
        fc.property(caseArb, (c) => {
          expectTypeScriptPlacements(wasm, objects(c, true), caseOptions(c));
          ran++;
        }),
        runParameters(120, seed),
      );
      const after = statsOf(wasm);
      const runs = (after.podKernel["PodTopologySpread.run"] ?? 0) - (before.podKernel["PodTopologySpread.run"] ?? 0);
      console.log(`[parity] spreading pods of differing requests, ${flavor} kernel (seed ${seed}): ${ran} cases, ${runs} pods scanned in kernel runs, ${after.treePods - before.treePods} through trees`);
      if (!LONG) expect(ran).toBe(120);
      expect(runs).toBeGreaterThan(0);
      expect(after.treePods - before.treePods).toBe(0);
    },
    PROPERTY_TIMEOUT ?? 240_000,
  );
});

// spreadScorePair's table at its bound: 16 nodes in two zones (zone ids "", zone-a, zone-b) give the hostname
// constraint's table 17 f64 (one per hostname domain id), room for rows of top + 2 ≤ 4 per zone id and the
// zone-less row, so hostname counts up to 2 are scored per pair and a count of 3 leaves the pod to spreadScore's
// passes. 64 system-default spreading replicas of differing requests cross it on every node: the early ones
// through the pairs, the later ones through the passes (checked once by trapping each path), all as TypeScript.
describe.each(engines)("the %s kernel's pair scores at their table's bound", (_flavor, wasm) => {
  it("places system-default spreading replicas as TypeScript does while the hostname counts pass 2", () => {
    const nodes = Array.from({ length: 16 }, (_, i) => ({
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: `node-${i}`, labels: { [HOSTNAME]: `node-${i}`, [ZONE]: i % 2 === 0 ? "zone-a" : "zone-b" } },
      status: { allocatable: { cpu: "16", memory: "32Gi", pods: "110" } },
    }));
    const replicas = Array.from({ length: 64 }, (_, i) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `web-${i}`, namespace: "default", labels: { app: "web" } },
      spec: { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: `${100 + 10 * i}m`, memory: "64Mi" } } }] },
    }));
    const service = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" } } };
    const before = statsOf(wasm);
    for (const percentageOfNodesToScore of [100, 50]) expectTypeScriptPlacements(wasm, [...nodes, ...replicas, service], { explain: false, seed: 3, percentageOfNodesToScore });
    const after = statsOf(wasm);
    expect((after.podKernel["PodTopologySpread.run"] ?? 0) - (before.podKernel["PodTopologySpread.run"] ?? 0)).toBe(128);
  });
});

// Pods of several kinds pending together, each kind with its own node selection (a nodeSelector or not, a
// toleration or not, each inclusion policy Honor, Ignore or unset) and one or two constraints over the spread of
// one app, or the system defaults, each pod its own requests, some leaving kernel runs for their own cycle: every
// pod must count its own nodes and matching pods, in runs (counts kept across assumes) and in cycles (counted
// per pod), whatever the kernel kept for the kinds before it.
type Kind = {
  readonly keys: readonly string[];
  readonly whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
  readonly ssd: boolean;
  readonly tolerates: boolean;
  readonly nodeAffinityPolicy: string | null;
  readonly nodeTaintsPolicy: string | null;
  readonly systemDefaults: boolean;
  /** A preferred pod affinity term (to no pod): the pod leaves kernel runs for its own cycle, scored by the kernel. */
  readonly cycle: boolean;
};
const kindArb: fc.Arbitrary<Kind> = fc.record({
  keys: fc.shuffledSubarray([HOSTNAME, ZONE], { minLength: 1 }),
  whenUnsatisfiable: fc.constantFrom("ScheduleAnyway" as const, "ScheduleAnyway" as const, "DoNotSchedule" as const),
  ssd: fc.boolean(),
  tolerates: fc.boolean(),
  nodeAffinityPolicy: fc.constantFrom<string | null>("Honor", "Ignore", null),
  nodeTaintsPolicy: fc.constantFrom<string | null>("Honor", "Honor", "Ignore", null),
  systemDefaults: fc.boolean(),
  cycle: fc.boolean(),
});
/**
 * The kind with one input changed: two pod shapes that differ in exactly one input the spread columns read, whose
 * counted nodes and matching pods must each stay their own. The toleration is drawn twice as often: a mix-up there
 * shows only with a NoSchedule node and nodeTaintsPolicy Honor.
 */
function flip(k: Kind, what: number): Kind {
  const cycle = (v: string | null) => (v === "Honor" ? "Ignore" : v === "Ignore" ? null : "Honor");
  switch (what) {
    case 0:
      return { ...k, ssd: !k.ssd };
    case 1:
      return { ...k, tolerates: !k.tolerates };
    case 2:
      return { ...k, nodeAffinityPolicy: cycle(k.nodeAffinityPolicy) };
    case 3:
      return { ...k, nodeTaintsPolicy: cycle(k.nodeTaintsPolicy) };
    case 4:
      return { ...k, keys: k.keys.length === 2 ? [k.keys[0]!] : [...k.keys, k.keys[0] === ZONE ? HOSTNAME : ZONE] };
    default:
      return { ...k, systemDefaults: !k.systemDefaults };
  }
}
const kindsArb = fc.record({
  nodes: fc.array(
    fc.record({ zone: fc.constantFrom<string | null>("zone-a", "zone-b", "zone-c", null), ssd: fc.boolean(), taint: fc.constantFrom<string | null>(null, "PreferNoSchedule", "NoSchedule") }),
    { minLength: 3, maxLength: 24 },
  ),
  kinds: fc.tuple(kindArb, fc.array(fc.constantFrom(0, 1, 1, 2, 3, 4, 5), { minLength: 1, maxLength: 3 })).map(([base, flips]) => [base, ...flips.map((f) => flip(base, f))]),
  pods: fc.array(fc.nat({ max: 3 }), { minLength: 2, maxLength: 40 }),
  percentageOfNodesToScore: fc.constantFrom(0, 50, 100),
  seed: fc.nat({ max: 1000 }),
});

function kindObjects(c: typeof kindsArb extends fc.Arbitrary<infer T> ? T : never): object[] {
  const nodes = c.nodes.map((n, i) => ({
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: `node-${i}`, labels: { [HOSTNAME]: `node-${i}`, disk: n.ssd ? "ssd" : "hdd", ...(n.zone === null ? {} : { [ZONE]: n.zone }) } },
    spec: n.taint === null ? {} : { taints: [{ key: "dedicated", value: "batch", effect: n.taint }] },
    status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" } },
  }));
  const pods = c.pods.map((k, i) => {
    const kind = c.kinds[k % c.kinds.length]!;
    const constraints = kind.keys.map((topologyKey) => ({
      topologyKey,
      maxSkew: 1,
      whenUnsatisfiable: kind.whenUnsatisfiable,
      labelSelector: { matchLabels: { app: "web" } },
      ...(kind.nodeAffinityPolicy === null ? {} : { nodeAffinityPolicy: kind.nodeAffinityPolicy }),
      ...(kind.nodeTaintsPolicy === null ? {} : { nodeTaintsPolicy: kind.nodeTaintsPolicy }),
    }));
    return {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `web-${i}`, namespace: "default", labels: { app: "web" } },
      spec: {
        containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: `${100 + 10 * i}m`, memory: "64Mi" } } }],
        ...(kind.ssd ? { nodeSelector: { disk: "ssd" } } : {}),
        ...(kind.tolerates ? { tolerations: [{ key: "dedicated", operator: "Exists" }] } : {}),
        ...(kind.systemDefaults ? {} : { topologySpreadConstraints: constraints }),
        ...(kind.cycle ? { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { labelSelector: { matchLabels: { app: "none" } }, topologyKey: HOSTNAME } }] } } } : {}),
      },
    };
  });
  const service = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" } } };
  return [...nodes, ...pods, service];
}

describe.each(engines)("pods of several kinds spreading one app, in the %s kernel, equal the TypeScript engine pod by pod", (flavor, wasm) => {
  it.each(propertySeeds(20261208))(
    "generated runs, on %s",
    (_which, seed) => {
      const before = statsOf(wasm);
      let ran = 0;
      assertProperty(
        `pods of several kinds spreading one app, ${flavor} kernel`,
        fc.property(kindsArb, (c) => {
          expectTypeScriptPlacements(wasm, kindObjects(c), { explain: false, seed: c.seed, percentageOfNodesToScore: c.percentageOfNodesToScore });
          ran++;
        }),
        runParameters(150, seed),
      );
      const after = statsOf(wasm);
      const count = (k: string) => (after.podKernel[k] ?? 0) - (before.podKernel[k] ?? 0);
      console.log(`[parity] pods of several kinds, ${flavor} kernel (seed ${seed}): ${ran} cases, ${count("PodTopologySpread.run")} pods scored in kernel runs, ${count("PodTopologySpread.score")} in their cycle`);
      if (!LONG) expect(ran).toBe(150);
      // Both places the kernel scores spreading: runs (counts kept) and a pod's own cycle (counted per pod).
      expect(count("PodTopologySpread.run")).toBeGreaterThan(0);
      expect(count("PodTopologySpread.score")).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT ?? 240_000,
  );
});

// Windows that miss the normalization maximum between windows that reach it: clusters past
// minFeasibleNodesToFind with one to three PreferNoSchedule nodes (TaintToleration's maximum), 2 to 40 zones
// (few groups: range queries; many: walked windows), percentages below 100. The property above rarely draws
// such clusters (its runs print how many replicas were scanned for a normalization maximum); here every case
// alternates scanned replicas with replicas through the trees, where the trees once read domain marks a scan
// had left (see "replicas scanned between replicas placed through the group trees" below).
const missArb = fc
  .record({
    n: fc.integer({ min: 110, max: 220 }),
    zones: fc.integer({ min: 2, max: 40 }),
    tainted: fc.uniqueArray(fc.nat({ max: 109 }), { minLength: 1, maxLength: 3 }),
    replicas: fc.integer({ min: 10, max: 50 }),
    percentageOfNodesToScore: fc.constantFrom(20, 40, 60, 80),
    tieBreak: fc.constantFrom("random" as const, "first" as const),
    seed: fc.nat({ max: 1000 }),
    layout: fc.nat({ max: 1000 }),
  })
  .map(
    (m): Case => ({
      // Zones of uneven sizes, laid out from the layout seed (a node's zone: an LCG step of its index).
      nodes: Array.from({ length: m.n }, (_, i) => ({ zone: `zone-${((i * 7919 + m.layout * 104729) >>> 0) % m.zones}`, cpu: 4, taint: m.tainted.includes(i) ? ("PreferNoSchedule" as const) : null })),
      bound: [],
      replicas: m.replicas,
      constraints: null,
      cpu: 100,
      percentageOfNodesToScore: m.percentageOfNodesToScore,
      tieBreak: m.tieBreak,
      seed: m.seed,
    }),
  );

describe.each(engines)("replicas scanned for a normalization miss between replicas through the trees, in the %s kernel, equal the TypeScript engine", (flavor, wasm) => {
  it.each(propertySeeds(20261206))(
    "generated runs, on %s",
    (_which, seed) => {
      const before = statsOf(wasm);
      let ran = 0;
      assertProperty(
        `replicas scanned between tree replicas, ${flavor} kernel`,
        fc.property(missArb, (c) => {
          expectTypeScriptPlacements(wasm, objects(c), caseOptions(c));
          ran++;
        }),
        runParameters(25, seed),
      );
      const after = statsOf(wasm);
      const tree = after.treePods - before.treePods;
      const misses = after.treeMisses - before.treeMisses;
      const walks = after.windowWalks - before.windowWalks;
      console.log(`[parity] replicas scanned between tree replicas, ${flavor} kernel (seed ${seed}): ${ran} cases, ${tree} replicas through the group trees (${walks} by a walk of their window), ${misses} scanned for a normalization maximum`);
      if (!LONG) expect(ran).toBe(25);
      // Both paths ran, and both ways of counting a window.
      expect(misses).toBeGreaterThan(0);
      expect(tree - walks).toBeGreaterThan(0);
      expect(walks).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT ?? 120_000,
  );
});

// The bench's Deployment at smaller sizes: syntheticCluster (zones, bound pods, tainted nodes, mixed node
// sizes) of 400–1,500 nodes, one Deployment of half to twice as many replicas with system-default spreading, the
// default adaptive percentage, every node, or a fixed percentage. Windows there hold hundreds of groups, walked
// or counted by range queries, over the top bits and the kept domain counts: the paths the small clusters above
// reach one at a time.
const syntheticArb = fc.record({
  nodes: fc.integer({ min: 400, max: 1500 }),
  layout: fc.integer({ min: 1, max: 1000 }),
  perNode: fc.constantFrom(0.5, 1, 2),
  percentageOfNodesToScore: fc.constantFrom<number | undefined>(undefined, 100, 30, 5),
  seed: fc.nat({ max: 1000 }),
});

describe.each(engines)("Deployments on synthetic clusters of 400–1,500 nodes, in the %s kernel, equal the TypeScript engine", (flavor, wasm) => {
  it.each(propertySeeds(20261205))(
    "generated runs, on %s",
    (_which, seed) => {
      const before = statsOf(wasm);
      let ran = 0;
      assertProperty(
        `synthetic-cluster Deployments, ${flavor} kernel`,
        fc.property(syntheticArb, (c) => {
          const base = syntheticCluster({ nodes: c.nodes, seed: c.layout });
          const nodes = createCluster({ nodes: base.nodes, pods: [] }).nodes;
          const replicas = Math.round(c.nodes * c.perNode);
          const template = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "registry.example/app:1.0", resources: { requests: { cpu: "100m", memory: "128Mi" } } }] } };
          const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "bench" }, spec: { replicas, selector: { matchLabels: { app: "web" } }, template } };
          const expansion = expandWorkload(deployment, "deployment", { nodes })!;
          const objs = [...base.nodes, ...base.pods, ...expansion.controllers, ...expansion.pods];
          const options = { explain: false, seed: c.seed, ...(c.percentageOfNodesToScore === undefined ? {} : { percentageOfNodesToScore: c.percentageOfNodesToScore }) };
          expect(outcome(() => wasm.scheduleAll(undefined, createCluster(objs), options))).toEqual(outcome(() => tsEngine.scheduleAll(undefined, createCluster(objs), options)));
          ran++;
        }),
        runParameters(6, seed),
      );
      const after = statsOf(wasm);
      console.log(`[parity] synthetic-cluster Deployments, ${flavor} kernel (seed ${seed}): ${ran} cases, ${after.treePods - before.treePods} replicas through the group trees, ${after.tieWalks - before.tieWalks} tie walks, ${after.windowWalks - before.windowWalks} window walks`);
      if (!LONG) expect(ran).toBe(6);
      expect(after.treePods - before.treePods).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT ?? 180_000,
  );
});

describe.each(engines)("the %s kernel's spreading runs", (_flavor, wasm) => {
  // Six nodes, two zones, one zone-less node and one whose zone is "": a Service's system-default spreading
  // (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway) over 30 replicas.
  const node = (name: string, zone: string | null) => ({
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { [HOSTNAME]: name, ...(zone === null ? {} : { [ZONE]: zone }) } },
    status: { allocatable: { cpu: "8", memory: "32Gi", pods: "110" } },
  });
  const replica = (i: number, spec: object = {}) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `web-${i}`, namespace: "default", labels: { app: "web" } },
    spec: { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "100m", memory: "64Mi" } } }], ...spec },
  });
  const service = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" } } };
  const nodes = [node("a1", "zone-a"), node("a2", "zone-a"), node("b1", "zone-b"), node("b2", "zone-b"), node("n1", null), node("e1", "")];

  describe("system-default constraints", () => {
    it("places every replica inside kernel runs, through the group trees, as TypeScript places them", () => {
      const objs = [...nodes, ...Array.from({ length: 30 }, (_, i) => replica(i)), service];
      const before = statsOf(wasm);
      const got = wasm.scheduleAll(undefined, createCluster(objs), { explain: false, seed: 11 });
      expect(got).toEqual(tsEngine.scheduleAll(undefined, createCluster(objs), { explain: false, seed: 11 }));
      const after = statsOf(wasm);
      expect(after.podKernel["PodTopologySpread.run"]! - (before.podKernel["PodTopologySpread.run"] ?? 0)).toBe(30);
      expect(after.treePods - before.treePods).toBe(30);
      expect(after.cyclePods - before.cyclePods).toBe(0);
    });

    it("gives results with TypeScript's fields in its order, `cycle` last, and none to scheduleMany's", () => {
      const objs = [...nodes, ...Array.from({ length: 30 }, (_, i) => replica(i)), service];
      const got = wasm.scheduleAll(undefined, createCluster(objs), { explain: false, seed: 11 });
      const want = tsEngine.scheduleAll(undefined, createCluster(objs), { explain: false, seed: 11 });
      expect(JSON.stringify(got.results)).toBe(JSON.stringify(want.results));
      expect(got.results.map((r) => Object.keys(r))).toEqual(want.results.map((r) => Object.keys(r)));
      expect(Object.keys(got.results[0]!).at(-1)).toBe("cycle");
      const s = wasm.scheduler(createCluster(objs), { explain: false, seed: 11 });
      try {
        const many = s.scheduleMany(Array.from({ length: 30 }, (_, i) => ({ ...replica(100 + i) })));
        expect(s.stats.runPods).toBe(30);
        expect(many.every((r) => !("cycle" in r))).toBe(true);
      } finally {
        s.dispose();
      }
    });
  });

  describe("many groups tied for the best total", () => {
    it("picks the tie-break's node by walking the window in examination order, as TypeScript picks it", () => {
      // Twelve identical empty nodes in six zones, every node examined: the first replicas see six (count,
      // zone) groups with one top total, past the DESCENT_GROUPS a descent reads (assembly/spreadtree.ts).
      const flat = Array.from({ length: 12 }, (_, i) => node(`t${i}`, `zone-${i % 6}`));
      const objs = [...flat, ...Array.from({ length: 40 }, (_, i) => replica(i)), service];
      for (const seed of [1, 2, 3]) {
        const every = { explain: false, seed, percentageOfNodesToScore: 100 };
        const before = statsOf(wasm);
        expect(wasm.scheduleAll(undefined, createCluster(objs), every)).toEqual(tsEngine.scheduleAll(undefined, createCluster(objs), every));
        const after = statsOf(wasm);
        expect(after.treePods - before.treePods).toBe(40);
        expect(after.tieWalks - before.tieWalks).toBeGreaterThan(0);
      }
    });
  });

  describe("the tie pick's walk over the nodes holding their group's top (spreadtree.ts topBits)", () => {
    // Nodes of mixed sizes in 5–8 zones, every node examined, several replicas per node: groups' tops rise and
    // fall as replicas land, nodes leave their group's top and come back to it, and the pick's walk reads only
    // the nodes whose bit says they may hold a top (clearing the bits it finds stale on the way).
    const mixedArb = fc.record({
      zones: fc.integer({ min: 5, max: 8 }),
      // Up to 40 nodes (one word of top bits) or 65–130 (walks that cross words).
      cpus: fc.oneof(fc.array(fc.constantFrom(2, 4, 8, 16), { minLength: 8, maxLength: 40 }), fc.array(fc.constantFrom(2, 4, 8, 16), { minLength: 65, maxLength: 130 })),
      perNode: fc.integer({ min: 2, max: 4 }),
      milli: fc.constantFrom(100, 250, 500),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    });
    it.each(propertySeeds(20261208))("places every replica where TypeScript places it, on %s", (_which, seed) => {
      const before = statsOf(wasm);
      assertProperty(
        `tie walks over top bits, ${_flavor} kernel`,
        fc.property(mixedArb, (c) => {
          const mixed = c.cpus.map((cpu, i) => ({ ...node(`m${i}`, `zone-${i % c.zones}`), status: { allocatable: { cpu: `${cpu}`, memory: `${cpu * 4}Gi`, pods: "110" } } }));
          const sized = (i: number) => replica(i, { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: `${c.milli}m`, memory: "256Mi" } } }] });
          const objs = [...mixed, ...Array.from({ length: c.perNode * c.cpus.length }, (_, i) => sized(i)), service];
          const every = { explain: false, seed: c.seed, percentageOfNodesToScore: 100 };
          expect(wasm.scheduleAll(undefined, createCluster(objs), every)).toEqual(tsEngine.scheduleAll(undefined, createCluster(objs), every));
        }),
        runParameters(40, seed),
      );
      const after = statsOf(wasm);
      expect(after.tieWalks - before.tieWalks).toBeGreaterThan(0);
    });

    it("walks the window node by node where it is some of the nodes: a tied node holds its group's top within the window only", () => {
      // A 600-replica Deployment on the synthetic 700-node cluster, adaptive %: some windows count their groups
      // by range queries and tie more groups than a descent reads, where a walk over the top bits (which
      // follow each group's top over every node) picked other nodes than TypeScript.
      const base = syntheticCluster({ nodes: 700, seed: 1 });
      const nodes = createCluster({ nodes: base.nodes, pods: [] }).nodes;
      const deployment = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", namespace: "bench" },
        spec: { replicas: 600, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "registry.example/app:1.0", resources: { requests: { cpu: "100m", memory: "128Mi" } } }] } } },
      };
      const expansion = expandWorkload(deployment, "deployment", { nodes })!;
      const objs = [...base.nodes, ...base.pods, ...expansion.controllers, ...expansion.pods];
      const before = statsOf(wasm);
      expect(wasm.scheduleAll(undefined, createCluster(objs), { explain: false, seed: 7 })).toEqual(tsEngine.scheduleAll(undefined, createCluster(objs), { explain: false, seed: 7 }));
      const after = statsOf(wasm);
      expect(after.treePods - before.treePods).toBeGreaterThan(590);
      expect(after.tieWalks - before.tieWalks).toBeGreaterThan(after.windowWalks - before.windowWalks);
    });
  });

  describe("domain counts kept for a window of every node (spreadtree.ts DOM_LIVE, SPT_DOM_MARKS)", () => {
    it("places the replicas as TypeScript does on either side of the domain ids the counts hold", () => {
      // One node per zone, every node examined, system-default spreading: zone ids up to SPT_DOM_MARKS use
      // the kept counts, one more counts the domains per pod. Both must agree with TypeScript (the small-zone
      // property above is the one that sees a domain count off by one: at 256 zones ln(domains + 2) moves by
      // 0.4 % per domain, below the raw scores' rounding).
      for (const zones of [SPT_DOM_MARKS - 1, SPT_DOM_MARKS, SPT_DOM_MARKS + 1]) {
        const many = Array.from({ length: zones }, (_, i) => node(`d${i}`, `zone-${i}`));
        const objs = [...many, ...Array.from({ length: 40 }, (_, i) => replica(i)), service];
        const every = { explain: false, seed: 3, percentageOfNodesToScore: 100 };
        const before = statsOf(wasm);
        expect(wasm.scheduleAll(undefined, createCluster(objs), every)).toEqual(tsEngine.scheduleAll(undefined, createCluster(objs), every));
        expect(statsOf(wasm).treePods - before.treePods).toBe(40);
      }
    });
  });

  describe("a run longer than the blocks a kernel call holds", () => {
    it("shares one block among consecutive replicas and places all of them in one kernel call", () => {
      // 1,100 replicas (past RUN_BATCH = 1,024 blocks, scheduler.ts) on 16 nodes with room for all.
      const room = Array.from({ length: 16 }, (_, i) => node(`r${i}`, `zone-${i % 3}`));
      const objs = [...room, ...Array.from({ length: 1100 }, (_, i) => replica(i)), service];
      const before = statsOf(wasm);
      const got = wasm.scheduleAll(undefined, createCluster(objs), { explain: false, seed: 5 });
      expect(got).toEqual(tsEngine.scheduleAll(undefined, createCluster(objs), { explain: false, seed: 5 }));
      expect(got.summary.scheduled).toBe(1100);
      const after = statsOf(wasm);
      expect(after.runPods - before.runPods).toBe(1100);
      expect(after.runCalls - before.runCalls).toBe(1);
    });

    it("stops where a replica does not fit, and the cycle reports it and the rest as TypeScript does", () => {
      // 1 CPU replicas on six 8-CPU nodes: 48 fit; the 49th stops the kernel run (FitError, PostFilter).
      const big = (i: number) => replica(i, { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "1", memory: "64Mi" } } }] });
      const objs = [...nodes, ...Array.from({ length: 1100 }, (_, i) => big(i)), service];
      const before = statsOf(wasm);
      const got = wasm.scheduleAll(undefined, createCluster(objs), { explain: false, seed: 5 });
      expect(got).toEqual(tsEngine.scheduleAll(undefined, createCluster(objs), { explain: false, seed: 5 }));
      expect(got.summary.scheduled).toBe(48);
      expect(statsOf(wasm).runPods - before.runPods).toBe(48);
    });
  });

  describe("more distinct keys than the group trees hold", () => {
    it("places every replica through the trees when the keys fill the SPT_MAX_GROUPS groups exactly", () => {
      // One zone per node, every node examined: a group per zone (an assume moves its node to the group of its
      // new count and frees the old one), SPT_MAX_GROUPS in all.
      const full = Array.from({ length: SPT_MAX_GROUPS }, (_, i) => node(`z${i}`, `zone-${i}`));
      const objs = [...full, ...Array.from({ length: 20 }, (_, i) => replica(i)), service];
      const every = { explain: false, seed: 9, percentageOfNodesToScore: 100 };
      const before = statsOf(wasm);
      expect(wasm.scheduleAll(undefined, createCluster(objs), every)).toEqual(tsEngine.scheduleAll(undefined, createCluster(objs), every));
      expect(statsOf(wasm).treePods - before.treePods).toBe(20);
    });

    it("scans the replicas instead, with the same placements, and uses the trees again on the next cluster", () => {
      // One zone per node, every node examined: a group per zone, one past the SPT_MAX_GROUPS a region holds.
      const many = Array.from({ length: SPT_MAX_GROUPS + 1 }, (_, i) => node(`z${i}`, `zone-${i}`));
      const objs = [...many, ...Array.from({ length: 20 }, (_, i) => replica(i)), service];
      const every = { explain: false, seed: 9, percentageOfNodesToScore: 100 };
      const before = statsOf(wasm);
      expect(wasm.scheduleAll(undefined, createCluster(objs), every)).toEqual(tsEngine.scheduleAll(undefined, createCluster(objs), every));
      const mid = statsOf(wasm);
      expect(mid.podKernel["PodTopologySpread.run"]! - (before.podKernel["PodTopologySpread.run"] ?? 0)).toBe(20);
      expect(mid.treePods - before.treePods).toBe(0);
      const few = [...nodes, ...Array.from({ length: 20 }, (_, i) => replica(i)), service];
      expect(wasm.scheduleAll(undefined, createCluster(few), { explain: false, seed: 9 })).toEqual(tsEngine.scheduleAll(undefined, createCluster(few), { explain: false, seed: 9 }));
      expect(statsOf(wasm).treePods - mid.treePods).toBe(20);
    });
  });

  describe("the group trees' memory budget (spread.ts SPREAD_TREE_BUDGET, 96 MiB)", () => {
    // 4,097 nodes: trees of 8,192 leaves (256 KiB each), 96 MiB / 256 KiB − 2 = 382 groups, fewer than SPT_MAX_GROUPS.
    const GROUPS = Math.floor((96 * 2 ** 20) / (8192 * TREE_GROUP_BYTES)) - 2;
    it.each([
      [GROUPS, 1],
      [GROUPS + 1, 0],
    ])("on 4,097 nodes in %i zones, %i replica(s) go through the trees, as TypeScript places them", (zones, viaTrees) => {
      // Every node examined (six replicas: past SPREAD_TREE_PAYBACK), all counts 0: a group per zone. The first
      // replica's assume adds a (count 1, zone) group: past the budget, so the rest of the call scans.
      const wide = Array.from({ length: 4097 }, (_, i) => node(`w${i}`, `zone-${i % zones}`));
      const objs = [...wide, ...Array.from({ length: 6 }, (_, i) => replica(i)), service];
      const every = { explain: false, seed: 4, percentageOfNodesToScore: 100 };
      const before = statsOf(wasm);
      expect(wasm.scheduleAll(undefined, createCluster(objs), every)).toEqual(tsEngine.scheduleAll(undefined, createCluster(objs), every));
      const after = statsOf(wasm);
      expect(after.podKernel["PodTopologySpread.run"]! - (before.podKernel["PodTopologySpread.run"] ?? 0)).toBe(6);
      expect(after.treePods - before.treePods).toBe(viaTrees);
    }, 120_000);
  });

  describe("group trees only for runs long enough to pay for them", () => {
    it("a run of two replicas on 170 nodes is scanned in the kernel, with no trees built, as TypeScript places it", () => {
      // Every node examined: the trees pay from 1 + 4 replicas (scheduler.ts SPREAD_TREE_PAYBACK); a single
      // cycle building them was 2.5× slower than its scan.
      const many = Array.from({ length: 170 }, (_, i) => node(`p${i}`, i % 2 === 0 ? "zone-a" : "zone-b"));
      const every = { explain: false, seed: 3, percentageOfNodesToScore: 100 };
      for (const replicas of [2, 5]) {
        const objs = [...many, ...Array.from({ length: replicas }, (_, i) => replica(i)), service];
        const before = statsOf(wasm);
        expect(wasm.scheduleAll(undefined, createCluster(objs), every)).toEqual(tsEngine.scheduleAll(undefined, createCluster(objs), every));
        const after = statsOf(wasm);
        expect(after.podKernel["PodTopologySpread.run"]! - (before.podKernel["PodTopologySpread.run"] ?? 0)).toBe(replicas);
        expect(after.treePods - before.treePods).toBe(replicas === 2 ? 0 : replicas);
      }
    });
  });

  describe("a normalized score whose maximum the window may miss (TaintToleration)", () => {
    it("scans the replicas whose window lacks the one tainted node, through the trees otherwise, as TypeScript places them", () => {
      // 200 nodes past minFeasibleNodesToFind, windows of 100 at 50%: only windows holding the one
      // PreferNoSchedule node reach the maximum the trees' totals were computed with.
      const tainted = (name: string, zone: string) => ({ ...node(name, zone), spec: { taints: [{ key: "k", value: "v", effect: "PreferNoSchedule" }] } });
      const many = Array.from({ length: 200 }, (_, i) => (i === 7 ? tainted(`t${i}`, "zone-a") : node(`t${i}`, i % 3 === 0 ? "zone-a" : "zone-b")));
      const objs = [...many, ...Array.from({ length: 40 }, (_, i) => replica(i)), service];
      const options = { explain: false, seed: 4, percentageOfNodesToScore: 50 };
      const before = statsOf(wasm);
      expect(wasm.scheduleAll(undefined, createCluster(objs), options)).toEqual(tsEngine.scheduleAll(undefined, createCluster(objs), options));
      const after = statsOf(wasm);
      const tree = after.treePods - before.treePods;
      const misses = after.treeMisses - before.treeMisses;
      expect(misses).toBeGreaterThan(0);
      expect(tree).toBeGreaterThan(0);
      expect(tree + misses).toBe(40);
    });
  });

  describe("a window of some of the nodes (percentageOfNodesToScore below 100)", () => {
    // 300 nodes past minFeasibleNodesToFind; at 34 % a window of 102 feasible nodes rotates over them
    // (schedule_one.go numFeasibleNodesToFind, nextStartNodeIndex). Each group's count and top over the window
    // come from a walk of its nodes when it is short against the live groups (spreadtree.ts WALK_PER_GROUP),
    // else from range queries on each group's tree; both give what TypeScript gives.
    const window = { explain: false, percentageOfNodesToScore: 34 };
    const run = (objs: object[], seed: number) => {
      const before = statsOf(wasm);
      const options = { ...window, seed };
      const got = wasm.scheduleAll(undefined, createCluster(objs), options);
      expect(got).toEqual(tsEngine.scheduleAll(undefined, createCluster(objs), options));
      const after = statsOf(wasm);
      return { scheduled: got.summary.scheduled, tree: after.treePods - before.treePods, walks: after.windowWalks - before.windowWalks, cycle: after.cyclePods - before.cyclePods };
    };

    it("walks the window when it holds many groups (30 zones, zone-less nodes among them), as TypeScript places the replicas", () => {
      const zoned = Array.from({ length: 300 }, (_, i) => node(`w${i}`, i % 31 === 30 ? null : `zone-${i % 31}`));
      const objs = [...zoned, ...Array.from({ length: 200 }, (_, i) => replica(i)), service];
      for (const seed of [1, 2]) {
        const { tree, walks, cycle } = run(objs, seed);
        expect(cycle).toBe(0);
        // Every replica through the trees (the first builds them), each window walked.
        expect(tree).toBe(200);
        expect(walks).toBe(200);
      }
    });

    it("queries each group's tree when few groups share a wide window, as TypeScript places the replicas", () => {
      // One zone: a (count, zone) group per replica count in use, a handful against a 102-node window; 40
      // replicas, past the 13 the trees need to pay (scheduler.ts SPREAD_TREE_PAYBACK).
      const flat = Array.from({ length: 300 }, (_, i) => node(`f${i}`, "zone-a"));
      const objs = [...flat, ...Array.from({ length: 40 }, (_, i) => replica(i)), service];
      const { tree, walks, cycle } = run(objs, 3);
      expect(cycle).toBe(0);
      expect(tree).toBe(40);
      expect(walks).toBe(0);
    });

    it("stops where a replica does not fit, then the cycle reports it, as TypeScript does", () => {
      // 1-CPU replicas on 300 8-CPU nodes of 30 zones, 2,401 replicas: the 2,401st finds no node.
      const zoned = Array.from({ length: 300 }, (_, i) => node(`s${i}`, `zone-${i % 30}`));
      const big = (i: number) => replica(i, { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "1", memory: "64Mi" } } }] });
      const objs = [...zoned, ...Array.from({ length: 2401 }, (_, i) => big(i)), service];
      const { scheduled, tree, walks } = run(objs, 4);
      expect(scheduled).toBe(2400);
      expect(tree).toBeGreaterThan(2000);
      expect(walks).toBeGreaterThan(0);
    }, 120_000);
  });

  describe("group trees that follow the assumes lazily (spreadtree.ts spreadTreeFlush)", () => {
    // A walked window reads only the dense per-node arrays, so the group trees take the assumes' moves only when
    // a window reads them (every node, range queries, the pick's descent) or the kernel call ends. The cluster:
    // 150 4-CPU nodes in 30 zones filled by 1-CPU replicas — windows of 100 feasible nodes
    // (minFeasibleNodesToFind) walked while many groups share them; once fewer than 100 nodes have room, every
    // window is all the feasible nodes, read from the groups' roots after the walks' moves (several per node)
    // are replayed.
    const zoned = Array.from({ length: 150 }, (_, i) => ({ ...node(`l${i}`, `zone-${i % 30}`), status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" } } }));
    const sized = (i: number, cpu: string) => replica(i, { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu, memory: "64Mi" } } }] });
    const fill = (cpus: readonly string[], seed: number) => {
      const objs = [...zoned, ...cpus.map((cpu, i) => sized(i, cpu)), service];
      const options = { explain: false, percentageOfNodesToScore: 34, seed };
      const before = statsOf(wasm);
      const got = wasm.scheduleAll(undefined, createCluster(objs), options);
      expect(got).toEqual(tsEngine.scheduleAll(undefined, createCluster(objs), options));
      const after = statsOf(wasm);
      const tree = after.treePods - before.treePods;
      const walks = after.windowWalks - before.windowWalks;
      return { scheduled: got.summary.scheduled, calls: after.runCalls - before.runCalls, cycle: after.cyclePods - before.cyclePods, tree, walks, read: tree - walks };
    };

    it("brings the trees up to date when windows read them after walked windows, in one kernel call", () => {
      for (const seed of [1, 2]) {
        const r = fill(Array.from({ length: 590 }, () => "1"), seed);
        expect(r).toMatchObject({ scheduled: 590, calls: 1, cycle: 0, tree: 590 });
        expect(r.walks).toBeGreaterThan(100);
        // Windows that read the trees, after walked ones.
        expect(r.read).toBeGreaterThan(50);
      }
    }, 60_000);

    it("leaves the trees exact at the end of a call: replicas interrupted by one that fits nowhere resume on them", () => {
      // A 64-CPU pod of the same shape as the 311th stops the kernel call (no feasible node: the cycle reports
      // it) while the windows are walked; the next call empties the trees the last one left, node by node,
      // builds them again, and its windows read them once fewer than 100 nodes have room. At the 311th the
      // replicas are uneven (some nodes hold 3, most 2), so the next build's groups do not overwrite every leaf
      // the last call's build placed: without the flush at the call's end those leaves stay, and this differs.
      for (const seed of [3, 4]) {
        const r = fill(Array.from({ length: 590 }, (_, i) => (i === 310 ? "64" : "1")), seed);
        expect(r).toMatchObject({ scheduled: 589, calls: 2, cycle: 1, tree: 589 });
        expect(r.walks).toBeGreaterThan(100);
        expect(r.read).toBeGreaterThan(50);
      }
    }, 60_000);
  });

  describe("group trees laid out at a group's first use (spreadtree.ts groupOf)", () => {
    // One scheduler, three runs: the first reaches few (count, zone) keys, the next ones more, so later builds
    // empty the trees the last runs used node by node and lay out the groups no run used yet as they come;
    // a run with more keys than the region holds leaves it fresh, and the run after it starts over.
    const zoned = Array.from({ length: 24 }, (_, i) => node(`g${i}`, `zone-${i % 6}`));
    const runs = (objs: object[], lists: readonly (readonly object[])[]) => {
      const every = { explain: false, seed: 4, percentageOfNodesToScore: 100 };
      const s = wasm.scheduler(createCluster(objs), every);
      const ts = new Scheduler(createCluster(objs), every);
      const before = s.stats.treePods;
      try {
        for (const pods of lists) expect(s.scheduleAll(pods)).toEqual(ts.scheduleAll(pods));
        return s.stats.treePods - before;
      } finally {
        s.dispose();
      }
    };

    it("places later runs' replicas through trees laid out as their groups come, as TypeScript places them", () => {
      const batch = (from: number, count: number) => Array.from({ length: count }, (_, i) => replica(from + i));
      // 6 keys (count 0) at first, then counts up to 3, then up to 8: each run reaches keys no run had.
      const tree = runs([...zoned, service], [batch(0, 12), batch(12, 60), batch(72, 120)]);
      expect(tree).toBe(192);
    });

    it("lays the groups out again after a run whose keys filled every group", () => {
      // A zone per node: the Service's replicas have more keys than the groups, so their build stops with
      // SPT_MAX_GROUPS trees holding a leaf each and leaves the region fresh. The next run, pods spread by
      // hostname alone (a few keys: their count per node), lays its groups out in that region again.
      const many = Array.from({ length: SPT_MAX_GROUPS + 1 }, (_, i) => node(`z${i}`, `zone-${i}`));
      const byHost = (i: number) => ({
        ...replica(i),
        metadata: { name: `api-${i}`, namespace: "default", labels: { app: "api" } },
        spec: {
          containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "100m", memory: "64Mi" } } }],
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: HOSTNAME, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: "api" } } }],
        },
      });
      const tree = runs(
        [...many, service],
        [Array.from({ length: 20 }, (_, i) => replica(i)), Array.from({ length: 900 }, (_, i) => byHost(i))],
      );
      expect(tree).toBe(900);
    });
  });

  describe("a Deployment on a generated cluster (the bench's workload, smaller)", () => {
    // syntheticCluster's 500 nodes in zones with their bound pods, and a 2,000-replica Deployment whose
    // ReplicaSet brings the system-default constraints: 230-node adaptive windows against a hundred-odd live
    // groups. Before windows were walked, the kernel's run of these replicas left TypeScript's placements at
    // replica 551 (adaptive): the first replica through the trees after scanned ones read the domain marks the
    // scans had left ("replicas scanned between replicas placed through the group trees" below).
    const base = syntheticCluster({ nodes: 500, seed: 1 });
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "bench" },
      spec: {
        replicas: 2000,
        selector: { matchLabels: { app: "web" } },
        template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "registry.example/app:1.0", resources: { requests: { cpu: "100m", memory: "128Mi" } } }] } },
      },
    };
    const expansion = expandWorkload(deployment, "deployment", { nodes: createCluster({ nodes: base.nodes, pods: [] }).nodes })!;
    const objs = [...base.nodes, ...base.pods, ...expansion.controllers, ...expansion.pods];
    it.each([
      ["adaptive %", undefined],
      ["every node", 100],
    ])("places every replica through the group trees as TypeScript places them (%s)", (_mode, pct) => {
      const options = { explain: false, seed: 7, ...(pct === undefined ? {} : { percentageOfNodesToScore: pct }) };
      const before = statsOf(wasm);
      const got = wasm.scheduleAll(undefined, createCluster(objs), options);
      expect(got).toEqual(tsEngine.scheduleAll(undefined, createCluster(objs), options));
      expect(got.summary.scheduled).toBe(2000);
      const after = statsOf(wasm);
      expect(after.treePods - before.treePods).toBe(2000);
      if (pct === undefined) expect(after.windowWalks - before.windowWalks).toBeGreaterThan(1500);
      else expect(after.windowWalks - before.windowWalks).toBe(0);
    }, 120_000);
  });

  describe("replicas scanned between replicas placed through the group trees", () => {
    // The bug behind main's divergence at replica 551 of the bench's 500-node Deployment (commit fce55a7): a
    // scanned replica's PodTopologySpread score (assembly/spread.ts spreadScore) marks the window's zones in
    // the constraint's SPC_PRESENT bytes and leaves them marked; the group trees counted the window's zones
    // for TopologyNormalizingWeight (scoring.go initPreScoreState, topologyNormalizingWeight) in the same bytes,
    // assuming them clear, so the first tree replica after a scan missed the zones the scan had seen: a
    // smaller zone weight, other spread scores, another node. fce55a7 scanned replicas whose adaptive window
    // held many groups (−3) between range-query ones; the window walk (b825c38) ended those scans, but a
    // normalization miss still scans, and the walked and range-query windows counted zones in those bytes
    // alike. One PreferNoSchedule node here: windows without it reach another TaintToleration maximum than
    // the trees' totals and are scanned (treeMisses), the others go through the trees.
    const preferNo = (name: string, zone: string) => ({ ...node(name, zone), spec: { taints: [{ key: "k", value: "v", effect: "PreferNoSchedule" }] } });
    const cluster = (count: number, zoneOf: (i: number) => string) => Array.from({ length: count }, (_, i) => (i === 7 ? preferNo(`m${i}`, zoneOf(i)) : node(`m${i}`, zoneOf(i))));
    const replicas = Array.from({ length: 60 }, (_, i) => replica(i));
    it.each([
      // 200 nodes in three zones of 40 %, 20 % and 40 % of them (i² mod 5): few groups, windows range-queried.
      ["range queries on each group's tree", cluster(200, (i) => `zone-${(i * i) % 5}`), false],
      // 300 nodes in 30 zones: many groups against a 100-node window, windows walked.
      ["walks of the window", cluster(300, (i) => `zone-${i % 30}`), true],
    ])("places them as TypeScript does, with %s for the trees' replicas", (_path, nodesOf, walked) => {
      const objs = [...nodesOf, ...replicas, service];
      for (const [seed, percentageOfNodesToScore] of [[1, 50], [2, 50], [3, 70]] as const) {
        const options = { explain: false, seed, percentageOfNodesToScore };
        const before = statsOf(wasm);
        expect(wasm.scheduleAll(undefined, createCluster(objs), options)).toEqual(tsEngine.scheduleAll(undefined, createCluster(objs), options));
        const after = statsOf(wasm);
        const tree = after.treePods - before.treePods;
        const misses = after.treeMisses - before.treeMisses;
        const walks = after.windowWalks - before.windowWalks;
        // Both paths ran, every replica in one of them.
        expect(misses).toBeGreaterThan(0);
        expect(tree).toBeGreaterThan(0);
        expect(tree + misses).toBe(60);
        if (walked) expect(walks).toBeGreaterThan(0);
        else expect(walks).toBe(0);
      }
    });
  });

  describe("hard constraints", () => {
    it("leaves DoNotSchedule replicas to the cycle (PodTopologySpread filters them), with the same placements", () => {
      const spec = { topologySpreadConstraints: [{ topologyKey: ZONE, maxSkew: 1, whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: "web" } } }] };
      const objs = [...nodes, ...Array.from({ length: 12 }, (_, i) => replica(i, spec))];
      const before = statsOf(wasm);
      expect(wasm.scheduleAll(undefined, createCluster(objs), { explain: false, seed: 5 })).toEqual(tsEngine.scheduleAll(undefined, createCluster(objs), { explain: false, seed: 5 }));
      const after = statsOf(wasm);
      expect((after.podKernel["PodTopologySpread.run"] ?? 0) - (before.podKernel["PodTopologySpread.run"] ?? 0)).toBe(0);
      expect(after.cyclePods - before.cyclePods).toBe(12);
    });
  });
});
