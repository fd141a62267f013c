// The normalized internal model: what schedkit keeps of a v1.Node / v1.Pod after validation.
// Built by model/kube.ts from kubectl-style JSON; every plugin reads only this.
import type { Quantity } from "../quantity.js";

/** Labels (and nodeSelector, annotations we keep): a Map, so keys like `__proto__` cannot collide with Object.prototype. */
export type Labels = ReadonlyMap<string, string>;

/** Taint effects a node taint may carry. */
export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";

/** A node taint. */
export interface Taint {
  readonly key: string;
  readonly value: string;
  readonly effect: TaintEffect;
}

/** Toleration operators the API accepts (`""` is treated as `Equal`; `Lt`/`Gt` are alpha, gated). */
export type TolerationOperator = "" | "Equal" | "Exists" | "Lt" | "Gt";

/** A pod toleration; `effect` `""` matches every effect. */
export interface Toleration {
  readonly key: string;
  readonly operator: TolerationOperator;
  readonly value: string;
  readonly effect: "" | TaintEffect;
}

/** Operators of a node selector requirement. */
export type NodeSelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";

/** One requirement of a node selector term; operator and values are kept as given (a term that fails to parse never matches, as upstream). */
export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

/** A node selector term: all expressions and all fields must match. */
export interface NodeSelectorTerm {
  readonly matchExpressions: readonly NodeSelectorRequirement[];
  readonly matchFields: readonly NodeSelectorRequirement[];
}

/** A preferred node affinity term. */
export interface PreferredSchedulingTerm {
  readonly weight: number;
  readonly preference: NodeSelectorTerm;
}

/** Pod node affinity; `required` is null when the pod sets no requiredDuringScheduling terms. */
export interface NodeAffinity {
  readonly required: { readonly nodeSelectorTerms: readonly NodeSelectorTerm[] } | null;
  readonly preferred: readonly PreferredSchedulingTerm[];
}

/** Label selector operators. */
export type LabelSelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

/** A metav1.LabelSelector requirement. */
export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: LabelSelectorOperator;
  readonly values: readonly string[];
}

/** A metav1.LabelSelector. A null selector (field absent) matches nothing; an empty one matches everything. */
export interface LabelSelector {
  readonly matchLabels: Labels;
  readonly matchExpressions: readonly LabelSelectorRequirement[];
}

/** A pod (anti-)affinity term as the API holds it. */
export interface PodAffinityTerm {
  readonly labelSelector: LabelSelector | null;
  readonly namespaces: readonly string[];
  readonly namespaceSelector: LabelSelector | null;
  readonly topologyKey: string;
  readonly matchLabelKeys: readonly string[];
  readonly mismatchLabelKeys: readonly string[];
}

/** A weighted (preferred) pod (anti-)affinity term. */
export interface WeightedPodAffinityTerm {
  readonly weight: number;
  readonly podAffinityTerm: PodAffinityTerm;
}

/** Pod affinity or anti-affinity. */
export interface PodAffinity {
  readonly required: readonly PodAffinityTerm[];
  readonly preferred: readonly WeightedPodAffinityTerm[];
}

/** The pod's affinity block. */
export interface Affinity {
  readonly nodeAffinity: NodeAffinity | null;
  readonly podAffinity: PodAffinity | null;
  readonly podAntiAffinity: PodAffinity | null;
}

/** A topology spread constraint; null policies mean "unset" (defaults apply: Honor / Ignore). */
export interface TopologySpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
  readonly labelSelector: LabelSelector | null;
  readonly minDomains: number | null;
  readonly matchLabelKeys: readonly string[];
  readonly nodeAffinityPolicy: "Honor" | "Ignore" | null;
  readonly nodeTaintsPolicy: "Honor" | "Ignore" | null;
}

/** A container port; `hostIP` defaults to `0.0.0.0` and protocol to `TCP` when empty. */
export interface ContainerPort {
  readonly hostIP: string;
  readonly hostPort: number;
  readonly protocol: string;
  readonly containerPort: number;
}

/** A resource list with exact quantities, keyed by resource name. */
export type QuantityList = ReadonlyMap<string, Quantity>;

/** A container (regular or init). `restartPolicy: "Always"` on an init container makes it a sidecar. */
export interface Container {
  readonly name: string;
  readonly image: string;
  readonly requests: QuantityList;
  readonly limits: QuantityList;
  readonly ports: readonly ContainerPort[];
  readonly restartPolicy: string | null;
}

/** What the kubelet reports of a container, as far as in-place resize accounting needs it. */
export interface ContainerStatus {
  readonly name: string;
  /** status.containerStatuses[].resources is set (Go: `cs.Resources != nil`). */
  readonly hasResources: boolean;
  /** status.containerStatuses[].resources.requests (actuated), null when `resources` or its `requests` is absent. */
  readonly actuatedRequests: QuantityList | null;
  /** status.containerStatuses[].allocatedResources, null when absent. */
  readonly allocatedRequests: QuantityList | null;
}

/** A node image entry (status.images[]). */
export interface ContainerImage {
  readonly names: readonly string[];
  readonly sizeBytes: number;
}

/** A node, normalized. Resource values are exact integers: cpu in millicores, everything else in units. */
export interface Node {
  readonly name: string;
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  readonly unschedulable: boolean;
  /** status.allocatable as integers (cpu milli, others units). */
  readonly allocatable: ReadonlyMap<string, number>;
  readonly images: readonly ContainerImage[];
  /** status.declaredFeatures (NodeDeclaredFeatures); absent means none. */
  readonly declaredFeatures?: readonly string[];
}

/** A pod, normalized. */
export interface Pod {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  readonly labels: Labels;
  /** spec.nodeName: where the pod is bound ("" when pending). */
  readonly nodeName: string;
  readonly nominatedNodeName: string;
  readonly priority: number;
  /** Queue order tie-break: metadata.creationTimestamp in ms (NaN-free; 0 when absent), then input order. */
  readonly creationTime: number;
  readonly schedulerName: string;
  readonly containers: readonly Container[];
  readonly initContainers: readonly Container[];
  readonly overhead: QuantityList;
  /** spec.resources (pod-level resources), null when absent. */
  readonly podResources: { readonly requests: QuantityList; readonly limits: QuantityList } | null;
  readonly nodeSelector: Labels;
  readonly affinity: Affinity;
  readonly tolerations: readonly Toleration[];
  readonly topologySpreadConstraints: readonly TopologySpreadConstraint[];
  /** metadata.deletionTimestamp is set. */
  readonly terminating: boolean;
  readonly phase: string;
  readonly preemptionPolicy: "PreemptLowerPriority" | "Never";
  readonly containerStatuses: readonly ContainerStatus[];
  readonly initContainerStatuses: readonly ContainerStatus[];
  /** status.resources is set (Go: `pod.Status.Resources != nil`). */
  readonly statusPodResourcesSet: boolean;
  /** status.resources.requests / status.allocatedResources for pod-level resources, null when absent. */
  readonly statusPodRequests: QuantityList | null;
  readonly statusPodAllocated: QuantityList | null;
  /** The pod has condition PodResizePending with reason Infeasible. */
  readonly resizeInfeasible: boolean;
  /**
   * status.nodeAllocatableResourceClaimStatuses summed per resource: every mapping quantity, every overhead's
   * perPod, and its perContainer once per container listed (component-helpers resource/helpers.go
   * addDRANodeAllocatableClaimResources); absent when the status lists none. Counted under the
   * DRANodeAllocatableResources gate for a bound pod only (pod-requests.ts).
   */
  readonly draNodeAllocatable?: QuantityList;
  /** status.startTime in ms since the epoch; absent when unset (upstream GetPodStartTime then reads "now"). */
  readonly startTime?: number;
  /** What the NodeDeclaredFeatures plugin infers node features from; absent means none of them. */
  readonly nodeFeatureUse?: NodeFeatureUse;
  /** The ownerReference with `controller: true` (metav1.GetControllerOf); absent when none. */
  readonly controllerRef?: ControllerRef;
  /** spec.priorityClassName as admitted ("" or absent: none). */
  readonly priorityClassName?: string;
  /** spec.schedulingGates' names, in order; absent when there are none (the pod is not gated). */
  readonly schedulingGates?: readonly string[];
  /** spec.resourceClaims' names, in order; absent when the pod references no ResourceClaim. */
  readonly resourceClaims?: readonly string[];
  /** status.extendedResourceClaimStatus.resourceClaimName: the DRAExtendedResource claim holding its devices. */
  readonly extendedResourceClaim?: string;
}

/** An ownerReference that names the pod's controller. */
export interface ControllerRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
}

/** A scheduling.k8s.io/v1 PriorityClass. `preemptionPolicy` is PreemptLowerPriority when unset (API defaulting). */
export interface PriorityClass {
  readonly name: string;
  readonly value: number;
  readonly globalDefault: boolean;
  readonly preemptionPolicy: "PreemptLowerPriority" | "Never";
}

/** A v1.Service, as far as default spreading reads it: a null selector selects nothing. */
export interface Service {
  readonly namespace: string;
  readonly name: string;
  readonly selector: Labels | null;
}

/** Controllers whose pod selector feeds PodTopologySpread's default constraints (helper.DefaultSelector). */
export type SelectingControllerKind = "ReplicationController" | "ReplicaSet" | "StatefulSet";

/**
 * A ReplicationController (its map selector as matchLabels), ReplicaSet or StatefulSet; `selector` is null when
 * absent (a nil LabelSelector selects nothing).
 */
export interface SelectingController {
  readonly kind: SelectingControllerKind;
  readonly namespace: string;
  readonly name: string;
  readonly selector: LabelSelector | null;
}

/** A policy/v1 PodDisruptionBudget as DefaultPreemption reads it (selector, status.disruptionsAllowed). */
export interface PodDisruptionBudget {
  readonly namespace: string;
  readonly name: string;
  readonly selector: LabelSelector | null;
  readonly disruptionsAllowed: number;
  /** status.disruptedPods: pods already counted as disrupted (by name). */
  readonly disruptedPods: ReadonlySet<string>;
}

/** Pod spec fields that require a node feature (component-helpers nodedeclaredfeatures InferForScheduling). */
export interface NodeFeatureUse {
  /** A container or init container has a restartPolicyRules action RestartAllContainers. */
  readonly restartAllContainers: boolean;
  /** spec.hostNetwork with spec.hostUsers false. */
  readonly hostNetworkUserNamespace: boolean;
  /** A container or init container volumeMount has bindMountOptions. */
  readonly volumeBindMountOptions: boolean;
}
