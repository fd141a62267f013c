// Per-pod comparison of schedkit's ScheduleResult (with its explanation) against the oracle's verdict.
// Everything upstream computes deterministically is compared exactly; where upstream itself is not
// deterministic the comparison says so and cites the code.
import type { GatedPod, ScheduleResult, Status } from "@schedkit/core";
import type { OraclePodResult, OracleStatus } from "./oracle.js";
import type { SchedkitRun } from "./run.js";

/** One difference: where, and what each side said. */
export interface Difference {
  readonly pod: string;
  readonly what: string;
  readonly oracle: unknown;
  readonly schedkit: unknown;
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

const FIT_FIXED_ORDER = new Set(["Too many pods", "Insufficient cpu", "Insufficient memory", "Insufficient ephemeral-storage"]);

function statusView(s: Status | OracleStatus): { code: string; plugin: string; reasons: string[] } {
  let reasons = [...(s.reasons ?? [])];
  if (s.plugin === "NodeResourcesFit") {
    // noderesources/fit.go fitsRequest checks pods, cpu, memory and ephemeral-storage in that order, then the
    // scalar resources in Go map order (`for rName, rQuant := range deltaScalarResources`), which is random:
    // the scalar reasons are a set.
    const fixed = reasons.filter((r) => FIT_FIXED_ORDER.has(r));
    reasons = [...fixed, ...reasons.filter((r) => !FIT_FIXED_ORDER.has(r)).sort()];
  }
  return { code: s.code, plugin: s.plugin ?? "", reasons };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Compares one pod. */
export function comparePod(o: OraclePodResult, result: ScheduleResult | GatedPod | undefined, terminating: ReadonlySet<string> = new Set()): Difference[] {
  const diffs: Difference[] = [];
  const pod = o.pod;
  const diff = (what: string, oracle: unknown, schedkit: unknown) => diffs.push({ pod, what, oracle, schedkit });
  if (result === undefined) {
    diff("result", o.status, "(no result)");
    return diffs;
  }
  // Held back by PreEnqueue (SchedulingGates): the rejecting plugin and its message.
  if (o.status === "Gated" || !("status" in result)) {
    const mine = "status" in result ? { status: result.status } : { plugin: result.plugin, message: result.message };
    const theirs = o.status === "Gated" ? { plugin: o.preEnqueue?.plugin, message: o.message } : { status: o.status };
    if (!same(mine, theirs)) diff("preEnqueue", theirs, mine);
    return diffs;
  }
  const r = result;
  // The victims by name, when both nominated the same node (another of the tied candidates has its own): the
  // pods upstream's executor deleted, against the nomination on schedkit's result (with or without explanations).
  // The executor sends no deletion for a victim already terminating (executor.go prepareCandidate skips a
  // victim with a deletionTimestamp), so those are not in the oracle's list.
  if (o.status === "Unschedulable" && o.nominatedNode !== undefined && r.nomination?.node === o.nominatedNode) {
    const deleted = r.nomination.victims.filter((v) => !terminating.has(v));
    if (!same(sorted(o.victims ?? []), sorted(deleted))) diff("victims", o.victims ?? [], r.nomination.victims);
  }
  if (r.pod !== o.pod) diff("pod", o.pod, r.pod);
  if (r.status !== o.status) {
    diff("status", { status: o.status, message: o.message ?? o.error }, { status: r.status, message: r.message });
    return diffs;
  }
  if (o.status === "Error") {
    if ((o.error ?? "") !== r.message) diff("error", o.error, r.message);
    return diffs;
  }
  const ex = r.explanation;
  if (ex === null) {
    // Without explanations (the engines' fast paths) only the outcome is visible: a top-scoring node, or the
    // message; a preemption message may name another of the tied candidates (see the nomination below).
    if (o.status === "Scheduled" && !o.topNodes.includes(r.nodeName ?? "")) diff("nodeName (not a top node)", o.topNodes, r.nodeName);
    if (o.status === "Unschedulable") {
      const anyNode = (m: string) => m.replace(/on node \S+, preempting/, "on node *, preempting");
      if (anyNode(o.message ?? "") !== anyNode(r.message)) diff("message", o.message, r.message);
    }
    return diffs;
  }
  // Without Score plugins upstream looks for one feasible node only (schedule_one.go findNodesThatPassFilters:
  // numNodesToFind = 1 when !hasScoring) and cancels the parallel search once found, so which nodes get
  // examined depends on goroutine timing. The oracle examines every node and reports each feasible one as a
  // top node (every total is 1); schedkit examines in order and stops at the first feasible node. Then the
  // nodes schedkit examined must agree with the oracle, and its choice must be one of the oracle's.
  // (With a single feasible node the oracle reports no totals at all, as upstream scores nothing then.)
  const noScoring = o.status === "Scheduled" && Object.keys(o.weights).length === 0 && Object.values(o.totals).every((t) => t === 1);

  // --- PreFilter rejection: every node gets the rejecting status; no node is filtered.
  if (o.preFilter !== undefined) {
    const rejecting = ex.preFilter.filter((p) => p.status.code === "Unschedulable" || p.status.code === "UnschedulableAndUnresolvable");
    const want = statusView(o.preFilter);
    const conflict = want.plugin === "" && want.code === "UnschedulableAndUnresolvable";
    // A PreFilterResult conflict ("didn't satisfy plugin(s) [...] simultaneously") is the framework's, no plugin ran it.
    if (!conflict && !rejecting.some((p) => same(statusView(p.status), want))) diff("preFilter", want, rejecting.map((p) => statusView(p.status)));
    if (ex.nodes.length > 0) diff("filter (after a PreFilter rejection)", {}, ex.nodes.map((n) => n.node));
  } else {
    // --- Filter verdicts: examined nodes, plus the PreFilterResult's absent nodes.
    const examined = new Map(ex.nodes.map((n) => [n.node, n]));
    const restricted = ex.preFilter.filter((p) => p.nodeNames !== null && p.status.code === "Success");
    const absent =
      restricted.length === 0
        ? null
        : { code: "UnschedulableAndUnresolvable", plugin: "", reasons: [`node(s) didn't satisfy plugin(s) [${sorted(new Set(restricted.map((p) => p.plugin))).join(" ")}]`] };
    const oNodes = Object.keys(o.filter);
    const rNodes = new Set(examined.keys());
    for (const node of oNodes) {
      const want = statusView(o.filter[node]!);
      const got = examined.get(node);
      if (got === undefined) {
        if (absent === null || !same(want, absent)) diff(`filter[${node}]`, want, absent ?? "(not examined)");
      } else if (!same(want, statusView(got.status))) diff(`filter[${node}]`, want, statusView(got.status));
      rNodes.delete(node);
    }
    // The oracle lists every node when no nominated-node fast path was taken.
    if (o.nominatedNodeFastPath !== true) for (const node of rNodes) diff(`filter[${node}]`, "(absent)", statusView(examined.get(node)!.status));
    if (noScoring) {
      // Every node schedkit did not examine must come after its one feasible node (see noScoring above).
      for (const d of diffs.splice(0)) if (!(d.schedkit === "(not examined)" && r.status === "Scheduled")) diffs.push(d);
    }
    if (!same(o.preFilterResult ?? null, absent === null ? null : sorted(intersect(restricted.map((p) => p.nodeNames!)))))
      diff("preFilterResult", o.preFilterResult ?? null, restricted.map((p) => ({ plugin: p.plugin, nodeNames: p.nodeNames })));
  }

  // --- Scores: per plugin raw and normalized, weights, totals (nodes scored only with ≥ 2 feasible).
  const rScores: Record<string, Record<string, { raw: number; normalized: number }>> = {};
  const rTotals: Record<string, number> = {};
  for (const n of ex.nodes) {
    if (n.total === null) continue;
    rTotals[n.node] = n.total;
    for (const s of n.scores) (rScores[s.plugin] ??= {})[n.node] = { raw: s.raw, normalized: s.normalized };
  }
  const rWeights: Record<string, number> = {};
  if (Object.keys(rTotals).length > 0) for (const p of ex.scorePlugins) rWeights[p.plugin] = p.weight;
  for (const plugin of new Set([...Object.keys(o.scores), ...Object.keys(rScores)])) {
    if (!same(canonical(o.scores[plugin] ?? null), canonical(rScores[plugin] ?? null))) diff(`scores[${plugin}]`, o.scores[plugin] ?? null, rScores[plugin] ?? null);
  }
  if (!same(canonical(o.weights), canonical(rWeights))) diff("weights", o.weights, rWeights);
  if (noScoring) {
    // One feasible node found, totalling 1 (prioritizeNodes without Score plugins), and among the oracle's.
    // Upstream returns a lone feasible node unscored (schedulePod), as schedkit does: no totals.
    if (!(ex.topNodes.length === 1 && o.topNodes.includes(ex.topNodes[0]!) && Object.keys(rTotals).length === 0))
      diff("topNodes (no Score plugins)", o.topNodes, { topNodes: ex.topNodes, totals: rTotals });
  } else {
    if (!same(canonical(o.totals), canonical(rTotals))) diff("totals", o.totals, rTotals);
    // Upstream picks among equal top totals at random (schedule_one.go selectHost: reservoir sampling over a
    // heap filled in the order the parallel Filter finished), so the set is the deterministic outcome.
    if (!same(sorted(o.topNodes), sorted(ex.topNodes))) diff("topNodes", o.topNodes, ex.topNodes);
  }
  if (o.status === "Scheduled" && !ex.topNodes.includes(r.nodeName ?? "")) diff("nodeName (not a top node)", o.topNodes, r.nodeName);

  if (o.status === "Unschedulable") {
    const nom = ex.nomination;
    let message = r.message;
    if ((o.nominatedNode ?? null) !== (nom?.node ?? null)) {
      // pickOneNodeForPreemption's last tie-break takes the first node of a Go map iteration (random order,
      // framework/preemption/preemption.go): upstream may nominate any of the tied candidates, and the
      // FailedScheduling message names the one it took (Preempt: "found a potential placement for pod on node ...").
      if (o.nominatedNode === undefined || nom === null || !nom.ties.includes(o.nominatedNode)) diff("nominatedNode", o.nominatedNode ?? null, nom);
      else message = message.replace(`on node ${nom.node}, preempting`, `on node ${o.nominatedNode}, preempting`);
    }
    if ((o.message ?? "") !== message) diff("message", o.message, r.message);
  }
  return diffs;
}

function intersect(lists: readonly (readonly string[])[]): string[] {
  let acc = new Set(lists[0]);
  for (const l of lists.slice(1)) acc = new Set(l.filter((x) => acc.has(x)));
  return [...acc];
}

function canonical(v: unknown): unknown {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
  );
}

/**
 * The upstream panics schedkit models, as the oracle reports them (panic.go: the value and the scheduler plugins'
 * functions on the panicking goroutine, innermost first) and as schedkit refuses the run. kube-scheduler 1.35–1.37's
 * BalancedAllocation has no CEL cache, so scoring a DRA-backed resource of a class with selectors dereferences nil
 * (resource_allocation.go deviceMatchesClass; schedkit: ResourceAllocationScorer.celCachePanic).
 */
const UPSTREAM_PANICS: readonly { readonly oracle: RegExp; readonly schedkit: RegExp }[] = [
  {
    oracle: /^kube-scheduler panicked: runtime error: invalid memory address or nil pointer dereference \(in noderesources\.\(\*resourceAllocationScorer\)\.deviceMatchesClass <- .* <- noderesources\.\(\*BalancedAllocation\)\.Score\)$/,
    schedkit: /^SchedkitError: \S+\.resources\[\d+\]\.name: "[^"]+" is backed by DeviceClass "[^"]+", whose CEL selectors NodeResourcesBalancedAllocation cannot evaluate in kube-scheduler 1\.3[5-7]: scoring node "[^"]+", which has such devices, panics /,
  },
];

/**
 * Whether a scenario-level error pair is one upstream panic, on both sides: null when the oracle did not panic,
 * else whether schedkit refused the run for that same panic.
 */
export function samePanic(oracleError: string, schedkitError: string | null): boolean | null {
  if (!oracleError.startsWith("kube-scheduler panicked: ")) return null;
  const known = UPSTREAM_PANICS.find((p) => p.oracle.test(oracleError));
  return known !== undefined && schedkitError !== null && known.schedkit.test(schedkitError);
}

/** Compares a whole scenario: scenario-level errors, then pod by pod. */
export function compareScenario(oracle: { readonly error?: string; readonly results: readonly OraclePodResult[] }, run: SchedkitRun, terminating: ReadonlySet<string> = new Set()): Difference[] {
  if (oracle.error !== undefined || run.error !== null) {
    const panic = oracle.error === undefined ? null : samePanic(oracle.error, run.error);
    if (panic !== null) return panic ? [] : [{ pod: "(scenario)", what: "upstream panic", oracle: oracle.error, schedkit: run.error }];
    if (oracle.error !== undefined && run.error !== null) {
      // Priority admission rejects a pod in the API server's words on both sides (the pod named may differ when
      // several are rejected: the oracle admits existing pods first, schedkit takes the input in order).
      const forbidden = (e: string) => / is forbidden: (no PriorityClass with name|the integer value of priority|the string value of PreemptionPolicy)/.exec(e)?.[1] ?? null;
      if (forbidden(oracle.error) !== forbidden(run.error)) return [{ pod: "(scenario)", what: "admission error", oracle: oracle.error, schedkit: run.error }];
      return [];
    }
    return [{ pod: "(scenario)", what: "scenario error", oracle: oracle.error ?? null, schedkit: run.error }];
  }
  const diffs: Difference[] = [];
  oracle.results.forEach((o, i) => diffs.push(...comparePod(o, run.results[i], terminating)));
  if (run.results.length !== oracle.results.length) diffs.push({ pod: "(scenario)", what: "pod count", oracle: oracle.results.length, schedkit: run.results.length });
  return diffs;
}
