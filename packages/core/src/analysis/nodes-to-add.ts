// The fewest copies of a node template that make a target number of replicas fit: capacity() on the cluster
// plus k template nodes, searched over k (a cluster autoscaler's question, answered by the real scheduler).
import { SchedkitError } from "../errors.js";
import { nodeFromKube } from "../model/kube.js";
import type { Node } from "../model/types.js";
import { Cluster, type PodInput } from "../schedule.js";
import { capacity, withNodes, type CapacityOptions, type ShapeCapacity } from "./capacity.js";

/** Options of nodesToAdd(): capacity()'s (engine, scheduler options, excludeNodes) and the search limit. */
export interface NodesToAddOptions extends Omit<CapacityOptions, "max" | "interleave"> {
  /** Most template nodes to try. Default 10,000. */
  readonly maxNodes?: number;
}

/** What nodesToAdd() found. */
export interface NodesToAddResult {
  readonly shape: string;
  readonly target: number;
  /** Replicas that fit on the cluster as it is (up to target). */
  readonly fitsNow: number;
  /** The fewest template nodes after which `target` replicas fit; null when even maxNodes do not suffice. */
  readonly nodes: number | null;
  /** The added nodes' names (`<template name>-<i>`, i from 1). */
  readonly addedNodes: readonly string[];
  /** With one node fewer (nodes − 1): how many replicas fit and what stopped them (null when nodes is 0 or null). */
  readonly withOneFewer: ShapeCapacity | null;
  /** With the nodes added and no target: every replica that fits, and what binds after that. */
  readonly after: ShapeCapacity | null;
}

/**
 * One capacity() question of the search: the cluster plus `nodes` template copies, stopping at `max` replicas
 * (undefined: every replica that fits).
 */
export interface NodesToAddProbe {
  readonly nodes: number;
  readonly max: number | undefined;
}

const DEFAULT_MAX_NODES = 10_000;
const HOSTNAME = "kubernetes.io/hostname";

/**
 * The fewest copies of `template` (a v1.Node) to add so that `target` replicas of `shape` fit, found by
 * doubling then bisecting the added count with capacity(). The search assumes that more nodes never fit
 * fewer replicas (true of the resource, taint, affinity and spread filters with a fixed tie-break seed; a
 * random tie-break can break it by a replica at the edge); the answer is checked at both ends: `nodes`
 * fits, `nodes − 1` does not. Copies are named `<template name>-<i>` and get that name as their
 * kubernetes.io/hostname label when the template has one.
 */
export function nodesToAdd(cluster: Cluster, shape: PodInput, template: unknown, target: number, options: NodesToAddOptions = {}): NodesToAddResult {
  const steps = nodesToAddSteps(cluster, template, target, options);
  for (let s = steps.next([]); ; ) {
    if (s.done === true) return s.value;
    s = steps.next(s.value.map((p) => nodesToAddProbe(cluster, shape, template, p, options)));
  }
}

/**
 * nodesToAdd() as steps, for callers that answer its capacity() questions elsewhere (worker threads, other
 * processes or machines): each step yields the probes to evaluate with nodesToAddProbe() and takes their
 * answers in the same order; the generator returns nodesToAdd()'s result. With `width` > 1 a step also
 * yields the probes the search needs next on either outcome of the first (speculation, best-first, at
 * most `width` probes), so that they can be evaluated at the same time; the decisions, and so the result,
 * are those of the one-probe-at-a-time search whatever the width, since every answer is kept and the
 * search only ever reads real answers.
 */
export function* nodesToAddSteps(
  cluster: Cluster,
  template: unknown,
  target: number,
  options: NodesToAddOptions = {},
  width = 1,
): Generator<NodesToAddProbe[], NodesToAddResult, ShapeCapacity[]> {
  if (!Number.isSafeInteger(width) || width < 1) throw new SchedkitError("width", width, "is not an integer >= 1");
  const search = nodesToAddSearch(cluster, template, target, options);
  for (;;) {
    const done = search.result();
    if (done !== undefined) return done;
    // A round is the first `width` probes of the search's best-first order, each next() skipping those
    // already taken.
    const probes: NodesToAddProbe[] = [];
    for (let p: NodesToAddProbe | undefined; probes.length < width && (p = search.next()) !== undefined; ) probes.push(p);
    const got = yield probes;
    if (!Array.isArray(got) || got.length !== probes.length) throw new SchedkitError("answers", got, `is not an array of ${probes.length} capacity answers`);
    probes.forEach((p, i) => search.answer(p, got[i]!));
  }
}

/**
 * nodesToAdd() as a search whose probes are answered in any order, several at a time (a pool of threads
 * that takes a new probe whenever one finishes, with no round to wait for): next() hands out the probe
 * most worth answering now, answer() records a real answer, result() is nodesToAdd()'s result once the
 * answers decide it. Probes handed out and not yet answered count as running: next() speculates past them
 * on their predicted outcomes and never hands them out twice. The result is the one-at-a-time search's
 * whatever the order the answers come in, since the search only ever reads real answers.
 */
export interface NodesToAddSearch {
  /** The probe to answer next; undefined when the search is decided or needs only probes already running. */
  next(): NodesToAddProbe | undefined;
  /** Records the answer (nodesToAddProbe()'s) to a probe next() handed out. */
  answer(probe: NodesToAddProbe, capacity: ShapeCapacity): void;
  /** nodesToAdd()'s result once the answers decide it, else undefined. */
  result(): NodesToAddResult | undefined;
}

/** Starts a NodesToAddSearch (nodesToAdd()'s arguments but the shape, which only the probes need). */
export function nodesToAddSearch(cluster: Cluster, template: unknown, target: number, options: NodesToAddOptions = {}): NodesToAddSearch {
  if (!(cluster instanceof Cluster)) throw new SchedkitError("cluster", cluster, "is not a Cluster (use createCluster)");
  if (!Number.isSafeInteger(target) || target < 1) throw new SchedkitError("target", target, "is not an integer >= 1");
  if (typeof options !== "object" || options === null) throw new SchedkitError("options", options, "is not an options object");
  const maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES;
  if (!Number.isSafeInteger(maxNodes) || maxNodes < 0) throw new SchedkitError("maxNodes", maxNodes, "is not an integer >= 0");
  const tpl = nodeFromKube(template, "template");
  // The first copy's name is checked before any probe runs, so that a clash is reported before any work.
  copies(tpl, 1, cluster);
  const answers = new Map<string, ShapeCapacity>();
  const running = new Set<string>();
  const step = () => searchStep(target, maxNodes, (p) => answers.get(probeKey(p)));
  return {
    next() {
      const s = step();
      if ("done" in s) return undefined;
      const p = speculate(target, maxNodes, answers, s.need, running);
      if (p !== undefined) running.add(probeKey(p));
      return p;
    },
    answer(probe, capacity) {
      const key = typeof probe === "object" && probe !== null ? probeKey(probe) : "";
      if (!running.has(key)) throw new SchedkitError("probe", probe, "was not handed out by next(), or was answered already");
      if (typeof capacity !== "object" || capacity === null || !Number.isSafeInteger(capacity.replicas)) {
        throw new SchedkitError("capacity", capacity, "is not a capacity answer (nodesToAddProbe's ShapeCapacity)");
      }
      running.delete(key);
      answers.set(key, capacity);
    },
    result() {
      const s = step();
      if (!("done" in s)) return undefined;
      const d = s.done;
      const now = answers.get(probeKey({ nodes: 0, max: target }))!;
      const addedNodes = d.nodes === null || d.nodes === 0 ? [] : copies(tpl, d.nodes, cluster).map((n) => n.name);
      return { shape: now.shape, target, fitsNow: now.replicas, nodes: d.nodes, addedNodes, withOneFewer: d.withOneFewer, after: d.after };
    },
  };
}

/** Answers one probe of nodesToAddSteps(): capacity() of `shape` on the cluster plus the template copies. */
export function nodesToAddProbe(cluster: Cluster, shape: PodInput, template: unknown, probe: NodesToAddProbe, options: NodesToAddOptions = {}): ShapeCapacity {
  const { maxNodes: _maxNodes, ...capOpts } = options;
  const tpl = nodeFromKube(template, "template");
  return capacity(withNodes(cluster, copies(tpl, probe.nodes, cluster)), [shape], { ...capOpts, max: probe.max })!.shapes[0]!;
}

type SearchStep =
  | { readonly need: NodesToAddProbe }
  | { readonly done: { readonly nodes: number | null; readonly withOneFewer: ShapeCapacity | null; readonly after: ShapeCapacity | null } };

/** Thrown inside searchStep when an answer is missing: the probe the search needs next. */
class Need {
  constructor(readonly probe: NodesToAddProbe) {}
}

/**
 * The search from the start over the answers known so far: doubling finds a count that fits (hi) above one
 * that does not (lo), bisection closes the gap. Replaying from the start keeps it one plain function (a few
 * dozen steps at most) that speculation can run on hypothetical answers.
 */
function searchStep(target: number, maxNodes: number, answer: (p: NodesToAddProbe) => ShapeCapacity | undefined): SearchStep {
  const ask = (nodes: number, max: number | undefined): ShapeCapacity => {
    const a = answer({ nodes, max });
    if (a === undefined) throw new Need({ nodes, max });
    return a;
  };
  const fits = (k: number) => ask(k, target).replicas >= target;
  try {
    if (fits(0)) return { done: { nodes: 0, withOneFewer: null, after: ask(0, undefined) } };
    let lo = 0;
    let hi = 1;
    while (hi <= maxNodes && !fits(hi)) {
      lo = hi;
      hi *= 2;
    }
    if (hi > maxNodes) {
      if (lo >= maxNodes || !fits(maxNodes)) return { done: { nodes: null, withOneFewer: null, after: null } };
      hi = maxNodes;
    }
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (fits(mid)) hi = mid;
      else lo = mid;
    }
    return { done: { nodes: hi, withOneFewer: ask(hi - 1, target), after: ask(hi, undefined) } };
  } catch (e) {
    if (e instanceof Need) return { need: e.probe };
    throw e;
  }
}

/**
 * The probe most worth answering next: the search is replayed on hypothetical outcomes, best first — the
 * fewest outcomes against what the real answers predict (predictFits), then the nearest — and the first probe
 * on that order not in `running` (being answered elsewhere) is chosen. With good predictions that is the
 * predicted path itself, so several probes answered at once do the work of as many steps of the one-at-a-time
 * search; a wrong prediction costs wasted probes, and the next call starts again from real answers.
 * Hypothetical answers only steer this choice; they are never recorded. Running probes are walked through on
 * both outcomes like the others.
 */
function speculate(target: number, maxNodes: number, answers: ReadonlyMap<string, ShapeCapacity>, need: NodesToAddProbe, running: ReadonlySet<string>): NodesToAddProbe | undefined {
  interface Path {
    readonly hypo: ReadonlyMap<string, ShapeCapacity>;
    readonly need: NodesToAddProbe;
    readonly misses: number;
    readonly depth: number;
  }
  const open: Path[] = [{ hypo: answers, need, misses: 0, depth: 0 }];
  // Different hypothetical paths can need the same probe: bound the replays, not just the probes walked past.
  for (let budget = 64 * (1 + running.size); open.length > 0 && budget > 0; budget--) {
    let best = 0;
    for (let i = 1; i < open.length; i++) if (open[i]!.misses < open[best]!.misses || (open[i]!.misses === open[best]!.misses && open[i]!.depth < open[best]!.depth)) best = i;
    const { hypo, need: p, misses, depth } = open.splice(best, 1)[0]!;
    const key = probeKey(p);
    if (!running.has(key)) return p;
    const predicted = predictFits(target, answers, p.nodes) ? target : 0;
    // Only `replicas` against the target steers the search; the rest of a hypothetical answer is never read.
    for (const replicas of p.max === undefined ? [0] : [0, target]) {
      const h = new Map(hypo).set(key, { replicas } as ShapeCapacity);
      const s = searchStep(target, maxNodes, (q) => h.get(probeKey(q)));
      if (!("need" in s)) continue;
      open.push({ hypo: h, need: s.need, misses: misses + (p.max !== undefined && replicas !== predicted ? 1 : 0), depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * Whether `nodes` added nodes are likely to fit the target, from the real answers only: a count at or below
 * one that did not fit does not, one at or above a count that fit does, and between them the replicas grow
 * by the rate between the two largest counts that did not fit (their answers are exact counts, below the
 * target's cap). Without two such counts it predicts "does not fit", the doubling's usual outcome. A wrong
 * prediction costs a wasted probe, never a different answer.
 */
function predictFits(target: number, answers: ReadonlyMap<string, ShapeCapacity>, nodes: number): boolean {
  let fit = Infinity;
  const short: [number, number][] = [];
  for (const [key, a] of answers) {
    const k = Number(key.slice(0, key.indexOf("/")));
    if (a.replicas >= target) fit = Math.min(fit, k);
    else short.push([k, a.replicas]);
  }
  if (nodes >= fit) return true;
  short.sort((x, y) => x[0] - y[0]);
  const [k2, r2] = short.at(-1) ?? [-1, 0];
  if (nodes <= k2) return false;
  const [k1, r1] = short.at(-2) ?? [k2, r2];
  if (k1 === k2 || r2 <= r1) return false;
  return r2 + ((r2 - r1) / (k2 - k1)) * (nodes - k2) >= target;
}

function probeKey(p: NodesToAddProbe): string {
  return `${p.nodes}/${p.max ?? "all"}`;
}

function copies(tpl: Node, k: number, cluster: Cluster): Node[] {
  const existing = new Set(cluster.nodes.map((n) => n.name));
  return Array.from({ length: k }, (_, i) => copyNode(tpl, i + 1, existing));
}

function copyNode(tpl: Node, i: number, existing: ReadonlySet<string>): Node {
  const name = `${tpl.name}-${i}`;
  if (existing.has(name)) throw new SchedkitError("template.metadata.name", tpl.name, `makes node name ${JSON.stringify(name)}, which the cluster already has`);
  const labels = new Map(tpl.labels);
  if (labels.has(HOSTNAME)) labels.set(HOSTNAME, name);
  return { ...tpl, name, labels };
}
