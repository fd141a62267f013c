import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertProperty, propertySeeds, runParameters } from "../_test/long.js";
import { createCluster } from "../schedule.js";
import { syntheticCluster } from "../synthetic/cluster.js";
import { capacity, nodesToAddProbe, nodesToAddSearch, nodesToAddSteps, type NodesToAddProbe, type NodesToAddResult, type ShapeCapacity } from "./index.js";

// The search over the added count, driven with made-up capacity answers: `fitting(k)` replicas fit with k
// template nodes (any function, monotone or not), so that every path of the search is reachable in microseconds.
const cluster = createCluster({ nodes: [], pods: [] });
const template = { metadata: { name: "pool" }, status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" } } };

function answer(fitting: (k: number) => number, p: NodesToAddProbe): ShapeCapacity {
  const replicas = p.max === undefined ? fitting(p.nodes) : Math.min(p.max, fitting(p.nodes));
  return { shape: "default/web", replicas, stop: "unschedulable", failedPod: null, message: `k=${p.nodes}`, reasons: [], stoppedBy: "", placement: [], evictions: [] };
}

function drive(fitting: (k: number) => number, target: number, maxNodes: number, width: number): { result: NodesToAddResult; rounds: number; probes: NodesToAddProbe[][] } {
  const steps = nodesToAddSteps(cluster, template, target, { maxNodes }, width);
  const probes: NodesToAddProbe[][] = [];
  for (let s = steps.next([]); ; ) {
    if (s.done === true) return { result: s.value, rounds: probes.length, probes };
    probes.push(s.value);
    s = steps.next(s.value.map((p) => answer(fitting, p)));
  }
}

describe("nodesToAddSteps: speculation changes when answers arrive, never the answer", () => {
  const fittingArb = fc.record({ base: fc.nat(50), perNode: fc.nat(9), noise: fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 64 }) });
  const fittingOf = ({ base, perNode, noise }: { base: number; perNode: number; noise: number[] }, monotone: boolean) => (k: number) =>
    Math.max(0, base + perNode * k + (monotone ? 0 : noise[k % noise.length]!));

  for (const [name, seed] of propertySeeds(20261204)) {
    it(`gives the one-probe-at-a-time result at every width, monotone or not (${name})`, () => {
      assertProperty(
        `nodesToAddSteps width-invariance (${name})`,
        fc.property(fittingArb, fc.boolean(), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 2, max: 6 }), (f, monotone, target, maxNodes, width) => {
          const fitting = fittingOf(f, monotone);
          const one = drive(fitting, target, maxNodes, 1);
          const many = drive(fitting, target, maxNodes, width);
          expect(many.result).toEqual(one.result);
          expect(many.rounds).toBeLessThanOrEqual(one.rounds);
          for (const round of many.probes) {
            expect(round.length).toBeLessThanOrEqual(width);
            expect(new Set(round.map((p) => `${p.nodes}/${p.max}`)).size).toBe(round.length);
          }
        }),
        runParameters(300, seed),
      );
    });
  }

  it("finds the fewest nodes when more nodes never fit fewer replicas", () => {
    for (const perNode of [1, 3, 7]) {
      for (const target of [1, 10, 99, 250]) {
        const fitting = (k: number) => 4 + perNode * k;
        const { result } = drive(fitting, target, 10_000, 2);
        expect(result.nodes).toBe(Math.max(0, Math.ceil((target - 4) / perNode)));
      }
    }
  });

  it("asks one probe per round at width 1, and takes fewer rounds at width 2 and 3", () => {
    const fitting = (k: number) => 3 * k;
    const one = drive(fitting, 1000, 10_000, 1);
    expect(one.probes.every((r) => r.length === 1)).toBe(true);
    const two = drive(fitting, 1000, 10_000, 2);
    const three = drive(fitting, 1000, 10_000, 3);
    expect(two.rounds).toBeLessThan(one.rounds);
    expect(three.rounds).toBeLessThan(two.rounds);
  });

  it("speculates along the outcome the answers predict: a steady per-node capacity takes about half the rounds at width 2", () => {
    for (const [perNode, base, target] of [[3, 0, 1000], [32, 6791, 8150], [7, 100, 5000], [1, 40, 41]] as const) {
      const fitting = (k: number) => base + perNode * k;
      const one = drive(fitting, target, 10_000, 1);
      const two = drive(fitting, target, 10_000, 2);
      expect(two.result).toEqual(one.result);
      expect(two.rounds).toBeLessThanOrEqual(Math.ceil(one.rounds / 2) + 1);
    }
  });

  it("answers probes it asked before from memory (the final one-fewer check is the last bisection probe)", () => {
    const asked = drive((k) => 2 * k, 100, 10_000, 1).probes.flat().map((p) => `${p.nodes}/${p.max}`);
    expect(new Set(asked).size).toBe(asked.length);
  });

  it("rejects a width that is not a positive integer, and answers that do not match the probes", () => {
    expect(() => nodesToAddSteps(cluster, template, 10, {}, 0).next()).toThrow(/^width: 0 is not an integer >= 1/);
    const steps = nodesToAddSteps(cluster, template, 10, {}, 2);
    steps.next([]);
    expect(() => steps.next([])).toThrow(/^answers: an array is not an array of \d capacity answers/);
  });
});

/**
 * Drives nodesToAddSearch as a pool of `threads` would: `threads` probes running, and whichever finishes
 * (`pick` chooses, an index into the running list) is answered, then the freed thread takes next().
 */
function driveSearch(fitting: (k: number) => number, target: number, maxNodes: number, threads: number, pick: (running: number) => number) {
  const search = nodesToAddSearch(cluster, template, target, { maxNodes });
  const running: NodesToAddProbe[] = [];
  const asked = new Set<string>();
  let probes = 0;
  for (;;) {
    const done = search.result();
    if (done !== undefined) return { result: done, probes, stillRunning: running.length };
    for (let p: NodesToAddProbe | undefined; running.length < threads && (p = search.next()) !== undefined; ) {
      const key = `${p.nodes}/${p.max}`;
      // A probe is handed out once, whether it is running or answered.
      expect(asked.has(key)).toBe(false);
      asked.add(key);
      running.push(p);
      probes++;
    }
    // Undecided with nothing running would be a stall.
    expect(running.length).toBeGreaterThan(0);
    const [p] = running.splice(pick(running.length), 1);
    search.answer(p!, answer(fitting, p!));
  }
}

describe("nodesToAddSearch: answers in any order, several running, the one-at-a-time result", () => {
  const fittingArb = fc.record({ base: fc.nat(50), perNode: fc.nat(9), noise: fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 64 }) });
  for (const [name, seed] of propertySeeds(20261205)) {
    it(`decides as the one-probe-at-a-time search whatever finishes first, monotone or not (${name})`, () => {
      assertProperty(
        `nodesToAddSearch order-invariance (${name})`,
        fc.property(
          fittingArb,
          fc.boolean(),
          fc.integer({ min: 1, max: 400 }),
          fc.integer({ min: 0, max: 300 }),
          fc.integer({ min: 1, max: 4 }),
          fc.infiniteStream(fc.nat()),
          ({ base, perNode, noise }, monotone, target, maxNodes, threads, order) => {
            const fitting = (k: number) => Math.max(0, base + perNode * k + (monotone ? 0 : noise[k % noise.length]!));
            const one = drive(fitting, target, maxNodes, 1);
            const many = driveSearch(fitting, target, maxNodes, threads, (n) => order.next().value % n);
            expect(many.result).toEqual(one.result);
          },
        ),
        runParameters(300, seed),
      );
    });
  }

  it("keeps two threads busy along a steady per-node capacity: about half the one-at-a-time search's waits", () => {
    for (const [perNode, base, target] of [[3, 0, 1000], [32, 6791, 8150], [7, 100, 5000]] as const) {
      const fitting = (k: number) => base + perNode * k;
      const one = drive(fitting, target, 10_000, 1);
      // The oldest running probe finishes first (equal probe costs): each answer is one wait of the caller.
      const two = driveSearch(fitting, target, 10_000, 2, () => 0);
      expect(two.result).toEqual(one.result);
      expect(two.probes).toBeLessThanOrEqual(one.rounds + 2);
    }
  });

  it("hands out nothing once decided, and refuses answers to probes it did not hand out", () => {
    const search = nodesToAddSearch(cluster, template, 10, {});
    const p = search.next()!;
    expect(p).toEqual({ nodes: 0, max: 10 });
    expect(() => search.answer({ nodes: 5, max: 10 }, answer(() => 0, { nodes: 5, max: 10 }))).toThrow(/^probe: .* was not handed out by next\(\)/);
    expect(() => search.answer(p, { replicas: "ten" } as unknown as ShapeCapacity)).toThrow(/^capacity: .* is not a capacity answer/);
    search.answer(p, answer(() => 20, p));
    const after = search.next()!;
    expect(after).toEqual({ nodes: 0, max: undefined });
    search.answer(after, answer(() => 20, after));
    expect(search.result()?.nodes).toBe(0);
    expect(search.next()).toBeUndefined();
  });
});

describe("nodesToAddProbe: the cluster plus template copies, as if built from the input with those nodes", () => {
  // A probe's cluster extends the cluster's own snapshot with the copies instead of building every node
  // again; the answer must be capacity() on a cluster created from the input with the copies in it.
  const input = syntheticCluster({ nodes: 40, seed: 3, maxPodsPerNode: 3 });
  const base = createCluster(input);
  const shape = { metadata: { name: "web", namespace: "default" }, spec: { containers: [{ name: "c", resources: { requests: { cpu: "1500m", memory: "3Gi" } } }] } };
  const copy = (tpl: Record<string, unknown> & { metadata: { name: string; labels?: Record<string, string> } }, i: number) => ({
    ...tpl,
    metadata: { ...tpl.metadata, name: `${tpl.metadata.name}-${i}`, labels: { ...tpl.metadata.labels, "kubernetes.io/hostname": `${tpl.metadata.name}-${i}` } },
  });
  const pool = { metadata: { name: "pool", labels: { "kubernetes.io/hostname": "pool", "topology.kubernetes.io/zone": "zone-1" } }, status: { allocatable: { cpu: "8", memory: "32Gi", pods: "110" } } };
  const withImages = { ...pool, metadata: { ...pool.metadata, name: "img" }, status: { ...pool.status, images: [{ names: ["registry.example/app:1.0"], sizeBytes: 500_000_000 }] } };
  for (const [name, tpl] of [["pod-less copies", pool], ["copies that list images (built in full)", withImages]] as const) {
    it(`equals capacity() on the input with the copies added (${name})`, () => {
      for (const nodes of [0, 1, 5, 17]) {
        for (const max of [undefined, 30]) {
          const scratch = createCluster({ nodes: [...input.nodes, ...Array.from({ length: nodes }, (_, i) => copy(tpl, i + 1))], pods: input.pods });
          const want = capacity(scratch, [shape], { max, seed: 9 }).shapes[0];
          expect(nodesToAddProbe(base, shape, tpl, { nodes, max }, { seed: 9 })).toEqual(want);
        }
      }
    });
  }
});
