// Feature families the generators can switch off (all on by default), so a caller can focus a run on
// what their scheduler implements: `{ interPodAffinity: false, topologySpread: false }`.

/** Feature families of generated objects; each is on unless set to false. */
export interface FeatureFamilies {
  /** Extended resources (example.com/gpu, example.com/fpga) on nodes and in requests. */
  readonly extendedResources?: boolean;
  /** hugepages-2Mi / hugepages-1Gi on nodes and in requests. */
  readonly hugepages?: boolean;
  /** ephemeral-storage on nodes and in requests. */
  readonly ephemeralStorage?: boolean;
  /** Pod overhead (spec.overhead, cpu and memory). */
  readonly overhead?: boolean;
  /** Pod-level resources (spec.resources, cpu and memory). */
  readonly podLevelResources?: boolean;
  /** Regular init containers. */
  readonly initContainers?: boolean;
  /** Sidecars (init containers with restartPolicy Always). */
  readonly sidecars?: boolean;
  /** Node taints. */
  readonly taints?: boolean;
  /** Pod tolerations. */
  readonly tolerations?: boolean;
  /** Pod nodeSelector. */
  readonly nodeSelector?: boolean;
  /** Pod node affinity (required and preferred, every operator, matchFields metadata.name). */
  readonly nodeAffinity?: boolean;
  /** Container host ports. */
  readonly hostPorts?: boolean;
  /** Node images with sizes (ImageLocality). */
  readonly images?: boolean;
  /** Topology spread constraints. */
  readonly topologySpread?: boolean;
  /** Pod affinity and anti-affinity, required and preferred. */
  readonly interPodAffinity?: boolean;
  /** Pod priorities and preemptionPolicy (non-zero priorities exercise the preemption dry run). */
  readonly priorities?: boolean;
  /** Cordoned nodes (spec.unschedulable). */
  readonly unschedulableNodes?: boolean;
  /** Bound pods being deleted (deletionTimestamp) or finished (Succeeded/Failed). */
  readonly terminatingPods?: boolean;
  /** Namespaces other than "default", Namespace objects with labels, namespaceSelector. */
  readonly namespaces?: boolean;
  /** PriorityClass objects (some global defaults) and pods naming them or the built-in system classes. */
  readonly priorityClasses?: boolean;
  /** Services, ReplicationControllers, ReplicaSets and StatefulSets selecting pods, and controller ownerReferences. */
  readonly controllers?: boolean;
  /** PodDisruptionBudgets selecting pods by app (with disruptionsAllowed and disruptedPods). */
  readonly disruptionBudgets?: boolean;
  /** Pending pods with spec.schedulingGates (held back by the SchedulingGates PreEnqueue plugin). */
  readonly schedulingGates?: boolean;
  /**
   * DeviceClasses backing the extended resources (DRAExtendedResource: NodeResourcesFit leaves them to
   * DynamicResources on nodes without them); in half of the clusters, with extendedResources.
   */
  readonly deviceClasses?: boolean;
}

/** Every family, resolved to a boolean. */
export type Families = { readonly [K in keyof FeatureFamilies]-?: boolean };

const NAMES: readonly (keyof FeatureFamilies)[] = [
  "extendedResources",
  "hugepages",
  "ephemeralStorage",
  "overhead",
  "podLevelResources",
  "initContainers",
  "sidecars",
  "taints",
  "tolerations",
  "nodeSelector",
  "nodeAffinity",
  "hostPorts",
  "images",
  "topologySpread",
  "interPodAffinity",
  "priorities",
  "unschedulableNodes",
  "terminatingPods",
  "namespaces",
  "priorityClasses",
  "controllers",
  "disruptionBudgets",
  "schedulingGates",
  "deviceClasses",
];

/** Resolves caller options to a full family set (absent = on). */
export function resolveFamilies(o: FeatureFamilies | undefined): Families {
  const out: Record<string, boolean> = {};
  for (const n of NAMES) out[n] = o?.[n] !== false;
  return out as Families;
}

/** fc.oneof settings: shrink across branches too, so a counterexample sheds what it does not need (branch 0 is the simplest). */
export const CROSS_SHRINK = { withCrossShrink: true } as const;
