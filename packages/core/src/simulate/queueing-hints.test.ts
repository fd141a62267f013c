import { describe, expect, it } from "vitest";
import { resolveFeatureGates } from "../framework/features.js";
import { makePodInfo } from "../framework/snapshot.js";
import type { NodeInfo, PodInfo } from "../framework/types.js";
import { parseKubeVersion } from "../framework/version.js";
import { createCluster, Scheduler } from "../schedule.js";
import { node } from "./_test/cluster.js";
import { QueueingHints, type ClusterEvent } from "./queueing-hints.js";

const version = parseKubeVersion("1.37");
const gates = resolveFeatureGates(version, undefined);
const hints = new QueueingHints(version, gates);

type Json = Record<string, unknown>;

/** Pods and nodes as the scheduler sees them, from v1 objects. */
function world(nodes: object[], pods: Json[]): { pod: (name: string) => PodInfo; node: (name: string) => NodeInfo } {
  const c = createCluster({ nodes, pods: pods.map((p) => ({ kind: "Pod", ...p })) });
  const snap = c.snapshotFor(gates);
  const infos = new Map(c.pendingPods.map((p, i) => [p.name, makePodInfo(p, gates, `pods[${i}]`, i)]));
  return { pod: (n) => infos.get(n)!, node: (n) => snap.getNode(n)! };
}

const podOf = (name: string, spec: Json = {}, labels: Record<string, string> = {}, cpu = "1"): Json => ({
  metadata: { name, namespace: "default", labels },
  spec: { containers: [{ name: "c", resources: { requests: { cpu, memory: "1Gi" } } }], ...spec },
});

const taint = { key: "dedicated", value: "gpu", effect: "NoSchedule" };
const w = world(
  [node("small", 500, 4), { ...node("tainted", 8000, 16), spec: { taints: [taint] } }, { ...node("big", 8000, 16), metadata: { name: "big", labels: { disk: "ssd", "kubernetes.io/hostname": "big" } } }],
  [
    podOf("p"),
    podOf("ssd", { nodeSelector: { disk: "ssd" } }),
    podOf("ported", { containers: [{ name: "c", ports: [{ containerPort: 80, hostPort: 8080 }] }] }),
    podOf("other-port", { containers: [{ name: "c", ports: [{ containerPort: 80, hostPort: 9090 }] }] }),
    podOf("same-port", { containers: [{ name: "c", ports: [{ containerPort: 81, hostPort: 8080 }] }] }),
    podOf("spread", { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: "web" } } }] }, { app: "web" }),
    podOf("web", {}, { app: "web" }),
    podOf("api", {}, { app: "api" }),
  ],
);
const add = (n: string): ClusterEvent => ({ type: "NodeAdd", node: w.node(n) });
const del = (p: string, bound = true): ClusterEvent => ({ type: "AssignedPodDelete", pod: w.pod(p), bound });
const bound = (p: string): ClusterEvent => ({ type: "AssignedPodAdd", pod: w.pod(p) });

describe("NodeResourcesFit: AssignedPod/Delete and Node/Add (isSchedulableAfterAssignedPodDelete, isSchedulableAfterNodeChange)", () => {
  it("any bound or nominated pod deleted: Queue; an unscheduled one: QueueSkip", () => {
    expect(hints.worthRequeuing(w.pod("p"), ["NodeResourcesFit"], del("web"))).toBe(true);
    expect(hints.worthRequeuing(w.pod("p"), ["NodeResourcesFit"], del("web", false))).toBe(false);
  });
  it("a node added: Queue when the pod fits the empty node", () => {
    expect(hints.worthRequeuing(w.pod("p"), ["NodeResourcesFit"], add("big"))).toBe(true);
    expect(hints.worthRequeuing(w.pod("p"), ["NodeResourcesFit"], add("small"))).toBe(false);
  });
  it("a pod bound elsewhere is not an event it registered", () => {
    expect(hints.worthRequeuing(w.pod("p"), ["NodeResourcesFit"], bound("web"))).toBe(false);
    expect(hints.interests(["NodeResourcesFit"]).sort()).toEqual(["AssignedPodDelete", "NodeAdd"]);
  });
});

describe("TaintToleration and NodeUnschedulable: Node/Add|UpdateNodeTaint", () => {
  it("a node added with an untolerated NoSchedule taint: QueueSkip; without: Queue", () => {
    expect(hints.worthRequeuing(w.pod("p"), ["TaintToleration"], add("tainted"))).toBe(false);
    expect(hints.worthRequeuing(w.pod("p"), ["TaintToleration"], add("big"))).toBe(true);
  });
  it("an uncordon: Queue for NodeUnschedulable, QueueSkip for TaintToleration (the taints did not change)", () => {
    const n = w.node("big").node;
    const e: ClusterEvent = { type: "UpdateNodeTaint", old: { ...n, unschedulable: true }, node: n };
    expect(hints.worthRequeuing(w.pod("p"), ["NodeUnschedulable"], e)).toBe(true);
    expect(hints.worthRequeuing(w.pod("p"), ["TaintToleration"], e)).toBe(false);
  });
  it("a pod deletion moves neither", () => {
    expect(hints.worthRequeuing(w.pod("p"), ["NodeUnschedulable", "TaintToleration"], del("web"))).toBe(false);
  });
});

describe("NodeAffinity: Node/Add matching the pod's nodeSelector and required affinity", () => {
  it("Queue only for a matching node", () => {
    expect(hints.worthRequeuing(w.pod("ssd"), ["NodeAffinity"], add("big"))).toBe(true);
    expect(hints.worthRequeuing(w.pod("ssd"), ["NodeAffinity"], add("small"))).toBe(false);
  });
});

describe("NodePorts: AssignedPod/Delete of a pod holding a wanted host port; Node/Add always", () => {
  it("Queue only when the deleted pod used one of the pod's host ports", () => {
    expect(hints.worthRequeuing(w.pod("ported"), ["NodePorts"], del("same-port"))).toBe(true);
    expect(hints.worthRequeuing(w.pod("ported"), ["NodePorts"], del("other-port"))).toBe(false);
    expect(hints.worthRequeuing(w.pod("ported"), ["NodePorts"], del("web"))).toBe(false);
    expect(hints.worthRequeuing(w.pod("ported"), ["NodePorts"], add("small"))).toBe(true);
  });
});

describe("PodTopologySpread: assigned pods matching a constraint's selector, nodes with every topology key", () => {
  it("a pod bound or deleted: Queue when a DoNotSchedule constraint selects it", () => {
    expect(hints.worthRequeuing(w.pod("spread"), ["PodTopologySpread"], bound("web"))).toBe(true);
    expect(hints.worthRequeuing(w.pod("spread"), ["PodTopologySpread"], del("web"))).toBe(true);
    expect(hints.worthRequeuing(w.pod("spread"), ["PodTopologySpread"], bound("api"))).toBe(false);
  });
  it("a node added or deleted: Queue when it has the topology keys", () => {
    expect(hints.worthRequeuing(w.pod("spread"), ["PodTopologySpread"], add("small"))).toBe(true);
    expect(hints.worthRequeuing(w.pod("spread"), ["PodTopologySpread"], add("big"))).toBe(false); // no zone label
    expect(hints.worthRequeuing(w.pod("spread"), ["PodTopologySpread"], { type: "NodeDelete", node: { ...w.node("big").node, labels: new Map() } })).toBe(false);
  });
});

describe("plugins without hints here, and releases without QueueingHints", () => {
  it("a plugin schedkit does not know registers every event with the Queue hint (defaultEnqueueExtension)", () => {
    expect(hints.interests(["MyPlugin"]).length).toBe(5);
    expect(hints.worthRequeuing(w.pod("p"), ["MyPlugin"], bound("web"))).toBe(true);
  });
  it("before v1.32 (SchedulerQueueingHints off by default) every registered event answers Queue", () => {
    const old = new QueueingHints(parseKubeVersion("1.31"), resolveFeatureGates(parseKubeVersion("1.31"), undefined));
    expect(old.worthRequeuing(w.pod("p"), ["TaintToleration"], add("tainted"))).toBe(true);
    expect(old.worthRequeuing(w.pod("p"), ["TaintToleration"], del("web"))).toBe(false);
  });
});

describe("PodTopologySpread hints read getConstraints: the profile's default constraints for a pod without its own", () => {
  // A List default DoNotSchedule constraint on a key no node has rejects every pod a Service selects; the hint
  // for a bound pod asks whether the default constraint's selector (the Service's) matches it
  // (plugin.go isSchedulableAfterAssignedPodChange via getConstraints / buildDefaultConstraints).
  const profile = {
    schedulerName: "default-scheduler",
    pluginConfig: [{ name: "PodTopologySpread", args: { defaultingType: "List", defaultConstraints: [{ maxSkew: 1, topologyKey: "example.com/rack", whenUnsatisfiable: "DoNotSchedule" }] } }],
  };
  const nodes = [node("a", 4000, 8)];
  const service = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" } } };
  const pending = (name: string, labels: Record<string, string>) => ({ kind: "Pod", ...podOf(name, {}, labels) });
  const cluster = createCluster([...nodes, service, pending("web-0", { app: "web" }), pending("other", { app: "other" }), pending("web-1", { app: "web" })]);
  const sched = new Scheduler(cluster, { profile });
  const info = (name: string) => sched.prepare(cluster.pendingPods.find((p) => p.name === name)!).info;
  const bound = (name: string): ClusterEvent => ({ type: "AssignedPodAdd", pod: info(name) });

  it("skips a bound pod the Service's selector does not match, and queues one it matches", () => {
    expect(sched.queueingHints.worthRequeuing(info("web-0"), ["PodTopologySpread"], bound("other"))).toBe(false);
    expect(sched.queueingHints.worthRequeuing(info("web-0"), ["PodTopologySpread"], bound("web-1"))).toBe(true);
  });

  it("queues on a node added with the constraint's key, and skips one without it", () => {
    const snap = createCluster([node("r", 4000, 8), { ...node("x", 4000, 8), metadata: { name: "x", labels: { "example.com/rack": "1" } } }]).snapshotFor(gates);
    expect(sched.queueingHints.worthRequeuing(info("web-0"), ["PodTopologySpread"], { type: "NodeAdd", node: snap.getNode("r")! })).toBe(false);
    expect(sched.queueingHints.worthRequeuing(info("web-0"), ["PodTopologySpread"], { type: "NodeAdd", node: snap.getNode("x")! })).toBe(true);
  });

  it("queues everything for such a pod when the hints are built without the profile's plugin", () => {
    expect(hints.worthRequeuing(info("web-0"), ["PodTopologySpread"], bound("other"))).toBe(true);
  });
});
