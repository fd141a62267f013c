import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kernelRunParameters } from "../_test/long.js";
import { MAX_RESOURCE_VALUE, createCluster } from "../index.js";
import { nodeArbitrary } from "./index.js";

type Json = Record<string, any>;

describe("nodeArbitrary", () => {
  it("produces v1.Node JSON that createCluster accepts", () => {
    fc.assert(
      fc.property(nodeArbitrary(), (n) => {
        const c = createCluster({ nodes: [n] });
        expect(c.nodes).toHaveLength(1);
      }),
      kernelRunParameters(1000),
    );
  });

  it("covers the boundaries: no allocatable, zero, MAX_RESOURCE_VALUE, extended resources, huge pages, every taint effect", () => {
    const nodes = fc.sample(nodeArbitrary(), { numRuns: 3000, seed: 5 }).map((n) => createCluster({ nodes: [n] }).nodes[0]!);
    const values = (r: string) => nodes.map((n) => n.allocatable.get(r));
    expect(nodes.some((n) => n.allocatable.size === 0)).toBe(true);
    expect(values("cpu")).toContain(0);
    expect(values("cpu")).toContain(MAX_RESOURCE_VALUE);
    expect(values("memory")).toContain(MAX_RESOURCE_VALUE);
    expect(values("pods")).toContain(110);
    expect(values("example.com/gpu").some((v) => v !== undefined && v > 0)).toBe(true);
    expect(values("hugepages-2Mi").some((v) => v !== undefined && v > 0 && v % (2 * 1024 * 1024) === 0)).toBe(true);
    expect(values("ephemeral-storage").some((v) => v !== undefined)).toBe(true);
    const effects = new Set(nodes.flatMap((n) => n.taints.map((t) => t.effect)));
    expect([...effects].sort()).toEqual(["NoExecute", "NoSchedule", "PreferNoSchedule"]);
    expect(nodes.some((n) => n.unschedulable)).toBe(true);
    expect(nodes.some((n) => n.images.some((i) => i.sizeBytes === 23 * 1024 * 1024))).toBe(true);
    expect(nodes.some((n) => n.labels.get("kubernetes.io/hostname") === undefined)).toBe(true);
    expect(nodes.some((n) => n.labels.has("topology.kubernetes.io/zone"))).toBe(true);
  });

  it("spells cpu in millicores or cores and memory with and without suffixes", () => {
    const raw = fc.sample(nodeArbitrary(), { numRuns: 1000, seed: 6 }) as Json[];
    const cpu = raw.map((n) => n["status"]?.allocatable?.cpu).filter((s): s is string => typeof s === "string");
    const mem = raw.map((n) => n["status"]?.allocatable?.memory).filter((s): s is string => typeof s === "string");
    expect(cpu.some((s) => s.endsWith("m"))).toBe(true);
    expect(cpu.some((s) => /^\d+(\.\d+)?$/.test(s))).toBe(true);
    expect(mem.some((s) => /^\d+$/.test(s))).toBe(true);
    expect(mem.some((s) => /(Ki|Mi|Gi)$/.test(s))).toBe(true);
  });

  it("leaves switched-off families out", () => {
    const off = { taints: false, images: false, unschedulableNodes: false, extendedResources: false, hugepages: false, ephemeralStorage: false };
    fc.assert(
      fc.property(nodeArbitrary(off), (n) => {
        const node = createCluster({ nodes: [n] }).nodes[0]!;
        expect(node.taints).toEqual([]);
        expect(node.images).toEqual([]);
        expect(node.unschedulable).toBe(false);
        expect([...node.allocatable.keys()].filter((k) => k.includes("/") || k.startsWith("hugepages-") || k === "ephemeral-storage")).toEqual([]);
      }),
      kernelRunParameters(300),
    );
  });

  it("uses the given name and is deterministic under a seed", () => {
    const a = fc.sample(nodeArbitrary({ name: "worker-7" }), { numRuns: 50, seed: 9 });
    const b = fc.sample(nodeArbitrary({ name: "worker-7" }), { numRuns: 50, seed: 9 });
    expect(a).toEqual(b);
    expect(a.every((n) => (n as Json)["metadata"].name === "worker-7")).toBe(true);
  });
});
