import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCluster, scheduleAll } from "../index.js";
import { queueOrder } from "../schedule.js";
import { runScenarioArbitrary, type Scenario } from "./index.js";
import { assertProperty, runParameters, propertySeeds } from "../_test/long.js";

type Json = Record<string, any>;

const pendingOf = (s: Scenario) => (s.cluster.pods as Json[]).filter((p) => !p["spec"]?.nodeName);
const keyOf = (p: Json) => `${p["metadata"].namespace}/${p["metadata"].name}`;

describe("runScenarioArbitrary: whole runs in which the queue decides", () => {
  it.each(propertySeeds(20261205))("every run is input createCluster and scheduleAll take, and the runs retry, preempt, arrive nominated and hold pods back (%s %i)", (name, seed) => {
    const seen = { retries: 0, preemptions: 0, arrivedNominated: 0, gated: 0 };
    assertProperty(
      `whole runs where the queue decides (${name})`,
      fc.property(runScenarioArbitrary(), (s) => {
        const run = scheduleAll(undefined, createCluster(s.cluster), { ...s.options, preemption: "carry-out" });
        // Each cycle is one attempt: a pod's last attempt is within the run's cycles, and retries add to them.
        expect(run.results.every((r) => r.cycle! >= 1 && r.cycle! <= run.summary.cycles)).toBe(true);
        seen.retries += run.summary.cycles - run.results.length;
        seen.preemptions += run.summary.preemptions;
        seen.arrivedNominated += pendingOf(s).filter((p) => typeof p["status"]?.nominatedNodeName === "string").length;
        seen.gated += run.gated.length;
      }),
      runParameters(300, seed),
    );
    // 300 runs give about 120 retries, 35 preemptions, 80 pods arriving nominated and 250 gated pods.
    for (const [what, n] of Object.entries(seen)) expect(n, what).toBeGreaterThan(0);
  });

  it("a follower is queued before its leader, and its required pod affinity names a label only the leader carries", () => {
    let followers = 0;
    for (const s of fc.sample(runScenarioArbitrary(), { numRuns: 200, seed: 53 })) {
      const pending = pendingOf(s);
      const cluster = createCluster(s.cluster);
      const pods = new Map(cluster.pendingPods.map((p) => [`${p.namespace}/${p.name}`, p]));
      for (const f of pending) {
        const terms: Json[] = f["spec"].affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
        const term = terms.find((t) => t["labelSelector"]?.matchLabels?.["example.com/group"] !== undefined);
        if (term === undefined) continue;
        followers++;
        const group = term["labelSelector"].matchLabels["example.com/group"];
        const leaders = (s.cluster.pods as Json[]).filter((p) => p["metadata"].labels?.["example.com/group"] === group);
        expect(leaders).toHaveLength(1);
        expect(leaders[0]!["spec"].nodeName).toBeUndefined();
        expect(queueOrder(pods.get(keyOf(f))!, pods.get(keyOf(leaders[0]!))!)).toBeLessThan(0);
      }
    }
    expect(followers).toBeGreaterThan(0);
  });

  it("is deterministic under a seed", () => {
    expect(fc.sample(runScenarioArbitrary(), { numRuns: 30, seed: 54 })).toEqual(fc.sample(runScenarioArbitrary(), { numRuns: 30, seed: 54 }));
  });
});
