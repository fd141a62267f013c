// The accepted input, as TypeScript types: Kubernetes v1 JSON (what `kubectl get -o json` prints), the field
// names and shapes of k8s.io/api/core/v1/types.go (Node, Pod, Namespace and their parts). Only the fields
// schedkit reads are spelled out; every object also admits the rest of its v1 fields, which are ignored
// (model/kube.ts reads untrusted JSON the way Go's encoding/json fills a struct: unknown fields are skipped).
// These types describe shape only: createCluster still validates every value and names the field it rejects.

/** Other v1 fields of the same object: accepted, not read. */
interface OtherFields {
  readonly [field: string]: unknown;
}

/** A resource.Quantity as it appears in JSON: a string ("500m", "4Gi") or a plain number. */
export type KubeQuantity = string | number;

/** A ResourceList: resource name → quantity (`cpu`, `memory`, `pods`, `ephemeral-storage`, extended resources). */
export type KubeResourceList = { readonly [resource: string]: KubeQuantity };

/** metav1.ObjectMeta. */
export interface KubeObjectMeta extends OtherFields {
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly labels?: { readonly [key: string]: string };
  readonly annotations?: { readonly [key: string]: string };
  /** RFC 3339; orders pods of equal priority in the queue. */
  readonly creationTimestamp?: string;
  /** RFC 3339; a terminating pod. */
  readonly deletionTimestamp?: string;
}

/** v1.Taint. */
export interface KubeTaint extends OtherFields {
  readonly key: string;
  readonly value?: string;
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** v1.ContainerImage (node status). */
export interface KubeContainerImage extends OtherFields {
  readonly names?: readonly string[];
  readonly sizeBytes?: number;
}

/** v1.Node. */
export interface KubeNode extends OtherFields {
  readonly apiVersion?: string;
  readonly kind?: "Node";
  readonly metadata: KubeObjectMeta & { readonly name: string };
  readonly spec?: KubeNodeSpec;
  readonly status?: KubeNodeStatus;
}

/** v1.NodeSpec. */
export interface KubeNodeSpec extends OtherFields {
  readonly unschedulable?: boolean;
  readonly taints?: readonly KubeTaint[];
}

/** v1.NodeStatus. */
export interface KubeNodeStatus extends OtherFields {
  readonly allocatable?: KubeResourceList;
  readonly capacity?: KubeResourceList;
  readonly images?: readonly KubeContainerImage[];
  readonly declaredFeatures?: readonly string[];
}

/** v1.Namespace (its labels are what namespaceSelector matches). */
export interface KubeNamespace extends OtherFields {
  readonly apiVersion?: string;
  readonly kind?: "Namespace";
  readonly metadata: KubeObjectMeta & { readonly name: string };
}

/** metav1.LabelSelectorRequirement. */
export interface KubeLabelSelectorRequirement {
  readonly key: string;
  readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  readonly values?: readonly string[];
}

/** metav1.LabelSelector. */
export interface KubeLabelSelector {
  readonly matchLabels?: { readonly [key: string]: string };
  readonly matchExpressions?: readonly KubeLabelSelectorRequirement[];
}

/** v1.NodeSelectorRequirement. */
export interface KubeNodeSelectorRequirement {
  readonly key: string;
  readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";
  readonly values?: readonly string[];
}

/** v1.NodeSelectorTerm. */
export interface KubeNodeSelectorTerm {
  readonly matchExpressions?: readonly KubeNodeSelectorRequirement[];
  readonly matchFields?: readonly KubeNodeSelectorRequirement[];
}

/** v1.NodeAffinity. */
export interface KubeNodeAffinity {
  readonly requiredDuringSchedulingIgnoredDuringExecution?: { readonly nodeSelectorTerms: readonly KubeNodeSelectorTerm[] };
  readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly { readonly weight: number; readonly preference: KubeNodeSelectorTerm }[];
}

/** v1.PodAffinityTerm. */
export interface KubePodAffinityTerm {
  readonly labelSelector?: KubeLabelSelector;
  readonly namespaces?: readonly string[];
  readonly namespaceSelector?: KubeLabelSelector;
  readonly topologyKey: string;
  readonly matchLabelKeys?: readonly string[];
  readonly mismatchLabelKeys?: readonly string[];
}

/** v1.PodAffinity and v1.PodAntiAffinity. */
export interface KubePodAffinity {
  readonly requiredDuringSchedulingIgnoredDuringExecution?: readonly KubePodAffinityTerm[];
  readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly { readonly weight: number; readonly podAffinityTerm: KubePodAffinityTerm }[];
}

/** v1.Affinity. */
export interface KubeAffinity {
  readonly nodeAffinity?: KubeNodeAffinity;
  readonly podAffinity?: KubePodAffinity;
  readonly podAntiAffinity?: KubePodAffinity;
}

/** v1.Toleration. */
export interface KubeToleration {
  readonly key?: string;
  readonly operator?: "" | "Equal" | "Exists" | "Lt" | "Gt";
  readonly value?: string;
  readonly effect?: "" | "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  readonly tolerationSeconds?: number;
}

/** v1.TopologySpreadConstraint. */
export interface KubeTopologySpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
  readonly labelSelector?: KubeLabelSelector;
  readonly minDomains?: number;
  readonly nodeAffinityPolicy?: "Honor" | "Ignore";
  readonly nodeTaintsPolicy?: "Honor" | "Ignore";
  readonly matchLabelKeys?: readonly string[];
}

/** v1.ContainerPort. */
export interface KubeContainerPort extends OtherFields {
  readonly containerPort?: number;
  readonly hostPort?: number;
  readonly hostIP?: string;
  readonly protocol?: "TCP" | "UDP" | "SCTP";
}

/** v1.ResourceRequirements. */
export interface KubeResourceRequirements extends OtherFields {
  readonly requests?: KubeResourceList;
  readonly limits?: KubeResourceList;
}

/** v1.Container (containers and initContainers). */
export interface KubeContainer extends OtherFields {
  readonly name: string;
  readonly image?: string;
  readonly resources?: KubeResourceRequirements;
  readonly ports?: readonly KubeContainerPort[];
  /** "Always" on an init container makes it a sidecar. */
  readonly restartPolicy?: string;
}

/** v1.ContainerStatus (what in-place resize reads). */
export interface KubeContainerStatus extends OtherFields {
  readonly name: string;
  readonly resources?: KubeResourceRequirements;
  readonly allocatedResources?: KubeResourceList;
}

/** v1.PodSpec. */
export interface KubePodSpec extends OtherFields {
  readonly containers?: readonly KubeContainer[];
  readonly initContainers?: readonly KubeContainer[];
  readonly nodeName?: string;
  readonly nodeSelector?: { readonly [key: string]: string };
  readonly affinity?: KubeAffinity;
  readonly tolerations?: readonly KubeToleration[];
  readonly topologySpreadConstraints?: readonly KubeTopologySpreadConstraint[];
  readonly schedulerName?: string;
  readonly priority?: number;
  readonly priorityClassName?: string;
  readonly preemptionPolicy?: "PreemptLowerPriority" | "Never";
  readonly overhead?: KubeResourceList;
  /** Pod-level resources (PodLevelResources). */
  readonly resources?: KubeResourceRequirements;
  readonly hostNetwork?: boolean;
  readonly hostUsers?: boolean;
}

/** v1.PodStatus. */
export interface KubePodStatus extends OtherFields {
  readonly phase?: string;
  readonly nominatedNodeName?: string;
  readonly startTime?: string;
  readonly conditions?: readonly { readonly type: string; readonly status?: string; readonly reason?: string }[];
  readonly containerStatuses?: readonly KubeContainerStatus[];
  readonly initContainerStatuses?: readonly KubeContainerStatus[];
  readonly resources?: KubeResourceRequirements;
  readonly allocatedResources?: KubeResourceList;
}

/** v1.Pod. */
export interface KubePod extends OtherFields {
  readonly apiVersion?: string;
  readonly kind?: "Pod";
  readonly metadata: KubeObjectMeta & { readonly name: string };
  readonly spec?: KubePodSpec;
  readonly status?: KubePodStatus;
}

/** An object createCluster routes by `kind`. */
export type KubeObject = KubeNode | KubePod | KubeNamespace;

/** A v1.List (`kubectl get nodes,pods -o json`) or a NodeList / PodList / NamespaceList. */
export interface KubeList extends OtherFields {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly items: readonly (KubeObject | KubeList)[];
}

/** What createCluster accepts: a List, an array of objects, or the objects grouped by kind. */
export type ClusterInput =
  | KubeList
  | readonly (KubeObject | KubeList)[]
  | { readonly nodes?: readonly KubeNode[]; readonly pods?: readonly KubePod[]; readonly namespaces?: readonly KubeNamespace[] };
