import { describe, expect, it } from "vitest";
import { SchedkitError, createCluster, tsEngine, type Engine, type SchedulerOptions } from "../index.js";
import { checkScheduler, type SchedulerInput } from "./index.js";

type Json = Record<string, any>;

/** Picks the last of the top-scoring nodes instead of the seeded choice. */
const lastTopNode: Engine = {
  name: "last-top-node",
  schedule(pod, cluster, options) {
    const r = tsEngine.schedule(pod, cluster, options);
    const top = r.explanation?.topNodes ?? [];
    return top.length > 1 ? { ...r, nodeName: top[top.length - 1]! } : r;
  },
  scheduleAll: (pods, cluster, options) => tsEngine.scheduleAll(pods, cluster, options),
};

/** Runs without the TaintToleration filter (its score stays). */
function withoutTaintFilter(options: SchedulerOptions | undefined): SchedulerOptions {
  const profile: Json = structuredClone((options?.profile as Json | undefined) ?? {});
  const plugins = (profile["plugins"] ??= {});
  const filter = (plugins["filter"] ??= {});
  (filter["disabled"] ??= []).push({ name: "TaintToleration" });
  return { ...options, profile };
}
const noTaintFilter: Engine = {
  name: "no-taint-filter",
  schedule: (pod, cluster, options) => tsEngine.schedule(pod, cluster, withoutTaintFilter(options)),
  scheduleAll: (pods, cluster, options) => tsEngine.scheduleAll(pods, cluster, withoutTaintFilter(options)),
};

/** The first node that is not cordoned: what a naive scheduler does. */
function firstFit(input: SchedulerInput): string | null {
  for (const n of input.nodes) if (!n.spec?.unschedulable) return n.metadata.name;
  return null;
}

/** A function that answers like the reference, by asking it: a candidate that must pass. */
function askTheReference(input: SchedulerInput): string | null {
  const cluster = createCluster(input);
  return tsEngine.schedule(input.pod, cluster, { percentageOfNodesToScore: 100, tieBreak: "first" }).nodeName;
}

const hardTaint = (n: Json) => (n["spec"]?.taints ?? []).some((t: Json) => t.effect !== "PreferNoSchedule");

describe("checkScheduler", () => {
  it("passes the reference engine, result by result and decision by decision", () => {
    const results = checkScheduler(tsEngine, { numRuns: 150 });
    expect(results.ok, results.message).toBe(true);
    expect(results.numRuns).toBe(150);
    const decisions = checkScheduler(tsEngine, { numRuns: 100, compare: "decisions" });
    expect(decisions.ok, decisions.message).toBe(true);
    const withProfiles = checkScheduler(tsEngine, { numRuns: 100, compare: "decisions", scenario: { profile: {} } });
    expect(withProfiles.ok, withProfiles.message).toBe(true);
    const asFunction = checkScheduler(askTheReference, { numRuns: 100 });
    expect(asFunction.ok, asFunction.message).toBe(true);
  });

  it("catches an engine that breaks ties differently, on a scenario with at least two nodes", () => {
    const r = checkScheduler(lastTopNode, { numRuns: 300, seed: 3 });
    expect(r.ok).toBe(false);
    expect(["schedule", "scheduleAll"]).toContain(r.mismatch!.kind);
    expect(r.mismatch!.differences.some((d) => d.path.endsWith("nodeName"))).toBe(true);
    expect(r.counterexample!.cluster.nodes.length).toBeGreaterThanOrEqual(2);
    expect(r.message).toContain("Minimized scenario:");
    expect(r.message).toContain(`seed: ${r.seed}`);
  });

  it("catches an engine that drops a filter, in both comparison modes", () => {
    for (const compare of ["results", "decisions"] as const) {
      const r = checkScheduler(noTaintFilter, { numRuns: 300, seed: 4, compare });
      expect(r.ok, compare).toBe(false);
      // Without NoSchedule/NoExecute taints the two engines cannot differ.
      expect((r.counterexample!.cluster.nodes as Json[]).some(hardTaint)).toBe(true);
    }
  });

  it("catches a first-fit scheduler and explains the reference's decision on a small counterexample", () => {
    const r = checkScheduler(firstFit, { seed: 5 });
    expect(r.ok).toBe(false);
    expect(r.mismatch!.kind).toBe("decision");
    expect(r.counterexample!.cluster.nodes.length).toBeLessThanOrEqual(2);
    expect(r.mismatch!.text).toMatch(/reference: (scheduled|unschedulable)/);
    expect(r.mismatch!.text).toContain("candidate:");
  });

  it("replays the counterexample from its seed and path", () => {
    const first = checkScheduler(firstFit, { seed: 6 });
    const again = checkScheduler(firstFit, { seed: first.seed, path: first.path! });
    expect(again.ok).toBe(false);
    expect(again.counterexample).toEqual(first.counterexample);
  });

  it("reports a candidate that throws or answers something that is not a node name", () => {
    const threw = checkScheduler(() => {
      throw new Error("boom");
    });
    expect(threw.mismatch!.kind).toBe("candidate threw");
    expect(threw.mismatch!.text).toContain("boom");
    const odd = checkScheduler(() => 42 as unknown as string, { numRuns: 20 });
    expect(odd.mismatch!.kind).toBe("decision");
    expect(odd.mismatch!.text).toContain("not a node name");
  });

  it("rejects a function with compare: results, and anything that is not a scheduler", () => {
    expect(() => checkScheduler(firstFit, { compare: "results" })).toThrow(SchedkitError);
    expect(() => checkScheduler(42 as unknown as Engine)).toThrow(SchedkitError);
  });
});
