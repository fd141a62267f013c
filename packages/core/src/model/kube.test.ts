import { describe, expect, test } from "vitest";
import { MAX_LIST_DEPTH } from "../limits.js";
import { DomainError, SchedkitError } from "../errors.js";
import { loadFixture } from "../_test/fixtures.js";
import { namespaceFromKube, nodeFromKube, podFromKube, splitKubeObjects } from "./kube.js";
import type { Node, Pod, QuantityList } from "./types.js";

type Json = Record<string, any>;

const sample = loadFixture<Json>("kubectl-sample.json");

function milli(list: QuantityList | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (list) for (const [k, q] of list) out[k] = q.toDecimalString();
  return out;
}

const baseNode = (): Json => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name: "node-1", labels: { "topology.kubernetes.io/zone": "a" } },
  spec: { taints: [{ key: "k", value: "v", effect: "NoSchedule" }] },
  status: { allocatable: { cpu: "2", memory: "4Gi", pods: "110" }, images: [{ names: ["nginx:1"], sizeBytes: 1000 }] },
});

const basePod = (): Json => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", namespace: "default", labels: { app: "web" }, creationTimestamp: "2024-01-01T00:00:00Z" },
  spec: {
    containers: [{ name: "app", image: "nginx:1", resources: { requests: { cpu: "100m" } }, ports: [{ containerPort: 80, hostPort: 8080 }] }],
    tolerations: [{ key: "k", operator: "Equal", value: "v", effect: "NoSchedule" }],
    topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: "web" } } },
    ],
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] }],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 5, preference: { matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] } },
        ],
      },
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "db" } }, topologyKey: "zone" }],
      },
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 10, podAffinityTerm: { labelSelector: { matchLabels: { app: "web" } }, topologyKey: "kubernetes.io/hostname" } },
        ],
      },
    },
  },
  status: { containerStatuses: [{ name: "app", allocatedResources: { cpu: "100m" } }], conditions: [] },
});

describe("the kubectl sample document", () => {
  const split = splitKubeObjects(sample, "input");

  test("splitKubeObjects routes List items by kind (a Service feeds default spreading)", () => {
    expect(split.nodes.map((r) => r.path)).toEqual(["input.items[0]", "input.items[1]", "input.items[2]"]);
    expect(split.pods.map((r) => r.path)).toEqual(["input.items[3]", "input.items[4]", "input.items[5]", "input.items[6]"]);
    expect(split.namespaces).toEqual([]);
    expect(split.selecting.map((r) => r.path)).toEqual(["input.items[7]"]);
    expect(split.ignored).toEqual([]);
  });

  const nodes = split.nodes.map((r) => nodeFromKube(r.obj, r.path));
  const pods = split.pods.map((r, i) => podFromKube(r.obj, r.path, i));

  test("node allocatable becomes integers: cpu in millicores, the rest in units", () => {
    expect(Object.fromEntries(nodes[0]!.allocatable)).toEqual({
      cpu: 3920,
      "ephemeral-storage": 76224326324,
      "hugepages-1Gi": 0,
      "hugepages-2Mi": 0,
      memory: 15 * 1024 ** 3,
      pods: 110,
    });
    expect(nodes[1]!.allocatable.get("memory")).toBe(15136516 * 1024);
    expect(nodes[1]!.allocatable.get("nvidia.com/gpu")).toBe(1);
  });

  test("node identity, labels, taints, unschedulable and images", () => {
    const [a, b, c] = nodes as [Node, Node, Node];
    expect(a.name).toBe("ip-10-0-1-23.eu-west-1.compute.internal");
    expect(a.labels.get("topology.kubernetes.io/zone")).toBe("eu-west-1a");
    expect(a.labels.get("kubernetes.io/hostname")).toBe(a.name);
    expect(a.taints).toEqual([]);
    expect(a.unschedulable).toBe(false);
    expect(a.images.length).toBe(5);
    expect(a.images[0]).toEqual({
      names: [
        "registry.k8s.io/coredns/coredns@sha256:a0ead06651cf580044aeb0a0feba63591858fb2e43ade8c9dea45a6a89ae7e5e",
        "registry.k8s.io/coredns/coredns:v1.11.1",
      ],
      sizeBytes: 18182961,
    });
    expect(b.taints).toEqual([
      { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" },
      { key: "dedicated", value: "ml", effect: "PreferNoSchedule" },
    ]);
    expect(c.unschedulable).toBe(true);
    expect(c.taints).toEqual([{ key: "node.kubernetes.io/unschedulable", value: "", effect: "NoSchedule" }]);
  });

  test("a bound system pod: priority, tolerations, affinity, ports, status", () => {
    const p = pods[0]!;
    expect(p.name).toBe("coredns-5b8cc885bc-7xkqz");
    expect(p.namespace).toBe("kube-system");
    expect(p.uid).toBe("8a1f0c3e-5b7d-4e2a-9c6f-0d3b8e1a7c54");
    expect(p.nodeName).toBe("ip-10-0-1-23.eu-west-1.compute.internal");
    expect(p.priority).toBe(2000000000);
    expect(p.creationTime).toBe(Date.parse("2024-05-02T07:43:05Z"));
    expect(p.schedulerName).toBe("default-scheduler");
    expect(p.phase).toBe("Running");
    expect(p.terminating).toBe(false);
    expect(p.containers.length).toBe(1);
    const c = p.containers[0]!;
    expect(c.image).toBe("registry.k8s.io/coredns/coredns:v1.11.1");
    expect(milli(c.requests)).toEqual({ cpu: "0.1", memory: String(70 * 1024 * 1024) });
    expect(milli(c.limits)).toEqual({ memory: String(170 * 1024 * 1024) });
    expect(c.ports).toEqual([
      { hostIP: "0.0.0.0", hostPort: 0, protocol: "UDP", containerPort: 53 },
      { hostIP: "0.0.0.0", hostPort: 0, protocol: "TCP", containerPort: 53 },
      { hostIP: "0.0.0.0", hostPort: 0, protocol: "TCP", containerPort: 9153 },
    ]);
    expect(c.restartPolicy).toBeNull();
    expect(p.tolerations).toEqual([
      { key: "node-role.kubernetes.io/control-plane", operator: "", value: "", effect: "NoSchedule" },
      { key: "CriticalAddonsOnly", operator: "Exists", value: "", effect: "" },
      { key: "node.kubernetes.io/not-ready", operator: "Exists", value: "", effect: "NoExecute" },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", value: "", effect: "NoExecute" },
    ]);
    const na = p.affinity.nodeAffinity!;
    expect(na.required!.nodeSelectorTerms[0]!.matchExpressions).toEqual([
      { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
      { key: "kubernetes.io/arch", operator: "In", values: ["amd64", "arm64"] },
    ]);
    expect(na.preferred).toEqual([]);
    expect(p.affinity.podAffinity).toBeNull();
    const anti = p.affinity.podAntiAffinity!;
    expect(anti.required).toEqual([]);
    expect(anti.preferred[0]!.weight).toBe(100);
    expect(anti.preferred[0]!.podAffinityTerm.topologyKey).toBe("kubernetes.io/hostname");
    expect(anti.preferred[0]!.podAffinityTerm.labelSelector!.matchExpressions).toEqual([
      { key: "k8s-app", operator: "In", values: ["kube-dns"] },
    ]);
    expect(anti.preferred[0]!.podAffinityTerm.namespaceSelector).toBeNull();
    expect(p.topologySpreadConstraints[0]).toMatchObject({ whenUnsatisfiable: "ScheduleAnyway", minDomains: null, nodeAffinityPolicy: null });
    expect(p.containerStatuses.length).toBe(1);
    expect(milli(p.containerStatuses[0]!.actuatedRequests)).toEqual({ cpu: "0.1", memory: String(70 * 1024 * 1024) });
    expect(milli(p.containerStatuses[0]!.allocatedRequests)).toEqual({ cpu: "0.1", memory: String(70 * 1024 * 1024) });
    expect(p.resizeInfeasible).toBe(false);
    expect(p.statusPodRequests).toBeNull();
    expect(p.statusPodAllocated).toBeNull();
  });

  test("a pod with a sidecar, a host port, a merged matchLabelKeys selector and an infeasible resize", () => {
    const p = pods[1]!;
    expect(p.namespace).toBe("shop");
    expect(p.nodeSelector).toEqual(new Map([["kubernetes.io/os", "linux"]]));
    expect(p.initContainers.map((c) => [c.name, c.restartPolicy])).toEqual([["istio-proxy", "Always"]]);
    expect(p.containers[0]!.ports[1]).toEqual({ hostIP: "0.0.0.0", hostPort: 9100, protocol: "TCP", containerPort: 9100 });
    expect(milli(p.containers[0]!.requests)).toEqual({ cpu: "0.25", memory: String(256 * 1024 * 1024), "ephemeral-storage": String(1024 ** 3) });
    const tsc = p.topologySpreadConstraints[0]!;
    expect(tsc).toMatchObject({
      maxSkew: 1,
      minDomains: 3,
      topologyKey: "topology.kubernetes.io/zone",
      whenUnsatisfiable: "DoNotSchedule",
      matchLabelKeys: ["pod-template-hash"],
      nodeAffinityPolicy: "Honor",
      nodeTaintsPolicy: "Ignore",
    });
    expect(tsc.labelSelector!.matchLabels).toEqual(new Map([["app", "web"]]));
    expect(p.resizeInfeasible).toBe(true);
    expect(p.initContainerStatuses.map((s) => [s.name, s.actuatedRequests, s.allocatedRequests])).toEqual([["istio-proxy", null, null]]);
  });

  test("a pending pod: no node, preemptionPolicy Never, extended resources, namespaceSelector {}", () => {
    const p = pods[2]!;
    expect(p.nodeName).toBe("");
    expect(p.phase).toBe("Pending");
    expect(p.priority).toBe(1000);
    expect(p.preemptionPolicy).toBe("Never");
    expect(milli(p.containers[0]!.requests)).toEqual({ cpu: "3", memory: String(12 * 1024 ** 3), "nvidia.com/gpu": "1" });
    expect(p.affinity.nodeAffinity!.preferred[0]!.weight).toBe(20);
    const term = p.affinity.podAffinity!.required[0]!;
    expect(term.namespaceSelector).toEqual({ matchLabels: new Map(), matchExpressions: [] });
    expect(term.namespaces).toEqual([]);
  });

  test("a terminating pod", () => {
    expect(pods[3]!.terminating).toBe(true);
    expect(pods[2]!.terminating).toBe(false);
  });
});

describe("splitKubeObjects", () => {
  const n = baseNode();
  const p = basePod();
  test.each([
    ["a bare array", [n, p], { nodes: ["in[0]"], pods: ["in[1]"] }],
    ["a single object", n, { nodes: ["in"], pods: [] }],
    ["a typed NodeList", { kind: "NodeList", items: [n] }, { nodes: ["in.items[0]"], pods: [] }],
    ["items without kind", { items: [n] }, { nodes: ["in.items[0]"], pods: [] }],
    ["{nodes, pods} with kindless items", { nodes: [{ metadata: { name: "x" } }], pods: [{ metadata: { name: "y" } }] }, { nodes: ["in.nodes[0]"], pods: ["in.pods[0]"] }],
    ["{nodes} holding a List", { nodes: { kind: "List", items: [{ metadata: { name: "x" } }] } }, { nodes: ["in.nodes.items[0]"], pods: [] }],
    ["kind wins over the group", { nodes: [p] }, { nodes: [], pods: ["in.nodes[0]"] }],
    ["a nested List", { kind: "List", items: [{ kind: "List", items: [p] }] }, { nodes: [], pods: ["in.items[0].items[0]"] }],
  ])("accepts %s", (_, input, want) => {
    const s = splitKubeObjects(input, "in");
    expect(s.nodes.map((r) => r.path)).toEqual(want.nodes);
    expect(s.pods.map((r) => r.path)).toEqual(want.pods);
    expect(s.ignored).toEqual([]);
  });

  test("namespaces are routed and parsed", () => {
    const s = splitKubeObjects({ namespaces: [{ metadata: { name: "team-a", labels: { env: "prod" } } }] }, "in");
    expect(s.namespaces.map((r) => namespaceFromKube(r.obj, r.path))).toEqual([{ name: "team-a", labels: new Map([["env", "prod"]]) }]);
  });

  // Regression: a List nested ~4,000 deep overflowed the stack in route / routeItems.
  test.each([101, 5_000, 100_000])("a List nested in more than 100 Lists is an error naming the limit (%i deep)", (depth) => {
    let v: Json = p;
    for (let i = 0; i < depth + 1; i++) v = { kind: "List", items: [v] };
    expect(() => splitKubeObjects(v, "in")).toThrow(SchedkitError);
    expect(() => splitKubeObjects(v, "in")).toThrow(/^in\.items\[0\]\.items\[0\].*: "List" is a List nested in more than 100 Lists \(the limit\)$/);
  });

  test("Lists nested 100 deep are read", () => {
    let v: Json = p;
    for (let i = 0; i < 101; i++) v = { kind: "List", items: [v] };
    expect(splitKubeObjects(v, "in").pods).toHaveLength(1);
  });

  test("unknown kinds are ignored but reported", () => {
    const s = splitKubeObjects({ kind: "List", items: [{ kind: "Deployment" }, n, { kind: "ConfigMap" }] }, "in");
    expect(s.nodes.length).toBe(1);
    expect(s.ignored).toEqual([
      { kind: "Deployment", path: "in.items[0]" },
      { kind: "ConfigMap", path: "in.items[2]" },
    ]);
  });
});

describe("lenient reading of valid input", () => {
  test("null fields read as absent, as Go's decoder does", () => {
    const node = nodeFromKube(
      { metadata: { name: "n", labels: null, creationTimestamp: null }, spec: { taints: null }, status: { allocatable: { cpu: null }, images: null } },
      "nodes[0]",
    );
    expect(node.labels.size).toBe(0);
    expect(node.taints).toEqual([]);
    expect(Object.fromEntries(node.allocatable)).toEqual({ cpu: 0 });
    const pod = podFromKube({ metadata: { name: "p", namespace: null, creationTimestamp: null }, spec: { containers: [{ name: "c" }], initContainers: null } }, "pods[0]");
    expect(pod.namespace).toBe("default");
    expect(pod.creationTime).toBe(0);
    expect(pod.initContainers).toEqual([]);
  });

  test("defaults: namespace, uid, scheduler name, preemption policy, port protocol and host IP", () => {
    const pod = podFromKube(
      { metadata: { name: "p", namespace: "" }, spec: { containers: [{ name: "c", ports: [{ containerPort: 80, hostPort: 80 }] }] } },
      "pods[0]",
      7,
    );
    expect(pod.namespace).toBe("default");
    expect(pod.uid).toBe("default/p#7");
    expect(pod.schedulerName).toBe("default-scheduler");
    expect(pod.preemptionPolicy).toBe("PreemptLowerPriority");
    expect(pod.priority).toBe(0);
    expect(pod.podResources).toBeNull();
    expect(pod.containers[0]!.ports[0]).toEqual({ hostIP: "0.0.0.0", hostPort: 80, protocol: "TCP", containerPort: 80 });
    expect(podFromKube({ metadata: { name: "p" }, spec: { containers: [{ name: "c" }] } }, "pods[0]").uid).toBe("default/p");
  });

  test("Lt/Gt tolerations are kept for the gated matcher", () => {
    const pod = basePod();
    pod.spec.tolerations = [{ key: "sla", operator: "Gt", value: "950", effect: "NoSchedule" }];
    expect(podFromKube(pod, "pods[0]").tolerations).toEqual([{ key: "sla", operator: "Gt", value: "950", effect: "NoSchedule" }]);
  });

  test("node selector keys and values are kept as given for the lazy matcher", () => {
    const pod = basePod();
    pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms = [
      { matchExpressions: [{ key: "bad key!", operator: "In", values: [] }] },
      {},
    ];
    const na = podFromKube(pod, "pods[0]").affinity.nodeAffinity!;
    expect(na.required!.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: "bad key!", operator: "In", values: [] }], matchFields: [] },
      { matchExpressions: [], matchFields: [] },
    ]);
  });

  test("pod-level resources, overhead and pod status resources", () => {
    const pod = basePod();
    pod.spec.resources = { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2" } };
    pod.spec.overhead = { cpu: "10m" };
    pod.status.resources = { requests: { cpu: "500m" } };
    pod.status.allocatedResources = { cpu: "750m" };
    const p: Pod = podFromKube(pod, "pods[0]");
    expect(milli(p.podResources!.requests)).toEqual({ cpu: "1", memory: String(1024 ** 3) });
    expect(milli(p.podResources!.limits)).toEqual({ cpu: "2" });
    expect(milli(p.overhead)).toEqual({ cpu: "0.01" });
    expect(milli(p.statusPodRequests)).toEqual({ cpu: "0.5" });
    expect(milli(p.statusPodAllocated)).toEqual({ cpu: "0.75" });
  });

  test("the first PodResizePending condition decides resizeInfeasible", () => {
    const pod = basePod();
    pod.status.conditions = [
      { type: "PodResizePending", status: "True", reason: "Deferred" },
      { type: "PodResizePending", status: "True", reason: "Infeasible" },
    ];
    expect(podFromKube(pod, "pods[0]").resizeInfeasible).toBe(false);
  });

  test("quantities are kept exactly; allocatable rounds up to the unit", () => {
    const pod = basePod();
    pod.spec.containers[0].resources.requests = { cpu: "1.5m", memory: " 1Ki " };
    expect(milli(podFromKube(pod, "pods[0]").containers[0]!.requests)).toEqual({ cpu: "0.0015", memory: "1024" });
    const node = baseNode();
    node.status.allocatable = { cpu: "1.5m", memory: "0.5", pods: 110 };
    expect(Object.fromEntries(nodeFromKube(node, "nodes[0]").allocatable)).toEqual({ cpu: 2, memory: 1, pods: 110 });
  });
});

describe("a parsed pod's optional fields", () => {
  test("are absent when the input does not set them", () => {
    const pod = podFromKube({ metadata: { name: "p" }, spec: { containers: [{ name: "c" }] } }, "pods[0]");
    for (const key of ["nodeFeatureUse", "startTime", "controllerRef", "priorityClassName", "draNodeAllocatable", "schedulingGates", "resourceClaims", "extendedResourceClaim"]) {
      expect(key in pod).toBe(false);
    }
  });

  test("come after the fields every pod has, in the Pod type's order", () => {
    const pod = podFromKube(
      {
        metadata: { name: "p", ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: "u", controller: true }] },
        spec: { containers: [{ name: "c" }], priorityClassName: "system-node-critical", schedulingGates: [{ name: "example.com/gate" }], resourceClaims: [{ name: "gpu" }] },
        status: { startTime: "2026-01-01T00:00:00Z", extendedResourceClaimStatus: { resourceClaimName: "claim" } },
      },
      "pods[0]",
    );
    const keys = Object.keys(pod);
    expect(keys.slice(keys.indexOf("resizeInfeasible") + 1)).toEqual(["startTime", "controllerRef", "priorityClassName", "schedulingGates", "resourceClaims", "extendedResourceClaim"]);
  });
});

describe("prototype-polluting keys are harmless", () => {
  test("__proto__ as a label key is rejected and pollutes nothing", () => {
    const node = JSON.parse('{"metadata":{"name":"n","labels":{"__proto__":{"polluted":"yes"}}}}');
    expect(() => nodeFromKube(node, "nodes[0]")).toThrow(SchedkitError);
    expect(({} as Json).polluted).toBeUndefined();
  });

  test("a __proto__ field on an object is an ignored unknown field", () => {
    const node = JSON.parse('{"metadata":{"name":"n"},"__proto__":{"spec":{"unschedulable":true}}}');
    expect(nodeFromKube(node, "nodes[0]").unschedulable).toBe(false);
  });

  test("inherited properties are never read", () => {
    const node = Object.create({ spec: { unschedulable: true } });
    node.metadata = { name: "n" };
    expect(nodeFromKube(node, "nodes[0]").unschedulable).toBe(false);
  });

  test("constructor, toString and hasOwnProperty are ordinary map keys", () => {
    const pod = basePod();
    pod.metadata.labels = JSON.parse('{"constructor":"a","toString":"b","hasOwnProperty":"c"}');
    pod.spec.containers[0].resources.requests = JSON.parse('{"example.com/constructor":"1"}');
    const p = podFromKube(pod, "pods[0]");
    expect([...p.labels]).toEqual([
      ["constructor", "a"],
      ["toString", "b"],
      ["hasOwnProperty", "c"],
    ]);
    expect(milli(p.containers[0]!.requests)).toEqual({ "example.com/constructor": "1" });
  });
});

type Malformed = [name: string, run: () => unknown, message: string, domain?: boolean];

function node(mutate: (n: Json) => void): () => Node {
  const n = baseNode();
  mutate(n);
  return () => nodeFromKube(n, "nodes[0]");
}

function pod(mutate: (p: Json) => void): () => Pod {
  const p = basePod();
  mutate(p);
  return () => podFromKube(p, "pods[3]");
}

const LABEL_KEY_CHARS = "is not a valid label key (alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric)";
const LABEL_VALUE_CHARS = "is not a valid label value (alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric)";
const EFFECTS = "is not a taint effect (NoSchedule, PreferNoSchedule, NoExecute)";
const TSC = "pods[3].spec.topologySpreadConstraints";
const C0 = "pods[3].spec.containers[0]";
const NODE_TERM = "pods[3].spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]";

const malformed: Malformed[] = [
  // nodes
  ["node not an object", () => nodeFromKube("node-1", "nodes[0]"), 'nodes[0]: "node-1" is not an object'],
  ["node of another kind", node((n) => (n.kind = "Pod")), 'nodes[0].kind: "Pod" is not Node'],
  ["node without a name", node((n) => delete n.metadata.name), "nodes[0].metadata.name is required"],
  ["node with an empty name", node((n) => (n.metadata.name = "")), 'nodes[0].metadata.name: "" must not be empty'],
  ["node name with a slash", node((n) => (n.metadata.name = "a/b")), "nodes[0].metadata.name: \"a/b\" may not contain '/' or '%'"],
  ["node name '..'", node((n) => (n.metadata.name = "..")), "nodes[0].metadata.name: \"..\" may not be '.' or '..'"],
  ["numeric node name", node((n) => (n.metadata.name = 42)), "nodes[0].metadata.name: 42 is not a string"],
  ["metadata an array", node((n) => (n.metadata = [])), "nodes[0].metadata: an array is not an object"],
  ["labels an array", node((n) => (n.metadata.labels = ["a"])), "nodes[0].metadata.labels: an array is not an object"],
  ["__proto__ as a label key", node((n) => (n.metadata.labels = JSON.parse('{"__proto__":"x"}'))), `nodes[0].metadata.labels: "__proto__" ${LABEL_KEY_CHARS}`],
  ["label key with two slashes", node((n) => (n.metadata.labels = { "a/b/c": "x" })), "nodes[0].metadata.labels: \"a/b/c\" is not a valid label key (at most one '/')"],
  ["label value with a space", node((n) => (n.metadata.labels = { env: "bad value" })), `nodes[0].metadata.labels.env: "bad value" ${LABEL_VALUE_CHARS}`],
  ["numeric label value", node((n) => (n.metadata.labels = { "topology.kubernetes.io/zone": 3 })), 'nodes[0].metadata.labels["topology.kubernetes.io/zone"]: 3 is not a string'],
  ["bad allocatable quantity", node((n) => (n.status.allocatable.cpu = "12x")), 'nodes[0].status.allocatable.cpu: "12x" is not a Kubernetes quantity'],
  ["negative allocatable", node((n) => (n.status.allocatable.memory = "-1Gi")), 'nodes[0].status.allocatable.memory: "-1Gi" is negative; resource quantities must be >= 0'],
  ["NaN allocatable", node((n) => (n.status.allocatable.pods = NaN)), "nodes[0].status.allocatable.pods: NaN is not a Kubernetes quantity"],
  ["boolean allocatable", node((n) => (n.status.allocatable["example.com/foo"] = true)), 'nodes[0].status.allocatable["example.com/foo"]: true is not a Kubernetes quantity'],
  ["allocatable beyond the exact domain", node((n) => (n.status.allocatable.memory = "1e20")), 'nodes[0].status.allocatable.memory: "1e20" exceeds the exact domain (max 90071992547409)', true],
  ["allocatable too long to expand", node((n) => (n.status.allocatable.cpu = "1e5000")), 'nodes[0].status.allocatable.cpu: "1e5000" exceeds the exact domain (max 90071992547409)', true],
  ["allocatable with an invalid resource name", node((n) => (n.status.allocatable["a b"] = "1")), "nodes[0].status.allocatable: \"a b\" is not a valid resource name (alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric)"],
  ["taints a string", node((n) => (n.spec.taints = "k=v:NoSchedule")), 'nodes[0].spec.taints: "k=v:NoSchedule" is not an array'],
  ["taint not an object", node((n) => (n.spec.taints = [null])), "nodes[0].spec.taints[0]: null is not an object"],
  ["unknown taint effect", node((n) => (n.spec.taints[0].effect = "NoScheduleX")), `nodes[0].spec.taints[0].effect: "NoScheduleX" ${EFFECTS}`],
  ["taint without an effect", node((n) => delete n.spec.taints[0].effect), `nodes[0].spec.taints[0].effect is required (${EFFECTS.replace(/^is not /, "expected ")})`],
  ["taint with an empty key", node((n) => (n.spec.taints[0].key = "")), 'nodes[0].spec.taints[0].key: "" is not a valid label key (empty name)'],
  ["taint value too long", node((n) => (n.spec.taints[0].value = "x".repeat(64))), `nodes[0].spec.taints[0].value: "${"x".repeat(64)}" is not a valid label value (at most 63 characters)`],
  [
    "duplicate taint",
    node((n) => n.spec.taints.push({ key: "k", value: "other", effect: "NoSchedule" })),
    'nodes[0].spec.taints[1]: "k:NoSchedule" duplicates nodes[0].spec.taints[0] (taints must be unique by key and effect)',
  ],
  ["unschedulable a string", node((n) => (n.spec.unschedulable = "true")), 'nodes[0].spec.unschedulable: "true" is not a boolean'],
  ["negative image size", node((n) => (n.status.images[0].sizeBytes = -1)), "nodes[0].status.images[0].sizeBytes: -1 must be >= 0"],
  ["fractional image size", node((n) => (n.status.images[0].sizeBytes = 1.5)), "nodes[0].status.images[0].sizeBytes: 1.5 is not an integer"],
  ["image size beyond 2^53", node((n) => (n.status.images[0].sizeBytes = 2 ** 60)), "nodes[0].status.images[0].sizeBytes: 1152921504606847000 exceeds the exact domain (max 9007199254740991)", true],
  ["image names a string", node((n) => (n.status.images[0].names = "nginx")), 'nodes[0].status.images[0].names: "nginx" is not an array'],
  ["image name a number", node((n) => (n.status.images[0].names = ["a", 7])), "nodes[0].status.images[0].names[1]: 7 is not a string"],
  // pods: metadata
  ["pod without a name", pod((p) => delete p.metadata.name), "pods[3].metadata.name is required"],
  ["pod without containers (validation.go validateContainers)", pod((p) => (p.spec.containers = [])), "pods[3].spec.containers: an array must list at least one container (Required value)"],
  ["pod with only init containers", pod((p) => { p.spec.initContainers = p.spec.containers; delete p.spec.containers; }), "pods[3].spec.containers is required (must list at least one container (Required value))"],
  [
    "node affinity operator Foo (validation.go ValidateNodeSelectorRequirement)",
    pod((p) => (p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms = [{ matchExpressions: [{ key: "zone", operator: "Foo", values: ["a"] }] }])),
    'pods[3].spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: "Foo" is not a valid selector operator (In, NotIn, Exists, DoesNotExist, Gt, Lt)',
  ],
  [
    "preferred node affinity operator in lower case",
    pod((p) => (p.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution = [{ weight: 1, preference: { matchExpressions: [{ key: "zone", operator: "in", values: ["a"] }] } }])),
    'pods[3].spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].operator: "in" is not a valid selector operator (In, NotIn, Exists, DoesNotExist, Gt, Lt)',
  ],
  [
    "node field selector operator Exists (validation.go ValidateNodeFieldSelectorRequirement)",
    pod((p) => (p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms = [{ matchFields: [{ key: "metadata.name", operator: "Exists" }] }])),
    'pods[3].spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].operator: "Exists" is not a valid selector operator (In, NotIn)',
  ],
  
  ["pod with an empty name", pod((p) => (p.metadata.name = "")), 'pods[3].metadata.name: "" must not be empty'],
  ["pod namespace not a DNS label", pod((p) => (p.metadata.namespace = "Bad_NS")), 'pods[3].metadata.namespace: "Bad_NS" is not a valid DNS-1123 label (at most 63 lowercase alphanumerics or \'-\', starting and ending with an alphanumeric)'],
  ["numeric uid", pod((p) => (p.metadata.uid = 12)), "pods[3].metadata.uid: 12 is not a string"],
  ["creationTimestamp not RFC 3339", pod((p) => (p.metadata.creationTimestamp = "yesterday")), 'pods[3].metadata.creationTimestamp: "yesterday" is not an RFC 3339 timestamp'],
  ["creationTimestamp on February 30", pod((p) => (p.metadata.creationTimestamp = "2024-02-30T00:00:00Z")), 'pods[3].metadata.creationTimestamp: "2024-02-30T00:00:00Z" is not an RFC 3339 timestamp'],
  ["deletionTimestamp a number", pod((p) => (p.metadata.deletionTimestamp = 12345)), "pods[3].metadata.deletionTimestamp: 12345 is not a string"],
  // pods: spec scalars
  ["nodeName with a slash", pod((p) => (p.spec.nodeName = "a/b")), "pods[3].spec.nodeName: \"a/b\" may not contain '/' or '%'"],
  ["priority beyond int32", pod((p) => (p.spec.priority = 2 ** 31)), "pods[3].spec.priority: 2147483648 is outside the int32 range"],
  ["priority NaN", pod((p) => (p.spec.priority = NaN)), "pods[3].spec.priority: NaN is not an integer"],
  ["priority Infinity", pod((p) => (p.spec.priority = Infinity)), "pods[3].spec.priority: Infinity is not an integer"],
  ["priority a string", pod((p) => (p.spec.priority = "100")), 'pods[3].spec.priority: "100" is not an integer'],
  ["unknown preemptionPolicy", pod((p) => (p.spec.preemptionPolicy = "Sometimes")), 'pods[3].spec.preemptionPolicy: "Sometimes" is not PreemptLowerPriority or Never'],
  ["__proto__ in nodeSelector", pod((p) => (p.spec.nodeSelector = JSON.parse('{"__proto__":"x"}'))), `pods[3].spec.nodeSelector: "__proto__" ${LABEL_KEY_CHARS}`],
  // pods: containers and resources
  ["containers an object", pod((p) => (p.spec.containers = { name: "app" })), "pods[3].spec.containers: an object is not an array"],
  ["container a string", pod((p) => (p.spec.containers = ["nginx"])), `${C0}: "nginx" is not an object`],
  ["container without a name", pod((p) => delete p.spec.containers[0].name), `${C0}.name is required`],
  ["duplicate container names", pod((p) => (p.spec.initContainers = [{ name: "app" }])), 'pods[3].spec.containers[0].name: "app" duplicates pods[3].spec.initContainers[0].name'],
  ["bad request quantity", pod((p) => (p.spec.containers[0].resources.requests.cpu = "12x")), `${C0}.resources.requests.cpu: "12x" is not a Kubernetes quantity`],
  ["negative request", pod((p) => (p.spec.containers[0].resources.requests.memory = "-100Mi")), `${C0}.resources.requests.memory: "-100Mi" is negative; resource quantities must be >= 0`],
  ["Infinity limit", pod((p) => (p.spec.containers[0].resources.limits = { cpu: Infinity })), `${C0}.resources.limits.cpu: Infinity is not a Kubernetes quantity`],
  ["requests an array", pod((p) => (p.spec.containers[0].resources.requests = ["cpu"])), `${C0}.resources.requests: an array is not an object`],
  ["__proto__ as a resource name", pod((p) => (p.spec.resources = { requests: JSON.parse('{"__proto__":"1"}') })), "pods[3].spec.resources.requests: \"__proto__\" is not a valid resource name (alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric)"],
  ["bad overhead", pod((p) => (p.spec.overhead = { cpu: "1.5.5" })), 'pods[3].spec.overhead.cpu: "1.5.5" is not a Kubernetes quantity'],
  ["hostPort above 65535", pod((p) => (p.spec.containers[0].ports[0].hostPort = 70000)), `${C0}.ports[0].hostPort: 70000 must be between 0 and 65535`],
  ["negative hostPort", pod((p) => (p.spec.containers[0].ports[0].hostPort = -1)), `${C0}.ports[0].hostPort: -1 must be between 0 and 65535`],
  ["fractional containerPort", pod((p) => (p.spec.containers[0].ports[0].containerPort = 80.5)), `${C0}.ports[0].containerPort: 80.5 is not an integer`],
  ["unknown protocol", pod((p) => (p.spec.containers[0].ports[0].protocol = "HTTP")), `${C0}.ports[0].protocol: "HTTP" is not a port protocol (TCP, UDP, SCTP)`],
  ["restartPolicy a boolean", pod((p) => (p.spec.containers[0].restartPolicy = true)), `${C0}.restartPolicy: true is not a string`],
  // pods: tolerations
  ["unknown toleration operator", pod((p) => (p.spec.tolerations[0].operator = "Foo")), 'pods[3].spec.tolerations[0].operator: "Foo" is not a toleration operator ("", Equal, Exists, Lt, Gt)'],
  ["Exists with a value", pod((p) => (p.spec.tolerations[0].operator = "Exists")), 'pods[3].spec.tolerations[0].value: "v" must be empty when operator is Exists'],
  ["empty key without Exists", pod((p) => (p.spec.tolerations[0].key = "")), 'pods[3].spec.tolerations[0].operator: "Equal" must be Exists when key is empty'],
  ["unknown toleration effect", pod((p) => (p.spec.tolerations[0].effect = "Sometimes")), `pods[3].spec.tolerations[0].effect: "Sometimes" ${EFFECTS}`],
  ["tolerationSeconds without NoExecute", pod((p) => (p.spec.tolerations[0].tolerationSeconds = 30)), 'pods[3].spec.tolerations[0].effect: "NoSchedule" must be NoExecute when tolerationSeconds is set'],
  ["fractional tolerationSeconds", pod((p) => Object.assign(p.spec.tolerations[0], { effect: "NoExecute", tolerationSeconds: 0.5 })), "pods[3].spec.tolerations[0].tolerationSeconds: 0.5 is not an integer"],
  ["toleration value not a label value", pod((p) => (p.spec.tolerations[0].value = "a b")), `pods[3].spec.tolerations[0].value: "a b" ${LABEL_VALUE_CHARS}`],
  // pods: topology spread
  ["maxSkew 0", pod((p) => (p.spec.topologySpreadConstraints[0].maxSkew = 0)), `${TSC}[0].maxSkew: 0 must be >= 1`],
  ["maxSkew missing", pod((p) => delete p.spec.topologySpreadConstraints[0].maxSkew), `${TSC}[0].maxSkew is required (expected an integer)`],
  ["maxSkew a string", pod((p) => (p.spec.topologySpreadConstraints[0].maxSkew = "1")), `${TSC}[0].maxSkew: "1" is not an integer`],
  ["maxSkew 1.5", pod((p) => (p.spec.topologySpreadConstraints[0].maxSkew = 1.5)), `${TSC}[0].maxSkew: 1.5 is not an integer`],
  ["unknown whenUnsatisfiable", pod((p) => (p.spec.topologySpreadConstraints[0].whenUnsatisfiable = "Maybe")), `${TSC}[0].whenUnsatisfiable: "Maybe" is not DoNotSchedule or ScheduleAnyway`],
  ["minDomains 0", pod((p) => (p.spec.topologySpreadConstraints[0].minDomains = 0)), `${TSC}[0].minDomains: 0 must be >= 1`],
  [
    "minDomains with ScheduleAnyway",
    pod((p) => Object.assign(p.spec.topologySpreadConstraints[0], { whenUnsatisfiable: "ScheduleAnyway", minDomains: 2 })),
    `${TSC}[0].minDomains: 2 may only be set when whenUnsatisfiable is DoNotSchedule`,
  ],
  ["unknown nodeAffinityPolicy", pod((p) => (p.spec.topologySpreadConstraints[0].nodeAffinityPolicy = "Always")), `${TSC}[0].nodeAffinityPolicy: "Always" is not a node inclusion policy (Honor, Ignore)`],
  ["empty topologyKey", pod((p) => (p.spec.topologySpreadConstraints[0].topologyKey = "")), `${TSC}[0].topologyKey: "" must not be empty`],
  [
    "duplicate constraint",
    pod((p) => p.spec.topologySpreadConstraints.push({ maxSkew: 2, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule" })),
    `${TSC}[1]: "{zone, DoNotSchedule}" duplicates ${TSC}[0]`,
  ],
  ["matchLabelKeys without a labelSelector", pod((p) => Object.assign(p.spec.topologySpreadConstraints[0], { labelSelector: null, matchLabelKeys: ["app"] })), `${TSC}[0].matchLabelKeys: an array must not be set when labelSelector is not set`],
  [
    "In without values",
    pod((p) => (p.spec.topologySpreadConstraints[0].labelSelector.matchExpressions = [{ key: "app", operator: "In" }])),
    `${TSC}[0].labelSelector.matchExpressions[0].values: an array must be non-empty when operator is In`,
  ],
  [
    "Exists with values",
    pod((p) => (p.spec.topologySpreadConstraints[0].labelSelector.matchExpressions = [{ key: "app", operator: "Exists", values: ["x"] }])),
    `${TSC}[0].labelSelector.matchExpressions[0].values: an array must be empty when operator is Exists`,
  ],
  [
    "unknown label selector operator",
    pod((p) => (p.spec.topologySpreadConstraints[0].labelSelector.matchExpressions = [{ key: "app", operator: "Equals", values: ["x"] }])),
    `${TSC}[0].labelSelector.matchExpressions[0].operator: "Equals" is not a label selector operator (In, NotIn, Exists, DoesNotExist)`,
  ],
  ["constraints an object", pod((p) => (p.spec.topologySpreadConstraints = { maxSkew: 1 })), `${TSC}: an object is not an array`],
  // pods: affinity
  [
    "pod affinity with an empty topologyKey",
    pod((p) => (p.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey = "")),
    'pods[3].spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: "" must not be empty',
  ],
  [
    "pod affinity namespace not a DNS label",
    pod((p) => (p.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaces = ["ok", "Not_OK"])),
    'pods[3].spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaces[1]: "Not_OK" is not a valid DNS-1123 label (at most 63 lowercase alphanumerics or \'-\', starting and ending with an alphanumeric)',
  ],
  [
    "weight 0 in preferred anti-affinity",
    pod((p) => (p.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight = 0)),
    "pods[3].spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: 0 must be between 1 and 100",
  ],
  [
    "weight 101 in preferred node affinity",
    pod((p) => (p.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight = 101)),
    "pods[3].spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: 101 must be between 1 and 100",
  ],
  [
    "match and mismatch label keys overlap",
    pod((p) =>
      Object.assign(p.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0], { matchLabelKeys: ["tier"], mismatchLabelKeys: ["tier"] }),
    ),
    'pods[3].spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys[0]: "tier" is also in mismatchLabelKeys',
  ],
  [
    "numeric node selector operator",
    pod((p) => (p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator = 1)),
    `${NODE_TERM}.matchExpressions[0].operator: 1 is not a string`,
  ],
  [
    "node selector values a string",
    pod((p) => (p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values = "a,b")),
    `${NODE_TERM}.matchExpressions[0].values: "a,b" is not an array`,
  ],
  [
    "node selector term not an object",
    pod((p) => (p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms = ["zone=a"])),
    `${NODE_TERM}: "zone=a" is not an object`,
  ],
  ["affinity a string", pod((p) => (p.spec.affinity = "none")), 'pods[3].spec.affinity: "none" is not an object'],
  // pods: status
  [
    "bad allocatedResources",
    pod((p) => (p.status.containerStatuses[0].allocatedResources.cpu = "abc")),
    'pods[3].status.containerStatuses[0].allocatedResources.cpu: "abc" is not a Kubernetes quantity',
  ],
  ["negative status request", pod((p) => (p.status.resources = { requests: { memory: "-1" } })), 'pods[3].status.resources.requests.memory: "-1" is negative; resource quantities must be >= 0'],
  ["conditions an object", pod((p) => (p.status.conditions = { type: "Ready" })), "pods[3].status.conditions: an object is not an array"],
  ["condition type a number", pod((p) => (p.status.conditions = [{ type: 5 }])), "pods[3].status.conditions[0].type: 5 is not a string"],
  ["nominatedNodeName with a slash", pod((p) => (p.status.nominatedNodeName = "x/y")), "pods[3].status.nominatedNodeName: \"x/y\" may not contain '/' or '%'"],
  // namespaces
  ["namespace without a name", () => namespaceFromKube({ metadata: {} }, "namespaces[0]"), "namespaces[0].metadata.name is required"],
  ["namespace name not a DNS label", () => namespaceFromKube({ metadata: { name: "a.b" } }, "namespaces[0]"), 'namespaces[0].metadata.name: "a.b" is not a valid DNS-1123 label (at most 63 lowercase alphanumerics or \'-\', starting and ending with an alphanumeric)'],
  // documents
  ["List item not an object", () => splitKubeObjects({ kind: "List", items: [baseNode(), 7] }, "input"), "input.items[1]: 7 is not an object"],
  ["List items a string", () => splitKubeObjects({ kind: "List", items: "x" }, "input"), 'input.items: "x" is not an array'],
  ["document a number", () => splitKubeObjects(42, "input"), "input: 42 is not an object"],
  ["List item without kind", () => splitKubeObjects({ kind: "List", items: [{ metadata: { name: "x" } }] }, "input"), "input.items[0].kind is required here (Node, Pod, Namespace or a List of them)"],
  ["kind a number", () => splitKubeObjects([{ kind: 5 }], "input"), "input[0].kind: 5 is not a string"],
  ["nodes a string", () => splitKubeObjects({ nodes: "x" }, "input"), 'input.nodes: "x" is not an array or a List'],
  ["an empty document", () => splitKubeObjects({}, "input"), "input: an object has none of kind, items, nodes, pods or namespaces"],
  ["a root-level number", () => splitKubeObjects(42, ""), "input: 42 is not an object"],
  ["a root-level array item without kind", () => splitKubeObjects([{}], ""), "[0].kind is required here (Node, Pod, Namespace or a List of them)"],
];

describe("malformed input is rejected with the field path and the value", () => {
  test("the table is large enough", () => {
    expect(malformed.length).toBeGreaterThanOrEqual(40);
  });

  test.each(malformed)("%s", (_, run, message, domain) => {
    let error: unknown;
    try {
      run();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SchedkitError);
    expect((error as Error).message).toBe(message);
    expect(error instanceof DomainError).toBe(domain === true);
  });
});

// README "Limits": a List may be nested in at most MAX_LIST_DEPTH Lists; the check runs before recursion, so
// the limit is exercised at its boundary, not only far past it.
describe("List nesting limit", () => {
  const wrap = (lists: number): unknown => {
    let v: unknown = { kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c" }] } };
    for (let i = 0; i < lists; i++) v = { kind: "List", items: [v] };
    return v;
  };
  test("a pod inside MAX_LIST_DEPTH + 1 Lists (the innermost nested in exactly MAX_LIST_DEPTH) is read", () => {
    expect(splitKubeObjects(wrap(MAX_LIST_DEPTH + 1), "").pods).toHaveLength(1);
  });
  test("one more List is an error naming the limit", () => {
    expect(() => splitKubeObjects(wrap(MAX_LIST_DEPTH + 2), "")).toThrow(new RegExp(`is a List nested in more than ${MAX_LIST_DEPTH} Lists \\(the limit\\)`));
  });
});
