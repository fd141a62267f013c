// Arbitrary v1.Pod objects. A pod is drawn as a draft (everything but the request amounts and the node
// names it refers to), then spelled out once its per-resource totals are known. The totals are split over
// containers, sidecars, init containers, overhead and pod-level resources so that the pod's effective
// request (PodRequests: max(Σ containers + sidecars, each init container on top of the sidecars before
// it) + overhead, or the pod-level value) is exactly the total: "exact fit" stays exact whatever the shape.
import fc from "fast-check";
import { MAX_RESOURCE_VALUE } from "../quantity.js";
import { CROSS_SHRINK, resolveFamilies, type Families, type FeatureFamilies } from "./families.js";
import { CPU, DEFAULT_MEMORY, DEFAULT_MILLI_CPU, EPHEMERAL, MEMORY, REQUESTABLE, amountArbitrary, formatAmount, type ResourceKind } from "./quantities.js";
import {
  GT_LT_BOUNDS,
  HOSTNAME,
  HOST_IPS,
  HOST_PORTS,
  INT32_MAX,
  INT32_MIN,
  MISSING_NODE,
  NAMESPACES,
  NAMESPACE_LABELS,
  NODE_SELECTOR_KEYS,
  POD_IMAGES,
  POD_LABELS,
  POD_LABEL_KEYS,
  PROTOCOLS,
  TAINT_EFFECTS,
  TAINT_KEYS,
  TAINT_VALUES,
  TIER,
  TIMESTAMPS,
  TOPOLOGY_KEYS,
  ZONE,
} from "./vocabulary.js";

/** Options of podArbitrary. */
export interface PodConstraints extends Omit<FeatureFamilies, "taints" | "images" | "unschedulableNodes" | "priorityClasses" | "controllers" | "disruptionBudgets" | "deviceClasses"> {
  /** metadata.name (default "pod-0"). */
  readonly name?: string;
  /** metadata.namespace (default: drawn, "default" when the namespaces family is off). */
  readonly namespace?: string;
  /** Node names that node affinity, matchFields and hostname selectors refer to (default node-0..node-2). */
  readonly nodeNames?: readonly string[];
  /** spec.nodeName: makes a bound pod (default: pending). */
  readonly nodeName?: string;
}

/** @internal A reference to a node by index (taken modulo the node count); -1 names no node. */
interface NodeRef {
  readonly node: number;
}

/** @internal How one resource of one pod is sized. */
interface RequestRecipe {
  /** Not requested, explicitly "0", or an amount. */
  readonly presence: "none" | "zero" | "value";
  /** An absolute amount, the free capacity of a node (± delta), a fraction of its allocatable, or all of it. */
  readonly mode: "amount" | "fit" | "fraction" | "full";
  readonly amount: number;
  readonly node: number;
  readonly delta: number;
  readonly permille: number;
  /** Share of the total given to spec.overhead (cpu and memory), in percent. */
  readonly overheadPct: number;
  /** The first regular init container carries the whole total (it dominates the containers). */
  readonly initDominant: boolean;
  /** Share of the total the containers get when init containers dominate or pod-level resources set it. */
  readonly splitPermille: number;
  readonly style: number;
}

interface PortDraft {
  readonly containerPort: number;
  readonly hostPort: number | null;
  readonly protocol: string;
  readonly hostIP: string;
}

interface ContainerDraft {
  readonly image: string;
  readonly weight: number;
  /** Bit i set: the container takes part in REQUESTABLE[i]. */
  readonly carries: number;
  /** Limits equal to the cpu/memory requests. */
  readonly limits: boolean;
  readonly ports: readonly PortDraft[];
}

interface InitDraft extends ContainerDraft {
  readonly sidecar: boolean;
}

type ValueRef = string | NodeRef;

interface ExprDraft {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly ValueRef[];
}

interface TermDraft {
  readonly matchExpressions: readonly ExprDraft[];
  readonly matchFields: readonly { readonly operator: string; readonly node: number }[];
}

interface NodeAffinityDraft {
  readonly required: readonly TermDraft[] | null;
  readonly preferred: readonly { readonly weight: number; readonly preference: TermDraft }[];
}

/** @internal A pod before its name, request amounts and node references are resolved. */
export interface PodDraft {
  readonly labels: readonly (readonly [string, string])[];
  readonly namespace: string;
  readonly priority: number | null;
  readonly preemptionPolicy: string | null;
  readonly creation: number | null;
  readonly containers: readonly ContainerDraft[];
  readonly initContainers: readonly InitDraft[];
  /** Per REQUESTABLE entry; null when the family is off. */
  readonly requests: readonly (RequestRecipe | null)[];
  readonly overhead: boolean;
  readonly podLevel: boolean;
  readonly nodeSelector: readonly (readonly [string, ValueRef])[];
  readonly nodeAffinity: NodeAffinityDraft | null;
  readonly tolerations: readonly object[];
  readonly topologySpreadConstraints: readonly object[];
  readonly podAffinity: object | null;
  readonly podAntiAffinity: object | null;
  /** spec.schedulingGates names (pending pods only). */
  readonly schedulingGates: readonly string[];
  readonly terminating: boolean;
  readonly phase: string | null;
}

/** @internal A resolved total for one resource: null = not requested; `zeroAll` writes "0" in every container. */
export type Target = { readonly value: number; readonly zeroAll: boolean } | null;

// --- small helpers

function pairsOf(dict: Readonly<Record<string, readonly string[]>>, freq: number): fc.Arbitrary<(readonly [string, string])[]> {
  return fc
    .tuple(...Object.entries(dict).map(([k, vs]) => fc.option(fc.constantFrom(...vs).map((v) => [k, v] as const), { nil: null, freq })))
    .map((ps) => ps.filter((p): p is readonly [string, string] => p !== null));
}

function unique<T>(xs: readonly T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = key(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// --- requests

/** What a container of a pod typically asks for (pods are smaller than nodes). */
function podTypical(k: ResourceKind): number {
  if (k === CPU) return 4000;
  if (k === MEMORY) return 16 * 1024 ** 3;
  return Math.max(2, Math.floor(k.typical / 16));
}

function recipeArbitrary(k: ResourceKind): fc.Arbitrary<RequestRecipe> {
  const core = k === CPU || k === MEMORY;
  const presence = core
    ? fc.constantFrom<RequestRecipe["presence"]>("none", "value", "value", "value", "value", "value", "value", "zero")
    : k === EPHEMERAL
      ? fc.constantFrom<RequestRecipe["presence"]>("none", "none", "none", "value", "value", "zero")
      : fc.constantFrom<RequestRecipe["presence"]>("none", "none", "none", "none", "none", "none", "none", "none", "value", "zero");
  return fc.record({
    presence,
    mode: fc.constantFrom<RequestRecipe["mode"]>("amount", "amount", "amount", "fit", "fit", "fraction", "full"),
    amount: amountArbitrary(k.max, podTypical(k)),
    node: fc.nat(63),
    delta: fc.constantFrom(0, 0, -1, 1),
    permille: fc.oneof(CROSS_SHRINK, fc.constantFrom(0, 500, 1000), fc.integer({ min: 0, max: 1000 })),
    overheadPct: fc.oneof(CROSS_SHRINK, fc.constantFrom(0, 10, 100), fc.integer({ min: 0, max: 100 })),
    initDominant: fc.constantFrom(false, false, true),
    splitPermille: fc.oneof(CROSS_SHRINK, fc.constantFrom(0, 1000), fc.integer({ min: 0, max: 1000 })),
    style: fc.nat(15),
  });
}

/** @internal Upper bound of what the scheduler's non-zero defaults add to a pod's cpu or memory (per container). */
export function defaultsUpper(d: PodDraft, k: ResourceKind): number {
  const n = d.containers.length + d.initContainers.length;
  if (k === CPU) return n * DEFAULT_MILLI_CPU;
  if (k === MEMORY) return n * DEFAULT_MEMORY;
  return 0;
}

/** @internal Largest total for one resource of this pod: its effective request and non-zero variant stay ≤ MAX_RESOURCE_VALUE. */
export function podMax(d: PodDraft, k: ResourceKind): number {
  return k === CPU || k === MEMORY ? MAX_RESOURCE_VALUE - defaultsUpper(d, k) : k.max;
}

/** @internal Targets of a pod with no cluster around it: absolute amounts, clamped to the pod's domain. */
function standaloneTargets(d: PodDraft): Target[] {
  return d.requests.map((r, i) => {
    if (r === null || r.presence === "none") return null;
    if (r.presence === "zero") return { value: 0, zeroAll: false };
    return { value: Math.min(r.amount, podMax(d, REQUESTABLE[i]!)), zeroAll: false };
  });
}

/** floor(a·b / c) exactly (a·b may exceed 2^53). */
function mulDiv(a: number, b: number, c: number): number {
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

// Splits `total` over `weights` exactly (floors, the remainder to the last).
function split(total: number, weights: readonly number[]): number[] {
  const w = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((x) => mulDiv(total, x, w));
  out[out.length - 1]! += total - out.reduce((a, b) => a + b, 0);
  return out;
}

interface RenderedResources {
  readonly containers: Record<string, string>[];
  readonly inits: Record<string, string>[];
  readonly overhead: Record<string, string>;
  readonly podLevel: Record<string, string>;
}

function renderResources(d: PodDraft, targets: readonly Target[]): RenderedResources {
  const containers = d.containers.map(() => ({}) as Record<string, string>);
  const inits = d.initContainers.map(() => ({}) as Record<string, string>);
  const overhead: Record<string, string> = {};
  const podLevel: Record<string, string> = {};
  targets.forEach((t, i) => {
    if (t === null) return;
    const k = REQUESTABLE[i]!;
    const r = d.requests[i]!;
    const fmt = (v: number, j: number) => formatAmount(k, v, r.style + j);
    const core = k === CPU || k === MEMORY;
    const T = t.value;
    const o = d.overhead && core ? mulDiv(T, r.overheadPct, 100) : 0;
    if (d.overhead && core) overhead[k.name] = fmt(o, 7);
    const R = T - o;
    let rc = R;
    if (d.podLevel && core) {
      podLevel[k.name] = fmt(R, 5);
      rc = mulDiv(R, r.splitPermille, 1000);
    }
    const bit = 1 << i;
    const regularInits = d.initContainers.flatMap((c, j) => (c.sidecar ? [] : [j]));
    const dominant = r.initDominant && regularInits.length > 0 ? regularInits[0]! : -1;
    const rs = dominant >= 0 ? mulDiv(rc, r.splitPermille, 1000) : rc;
    // Carriers among regular containers and sidecars; the first container when none carries it.
    const carriers: { kind: "c" | "i"; j: number; weight: number }[] = [];
    d.containers.forEach((c, j) => {
      if (c.carries & bit) carriers.push({ kind: "c", j, weight: c.weight });
    });
    d.initContainers.forEach((c, j) => {
      if (c.sidecar && c.carries & bit) carriers.push({ kind: "i", j, weight: c.weight });
    });
    if (carriers.length === 0) carriers.push({ kind: "c", j: 0, weight: 1 });
    const parts = split(rs, carriers.map((c) => c.weight));
    const sidecarPart = new Map<number, number>();
    carriers.forEach((c, n) => {
      const target = c.kind === "c" ? containers[c.j]! : inits[c.j]!;
      target[k.name] = fmt(parts[n]!, c.j + (c.kind === "i" ? 3 : 0));
      if (c.kind === "i") sidecarPart.set(c.j, parts[n]!);
    });
    // Regular init containers run on top of the sidecars started before them.
    let sidecarsBefore = 0;
    d.initContainers.forEach((c, j) => {
      if (c.sidecar) {
        sidecarsBefore += sidecarPart.get(j) ?? 0;
        return;
      }
      if (j === dominant) inits[j]![k.name] = fmt(rc - sidecarsBefore, j + 11);
      else if (c.carries & bit) inits[j]![k.name] = fmt(mulDiv(rc - sidecarsBefore, c.weight, 100), j + 11);
    });
    if (t.zeroAll) {
      // Every container states 0, so the scheduler's non-zero defaults do not apply either.
      for (const c of containers) c[k.name] ??= "0";
      for (const c of inits) c[k.name] ??= "0";
    }
  });
  return { containers, inits, overhead, podLevel };
}

const EXTENDED_LIKE = (name: string) => name.includes("/") || name.startsWith("hugepages-");

function containerJson(
  name: string,
  c: ContainerDraft,
  requests: Record<string, string>,
  ports: readonly PortDraft[],
  restartPolicy: string | null,
): object {
  const out: Record<string, unknown> = { name, image: c.image };
  const resources: Record<string, unknown> = {};
  if (Object.keys(requests).length > 0) {
    resources["requests"] = requests;
    // Extended resources and huge pages cannot be overcommitted: their limits must equal the requests.
    const limits: Record<string, string> = {};
    for (const [k, v] of Object.entries(requests)) if (EXTENDED_LIKE(k) || (c.limits && (k === "cpu" || k === "memory"))) limits[k] = v;
    if (Object.keys(limits).length > 0) resources["limits"] = limits;
  }
  out["resources"] = resources;
  if (ports.length > 0) {
    out["ports"] = ports.map((p) => {
      const o: Record<string, unknown> = { containerPort: p.containerPort };
      if (p.hostPort !== null) o["hostPort"] = p.hostPort;
      if (p.protocol !== "") o["protocol"] = p.protocol;
      if (p.hostIP !== "") o["hostIP"] = p.hostIP;
      return o;
    });
  }
  if (restartPolicy !== null) out["restartPolicy"] = restartPolicy;
  return out;
}

// --- node selection

function nodeName(ref: number, nodeNames: readonly string[]): string {
  return ref < 0 || nodeNames.length === 0 ? MISSING_NODE : nodeNames[ref % nodeNames.length]!;
}

function valueOf(v: ValueRef, nodeNames: readonly string[]): string {
  return typeof v === "string" ? v : nodeName(v.node, nodeNames);
}

const SELECTOR_KEYS = [...Object.keys(NODE_SELECTOR_KEYS), HOSTNAME];

const exprArbitrary: fc.Arbitrary<ExprDraft> = fc
  .record({
    key: fc.constantFrom(...SELECTOR_KEYS),
    operator: fc.constantFrom("In", "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"),
    picks: fc.array(fc.integer({ min: -1, max: 40 }), { minLength: 1, maxLength: 3 }),
  })
  .map(({ key, operator, picks }) => {
    if (operator === "Exists" || operator === "DoesNotExist") return { key, operator, values: [] };
    if (operator === "Gt" || operator === "Lt") {
      // Mostly on the numeric label, sometimes on one whose values are not integers.
      const p = Math.abs(picks[0]!);
      return { key: p % 3 === 0 ? key : TIER, operator, values: [GT_LT_BOUNDS[p % GT_LT_BOUNDS.length]!] };
    }
    const values: ValueRef[] =
      key === HOSTNAME
        ? unique(picks, String).map((p) => ({ node: p }))
        : unique(
            picks.map((p) => NODE_SELECTOR_KEYS[key]![Math.abs(p) % NODE_SELECTOR_KEYS[key]!.length]!),
            (v) => v,
          );
    return { key, operator, values };
  });

const termArbitrary: fc.Arbitrary<TermDraft> = fc.record({
  matchExpressions: fc.oneof(CROSS_SHRINK, { weight: 3, arbitrary: fc.array(exprArbitrary, { maxLength: 1 }) }, { weight: 1, arbitrary: fc.array(exprArbitrary, { maxLength: 3 }) }),
  matchFields: fc.oneof(CROSS_SHRINK, 
    { weight: 4, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.array(fc.record({ operator: fc.constantFrom("In", "NotIn"), node: fc.integer({ min: -1, max: 40 }) }), { minLength: 1, maxLength: 2 }) },
  ),
});

const weightArbitrary = fc.oneof(CROSS_SHRINK, fc.constantFrom(1, 100), fc.integer({ min: 1, max: 100 }));

const nodeAffinityArbitrary: fc.Arbitrary<NodeAffinityDraft> = fc.record({
  required: fc.oneof(CROSS_SHRINK, { weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.array(termArbitrary, { minLength: 1, maxLength: 3 }) }),
  preferred: fc.array(fc.record({ weight: weightArbitrary, preference: termArbitrary }), { maxLength: 3 }),
});

function termJson(t: TermDraft, nodeNames: readonly string[]): object {
  const out: Record<string, unknown> = {};
  if (t.matchExpressions.length > 0) {
    out["matchExpressions"] = t.matchExpressions.map((e) => {
      const o: Record<string, unknown> = { key: e.key, operator: e.operator };
      if (e.values.length > 0) o["values"] = unique(e.values.map((v) => valueOf(v, nodeNames)), (v) => v);
      return o;
    });
  }
  if (t.matchFields.length > 0) {
    out["matchFields"] = t.matchFields.map((f) => ({ key: "metadata.name", operator: f.operator, values: [nodeName(f.node, nodeNames)] }));
  }
  return out;
}

/** @internal A node selector term as JSON, label requirements only (for NodeAffinityArgs.addedAffinity). */
export const labelTermArbitrary: fc.Arbitrary<object> = fc
  .array(exprArbitrary.filter((e) => e.key !== HOSTNAME), { minLength: 1, maxLength: 1 })
  .map((matchExpressions) => termJson({ matchExpressions, matchFields: [] }, []));

// --- tolerations, spreading, pod (anti-)affinity

const effectOrAll = fc.constantFrom<string>("", "", ...TAINT_EFFECTS);

const tolerationArbitrary: fc.Arbitrary<object> = fc.oneof(CROSS_SHRINK, 
  // An empty key with Exists tolerates every taint (of the effect, if given).
  { weight: 1, arbitrary: effectOrAll.map((effect) => (effect === "" ? { operator: "Exists" } : { operator: "Exists", effect })) },
  {
    weight: 3,
    arbitrary: fc.record({ key: fc.constantFrom(...TAINT_KEYS), effect: effectOrAll }).map(({ key, effect }) => ({
      key,
      operator: "Exists",
      ...(effect === "" ? {} : { effect }),
    })),
  },
  {
    weight: 5,
    arbitrary: fc
      .record({
        key: fc.constantFrom(...TAINT_KEYS),
        operator: fc.constantFrom("Equal", "Equal", ""),
        value: fc.constantFrom(...TAINT_VALUES),
        effect: effectOrAll,
        seconds: fc.option(fc.constantFrom(0, 300, 3600), { nil: null }),
      })
      .map(({ key, operator, value, effect, seconds }) => {
        const o: Record<string, unknown> = { key };
        if (operator !== "") o["operator"] = operator;
        if (value !== "") o["value"] = value;
        if (effect !== "") o["effect"] = effect;
        if (effect === "NoExecute" && seconds !== null) o["tolerationSeconds"] = seconds;
        return o;
      }),
  },
);

const podExprArbitrary = fc
  .record({ key: fc.constantFrom(...POD_LABEL_KEYS), operator: fc.constantFrom("In", "NotIn", "Exists", "DoesNotExist"), picks: fc.array(fc.nat(5), { minLength: 1, maxLength: 2 }) })
  .map(({ key, operator, picks }) => {
    if (operator === "Exists" || operator === "DoesNotExist") return { key, operator };
    const vs = POD_LABELS[key]!;
    return { key, operator, values: unique(picks.map((p) => vs[p % vs.length]!), (v) => v) };
  });

/** A label selector over pod labels: {} (everything), matchLabels, matchExpressions or both. */
const podSelectorArbitrary: fc.Arbitrary<Record<string, unknown>> = fc
  .record({ matchLabels: pairsOf(POD_LABELS, 3), matchExpressions: fc.array(podExprArbitrary, { maxLength: 2 }) })
  .map(({ matchLabels, matchExpressions }) => {
    const o: Record<string, unknown> = {};
    if (matchLabels.length > 0) o["matchLabels"] = Object.fromEntries(matchLabels);
    if (matchExpressions.length > 0) o["matchExpressions"] = matchExpressions;
    return o;
  });

const namespaceSelectorArbitrary: fc.Arbitrary<object> = fc.oneof(CROSS_SHRINK, 
  fc.constant({}),
  pairsOf(NAMESPACE_LABELS, 2).map((ps) => (ps.length > 0 ? { matchLabels: Object.fromEntries(ps) } : {})),
  fc.constantFrom(...NAMESPACE_LABELS["env"]!).map((v) => ({ matchExpressions: [{ key: "env", operator: "NotIn", values: [v] }] })),
);

const topologyKeyArbitrary = fc.constantFrom(...TOPOLOGY_KEYS, HOSTNAME, ZONE);

const spreadArbitrary: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    maxSkew: fc.oneof(CROSS_SHRINK, { weight: 6, arbitrary: fc.constantFrom(1, 1, 2, 3) }, { weight: 1, arbitrary: fc.constant(INT32_MAX) }),
    topologyKey: topologyKeyArbitrary,
    whenUnsatisfiable: fc.constantFrom("DoNotSchedule", "ScheduleAnyway"),
    minDomains: fc.option(fc.oneof(CROSS_SHRINK, fc.integer({ min: 1, max: 5 }), fc.constant(INT32_MAX)), { nil: null, freq: 2 }),
    labelSelector: fc.option(podSelectorArbitrary, { nil: null, freq: 8 }),
    matchLabelKeys: fc.subarray(POD_LABEL_KEYS, { maxLength: 1 }),
    nodeAffinityPolicy: fc.option(fc.constantFrom("Honor", "Ignore"), { nil: null, freq: 2 }),
    nodeTaintsPolicy: fc.option(fc.constantFrom("Honor", "Ignore"), { nil: null, freq: 2 }),
  })
  .map((c) => {
    const o: Record<string, unknown> = { maxSkew: c.maxSkew, topologyKey: c.topologyKey, whenUnsatisfiable: c.whenUnsatisfiable };
    if (c.labelSelector !== null) {
      o["labelSelector"] = c.labelSelector;
      if (c.matchLabelKeys.length > 0) o["matchLabelKeys"] = c.matchLabelKeys;
    }
    if (c.minDomains !== null && c.whenUnsatisfiable === "DoNotSchedule") o["minDomains"] = c.minDomains;
    if (c.nodeAffinityPolicy !== null) o["nodeAffinityPolicy"] = c.nodeAffinityPolicy;
    if (c.nodeTaintsPolicy !== null) o["nodeTaintsPolicy"] = c.nodeTaintsPolicy;
    return o;
  });

function affinityTermArbitrary(f: Families): fc.Arbitrary<object> {
  return fc
    .record({
      labelSelector: fc.option(podSelectorArbitrary, { nil: null, freq: 8 }),
      namespaces: f.namespaces ? fc.subarray([...NAMESPACES], { maxLength: 2 }) : fc.constant([]),
      namespaceSelector: f.namespaces ? fc.option(namespaceSelectorArbitrary, { nil: null, freq: 3 }) : fc.constant(null),
      topologyKey: topologyKeyArbitrary,
      keys: fc.subarray(POD_LABEL_KEYS, { maxLength: 2 }),
      mismatch: fc.nat(3),
    })
    .map((t) => {
      const o: Record<string, unknown> = {};
      if (t.labelSelector !== null) o["labelSelector"] = t.labelSelector;
      if (t.namespaces.length > 0) o["namespaces"] = t.namespaces;
      if (t.namespaceSelector !== null) o["namespaceSelector"] = t.namespaceSelector;
      o["topologyKey"] = t.topologyKey;
      if (t.labelSelector !== null && t.keys.length > 0) {
        // Bit i of `mismatch` puts key i in mismatchLabelKeys; the two lists stay disjoint.
        const match = t.keys.filter((_, i) => ((t.mismatch >> i) & 1) === 0);
        const mismatch = t.keys.filter((_, i) => ((t.mismatch >> i) & 1) === 1);
        if (match.length > 0) o["matchLabelKeys"] = match;
        if (mismatch.length > 0) o["mismatchLabelKeys"] = mismatch;
      }
      return o;
    });
}

function podAffinityArbitrary(f: Families): fc.Arbitrary<object | null> {
  const term = affinityTermArbitrary(f);
  return fc.oneof(CROSS_SHRINK, 
    { weight: 3, arbitrary: fc.constant(null) },
    {
      weight: 1,
      arbitrary: fc
      .record({
        required: fc.oneof(CROSS_SHRINK, { weight: 2, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(term, { minLength: 1, maxLength: 2 }) }),
        preferred: fc.array(fc.record({ weight: weightArbitrary, podAffinityTerm: term }), { maxLength: 2 }),
      })
      .map(({ required, preferred }) => {
        const o: Record<string, unknown> = {};
        if (required.length > 0) o["requiredDuringSchedulingIgnoredDuringExecution"] = required;
        if (preferred.length > 0) o["preferredDuringSchedulingIgnoredDuringExecution"] = preferred;
        return o;
      }),
    },
  );
}

// --- containers

const portArbitrary: fc.Arbitrary<PortDraft> = fc.record({
  containerPort: fc.oneof(CROSS_SHRINK, fc.constantFrom(80, 8080, 9090), fc.integer({ min: 1, max: 65535 })),
  hostPort: fc.option(fc.constantFrom(...HOST_PORTS), { nil: null, freq: 3 }),
  protocol: fc.constantFrom(...PROTOCOLS),
  hostIP: fc.constantFrom(...HOST_IPS),
});

function containerArbitrary(f: Families): fc.Arbitrary<ContainerDraft> {
  return fc.record({
    image: fc.constantFrom(...POD_IMAGES),
    weight: fc.integer({ min: 1, max: 100 }),
    carries: fc.nat((1 << REQUESTABLE.length) - 1),
    limits: fc.boolean(),
    ports: f.hostPorts ? fc.oneof(CROSS_SHRINK, { weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(portArbitrary, { minLength: 1, maxLength: 2 }) }) : fc.constant([]),
  });
}

function initArbitrary(f: Families): fc.Arbitrary<InitDraft> {
  const kinds = [...(f.initContainers ? [false] : []), ...(f.sidecars ? [true] : [])];
  return fc
    .tuple(containerArbitrary(f), fc.constantFrom(...kinds))
    // Regular init containers have exited by the time the pod runs, so only sidecars keep host ports.
    .map(([c, sidecar]) => ({ ...c, ports: sidecar ? c.ports : [], sidecar }));
}

/** @internal The draft arbitrary shared with clusterArbitrary; `bound` drafts skip what only pending pods use. */
export function podDraftArbitrary(f: Families, role: "pending" | "bound"): fc.Arbitrary<PodDraft> {
  const pending = role === "pending";
  const requests = fc.tuple(
    ...REQUESTABLE.map((k, i) => {
      const on = i < 2 || (i === 2 ? f.ephemeralStorage : k.unit === "pages" ? f.hugepages : f.extendedResources);
      return on ? recipeArbitrary(k) : fc.constant<RequestRecipe | null>(null);
    }),
  );
  const none = fc.constant(null);
  return fc.record({
    labels: pairsOf(POD_LABELS, 2),
    namespace: f.namespaces ? fc.constantFrom<string>("default", "default", ...NAMESPACES) : fc.constant("default"),
    priority: f.priorities
      ? fc.oneof(CROSS_SHRINK, 
          { weight: 4, arbitrary: none },
          { weight: 2, arbitrary: fc.constantFrom(0, 1, -1, 100, 1000, 1_000_000_000, 2_000_001_000, INT32_MAX, INT32_MIN) },
          { weight: 1, arbitrary: fc.integer({ min: -5, max: 5 }) },
        )
      : none,
    preemptionPolicy: f.priorities ? fc.constantFrom(null, null, null, "Never", "PreemptLowerPriority") : none,
    creation: fc.option(fc.nat(TIMESTAMPS.length - 1), { nil: null }),
    containers: fc.array(containerArbitrary(f), { minLength: 1, maxLength: 3 }),
    initContainers: f.initContainers || f.sidecars ? fc.oneof(CROSS_SHRINK, { weight: 2, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(initArbitrary(f), { minLength: 1, maxLength: 2 }) }) : fc.constant([]),
    requests,
    overhead: f.overhead ? fc.constantFrom(false, false, false, true) : fc.constant(false),
    podLevel: f.podLevelResources ? fc.constantFrom(false, false, false, false, true) : fc.constant(false),
    nodeSelector:
      pending && f.nodeSelector
        ? fc.oneof(CROSS_SHRINK, 
            { weight: 5, arbitrary: fc.constant([]) },
            {
              weight: 1,
              arbitrary: fc
                .uniqueArray(fc.tuple(fc.constantFrom(...SELECTOR_KEYS), fc.integer({ min: -1, max: 40 })), { minLength: 1, maxLength: 2, selector: ([k]) => k })
                .map((ps) => ps.map(([k, p]) => [k, k === HOSTNAME ? { node: p } : NODE_SELECTOR_KEYS[k]![Math.abs(p) % NODE_SELECTOR_KEYS[k]!.length]!] as const)),
            },
          )
        : fc.constant([]),
    nodeAffinity: pending && f.nodeAffinity ? fc.oneof(CROSS_SHRINK, { weight: 2, arbitrary: none }, { weight: 1, arbitrary: nodeAffinityArbitrary }) : none,
    tolerations: pending && f.tolerations ? fc.oneof(CROSS_SHRINK, fc.constant([]), fc.array(tolerationArbitrary, { minLength: 1, maxLength: 4 })) : fc.constant([]),
    topologySpreadConstraints:
      pending && f.topologySpread
        ? fc.oneof(CROSS_SHRINK, 
            { weight: 2, arbitrary: fc.constant([]) },
            { weight: 1, arbitrary: fc.uniqueArray(spreadArbitrary, { minLength: 1, maxLength: 2, selector: (c) => `${c["topologyKey"]}|${c["whenUnsatisfiable"]}` }) },
          )
        : fc.constant([]),
    podAffinity: f.interPodAffinity ? podAffinityArbitrary(f) : none,
    podAntiAffinity: f.interPodAffinity ? podAffinityArbitrary(f) : none,
    // Two pending pods in nine are gated; a gate's name is a qualified name (validateSchedulingGates).
    schedulingGates: pending && f.schedulingGates ? fc.constantFrom<readonly string[]>([], [], [], [], [], [], [], ["example.com/quota"], ["example.com/quota", "review"]) : fc.constant<readonly string[]>([]),
    terminating: !pending && f.terminatingPods ? fc.constantFrom(false, false, false, false, true) : fc.constant(false),
    phase: pending
      ? fc.constantFrom(null, "Pending")
      : f.terminatingPods
        ? fc.constantFrom("Running", "Running", "Running", "Running", "Pending", "Succeeded", "Failed")
        : fc.constantFrom("Running", "Running", "Pending"),
  });
}

/** @internal Where a draft is placed and what it refers to. */
export interface PodPlacement {
  readonly name: string;
  readonly nodeName?: string;
  readonly nodeNames: readonly string[];
  readonly targets: readonly Target[];
}

/** @internal Spells a draft out as a v1.Pod. */
export function renderPod(d: PodDraft, at: PodPlacement): object {
  const res = renderResources(d, at.targets);
  const metadata: Record<string, unknown> = { name: at.name, namespace: d.namespace };
  if (d.labels.length > 0) metadata["labels"] = Object.fromEntries(d.labels);
  if (d.creation !== null) metadata["creationTimestamp"] = TIMESTAMPS[d.creation];
  if (d.terminating) metadata["deletionTimestamp"] = "2026-03-01T00:00:00Z";
  // Host ports are unique per pod by protocol and port (validation.go AccumulateUniqueHostPorts).
  const taken = new Set<string>();
  const ports = (c: ContainerDraft) =>
    c.ports.map((p) => {
      if (p.hostPort === null) return p;
      const key = `${p.protocol || "TCP"}/${p.hostPort}`;
      if (taken.has(key)) return { ...p, hostPort: null };
      taken.add(key);
      return p;
    });
  const spec: Record<string, unknown> = {};
  if (at.nodeName !== undefined) spec["nodeName"] = at.nodeName;
  if (d.initContainers.length > 0) {
    spec["initContainers"] = d.initContainers.map((c, j) =>
      containerJson(c.sidecar ? `sidecar-${j}` : `init-${j}`, c, res.inits[j]!, ports(c), c.sidecar ? "Always" : null),
    );
  }
  spec["containers"] = d.containers.map((c, j) => containerJson(`c-${j}`, c, res.containers[j]!, ports(c), null));
  if (Object.keys(res.overhead).length > 0) spec["overhead"] = res.overhead;
  if (Object.keys(res.podLevel).length > 0) spec["resources"] = { requests: res.podLevel };
  if (d.nodeSelector.length > 0) spec["nodeSelector"] = Object.fromEntries(d.nodeSelector.map(([k, v]) => [k, valueOf(v, at.nodeNames)]));
  const affinity: Record<string, unknown> = {};
  if (d.nodeAffinity !== null) {
    const na: Record<string, unknown> = {};
    if (d.nodeAffinity.required !== null) {
      na["requiredDuringSchedulingIgnoredDuringExecution"] = { nodeSelectorTerms: d.nodeAffinity.required.map((t) => termJson(t, at.nodeNames)) };
    }
    if (d.nodeAffinity.preferred.length > 0) {
      na["preferredDuringSchedulingIgnoredDuringExecution"] = d.nodeAffinity.preferred.map((p) => ({ weight: p.weight, preference: termJson(p.preference, at.nodeNames) }));
    }
    affinity["nodeAffinity"] = na;
  }
  if (d.podAffinity !== null) affinity["podAffinity"] = d.podAffinity;
  if (d.podAntiAffinity !== null) affinity["podAntiAffinity"] = d.podAntiAffinity;
  if (Object.keys(affinity).length > 0) spec["affinity"] = affinity;
  if (d.tolerations.length > 0) spec["tolerations"] = d.tolerations;
  if (d.topologySpreadConstraints.length > 0) spec["topologySpreadConstraints"] = d.topologySpreadConstraints;
  // A preemptionPolicy without a priority would be a manifest admission rejects unless its policy is the
  // default's; stated together they are a pod as the API server stored it.
  if (d.priority !== null) spec["priority"] = d.priority;
  else if (d.preemptionPolicy !== null) spec["priority"] = 0;
  if (d.preemptionPolicy !== null) spec["preemptionPolicy"] = d.preemptionPolicy;
  if (d.schedulingGates.length > 0) spec["schedulingGates"] = d.schedulingGates.map((name) => ({ name }));
  const pod: Record<string, unknown> = { apiVersion: "v1", kind: "Pod", metadata, spec };
  if (d.phase !== null) pod["status"] = { phase: d.phase };
  return pod;
}

/**
 * Arbitrary v1.Pod JSON that createCluster and schedule accept: 1–3 containers, init containers and
 * sidecars, requests from 0 up to MAX_RESOURCE_VALUE (cpu, memory, ephemeral-storage, extended resources,
 * huge pages; absent, explicit "0" or an amount), overhead, pod-level resources, host ports, nodeSelector,
 * node affinity with every operator and matchFields, tolerations, topology spread constraints, pod
 * (anti-)affinity with namespaces and namespaceSelector, priorities. Pending unless `nodeName` is given.
 */
export function podArbitrary(constraints: PodConstraints = {}): fc.Arbitrary<object> {
  const f = resolveFamilies(constraints);
  const nodeNames = constraints.nodeNames ?? ["node-0", "node-1", "node-2"];
  const bound = constraints.nodeName !== undefined;
  return podDraftArbitrary(f, bound ? "bound" : "pending").map((d0) => {
    const d = constraints.namespace === undefined ? d0 : { ...d0, namespace: constraints.namespace };
    return renderPod(d, {
      name: constraints.name ?? "pod-0",
      ...(bound ? { nodeName: constraints.nodeName } : {}),
      nodeNames,
      targets: standaloneTargets(d),
    });
  });
}
