// PodTopologySpread's default constraints (plugin.go New: System / List defaulting; common.go
// buildDefaultConstraints; scoring.go PreScore requireAllTopologies) end to end through scheduleAll.
import { describe, expect, it } from "vitest";
import { createCluster, scheduleAll, type ScheduleResult } from "../../index.js";

type Json = Record<string, any>;

const ZONE = "topology.kubernetes.io/zone";
const node = (name: string, zone: string | null, cpu = "8"): Json => ({
  kind: "Node",
  metadata: { name, labels: { "kubernetes.io/hostname": name, ...(zone === null ? {} : { [ZONE]: zone }) } },
  status: { allocatable: { cpu, memory: "32Gi", pods: "110" } },
});
const replicaSet = { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "web-5d4", namespace: "default" }, spec: { selector: { matchLabels: { app: "web" } } } };
const owned = { ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-5d4", uid: "rs-1", controller: true }] };
const replica = (i: number, extra: Json = {}): Json => ({
  kind: "Pod",
  metadata: { name: `web-${i}`, namespace: "default", labels: { app: "web" }, ...(extra.metadata ?? {}) },
  spec: { containers: [{ name: "c", resources: { requests: { cpu: "250m", memory: "256Mi" } } }], ...(extra.spec ?? {}) },
});
const systemDefaultsWrittenOut = [
  { maxSkew: 3, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: "web" } } },
  { maxSkew: 5, topologyKey: ZONE, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: "web" } } },
];
// Nodes of unequal size so that resource scoring alone would pile replicas onto the big ones.
const zonedNodes = Array.from({ length: 12 }, (_, i) => node(`n${i}`, `zone-${i % 3}`, i < 3 ? "32" : "4"));

const placements = (rs: readonly ScheduleResult[]) => rs.map((r) => r.nodeName);
const perNode = (rs: readonly ScheduleResult[]) => {
  const m = new Map<string, number>();
  for (const r of rs) if (r.nodeName !== null) m.set(r.nodeName, (m.get(r.nodeName) ?? 0) + 1);
  return m;
};
const spreadScore = (r: ScheduleResult, nodeName: string) =>
  r.explanation!.nodes.find((n) => n.node === nodeName)!.scores.find((s) => s.plugin === "PodTopologySpread")?.normalized;

describe("System defaulting: pods without constraints spread by their controller's selector", () => {
  const replicas = Array.from({ length: 40 }, (_, i) => replica(i, { metadata: owned }));
  const withDefaults = scheduleAll(undefined, createCluster({ kind: "List", items: [...zonedNodes, replicaSet, ...replicas] }), { tieBreak: "first" });
  const writtenOut = scheduleAll(
    undefined,
    createCluster({ kind: "List", items: [...zonedNodes, ...Array.from({ length: 40 }, (_, i) => replica(i, { spec: { topologySpreadConstraints: systemDefaultsWrittenOut } }))] }),
    { tieBreak: "first" },
  );
  const unselected = scheduleAll(undefined, createCluster({ kind: "List", items: [...zonedNodes, ...replicas] }), { tieBreak: "first" });

  it("places every replica where the system defaults written out as ScheduleAnyway constraints do", () => {
    expect(placements(withDefaults.results)).toEqual(placements(writtenOut.results));
    for (let i = 0; i < 40; i++) expect(spreadScore(withDefaults.results[i]!, "n0")).toBe(spreadScore(writtenOut.results[i]!, "n0"));
  });

  it("without a Service or controller selecting the pods there is no default constraint (PreScore skips)", () => {
    const scored = (r: ScheduleResult) => r.explanation!.scorePlugins.map((p) => p.plugin).includes("PodTopologySpread");
    expect(scored(unselected.results[5]!)).toBe(false);
    expect(scored(withDefaults.results[5]!)).toBe(true);
    expect(Math.max(...perNode(unselected.results).values())).toBeGreaterThan(Math.max(...perNode(withDefaults.results).values()));
  });

  it("a Service selecting the pods gives the same selector as the ReplicaSet", () => {
    const svc = { kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" } } };
    const viaService = scheduleAll(undefined, createCluster({ kind: "List", items: [...zonedNodes, svc, ...Array.from({ length: 40 }, (_, i) => replica(i))] }), { tieBreak: "first" });
    expect(placements(viaService.results)).toEqual(placements(withDefaults.results));
  });

  it("pods with constraints of their own do not get the defaults", () => {
    const own = [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: "web" } } }];
    const a = scheduleAll(undefined, createCluster({ kind: "List", items: [...zonedNodes, replicaSet, ...Array.from({ length: 12 }, (_, i) => replica(i, { metadata: owned, spec: { topologySpreadConstraints: own } }))] }), { tieBreak: "first" });
    const b = scheduleAll(undefined, createCluster({ kind: "List", items: [...zonedNodes, ...Array.from({ length: 12 }, (_, i) => replica(i, { spec: { topologySpreadConstraints: own } }))] }), { tieBreak: "first" });
    expect(placements(a.results)).toEqual(placements(b.results));
  });
});

describe("System defaulting scores nodes without the zone label (requireAllTopologies is false)", () => {
  // Two zoned nodes already run replicas; the zone-less node is empty.
  const bound = (name: string, nodeName: string) => replica(0, { metadata: { name, ...owned }, spec: { nodeName } });
  const nodes = [node("a", "zone-0"), node("b", "zone-1"), node("bare", null)];
  const existing = [bound("x1", "a"), bound("x2", "b")];

  it("the zone-less node is scored as a domain of its own under the defaults", () => {
    const r = scheduleAll([replica(9, { metadata: owned })], createCluster({ kind: "List", items: [...nodes, replicaSet, ...existing] })).results[0]!;
    expect(spreadScore(r, "bare")).toBe(100);
    expect(r.nodeName).toBe("bare");
  });

  it("while the same constraints written out ignore it (it lacks a topology key): normalized to 0", () => {
    const r = scheduleAll([replica(9, { spec: { topologySpreadConstraints: systemDefaultsWrittenOut } })], createCluster({ kind: "List", items: [...nodes, ...existing] })).results[0]!;
    expect(spreadScore(r, "bare")).toBe(0);
  });
});

describe("List defaulting: pluginConfig's defaultConstraints", () => {
  const profile = (whenUnsatisfiable: string) => ({
    pluginConfig: [{ name: "PodTopologySpread", args: { defaultingType: "List", defaultConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable }] } }],
  });
  const nodes = [node("a", "zone-0"), node("b", "zone-0"), node("c", "zone-1")];
  const existing = [replica(0, { metadata: { name: "x1", ...owned }, spec: { nodeName: "a" } }), replica(0, { metadata: { name: "x2", ...owned }, spec: { nodeName: "b" } })];

  it("a DoNotSchedule default constraint filters by skew", () => {
    const cluster = createCluster({ kind: "List", items: [...nodes, replicaSet, ...existing] });
    const r = scheduleAll([replica(9, { metadata: owned })], cluster, { profile: profile("DoNotSchedule") }).results[0]!;
    expect(r.nodeName).toBe("c");
    const a = r.explanation!.nodes.find((n) => n.node === "a")!;
    expect(a.status.reasons).toEqual(["node(s) didn't match pod topology spread constraints"]);
  });

  it("replaces the system defaults (no hostname constraint, no zone-less pseudo-domain)", () => {
    const cluster = createCluster({ kind: "List", items: [...nodes, node("bare", null), replicaSet, ...existing] });
    const r = scheduleAll([replica(9, { metadata: owned })], cluster, { profile: profile("ScheduleAnyway") }).results[0]!;
    expect(spreadScore(r, "bare")).toBe(0);
  });
});
