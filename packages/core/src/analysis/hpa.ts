// HPA replica math for a CPU utilization target: pkg/controller/podautoscaler/replica_calculator.go
// GetResourceReplicas + groupPods, metrics/utilization.go GetResourceUtilizationRatio, and the scale-up rate
// limits of horizontal.go (calculateScaleUpLimitWithScalingRules, calculateScaleUpLimit) with the
// behavior defaults of pkg/apis/autoscaling/v2/defaults.go.
import { DomainError, SchedkitError } from "../errors.js";
import { MAX_MILLI_CPU } from "../cgroup/shares.js";
import { isIntIn, requireFinite, requireInt, requireIntInDomain } from "../cgroup/validate.js";

const INT32_MAX = 2147483647;

/**
 * How the HPA groups a pod (groupPods): `Ignored` = being deleted or Failed (left out entirely);
 * `Pending` = phase Pending (unready even with a metric); `Unready` = a CPU sample taken while the pod was
 * not ready or still initialising (a pod without a metric is "missing" instead); `Ready` otherwise.
 */
export type HpaPodState = "Ready" | "Unready" | "Pending" | "Ignored";

/** One pod targeted by the HPA. CPU in millicores, integers in [0, MAX_MILLI_CPU]. */
export interface HpaPodSample {
  /** Pod CPU request (app containers plus sidecars), which upstream requires to be set. */
  readonly request: number;
  /** Measured CPU usage; undefined when metrics-server returned no sample for the pod. */
  readonly usage?: number;
  /** Default "Ready". */
  readonly state?: HpaPodState;
}

/** Separate scale-up and scale-down tolerances (k8s ≥ 1.33, KEP-4951). */
export interface HpaTolerances {
  readonly scaleUp: number;
  readonly scaleDown: number;
}

/**
 * `"inclusive-bounds"` (k8s ≥ 1.33): no change iff 1 − scaleDown ≤ ratio ≤ 1 + scaleUp.
 * `"absolute"` (k8s ≤ 1.32): no change iff |1 − ratio| ≤ tolerance (one tolerance for both directions).
 */
export type HpaToleranceRule = "inclusive-bounds" | "absolute";

/** Inputs of one HPA resource-utilization evaluation. */
export interface HpaDesiredReplicasInput {
  readonly currentReplicas: number;
  /** target averageUtilization, percent of request (int32 > 0). */
  readonly targetUtilization: number;
  readonly pods: readonly HpaPodSample[];
  /** Default 0.1 (`--horizontal-pod-autoscaler-tolerance`). */
  readonly tolerance?: number | HpaTolerances;
  /** Default "inclusive-bounds". */
  readonly toleranceRule?: HpaToleranceRule;
}

/** Result of `hpaDesiredReplicas`. */
export interface HpaDesiredReplicas {
  /** The recommendation before rate limits and min/max clamping. */
  readonly desiredReplicas: number;
  /** Integer percent (truncated) over ready pods with metrics. */
  readonly currentUtilization: number;
  /** currentUtilization / targetUtilization. */
  readonly usageRatio: number;
  /** Ready pods with a metric. */
  readonly readyPodCount: number;
}

/** Totals above this would make metricsTotal × 100 inexact in float64. */
const MAX_TOTAL = Math.floor(Number.MAX_SAFE_INTEGER / 100);

/**
 * Desired replicas for a CPU utilization target, as GetResourceReplicas computes them: utilization is an
 * integer percentage; without missing or (in a scale-up) unready pods the answer is ceil(ratio × ready pods)
 * unless the ratio is within tolerance; otherwise missing pods count as max(100, target)% of their request
 * in a scale-down and 0% in a scale-up, unready pods as 0% in a scale-up, and the ratio is recomputed.
 */
export function hpaDesiredReplicas(input: HpaDesiredReplicasInput): HpaDesiredReplicas {
  if (typeof input !== "object" || input === null) throw new SchedkitError("input", input, "is not an object");
  const current = requireInt("currentReplicas", input.currentReplicas, 0, INT32_MAX);
  const target = requireInt("targetUtilization", input.targetUtilization, 1, INT32_MAX);
  const within = toleranceCheck(input.tolerance, input.toleranceRule);
  const pods = input.pods;
  if (!Array.isArray(pods)) throw new SchedkitError("pods", pods, "is not an array");
  if (pods.length === 0) throw new SchedkitError("pods", pods, "is empty (no pods returned by selector)");

  let metricsTotal = 0;
  let requestsTotal = 0;
  let ready = 0;
  let missing = 0;
  let unready = 0;
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i] as HpaPodSample;
    const state = checkPod(p, i);
    if (state === "Ignored") continue;
    if (state === "Pending") {
      unready++;
      continue;
    }
    if (p.usage === undefined) {
      missing++;
      continue;
    }
    if (state === "Unready") {
      unready++;
      continue;
    }
    ready++;
    metricsTotal += p.usage;
    requestsTotal += p.request;
  }
  if (ready === 0) throw new SchedkitError("pods", pods, "has no ready pod with a metric (pods might be unready)");
  const usage = utilization(metricsTotal, requestsTotal, target);
  const usageRatio = usage.ratio;
  const result = (desiredReplicas: number): HpaDesiredReplicas => ({
    desiredReplicas,
    currentUtilization: usage.percent,
    usageRatio,
    readyPodCount: ready,
  });

  const scaleUpWithUnready = unready > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && missing === 0) {
    if (within(usageRatio)) return result(current);
    return result(replicasFor(usageRatio, ready));
  }

  // Fill in the pods left out of the first pass, always in the direction that damps the change.
  let count = ready;
  const fallback = Math.max(100, target);
  for (const p of pods) {
    const state = p.state ?? "Ready";
    if (state === "Ignored") continue;
    const isMissing = state !== "Pending" && p.usage === undefined;
    if (isMissing) {
      // At a ratio of exactly 1 upstream fills in neither branch.
      if (usageRatio === 1.0) continue;
      if (usageRatio < 1.0) {
        const filled = p.request * fallback;
        if (filled > Number.MAX_SAFE_INTEGER) throw new DomainError("pods.request × max(100, target)", filled, "is above 2^53 − 1");
        metricsTotal += Math.floor(filled / 100);
      }
      requestsTotal += p.request;
      count++;
    } else if (scaleUpWithUnready && (state === "Pending" || state === "Unready")) {
      requestsTotal += p.request;
      count++;
    }
  }
  const newRatio = utilization(metricsTotal, requestsTotal, target).ratio;
  if (within(newRatio) || (usageRatio < 1.0 && newRatio > 1.0) || (usageRatio > 1.0 && newRatio < 1.0)) {
    return result(current);
  }
  const newReplicas = replicasFor(newRatio, count);
  // A changed pod count must not turn the scale direction around either.
  if ((newRatio < 1.0 && newReplicas > current) || (newRatio > 1.0 && newReplicas < current)) return result(current);
  return result(newReplicas);
}

function checkPod(p: HpaPodSample, i: number): HpaPodState {
  if (typeof p !== "object" || p === null) throw new SchedkitError(`pods[${i}]`, p, "is not an object");
  if (!isIntIn(p.request, 0, MAX_MILLI_CPU)) requireIntInDomain(`pods[${i}].request`, p.request, 0, MAX_MILLI_CPU);
  if (p.usage !== undefined && !isIntIn(p.usage, 0, MAX_MILLI_CPU)) {
    requireIntInDomain(`pods[${i}].usage`, p.usage, 0, MAX_MILLI_CPU);
  }
  const state = p.state ?? "Ready";
  if (state !== "Ready" && state !== "Unready" && state !== "Pending" && state !== "Ignored") {
    throw new SchedkitError(`pods[${i}].state`, state, 'is not "Ready", "Unready", "Pending" or "Ignored"');
  }
  return state;
}

// metrics/utilization.go GetResourceUtilizationRatio: int32((metricsTotal × 100) / requestsTotal), then a
// float64 ratio to the target.
function utilization(metricsTotal: number, requestsTotal: number, target: number): { percent: number; ratio: number } {
  if (requestsTotal === 0) throw new SchedkitError("pods", requestsTotal, "have a total CPU request of 0 (no metrics matched known pods)");
  if (metricsTotal > MAX_TOTAL) throw new DomainError("sum(pods.usage)", metricsTotal, `is above ${MAX_TOTAL}`);
  if (requestsTotal > Number.MAX_SAFE_INTEGER) throw new DomainError("sum(pods.request)", requestsTotal, "is above 2^53 − 1");
  const percent = Math.floor((metricsTotal * 100) / requestsTotal);
  if (percent > INT32_MAX) throw new DomainError("currentUtilization", percent, "overflows int32");
  return { percent, ratio: percent / target };
}

function replicasFor(ratio: number, pods: number): number {
  const replicas = Math.ceil(ratio * pods);
  if (replicas > INT32_MAX) throw new DomainError("desiredReplicas", replicas, "overflows int32");
  return replicas;
}

function toleranceCheck(tolerance: number | HpaTolerances | undefined, rule: HpaToleranceRule | undefined): (r: number) => boolean {
  const r = rule ?? "inclusive-bounds";
  let up: number;
  let down: number;
  if (tolerance === undefined || typeof tolerance === "number") {
    up = down = requireFinite("tolerance", tolerance ?? 0.1, 0, Number.MAX_VALUE);
  } else if (typeof tolerance === "object" && tolerance !== null) {
    up = requireFinite("tolerance.scaleUp", tolerance.scaleUp, 0, Number.MAX_VALUE);
    down = requireFinite("tolerance.scaleDown", tolerance.scaleDown, 0, Number.MAX_VALUE);
  } else {
    throw new SchedkitError("tolerance", tolerance, "is not a number or {scaleUp, scaleDown}");
  }
  if (r === "inclusive-bounds") return (x) => 1.0 - down <= x && x <= 1.0 + up;
  if (r === "absolute") {
    if (up !== down) throw new SchedkitError("tolerance", tolerance, 'must be one value under toleranceRule "absolute"');
    return (x) => Math.abs(1.0 - x) <= up;
  }
  throw new SchedkitError("toleranceRule", rule, 'is not "inclusive-bounds" or "absolute"');
}

/** One HPA scaling policy: add `value` pods, or `value` percent, per `periodSeconds`. */
export interface HpaScalingPolicy {
  readonly type: "Pods" | "Percent";
  readonly value: number;
  readonly periodSeconds: number;
}

/** HPA `behavior.scaleUp` rules (stabilization windows are not modelled: see `hpaScaleUpPath`). */
export interface HpaScalingRules {
  /** Default "Max". */
  readonly selectPolicy?: "Max" | "Min" | "Disabled";
  readonly policies: readonly HpaScalingPolicy[];
}

/** The scale-up behavior the API fills in when `behavior` is set: max of 4 pods and 100% per 15 s. */
export const DEFAULT_HPA_SCALE_UP_RULES: HpaScalingRules = Object.freeze({
  selectPolicy: "Max" as const,
  policies: Object.freeze([
    Object.freeze({ type: "Pods" as const, value: 4, periodSeconds: 15 }),
    Object.freeze({ type: "Percent" as const, value: 100, periodSeconds: 15 }),
  ]),
});

/** Inputs of `hpaScaleUpPath`. */
export interface HpaScaleUpPathInput {
  readonly currentReplicas: number;
  /** The metric recommendation, assumed the same at every sync (usage keeps pace with the new pods). */
  readonly desiredReplicas: number;
  readonly maxReplicas: number;
  /** Default DEFAULT_HPA_SCALE_UP_RULES; "legacy" = `behavior` unset: limit max(2 × current, 4). */
  readonly scaleUp?: HpaScalingRules | "legacy";
  /** Default 15 (`--horizontal-pod-autoscaler-sync-period`). */
  readonly syncPeriodSeconds?: number;
  /** Syncs to simulate; default: until a sync leaves the replica count unchanged (that sync included). */
  readonly syncs?: number;
}

/** One HPA sync of a scale-up. */
export interface HpaScaleUpStep {
  readonly sync: number;
  readonly tSeconds: number;
  readonly current: number;
  /** The rate limit for this sync, before maxReplicas. */
  readonly scaleUpLimit: number;
  readonly next: number;
}

const MAX_DEFAULT_SYNCS = 10000;

/**
 * The replica counts a scale-up walks through, one HPA sync at a time, when the recommendation stays at
 * `desiredReplicas`: each sync moves to min(desired, maxReplicas, scaleUpLimit). A scale event at time t
 * counts against a policy at time `now` while t > now − periodSeconds (Go's `After(cutoff)`). With a
 * constant recommendation the stabilization windows never change the outcome, so they are not modelled.
 */
export function hpaScaleUpPath(input: HpaScaleUpPathInput): HpaScaleUpStep[] {
  if (typeof input !== "object" || input === null) throw new SchedkitError("input", input, "is not an object");
  const maxReplicas = requireInt("maxReplicas", input.maxReplicas, 1, INT32_MAX);
  let current = requireInt("currentReplicas", input.currentReplicas, 1, maxReplicas);
  const desired = requireInt("desiredReplicas", input.desiredReplicas, current, INT32_MAX);
  const syncPeriod = requireInt("syncPeriodSeconds", input.syncPeriodSeconds ?? 15, 1, 86400);
  const syncs = input.syncs === undefined ? undefined : requireInt("syncs", input.syncs, 1, 1000000);
  const rules = input.scaleUp ?? DEFAULT_HPA_SCALE_UP_RULES;
  if (rules !== "legacy") checkRules(rules);

  const events: { t: number; change: number }[] = [];
  const steps: HpaScaleUpStep[] = [];
  for (let sync = 0; syncs === undefined || sync < syncs; sync++) {
    if (syncs === undefined && sync >= MAX_DEFAULT_SYNCS) {
      throw new DomainError("syncs", MAX_DEFAULT_SYNCS, "syncs passed without reaching a steady count; pass `syncs`");
    }
    const t = sync * syncPeriod;
    let limit: number;
    if (rules === "legacy") {
      // horizontal.go calculateScaleUpLimit: max(scaleUpLimitFactor 2 × current, scaleUpLimitMinimum 4).
      limit = int32(Math.max(2 * current, 4), "scaleUpLimit");
    } else {
      limit = scaleUpLimitWithRules(current, t, events, rules);
      // horizontal.go: never propose shrinking while old scale-up events are still inside a period.
      if (limit < current) limit = current;
    }
    const maxAllowed = Math.min(maxReplicas, limit);
    const next = desired > maxAllowed ? maxAllowed : desired;
    steps.push({ sync, tSeconds: t, current, scaleUpLimit: limit, next });
    if (next > current) events.push({ t, change: next - current });
    const changed = next !== current;
    current = next;
    if (syncs === undefined && !changed) break;
  }
  return steps;
}

function scaleUpLimitWithRules(current: number, now: number, events: readonly { t: number; change: number }[], rules: HpaScalingRules): number {
  const select = rules.selectPolicy ?? "Max";
  if (select === "Disabled") return current;
  let result = select === "Min" ? INT32_MAX : -INT32_MAX - 1;
  for (const policy of rules.policies) {
    const cutoff = now - policy.periodSeconds;
    let added = 0;
    for (const e of events) if (e.t > cutoff) added += e.change;
    const periodStart = current - added;
    const proposed =
      policy.type === "Pods"
        ? periodStart + policy.value
        : // Rounded up so a small percentage still adds at least one pod (horizontal.go).
          Math.ceil(periodStart * (1 + policy.value / 100));
    const p = int32(proposed, "scaleUpLimit");
    result = select === "Min" ? Math.min(result, p) : Math.max(result, p);
  }
  return result;
}

function checkRules(rules: HpaScalingRules): void {
  if (typeof rules !== "object" || rules === null) throw new SchedkitError("scaleUp", rules, 'is not scaling rules or "legacy"');
  const select = rules.selectPolicy;
  if (select !== undefined && select !== "Max" && select !== "Min" && select !== "Disabled") {
    throw new SchedkitError("scaleUp.selectPolicy", select, 'is not "Max", "Min" or "Disabled"');
  }
  if (!Array.isArray(rules.policies) || rules.policies.length === 0) {
    throw new SchedkitError("scaleUp.policies", rules.policies, "is not a non-empty array");
  }
  rules.policies.forEach((p: HpaScalingPolicy, i: number) => {
    if (typeof p !== "object" || p === null) throw new SchedkitError(`scaleUp.policies[${i}]`, p, "is not an object");
    if (p.type !== "Pods" && p.type !== "Percent") throw new SchedkitError(`scaleUp.policies[${i}].type`, p.type, 'is not "Pods" or "Percent"');
    // API validation: value > 0, 0 < periodSeconds ≤ 1800.
    requireInt(`scaleUp.policies[${i}].value`, p.value, 1, INT32_MAX);
    requireInt(`scaleUp.policies[${i}].periodSeconds`, p.periodSeconds, 1, 1800);
  });
}

function int32(value: number, path: string): number {
  if (value > INT32_MAX) throw new DomainError(path, value, "overflows int32");
  return value;
}
