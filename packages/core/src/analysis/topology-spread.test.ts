import { describe, expect, it } from "vitest";
import { createCluster, SchedkitError } from "../index.js";
import { topologySpreadCounts } from "./index.js";

const node = (name: string, labels: Record<string, string>) => ({ kind: "Node", metadata: { name, labels } });
const pod = (name: string, labels: Record<string, string>, spec: Record<string, unknown> = {}) => ({
  kind: "Pod",
  metadata: { name, namespace: "default", labels },
  spec: { containers: [{ name: "c" }], ...spec },
});
const hard = (topologyKey: string, more: Record<string, unknown> = {}) => ({
  maxSkew: 1,
  topologyKey,
  whenUnsatisfiable: "DoNotSchedule",
  labelSelector: { matchLabels: { app: "web" } },
  ...more,
});

describe("topologySpreadCounts", () => {
  const cluster = createCluster({
    nodes: [node("a", { zone: "z1" }), node("b", { zone: "z2" }), node("c", { zone: "z2" })],
    pods: [pod("w1", { app: "web" }, { nodeName: "a" }), pod("w2", { app: "web" }, { nodeName: "b" }), pod("w3", { app: "web" }, { nodeName: "c" })],
  });

  it("gives each hard constraint's domain counts, minimum and self-match: zones 1/2, min 1", () => {
    const [zone] = topologySpreadCounts(pod("new", { app: "web" }, { topologySpreadConstraints: [hard("zone")] }), cluster);
    expect(zone).toEqual({ topologyKey: "zone", maxSkew: 1, minDomains: 1, counts: new Map([["z1", 1], ["z2", 2]]), minMatch: 1, selfMatch: true });
  });

  it("treats the minimum as 0 when there are fewer domains than minDomains (2 < 3)", () => {
    const [zone] = topologySpreadCounts(pod("new", { app: "db" }, { topologySpreadConstraints: [hard("zone", { minDomains: 3 })] }), cluster);
    expect(zone!.minMatch).toBe(0);
    expect(zone!.selfMatch).toBe(false);
  });

  it("lists only DoNotSchedule constraints, and none for a pod without any", () => {
    const soft = { ...hard("zone"), whenUnsatisfiable: "ScheduleAnyway" };
    expect(topologySpreadCounts(pod("new", {}, { topologySpreadConstraints: [soft] }), cluster)).toEqual([]);
    expect(topologySpreadCounts(pod("new", {}), cluster)).toEqual([]);
  });

  it("rejects a cluster that is not a Cluster", () => {
    expect(() => topologySpreadCounts(pod("new", {}), {} as never)).toThrow(SchedkitError);
  });
});
