import { describe, expect, it } from "vitest";
import { SchedkitError } from "../../errors.js";
import { createCluster, schedule } from "../../index.js";
import { parsePodTopologySpreadArgs } from "./plugin.js";

const c = (o: Record<string, unknown>) => ({ maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "ScheduleAnyway", ...o });

describe("PodTopologySpreadArgs defaulting", () => {
  it.each([
    { name: "absent args default to System with no list", args: undefined, want: { defaultingType: "System", defaultConstraints: [] } },
    { name: "an empty defaultingType defaults to System", args: { defaultingType: "" }, want: { defaultingType: "System", defaultConstraints: [] } },
    {
      name: "List keeps its constraints",
      args: { defaultingType: "List", defaultConstraints: [c({}), c({ topologyKey: "kubernetes.io/hostname", maxSkew: 2 })] },
      want: {
        defaultingType: "List",
        defaultConstraints: [
          { maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "ScheduleAnyway" },
          { maxSkew: 2, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway" },
        ],
      },
    },
  ])("$name", ({ args, want }) => {
    expect(parsePodTopologySpreadArgs(args, "args")).toEqual(want);
  });
});

describe("PodTopologySpreadArgs validation", () => {
  it.each([
    { name: "an unknown defaultingType", args: { defaultingType: "Auto" }, path: "args.defaultingType" },
    { name: "System together with constraints", args: { defaultConstraints: [c({})] }, path: "args.defaultingType" },
    { name: "maxSkew 0", args: { defaultingType: "List", defaultConstraints: [c({ maxSkew: 0 })] }, path: "args.defaultConstraints[0].maxSkew" },
    { name: "an empty topologyKey", args: { defaultingType: "List", defaultConstraints: [c({ topologyKey: "" })] }, path: "args.defaultConstraints[0].topologyKey" },
    { name: "an invalid topologyKey", args: { defaultingType: "List", defaultConstraints: [c({ topologyKey: "a/b/c" })] }, path: "args.defaultConstraints[0].topologyKey" },
    { name: "an unknown whenUnsatisfiable", args: { defaultingType: "List", defaultConstraints: [c({ whenUnsatisfiable: "Never" })] }, path: "args.defaultConstraints[0].whenUnsatisfiable" },
    { name: "a labelSelector (deduced per pod)", args: { defaultingType: "List", defaultConstraints: [c({ labelSelector: {} })] }, path: "args.defaultConstraints[0].labelSelector" },
    { name: "a repeated {topologyKey, whenUnsatisfiable}", args: { defaultingType: "List", defaultConstraints: [c({}), c({ maxSkew: 3 })] }, path: "args.defaultConstraints[1]" },
    { name: "args that are not an object", args: [], path: "args" },
  ])("rejects $name, naming the field", ({ args, path }) => {
    let err: unknown;
    try {
      parsePodTopologySpreadArgs(args, "args");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SchedkitError);
    expect((err as SchedkitError).path).toBe(path);
  });
});

describe("PodTopologySpread through createCluster + schedule", () => {
  it("scores soft constraints in the default profile (weight 2): zones 2/0 → raw round(2·ln 4) = 3 / 0 → 0 / 100", () => {
    const node = (name: string, zone: string) => ({ kind: "Node", metadata: { name, labels: { zone } }, status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" } } });
    const pod = (name: string, spec: Record<string, unknown> = {}) => ({ kind: "Pod", metadata: { name, labels: { app: "web" } }, spec: { containers: [{ name: "c" }], ...spec } });
    const cluster = createCluster({ nodes: [node("a", "z1"), node("b", "z2")], pods: [pod("w1", { nodeName: "a" }), pod("w2", { nodeName: "a" })] });
    const soft = { maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: "web" } } };
    const r = schedule(pod("new", { topologySpreadConstraints: [soft] }), cluster, { tieBreak: "first" });
    const pts = (n: string) => r.explanation!.nodes.find((x) => x.node === n)!.scores.find((s) => s.plugin === "PodTopologySpread");
    expect([pts("a")?.raw, pts("a")?.normalized, pts("a")?.weighted]).toEqual([3, 0, 0]);
    expect([pts("b")?.raw, pts("b")?.normalized, pts("b")?.weighted]).toEqual([0, 100, 200]);
    expect(r.nodeName).toBe("b");
  });
});
