// syntheticCluster is the Go oracle's benchmark cluster (conformance/nodegen.go), object for object: the same
// nodes, fill pods and bench pod, so `pnpm bench:vs-upstream` times both schedulers on identical inputs.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parseQuantity, syntheticBenchPod, syntheticCluster } from "@schedkit/core";
import { ORACLE_BIN } from "./oracle.js";

type Json = unknown;

// Resource lists hold quantities, which Go prints canonically ("7" for "7000m"): compare their values.
const QUANTITY_LISTS = new Set(["capacity", "allocatable", "requests", "limits"]);

/**
 * A comparable form of a v1 object: TypeMeta (apiVersion, kind) dropped, Go's zero values (null, "", 0,
 * false, empty objects and lists, which encoding/json prints for non-omitempty fields) dropped, quantities as
 * exact milli-values.
 */
function canonical(v: Json, key = ""): Json {
  if (Array.isArray(v)) return v.map((x) => canonical(x));
  if (v === null || typeof v !== "object") return v;
  const out: Record<string, Json> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === "apiVersion" || k === "kind") continue;
    const c = QUANTITY_LISTS.has(key) ? parseQuantity(String(x), k).milliValue().toString() : canonical(x, k);
    if (c === null || c === "" || c === 0 || c === false) continue;
    if (typeof c === "object" && Object.keys(c).length === 0) continue;
    out[k] = c;
  }
  return out;
}

function oracleCluster(nodes: number, seed: number): { nodes: Json[]; existingPods: Json[]; pods: Json[]; percentageOfNodesToScore: number } {
  const r = spawnSync(ORACLE_BIN, ["-generate", String(nodes), "-seed", String(seed)], { encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`oracle -generate failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as never;
}

describe("syntheticCluster is the conformance benchmark cluster", () => {
  it.each([
    // The benchmark sizes are prefixes of the largest one (one stream, six draws per node).
    [50_000, 42],
    [300, 7],
    [1, 0xffffffff],
  ])("%i nodes, seed %i: every node and fill pod equal to `oracle -generate`", (n, seed) => {
    const go = oracleCluster(n, seed);
    const ts = syntheticCluster({ nodes: n, seed });
    expect(ts.nodes).toHaveLength(n);
    expect(ts.pods).toHaveLength(n);
    expect(go.nodes).toHaveLength(n);
    expect(go.existingPods).toHaveLength(n);
    // Object by object, so a difference names the first object that differs.
    for (let i = 0; i < n; i++) {
      const a = canonical(ts.nodes[i]);
      const b = canonical(go.nodes[i]);
      if (JSON.stringify(a) !== JSON.stringify(b)) expect({ node: i, ts: a }).toEqual({ node: i, ts: b });
      const p = canonical(ts.pods[i]);
      const q = canonical(go.existingPods[i]);
      if (JSON.stringify(p) !== JSON.stringify(q)) expect({ pod: i, ts: p }).toEqual({ pod: i, ts: q });
    }
  });

  it("syntheticBenchPod is the bench pod", () => {
    const go = oracleCluster(1, 42);
    expect(go.pods).toHaveLength(1);
    expect(canonical(syntheticBenchPod())).toEqual(canonical(go.pods[0]));
  });

  it("the generator is mulberry32 with the draws README.md lists for seed 42", () => {
    // conformance/README.md: the first draws are 2581720956, 1925393290, 3661312704, ... so node 0 has
    // cpu 4000 + 1000·(2581720956 mod 29) m and memory 8 + 1925393290 mod 121 Gi.
    const node = syntheticCluster({ nodes: 1, seed: 42 }).nodes[0];
    expect(node?.status?.allocatable).toMatchObject({ cpu: `${4000 + 1000 * (2581720956 % 29)}m`, memory: `${8 + (1925393290 % 121)}Gi` });
  });
});
