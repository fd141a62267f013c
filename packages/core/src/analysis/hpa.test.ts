import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import { DEFAULT_HPA_SCALE_UP_RULES, hpaDesiredReplicas, hpaScaleUpPath } from "./index.js";
import { DomainError, SchedkitError } from "../index.js";
import type { HpaPodSample } from "./index.js";

interface HpaCase {
  name: string;
  readyPods: number;
  metricsTotal_m: number;
  requestsTotal_m: number;
  targetUtilizationPct: number;
  currentReplicas: number;
  currentUtilizationPct: number;
  usageRatio: number;
  desired_k8s_ge_1_33_isWithin: number;
  desired_k8s_le_1_32_abs: number;
  source: string;
}
interface PathStep {
  sync: number;
  t_seconds: number;
  current: number;
  scaleUpLimit: number;
  legacyScaleUpLimit: number;
  next: number;
}

const hpa = loadFixture<{ hpa: { cases: HpaCase[]; scaleUpPath_50_to_500: { steps: PathStep[] } } }>("cgroup_vectors.json").hpa;

// The fixture gives totals over ready pods; only totals enter the formula, so spread them over the pods.
function spread(total: number, n: number, i: number): number {
  return Math.floor(total / n) + (i < total % n ? 1 : 0);
}
function readyPods(c: HpaCase): HpaPodSample[] {
  return Array.from({ length: c.readyPods }, (_, i) => ({
    request: spread(c.requestsTotal_m, c.readyPods, i),
    usage: spread(c.metricsTotal_m, c.readyPods, i),
  }));
}

describe("GetResourceReplicas", () => {
  const counter = fixtureCounter("cgroup_vectors.json hpa", 6);
  it.each(hpa.cases)("$name ($source)", (c) => {
    const input = { currentReplicas: c.currentReplicas, targetUtilization: c.targetUtilizationPct, pods: readyPods(c) };
    const now = hpaDesiredReplicas(input);
    expect(now.currentUtilization).toBe(c.currentUtilizationPct);
    expect(now.usageRatio).toBe(c.usageRatio);
    expect(now.readyPodCount).toBe(c.readyPods);
    expect(now.desiredReplicas).toBe(c.desired_k8s_ge_1_33_isWithin);
    expect(hpaDesiredReplicas({ ...input, toleranceRule: "inclusive-bounds", tolerance: { scaleUp: 0.1, scaleDown: 0.1 } }).desiredReplicas).toBe(
      c.desired_k8s_ge_1_33_isWithin,
    );
    expect(hpaDesiredReplicas({ ...input, toleranceRule: "absolute" }).desiredReplicas).toBe(c.desired_k8s_le_1_32_abs);
    counter.ran();
  });

  // docs/cgroup-overcommit.md §5.3 rules for missing and unready pods.
  const pod = (request: number, usage?: number, state?: HpaPodSample["state"]): HpaPodSample =>
    usage === undefined ? { request, ...(state ? { state } : {}) } : { request, usage, ...(state ? { state } : {}) };

  it("counts missing pods as 0% in a scale-up and recomputes over all pods with a metric", () => {
    // ready: 2 × (100 of 100) → 100% vs target 50 → r = 2; the missing pod adds 0 of 100 → 66% → r' = 1.32
    const got = hpaDesiredReplicas({ currentReplicas: 3, targetUtilization: 50, pods: [pod(100, 100), pod(100, 100), pod(100)] });
    expect(got.usageRatio).toBe(2);
    expect(got.desiredReplicas).toBe(Math.ceil((66 / 50) * 3));
  });

  it("counts missing pods as max(100, target)% of their request in a scale-down", () => {
    // ready: 2 × 10 of 100 → 10% vs target 150 → r < 1; the missing pod counts 150 of 100 → 56% → r' = 56/150
    const got = hpaDesiredReplicas({ currentReplicas: 3, targetUtilization: 150, pods: [pod(100, 10), pod(100, 10), pod(100)] });
    expect(got.desiredReplicas).toBe(Math.ceil((56 / 150) * 3));
  });

  it("keeps the current count when the missing pods flip the direction", () => {
    // ready 40 of 100 at target 50 → 0.8; the missing pod at 100% → 70 of 100 → 1.4 > 1
    const got = hpaDesiredReplicas({ currentReplicas: 2, targetUtilization: 50, pods: [pod(100, 40), pod(100)] });
    expect(got.desiredReplicas).toBe(2);
  });

  it("counts unready and pending pods as 0% only in a scale-up", () => {
    const up = hpaDesiredReplicas({
      currentReplicas: 3,
      targetUtilization: 50,
      pods: [pod(100, 260), pod(100, 500, "Unready"), pod(100, undefined, "Pending")],
    });
    // 260 of 300 → 86% → r' = 1.72 over 3 pods
    expect(up.desiredReplicas).toBe(Math.ceil((86 / 50) * 3));
    const down = hpaDesiredReplicas({ currentReplicas: 2, targetUtilization: 50, pods: [pod(100, 20), pod(100, 500, "Unready")] });
    // scale-down: unready pods are simply left out → ceil(0.4 × 1)
    expect(down.desiredReplicas).toBe(1);
  });

  it("leaves ignored pods out entirely", () => {
    const got = hpaDesiredReplicas({ currentReplicas: 2, targetUtilization: 50, pods: [pod(100, 100), pod(100, undefined, "Ignored")] });
    expect(got.desiredReplicas).toBe(2);
    expect(got.readyPodCount).toBe(1);
  });

  it("honours separate scale-up and scale-down tolerances", () => {
    const pods = [pod(100, 60)]; // 60% vs 50 → 1.2
    expect(hpaDesiredReplicas({ currentReplicas: 1, targetUtilization: 50, pods, tolerance: { scaleUp: 0.2, scaleDown: 0 } }).desiredReplicas).toBe(1);
    expect(hpaDesiredReplicas({ currentReplicas: 1, targetUtilization: 50, pods, tolerance: { scaleUp: 0.1, scaleDown: 0.5 } }).desiredReplicas).toBe(2);
  });

  it.each([
    ["no pods", { currentReplicas: 1, targetUtilization: 50, pods: [] }, SchedkitError, /pods/],
    ["no ready pod with a metric", { currentReplicas: 1, targetUtilization: 50, pods: [pod(100)] }, SchedkitError, /pods/],
    ["zero requests", { currentReplicas: 1, targetUtilization: 50, pods: [pod(0, 10)] }, SchedkitError, /request/],
    ["target 0", { currentReplicas: 1, targetUtilization: 0, pods: [pod(100, 10)] }, SchedkitError, /targetUtilization/],
    ["fractional usage", { currentReplicas: 1, targetUtilization: 50, pods: [pod(100, 0.5)] }, SchedkitError, /pods\[0\]\.usage/],
    ["unknown state", { currentReplicas: 1, targetUtilization: 50, pods: [{ request: 1, usage: 1, state: "Gone" }] }, SchedkitError, /state/],
    ["negative tolerance", { currentReplicas: 1, targetUtilization: 50, pods: [pod(100, 10)], tolerance: -0.1 }, SchedkitError, /tolerance/],
    [
      "split tolerances under the absolute rule",
      { currentReplicas: 1, targetUtilization: 50, pods: [pod(100, 10)], tolerance: { scaleUp: 0.1, scaleDown: 0.2 }, toleranceRule: "absolute" },
      SchedkitError,
      /tolerance/,
    ],
    ["a request above the domain", { currentReplicas: 1, targetUtilization: 50, pods: [pod(2 ** 34, 1)] }, DomainError, /request/],
  ])("rejects %s", (_n, input, err, msg) => {
    const run = () => hpaDesiredReplicas(input as never);
    expect(run).toThrow(err);
    expect(run).toThrow(msg);
  });
});

describe("scale-up rate limits (normalizeDesiredReplicas[WithBehaviors])", () => {
  const steps = hpa.scaleUpPath_50_to_500.steps;
  const first = steps[0] as PathStep;
  const counter = fixtureCounter("cgroup_vectors.json hpa.scaleUpPath_50_to_500", 1);
  it("walks 50 → 100 → 200 → 400 → 500 under the default behavior and the legacy limit", () => {
    const input = { currentReplicas: first.current, desiredReplicas: 625, maxReplicas: 500 };
    const withBehavior = hpaScaleUpPath(input);
    expect(withBehavior).toEqual(
      steps.map((s) => ({ sync: s.sync, tSeconds: s.t_seconds, current: s.current, scaleUpLimit: s.scaleUpLimit, next: s.next })),
    );
    expect(hpaScaleUpPath({ ...input, scaleUp: DEFAULT_HPA_SCALE_UP_RULES, syncs: steps.length })).toEqual(withBehavior);
    const legacy = hpaScaleUpPath({ ...input, scaleUp: "legacy" });
    expect(legacy).toEqual(
      steps.map((s) => ({ sync: s.sync, tSeconds: s.t_seconds, current: s.current, scaleUpLimit: s.legacyScaleUpLimit, next: s.next })),
    );
    counter.ran();
  });

  // docs/cgroup-overcommit.md §5.3: Pods proposal = periodStart + v; Percent = ceil(periodStart × (1 + v/100)); events inside the
  // period lower periodStart.
  it("charges earlier scale-ups inside a policy period against the limit", () => {
    const path = hpaScaleUpPath({
      currentReplicas: 10,
      desiredReplicas: 100,
      maxReplicas: 100,
      scaleUp: { policies: [{ type: "Pods", value: 5, periodSeconds: 60 }] },
      syncs: 6,
    });
    // Within one 60 s period only 5 pods may be added in total; the t=0 event expires at t=60.
    expect(path.map((s) => s.next)).toEqual([15, 15, 15, 15, 20, 20]);
  });

  it("selects the smaller proposal under selectPolicy Min and nothing under Disabled", () => {
    const rules = { selectPolicy: "Min" as const, policies: DEFAULT_HPA_SCALE_UP_RULES.policies };
    expect(hpaScaleUpPath({ currentReplicas: 50, desiredReplicas: 625, maxReplicas: 500, scaleUp: rules, syncs: 1 })[0]?.next).toBe(54);
    const disabled = hpaScaleUpPath({ currentReplicas: 50, desiredReplicas: 625, maxReplicas: 500, scaleUp: { selectPolicy: "Disabled", policies: rules.policies } });
    expect(disabled).toEqual([{ sync: 0, tSeconds: 0, current: 50, scaleUpLimit: 50, next: 50 }]);
  });

  it("rounds a percentage proposal up", () => {
    const path = hpaScaleUpPath({
      currentReplicas: 3,
      desiredReplicas: 10,
      maxReplicas: 10,
      scaleUp: { policies: [{ type: "Percent", value: 10, periodSeconds: 15 }] },
      syncs: 1,
    });
    expect(path[0]?.scaleUpLimit).toBe(4); // ceil(3 × 1.1)
  });

  it.each([
    ["desired below current", { currentReplicas: 5, desiredReplicas: 4, maxReplicas: 10 }, /desiredReplicas/],
    ["current above max", { currentReplicas: 11, desiredReplicas: 12, maxReplicas: 10 }, /currentReplicas/],
    ["a zero policy value", { currentReplicas: 1, desiredReplicas: 2, maxReplicas: 2, scaleUp: { policies: [{ type: "Pods", value: 0, periodSeconds: 15 }] } }, /value/],
    ["a period above 1800 s", { currentReplicas: 1, desiredReplicas: 2, maxReplicas: 2, scaleUp: { policies: [{ type: "Pods", value: 1, periodSeconds: 1801 }] } }, /periodSeconds/],
    ["no policies", { currentReplicas: 1, desiredReplicas: 2, maxReplicas: 2, scaleUp: { policies: [] } }, /policies/],
  ])("rejects %s", (_n, input, msg) => {
    expect(() => hpaScaleUpPath(input as never)).toThrow(SchedkitError);
    expect(() => hpaScaleUpPath(input as never)).toThrow(msg);
  });
});
