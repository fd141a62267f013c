import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kernelRunParameters } from "../_test/long.js";
import { MAX_RESOURCE_VALUE, createCluster, podRequests, scheduleAll } from "../index.js";
import { clusterArbitrary, type KubeCluster } from "./index.js";

type Json = Record<string, any>;

const finished = (p: Json) => p["status"]?.phase === "Succeeded" || p["status"]?.phase === "Failed";
const nodeOf = (p: Json): string | undefined => p["spec"]?.nodeName;

/** Per node and resource: allocatable, and what the running bound pods request (requested and non-zero variants). */
function accounting(k: KubeCluster) {
  const c = createCluster(k);
  const rows = new Map(c.nodes.map((n) => [n.name, { alloc: n.allocatable, used: new Map<string, number>(), nonZero: new Map<string, number>() }]));
  for (const p of k.pods as Json[]) {
    const node = nodeOf(p);
    if (node === undefined || finished(p)) continue;
    const row = rows.get(node)!;
    const r = podRequests(p);
    for (const [name, v] of Object.entries(r.requested)) row.used.set(name, (row.used.get(name) ?? 0) + v);
    row.nonZero.set("cpu", (row.nonZero.get("cpu") ?? 0) + r.nonZeroRequested.cpu);
    row.nonZero.set("memory", (row.nonZero.get("memory") ?? 0) + r.nonZeroRequested.memory);
  }
  return { cluster: c, rows };
}

describe("clusterArbitrary", () => {
  it("produces consistent snapshots that createCluster accepts", () => {
    fc.assert(
      fc.property(clusterArbitrary(), (k) => {
        const c = createCluster(k);
        const names = new Set(c.nodes.map((n) => n.name));
        expect(names.size).toBe(k.nodes.length);
        const keys = (k.pods as Json[]).map((p) => `${p["metadata"].namespace}/${p["metadata"].name}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const p of k.pods as Json[]) if (nodeOf(p) !== undefined) expect(names.has(nodeOf(p)!)).toBe(true);
        expect(c.pendingPods.length + (k.pods as Json[]).filter((p) => nodeOf(p) !== undefined).length).toBe(k.pods.length);
      }),
      kernelRunParameters(300),
    );
  });

  it("keeps every node within the exact domain whatever happens to the pending pods", () => {
    fc.assert(
      fc.property(clusterArbitrary(), (k) => {
        const { rows } = accounting(k);
        const pending = (k.pods as Json[]).filter((p) => nodeOf(p) === undefined).map((p) => podRequests(p));
        const sum = (f: (r: (typeof pending)[number]) => number) => pending.reduce((a, r) => a + f(r), 0);
        const worst = {
          cpu: sum((r) => r.nonZeroRequested.cpu),
          memory: sum((r) => r.nonZeroRequested.memory),
        };
        for (const row of rows.values()) {
          expect((row.nonZero.get("cpu") ?? 0) + worst.cpu).toBeLessThanOrEqual(MAX_RESOURCE_VALUE);
          expect((row.nonZero.get("memory") ?? 0) + worst.memory).toBeLessThanOrEqual(MAX_RESOURCE_VALUE);
          for (const [name, v] of row.used) {
            if (name === "cpu" || name === "memory") continue;
            expect(v + sum((r) => r.requested[name] ?? 0)).toBeLessThanOrEqual(MAX_RESOURCE_VALUE);
          }
        }
        // Without NodeResourcesFit every pod lands somewhere: the node totals must still stay in the domain.
        const noFit = { plugins: { multiPoint: { disabled: [{ name: "NodeResourcesFit" }] } } };
        scheduleAll(undefined, createCluster(k), { profile: noFit, tieBreak: "first" });
      }),
      kernelRunParameters(300),
    );
  });

  it("covers exactly full, over-committed and full-by-count nodes, exact-fit pods, identical nodes and empty clusters", () => {
    const found = { full: false, over: false, byCount: false, exactFit: false, onePastFit: false, ties: false, empty: false, finished: false, terminating: false, namespaces: false };
    for (const k of fc.sample(clusterArbitrary(), { numRuns: 1500, seed: 31 })) {
      const { cluster, rows } = accounting(k);
      if (k.nodes.length === 0) found.empty = true;
      if (k.namespaces.length > 0) found.namespaces = true;
      const bound = (k.pods as Json[]).filter((p) => nodeOf(p) !== undefined);
      if (bound.some(finished)) found.finished = true;
      if (bound.some((p) => p["metadata"].deletionTimestamp !== undefined)) found.terminating = true;
      const shapes = (k.nodes as Json[]).map((n) => JSON.stringify([n["status"], n["spec"]]));
      if (new Set(shapes).size < shapes.length) found.ties = true;
      const free = new Map<string, number>();
      for (const [node, row] of rows) {
        const alloc = row.alloc.get("cpu") ?? 0;
        const used = row.used.get("cpu") ?? 0;
        if (alloc > 0 && used === alloc) found.full = true;
        if (used > alloc) found.over = true;
        const pods = bound.filter((p) => nodeOf(p) === node && !finished(p)).length;
        if (pods > 0 && row.alloc.get("pods") === pods) found.byCount = true;
        free.set(node, alloc - used);
      }
      for (const p of cluster.pendingPods) {
        const pod = (k.pods as Json[]).find((q) => q["metadata"].name === p.name && nodeOf(q) === undefined)!;
        const cpu = podRequests(pod).requested["cpu"]!;
        if (cpu > 0 && [...free.values()].includes(cpu)) found.exactFit = true;
        if ([...free.values()].some((f) => f >= 0 && cpu === f + 1)) found.onePastFit = true;
      }
    }
    expect(found).toEqual({ full: true, over: true, byCount: true, exactFit: true, onePastFit: true, ties: true, empty: true, finished: true, terminating: true, namespaces: true });
  });

  it("respects the size options, up to a few hundred nodes", () => {
    for (const k of fc.sample(clusterArbitrary({ minNodes: 200, maxNodes: 300, maxPendingPods: 3 }), { numRuns: 3, seed: 32 })) {
      expect(k.nodes.length).toBeGreaterThanOrEqual(200);
      expect(k.nodes.length).toBeLessThanOrEqual(300);
      const run = scheduleAll(undefined, createCluster(k));
      expect(run.summary.errors).toBe(0);
    }
    for (const k of fc.sample(clusterArbitrary({ minNodes: 2, maxNodes: 3, maxBoundPodsPerNode: 0, maxPendingPods: 1 }), { numRuns: 200, seed: 33 })) {
      expect(k.nodes.length).toBeGreaterThanOrEqual(2);
      expect(k.nodes.length).toBeLessThanOrEqual(3);
      expect((k.pods as Json[]).filter((p) => nodeOf(p) !== undefined)).toEqual([]);
      expect(k.pods.length).toBeLessThanOrEqual(1);
    }
  });

  it("passes family switches on to every pod and node", () => {
    for (const k of fc.sample(clusterArbitrary({ interPodAffinity: false, taints: false, namespaces: false }), { numRuns: 200, seed: 34 })) {
      for (const p of k.pods as Json[]) {
        expect(p["spec"].affinity?.podAffinity).toBeUndefined();
        expect(p["spec"].affinity?.podAntiAffinity).toBeUndefined();
        expect(p["metadata"].namespace).toBe("default");
      }
      for (const n of k.nodes as Json[]) expect(n["spec"].taints).toBeUndefined();
      expect(k.namespaces).toEqual([]);
    }
  });
});
