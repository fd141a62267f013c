// checkScheduler: property-based comparison of a scheduler against schedkit's reference engine (tsEngine)
// on generated scenarios. fast-check shrinks the first failing scenario; the report says what differed,
// where, and why the reference decided as it did.
import fc from "fast-check";
import { tsEngine, type Engine } from "../engine/engine.js";
import { SchedkitError } from "../errors.js";
import type { NodeExplanation, ScheduleResult } from "../framework/result.js";
import type { KubeNamespace, KubeNode, KubePod } from "../model/kube-types.js";
import { createCluster, queueOrder, type SchedulerOptions } from "../schedule.js";
import { describeScenario, diff, formatDifferences, show, type Difference } from "./describe.js";
import { scenarioArbitrary, type Scenario, type ScenarioConstraints } from "./scenario.js";
import type { KubeWorkloads } from "./workloads.js";

const WORKLOAD_KEYS = ["priorityClasses", "services", "replicationControllers", "replicaSets", "statefulSets", "podDisruptionBudgets"] as const;

/** The cluster's control-plane objects (PriorityClasses, Services, controllers, PDBs), as given. */
function workloadsOf(c: Partial<KubeWorkloads>): Partial<KubeWorkloads> {
  const out: Record<string, object[]> = {};
  for (const k of WORKLOAD_KEYS) if (c[k] !== undefined) out[k] = c[k]!;
  return out;
}

/** What a scheduler function is given: one pod to place on a cluster, as kubectl-style v1 JSON (copies). */
export interface SchedulerInput extends Partial<KubeWorkloads> {
  readonly nodes: readonly KubeNode[];
  /** Pods bound to nodes (spec.nodeName set), including the pods placed earlier in the same run. */
  readonly pods: readonly KubePod[];
  readonly namespaces: readonly KubeNamespace[];
  /** The pod to place. */
  readonly pod: KubePod;
  /** The KubeSchedulerProfile in use; absent for the default profile. */
  readonly profile?: object;
}

/** A scheduler function's answer: the chosen node's name, or null when no node fits. */
export type SchedulerDecision = string | null | { readonly nodeName: string | null };

/** A scheduler under test, as a function of one scheduling decision. */
export type SchedulerFunction = (input: SchedulerInput) => SchedulerDecision;

/** Options of checkScheduler. */
export interface CheckSchedulerOptions {
  /** Scenarios to try (default 100). */
  readonly numRuns?: number;
  /** fast-check seed; with `path`, replays a reported counterexample. */
  readonly seed?: number;
  readonly path?: string;
  /**
   * "results" (default for an Engine): schedule() of every pending pod and scheduleAll() must return
   * deep-equal results, explanations and messages included. "decisions" (default for a function): pod by
   * pod in queue order, on the cluster as it then is, the candidate's node must be one of the reference's
   * top-scoring nodes (null when the reference finds none); the reference's choice is then bound and the
   * next pod follows.
   */
  readonly compare?: "results" | "decisions";
  /**
   * What to generate. For "decisions" the default is the default profile only, and every node is scored
   * (percentageOfNodesToScore 100, also inside generated profiles), so that top-scoring nodes are well defined.
   */
  readonly scenario?: ScenarioConstraints;
  /** Further fast-check parameters (timeout, endOnFailure, verbose, ...). */
  readonly parameters?: Omit<fc.Parameters<[Scenario]>, "numRuns" | "seed" | "path">;
}

/** Where the candidate and the reference first disagreed, on the minimized scenario. */
export interface Mismatch {
  /** "schedule", "scheduleAll", "decision", "candidate threw", or "reference threw" (a schedkit bug). */
  readonly kind: "schedule" | "scheduleAll" | "decision" | "candidate threw" | "reference threw";
  /** "namespace/name" of the pod concerned, when one is. */
  readonly pod: string | null;
  /** Structural differences (results mode) or expected/actual node (decisions mode). */
  readonly differences: readonly Difference[];
  /** A readable account: what each side said and why the reference decided as it did. */
  readonly text: string;
}

/** The outcome of checkScheduler. */
export interface CheckReport {
  readonly ok: boolean;
  /** Scenarios run (up to and including the first failure). */
  readonly numRuns: number;
  readonly seed: number;
  /** With `seed`, replays the counterexample: checkScheduler(candidate, { seed, path }). */
  readonly path: string | null;
  readonly numShrinks: number;
  /** The minimized failing scenario (plain JSON: write it to a file to keep it). */
  readonly counterexample: Scenario | null;
  readonly mismatch: Mismatch | null;
  /** Everything above as text, ready to print or to throw. */
  readonly message: string;
}

class MismatchError extends Error {
  constructor(readonly mismatch: Mismatch) {
    super(mismatch.text);
  }
}

const clone = <T>(v: T): T => structuredClone(v);

type Json = Record<string, any>;

const podKeyOf = (p: Json) => `${p["metadata"]?.namespace || "default"}/${p["metadata"]?.name}`;

function isEngine(c: unknown): c is Engine {
  return typeof c === "object" && c !== null && typeof (c as Engine).schedule === "function" && typeof (c as Engine).scheduleAll === "function";
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function reference<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    // The generators stay inside the reference's documented domain, so this is a schedkit bug.
    throw new MismatchError({
      kind: "reference threw",
      pod: null,
      differences: [],
      text: `the reference engine threw on a generated scenario (a schedkit bug; please report it with the scenario): ${errorText(e)}`,
    });
  }
}

// --- results mode

function compareResults(engine: Engine, s: Scenario): void {
  const opts = s.options as SchedulerOptions;
  const refCluster = reference(() => createCluster(s.cluster));
  const candCluster = createCluster(clone(s.cluster));
  const pending = (s.cluster.pods as Json[]).filter((p) => !p["spec"]?.nodeName);
  for (const pod of pending) {
    const want = reference(() => tsEngine.schedule(pod, refCluster, opts));
    let got: ScheduleResult;
    try {
      got = engine.schedule(clone(pod), candCluster, clone(opts));
    } catch (e) {
      throw new MismatchError({ kind: "candidate threw", pod: want.pod, differences: [], text: `schedule(${want.pod}) threw: ${errorText(e)}` });
    }
    const d = diff(want, got);
    if (d.length > 0) {
      throw new MismatchError({ kind: "schedule", pod: want.pod, differences: d, text: `schedule(${want.pod}) differs from the reference:\n${formatDifferences(d)}` });
    }
  }
  const want = reference(() => tsEngine.scheduleAll(undefined, refCluster, opts));
  let got: unknown;
  try {
    got = engine.scheduleAll(undefined, candCluster, clone(opts));
  } catch (e) {
    throw new MismatchError({ kind: "candidate threw", pod: null, differences: [], text: `scheduleAll threw: ${errorText(e)}` });
  }
  const d = diff(want, got);
  if (d.length > 0) {
    const first = /^results\[(\d+)\]/.exec(d[0]!.path);
    const pod = first === null ? null : (want.results[Number(first[1])]?.pod ?? null);
    throw new MismatchError({ kind: "scheduleAll", pod, differences: d, text: `scheduleAll differs from the reference:\n${formatDifferences(d)}` });
  }
}

// --- decisions mode

function decisionOf(out: unknown): string | null | undefined {
  if (out === null || typeof out === "string") return out;
  if (typeof out === "object" && out !== null && "nodeName" in out) {
    const n = (out as { nodeName: unknown }).nodeName;
    if (n === null || typeof n === "string") return n;
  }
  return undefined;
}

function insufficientDetail(st: NodeExplanation): string {
  const ir = st.status.insufficientResources;
  if (ir === undefined || ir.length === 0) return "";
  return ` (${ir.map((r) => `${r.resourceName}: requested ${r.requested}, used ${r.used}, capacity ${r.capacity}`).join("; ")})`;
}

/** `node: total 331 = TaintToleration 100×3 + ImageLocality 31` (normalized score × weight per plugin). */
function scoreLine(n: NodeExplanation, weights: ReadonlyMap<string, number>): string {
  const parts = n.scores.map((s) => {
    const w = weights.get(s.plugin) ?? 1;
    return `${s.plugin} ${s.normalized}${w !== 1 ? `×${w}` : ""}`;
  });
  return `${n.node}: total ${n.total}${parts.length > 0 ? ` = ${parts.join(" + ")}` : ""}`;
}

/** Why the reference did not (or could not) pick `name`. */
function whyNot(r: ScheduleResult, name: string, nodeNames: ReadonlySet<string>): string {
  if (!nodeNames.has(name)) return `${name} is not a node of this cluster`;
  const e = r.explanation;
  if (e === null) return "";
  const ne = e.nodes.find((n) => n.node === name);
  if (ne === undefined) {
    const rejected = e.preFilter.filter((p) => p.status.code === "Unschedulable" || p.status.code === "UnschedulableAndUnresolvable");
    if (rejected.length > 0) return `PreFilter rejected the pod: ${rejected.map((p) => `${p.plugin}: ${p.status.reasons.join(", ")}`).join("; ")}`;
    const restricting = e.preFilter.filter((p) => p.nodeNames !== null && !p.nodeNames.includes(name)).map((p) => p.plugin);
    if (restricting.length > 0) return `${name} was excluded by PreFilter ${restricting.join(", ")}`;
    return `${name} was not examined`;
  }
  if (ne.status.code !== "Success") return `${name} was rejected by ${ne.status.plugin}: ${ne.status.reasons.join(", ")}${insufficientDetail(ne)}`;
  const top = e.nodes.filter((n) => e.topNodes.includes(n.node));
  const weights = new Map(e.scorePlugins.map((p) => [p.plugin, p.weight]));
  return [`${name} is feasible but scores lower:`, `      ${scoreLine(ne, weights)}`, ...top.slice(0, 3).map((n) => `      ${scoreLine(n, weights)}`)].join("\n");
}

type Decide = (input: SchedulerInput, s: Scenario) => unknown;

function compareDecisions(candidate: Decide, s: Scenario): void {
  const opts: SchedulerOptions = { ...(s.options as SchedulerOptions), tieBreak: "first" };
  // PrioritySort order, as scheduleAll takes the pods.
  const queue = reference(() => createCluster(s.cluster))
    .pendingPods.slice()
    .sort(queueOrder)
    .map((p) => `${p.namespace}/${p.name}`);
  const pods = s.cluster.pods as Json[];
  const pending = new Map(pods.filter((p) => !p["spec"]?.nodeName).map((p) => [podKeyOf(p), p]));
  const placed = pods.filter((p) => p["spec"]?.nodeName);
  const nodeNames = new Set((s.cluster.nodes as Json[]).map((n) => n["metadata"].name as string));
  queue.forEach((key, step) => {
    const pod = pending.get(key)!;
    // The reference decides on exactly what the candidate is given: the cluster as it now is, a fresh cycle.
    const now = { nodes: s.cluster.nodes, pods: placed, namespaces: s.cluster.namespaces, ...workloadsOf(s.cluster) };
    const r = reference(() => tsEngine.schedule(pod, createCluster(now), opts));
    const input: SchedulerInput = {
      nodes: clone(s.cluster.nodes),
      pods: clone(placed) as KubePod[],
      namespaces: clone(s.cluster.namespaces),
      ...clone(workloadsOf(s.cluster)),
      pod: clone(pod) as KubePod,
      ...(s.options.profile !== undefined ? { profile: clone(s.options.profile) } : {}),
    };
    let out: unknown;
    try {
      out = candidate(input, s);
    } catch (e) {
      throw new MismatchError({ kind: "candidate threw", pod: r.pod, differences: [], text: `the candidate threw on ${r.pod}: ${errorText(e)}` });
    }
    const got = decisionOf(out);
    const where = `${r.pod} (pod ${step + 1} of ${queue.length} in queue order)`;
    if (got === undefined) {
      throw new MismatchError({ kind: "decision", pod: r.pod, differences: [], text: `${where}: the candidate returned ${show(out)}, not a node name, null or { nodeName }` });
    }
    const top = r.explanation?.topNodes ?? [];
    const ok = r.status === "Scheduled" ? got !== null && top.includes(got) : got === null;
    if (!ok) {
      const expected = r.status === "Scheduled" ? (top.length === 1 ? top[0] : top) : null;
      const lines = [`${where}:`];
      lines.push(
        r.status === "Scheduled"
          ? `    reference: scheduled; top-scoring node(s): ${top.join(", ")}`
          : `    reference: ${r.status.toLowerCase()}: ${r.message}`,
      );
      lines.push(`    candidate: ${got === null ? "no node (unschedulable)" : got}`);
      if (got !== null) lines.push(`    ${whyNot(r, got, nodeNames)}`);
      else if (r.explanation !== null) {
        const best = r.explanation.nodes.find((n) => n.node === r.nodeName);
        if (best !== undefined && best.total !== null) lines.push(`    ${scoreLine(best, new Map(r.explanation.scorePlugins.map((p) => [p.plugin, p.weight])))}`);
        else lines.push(`    ${r.nodeName} passes every filter (${r.feasibleNodes} feasible node(s))`);
      }
      throw new MismatchError({ kind: "decision", pod: r.pod, differences: [{ path: r.pod, expected, actual: got }], text: lines.join("\n") });
    }
    if (r.nodeName !== null) placed.push({ ...pod, spec: { ...pod["spec"], nodeName: r.nodeName } });
  });
}

function engineAsFunction(engine: Engine): Decide {
  return (input, s) => {
    const cluster = createCluster({ nodes: input.nodes, pods: input.pods, namespaces: input.namespaces, ...workloadsOf(input) });
    return engine.schedule(input.pod, cluster, { ...(s.options as SchedulerOptions), tieBreak: "first" }).nodeName;
  };
}

/**
 * Checks a scheduler against schedkit's reference engine on generated scenarios (fast-check). `candidate`
 * is an Engine (compared result by result, explanations included) or a function from one pod and a
 * cluster to a node name (compared decision by decision against the reference's top-scoring nodes).
 * Returns a report; on failure it holds the minimized scenario, what differed, and a replay seed/path.
 */
export function checkScheduler(candidate: Engine | SchedulerFunction, options: CheckSchedulerOptions = {}): CheckReport {
  const engine = isEngine(candidate);
  if (!engine && typeof candidate !== "function") throw new SchedkitError("candidate", candidate, "is not an Engine or a scheduler function");
  const compare = options.compare ?? (engine ? "results" : "decisions");
  if (compare !== "results" && compare !== "decisions") throw new SchedkitError("options.compare", compare, 'is not "results" or "decisions"');
  if (compare === "results" && !engine) throw new SchedkitError("options.compare", compare, "needs an Engine (a function only returns decisions)");
  let constraints: ScenarioConstraints = options.scenario ?? {};
  if (compare === "decisions") {
    const p = constraints.profile;
    constraints = {
      ...constraints,
      profile: options.scenario?.profile === undefined ? false : p === false ? false : { ...p, percentageOfNodesToScore: false },
      percentageOfNodesToScore: 100,
    };
  }
  const fn: Decide | null = compare === "decisions" ? (engine ? engineAsFunction(candidate) : (input) => candidate(input)) : null;
  const name = engine ? candidate.name : candidate.name || "the candidate";
  const property = fc.property(scenarioArbitrary(constraints), (s) => {
    if (fn !== null) compareDecisions(fn, s);
    else compareResults(candidate as Engine, s);
  });
  const params: fc.Parameters<[Scenario]> = { ...options.parameters, numRuns: options.numRuns ?? 100 };
  if (options.seed !== undefined) params.seed = options.seed;
  if (options.path !== undefined) params.path = options.path;
  const d = fc.check(property, params);
  if (!d.failed) {
    return {
      ok: true,
      numRuns: d.numRuns,
      seed: d.seed,
      path: null,
      numShrinks: 0,
      counterexample: null,
      mismatch: null,
      message: `checkScheduler: ${name} agrees with the reference (${compare}) on ${d.numRuns} generated scenarios (seed ${d.seed}).`,
    };
  }
  const scenario = d.counterexample?.[0] ?? null;
  const err = d.errorInstance;
  const mismatch: Mismatch | null =
    err instanceof MismatchError
      ? err.mismatch
      : d.counterexample === null
        ? null
        : { kind: "candidate threw", pod: null, differences: [], text: errorText(err) };
  const head =
    d.counterexample === null
      ? `checkScheduler: the run stopped before a counterexample was found (${d.interrupted ? "interrupted" : "too many skipped runs"}).`
      : `checkScheduler: ${name} disagrees with the reference (${compare}) after ${d.numRuns} scenario(s); minimized in ${d.numShrinks} shrink(s).`;
  const parts = [head];
  if (mismatch !== null) parts.push(mismatch.text);
  if (scenario !== null) parts.push(`Minimized scenario:\n${describeScenario(scenario)}`);
  if (d.counterexamplePath !== null) parts.push(`Replay: checkScheduler(candidate, { seed: ${d.seed}, path: ${JSON.stringify(d.counterexamplePath)} })`);
  return {
    ok: false,
    numRuns: d.numRuns,
    seed: d.seed,
    path: d.counterexamplePath,
    numShrinks: d.numShrinks,
    counterexample: scenario,
    mismatch,
    message: parts.join("\n"),
  };
}
