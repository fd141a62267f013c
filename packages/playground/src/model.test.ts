import { readFileSync } from "node:fs";
import { DEFAULT_KUBERNETES_VERSION, tsEngine } from "@schedkit/core";
import { describe, expect, it } from "vitest";
import { InputError, buildCluster, parseDocuments, runAll, scoreTable, sortRows, type ScoreRow } from "./model.js";

const demo = readFileSync(new URL("../../cli/src/commands/demo-cluster.json", import.meta.url), "utf8");
const manifests = readFileSync(new URL("./examples/manifests.yaml", import.meta.url), "utf8");

describe("parseDocuments: JSON dumps and multi-document YAML", () => {
  it("reads a kubectl JSON List as one document", () => {
    expect(parseDocuments(demo, "cluster")).toHaveLength(1);
  });
  it("reads --- separated YAML manifests, one document each, numbered in labels", () => {
    expect(parseDocuments(manifests, "manifests").map((d) => d.label)).toEqual(["manifests (document 1)", "manifests (document 2)"]);
  });
  it("names the document of a YAML syntax error", () => {
    expect(() => parseDocuments("a: [1\n---\nb: 2", "manifests")).toThrow(InputError);
  });
  it("an empty text is no document", () => {
    expect(parseDocuments("  \n", "inventory")).toEqual([]);
  });
});

describe("buildCluster: the dump plus the manifests' pods", () => {
  it("expands a Deployment into its replicas as pending pods, as `schedkit schedule --pod` does", () => {
    const c = buildCluster(demo, manifests);
    const pending = c.pendingPods.map((p) => `${p.namespace}/${p.name}`);
    expect(pending).toEqual(expect.arrayContaining(["shop/checkout-0", "shop/checkout-1", "shop/checkout-2", "batch/invoices"]));
  });
  it("rejects bad input naming the document and the field", () => {
    const bad = JSON.stringify({ kind: "List", items: [{ kind: "Node", metadata: { name: "n" }, status: { allocatable: { cpu: "12x" } } }] });
    expect(() => buildCluster(bad, "")).toThrow('cluster: items[0].status.allocatable.cpu: "12x" is not a Kubernetes quantity');
  });
});

describe("scoreTable: one row per examined node, one column per score plugin", () => {
  const run = runAll(tsEngine, buildCluster(demo, manifests), { seed: 0, kubernetesVersion: DEFAULT_KUBERNETES_VERSION });
  it("marks the chosen node and gives each scored node its weighted scores and total", () => {
    const r = run.results.find((x) => x.status === "Scheduled")!;
    const t = scoreTable(r);
    expect(t.plugins).toEqual(r.explanation!.scorePlugins);
    const chosen = t.rows.filter((row) => row.chosen);
    expect(chosen.map((row) => row.node)).toEqual([r.nodeName]);
    for (const row of t.rows.filter((x) => x.total !== null)) expect(row.scores.reduce((a, b) => a! + (b ?? 0), 0)).toBe(row.total);
  });
  it("explains a filtered node by its first failing filter and reasons", () => {
    const r = run.results.find((x) => x.status === "Unschedulable")!;
    for (const row of scoreTable(r).rows) {
      const n = r.explanation!.nodes.find((x) => x.node === row.node)!;
      expect(row.filteredBy).toBe(`${n.status.plugin}: ${n.status.reasons.join(", ")}`);
      expect(row.total).toBeNull();
    }
  });
});

describe("sortRows: by any column, unscored nodes last, ties in examination order", () => {
  const row = (node: string, total: number | null, filteredBy = ""): ScoreRow => ({ node, scores: [total], total, filteredBy, chosen: false, top: false });
  const rows = [row("b", 10), row("a", null, "TaintToleration: x"), row("c", 30), row("d", 10)];
  it("totals descending, then ascending", () => {
    expect(sortRows(rows, "total", true).map((r) => r.node)).toEqual(["c", "b", "d", "a"]);
    expect(sortRows(rows, "total", false).map((r) => r.node)).toEqual(["b", "d", "c", "a"]);
  });
  it("a plugin column by its index", () => {
    expect(sortRows(rows, 0, true).map((r) => r.node)).toEqual(["c", "b", "d", "a"]);
  });
  it("node names", () => {
    expect(sortRows(rows, "node", false).map((r) => r.node)).toEqual(["a", "b", "c", "d"]);
  });
});
