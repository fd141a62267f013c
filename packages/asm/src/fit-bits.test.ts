import { describe, expect, it } from "vitest";
import { createCluster, syntheticCluster, type ScheduleResult } from "@schedkit/core";
import { createWasmEngineSync } from "./index.js";
import type { NodeColumns } from "./columns.js";
import type { Kernel } from "./kernel.js";

// The kernel decides which plugin rejects which node; for NodeResourcesFit it also computes the reason
// bitmask (assembly/fit.ts). Here the bits the filter phase recorded are decoded and compared with the
// reasons and code of the status the reference plugin gives the same node.
const GPU = "example.com/gpu";

function withGpus(cluster: ReturnType<typeof syntheticCluster>): object {
  const nodes = cluster.nodes.map((n, i) => {
    const node = structuredClone(n) as { status: { allocatable: Record<string, string> } };
    if (i % 3 !== 0) node.status.allocatable[GPU] = String(i % 4);
    if (i % 7 === 0) node.status.allocatable["pods"] = "0";
    return node;
  });
  return { nodes, pods: cluster.pods };
}

const pod = (cpu: string, memory: string, extra: Record<string, string>) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "big", namespace: "default" },
  spec: { containers: [{ name: "c", image: "app", resources: { requests: { cpu, memory, ...extra } } }] },
});

describe("NodeResourcesFit reason bits", () => {
  it.each([
    ["cpu and memory", pod("20", "64Gi", {})],
    ["cpu, memory, ephemeral-storage and a scalar", pod("12", "40Gi", { "ephemeral-storage": "90Gi", [GPU]: "2" })],
    ["a scalar only", pod("100m", "64Mi", { [GPU]: "3" })],
  ])("agree with the reference status on every rejected node: %s", (_name, p) => {
    const cluster = createCluster(withGpus(syntheticCluster({ nodes: 300, seed: 17, maxPodsPerNode: 40 })));
    const s = createWasmEngineSync().scheduler(cluster, { explain: true, percentageOfNodesToScore: 100 });
    const r: ScheduleResult = s.schedule(p);
    const internals = s as unknown as { columns: NodeColumns; kernel: Kernel };
    const { columns, kernel } = internals;
    const examined = r.explanation!.nodes;
    const i32 = kernel.i32;
    let checked = 0;
    examined.forEach((e, k) => {
      expect(s.snapshot.nodes[i32[(columns.exIdx >> 2) + k]!]!.node.name).toBe(e.node);
      if (e.status.plugin !== "NodeResourcesFit") return;
      const bits = i32[(columns.exBits >> 2) + k]!;
      const names = ["Too many pods", "Insufficient cpu", "Insufficient memory", "Insufficient ephemeral-storage"];
      const scalars = Object.keys(p.spec.containers[0]!.resources.requests).filter((n) => n.includes("/"));
      const reasons: string[] = [];
      for (let b = 0; b < 4; b++) if (bits & (1 << b)) reasons.push(names[b]!);
      scalars.forEach((n, j) => {
        if (bits & (1 << (4 + j))) reasons.push(`Insufficient ${n}`);
      });
      expect(reasons).toEqual(e.status.reasons);
      expect(bits < 0 ? "UnschedulableAndUnresolvable" : "Unschedulable").toBe(e.status.code);
      checked++;
    });
    expect(checked).toBeGreaterThan(50);
    s.dispose();
  });
});
