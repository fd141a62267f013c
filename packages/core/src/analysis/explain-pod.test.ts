import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scenarioArbitrary } from "../arbitraries/index.js";
import { createCluster, SchedkitError, scheduleAll } from "../index.js";
import { explainPod, type ExplainedPod } from "./index.js";
import { toKubeNode, toKubePod } from "../_test/kube.js";
import { assertProperty, propertySeeds, runParameters } from "../_test/long.js";

describe("explainPod: one pod's cycle as scheduleAll runs it", () => {
  it.each(propertySeeds(20261204))("equals that pod's explained result in scheduleAll (%s %i)", (kind, seed) => {
    let checked = 0;
    assertProperty(
      `explainPod (${kind})`,
      fc.property(scenarioArbitrary({ maxNodes: 8 }), fc.nat(), (s, pick) => {
        const c = createCluster(s.cluster);
        let run;
        try {
          run = scheduleAll(undefined, c, { ...s.options, explain: true });
        } catch {
          return; // input outside the domain: scheduleAll's own tests cover the error
        }
        if (run.results.length === 0) return;
        // The nomination is on the result with or without explanations: a carried-out one names the pods the
        // run's evictions credit to the pod, any other equals the last cycle's explanation.
        const plain = scheduleAll(undefined, c, { ...s.options, explain: false });
        run.results.forEach((r, i) => {
          const n = r.explanation?.nomination ?? null;
          const evicted = run.evictions.filter((e) => e.preemptor === r.pod).map((e) => e.pod);
          if (evicted.length > 0) expect(r.nomination).toMatchObject({ victims: evicted, evicted: true });
          else expect(r.nomination).toEqual(n === null ? undefined : { node: n.node, victims: n.victims, evicted: false });
          expect(plain.results[i]!.nomination).toEqual(r.nomination);
        });
        const at = pick % run.results.length;
        const e = explainPod(c, run.results[at]!.pod, s.options);
        expect(e.queuePosition).toBe(at);
        expect(e.queueLength).toBe(run.results.length);
        expect(e.placedBefore).toBe(run.results.slice(0, at).filter((r) => r.nodeName !== null).length);
        expect(e.result).toEqual(run.results[at]);
        expectRankingFollowsUpstream(e);
        checked++;
      }),
      runParameters(150, seed),
    );
    expect(checked).toBeGreaterThan(50);
  });
});

/**
 * runtime/framework.go RunScorePlugins: after NormalizeScore each plugin's score is multiplied by its weight and
 * TotalScore is their sum; the ranking lists every scored node once, highest total first, ties named.
 */
function expectRankingFollowsUpstream(e: ExplainedPod): void {
  // A cycle Error (in generated input, DRA's claim limit for a DeviceClass-backed resource) ranks nothing.
  if (e.result.status === "Error") {
    expect(e.ranking).toEqual([]);
    return;
  }
  const x = e.result.explanation!;
  const scored = x.nodes.filter((n) => n.total !== null);
  expect(e.ranking.map((r) => r.node).sort()).toEqual(scored.map((n) => n.node).sort());
  const weight = new Map(x.scorePlugins.map((p) => [p.plugin, p.weight]));
  e.ranking.forEach((r, i) => {
    if (i > 0) expect(r.total).toBeLessThanOrEqual(e.ranking[i - 1]!.total);
    let sum = 0;
    for (const s of r.scores) {
      expect(s.weight).toBe(weight.get(s.plugin));
      expect(s.weighted).toBe(s.normalized * s.weight);
      sum += s.weighted;
    }
    expect(r.total).toBe(sum);
    expect(r.chosen).toBe(r.node === e.result.nodeName);
    expect([...r.tiedWith].sort()).toEqual(e.ranking.filter((o) => o.total === r.total && o.node !== r.node).map((o) => o.node).sort());
  });
  // With one feasible node nothing is scored (schedule_one.go schedulePod), yet it is the top node.
  if (e.ranking.length === 0) return;
  const top = e.ranking.filter((r) => r.total === e.ranking[0]!.total).map((r) => r.node);
  expect([...top].sort()).toEqual([...x.topNodes].sort());
}

describe("explainPod: the ranking (raw, normalized, weighted per plugin, highest total first)", () => {
  const node = (name: string, cpu: number) => toKubeNode({ name, allocatable: { cpu, memory: 8 * 2 ** 30, pods: 110 } });
  const cluster = createCluster({ nodes: [node("a", 2000), node("b", 4000), node("c", 4000), node("d", 8000)], pods: [toKubePod({ name: "web", containers: [{ requests: { cpu: 500, memory: 2 ** 28 } }] })] });

  it("sorts by total, weights normalized scores, and flags the nodes tied with each other", () => {
    const e = explainPod(cluster, "web", { seed: 3 });
    expectRankingFollowsUpstream(e);
    expect(e.ranking[0]!.node).toBe("d");
    expect(e.ranking.find((r) => r.node === "b")!.tiedWith).toEqual(["c"]);
    expect(e.ranking.filter((r) => r.chosen).map((r) => r.node)).toEqual([e.result.nodeName]);
    const weights = e.ranking[0]!.scores.map((s) => s.weight);
    expect(weights.some((w) => w > 1)).toBe(true);
  });

  it("is empty when no node was scored", () => {
    const full = createCluster({ nodes: [node("a", 100)], pods: [toKubePod({ name: "web", containers: [{ requests: { cpu: 500 } }] })] });
    expect(explainPod(full, "web").ranking).toEqual([]);
  });
});

describe("explainPod: naming the pod", () => {
  const cluster = createCluster({
    nodes: [toKubeNode({ name: "n", allocatable: { cpu: 1000, pods: 110 } })],
    pods: [toKubePod({ name: "web", namespace: "a", containers: [{ requests: { cpu: 100 } }] }), toKubePod({ name: "web", namespace: "b" }), toKubePod({ name: "db", namespace: "b" })],
  });
  it("takes namespace/name, or a name only one pending pod has", () => {
    expect(explainPod(cluster, "b/web").result.pod).toBe("b/web");
    expect(explainPod(cluster, "db").result.pod).toBe("b/db");
  });
  it.each([
    ["an ambiguous name", "web", /^pod: "web" names 2 pending pods: a\/web, b\/web; give namespace\/name$/],
    ["an unknown pod", "x/y", /^pod: "x\/y" is not a pending pod of this cluster \(pending: a\/web, b\/web, b\/db\)$/],
    ["an empty name", "", /^pod: "" is not a pod name/],
  ])("rejects %s", (_n, name, msg) => {
    expect(() => explainPod(cluster, name)).toThrow(SchedkitError);
    expect(() => explainPod(cluster, name)).toThrow(msg);
  });
});

describe("explainPod: a pod held back by its scheduling gates", () => {
  it("is not scheduled, and the error says so in kube-scheduler's words", () => {
    const held = { ...(toKubePod({ name: "held", namespace: "a" }) as Record<string, any>) };
    held["spec"] = { ...held["spec"], schedulingGates: [{ name: "example.com/quota" }] };
    const cluster = createCluster({ nodes: [toKubeNode({ name: "n", allocatable: { cpu: 1000, pods: 110 } })], pods: [held, toKubePod({ name: "web", namespace: "a" })] });
    expect(() => explainPod(cluster, "a/held")).toThrow(
      'pod: "a/held" is not scheduled: its PodScheduled condition says SchedulingGated (waiting for scheduling gates: [example.com/quota]) until the gates are removed',
    );
    expect(explainPod(cluster, "a/web")).toMatchObject({ queuePosition: 0, queueLength: 1 });
  });
});
