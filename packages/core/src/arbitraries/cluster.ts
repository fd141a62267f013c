// Arbitrary cluster snapshots: nodes (mostly copies of a few templates, as real node pools are, so score
// ties happen), pods bound to them (partially filled, exactly full, over-committed, full by pod count),
// pending pods sized against the nodes (exact fit, one more or one less than the free capacity, a share
// of a node, a whole node, or an absolute amount), Namespace objects, and the control-plane objects around the
// pods (PriorityClasses, Services and controllers, PodDisruptionBudgets: workloads.ts).
//
// Domain: every node's summed requests stay ≤ MAX_RESOURCE_VALUE (NodeInfo.AddPod in schedkit rejects
// more with a DomainError) whatever a scheduler does with the pending pods: the bound pods of the fullest
// node plus all pending pods, counting the scheduler's 100m / 200Mi non-zero defaults for containers that
// request no cpu / memory, fit in the domain. Pods that would break this are shrunk, down to stating an
// explicit "0" in every container.
import fc from "fast-check";
import type { KubeNamespace, KubeNode, KubePod } from "../model/kube-types.js";
import { MAX_RESOURCE_VALUE } from "../quantity.js";
import { CROSS_SHRINK, resolveFamilies, type FeatureFamilies } from "./families.js";
import { NODE_KINDS, draftAllocatable, nodeDraftArbitrary, renderNode, type NodeDraft } from "./node.js";
import { defaultsUpper, podDraftArbitrary, podMax, renderPod, type PodDraft, type Target } from "./pod.js";
import { PODS, REQUESTABLE } from "./quantities.js";
import { addDeviceRequests, classSelectors, draDraftArbitrary, renderDra, type DraDraft, type KubeDraObject } from "./dra.js";
import { EXTENDED_RESOURCES, NAMESPACES, NAMESPACE_LABELS, ZONES } from "./vocabulary.js";
import { NO_WORKLOADS, applyWorkloads, workloadsDraftArbitrary, type KubeWorkloads, type WorkloadsDraft } from "./workloads.js";

/** Options of clusterArbitrary: sizes, and feature families to switch off. */
export interface ClusterConstraints extends FeatureFamilies {
  /** Fewest nodes (default 0). */
  readonly minNodes?: number;
  /** Most nodes (default 8; a few hundred is fine). */
  readonly maxNodes?: number;
  /** Most pods bound to one node (default 2). */
  readonly maxBoundPodsPerNode?: number;
  /** Most pending pods (default 4). */
  readonly maxPendingPods?: number;
  /** Most taints on a node (default 3). */
  readonly maxTaints?: number;
}

/** A cluster as createCluster takes it: v1.Node, v1.Pod (bound ones have spec.nodeName) and v1.Namespace JSON. */
export interface KubeCluster extends Partial<KubeWorkloads> {
  readonly nodes: KubeNode[];
  readonly pods: KubePod[];
  readonly namespaces: KubeNamespace[];
  /** resource.k8s.io/v1 DeviceClasses, each backing one extended resource (spec.extendedResourceName). */
  readonly deviceClasses?: KubeDeviceClass[];
  /** resource.k8s.io/v1 ResourceSlices offering devices of those classes (DRA allocates from them). */
  readonly resourceSlices?: KubeDraObject[];
  /** resource.k8s.io/v1 ResourceClaims whose allocations hold some of the devices. */
  readonly resourceClaims?: KubeDraObject[];
}

/** A resource.k8s.io/v1 DeviceClass as generated: a name and the extended resource it backs. */
export interface KubeDeviceClass {
  readonly apiVersion: "resource.k8s.io/v1";
  readonly kind: "DeviceClass";
  readonly metadata: { readonly name: string };
  readonly spec: { readonly extendedResourceName: string; readonly selectors?: readonly { readonly cel: { readonly expression: string } }[] };
}

type Fill = "empty" | "partial" | "full" | "over";

interface Slot {
  readonly template: number;
  readonly override: NodeDraft | null;
  readonly zone: number | null;
  readonly fill: Fill;
  readonly fullByCount: boolean;
  readonly bound: readonly PodDraft[];
}

interface Plan {
  readonly prefix: string;
  readonly templates: readonly NodeDraft[];
  readonly slots: readonly Slot[];
  readonly pending: readonly PodDraft[];
  readonly nsLabels: readonly (readonly (readonly [string, string])[])[];
  readonly listNamespaces: boolean;
  readonly workloads: WorkloadsDraft;
  /** The extended resources a DeviceClass backs. */
  readonly deviceClasses: readonly string[];
  /** ResourceSlices and a claim for those classes, or null. */
  readonly dra: DraDraft | null;
}

function mulDiv(a: number, b: number, c: number): number {
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

const POD_KIND_INDEX = NODE_KINDS.indexOf(PODS);
const NODE_INDEX = REQUESTABLE.map((k) => NODE_KINDS.indexOf(k));
const DOMAIN = REQUESTABLE.map((k) => (k.unit === "pages" ? k.max : MAX_RESOURCE_VALUE));

const finished = (p: PodDraft) => p.phase === "Succeeded" || p.phase === "Failed";

/**
 * Fits a wanted total into the room left in the domain. `cost` is what the pod adds to a node's
 * non-zero requested (the total plus the defaults of containers that do not state the resource).
 */
function admit(want: number | null, room: number, defaults: number, max: number): { target: Target; cost: number } {
  if (want === null) return defaults <= room ? { target: null, cost: defaults } : { target: { value: 0, zeroAll: true }, cost: 0 };
  const v = Math.min(want, max);
  if (v + defaults <= room) return { target: { value: v, zeroAll: false }, cost: v + defaults };
  if (defaults <= room) return { target: { value: room - defaults, zeroAll: false }, cost: room };
  return { target: { value: 0, zeroAll: true }, cost: 0 };
}

function build(plan: Plan): KubeCluster {
  const n = plan.slots.length;
  const names = plan.slots.map((_, j) => `${plan.prefix}${j}`);
  const drafts = plan.slots.map((s) => s.override ?? plan.templates[s.template % plan.templates.length]!);
  const alloc = drafts.map((d) => NODE_INDEX.map((ni) => draftAllocatable(d, ni)));
  const used = alloc.map((a) => a.map(() => 0));
  const nonZero = alloc.map((a) => a.map(() => 0));
  const pods: object[] = [];
  const nodes: object[] = [];

  plan.slots.forEach((s, j) => {
    const bound = s.fill === "empty" ? [] : s.bound;
    const active = bound.filter((p) => !finished(p));
    const filler = s.fill === "full" || s.fill === "over" ? active[active.length - 1] : undefined;
    bound.forEach((p, q) => {
      const counts = !finished(p);
      const targets = REQUESTABLE.map((k, i): Target => {
        const r = p.requests[i];
        if (r === undefined || r === null) return null;
        const a = alloc[j]![i]!;
        let want: number | null;
        if (p === filler) {
          // The last running pod fills the node exactly ("over": and then some).
          const rem = Math.max(0, a - used[j]![i]!);
          want = s.fill === "over" ? rem + Math.max(1, mulDiv(a, r.permille, 1000)) : a === 0 ? null : rem;
        } else if (r.presence === "none" || a === 0) want = null;
        else if (r.presence === "zero") want = 0;
        else want = mulDiv(a, r.permille, 1000 * Math.max(1, active.length));
        const room = counts ? DOMAIN[i]! - nonZero[j]![i]! : DOMAIN[i]!;
        const { target, cost } = admit(want, room, defaultsUpper(p, k), podMax(p, k));
        if (counts) {
          used[j]![i]! += target?.value ?? 0;
          nonZero[j]![i]! += cost;
        }
        return target;
      });
      pods.push(renderPod(p, { name: `${names[j]}-pod-${q}`, nodeName: names[j]!, nodeNames: names, targets }));
    });
    let d = drafts[j]!;
    if (s.fullByCount && !d.noAllocatable) {
      d = { ...d, allocatable: d.allocatable.map((v, i) => (i === POD_KIND_INDEX ? active.length : v)) };
    }
    nodes.push(renderNode(d, names[j]!, s.zone ?? d.zone));
  });

  // Pending pods: all of them on the fullest node must still fit the domain.
  const spent = REQUESTABLE.map((_, i) => nonZero.reduce((m, row) => Math.max(m, row[i]!), 0));
  plan.pending.forEach((p, q) => {
    const targets = REQUESTABLE.map((k, i): Target => {
      const r = p.requests[i];
      if (r === undefined || r === null) return null;
      let want: number | null = null;
      if (r.presence === "zero") want = 0;
      else if (r.presence === "value") {
        const j = r.node % Math.max(1, n);
        const a = n === 0 ? 0 : alloc[j]![i]!;
        if (n === 0 || r.mode === "amount") want = r.amount;
        else if (r.mode === "fit") want = Math.max(0, a - used[j]![i]! + r.delta);
        else if (r.mode === "fraction") want = mulDiv(a, r.permille, 1000);
        else want = a;
      }
      const { target, cost } = admit(want, DOMAIN[i]! - spent[i]!, defaultsUpper(p, k), podMax(p, k));
      spent[i]! += cost;
      return target;
    });
    pods.push(renderPod(p, { name: `pending-${q}`, nodeNames: names, targets }));
  });

  const namespaces = plan.listNamespaces
    ? NAMESPACES.map((name, i) => ({
        apiVersion: "v1",
        kind: "Namespace" as const,
        metadata: { name, labels: { "kubernetes.io/metadata.name": name, ...Object.fromEntries(plan.nsLabels[i] ?? []) } },
      }))
    : [];
  // "example.com/gpu" is backed by the class "gpu.example.com".
  const drivers = plan.deviceClasses.map((r) => r.split("/").reverse().join("."));
  const selectors = classSelectors(plan.dra, drivers);
  const deviceClasses: KubeDeviceClass[] = plan.deviceClasses.map((r, k) => ({
    apiVersion: "resource.k8s.io/v1",
    kind: "DeviceClass",
    metadata: { name: drivers[k]! },
    spec: { extendedResourceName: r, ...(selectors[k]!.length === 0 ? {} : { selectors: selectors[k]!.map((expression) => ({ cel: { expression } })) }) },
  }));
  const dra = deviceClasses.length === 0 ? {} : { deviceClasses, ...renderDra(plan.dra, names, drivers) };
  addDeviceRequests(plan.dra, pods, nodes, plan.deviceClasses[0]);
  // renderNode / renderPod build v1 JSON by hand; KubeNode / KubePod describe that shape.
  if (plan.workloads === NO_WORKLOADS) return { nodes: nodes as KubeNode[], pods: pods as KubePod[], namespaces, ...dra };
  const w = applyWorkloads(plan.workloads, pods);
  const objects = Object.fromEntries(Object.entries(w.objects).filter(([, list]) => list.length > 0));
  return { nodes: nodes as KubeNode[], pods: w.pods as KubePod[], namespaces, ...objects, ...dra };
}

/**
 * Arbitrary consistent cluster snapshots for createCluster: unique node and pod names, bound pods only on
 * existing nodes, node totals within the exact domain. Nodes: 0..maxNodes (default 8), most of them copies
 * of up to three templates. Bound pods fill nodes partially, exactly, beyond allocatable, or up to the pod
 * count; pending pods are sized against the nodes (exact fit ± 1, shares, whole nodes) or absolutely.
 */
export function clusterArbitrary(constraints: ClusterConstraints = {}): fc.Arbitrary<KubeCluster> {
  const f = resolveFamilies(constraints);
  const minNodes = constraints.minNodes ?? 0;
  const maxNodes = Math.max(minNodes, constraints.maxNodes ?? 8);
  const nodeDraft = nodeDraftArbitrary(f, constraints.maxTaints ?? 3);
  const slot: fc.Arbitrary<Slot> = fc.record({
    template: fc.nat(7),
    override: fc.option(nodeDraft, { nil: null, freq: 4 }),
    zone: fc.option(fc.nat(ZONES.length - 1), { nil: null, freq: 4 }),
    fill: fc.constantFrom<Fill>("empty", "partial", "partial", "partial", "full", "over"),
    fullByCount: fc.oneof(CROSS_SHRINK, { weight: 11, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    bound: fc.array(podDraftArbitrary(f, "bound"), { maxLength: constraints.maxBoundPodsPerNode ?? 2 }),
  });
  const nsLabels = fc.tuple(
    ...NAMESPACES.map(() =>
      fc
        .tuple(...Object.entries(NAMESPACE_LABELS).map(([k, vs]) => fc.option(fc.constantFrom(...vs).map((v) => [k, v] as const), { nil: null })))
        .map((ps) => ps.filter((p): p is readonly [string, string] => p !== null)),
    ),
  );
  // An empty cluster is a documented edge (every pod: Unschedulable, "no nodes available"), not a common case.
  const nonEmpty = fc.array(slot, { minLength: Math.max(1, minNodes), maxLength: Math.max(1, maxNodes), ...(maxNodes > 10 ? { size: "max" as const } : {}) });
  const slots = minNodes > 0 ? nonEmpty : maxNodes === 0 ? fc.constant([]) : fc.oneof(CROSS_SHRINK, { weight: 1, arbitrary: fc.constant([]) }, { weight: 24, arbitrary: nonEmpty });
  return fc
    .record({
      prefix: fc.constantFrom("node-", "node-", "ip-10-0-0-", "worker."),
      templates: fc.array(nodeDraft, { minLength: 1, maxLength: 3 }),
      slots,
      pending: fc.array(podDraftArbitrary(f, "pending"), { maxLength: constraints.maxPendingPods ?? 4 }),
      nsLabels,
      listNamespaces: f.namespaces ? fc.constantFrom(false, true, true, true) : fc.constant(false),
      workloads: f.priorityClasses || f.controllers || f.disruptionBudgets ? workloadsDraftArbitrary(f) : fc.constant(NO_WORKLOADS),
      deviceClasses:
        f.deviceClasses && f.extendedResources
          ? fc.oneof(CROSS_SHRINK, { weight: 1, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.subarray([...EXTENDED_RESOURCES], { minLength: 1 }) })
          : fc.constant([]),
    })
    .chain((plan) => (plan.deviceClasses.length === 0 ? fc.constant({ ...plan, dra: null }) : draDraftArbitrary(plan.deviceClasses.length).map((dra) => ({ ...plan, dra }))))
    .map(build);
}
