// The small shared vocabularies nodes and pods draw from. Keys and values are few on purpose: selectors,
// taints, topology keys and images only exercise the scheduler when they collide with what other
// objects carry. Every entry is valid as the API server validates it (qualified names, label values).

/** Well-known topology labels (k8s.io/api/core/v1 well_known_labels.go). */
export const HOSTNAME = "kubernetes.io/hostname";
export const ZONE = "topology.kubernetes.io/zone";
export const REGION = "topology.kubernetes.io/region";
export const RACK = "example.com/rack";

export const ZONES = ["zone-a", "zone-b", "zone-c"] as const;
export const REGIONS = ["region-1", "region-2"] as const;
export const RACKS = ["rack-1", "rack-2", "rack-3"] as const;

/**
 * A numeric node label for Gt/Lt: values up to the int64 maximum, one with leading zeros, one
 * non-integer. No negatives: a label value must start with an alphanumeric.
 */
export const TIER = "example.com/tier";
const TIER_VALUES = ["0", "1", "2", "10", "007", "9223372036854775807", "high"] as const;
/** Integer bounds a Gt/Lt requirement compares with (label values, so non-negative; all parse as int64). */
export const GT_LT_BOUNDS = ["0", "1", "2", "5", "10", "9223372036854775806", "9223372036854775807"] as const;

/** Custom node labels and their values ("" is a valid label value). */
export const NODE_LABELS: Readonly<Record<string, readonly string[]>> = {
  disktype: ["ssd", "hdd"],
  [TIER]: TIER_VALUES,
  "example.com/gpu-present": ["true", ""],
};

/** Label keys a node selector may use, with the values it may ask for (hostname values are node names). */
export const NODE_SELECTOR_KEYS: Readonly<Record<string, readonly string[]>> = {
  [ZONE]: [...ZONES, "zone-x"],
  [REGION]: REGIONS,
  [RACK]: RACKS,
  ...NODE_LABELS,
  "example.com/absent": ["x"],
};

/** Topology keys for spread constraints and pod (anti-)affinity; the last is on no node. */
export const TOPOLOGY_KEYS = [HOSTNAME, ZONE, REGION, RACK, "example.com/absent"] as const;

/** Pod labels: the keys and values selectors match on. */
export const POD_LABELS: Readonly<Record<string, readonly string[]>> = {
  app: ["web", "db", "cache"],
  tier: ["frontend", "backend"],
  "example.com/team": ["a", "b"],
};
export const POD_LABEL_KEYS = Object.keys(POD_LABELS);

/** Namespaces pods live in, and the labels their Namespace objects may carry. */
export const NAMESPACES = ["default", "team-a", "team-b", "kube-system"] as const;
export const NAMESPACE_LABELS: Readonly<Record<string, readonly string[]>> = {
  team: ["a", "b"],
  env: ["prod", "dev"],
};

/** Taint keys (including the ones the node lifecycle controller sets) and values. */
export const TAINT_KEYS = ["dedicated", "example.com/gpu", "node.kubernetes.io/unschedulable", "node-role.kubernetes.io/control-plane"] as const;
export const TAINT_VALUES = ["", "infra", "gpu", "true"] as const;
export const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;

/** Node image entries (status.images[].names): a tag and its fully qualified or digest alias. */
export const NODE_IMAGES: readonly (readonly string[])[] = [
  ["nginx:1.25", "docker.io/library/nginx:1.25"],
  ["registry.example/app:1.0"],
  ["busybox:latest"],
  ["registry.example/big:2.0"],
  ["redis@sha256:6a2a1c0ff6e21c6e8e3a1fc4bbf63e24bcb1e45bd5e52c24e4b0d1c7a8f3e9d2"],
];

/** Container images: the node images under other spellings ("nginx" → "nginx:latest"), and one no node has. */
export const POD_IMAGES = [
  "nginx:1.25",
  "docker.io/library/nginx:1.25",
  "registry.example/app:1.0",
  "busybox",
  "registry.example/big:2.0",
  "redis@sha256:6a2a1c0ff6e21c6e8e3a1fc4bbf63e24bcb1e45bd5e52c24e4b0d1c7a8f3e9d2",
  "unknown.example/tool:3",
] as const;

/** Host ports: common ones and the top of the range. */
export const HOST_PORTS = [80, 443, 8080, 65535] as const;
export const HOST_IPS = ["", "0.0.0.0", "127.0.0.1", "10.0.0.1"] as const;
export const PROTOCOLS = ["", "TCP", "UDP", "SCTP"] as const;

/** Extended resources (whole units; requests must equal limits). */
export const EXTENDED_RESOURCES = ["example.com/gpu", "example.com/fpga"] as const;
/** Huge page resources and their page sizes in bytes. */
export const HUGEPAGES: readonly { readonly name: string; readonly pageSize: number }[] = [
  { name: "hugepages-2Mi", pageSize: 2 * 1024 * 1024 },
  { name: "hugepages-1Gi", pageSize: 1024 * 1024 * 1024 },
];

/** creationTimestamp choices (the queue's second sort key). */
export const TIMESTAMPS = ["2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", "2026-01-01T00:00:01.5Z", "2026-02-01T12:00:00Z"] as const;

export const INT32_MAX = 2147483647;
export const INT32_MIN = -2147483648;

/** Name given to a node reference that no node has (matchFields, hostname selectors). */
export const MISSING_NODE = "no-such-node";
