// Arbitrary control-plane objects around a cluster's pods: PriorityClasses the pods name (admission resolves
// them), Services, ReplicationControllers, ReplicaSets and StatefulSets selecting the pods (PodTopologySpread's
// system default constraints take their selector), the pods' controller ownerReferences, and
// PodDisruptionBudgets (DefaultPreemption's victim selection). Every object is valid as the API server
// validates it. PDBs select by `app` only, one budget per (namespace, app): a victim matches at most one budget,
// so upstream's budget order (a lister's, unordered) cannot matter.
import fc from "fast-check";
import { CROSS_SHRINK, type Families } from "./families.js";
import { NAMESPACES, POD_LABELS } from "./vocabulary.js";

/** PriorityClasses pods may name (values within the user-definable range). */
const CLASSES = [
  { name: "high", value: 1000 },
  { name: "low", value: -10 },
  { name: "batch", value: 100, preemptionPolicy: "Never" },
  { name: "top", value: 1_000_000_000 },
] as const;
/** Built-in classes every cluster has. */
const SYSTEM_CLASSES = ["system-cluster-critical", "system-node-critical"] as const;

const APPS = POD_LABELS["app"]!;

interface ControllerDraft {
  readonly kind: "ReplicaSet" | "StatefulSet" | "ReplicationController";
  readonly app: number;
  /** Extra selector requirement on `tier` (a ReplicaSet's pod-template-hash plays that role in real clusters). */
  readonly tier: number | null;
}

/** @internal What workloadsArbitrary draws; rendered against the pods by applyWorkloads. */
export interface WorkloadsDraft {
  readonly classes: readonly { readonly index: number; readonly globalDefault: boolean }[];
  readonly services: readonly { readonly namespace: number; readonly selector: readonly (readonly [string, string])[] | null }[];
  readonly controllers: readonly (ControllerDraft & { readonly namespace: number })[];
  readonly pdbs: readonly { readonly namespace: number; readonly app: number; readonly allowed: number; readonly empty: boolean }[];
  /** Per pod (cycled): which class it names (-1: none), and whether it is owned by a matching controller. */
  readonly picks: readonly { readonly cls: number; readonly owned: boolean; readonly disrupted: boolean }[];
}

const EMPTY: WorkloadsDraft = { classes: [], services: [], controllers: [], pdbs: [], picks: [] };

/** @internal */
export function workloadsDraftArbitrary(f: Families): fc.Arbitrary<WorkloadsDraft> {
  const ns = fc.nat(f.namespaces ? NAMESPACES.length - 1 : 0);
  const classes = f.priorityClasses
    ? fc.uniqueArray(fc.record({ index: fc.nat(CLASSES.length - 1), globalDefault: fc.boolean() }).map((c) => ({ ...c, globalDefault: c.globalDefault && c.index !== 3 })), {
        selector: (c) => c.index,
        maxLength: CLASSES.length,
      })
    : fc.constant([]);
  const services = f.controllers
    ? fc.array(
        fc.record({
          namespace: ns,
          selector: fc.oneof(
            CROSS_SHRINK,
            fc.nat(APPS.length - 1).map((a) => [["app", APPS[a]!] as const]),
            fc.constant(null),
            fc.tuple(fc.nat(APPS.length - 1), fc.constantFrom(...POD_LABELS["tier"]!)).map(([a, t]) => [["app", APPS[a]!] as const, ["tier", t] as const]),
          ),
        }),
        { maxLength: 3 },
      )
    : fc.constant([]);
  const controllers = f.controllers
    ? fc.array(
        fc.record({
          kind: fc.constantFrom("ReplicaSet", "ReplicaSet", "StatefulSet", "ReplicationController") as fc.Arbitrary<ControllerDraft["kind"]>,
          app: fc.nat(APPS.length - 1),
          tier: fc.option(fc.nat(1), { nil: null, freq: 3 }),
          namespace: ns,
        }),
        { maxLength: 3 },
      )
    : fc.constant([]);
  const pdbs = f.disruptionBudgets
    ? fc.uniqueArray(fc.record({ namespace: ns, app: fc.nat(APPS.length - 1), allowed: fc.nat(2), empty: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) }), {
        selector: (b) => `${b.namespace}/${b.app}`,
        maxLength: 3,
      })
    : fc.constant([]);
  const pick = fc.record({
    cls: f.priorityClasses ? fc.oneof(CROSS_SHRINK, { weight: 3, arbitrary: fc.constant(-1) }, { weight: 2, arbitrary: fc.nat(CLASSES.length + SYSTEM_CLASSES.length - 1) }) : fc.constant(-1),
    owned: f.controllers ? fc.boolean() : fc.constant(false),
    disrupted: f.disruptionBudgets ? fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) : fc.constant(false),
  });
  return fc.record({ classes, services, controllers, pdbs, picks: fc.array(pick, { maxLength: 6 }) });
}

export const NO_WORKLOADS = EMPTY;

type Json = Record<string, unknown>;

function controllerName(c: ControllerDraft, i: number): string {
  const short = c.kind === "ReplicaSet" ? "rs" : c.kind === "StatefulSet" ? "ss" : "rc";
  return `${short}-${APPS[c.app]}-${i}`;
}

/** The objects a KubeCluster carries besides nodes, pods and namespaces. */
export interface KubeWorkloads {
  readonly priorityClasses: object[];
  readonly services: object[];
  readonly replicationControllers: object[];
  readonly replicaSets: object[];
  readonly statefulSets: object[];
  readonly podDisruptionBudgets: object[];
}

/**
 * @internal Renders the draft and decorates the pods: a pod naming a class loses its own spec.priority and
 * preemptionPolicy (admission computes them); an owned pod gets the controllerRef of a controller in its namespace selecting its `app`.
 */
export function applyWorkloads(d: WorkloadsDraft, pods: object[]): { pods: object[]; objects: KubeWorkloads } {
  const listed = d.classes.map((c) => CLASSES[c.index]!);
  const priorityClasses = d.classes.map((c) => {
    const k = CLASSES[c.index]!;
    return { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: k.name }, value: k.value, ...(c.globalDefault ? { globalDefault: true } : {}), ...("preemptionPolicy" in k ? { preemptionPolicy: k.preemptionPolicy } : {}) };
  });
  const services = d.services.map((s, i) => ({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: `svc-${i}`, namespace: NAMESPACES[s.namespace] },
    spec: s.selector === null ? { ports: [{ port: 80 }] } : { selector: Object.fromEntries(s.selector), ports: [{ port: 80 }] },
  }));
  const rendered = d.controllers.map((c, i) => {
    const match: Record<string, string> = { app: APPS[c.app]! };
    if (c.tier !== null) match["tier"] = POD_LABELS["tier"]![c.tier]!;
    const meta = { name: controllerName(c, i), namespace: NAMESPACES[c.namespace] };
    if (c.kind === "ReplicationController") return { c, obj: { apiVersion: "v1", kind: c.kind, metadata: meta, spec: { selector: match } }, match };
    return { c, obj: { apiVersion: "apps/v1", kind: c.kind, metadata: meta, spec: { selector: { matchLabels: match } } }, match };
  });
  const pdbs = d.pdbs.map((b, i) => ({
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name: `pdb-${i}`, namespace: NAMESPACES[b.namespace] },
    spec: { selector: b.empty ? {} : { matchLabels: { app: APPS[b.app] } } },
    status: { disruptionsAllowed: b.allowed, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
  }));
  const out = pods.map((p, i) => {
    const pick = d.picks.length === 0 ? { cls: -1, owned: false, disrupted: false } : d.picks[i % d.picks.length]!;
    const q = structuredClone(p) as Json;
    const meta = q["metadata"] as Json;
    const spec = q["spec"] as Json;
    const labels = (meta["labels"] ?? {}) as Record<string, string>;
    if (pick.cls >= 0) {
      const name = pick.cls < CLASSES.length ? CLASSES[pick.cls]!.name : SYSTEM_CLASSES[pick.cls - CLASSES.length]!;
      // A class the input does not list resolves only for the built-in ones; otherwise keep the pod as drawn.
      if (name.startsWith("system-") || listed.some((c) => c.name === name)) {
        spec["priorityClassName"] = name;
        delete spec["priority"];
        delete spec["preemptionPolicy"];
      }
    }
    if (pick.owned) {
      const owner = rendered.find((r) => r.obj.metadata.namespace === meta["namespace"] && Object.entries(r.match).every(([k, v]) => labels[k] === v));
      if (owner !== undefined) {
        meta["ownerReferences"] = [{ apiVersion: owner.obj.apiVersion, kind: owner.c.kind, name: owner.obj.metadata.name, uid: `uid-${owner.obj.metadata.name}`, controller: true }];
      }
    }
    if (pick.disrupted) {
      // status.disruptedPods: the eviction API already counted this pod against its budget.
      const budget = pdbs.find((b) => b.metadata.namespace === meta["namespace"] && b.spec.selector.matchLabels?.app === labels["app"]);
      if (budget !== undefined) (budget.status as Json)["disruptedPods"] = { ...(((budget.status as Json)["disruptedPods"] as Json | undefined) ?? {}), [meta["name"] as string]: "2026-03-01T00:00:00Z" };
    }
    return q;
  });
  return {
    pods: out,
    objects: {
      priorityClasses,
      services,
      replicationControllers: rendered.filter((r) => r.c.kind === "ReplicationController").map((r) => r.obj),
      replicaSets: rendered.filter((r) => r.c.kind === "ReplicaSet").map((r) => r.obj),
      statefulSets: rendered.filter((r) => r.c.kind === "StatefulSet").map((r) => r.obj),
      podDisruptionBudgets: pdbs,
    },
  };
}
