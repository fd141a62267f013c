// The engine contract (@schedkit/core/engine): an engine installs its NodeEvaluator through the Scheduler's
// hook, reads the cycle's decisions, and runs batches through cycle.runBatch; the cycle stays the owner.
import { describe, expect, it } from "vitest";
import { createCluster, numFeasibleNodesToFind, Scheduler, syntheticCluster, syntheticPods } from "../index.js";
import { CycleState, type NodeEvaluator, type SchedulingCycle, type Snapshot } from "./index.js";

const cluster = createCluster(syntheticCluster({ nodes: 120, seed: 5 }));
const pods = syntheticPods({ count: 30, seed: 6 });

/** An engine whose evaluator delegates to the reference, counting the phases it was given. */
function countingEngine() {
  const seen = { hooks: 0, filter: 0, score: 0, cycle: null as SchedulingCycle | null, snapshot: null as Snapshot | null };
  const hooks = {
    evaluator(cycle: SchedulingCycle, snapshot: Snapshot): NodeEvaluator {
      seen.hooks++;
      seen.cycle = cycle;
      seen.snapshot = snapshot;
      const ref = cycle.referenceEvaluator;
      return { filter: (job) => (seen.filter++, ref.filter(job)), score: (job) => (seen.score++, ref.score(job)) };
    },
  };
  return { seen, hooks };
}

describe("the engine hook", () => {
  it("is called once, and the cycle runs its filter and score phases on the engine's evaluator", () => {
    const { seen, hooks } = countingEngine();
    const s = new Scheduler(cluster, { seed: 3 }, hooks);
    const ref = new Scheduler(cluster, { seed: 3 });
    for (const p of pods) expect(s.scheduleOne(p)).toEqual(ref.scheduleOne(p));
    expect(seen.hooks).toBe(1);
    expect(seen.filter).toBeGreaterThanOrEqual(pods.length);
    expect(seen.score).toBeGreaterThan(0);
    expect(seen.snapshot!.nodes.length).toBe(120);
  });
});

describe("the cycle's decisions, for engines", () => {
  it("numToFind is numFeasibleNodesToFind with the profile's percentage when the profile scores", () => {
    const { seen, hooks } = countingEngine();
    new Scheduler(cluster, { percentageOfNodesToScore: 30 }, hooks);
    expect(seen.cycle!.numToFind(120)).toBe(numFeasibleNodesToFind(120, 30));
    const filterOnly = countingEngine();
    new Scheduler(cluster, { profile: { plugins: { score: { disabled: [{ name: "*" }] } } } }, filterOnly.hooks);
    expect(filterOnly.seen.cycle!.numToFind(120)).toBe(1);
  });

  it("preFilter / preScore report the plugins that run and those that skipped", () => {
    const { seen, hooks } = countingEngine();
    const s = new Scheduler(cluster, {}, hooks);
    const cycle = seen.cycle!;
    const info = s.prepare(pods[0]).info;
    const state = new CycleState(seen.snapshot!);
    const pf = cycle.preFilter(state, info, seen.snapshot!, true);
    expect(pf.rejection).toBeNull();
    expect(pf.restriction).toBeNull();
    // A pod without affinity, spread constraints or ports: those PreFilters skip, and their Filters go.
    const skipped = pf.explained.filter((e) => e.status.code === "Skip").map((e) => e.plugin);
    expect(skipped).toContain("NodePorts");
    expect(pf.filters.map((p) => p.name)).not.toContain("NodePorts");
    const ps = cycle.preScore(state, info, seen.snapshot!.nodes, seen.snapshot!, false);
    expect(ps.scorers.map((e) => e.plugin.name)).toEqual(cycle.config.profile.score.map((e) => e.plugin.name).filter((n) => !ps.skipped.has(n)));
  });
});

describe("cycle.runBatch", () => {
  it("hands the rotation and tie-break state to the engine and continues from where the batch left them", () => {
    const { seen, hooks } = countingEngine();
    const s = new Scheduler(cluster, { seed: 11 }, hooks);
    s.schedule(pods[0]);
    const before = s.nextStartNodeIndex;
    const got = seen.cycle!.runBatch((from) => ({ result: from, end: { nextStartNodeIndex: 7, rngState: 12345 } }));
    expect(got.nextStartNodeIndex).toBe(before);
    expect(s.nextStartNodeIndex).toBe(7);
    // The next cycle's tie-breaks come from the generator the batch returned: the same as a scheduler whose
    // generator is in that state (a fresh one seeded with it) at that rotation.
    const twin = countingEngine();
    const t = new Scheduler(cluster, { seed: 12345 }, twin.hooks);
    t.schedule(pods[0]);
    twin.seen.cycle!.runBatch(() => ({ result: null, end: { nextStartNodeIndex: 7, rngState: 12345 } }));
    for (const p of pods.slice(1, 10)) expect(s.schedule(p)).toEqual(t.schedule(p));
  });
});
